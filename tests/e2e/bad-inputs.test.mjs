// The bad-input matrix in the page, for what a person can drop: each file
// ends in a clear error or in a report whose counts say what was tolerated,
// the report agrees with the CLI, and the page keeps working afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPage, cliReport, waitForOutcome, downloadReport } from './harness.mjs';

let server;
let browser;
let page;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'privscan-bad-'));

before(async () => {
  ({ server, browser, page } = await openPage({ locale: 'en-US' }));
});

after(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await browser?.close();
  await server?.close();
});

function people(rows, sep = '\n') {
  let s = `姓名,手机,城市${sep}`;
  for (let i = 0; i < rows; i++) s += `张伟${i},138${String((i * 7919 + 13) % 1e8).padStart(8, '0')},杭州${sep}`;
  return s;
}

/** Drops `bytes` as `name`; resolves to { error } or { report }. */
async function drop(name, bytes) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  await page.setInputFiles('[data-testid=file-input]', file);
  await waitForOutcome(page, 120_000);
  if (!(await page.isHidden('[data-testid=alert]'))) {
    return { file, error: await page.textContent('[data-testid=alert]') };
  }
  return { file, report: await downloadReport(page) };
}

const utf16 = (s, le) => Buffer.from(s.split('').flatMap((c) => { const u = c.charCodeAt(0); return le ? [u & 255, u >> 8] : [u >> 8, u & 255]; }));

const CASES = [
  ['empty.csv', Buffer.alloc(0), { error: /empty/i }],
  ['header-only.csv', Buffer.from('name,phone\n'), { rows: 0 }],
  ['one-byte.csv', Buffer.from('a'), { rowsAtMost: 1 }],
  ['ragged.csv', Buffer.from('a,b,c\n1,2\n3,4,5,6\n7,8,9\n'), { rows: 3, ragged: 2 }],
  ['nul-early.csv', Buffer.concat([Buffer.alloc(64), Buffer.from(people(10))]), { error: /binary|NUL/i }],
  ['nul-late.csv', Buffer.from(people(200).replace(/杭州\n$/, '杭\0\n')), { rows: 200, nul: 1 }],
  ['utf16-nobom.csv', utf16(people(50), true), { rows: 50, encoding: 'UTF-16LE' }],
  ['image.csv', Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\rIHDR', 'latin1'), Buffer.alloc(2000, 7)]), { error: /PNG/ }],
  ['document.csv', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 7)]), { error: /PDF/ }],
  ['workbook.csv', Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'), Buffer.alloc(2000, 7)]), { error: /Excel/ }],
  ['bad-utf8.csv', Buffer.concat([Buffer.from(people(100)), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('\n李娜,13912345678,上海\n')]), { rows: 102 }],
  ['cr.csv', Buffer.from(people(100, '\r')), { rows: 100 }],
  ['crlf.csv', Buffer.from(people(100, '\r\n')), { rows: 100 }],
  ['open-quote-small.csv', Buffer.from('name,note\n张伟,ok\n李娜,"never closed\n' + '王芳,fine\n'.repeat(20)), { error: /row 3.*never closed/s }],
  ['formulas.csv', Buffer.from('name,note\n张伟,=HYPERLINK("http://x")\n李娜,@SUM(A1)\n'), { rows: 2 }],
];

for (const [name, bytes, want] of CASES) {
  test(`${name}: ${want.error ? 'a clear error' : 'a report with its counts'}`, { timeout: 120_000 }, async () => {
    const got = await drop(name, bytes);
    if (want.error) {
      assert.match(got.error ?? '', want.error, `no error shown for ${name}`);
      return;
    }
    assert.ok(got.report, `an error for ${name}: ${got.error}`);
    const r = got.report;
    if ('rows' in want) assert.equal(r.input.rows, want.rows);
    if ('rowsAtMost' in want) assert.ok(r.input.rows <= want.rowsAtMost);
    if ('ragged' in want) assert.equal(r.input.anomalies.ragged_rows, want.ragged);
    if ('nul' in want) assert.equal(r.input.anomalies.nul_bytes, want.nul);
    if ('encoding' in want) assert.equal(r.input.encoding, want.encoding);
    // The same report as the CLI's, risk and suggestions included.
    assert.deepEqual(r, cliReport(got.file));
  });
}

test('an unbalanced quote at the start of a 20 MB file names the row, and the page still scans', { timeout: 120_000 }, async () => {
  const line = '李娜,an ordinary line of text that goes on\n'.repeat(1000);
  const bytes = Buffer.concat([Buffer.from('name,note\n张伟,"never closed\n'), Buffer.from(line.repeat(500))]);
  const got = await drop('open-quote.csv', bytes);
  assert.match(got.error ?? '', /row 2.*quote|quote.*row 2/s);
  const ok = await drop('fine.csv', Buffer.from(people(30)));
  assert.ok(ok.report, ok.error);
  assert.equal(ok.report.input.rows, 30);
});

test('workbooks: .xlsx, .xls and .ods scan like their CSV, and the sheet chooser rescans', { timeout: 120_000 }, async () => {
  const fixtures = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures');
  const csv = cliReport(path.join(fixtures, 'people.csv'));
  for (const f of ['people.xlsx', 'people.xls', 'people.ods']) {
    const got = await drop(f, fs.readFileSync(path.join(fixtures, f)));
    assert.ok(got.report, `${f}: ${got.error}`);
    assert.deepEqual(got.report, cliReport(got.file), f);
    assert.deepEqual(got.report.columns.map((c) => c.entity), csv.columns.map((c) => c.entity), f);
  }
  await drop('people.xlsx', fs.readFileSync(path.join(fixtures, 'people.xlsx')));
  await page.selectOption('[data-testid=sheet-select]', '订单');
  await page.waitForFunction(() => document.querySelector('[data-testid=sheet-select]')?.value === '订单' && !document.querySelector('[data-testid=download-report]').disabled);
  const r = await downloadReport(page);
  assert.equal(r.input.workbook.sheet, '订单');
  assert.equal(r.input.rows, 20);
});
