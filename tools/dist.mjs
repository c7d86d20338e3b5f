// Builds dist/privscan.html: the whole page in one file that runs from
// file:// with no server (a USB stick in a workshop). The wasm is inlined as
// base64 into the worker's source, the worker starts from a Blob URL, and the
// CSP allows exactly the inline script and style by their SHA-256 hashes.
//
//   node tools/dist.mjs      (after `make build`; `make dist` runs both)
import * as esbuild from 'esbuild';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WWW = path.join(ROOT, 'www');
const OUT = path.join(ROOT, 'dist', 'privscan.html');

const wasmPath = path.join(WWW, 'pkg', 'privscan_bg.wasm');
if (!fs.existsSync(wasmPath)) {
  console.error('www/pkg is missing: run `make build` first');
  process.exit(2);
}

// The worker: the wasm-bindgen glue, the shared worker logic and the module
// bytes, as one classic script.
const worker = await esbuild.build({
  stdin: {
    contents: `
      import { initSync } from './pkg/privscan.js';
      import * as wasm from './pkg/privscan.js';
      import { serveScanner } from './worker-core.js';
      serveScanner(async () => {
        const bin = atob(PRIVSCAN_WASM_BASE64);
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        initSync({ module: bytes });
        return wasm;
      });`,
    resolveDir: WWW,
    loader: 'js',
  },
  bundle: true,
  write: false,
  format: 'iife',
  minify: true,
  target: 'es2022',
  logLevel: 'error',
  define: { PRIVSCAN_WASM_BASE64: JSON.stringify(fs.readFileSync(wasmPath).toString('base64')) },
});
const workerSource = worker.outputFiles[0].text;

// The page: app.js and everything it imports, after a first module that
// tells app.js to start the worker from a Blob URL.
const setup = {
  name: 'dist-setup',
  setup(b) {
    b.onResolve({ filter: /^privscan:worker-setup$/ }, () => ({ path: 'worker-setup', namespace: 'privscan' }));
    b.onLoad({ filter: /.*/, namespace: 'privscan' }, () => ({
      contents: `
        const source = ${JSON.stringify(workerSource)};
        let url = null;
        globalThis.PRIVSCAN_CREATE_WORKER = () => {
          url ??= URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
          return new Worker(url);
        };`,
      loader: 'js',
    }));
  },
};
const page = await esbuild.build({
  stdin: { contents: `import 'privscan:worker-setup';\nimport './app.js';`, resolveDir: WWW, loader: 'js' },
  bundle: true,
  write: false,
  format: 'esm',
  minify: true,
  target: 'es2022',
  logLevel: 'error',
  plugins: [setup],
});
const script = page.outputFiles[0].text;
const style = (
  await esbuild.build({ entryPoints: [path.join(WWW, 'styles.css')], bundle: true, write: false, minify: true, logLevel: 'error' })
).outputFiles[0].text;

for (const [what, text] of [['script', script], ['style', style]]) {
  // Inline content must not be able to close its own element.
  if (/<\/(script|style)/i.test(text)) throw new Error(`the inlined ${what} contains a closing tag`);
}

const sha = (s) => `'sha256-${crypto.createHash('sha256').update(s, 'utf8').digest('base64')}'`;
const csp = [
  "default-src 'none'",
  `script-src ${sha(script)} 'wasm-unsafe-eval'`,
  `style-src ${sha(style)}`,
  'img-src data:',
  'worker-src blob:',
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const icon = `data:image/svg+xml;base64,${fs.readFileSync(path.join(WWW, 'icon.svg')).toString('base64')}`;
let html = fs.readFileSync(path.join(WWW, 'index.html'), 'utf8');
const replace = (re, to) => {
  if (!re.test(html)) throw new Error(`index.html no longer matches ${re}`);
  html = html.replace(re, () => to);
};
replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
replace(/<link rel="stylesheet" href="styles.css">/, `<style>${style}</style>`);
replace(/<script type="module" src="app.js"><\/script>/, `<script type="module">${script}</script>`);
html = html.replaceAll('href="icon.svg"', `href="${icon}"`).replaceAll('src="icon.svg"', `src="${icon}"`);
if (/\b(src|href)="(?!data:|#)/.test(html)) throw new Error('dist/privscan.html still refers to another file');

fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, html);
console.log(`${path.relative(ROOT, OUT)}: ${html.length} bytes (wasm ${fs.statSync(wasmPath).size} bytes inlined)`);
