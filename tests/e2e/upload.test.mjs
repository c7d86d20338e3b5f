// <privscan-check> in the demo upload form (www/upload-demo.html), in real
// Chromium under the strict CSP: a file with direct identifiers blocks the
// form through the browser's own validation, a clean one submits, the
// report event carries the CLI's report, the words follow the language,
// the link opens the full page on the same file, and no request leaves
// the origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, serve, generate, cliReport, waitForOutcome, downloadReport } from './harness.mjs';

let server;
let browser;
let page;

before(async () => {
  server = await serve();
  browser = await launch();
  page = await browser.context.newPage();
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  await page.goto(`${server.url}upload-demo.html`);
  await page.evaluate(() => {
    window.reports = [];
    document.addEventListener('privscan-report', (e) => window.reports.push(e.detail.report));
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const state = () => page.$eval('privscan-check', (el) => el.shadowRoot.querySelector('[part=status]')?.dataset.state ?? '');

test('a file with direct identifiers blocks the form; a clean one submits', { timeout: 120_000 }, async () => {
  const people = generate('people.csv', ['--profile', 'mixed', '--headers', 'en', '--rows', '300', '--seed', '71']);
  await page.setInputFiles('[data-testid=upload-input]', people);
  await page.waitForFunction(() => ['blocked', 'passed', 'error'].includes(document.querySelector('privscan-check').shadowRoot.querySelector('[part=status]')?.dataset.state));
  assert.equal(await state(), 'blocked');
  const message = await page.$eval('[data-testid=upload-input]', (i) => i.validationMessage);
  assert.match(message, /direct identifiers \(.*name.*\)/);
  await page.click('[data-testid=upload-submit]');
  assert.equal(await page.$eval('[data-testid=upload-form]', (f) => f.dataset.submitted ?? 'no'), 'no');
  const verdict = await page.$eval('privscan-check', (el) => el.shadowRoot.querySelector('[part=verdict]').textContent);
  const cli = cliReport(people);
  assert.equal(verdict, cli.summary.verdict.text);
  const reports = await page.evaluate(() => window.reports);
  assert.equal(reports.length, 1);
  assert.equal(reports[0].input.sha256, cli.input.sha256);
  assert.deepEqual(reports[0].columns.map((c) => c.kind), cli.columns.map((c) => c.kind));

  // The same verdict in Chinese, by the element's lang.
  await page.$eval('privscan-check', (el) => el.setAttribute('lang', 'zh'));
  assert.match(await page.$eval('privscan-check', (el) => el.shadowRoot.querySelector('[part=detail]').textContent), /不能提交/);
  await page.$eval('privscan-check', (el) => el.removeAttribute('lang'));

  const clean = path.join(path.dirname(people), 'prices.csv');
  fs.writeFileSync(clean, 'sku,price,stock\nA-100,3.50,12\nB-200,4.10,0\nC-300,9.99,7\n');
  await page.setInputFiles('[data-testid=upload-input]', clean);
  await page.waitForFunction(() => document.querySelector('privscan-check').shadowRoot.querySelector('[part=status]')?.dataset.state === 'passed');
  assert.equal(await page.$eval('[data-testid=upload-input]', (i) => i.validationMessage), '');
  await page.click('[data-testid=upload-submit]');
  await page.waitForFunction(() => document.querySelector('[data-testid=upload-form]').dataset.submitted === 'true');

  const origin = new URL(server.url).origin;
  assert.deepEqual(browser.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:')), []);
});

test('the link opens the full page on the same file', { timeout: 120_000 }, async () => {
  const people = generate('linked.csv', ['--profile', 'mixed', '--headers', 'zh', '--rows', '200', '--seed', '72']);
  await page.setInputFiles('[data-testid=upload-input]', people);
  await page.waitForFunction(() => document.querySelector('privscan-check').shadowRoot.querySelector('[part=status]')?.dataset.state === 'blocked');
  const [full] = await Promise.all([
    browser.context.waitForEvent('page'),
    page.$eval('privscan-check', (el) => el.shadowRoot.querySelector('[part=link]').click()),
  ]);
  await full.waitForSelector('html[data-ready=true]');
  await waitForOutcome(full);
  const report = await downloadReport(full);
  assert.equal(report.input.sha256, cliReport(people).input.sha256);
  await full.close();
});
