// The worker's logic, shared by the served worker (worker.js) and the
// single-file build (tools/dist.mjs), which differ only in how the wasm
// module is loaded. The page runs two of these and splits a scan between
// them, as the CLI splits it between two threads: the helper reads the
// file, hashes it (WebAssembly has no SHA instructions), decodes and parses
// it into batches of rows (frames), which it sends over a MessageChannel
// port to the scanning worker, which profiles them, builds the report and
// keeps the scan. At most FRAMES_IN_FLIGHT frames are unacknowledged, so
// memory stays flat whichever side is faster. For a workbook the helper
// only hashes the file and the scanning worker reads the sheet itself.
//
// Messages in:  { id, type: 'scan', file, options, slot, port? }
//                        with a port: the helper relays the file (below)
//               { id, type: 'relay', file, options, port } (the helper)
//               { id, type: 'risk', options }   risk of the kept 'main' scan
//               { id, type: 'link', options }   link 'main' to 'public'
//               { id, type: 'suggest', options } masking suggestions for 'main'
//               { id, type: 'mask', file, plan, key, options }
//                                               the second pass: masked file
//               { id, type: 'preview', file, plan, key, rows }
//               { id, type: 'crash-test' }
//               { type: 'init' }                initialise the wasm now
// Messages out: { id, type: 'progress', done, total }
//               { id, type: 'result', value }     (scan, risk, link, suggest, preview, catalogue)
//               { id, type: 'result', value, blob, html } (mask)
//               { id, type: 'relayed' }          (the helper is done)
//               { id, type: 'error', code, message }
//               { id, type: 'crashed', message } (the instance is poisoned)
// On the port:  helper → scanner { type: 'frame', frame, done } …
//                                { type: 'end', input } | { type: 'digest', hex }
//                                | { type: 'error', code, message }
//               scanner → helper { type: 'ack' } per frame

const PROGRESS_EVERY_MS = 100;
const FRAMES_IN_FLIGHT = 4;
const READ_CHUNK = 1 << 20;

/** Installs the message handler. `load()` initialises the wasm module once
 * and resolves to its exports. */
export function serveScanner(load) {
  let ready = null;
  const core = () => (ready ??= load());

  // Finished scanners kept for instant risk and linkage (their encoded
  // columns stay in wasm memory): 'main' is the file under study, 'public'
  // the second table of a linkage. A new scan replaces its slot.
  const kept = { main: null, public: null };
  // What each kept scan read: the file, or the CSV of a workbook's sheet
  // (masking reads the same bytes again).
  const sources = { main: null, public: null };
  const keep = (slot, scanner) => {
    if (kept[slot]) freeQuietly(kept[slot]);
    kept[slot] = scanner;
  };
  const need = (slot) => {
    if (kept[slot]) return kept[slot];
    const err = new Error(`no finished ${slot} scan in this worker`);
    err.name = 'no_scan';
    throw err;
  };

  self.onmessage = async (event) => {
    const { id, type } = event.data;
    if (type === 'init') {
      // Errors show with the first request, which loads again.
      core().catch(() => (ready = null));
      return;
    }
    try {
      const wasm = await core();
      if (type === 'scan') {
        const slot = event.data.slot === 'public' ? 'public' : 'main';
        // The old copy goes first: two large tables need not fit at once.
        keep(slot, null);
        const { file, options = {}, port } = event.data;
        const { value, scanner, source } = port ? await scanSplit(wasm, id, file, options, port) : await scan(wasm, id, file, options, null);
        keep(slot, scanner);
        sources[slot] = source;
        self.postMessage({ id, type: 'result', value });
      } else if (type === 'relay') {
        const { port } = event.data;
        try {
          await relay(wasm, event.data.file, event.data.options ?? {}, port);
        } catch (err) {
          // A file the core refuses (not text, a field over the cap …) is
          // the scan's error: it goes to the scanning worker, which reports
          // it and stays alive with the scans it keeps. A trap is not.
          const out = describe(id, err);
          if (out.type === 'crashed') throw err;
          port.postMessage({ type: 'error', code: out.code, message: out.message });
        }
        self.postMessage({ id, type: 'relayed' });
      } else if (type === 'risk') {
        self.postMessage({ id, type: 'result', value: need('main').risk(event.data.options ?? {}) });
      } else if (type === 'link') {
        self.postMessage({ id, type: 'result', value: need('main').link(need('public'), event.data.options ?? {}) });
      } else if (type === 'catalogue') {
        // What the masking forms need from the core: its operators, and
        // its defaults and limits (k, key size).
        self.postMessage({ id, type: 'result', value: { operators: wasm.operatorCatalogue(), defaults: wasm.defaults() } });
      } else if (type === 'suggest') {
        self.postMessage({ id, type: 'result', value: need('main').suggest(event.data.options ?? {}) });
      } else if (type === 'mask') {
        self.postMessage({ id, type: 'result', ...(await mask(need('main'), id, { ...event.data, file: sources.main ?? event.data.file })) });
      } else if (type === 'preview') {
        self.postMessage({ id, type: 'result', value: await preview(need('main'), { ...event.data, file: sources.main ?? event.data.file }) });
      } else if (type === 'crash-test') {
        wasm.crashForTesting();
      }
    } catch (err) {
      self.postMessage(describe(id, err));
    }
  };
}

