// The served page in real Chromium: choose or drop a file and get the same
// report as the CLI, switch languages, cancel, recover from bad files and
// from a trapped wasm instance, rescan with other settings — and prove that
// no request leaves the page's origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, serve, generate, cliReport, waitForOutcome, downloadReport } from './harness.mjs';

let server;
let browser;
let page;
let large; // a generated file big enough that a scan can be caught midway

before(async () => {
  large = generate('large.csv', ['--rows', '300000', '--profile', 'wide', '--seed', '25']);
  server = await serve();
  browser = await launch({ locale: 'en-US' });
  page = await browser.context.newPage();
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  await page.goto(server.url);
  await page.waitForSelector('html[data-ready=true]');
});

after(async () => {
  if (large) fs.rmSync(path.dirname(large), { recursive: true, force: true });
  await browser?.close();
  await server?.close();
});

async function choose(file) {
  await page.setInputFiles('[data-testid=file-input]', file);
  await waitForOutcome(page);
}

async function dropBytes(name, bytes) {
  await page.evaluate(
    ({ name, b64 }) => {
      const bin = atob(b64);
      const u8 = Uint8Array.from(bin, (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([u8], name, { type: 'text/csv' }));
      const zone = document.querySelector('[data-testid=dropzone]');
      for (const type of ['dragenter', 'dragover', 'drop']) {
        zone.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    },
    { name, b64: Buffer.from(bytes).toString('base64') },
  );
  await waitForOutcome(page);
}

const alertText = () => page.textContent('[data-testid=alert]');

test('a file chosen with the picker gives the CLI report', { timeout: 120_000 }, async () => {
  const file = generate('people-gbk.csv', ['--rows', '800', '--headers', 'zh', '--decoys', '--encoding', 'gbk', '--seed', '21']);
  await choose(file);
  assert.equal(await page.isHidden('[data-testid=alert]'), true);
  const report = await downloadReport(page);
  assert.deepEqual(report, cliReport(file));
  assert.equal(report.input.encoding, 'GBK');
  // The table shows one row per column with the report's verdicts.
  const rows = await page.$$eval('[data-testid=findings] tbody tr', (trs) => trs.map((tr) => [tr.dataset.entity, tr.dataset.kind]));
  assert.deepEqual(rows, report.columns.map((c) => [c.entity, c.kind]));
  assert.match(await page.textContent('[data-testid=verdict]'), /\d+ direct identifiers.*identifies people/);
  // PI categories and sensitive PI, per column and as a count.
  const sensitive = report.columns.filter((c) => c.sensitive_pi).length;
  assert.ok(sensitive > 0);
  assert.equal(await page.locator('[data-testid=findings] [data-testid=sensitive-pi]').count(), sensitive);
  assert.equal(await page.locator('[data-testid=findings] [data-testid=pi-category]').count(), report.columns.filter((c) => c.pi_category).length);
  assert.match(await page.textContent('[data-testid=sensitive-pi-count]'), new RegExp(`${sensitive} columns? holds? sensitive personal information`));
  // People covered and the cross-border route, as the report says.
  assert.match(await page.textContent('[data-testid=individuals]'), new RegExp(`${report.summary.individuals.estimate} people`));
  assert.equal(await page.getAttribute('[data-testid=cross-border]', 'data-route'), report.summary.cross_border.route);
  assert.match(await page.textContent('[data-testid=cross-border]'), /Art\. [578]/);
});

test('a dropped file gives the CLI report', { timeout: 120_000 }, async () => {
  const file = generate('export.csv', ['--rows', '500', '--headers', 'none', '--profile', 'mixed', '--delimiter', ';', '--seed', '22']);
  await dropBytes('export.csv', fs.readFileSync(file));
  const report = await downloadReport(page);
  assert.deepEqual(report, cliReport(file));
  assert.equal(report.input.has_header, false);
  assert.equal(await page.textContent('[data-testid=delimiter]'), 'semicolon ;');
});

test('a GBK export with a title line above the header gives the CLI report', { timeout: 120_000 }, async () => {
  const plain = generate('roster.csv', ['--rows', '400', '--headers', 'zh', '--encoding', 'gbk', '--seed', '26']);
  // 客户信息表 in GBK, alone in the first row, as WPS writes a caption.
  const title = Buffer.from([0xbf, 0xcd, 0xbb, 0xa7, 0xd0, 0xc5, 0xcf, 0xa2, 0xb1, 0xed, 0x2c, 0x2c, 0x0d, 0x0a]);
  const file = path.join(path.dirname(plain), 'titled.csv');
  fs.writeFileSync(file, Buffer.concat([title, fs.readFileSync(plain)]));
  await dropBytes('titled.csv', fs.readFileSync(file));
  const report = await downloadReport(page);
  assert.deepEqual(report, cliReport(file));
  assert.equal(report.input.anomalies.title_rows, 1);
  assert.equal(report.input.encoding, 'GBK');
  assert.deepEqual(
    report.columns.map((c) => c.name),
    cliReport(plain).columns.map((c) => c.name),
  );
  assert.match(await page.textContent('[data-testid=anomalies]'), /1 title line/);
});

test('English and Chinese switch in place', { timeout: 60_000 }, async () => {
  await page.click('[data-demo=customers]');
  await waitForOutcome(page);
  await page.selectOption('[data-testid=lang-select]', 'zh');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.match(await page.textContent('[data-testid=verdict]'), /个直接标识符.*此文件可识别个人/);
  assert.match(await page.textContent('[data-testid=findings] thead'), /识别结果/);
  assert.match(await page.textContent('[data-testid=findings] tbody'), /居民身份证号/);
  // The evidence reads in Chinese too, every line of it.
  const evidence = await page.$$eval('[data-testid=findings] .evidence li', (lis) => lis.map((li) => li.textContent));
  assert.ok(evidence.length > 5);
  for (const e of evidence) assert.match(e, /[\u4e00-\u9fff]/, e);
  assert.match(evidence.join('\n'), /通过 GB 11643 地区码、出生日期和校验码检查/);
  // Traditional Chinese, for Hong Kong and Taiwan: the same report, worded
  // from its own dictionary.
  await page.selectOption('[data-testid=lang-select]', 'zh-Hant');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hant');
  assert.match(await page.textContent('[data-testid=verdict]'), /個直接標識符.*此文件可識別個人/);
  const hant = await page.$$eval('[data-testid=findings] .evidence li', (els) => els.map((e) => e.textContent));
  for (const e of hant) assert.match(e, /[\u4e00-\u9fff]/, e);
  assert.match(hant.join('\n'), /通過 GB 11643/);
  await page.selectOption('[data-testid=lang-select]', 'en');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.textContent('[data-testid=findings] tbody'), /Resident ID \(China\)/);
  assert.match(await page.textContent('[data-testid=findings] tbody'), /pass GB 11643 region, birth date and check digit/);
});

test('the page starts in Chinese for a Chinese browser', { timeout: 60_000 }, async () => {
  const zh = await launch({ locale: 'zh-CN' });
  try {
    const p = await zh.context.newPage();
    await p.goto(server.url);
    await p.waitForSelector('html[data-ready=true]');
    assert.equal(await p.getAttribute('html', 'lang'), 'zh-CN');
    assert.equal(await p.textContent('[data-testid=choose-file]'), '选择文件…');
  } finally {
    await zh.close();
  }
});

// The scan has started and is not finished.
function scanUnderway() {
  return page.waitForFunction(() => {
    const p = document.querySelector('[data-testid=progress]');
    return !p.hidden && /^[1-9]\d? %/.test(p.querySelector('[data-testid=progress-stats]').textContent);
  });
}

test('a long scan can be cancelled, and the next file scans', { timeout: 120_000 }, async () => {
  await page.setInputFiles('[data-testid=file-input]', large);
  await scanUnderway();
  assert.equal(await page.isDisabled('[data-testid=download-report]'), true);
  const closed = new Promise((resolve) => page.workers()[0]?.once('close', resolve));
  await page.click('[data-testid=cancel]');
  await closed; // cancel terminates the worker
  await page.waitForSelector('[data-testid=progress]', { state: 'hidden' });
  assert.match(await alertText(), /Scan of large\.csv cancelled/);
  await page.click('[data-demo=headerless]');
  await waitForOutcome(page);
  assert.equal(await page.isEnabled('[data-testid=download-report]'), true);
  assert.equal((await downloadReport(page)).input.name, 'export-no-header.csv');
});

test('a file that is not a table gets a clear error and the page still works', { timeout: 60_000 }, async () => {
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(64, 7)]);
  await page.setInputFiles('[data-testid=file-input]', { name: 'photo.csv', mimeType: 'text/csv', buffer: png });
  await waitForOutcome(page);
  assert.match(await alertText(), /could not be scanned.*PNG/s);
  assert.equal(await page.isDisabled('[data-testid=download-report]'), true);
  assert.equal(await page.isHidden('[data-testid=results]'), true);

  await page.setInputFiles('[data-testid=file-input]', { name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
  await waitForOutcome(page);
  assert.match(await alertText(), /empty/);

  const file = generate('after-error.csv', ['--rows', '100', '--headers', 'en', '--profile', 'mixed', '--seed', '23']);
  await choose(file);
  assert.equal(await page.isHidden('[data-testid=alert]'), true);
  assert.deepEqual(await downloadReport(page), cliReport(file));
});

test('a trapped wasm instance is replaced and the user is told', { timeout: 120_000 }, async () => {
  await page.click('[data-demo=customers]');
  await waitForOutcome(page);
  const worker = page.workers()[0];
  const closed = new Promise((resolve) => worker.once('close', resolve));
  // The page's own message path: the core panics, which traps the instance.
  await worker.evaluate(() => self.dispatchEvent(new MessageEvent('message', { data: { id: -1, type: 'crash-test' } })));
  await closed; // the poisoned worker is thrown away
  await page.waitForSelector('[data-testid=alert]:not([hidden])');
  assert.match(await alertText(), /stopped unexpectedly and has been restarted/);
  await page.click('[data-demo=everything]');
  await waitForOutcome(page);
  assert.equal(await page.isEnabled('[data-testid=download-report]'), true);
  assert.equal(await page.isHidden('[data-testid=alert]'), true);
  assert.equal(page.workers().length, 2); // the scanner and the hasher
});

test('rescanning with a forced encoding, delimiter and header', { timeout: 60_000 }, async () => {
  const file = generate('forced.csv', ['--rows', '200', '--headers', 'none', '--profile', 'mixed', '--delimiter', 'tab', '--encoding', 'gbk', '--seed', '24']);
  await choose(file);
  await page.selectOption('[data-testid=overrides] select[name=encoding]', 'GB18030');
  await page.selectOption('[data-testid=overrides] select[name=delimiter]', 'tab');
  await page.selectOption('[data-testid=overrides] select[name=header]', 'yes');
  await page.click('[data-testid=rescan]');
  await page.waitForFunction(
    () => /GB18030/i.test(document.querySelector('[data-testid=encoding]')?.textContent) || !document.querySelector('[data-testid=alert]').hidden,
  );
  assert.equal(await page.isHidden('[data-testid=alert]'), true, await alertText());
  const report = await downloadReport(page);
  assert.deepEqual(report, cliReport(file, ['--encoding', 'GB18030', '--delimiter', 'tab', '--header']));
  assert.equal(report.input.encoding_confidence, 'forced');
  assert.equal(report.input.has_header, true);
  assert.match(await page.textContent('[data-testid=encoding]'), /gb18030 \(chosen by you\)/i);
});

test('every request stays on the page origin, workers included', { timeout: 60_000 }, async () => {
  // Canary: a request made inside the scanning worker must be seen by the
  // context-level listener, or the check below would prove nothing.
  if (!page.workers().length) {
    await page.click('[data-demo=customers]');
    await waitForOutcome(page);
  }
  const canary = `canary-${Date.now()}`;
  await page.workers()[0].evaluate((c) => fetch(`/${c}`).then((r) => r.status), canary);
  assert.ok(browser.requests.some((u) => u === `${server.url}${canary}`), 'the worker canary was recorded');
  const origin = new URL(server.url).origin;
  const elsewhere = browser.requests.filter((u) => !u.startsWith(origin + '/') && !/^(blob|data):/.test(u));
  assert.deepEqual(elsewhere, []);
  assert.ok(browser.requests.some((u) => u.endsWith('/pkg/privscan_bg.wasm')));
});
