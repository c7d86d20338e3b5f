// The npm package (dist/privscan-VERSION.tgz, `make package`) unpacked next
// to a page of our own under the strict CSP: `scan` and `mask` from
// 'privscan' give the CLI's report and masked bytes, report progress,
// cancel through an AbortSignal, and nothing is requested from elsewhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, BIN, launch, serve, generate, cliReport, assertValidReport } from './harness.mjs';

let server;
let browser;
let page;
let dir;

before(async () => {
  const version = /^version\s*=\s*"([^"]+)"/m.exec(fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8'))[1];
  const tgz = path.join(ROOT, 'dist', `privscan-${version}.tgz`);
  assert.ok(fs.existsSync(tgz), `${tgz} is missing: make package`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'privscan-npm-'));
  execFileSync('tar', ['xzf', tgz, '-C', dir]);
  fs.renameSync(path.join(dir, 'package'), path.join(dir, 'privscan'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>upload</title><script type="module" src="app.js"></script>');
  fs.writeFileSync(path.join(dir, 'app.js'), "import * as privscan from './privscan/privscan.js';\nwindow.privscan = privscan;\ndocument.title = 'ready';\n");
  server = await serve(dir);
  browser = await launch();
  page = await browser.context.newPage();
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  await page.goto(server.url);
  await page.waitForFunction(() => document.title === 'ready');
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('scan and mask from the package equal the CLI, with progress, cancel and no request elsewhere', { timeout: 180_000 }, async () => {
  const file = generate('upload.csv', ['--profile', 'mixed', '--headers', 'en', '--rows', '2000', '--seed', '61']);
  const text = fs.readFileSync(file, 'utf8');
  const today = new Date().toISOString().slice(0, 10);
  const got = await page.evaluate(async (csv) => {
    const steps = [];
    const report = await window.privscan.scan(new Blob([csv]), { name: 'upload.csv', onProgress: (done, total) => steps.push([done, total]) });
    return { report, steps };
  }, text);
  const cli = cliReport(file);
  assertValidReport(got.report);
  assert.equal(got.report.input.sha256, cli.input.sha256);
  assert.deepEqual(got.report.columns, cli.columns);
  assert.deepEqual(got.report.summary, { ...cli.summary, minors: got.report.summary.minors });
  assert.ok(got.steps.length > 0 && got.steps.at(-1)[0] === got.steps.at(-1)[1], JSON.stringify(got.steps.slice(-2)));

  // Masking under a policy: the CLI's bytes.
  const masked = await page.evaluate(async (csv) => {
    const { report, blob } = await window.privscan.mask(new Blob([csv]), { name: 'upload.csv', policy: 'hipaa-safe-harbor' });
    return { report, bytes: [...new Uint8Array(await blob.arrayBuffer())] };
  }, text);
  assert.equal(masked.report.masking.policy.met, true);
  const out = path.join(dir, 'cli.csv');
  execFileSync(BIN, ['mask', file, '--policy', 'hipaa-safe-harbor', '--as-of', today, '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
  assert.ok(Buffer.from(masked.bytes).equals(fs.readFileSync(out)), 'package and CLI outputs differ');

  // Cancelling: the promise rejects with code `aborted`.
  const big = generate('big.csv', ['--profile', 'wide', '--rows', '60000', '--seed', '62']);
  const bigText = fs.readFileSync(big, 'utf8');
  const code = await page.evaluate(async (csv) => {
    const controller = new AbortController();
    const p = window.privscan.scan(new Blob([csv]), { signal: controller.signal, onProgress: () => controller.abort() });
    return p.then(() => 'finished', (e) => `${e.name}:${e.code}`);
  }, bigText);
  assert.equal(code, 'ScanError:aborted');
  // And the next call works.
  const again = await page.evaluate(async (csv) => (await window.privscan.scan(new Blob([csv]), { name: 'upload.csv' })).input.sha256, text);
  assert.equal(again, cli.input.sha256);

  const origin = new URL(server.url).origin;
  const elsewhere = browser.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'));
  assert.deepEqual(elsewhere, []);
});