/** A workbook (.xlsx, .xls, .ods) becomes the CSV of one sheet, read in
 * the core after its limits are checked; anything else is read as it is.
 * The digest stays that of the file itself (the hashing worker's). */
async function tableOf(wasm, file, options) {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  if (!wasm.looksLikeWorkbook(head)) return { blob: file, options };
  const sheet = wasm.workbookToCsv(new Uint8Array(await file.arrayBuffer()), options);
  try {
    return { blob: new Blob([sheet.csv], { type: 'text/csv' }), options: sheet.options };
  } finally {
    freeQuietly(sheet);
  }
}

/** The scanning side of a split scan: profiles the frames the helper sends
 * over `port` (acknowledging each) and finishes with what it sends last.
 * A workbook is read here instead, with the helper's digest. */
async function scanSplit(wasm, id, file, options, port) {
  const total = file.size;
  // The file's size lets the core allocate the copies it keeps for risk
  // once, for the rows it predicts, instead of growing them by doubling.
  const scanner = new wasm.WasmScanner({ ...options, name: file.name, sha256_by_caller: true, size_hint: file.size });
  let ok = false;
  try {
    self.postMessage({ id, type: 'progress', done: 0, total });
    let last = 0;
    const end = await new Promise((resolve, reject) => {
      port.onmessage = (event) => {
        const m = event.data;
        try {
          if (m.type === 'frame') {
            scanner.absorb(m.frame);
            // The buffer goes back to the helper for the next frame.
            port.postMessage({ type: 'ack', buffer: m.frame.buffer }, [m.frame.buffer]);
            const now = performance.now();
            if (now - last >= PROGRESS_EVERY_MS) {
              last = now;
              self.postMessage({ id, type: 'progress', done: m.done, total });
            }
          } else if (m.type === 'error') {
            const err = new Error(m.message);
            err.name = m.code;
            reject(err);
          } else {
            resolve(m);
          }
        } catch (err) {
          reject(err);
        }
      };
    });
    if (end.type === 'digest') {
      freeQuietly(scanner);
      ok = true;
      return await scan(wasm, id, file, options, Promise.resolve(end.hex));
    }
    self.postMessage({ id, type: 'progress', done: total, total });
    const value = scanner.finishRelayed(end.input);
    ok = true;
    return { value, scanner, source: file };
  } finally {
    // Nothing more is taken from the helper, whatever happened.
    port.close();
    if (!ok) freeQuietly(scanner);
  }
}

/** The helper's side of a split scan: reads, hashes and parses `file` into
 * frames sent over `port`, never more than FRAMES_IN_FLIGHT ahead of the
 * scanning worker. A workbook is only hashed. */
async function relay(wasm, file, options, port) {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  if (wasm.looksLikeWorkbook(head)) {
    port.postMessage({ type: 'digest', hex: await hash(wasm, file) });
    return;
  }
  let inFlight = 0;
  let wake = null;
  // Frame buffers come back with the acknowledgements and are reused: a
  // fresh ~1 MB buffer per batch left garbage that grew the tab's memory
  // faster than the collector freed it.
  const pool = [];
  port.onmessage = (event) => {
    inFlight -= 1;
    if (event.data.buffer) pool.push(event.data.buffer);
    wake?.();
    wake = null;
  };
  const relay = new wasm.WasmRelay(options);
  let done = 0;
  const send = async () => {
    for (let len; (len = relay.frameLength()) !== undefined; ) {
      while (inFlight >= FRAMES_IN_FLIGHT) await new Promise((r) => (wake = r));
      let buffer = pool.pop();
      if (!buffer || buffer.byteLength < len) buffer = new ArrayBuffer(Math.ceil(len * 1.25));
      const frame = new Uint8Array(buffer, 0, len);
      relay.takeFrameInto(frame);
      inFlight += 1;
      port.postMessage({ type: 'frame', frame, done }, [buffer]);
    }
  };
  try {
    await readAll(file, (chunk) => {
      relay.feed(chunk);
      done += chunk.length;
      return send();
    });
    const input = relay.finish();
    await send();
    port.postMessage({ type: 'end', input });
  } finally {
    freeQuietly(relay);
  }
}

