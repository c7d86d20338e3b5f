// Several files at once in real Chromium: a table of files with their
// verdicts (the CLI's words for the same files), an unreadable one
// reported without stopping the others, and a row opening its file's
// full report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { BIN, openPage, generate, cliReport, waitForOutcome, downloadReport } from './harness.mjs';

let server;
let browser;
let page;

before(async () => {
  ({ server, browser, page } = await openPage({ locale: 'en-US' }));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('several files: a table of verdicts like the CLI batch, each row opening its report', { timeout: 120_000 }, async () => {
  const people = generate('people.csv', ['--profile', 'mixed', '--headers', 'en', '--rows', '300', '--seed', '51']);
  const dir = path.dirname(people);
  const clinic = path.join(dir, 'clinic.csv');
  execFileSync(BIN, ['generate', '--profile', 'clinic', '--rows', '200', '--out', clinic]);
  const prices = path.join(dir, 'prices.csv');
  fs.writeFileSync(prices, 'sku,price\nA1,3\nB2,4\nC3,5\n');
  const broken = path.join(dir, 'broken.csv');
  fs.writeFileSync(broken, 'a,"b\n1,2\n');
  const files = [people, clinic, prices, broken];
  await page.setInputFiles('[data-testid=file-input]', files);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=batch-row]')].every((r) => r.dataset.state !== 'pending') && document.querySelectorAll('[data-testid=batch-row]').length === 4, null, { timeout: 60_000 });

  // The CLI's batch on the same files says the same.
  // (It exits 3: one file could not be read.)
  const run = spawnSync(BIN, ['scan', ...files, '--json'], { encoding: 'utf8' });
  assert.equal(run.status, 3, run.stderr);
  const cli = JSON.parse(run.stdout);
  const rows = await page.$$eval('[data-testid=batch-row]', (trs) => trs.map((tr) => ({ state: tr.dataset.state, verdict: tr.children[1].textContent, direct: tr.children[2].textContent })));
  const byName = Object.fromEntries(cli.reports.map((r) => [path.basename(r.input.name), r]));
  for (const [i, f] of files.entries()) {
    const r = byName[path.basename(f)];
    if (!r) {
      assert.equal(rows[i].state, 'error');
      assert.match(rows[i].verdict, /never closed/);
      continue;
    }
    assert.equal(rows[i].verdict, r.summary.verdict.text, f);
    assert.equal(Number(rows[i].direct), r.columns.filter((c) => c.kind === 'direct').length, f);
  }
  assert.equal(rows[0].state, 'direct');
  assert.equal(rows[2].state, 'none');
  assert.match(await page.textContent('[data-testid=batch-total]'), /^4 of 4 files scanned: 1 with direct identifiers, 2 with quasi-identifiers, .* 1 not scanned\.$/);

  // A row opens its file's report.
  const open = await page.$$('[data-testid=batch-open]');
  await open[1].click();
  await waitForOutcome(page);
  const report = await downloadReport(page);
  const alone = cliReport(clinic);
  assert.equal(report.input.sha256, alone.input.sha256);
  assert.deepEqual(report.columns.map((c) => c.entity), alone.columns.map((c) => c.entity));
  // The table stays for the next file.
  assert.equal(await page.isVisible('[data-testid=batch]'), true);
});

test('a folder: its tables in path order, other files left out', { timeout: 120_000 }, async () => {
  const people = generate('a-people.csv', ['--profile', 'mixed', '--headers', 'en', '--rows', '100', '--seed', '52']);
  const dir = path.dirname(people);
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.writeFileSync(path.join(dir, 'sub', 'b-prices.tsv'), 'sku\tprice\nA1\t3\nB2\t4\n');
  fs.writeFileSync(path.join(dir, 'notes.md'), 'not a table');
  await page.setInputFiles('[data-testid=folder-input]', dir);
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid=batch-row]')];
    return rows.length === 2 && rows.every((r) => r.dataset.state !== 'pending');
  }, null, { timeout: 60_000 });
  const names = await page.$$eval('[data-testid=batch-row] th', (ths) => ths.map((th) => th.textContent));
  assert.deepEqual(names.map((n) => n.replace(/^[^/]*\//, '')), ['a-people.csv', 'sub/b-prices.tsv']);
});
