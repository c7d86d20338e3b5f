// Main-thread bridge to the scanning worker. The worker starts lazily, runs
// one request at a time (a queue), and every call takes an AbortSignal:
// cancelling terminates the worker — the only way to stop wasm mid-loop —
// and the next call starts a fresh one. A trapped instance is thrown away
// the same way.

/** Error for a scan that ended without a report. `code` is the core's error
 * code (`not_text`, `field_too_large` …), or `aborted` / `crashed`. */
export class ScanError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'ScanError';
    this.code = code;
  }
}

export class ScannerClient {
  /** `createWorker()` returns a new Worker running worker-core.js. */
  constructor(createWorker) {
    this.createWorker = createWorker;
    this.worker = null;
    this.nextId = 1;
    this.current = null; // { id, resolve, reject, onProgress }
    this.queue = Promise.resolve();
    /** Called when the worker traps outside any request. */
    this.onCrash = null;
  }

  /** Scans a File (or Blob with a name). Resolves to the report object. */
  scan(file, { options = {}, signal, onProgress } = {}) {
    const run = () => this.#request({ type: 'scan', file, options }, signal, onProgress);
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }

  /** Traps the wasm instance on purpose (end-to-end tests of recovery). */
  crashForTesting() {
    const run = () => this.#request({ type: 'crash-test' });
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }

  /** Stops the worker now; a pending request rejects with `aborted`. */
  terminate(code = 'aborted', message = 'cancelled') {
    if (this.worker) {
      this.worker.terminate();
      this.worker = null;
    }
    const cur = this.current;
    this.current = null;
    if (cur) cur.reject(new ScanError(code, message));
  }

  #ensureWorker() {
    if (this.worker) return this.worker;
    const w = this.createWorker();
    w.onmessage = (e) => this.#onMessage(e.data);
    // A worker that fails to load (or dies outside a request) is replaced.
    w.onerror = (e) => {
      e.preventDefault?.();
      this.terminate('crashed', e.message || 'the scanner could not start');
    };
    this.worker = w;
    return w;
  }

  #request(msg, signal, onProgress) {
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
      this.#ensureWorker().postMessage({ id, ...msg });
    });
  }

  #onMessage(m) {
    const cur = this.current;
    if (m.type === 'crashed') {
      // Whatever request it came from, the instance is poisoned.
      this.terminate('crashed', m.message);
      if (!cur) this.onCrash?.(m.message);
      return;
    }
    if (!cur || m.id !== cur.id) return; // a late message from a cancelled request
    switch (m.type) {
      case 'progress':
        cur.onProgress?.(m.done, m.total);
        break;
      case 'result':
        this.current = null;
        try {
          cur.resolve(JSON.parse(m.json));
        } catch (err) {
          cur.reject(new ScanError('error', String(err)));
        }
        break;
      case 'error':
        this.current = null;
        cur.reject(new ScanError(m.code, m.message));
        break;
    }
  }
}
