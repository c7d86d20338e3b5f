// Several files at once (chosen together, a folder, or dropped): each is
// scanned in turn in the same worker as a single file is, and a table
// shows every file's verdict and counts, like `privscan scan DIR`; a row's
// button opens that file's full report below.
import { t, say, formatNumber } from '../i18n/index.js';
import { h, fill } from './dom.js';

export class BatchPanel {
  /** `scan(file, signal)` resolves to a report; `open(file)` shows one. */
  constructor(root, { scan, open }) {
    this.root = root;
    this.scanFile = scan;
    this.open = open;
    this.rows = [];
    this.controller = null;
  }

  /** Scans `files` one after another, showing each result as it comes. */
  async run(files) {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.rows = files.map((file) => ({ file, report: null, error: null }));
    this.root.hidden = false;
    this.render();
    for (const row of this.rows) {
      if (controller.signal.aborted) return;
      try {
        row.report = await this.scanFile(row.file, controller.signal);
      } catch (err) {
        if (err.code === 'aborted') return;
        row.error = err;
      }
      this.render();
    }
    if (this.controller === controller) this.controller = null;
  }

  hide() {
    this.controller?.abort();
    this.root.hidden = true;
  }

  render() {
    const has = (r, kind) => r.columns.filter((c) => c.kind === kind).length;
    const done = this.rows.filter((r) => r.report || r.error);
    const count = (f) => done.filter((r) => r.report && f(r.report)).length;
    const total = t('batch.total', {
      files: formatNumber(this.rows.length),
      done: formatNumber(done.length),
      direct: formatNumber(count((r) => has(r, 'direct') > 0)),
      quasi: formatNumber(count((r) => has(r, 'quasi') > 0)),
      sensitive: formatNumber(count((r) => has(r, 'sensitive') > 0)),
      failed: formatNumber(done.filter((r) => r.error).length),
    });
    fill(
      this.root,
      h('h2', {}, t('batch.title')),
      h('p', { 'data-testid': 'batch-total', 'aria-live': 'polite' }, total),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'findings batch', 'data-testid': 'batch-table' },
          h('thead', {}, h('tr', {}, ['file', 'verdict', 'direct', 'quasi', 'sensitive', ''].map((k) => h('th', { scope: 'col' }, k ? t(`batch.col.${k}`) : '')))),
          h(
            'tbody',
            {},
            this.rows.map((row) => {
              const r = row.report;
              const name = row.file.webkitRelativePath || row.file.name;
              const state = r ? (has(r, 'direct') ? 'direct' : has(r, 'quasi') ? 'quasi' : has(r, 'sensitive') ? 'sensitive' : 'none') : row.error ? 'error' : 'pending';
              return h(
                'tr',
                { class: `kind-${state}`, 'data-testid': 'batch-row', 'data-state': state },
                h('th', { scope: 'row' }, name),
                h('td', {}, r ? say(r.summary.verdict) : row.error ? `${t('batch.error')}: ${row.error.message}` : t('batch.pending')),
                ...['direct', 'quasi', 'sensitive'].map((k) => h('td', { class: 'num' }, r ? String(has(r, k)) : '')),
                h('td', {}, r ? h('button', { type: 'button', class: 'ghost bordered', 'data-testid': 'batch-open', onclick: () => this.open(row.file) }, t('batch.open')) : null),
              );
            }),
          ),
        ),
      ),
    );
  }
}
