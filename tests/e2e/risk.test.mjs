// The risk panel and the linkage demo in real Chromium: the numbers the
// page shows equal the CLI's for the same columns, toggling a column
// recomputes without a rescan, and the linkage count equals a brute-force
// join written here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openPage, generate, cliReport, waitForOutcome, downloadReport } from './harness.mjs';

let server;
let browser;
let page;
const dirs = [];

before(async () => {
  ({ server, browser, page } = await openPage({ locale: 'en-US' }));
});

after(async () => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  await browser?.close();
  await server?.close();
});

function gen(name, args) {
  const f = generate(name, args);
  dirs.push(path.dirname(f));
  return f;
}

/** The panel has finished computing (examples arrive with the first
 * recompute after a scan). */
async function settled() {
  await page.waitForFunction(() => {
    const p = document.querySelector('[data-role=risk]');
    return p && !p.dataset.busy && document.querySelector('[data-testid=risk-time]')?.textContent;
  });
}

const measure = (id) => page.textContent(`[data-measure=${id}] .value`);

test('the risk panel shows the CLI numbers, and toggles recompute them without a rescan', { timeout: 120_000 }, async () => {
  const file = gen('patients.csv', ['--profile', 'clinic', '--rows', '3000', '--headers', 'en', '--seed', '31']);
  await page.setInputFiles('[data-testid=file-input]', file);
  await waitForOutcome(page);
  await settled();
  const cli = cliReport(file).risk;
  assert.equal(Number(await page.getAttribute('[data-testid=risk-verdict]', 'data-k')), cli.k);
  assert.equal(await measure('k'), String(cli.k));
  assert.match(await measure('unique'), new RegExp(`^${cli.unique_records.toLocaleString('en-US')} `));
  assert.equal(await measure('classes'), cli.classes.toLocaleString('en-US'));
  // The example unique records show quasi-identifier values only.
  const head = await page.$$eval('[data-testid=unique-examples] thead th', (ths) => ths.slice(1).map((th) => th.textContent));
  const names = cliReport(file).columns;
  assert.deepEqual(head, cli.quasi_identifiers.map((i) => names[i].name));

  // Drop the birth date and visit date from the quasi-identifiers: the page
  // recomputes in the worker; the downloaded risk block equals the CLI's
  // for the same choice.
  for (const name of ['birth_date', 'visit_date']) {
    const idx = names.findIndex((c) => c.name === name);
    await page.click(`[data-testid=qi-toggles] [data-column="${idx}"]`);
  }
  await settled();
  await page.fill('[data-testid=k-target]', '3');
  await page.dispatchEvent('[data-testid=k-target]', 'change');
  await page.waitForFunction(() => document.querySelector('[data-testid=risk-verdict]')?.dataset.target === '3');
  await settled();
  const want = cliReport(file, ['--qi', 'sex,postcode,ethnicity', '--sensitive', 'diagnosis', '--k', '3']).risk;
  const report = await downloadReport(page);
  assert.deepEqual(report.risk, want);
  assert.equal(Number(await page.getAttribute('[data-testid=risk-verdict]', 'data-k')), want.k);
  // The histogram's bars add up to every record.
  const bars = await page.$$eval('[data-testid=class-histogram] .bar', (gs) => gs.map((g) => Number(g.dataset.records)));
  assert.equal(bars.reduce((a, b) => a + b, 0), want.records);

  // A sensitive column moved to the quasi-identifiers leaves l-diversity.
  const dx = names.findIndex((c) => c.name === 'diagnosis');
  await page.click(`[data-testid=qi-toggles] [data-column="${dx}"]`);
  await settled();
  assert.equal(await page.getAttribute(`[data-testid=sensitive-toggles] [data-column="${dx}"]`, 'aria-pressed'), 'false');
  assert.equal(await page.$('[data-measure=l]'), null);
});

