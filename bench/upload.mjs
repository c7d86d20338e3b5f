// Time to first verdict of <privscan-check> in the demo upload form
// (www/upload-demo.html), in headless Chromium: from choosing the file to
// the verdict shown, for files of several sizes (synthetic, mixed
// profile), best of 3 each, the page loaded once (the first file pays the
// workers' start and the wasm compile, reported apart).
//
//   node bench/upload.mjs      (after `make dist`)
import fs from 'node:fs';
import path from 'node:path';
import { launch, serve, generate } from '../tests/e2e/harness.mjs';

const server = await serve();
const browser = await launch();
const page = await browser.context.newPage();
await page.goto(`${server.url}upload-demo.html`);

async function verdict(file) {
  const t0 = Date.now();
  await page.setInputFiles('[data-testid=upload-input]', file);
  await page.waitForFunction(() => ['blocked', 'passed', 'error'].includes(document.querySelector('privscan-check').shadowRoot.querySelector('[part=status]')?.dataset.state));
  const ms = Date.now() - t0;
  await page.setInputFiles('[data-testid=upload-input]', []);
  return ms;
}

const rows = [300, 10_000, 100_000];
console.log('rows      size   first verdict (cold)   best of 3 (warm)');
let cold = true;
for (const n of rows) {
  const file = generate(`upload-${n}.csv`, ['--profile', 'mixed', '--rows', String(n), '--seed', '81']);
  const mb = fs.statSync(file).size / 1e6;
  const first = await verdict(file);
  const warm = Math.min(await verdict(file), await verdict(file), await verdict(file));
  console.log(`${String(n).padStart(7)} ${mb.toFixed(2).padStart(7)} MB ${cold ? `${first} ms`.padStart(12) : '            -'}          ${warm} ms`);
  cold = false;
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
await browser.close();
await server.close();
