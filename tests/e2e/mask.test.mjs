// The masking panel in real Chromium: optimise, change the plan, mask,
// download — and the masked file keeps every row, a fresh scan of it by the
// CLI finds no direct identifier and k ≥ the target, and the CLI applying
// the same plan with the exported key writes the very same bytes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { BIN, openPage, generate, cliReport, waitForOutcome, assertValidReport } from './harness.mjs';

let server;
let browser;
let page;
let dir;

before(async () => {
  ({ server, browser, page } = await openPage({ locale: 'en-US' }));
});

after(async () => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  await browser?.close();
  await server?.close();
});

async function save(testid) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=${testid}]`)]);
  const p = path.join(dir, d.suggestedFilename());
  await d.saveAs(p);
  return p;
}

async function scanFile(file) {
  await page.setInputFiles('[data-testid=file-input]', file);
  await waitForOutcome(page);
  await page.waitForSelector('[data-testid=mask-preview]');
}

async function maskNow() {
  await page.click('[data-testid=apply-mask]');
  await page.waitForSelector('[data-testid=mask-result]', { timeout: 60_000 });
}

test('optimise, mask and download: rows kept, no direct identifier, k reached, the same bytes as the CLI', { timeout: 180_000 }, async () => {
  const file = generate('customers.csv', ['--profile', 'mixed', '--headers', 'zh', '--rows', '3000', '--seed', '41']);
  dir = path.dirname(file);
  await scanFile(file);
  await page.click('[data-testid=optimise]');
  await page.waitForSelector('[data-testid=optimum]', { timeout: 60_000 });
  await page.selectOption('[data-testid=mask-encoding]', 'gb18030');
  await maskNow();
  const masked = await save('download-masked');
  const report = JSON.parse(fs.readFileSync(await save('download-mask-report'), 'utf8'));
  const key = await save('key-export');
  const html = fs.readFileSync(await save('download-mask-html'), 'utf8');

  // A fresh scan of the download, by the CLI.
  const rescan = cliReport(masked);
  assert.equal(rescan.input.rows, 3000);
  // chardetng names GB18030 text GBK, its subset.
  assert.match(rescan.input.encoding, /^(GBK|gb18030)$/);
  assert.deepEqual(rescan.columns.filter((c) => c.kind === 'direct').map((c) => c.name), []);
  assert.ok(rescan.risk.k >= 5 || rescan.risk.quasi_identifiers.length === 0, `k = ${rescan.risk.k}`);
  assert.equal(report.masking.rows_out, 3000);
  assert.equal(report.masking.output_sha256, rescan.input.sha256);
  assert.match(html, /PrivScan masking report/);
  assert.ok(html.includes(report.masking.output_sha256));

  // The CLI, given the page's plan and key, writes the same bytes.
  const plan = path.join(dir, 'plan.json');
  fs.writeFileSync(plan, JSON.stringify(report.masking.plan));
  const cli = path.join(dir, 'cli.csv');
  execFileSync(BIN, ['mask', file, '--out', cli, '--plan', plan, '--key-file', key, '--encoding-out', 'gb18030'], { stdio: ['ignore', 'ignore', 'pipe'] });
  assert.ok(fs.readFileSync(cli).equals(fs.readFileSync(masked)), 'page and CLI outputs differ');
});

test('a changed plan is what gets applied, and the Chinese page writes a BOM for Excel', { timeout: 120_000 }, async () => {
  const file = generate('staff.csv', ['--profile', 'mixed', '--headers', 'zh', '--rows', '500', '--seed', '42']);
  await scanFile(file);
  const names = cliReport(file).columns.map((c) => c.name);
  const phone = names.indexOf('手机');
  const notes = names.indexOf('备注');
  await page.selectOption(`[data-testid=op-select][data-column="${phone}"]`, 'drop {}');
  await page.selectOption(`[data-testid=op-select][data-column="${notes}"]`, 'keep {}');
  // The preview follows the plan.
  await page.waitForFunction(() => !document.querySelector('[data-testid=mask-preview] thead')?.textContent.includes('手机'));
  await page.selectOption('[data-testid=lang-select]', 'zh');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.equal(await page.inputValue('[data-testid=mask-encoding]'), 'utf-8-bom');
  await maskNow();
  const bytes = fs.readFileSync(await save('download-masked'));
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const header = bytes.subarray(3).toString('utf8').split('\r\n')[0].split(',');
  assert.ok(!header.includes('手机'), header.join(','));
  assert.equal(header.length, names.length - 1);
  // Free text kept on purpose: the lint says it still holds phones.
  assert.match(await page.textContent('[data-testid=mask-warnings]'), /备注/);
  await page.selectOption('[data-testid=lang-select]', 'en');
});

test('a purpose of processing drops the columns it does not need (PIPL Art. 6)', { timeout: 120_000 }, async () => {
  const file = generate('purpose.csv', ['--profile', 'mixed', '--headers', 'zh', '--rows', '400', '--seed', '43']);
  await scanFile(file);
  const cli = cliReport(file, ['--purpose', 'statistics']);
  const unneeded = cli.minimisation.unneeded;
  assert.ok(unneeded.length > 0);
  await page.selectOption('[data-testid=mask-purpose]', 'statistics');
  await page.waitForFunction(
    (cols) => cols.every((c) => document.querySelector(`[data-testid=op-select][data-column="${c}"]`)?.value === 'drop {}'),
    unneeded,
    { timeout: 60_000 },
  );
  // Each dropped column says why, in the page's words.
  const why = await page.$$eval('[data-testid=mask-plan] tbody tr', (trs) => trs.map((tr) => tr.lastElementChild.textContent));
  for (const c of unneeded) assert.match(why[c], /not needed for statistics and analytics/);
  await maskNow();
  const masked = fs.readFileSync(await save('download-masked'), 'utf8');
  const header = masked.replace(/^\uFEFF/, '').split(/\r?\n/)[0].split(',');
  assert.equal(header.length, cli.columns.length - unneeded.length);
});

test('a policy preset sets the plan, and the masked report says which rule each column met', { timeout: 120_000 }, async () => {
  const file = generate('policy.csv', ['--profile', 'mixed', '--headers', 'en', '--rows', '400', '--seed', '44']);
  await scanFile(file);
  const scan = cliReport(file, ['--policy', 'hipaa-safe-harbor']);
  const direct = scan.columns.filter((c) => c.kind === 'direct').map((c) => c.index);
  assert.ok(direct.length > 0);
  await page.selectOption('[data-testid=mask-policy]', 'hipaa-safe-harbor');
  await page.waitForFunction(
    (cols) => cols.every((c) => ['drop {}', 'redact {}'].includes(document.querySelector(`[data-testid=op-select][data-column="${c}"]`)?.value)),
    direct,
    { timeout: 60_000 },
  );
  assert.match(await page.textContent('[data-testid=policy-help]'), /18 identifiers/);
  const why = await page.$$eval('[data-testid=mask-plan] tbody tr', (trs) => trs.map((tr) => tr.lastElementChild.textContent));
  assert.match(why[direct[0]], /HIPAA Safe Harbor: .* \(45 CFR 164\.514\(b\)\(2\)\(i\)/);
  await maskNow();
  assert.equal(await page.getAttribute('[data-testid=policy-result]', 'data-met'), 'true');
  const report = assertValidReport(JSON.parse(fs.readFileSync(await save('download-mask-report'), 'utf8')));
  assert.equal(report.masking.policy.policy, 'hipaa-safe-harbor');
  assert.equal(report.masking.policy.columns.length, scan.columns.length);
  assert.ok(report.masking.policy.columns.every((c) => c.met));
  // The CLI under the same policy writes the very same bytes.
  const masked = fs.readFileSync(await save('download-masked'));
  const cli = path.join(dir, 'policy.cli.csv');
  execFileSync(BIN, ['mask', file, '--out', cli, '--policy', 'hipaa-safe-harbor', '--as-of', new Date().toISOString().slice(0, 10)], { stdio: ['ignore', 'ignore', 'pipe'] });
  assert.ok(fs.readFileSync(cli).equals(masked), 'page and CLI outputs differ');
  await page.selectOption('[data-testid=mask-policy]', '');
});

test('settings exported from the page re-applied by the page and by the CLI give the same masked file', { timeout: 120_000 }, async () => {
  const file = generate('settings.csv', ['--profile', 'mixed', '--headers', 'en', '--rows', '400', '--seed', '45']);
  dir ??= path.dirname(file);
  await scanFile(file);
  const names = cliReport(file).columns.map((c) => c.name);
  await page.selectOption('[data-testid=mask-purpose]', 'statistics');
  await page.waitForSelector('[data-testid=optimum]', { timeout: 60_000 });
  // One choice of the user's own: the province column redacted.
  const province = names.indexOf('province');
  await page.selectOption(`[data-testid=op-select][data-column="${province}"]`, 'redact {}');
  await page.selectOption('[data-testid=mask-encoding]', 'gb18030');
  const settingsPath = await save('settings-export');
  const settings = JSON.parse(fs.readFileSync(settingsPath, 'utf8'));
  assert.equal(settings.schema, 'privscan.profile/1');
  assert.equal(settings.purpose, 'statistics');
  assert.equal(settings.encoding_out, 'gb18030');
  assert.deepEqual(settings.operators, { province: { operator: 'redact' } });
  assert.match(await page.textContent('[data-testid=command-line]'), /^privscan mask settings\.csv --profile privscan-settings\.json --out settings\.masked\.csv$/);
  await maskNow();
  const masked = fs.readFileSync(await save('download-masked'));

  // The CLI with the profile writes the same bytes (the page's key is
  // not needed: the statistics purpose drops what would be pseudonymised).
  const cli = path.join(dir, 'settings.cli.csv');
  execFileSync(BIN, ['mask', file, '--profile', settingsPath, '--out', cli], { stdio: ['ignore', 'ignore', 'pipe'] });
  assert.ok(fs.readFileSync(cli).equals(masked), 'page and CLI outputs differ');

  // A fresh page state re-applies the profile.
  await page.selectOption('[data-testid=mask-purpose]', '');
  await page.selectOption(`[data-testid=op-select][data-column="${province}"]`, 'keep {}');
  await page.setInputFiles('[data-testid=settings-import]', settingsPath);
  await page.waitForFunction((c) => document.querySelector(`[data-testid=op-select][data-column="${c}"]`)?.value === 'redact {}', province, { timeout: 60_000 });
  assert.equal(await page.inputValue('[data-testid=mask-purpose]'), 'statistics');
  assert.equal(await page.inputValue('[data-testid=mask-encoding]'), 'gb18030');
  await maskNow();
  assert.ok(fs.readFileSync(await save('download-masked')).equals(masked), 'the re-imported settings mask differently');
});