test('a column dropped while scanning can be rescanned for exact numbers', { timeout: 120_000 }, async () => {
  const file = gen('orders.csv', ['--profile', 'mixed', '--rows', '30000', '--headers', 'en', '--seed', '5']);
  await page.setInputFiles('[data-testid=file-input]', file);
  await waitForOutcome(page);
  await settled();
  const names = cliReport(file).columns.map((c) => c.name);
  const orderNo = names.indexOf('order_no');
  // Every order number differs: the scan kept no copy of the column.
  await page.click(`[data-testid=qi-toggles] [data-column="${orderNo}"]`);
  await page.waitForSelector('[data-testid=risk-rescan]');
  await page.click('[data-testid=risk-rescan]');
  await page.waitForFunction(() => document.querySelector('[data-testid=risk-verdict]') && !document.querySelector('[data-testid=risk-rescan]'));
  await waitForOutcome(page);
  await settled();
  const report = await downloadReport(page);
  const want = cliReport(file, ['--qi', 'dob,sex,province,occupation,order_no']).risk;
  assert.deepEqual(report.risk, want);
  assert.equal(want.unique_records, 30000);
  assert.deepEqual(want.high_cardinality, []);
});

test('the linkage demo names as many patients as a brute-force join', { timeout: 120_000 }, async () => {
  await page.click('[data-demo=clinic]');
  await waitForOutcome(page);
  await settled();
  await page.click('[data-testid=link-demo]');
  await page.waitForSelector('[data-testid=link-result]');
  const linked = Number(await page.getAttribute('[data-testid=link-result]', 'data-linked'));
  const certain = Number(await page.getAttribute('[data-testid=link-result]', 'data-linked-unique'));

  // The same two tables as the page's bundle (tools/build-page.mjs).
  const read = (f) =>
    fs
      .readFileSync(f, 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(','));
  const clinic = read(gen('c.csv', ['--profile', 'clinic', '--headers', 'zh', '--rows', '400', '--seed', '11']));
  const register = read(gen('r.csv', ['--profile', 'register', '--headers', 'zh', '--rows', '400', '--seed', '11']));
  const iso = (d) => {
    const [y, m, dd] = d.split(/[年月日]/).map(Number);
    return `${y}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
  };
  const key = (sex, dob, zip) => `${sex}|${dob}|${zip}`;
  const publicKeys = register.map((r) => key(r[1], iso(r[2]), r[3]));
  const clinicKeys = clinic.map((r) => key(r[0], r[1], r[2]));
  let want = 0;
  let wantCertain = 0;
  for (const k of clinicKeys) {
    if (publicKeys.filter((p) => p === k).length !== 1) continue;
    want++;
    if (clinicKeys.filter((c) => c === k).length === 1) wantCertain++;
  }
  assert.ok(want > 100, `the demo should name many patients (${want})`);
  assert.equal(linked, want);
  assert.equal(certain, wantCertain);
  // An example row: a register name beside the clinic's diagnosis.
  const first = await page.$$eval('[data-testid=link-examples] tbody tr:first-child td', (tds) => tds.map((td) => td.textContent));
  const row = clinic.find((r) => r[0] === first[0] && r[1] === first[1] && r[2] === first[2]);
  const person = register.find((r) => r[1] === first[0] && iso(r[2]) === first[1] && r[3] === first[2]);
  assert.equal(first[3], person[0]);
  assert.equal(first.at(-1), row[4]);

  // Fewer shared columns, fewer links: the linkage follows the toggles.
  const before = linked;
  await page.click('[data-testid=qi-toggles] [data-column="1"]'); // 出生日期
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid=link-result]')?.dataset.linked) !== n, before);
  assert.ok(Number(await page.getAttribute('[data-testid=link-result]', 'data-linked')) < before);
});

test('a public table of the user’s own that shares nothing says so', { timeout: 60_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(path.dirname(gen('x.csv', ['--rows', '1'])), 'own-'));
  const other = path.join(dir, 'orders.csv');
  fs.writeFileSync(other, 'product,colour,price\nlamp,red,12.50\nchair,blue,40.00\n');
  await page.setInputFiles('[data-testid=link-file-input]', other);
  await page.waitForFunction(() => document.querySelector('[data-testid=link-result]')?.textContent.includes('orders.csv'));
  assert.equal(await page.getAttribute('[data-testid=link-result]', 'data-linked'), '0');
});

test('the panel explains itself in Chinese', { timeout: 60_000 }, async () => {
  await page.selectOption('[data-testid=lang-select]', 'zh');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.equal(await page.textContent('#risk-title'), '重识别风险');
  assert.match(await page.textContent('[data-testid=risk-panel] .guidance'), /GB\/T 42460.*87%/);
  assert.match(await page.textContent('[data-testid=risk-verdict]'), /k = \d+/);
  await page.selectOption('[data-testid=lang-select]', 'en');
});
