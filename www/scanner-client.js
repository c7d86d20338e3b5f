import { LANGS } from './i18n/index.js';
// Main-thread bridge to the workers. Two workers start lazily and share a
// scan, as the CLI's two threads do: the helper reads, hashes and parses
// the file and sends batches of rows straight to the scanning worker over
// a MessageChannel; the scanning worker profiles them, builds the report
// and keeps the scan for risk, linkage and masking. With more cores
// (`navigator.hardwareConcurrency`) a large file is cut into byte ranges
// instead, as the CLI cuts it: the scanning worker scans the first and
// merges, a range worker per further core scans one each, and the helper
// hashes the file. Requests run one at a time
// (a queue), and every call takes an AbortSignal: cancelling terminates the
// workers — the only way to stop wasm mid-loop — and the next call starts
// fresh ones. A trapped instance is thrown away the same way.

/** Error for a scan that ended without a report. `code` is the core's error
 * code (`not_text`, `field_too_large` …), or `aborted` / `crashed`. */
export class ScanError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'ScanError';
    this.code = code;
  }
}

/** Range workers at most, whatever the cores (each holds its own copy of
 * the wasm module and of its range's profiles). */
const MAX_RANGES = 8;

export class ScannerClient {
  /** `createWorker()` returns a new Worker running worker-core.js. */
  constructor(createWorker) {
    this.createWorker = createWorker;
    // Roles: 'scan', 'helper', and 'range1' … for split scans.
    this.workers = {};
    this.nextId = 1;
    this.current = null; // { id, resolve, reject, onProgress }
    this.queue = Promise.resolve();
    /** Called when a worker traps outside any request. */
    this.onCrash = null;
    /** The catalogue's answer, once asked (see `catalogue`). */
    this.catalogued = null;
  }

