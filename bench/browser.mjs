// Browser benchmark (not a test): the page scans the same ~100 MB files as
// bench/scan.py in headless Chromium, timed from the drop to the finished
// report, beside the native CLI (two threads and one). Then a ~1 GB file,
// generated here and deleted afterwards, while the resident memory of the
// Chromium renderer processes (the tab and its worker) is sampled: it must
// stay flat as the file grows. Prints MB/s and peak MiB. Also the risk
// panel on 100,000 rows: how long a column toggle takes to recompute, and
// the linkage demo's join against a register of about 130,000 rows.
// `BENCH_ONLY=risk` runs that part alone, `BENCH_ONLY=scan` the ~100 MB
// scans alone; `BENCH_WWW=DIR` serves another build of the page (to compare
// two builds side by side on the same files).
//
//   make bench-browser     (builds the page and the dist file first)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, BIN, launch, serve, waitForOutcome } from '../tests/e2e/harness.mjs';

const OUT = path.join(ROOT, 'bench', 'out');
const FILES = [
  ['mixed', ['--profile', 'mixed', '--rows', '370000']],
  ['wide', ['--profile', 'wide', '--decoys', '--rows', '120000']],
];
const RUNS = 3;

function ensure(name, args) {
  const file = path.join(OUT, `${name}.csv`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(OUT, { recursive: true });
    execFileSync(BIN, ['generate', ...args, '--out', file]);
  }
  return file;
}

function native(file, threads) {
  const env = { ...process.env, ...(threads ? { PRIVSCAN_THREADS: String(threads) } : {}) };
  let best = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    execFileSync(BIN, ['scan', '--json', file], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return best;
}

// Resident set size (MiB) of every Chromium renderer process: the page and
// its dedicated worker live there, the wasm memory included.
function rendererRss() {
  let kib = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('--type=renderer')) continue;
      const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
      if (m) kib += Number(m[1]);
    } catch {}
  }
  return kib / 1024;
}

async function scanInPage(page, file) {
  await page.reload();
  await page.waitForSelector('html[data-ready=true]');
  // The page compiles the wasm in both workers as soon as it is shown; a
  // person takes longer than this to pick a file, so the timed scan does
  // not include that one-time start.
  await page.waitForTimeout(1500);
  const t0 = process.hrtime.bigint();
  await page.setInputFiles('[data-testid=file-input]', file);
  await waitForOutcome(page, 30 * 60_000);
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  if (!(await page.isHidden('[data-testid=alert]'))) throw new Error(await page.textContent('[data-testid=alert]'));
  return secs;
}

/** Toggles each quasi-identifier off and on again in the risk panel of a
 * 100,000-row table, reading the time the page measures (from the click's
 * request to the worker to the result), and times one linkage. */
