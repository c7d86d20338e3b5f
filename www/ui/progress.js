// Progress of the running scan: a bar, %, bytes and MB/s, and Cancel.
import { t, formatBytes } from '../i18n/index.js';

export class Progress {
  constructor(root, onCancel) {
    this.root = root;
    this.bar = root.querySelector('progress');
    this.title = root.querySelector('[data-role=progress-title]');
    this.stats = root.querySelector('[data-role=progress-stats]');
    root.querySelector('[data-role=cancel]').addEventListener('click', onCancel);
    this.state = null;
  }

  start(name, total) {
    this.state = { name, total, done: 0, t0: performance.now() };
    this.root.hidden = false;
    this.render();
  }

  update(done, total) {
    if (!this.state) return;
    Object.assign(this.state, { done, total });
    this.render();
  }

  stop() {
    this.state = null;
    this.root.hidden = true;
    this.stats.textContent = '';
  }

  render() {
    const s = this.state;
    if (!s) return;
    const secs = Math.max((performance.now() - s.t0) / 1000, 1e-3);
    const pct = s.total ? Math.min(100, Math.floor((100 * s.done) / s.total)) : 0;
    this.bar.max = 100;
    this.bar.value = pct;
    // Once every byte is read, the verdicts and the risk measures take a
    // moment more on a large file: say so rather than sit at 100 %.
    const finishing = s.total > 0 && s.done >= s.total;
    this.root.dataset.phase = finishing ? 'finishing' : 'reading';
    this.title.textContent = t(finishing ? 'progress.finishing' : 'progress.reading', { name: s.name });
    this.stats.textContent = t('progress.stats', {
      pct,
      done: formatBytes(s.done),
      total: formatBytes(s.total),
      speed: formatBytes(s.done / secs),
    });
  }
}
