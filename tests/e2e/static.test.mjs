// Checks on the page's source, no browser needed: nothing in www/ can send
// data, the CSP is the same in the page and the server, nothing is loaded
// from elsewhere, and both languages have every string.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './harness.mjs';
import { CSP } from '../../tools/serve.mjs';

const I18N = path.join(ROOT, 'www', 'i18n');
// Every dictionary file: one per language, shared with the core.
const DICTS = Object.fromEntries(
  fs.readdirSync(I18N).filter((f) => f.endsWith('.json')).map((f) => [f.slice(0, -5), JSON.parse(fs.readFileSync(path.join(I18N, f), 'utf8'))]),
);
const en = DICTS.en;

const WWW = path.join(ROOT, 'www');

function files(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) files(p, out);
    else if (/\.(m?js|html|css|svg)$/.test(e.name)) out.push(p);
  }
  return out;
}

// Every API that can move data off the machine, and how to spot it.
const SENDERS = [
  ['fetch', /\bfetch\s*\(/g],
  ['XMLHttpRequest', /\bXMLHttpRequest\b/g],
  ['WebSocket', /\bWebSocket\b/g],
  ['sendBeacon', /\bsendBeacon\b/g],
  ['RTCPeerConnection', /\bRTC(Peer|Data)\w*/g],
  ['EventSource', /\bEventSource\b/g],
  ['WebTransport', /\bWebTransport\b/g],
  ['importScripts of a URL', /\bimportScripts\s*\(\s*['"`](?!\.\/sw-manifest\.js['"`])/g],
  ['dynamic import', /\bimport\s*\(/g],
  ['a form that submits', /<form\b[^>]*\baction=/gi],
];

// The only sanctioned network reads, all of the app's own files from its own
// origin: the wasm-bindgen glue loads the .wasm; the service worker fills its
// cache and, on a cache miss, re-requests the page's own file.
const ALLOWED = new Map([
  ['pkg/privscan.js', { fetch: 1 }],
  ['sw.js', { fetch: 1 }],
]);

test('no code in www/ can send data anywhere', () => {
  const found = [];
  const all = files(WWW);
  assert.ok(all.some((f) => f.endsWith(path.join('pkg', 'privscan.js'))), 'run make build first: www/pkg is missing');
  for (const file of all) {
    const rel = path.relative(WWW, file).split(path.sep).join('/');
    const src = fs.readFileSync(file, 'utf8');
    for (const [name, re] of SENDERS) {
      const n = src.match(re)?.length ?? 0;
      const allowed = ALLOWED.get(rel)?.[name] ?? 0;
      if (n > allowed) found.push(`${rel}: ${name} ×${n}`);
    }
  }
  assert.deepEqual(found, []);
});

test('the scan for senders does find them', () => {
  // Guards the guard: each pattern must match a typical use.
  const samples = {
    fetch: 'await fetch("https://x")',
    XMLHttpRequest: 'new XMLHttpRequest()',
    WebSocket: 'new WebSocket(u)',
    sendBeacon: 'navigator.sendBeacon(u, d)',
    RTCPeerConnection: 'new RTCPeerConnection()',
    EventSource: 'new EventSource(u)',
    WebTransport: 'new WebTransport(u)',
    'importScripts of a URL': "importScripts('https://x/y.js')",
    'dynamic import': "import('https://x/y.js')",
    'a form that submits': '<form action="https://x">',
  };
  for (const [name, re] of SENDERS) assert.match(samples[name], new RegExp(re.source, re.flags.replace('g', '')), name);
});

test('nothing is loaded from another origin', () => {
  for (const file of files(WWW)) {
    if (file.includes(`${path.sep}pkg${path.sep}`) || file.includes(`${path.sep}demo${path.sep}`)) continue;
    const src = fs.readFileSync(file, 'utf8');
    // Attribute or CSS references to absolute URLs (SVG namespaces are names, not loads).
    const refs = [...src.matchAll(/(?:src|href|url)\s*[=(]\s*['"]?\s*((?:https?:)?\/\/[^'")\s]+)/gi)].map((m) => m[1]);
    assert.deepEqual(refs, [], path.relative(ROOT, file));
  }
});

test('the page carries the same CSP as the server header', () => {
  const html = fs.readFileSync(path.join(WWW, 'index.html'), 'utf8');
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1];
  assert.ok(meta, 'index.html has a CSP meta tag');
  // frame-ancestors is ignored in a meta tag, so only the header sends it.
  const header = CSP.split('; ').filter((d) => !d.startsWith('frame-ancestors'));
  assert.deepEqual(meta.split('; '), header);
  for (const d of ["default-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'"]) {
    assert.ok(CSP.includes(d), d);
  }
  assert.doesNotMatch(CSP, /'unsafe-inline'|'unsafe-eval'|\*/);
});

test('every language has the same strings and parameters', () => {
  assert.ok(Object.keys(DICTS).length >= 3, Object.keys(DICTS).join(', '));
  // The parameter names a template uses, in any of its forms.
  const params = (s) => [...new Set([...s.matchAll(/\{(\w+)[@?#}]/g)].map((m) => m[1]))].sort();
  for (const [tag, dict] of Object.entries(DICTS)) {
    assert.deepEqual(Object.keys(dict).sort(), Object.keys(en).sort(), tag);
    for (const k of Object.keys(en)) assert.deepEqual(params(dict[k]), params(en[k]), `${tag}: ${k}`);
  }
});

test('every entity the core reports has a label in every language', () => {
  const src = fs.readFileSync(path.join(ROOT, 'src', 'entity.rs'), 'utf8');
  const entities = [...src.matchAll(/=> "([A-Z][A-Z_]+)", \w+;/g)].map((m) => m[1]);
  assert.ok(entities.length > 30);
  for (const e of entities) {
    for (const [tag, dict] of Object.entries(DICTS)) assert.ok(dict[`entity.${e}`], `${tag}: ${e}`);
  }
});