/** Scans `file`; resolves to the report, the finished scanner (which
 * the caller keeps and frees) and what was read. */
async function scan(wasm, id, file, options, sha) {
  const table = await tableOf(wasm, file, options);
  const scanner = new wasm.WasmScanner(
    { ...table.options, name: file.name, sha256_by_caller: !!sha, size_hint: table.blob.size },
  );
  file = table.blob;
  let ok = false;
  try {
    const total = file.size;
    self.postMessage({ id, type: 'progress', done: 0, total });
    await readAll(file, (chunk) => scanner.feed(chunk), id);
    self.postMessage({ id, type: 'progress', done: total, total });
    if (sha) scanner.setSha256(await sha);
    const value = scanner.finish();
    ok = true;
    return { value, scanner, source: file };
  } finally {
    if (!ok) freeQuietly(scanner);
  }
}

/** The second pass: the same file through a masker; the output goes into
 * a Blob part by part (the browser may keep large Blobs on disk). */
async function mask(scanner, id, { file, plan, key, options, langs }) {
  const masker = scanner.masker(plan, key ?? '', options ?? {});
  try {
    const parts = [];
    await readAll(
      file,
      (chunk) => {
        const out = masker.feed(chunk);
        if (out.length) parts.push(out);
      },
      id,
    );
    const tail = masker.finish();
    if (tail.length) parts.push(tail);
    return {
      value: masker.report(),
      blob: new Blob(parts, { type: 'text/csv' }),
      // The printable report in every language of the page.
      html: Object.fromEntries((langs ?? ['en']).map((l) => [l, masker.html(l)])),
    };
  } finally {
    freeQuietly(masker);
  }
}

/** The first rows before and after a plan, from the start of the file. */
async function preview(scanner, { file, plan, key, rows = 8 }) {
  const masker = scanner.masker(plan, key ?? '', { encoding_out: 'utf-8' });
  try {
    masker.capture(rows + 1);
    const head = new Uint8Array(await file.slice(0, 256 * 1024).arrayBuffer());
    masker.feed(head);
    return masker.preview();
  } finally {
    freeQuietly(masker);
  }
}

async function hash(wasm, file) {
  const hasher = new wasm.WasmHasher();
  try {
    await readAll(file, (chunk) => hasher.update(chunk));
    return hasher.finish();
  } finally {
    freeQuietly(hasher);
  }
}

/** Reads `blob` chunk by chunk into `onChunk` (`blob.stream()` reads
 * faster than slicing by hand); with a request `id`, posts progress at
 * most every PROGRESS_EVERY_MS. Where the stream is a byte stream (it is in
 * current browsers) one READ_CHUNK buffer is read into again and again, so
 * reading a large file leaves no garbage behind; `onChunk` must be done
 * with a chunk when it returns (or its promise resolves). */
async function readAll(blob, onChunk, id = null) {
  const total = blob.size;
  let done = 0;
  let last = 0;
  const stream = blob.stream();
  let reader;
  let buffer = null;
  try {
    reader = stream.getReader({ mode: 'byob' });
    buffer = new ArrayBuffer(READ_CHUNK);
  } catch {
    reader = stream.getReader();
  }
  for (;;) {
    const { value, done: end } = buffer ? await reader.read(new Uint8Array(buffer)) : await reader.read();
    if (end) break;
    await onChunk(value);
    // The read took the buffer over; its memory comes back in `value`.
    if (buffer) buffer = value.buffer;
    done += value.length;
    const now = performance.now();
    if (id !== null && now - last >= PROGRESS_EVERY_MS) {
      last = now;
      self.postMessage({ id, type: 'progress', done, total });
    }
  }
}

/** Frees a wasm object. After a trap even free() may throw, and the
 * original error matters more. */
function freeQuietly(obj) {
  try {
    obj.free();
  } catch {}
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
