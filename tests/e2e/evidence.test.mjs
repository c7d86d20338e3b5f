// The report speaks in codes; the page words them with the dictionaries
// (www/i18n/*.json) through the same template rules as the core. This runs
// the CLI over tables built to make every kind of evidence appear and
// checks, for every coded statement: the page's English equals the core's
// `text`, and every other language comes out translated and complete. No
// browser needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate, cliReport } from './harness.mjs';
import { fill } from '../../www/i18n/index.js';
import DICTS from '../../www/i18n/dictionaries.js';

const HAN = /[\u4e00-\u9fff]/;

function csv(name, header, rows) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'privscan-ev-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, [header, ...rows].filter((l) => l !== null).join('\n') + '\n');
  return file;
}

function range(n, f) {
  return Array.from({ length: n }, (_, i) => f(i));
}

// Tables that bring out the rarer notes: masked values, scientific
// notation, hotlines, a category of names, ages without a header, event
// timestamps, links into one shop, colours among ethnic groups, short
// messages, a row key, an empty column, and postal codes beside regions.
const crafted = () => [
  csv('notes.csv', 'masked,sci,hotline,doctor,n,ts,link,shade,msg,key,empty', range(300, (i) => [
    `138****${String(1000 + i).slice(-4)}`,
    `4.40106E+17`,
    ['400-820-8820', '800-810-8888'][i % 2],
    ['张伟', '李娜', '王芳'][i % 3],
    String(18 + ((i * 37) % 60)),
    `2024-0${1 + (i % 9)}-1${i % 9} 1${i % 9}:2${i % 6}:00`,
    `https://shop.example.com/p/${1000 + i}`,
    ['Black', 'White', 'Red', 'Blue', 'Green', 'Black'][i % 6],
    ['请尽快发货', '放门口', `到了打电话1381234${String(1000 + i).slice(-4)}`, '周末送', '好'][i % 5],
    String(i + 1),
    '',
  ].join(','))),
  csv('places.csv', null, range(300, (i) => `${['CA', 'TX', 'NY', 'FL', 'WA'][i % 5]},${String(10000 + ((i * 7919) % 89000)).padStart(5, '0')}`)),
  generate('wide.csv', ['--profile', 'wide', '--decoys', '--rows', '2000', '--seed', '3']),
  generate('people.csv', ['--rows', '1500', '--headers', 'zh', '--decoys', '--seed', '4']),
  generate('meaningless.csv', ['--rows', '1500', '--headers', 'meaningless', '--seed', '6']),
  generate('people-en.csv', ['--rows', '1500', '--headers', 'en', '--seed', '7']),
  generate('headerless.csv', ['--rows', '1500', '--headers', 'none', '--decoys', '--seed', '5']),
];

test('every coded statement reads the same as the core in English and translated elsewhere', { timeout: 120_000 }, () => {
  const seen = new Map();
  const add = (m) => m && typeof m === 'object' && seen.set(JSON.stringify([m.code, m.params]), m);
  for (const file of crafted()) {
    const report = cliReport(file);
    for (const c of report.columns) for (const e of c.evidence) add(e);
    for (const s of report.suggestions ?? []) add(s.why);
    add(report.summary.verdict);
  }
  const codes = new Set([...seen.values()].map((m) => m.code));
  assert.ok(codes.size > 25, `only ${codes.size} codes: ${[...codes]}`);
  const render = (tag, m) => fill(DICTS[tag], DICTS[tag][`msg.${m.code}`] ?? DICTS.en[`msg.${m.code}`], m.params);
  for (const m of seen.values()) {
    assert.equal(render('en', m), m.text, m.code);
    for (const tag of Object.keys(DICTS).filter((t) => t !== 'en')) {
      const text = render(tag, m);
      assert.ok(HAN.test(text), `${tag}: ${m.code}: ${text}`);
      assert.doesNotMatch(text, /\{|\}/, `${tag}: ${m.code}: ${text}`);
    }
  }
});
