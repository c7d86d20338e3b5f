// A large file on a machine with more cores: the page cuts it into byte
// ranges, one worker each (as the CLI cuts a file over its threads), and
// the report is still the CLI's — with quoted fields holding line breaks
// across the cuts, which the core's checks make the coordinating worker
// scan again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, serve, generate, cliReport, waitForOutcome, downloadReport } from './harness.mjs';

let server;
let browser;
let page;
let dir;
const workers = [];

before(async () => {
  server = await serve();
  browser = await launch({ locale: 'en-US' });
  // Four cores: three ranges (this machine may have two).
  await browser.context.addInitScript(() => Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => 4 }));
  page = await browser.context.newPage();
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto(server.url);
  await page.waitForSelector('html[data-ready=true]');
});

after(async () => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  await browser?.close();
  await server?.close();
});

test('a large file scanned in ranges by several workers gives the CLI report', { timeout: 300_000 }, async () => {
  const file = generate('big.csv', ['--rows', '40000', '--profile', 'mixed', '--headers', 'en', '--seed', '71']);
  dir = path.dirname(file);
  // Quoted notes of many lines around a third and two thirds of the file:
  // the line breaks the cuts are guessed at fall inside them.
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const width = lines[0].split(',').length;
  const note = (i) => `"${Array.from({ length: 400 }, (_, l) => `note ${i}.${l}, call 138${String(10_000_000 + i * 97 + l).slice(-8)}`).join('\n')}"`;
  const extra = (i) => [note(i), ...Array(width - 1).fill('x')].join(',');
  const at = [Math.floor(lines.length / 3), Math.floor((2 * lines.length) / 3)];
  for (const [k, row] of at.entries()) lines.splice(row + k, 0, extra(k));
  fs.writeFileSync(file, lines.join('\n'));
  assert.ok(fs.statSync(file).size >= 8 << 20);
  await page.setInputFiles('[data-testid=file-input]', file);
  await waitForOutcome(page);
  assert.equal(await page.isHidden('[data-testid=alert]'), true, await page.textContent('[data-testid=alert]'));
  const report = await downloadReport(page);
  assert.deepEqual(report, cliReport(file));
  assert.equal(report.input.rows, 40_002);
  // The scanning worker, the hashing helper and two range workers.
  assert.ok(workers.length >= 4, `workers: ${workers.length}`);
});
