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
