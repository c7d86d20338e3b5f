// Module worker: the Rust core, compiled to WebAssembly, scans the File it is
// given. The wasm is the only thing this page ever loads over the network,
// and only from its own origin.
import init, * as wasm from './pkg/privscan.js';
import { serveScanner } from './worker-core.js';

serveScanner(async () => {
  await init({ module_or_path: new URL('./pkg/privscan_bg.wasm', import.meta.url) });
  return wasm;
});