  /** Scans a File (or Blob with a name). Resolves to the report object.
   * The worker keeps the finished scan for `risk` and `link`; `slot:
   * 'public'` keeps it as the second table of a linkage instead. */
  scan(file, { options = {}, signal, onProgress, slot = 'main' } = {}) {
    // Minors are counted at today's date (UTC, as the CLI's default).
    options = { as_of: new Date().toISOString().slice(0, 10), ...options };
    // The smallest file worth splitting is the core's (asked once).
    const limits = slot === 'main' ? this.catalogue().catch(() => null) : null;
    return this.#enqueue(async () => {
      const ranges = await this.#rangesFor(file, limits);
      return this.#request(signal, onProgress, (id) => {
        if (slot !== 'main') {
          // The public table of a linkage is small and read once: no helper.
          this.#worker('scan').postMessage({ id, type: 'scan', file, options, slot });
          return;
        }
        if (ranges >= 2) {
          const ports = [];
          for (let i = 1; i < ranges; i++) {
            const { port1, port2 } = new MessageChannel();
            this.#worker(`range${i}`).postMessage({ type: 'range-serve', port: port1 }, [port1]);
            ports.push(port2);
          }
          const hash = new MessageChannel();
          this.#worker('helper').postMessage({ id, type: 'hash', file, port: hash.port1 }, [hash.port1]);
          this.#worker('scan').postMessage({ id, type: 'split-scan', file, options, ports, hashPort: hash.port2 }, [...ports, hash.port2]);
          return;
        }
        const { port1, port2 } = new MessageChannel();
        this.#worker('helper').postMessage({ id, type: 'relay', file, options, port: port1 }, [port1]);
        this.#worker('scan').postMessage({ id, type: 'scan', file, options, slot, port: port2 }, [port2]);
      });
    });
  }

  /** How many byte ranges to scan `file` in: one per core but the one the
   * page runs on (up to MAX_RANGES), for files from the core's
   * `split_min_bytes`; 1 (the two-worker scan) otherwise. */
  async #rangesFor(file, limits) {
    if (!limits) return 1;
    const cores = globalThis.navigator?.hardwareConcurrency ?? 2;
    const ranges = Math.min(cores - 1, MAX_RANGES);
    const min = (await limits)?.defaults?.split_min_bytes;
    return ranges >= 2 && typeof min === 'number' && file.size >= min ? ranges : 1;
  }

  /** The `risk` block for other columns, from the last finished scan (no
   * re-reading). Rejects with code `no_scan` when the worker was replaced
   * since (a cancel or a crash). */
  risk(options, { signal } = {}) {
    return this.#call({ type: 'risk', options }, { signal });
  }

  /** What the masking forms need from the core: `{ operators: [{ name,
   * effect, needs_key, choices: [{ params, label }] }], defaults: { k_target,
   * k_min_masking, key_min_bytes } }`. */
  catalogue({ signal } = {}) {
    // Fixed for a build: asked once, whoever asks (the page at load, the
    // masking panel, the package's mask); asked again after a failure.
    this.catalogued ??= this.#call({ type: 'catalogue' }, { signal }).catch((err) => {
      this.catalogued = null;
      throw err;
    });
    return this.catalogued;
  }

  /** Masking suggestions (with the generalisation search) for the last
   * scanned file. */
  suggest(options, { signal } = {}) {
    return this.#call({ type: 'suggest', options }, { signal });
  }

  /** Masks the last scanned file (read again): resolves to `{ report,
   * blob, html: { LANG: text } }`. */
  mask(file, { plan, key, options, signal, onProgress } = {}) {
    return this.#call({ type: 'mask', file, plan, key, options, langs: LANGS }, { signal, onProgress });
  }

  /** The first rows before and after a plan: `[[input], [output]]` each. */
  preview(file, { plan, key, rows, signal } = {}) {
    return this.#call({ type: 'preview', file, plan, key, rows }, { signal });
  }

  /** Links the last scanned file to the last public table. */
  link(options, { signal } = {}) {
    return this.#call({ type: 'link', options }, { signal });
  }

  /** Starts both workers and has them initialise the wasm now (the page
   * calls this once loaded). Nothing is read; a failure to load shows with
   * the first request. */
  warm() {
    for (const role of ['scan', 'helper']) this.#worker(role).postMessage({ type: 'init' });
  }

  /** Traps the scanning wasm instance on purpose (tests of recovery). */
  crashForTesting() {
    return this.#call({ type: 'crash-test' });
  }

  /** Stops the workers now; a pending request rejects with `code`. */
  terminate(code = 'aborted', message = 'cancelled') {
    for (const role of Object.keys(this.workers)) this.#stop(role);
    const cur = this.current;
    this.current = null;
    if (cur) cur.reject(new ScanError(code, message));
  }

  /** One queued request to the scanning worker: `message` plus an id. */
  #call(message, { signal = null, onProgress = null } = {}) {
    return this.#enqueue(() => this.#request(signal, onProgress, (id) => this.#worker('scan').postMessage({ id, ...message })));
  }

  #enqueue(run) {
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }

  #stop(role) {
    this.workers[role]?.terminate();
    this.workers[role] = null;
  }

  #worker(role) {
    if (this.workers[role]) return this.workers[role];
    const w = this.createWorker();
    w.onmessage = (e) => this.#onMessage(role, e.data);
    // A worker that fails to load (or dies outside a request) is replaced.
    w.onerror = (e) => {
      e.preventDefault?.();
      this.terminate('crashed', e.message || 'the scanner could not start');
    };
    this.workers[role] = w;
    return w;
  }

  #request(signal, onProgress, send) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(new ScanError('aborted', 'cancelled'));
        return;
      }
      const id = this.nextId++;
      const onAbort = () => this.terminate('aborted', 'cancelled');
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (fn) => (v) => {
        signal?.removeEventListener('abort', onAbort);
        fn(v);
      };
      this.current = { id, resolve: done(resolve), reject: done(reject), onProgress };
      send(id);
    });
  }

  #onMessage(role, m) {
    const cur = this.current;
    if (m.type === 'crashed') {
      // Whatever request it came from, the instance is poisoned. A crash
      // outside the current request (or with none running: the risk panel
      // may be recomputing) is no caller's to report, so it is told here.
      this.terminate('crashed', m.message);
      if (!cur || m.id !== cur.id) this.onCrash?.(m.message);
      return;
    }
    if (!cur || m.id !== cur.id) return; // a late message from a cancelled request
    switch (m.type) {
      case 'progress':
        cur.onProgress?.(m.done, m.total);
        break;
      case 'result':
        this.current = null;
        // Objects from the core (serde-wasm-bindgen), structured-cloned.
        cur.resolve(m.blob ? { report: m.value, blob: m.blob, html: m.html } : m.value);
        break;
      case 'error':
        this.current = null;
        // The other workers of a split scan may be waiting or reading for
        // nothing: they start afresh with the next request.
        for (const other of Object.keys(this.workers)) if (other !== role) this.#stop(other);
        cur.reject(new ScanError(m.code, m.message));
        break;
    }
  }
}
