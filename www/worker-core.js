// The worker's logic, shared by the served worker (worker.js) and the
// single-file build (tools/dist.mjs), which differ only in how the wasm
// module is loaded.
//
// Messages in:  { id, type: 'scan', file, options }  |  { id, type: 'crash-test' }
// Messages out: { id, type: 'progress', done, total }
//               { id, type: 'result', json }
//               { id, type: 'error', code, message }
//               { id, type: 'crashed', message }   (the instance is poisoned)

const PROGRESS_EVERY_MS = 100;

/** Installs the message handler. `load()` initialises the wasm module once
 * and resolves to its exports. */
export function serveScanner(load) {
  let ready = null;
  const core = () => (ready ??= load());

  self.onmessage = async (event) => {
    const { id, type } = event.data;
    try {
      const wasm = await core();
      if (type === 'scan') {
        const json = await scan(wasm, id, event.data.file, event.data.options ?? {});
        self.postMessage({ id, type: 'result', json });
      } else if (type === 'crash-test') {
        wasm.crashForTesting();
      }
    } catch (err) {
      self.postMessage(describe(id, err));
    }
  };
}

async function scan(wasm, id, file, options) {
  const scanner = new wasm.WasmScanner(JSON.stringify({ ...options, name: file.name }));
  try {
    const total = file.size;
    let done = 0;
    let last = 0;
    self.postMessage({ id, type: 'progress', done, total });
    // file.stream() reads faster than slicing the File by hand.
    const reader = file.stream().getReader();
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) break;
      scanner.feed(value);
      done += value.length;
      const now = performance.now();
      if (now - last >= PROGRESS_EVERY_MS) {
        last = now;
        self.postMessage({ id, type: 'progress', done, total });
      }
    }
    self.postMessage({ id, type: 'progress', done: total, total });
    return scanner.finish();
  } finally {
    // After a trap even free() may throw; the original error matters more.
    try {
      scanner.free();
    } catch {}
  }
}

function describe(id, err) {
  // A trap (panic, out of memory, stack overflow) leaves the instance in an
  // unknown state: nothing more may run in it.
  if (err instanceof WebAssembly.RuntimeError || err instanceof RangeError) {
    return { id, type: 'crashed', message: String(err?.message ?? err) };
  }
  if (err?.name === 'NotReadableError' || err?.name === 'NotFoundError') {
    return { id, type: 'error', code: 'unreadable', message: String(err.message) };
  }
  return {
    id,
    type: 'error',
    code: typeof err?.name === 'string' ? err.name : 'error',
    message: String(err?.message ?? err),
  };
}
