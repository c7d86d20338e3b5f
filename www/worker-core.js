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
//               { id, type: 'split-scan', file, options, ports, hashPort }
//                        the file in byte ranges: this worker scans the
//                        first and coordinates, a range worker on each
//                        port scans one, the helper hashes (below)
//               { type: 'range-serve', port }   a range worker's jobs
//               { id, type: 'hash', file, port } the helper hashes
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
// Range ports:  coordinator → range worker { file, options, start, end, last, reading }
//               range worker → coordinator { type: 'progress', done } …
//                                          { type: 'done', end }
// Hash port:    helper → coordinator { type: 'digest', hex } | { type: 'error', code, message }
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
      } else if (type === 'split-scan') {
        keep('main', null);
        const { file, options = {}, ports, hashPort } = event.data;
        const { value, scanner, source } = await scanRanges(wasm, id, file, options, ports, hashPort);
        keep('main', scanner);
        sources.main = source;
        self.postMessage({ id, type: 'result', value });
      } else if (type === 'range-serve') {
        serveRanges(wasm, event.data.port);
      } else if (type === 'hash') {
        const { port } = event.data;
        try {
          port.postMessage({ type: 'digest', hex: await hash(wasm, event.data.file) });
        } catch (err) {
          const out = describe(id, err);
          if (out.type === 'crashed') throw err;
          port.postMessage({ type: 'error', code: out.code, message: out.message });
        }
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
            reject(named(m));
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

/** A scan split into byte ranges scanned at once (as the CLI splits a
 * file over its cores): this worker finds the cuts, scans the first range
 * (which reads the header and sniffs the dialect) and hands the others to
 * the range workers on `ports` once it knows how to read them; the helper
 * hashes the file meanwhile. The core's plan (`WasmSplit`) checks every
 * guess: a range that did not end between records or disagrees on the
 * encoding is scanned again here, and an error counts only where the
 * ranges before it were sound. The report is the one a single scan gives. */
async function scanRanges(wasm, id, file, options, ports, hashPort) {
  const digest = new Promise((resolve, reject) => {
    hashPort.onmessage = ({ data }) => (data.type === 'digest' ? resolve(data.hex) : reject(named(data)));
  });
  digest.catch(() => {});
  const opts = { ...options, name: file.name };
  const total = file.size;
  try {
    const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
    const whole = () => scan(wasm, id, file, options, digest);
    if (wasm.looksLikeWorkbook(head)) return await whole();
    const cuts = new wasm.WasmCuts(total, ports.length + 1);
    let starts;
    try {
      for (let at; (at = cuts.want()) !== undefined; ) {
        cuts.window(new Uint8Array(await file.slice(at, at + 64 * 1024).arrayBuffer()));
      }
      starts = cuts.starts();
    } finally {
      freeQuietly(cuts);
    }
    if (starts.length < 2) return await whole();
    const split = new wasm.WasmSplit(opts, starts, total);
    let merged = null;
    try {
      const done = new Array(starts.length).fill(0);
      let last = 0;
      const progress = () => {
        const now = performance.now();
        if (now - last < PROGRESS_EVERY_MS) return;
        last = now;
        self.postMessage({ id, type: 'progress', done: done.reduce((a, b) => a + b, 0), total });
      };
      self.postMessage({ id, type: 'progress', done: 0, total });
      // The first range, here; the others start once it knows how to read.
      let reading = null;
      let jobs = null;
      const first = new wasm.WasmRange(opts, 0, null, null);
      try {
        const [, end0] = split.range(0);
        await readAll(file.slice(0, end0), (chunk) => {
          first.feed(chunk);
          done[0] += chunk.length;
          progress();
          if (!jobs && (reading = first.reading()) !== null) {
            jobs = ports.slice(0, starts.length - 1).map((port, k) => {
              const [start, end] = split.range(k + 1);
              return rangeJob(port, { file, options: opts, start, end, last: split.isLast(k + 1), reading }, (n) => {
                done[k + 1] = n;
                progress();
              });
            });
          }
        });
        // Sniffing needs more than the first range (a very wide table).
        if (!jobs) return await whole();
        split.set(0, first.end(split.isLast(0)));
      } finally {
        freeQuietly(first);
      }
      const ends = await Promise.all(jobs);
      ends.forEach((end, k) => split.set(k + 1, end ?? wasm.WasmRange.failedElsewhere()));
      for (;;) {
        const step = split.nextStep();
        if (step.type === 'merge') {
          merged = split.merge(await digest);
          self.postMessage({ id, type: 'progress', done: total, total });
          return { value: merged.report(), scanner: merged, source: file };
        }
        if (step.type === 'whole') return await whole();
        const [start] = split.range(step.from);
        const [, end] = split.range(step.to);
        const again = new wasm.WasmRange(opts, start, start === 0 ? null : reading, step.encoding ?? null);
        try {
          await readAll(file.slice(start, end), (chunk) => again.feed(chunk));
          split.join(step.from, step.to, again.end(split.isLast(step.to)));
        } finally {
          freeQuietly(again);
        }
      }
    } finally {
      freeQuietly(split);
    }
  } finally {
    for (const port of [...ports, hashPort]) port.close();
  }
}

/** Sends a range to a range worker; resolves to what it came to (bytes),
 * or null when the worker could not read it. */
function rangeJob(port, job, onProgress) {
  return new Promise((resolve) => {
    port.onmessage = ({ data }) => {
      if (data.type === 'progress') onProgress(data.done);
      else resolve(data.type === 'done' ? data.end : null);
    };
    port.postMessage(job);
  });
}

/** A range worker: scans the ranges the coordinator sends on `port`. */
function serveRanges(wasm, port) {
  port.onmessage = async ({ data: job }) => {
    const range = new wasm.WasmRange(job.options, job.start, job.reading, null);
    try {
      let done = 0;
      let last = 0;
      await readAll(job.file.slice(job.start, job.end), (chunk) => {
        range.feed(chunk);
        done += chunk.length;
        const now = performance.now();
        if (now - last >= PROGRESS_EVERY_MS) {
          last = now;
          port.postMessage({ type: 'progress', done });
        }
      });
      port.postMessage({ type: 'progress', done });
      const end = range.end(job.last);
      port.postMessage({ type: 'done', end }, [end.buffer]);
    } catch (err) {
      // A trap poisons this worker: the client replaces it. Anything else
      // (the file unreadable here) the coordinator finds again itself.
      if (describe(null, err).type === 'crashed') {
        self.postMessage({ type: 'crashed', message: String(err?.message ?? err) });
        return;
      }
      port.postMessage({ type: 'failed' });
    } finally {
      freeQuietly(range);
    }
  };
}

/** An error sent as `{ code, message }` as an Error named by its code. */
function named({ code, message }) {
  const err = new Error(message);
  err.name = code;
  return err;
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