async function riskToggles(page) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'privscan-bench-'));
  try {
    const clinic = path.join(tmp, 'clinic-100k.csv');
    const register = path.join(tmp, 'register.csv');
    execFileSync(BIN, ['generate', '--profile', 'clinic', '--rows', '100000', '--seed', '4', '--out', clinic]);
    execFileSync(BIN, ['generate', '--profile', 'register', '--rows', '100000', '--seed', '4', '--out', register]);
    await page.reload();
    await page.waitForSelector('html[data-ready=true]');
    await page.setInputFiles('[data-testid=file-input]', clinic);
    await waitForOutcome(page, 10 * 60_000);
    const settled = () =>
      page.waitForFunction(() => {
        const p = document.querySelector('[data-role=risk]');
        return p && !p.dataset.busy && document.querySelector('[data-testid=risk-time]')?.textContent;
      });
    await settled();
    const chips = await page.$$eval('[data-testid=qi-toggles] .chip[aria-pressed=true]', (cs) => cs.map((c) => c.dataset.column));
    const times = [];
    for (const col of [...chips, ...chips]) {
      await page.click(`[data-testid=qi-toggles] [data-column="${col}"]`);
      await settled();
      times.push(Number((await page.textContent('[data-testid=risk-time]')).match(/\d+/)[0]));
    }
    times.sort((a, b) => a - b);
    console.log(
      `risk toggles, 100,000 rows, ${chips.length} quasi-identifiers (measures, drivers, examples): median ${times[times.length >> 1]} ms, max ${times.at(-1)} ms over ${times.length} toggles`,
    );
    const t0 = process.hrtime.bigint();
    await page.setInputFiles('[data-testid=link-file-input]', register);
    await page.waitForSelector('[data-testid=link-result]', { timeout: 10 * 60_000 });
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    const rows = execFileSync('wc', ['-l', register]).toString().trim().split(' ')[0] - 1;
    console.log(`linkage: read a ${rows}-row register and linked it to 100,000 records in ${secs.toFixed(2)} s (${await page.getAttribute('[data-testid=link-result]', 'data-linked')} linked)`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const server = await serve(process.env.BENCH_WWW || undefined);
const b = await launch({ serviceWorkers: 'block' });
const page = await b.context.newPage();
await page.goto(server.url);
try {
  if (process.env.BENCH_ONLY === 'risk') {
    await riskToggles(page);
    process.exit(0);
  }
  if (process.env.BENCH_ONLY !== 'scan') await riskToggles(page);
  console.log(`${'file'.padEnd(6)} ${'MB'.padStart(6)} ${'native MB/s'.padStart(12)} ${'1-thread'.padStart(9)} ${'page MB/s'.padStart(10)} ${'page/1-thread'.padStart(14)}`);
  for (const [name, args] of FILES) {
    const file = ensure(name, args);
    const mb = fs.statSync(file).size / 1e6;
    const two = native(file);
    const one = native(file, 1);
    let best = Infinity;
    for (let i = 0; i < RUNS; i++) best = Math.min(best, await scanInPage(page, file));
    console.log(
      `${name.padEnd(6)} ${mb.toFixed(1).padStart(6)} ${(mb / two).toFixed(1).padStart(12)} ${(mb / one).toFixed(1).padStart(9)} ${(mb / best).toFixed(1).padStart(10)} ${`${Math.round((100 * one) / best)} %`.padStart(14)}`,
    );
  }

  if (process.env.BENCH_ONLY === 'scan') process.exit(0);
  // Memory while scanning ~100 MB and ~1 GB of the same kind of table.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'privscan-bench-'));
  try {
    for (const [label, rows] of [['100 MB', 370000], ['1 GB', 3700000]]) {
      const file = path.join(tmp, `mixed-${rows}.csv`);
      execFileSync(BIN, ['generate', '--profile', 'mixed', '--rows', String(rows), '--seed', '3', '--out', file]);
      await page.reload();
      await page.waitForSelector('html[data-ready=true]');
      await page.waitForTimeout(1500);
      const before = rendererRss();
      // Each sample with the page's phase: reading the file, or finishing
      // (verdicts and risk, once every byte is read).
      const samples = [];
      let phase = 'reading';
      const watch = setInterval(() => {
        page
          .getAttribute('[data-testid=progress]', 'data-phase')
          .then((p) => (phase = p ?? phase))
          .catch(() => {});
      }, 50);
      const timer = setInterval(() => samples.push([phase, rendererRss()]), 100);
      const t0 = process.hrtime.bigint();
      await page.setInputFiles('[data-testid=file-input]', file);
      await waitForOutcome(page, 30 * 60_000);
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      clearInterval(timer);
      clearInterval(watch);
      const mb = fs.statSync(file).size / 1e6;
      // Flat means the second half of the reading peaks no higher than the
      // first. Finishing needs working memory for the risk measures, in
      // proportion to the rows up to the row cap.
      const reading = samples.filter(([p]) => p === 'reading').map(([, r]) => r);
      const finishing = samples.filter(([p]) => p === 'finishing').map(([, r]) => r);
      const half = Math.floor(reading.length / 2);
      const peak = (xs) => Math.max(before, ...xs).toFixed(0);
      console.log(
        `${label.padEnd(6)} ${mb.toFixed(0).padStart(6)} MB scanned in the page at ${(mb / secs).toFixed(1)} MB/s; renderer RSS ${before.toFixed(0)} MiB before; reading: peak ${peak(reading.slice(0, half))} MiB in the first half, ${peak(reading.slice(half))} MiB in the second; finishing (${finishing.length / 10} s): peak ${peak(finishing)} MiB`,
      );
      fs.rmSync(file);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const wasm = fs.readFileSync(path.join(ROOT, 'www', 'pkg', 'privscan_bg.wasm'));
  const { gzipSync } = await import('node:zlib');
  console.log(`privscan_bg.wasm: ${wasm.length} bytes raw, ${gzipSync(wasm, { level: 9 }).length} bytes gzipped`);
} finally {
  await b.close();
  await server.close();
}
