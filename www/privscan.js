// PrivScan as an ES module for your own pages: `scan` and `mask` run the
// Rust core (WebAssembly) in Web Workers started from this package's own
// files — nothing is fetched from anywhere else and nothing is sent.
//
//   import { scan, mask } from 'privscan';
//   const report = await scan(file, { onProgress: (done, total) => …, signal });
//   const { report: after, blob } = await mask(file, { policy: 'pipl' });
import { ScannerClient, ScanError } from './scanner-client.js';

export { ScanError };

let client = null;

/** The one client of this page: two module workers, started on first use. */
function get() {
  client ??= new ScannerClient(() => new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }));
  return client;
}

/** A File, or a Blob/ArrayBuffer/typed array given a name. */
function toFile(input, name = 'table.csv') {
  if (typeof File !== 'undefined' && input instanceof File) return input;
  if (input instanceof Blob) return new File([input], name);
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) return new File([input], name);
  throw new TypeError('privscan: give a File, a Blob, an ArrayBuffer or a typed array');
}

/** Scans a table; resolves to the report (docs/report.schema.json).
 * `options` are the core's scan options (`k`, `qi`, `policy`, `purpose` …);
 * `onProgress(done, total)` reports bytes read; `signal` cancels (the
 * promise rejects with a ScanError of code `aborted`). */
export function scan(input, { signal, onProgress, name, ...options } = {}) {
  const file = toFile(input, name);
  return get().scan(file, { options: { name: file.name, ...options }, signal, onProgress });
}

/** Masks a table: scans it, takes `plan` (steps) or the suggested plan
 * (searched for `k`, following `policy` and `purpose` when given), and
 * resolves to `{ report, blob, plan }` — the report after masking and the
 * masked CSV. `key` (hex) is the pseudonymisation key; one is made when a
 * plan needs it and none is given (`key` comes back too). */
export async function mask(input, { plan, key, signal, onProgress, name, k, policy, purpose, encoding_out, ...options } = {}) {
  const file = toFile(input, name);
  const c = get();
  await c.scan(file, { options: { name: file.name, ...(k ? { k } : {}), ...(policy ? { policy } : {}), ...(purpose ? { purpose } : {}), ...options }, signal, onProgress });
  const steps = plan ?? (await c.suggest({ ...(k ? { k } : {}), ...(policy ? { policy } : {}), ...(purpose ? { purpose } : {}) }, { signal })).steps;
  if (!key && (await needsKey(c, steps, signal))) key = newKey();
  const out = name ?? file.name;
  const { report, blob } = await c.mask(file, {
    plan: steps,
    key: key ?? '',
    options: { name: out.replace(/\.[^.]*$/, '') + '.masked.csv', ...(encoding_out ? { encoding_out } : {}), ...(policy ? { policy } : {}) },
    signal,
    onProgress,
  });
  return { report, blob, plan: steps, key };
}

async function needsKey(c, steps, signal) {
  const { operators } = await c.catalogue({ signal });
  return steps.some((s) => operators.some((o) => o.name === s.operator && o.needs_key));
}

function newKey() {
  const b = new Uint8Array(32);
  crypto.getRandomValues(b);
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** Stops the workers (a running call rejects with code `aborted`). */
export function terminate() {
  client?.terminate();
}
