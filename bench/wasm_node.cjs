// WebAssembly scan throughput in Node (one thread, as in the page's worker):
// the same files as bench/scan.py, fed in 1 MiB chunks to the wasm binding.
// Run through `make bench-wasm`, which builds the Node bindings first.
const path = require('path');
const fs = require('fs');
const { WasmScanner } = require(path.join(__dirname, 'out', 'pkg-node', 'privscan.js'));

for (const name of ['mixed', 'wide']) {
  const file = path.join(__dirname, 'out', `${name}.csv`);
  if (!fs.existsSync(file)) {
    console.error(`${file} is missing: run make bench first`);
    process.exit(2);
  }
  const data = fs.readFileSync(file);
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const t0 = process.hrtime.bigint();
    const s = new WasmScanner('{}');
    for (let i = 0; i < data.length; i += 1 << 20) s.feed(data.subarray(i, i + (1 << 20)));
    s.finish();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  console.log(`${name.padEnd(6)} ${(data.length / 1e6).toFixed(1)} MB  wasm (node) ${(data.length / 1e6 / best).toFixed(1)} MB/s`);
}

// Risk in WebAssembly on the file `cargo run --release --example risk_bench`
// writes (1 M rows, ten quasi-identifiers): the same two calls it times.
const riskFile = path.join(__dirname, 'out', 'risk.csv');
if (fs.existsSync(riskFile)) {
  const data = fs.readFileSync(riskFile);
  const s = new WasmScanner('{}');
  for (let i = 0; i < data.length; i += 1 << 20) s.feed(data.subarray(i, i + (1 << 20)));
  s.finish();
  const time = (opts) => {
    const t0 = process.hrtime.bigint();
    const r = JSON.parse(s.risk(JSON.stringify(opts)));
    return [Number(process.hrtime.bigint() - t0) / 1e9, r];
  };
  const [hist, r6] = time({ quasi_identifiers: [0, 1, 2, 3, 4, 5], sensitive: [10], max_driver_size: 0 });
  console.log(`wasm    histogram + measures, 6 QIs: ${hist.toFixed(3)} s  (k = ${r6.k}, ${r6.classes} classes, ${r6.unique_records} unique)`);
  const [drv, r10] = time({ quasi_identifiers: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], max_driver_size: 3, driver_budget: Number.MAX_SAFE_INTEGER });
  console.log(`wasm    with drivers, 10 QIs (175 combinations): ${drv.toFixed(3)} s  (${r10.drivers.length} drivers listed)`);
  s.free();
} else {
  console.log('(no bench/out/risk.csv: run `cargo run --release --example risk_bench` for the risk timings)');
}

// Masking in WebAssembly on the files `cargo run --release --example
// mask_bench` writes: the generalisation search for k = 5 over six
// quasi-identifiers, and the second pass applying the suggested plan.
for (const rows of [100000, 1000000]) {
  const file = path.join(__dirname, 'out', `mask-${rows}.csv`);
  if (!fs.existsSync(file)) {
    console.log(`(no ${file}: run \`cargo run --release --example mask_bench\` for the masking timings)`);
    continue;
  }
  const data = fs.readFileSync(file);
  const s = new WasmScanner('{}');
  for (let i = 0; i < data.length; i += 1 << 20) s.feed(data.subarray(i, i + (1 << 20)));
  s.finish();
  let t0 = process.hrtime.bigint();
  const sug = JSON.parse(s.suggest(JSON.stringify({ quasi_identifiers: [2, 3, 4, 5, 6, 7], k: 5 })));
  const search = Number(process.hrtime.bigint() - t0) / 1e9;
  t0 = process.hrtime.bigint();
  const m = s.masker(JSON.stringify(sug.steps), '05'.repeat(32), '{}');
  let bytes = 0;
  for (let i = 0; i < data.length; i += 1 << 20) bytes += m.feed(data.subarray(i, i + (1 << 20))).length;
  bytes += m.finish().length;
  const apply = Number(process.hrtime.bigint() - t0) / 1e9;
  const after = JSON.parse(m.report());
  console.log(
    `wasm    ${rows} rows: search k=5 over 6 QIs ${search.toFixed(2)} s (${sug.optimum.evaluated} evaluated), apply ${apply.toFixed(2)} s (${(data.length / 1e6 / apply).toFixed(1)} MB/s in, ${(bytes / 1e6).toFixed(1)} MB out), k after ${after.risk.k}`,
  );
  m.free();
  s.free();
}
