// <privscan-check>: a form control for upload pages. It wraps the form's
// <input type="file">: when a file is chosen it is scanned here, in a
// worker (nothing is sent), a compact verdict is shown and announced, a
// `privscan-report` event carries the report, and with `block` the input
// gets a custom validity message, so the browser's own form validation
// stops the submission until the file passes.
//
//   <privscan-check block="direct" page="/privscan/">
//     <label for="table">Your table</label>
//     <input id="table" type="file" name="table" required>
//   </privscan-check>
//
// Attributes: `block` — direct, quasi, sensitive, personal (any of them),
// or a policy (pipl, hipaa-safe-harbor, gdpr: the file must already meet
// it); `lang` — the element's language (default: the page's); `page` — the
// full PrivScan page, opened on the same file by the element's link.
// Styling: the parts `status`, `verdict`, `detail` and `link`.
import { scan, ScanError } from './privscan.js';
import { tIn, sayIn } from './i18n/index.js';

const KINDS = { direct: ['direct'], quasi: ['quasi'], sensitive: ['sensitive'], personal: ['direct', 'quasi', 'sensitive'] };

export class PrivScanCheck extends HTMLElement {
  static observedAttributes = ['lang', 'block'];

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    // A stylesheet file, not a <style>: a strict CSP allows 'self' styles.
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = new URL('./privscan-check.css', import.meta.url).href;
    this.status = Object.assign(document.createElement('div'), { role: 'status' });
    this.status.setAttribute('part', 'status');
    this.status.setAttribute('aria-live', 'polite');
    this.link = Object.assign(document.createElement('a'), { href: '#', hidden: true });
    this.link.setAttribute('part', 'link');
    this.link.addEventListener('click', (e) => {
      e.preventDefault();
      this.openPage();
    });
    root.append(css, document.createElement('slot'), this.status, this.link);
    this.onChange = () => this.check();
    this.controller = null;
    this.file = null;
    this.report = null;
  }

  connectedCallback() {
    this.input = this.querySelector('input[type=file]');
    this.input?.addEventListener('change', this.onChange);
    this.render();
  }

  disconnectedCallback() {
    this.input?.removeEventListener('change', this.onChange);
    this.controller?.abort();
  }

  attributeChangedCallback() {
    this.render();
  }

  get language() {
    return this.getAttribute('lang') || this.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || navigator.language;
  }

  t(key, params) {
    return tIn(this.language, key, params);
  }

  /** The policy `block` names, if it names one. */
  get policy() {
    const b = this.getAttribute('block');
    return b && !KINDS[b] ? b : null;
  }

  async check() {
    this.controller?.abort();
    const file = this.input?.files?.[0] ?? null;
    Object.assign(this, { file, report: null, error: null });
    if (!file) {
      this.input?.setCustomValidity('');
      this.render();
      return;
    }
    const controller = new AbortController();
    this.controller = controller;
    // Until the verdict is in, the form waits.
    if (this.hasAttribute('block')) this.input.setCustomValidity(this.t('upload.checking', { name: file.name }));
    this.state = 'checking';
    this.render();
    try {
      const report = await scan(file, { signal: controller.signal, ...(this.policy ? { policy: this.policy } : {}) });
      if (this.controller !== controller) return;
      this.report = report;
      this.dispatchEvent(new CustomEvent('privscan-report', { detail: { report, file }, bubbles: true, composed: true }));
    } catch (err) {
      if (this.controller !== controller || (err instanceof ScanError && err.code === 'aborted')) return;
      this.error = err;
    }
    this.controller = null;
    this.state = 'done';
    this.input.setCustomValidity(this.blocked() ?? '');
    this.render();
  }

  /** Why the file may not be submitted, or null. */
  blocked() {
    const block = this.getAttribute('block');
    if (!block) return null;
    if (this.error) return this.t('upload.unreadable', { message: this.error.message });
    const r = this.report;
    if (!r) return null;
    const kinds = KINDS[block];
    if (kinds) {
      const cols = r.columns.filter((c) => kinds.includes(c.kind)).map((c) => c.name);
      return cols.length ? this.t('upload.blocked', { cols: cols.join(', ') }) : null;
    }
    // A policy: the file passes when its suggested plan changes nothing.
    const cols = (r.suggestions ?? []).filter((s) => s.operator !== 'keep').map((s) => r.columns[s.column]?.name ?? String(s.column));
    return cols.length ? this.t('upload.policy', { policy: block, cols: [...new Set(cols)].join(', ') }) : null;
  }

  render() {
    if (!this.status) return;
    this.status.replaceChildren();
    this.link.hidden = true;
    if (!this.file) return;
    const line = (part, text) => {
      const p = document.createElement('p');
      p.setAttribute('part', part);
      p.textContent = text;
      this.status.append(p);
    };
    if (this.state === 'checking') {
      this.status.dataset.state = 'checking';
      line('verdict', this.t('upload.checking', { name: this.file.name }));
      return;
    }
    const why = this.blocked();
    this.status.dataset.state = this.error ? 'error' : why ? 'blocked' : 'passed';
    if (this.error) {
      line('verdict', this.t('upload.unreadable', { message: this.error.message }));
    } else {
      line('verdict', sayIn(this.language, this.report.summary.verdict));
      if (why) line('detail', why);
      else if (this.hasAttribute('block')) line('detail', this.t('upload.passed'));
    }
    if (this.getAttribute('page')) {
      this.link.textContent = this.t('upload.open');
      this.link.hidden = false;
    }
  }

  /** Opens the full page in a new tab and hands it the same file (a
   * structured clone between windows of one origin: still nothing sent). */
  openPage() {
    const url = new URL(this.getAttribute('page'), document.baseURI);
    const w = window.open(url.href, '_blank');
    if (!w || !this.file) return;
    const file = this.file;
    const onMessage = (e) => {
      if (e.source !== w || e.origin !== url.origin || e.data?.type !== 'privscan-ready') return;
      window.removeEventListener('message', onMessage);
      w.postMessage({ type: 'privscan-open', file }, url.origin);
    };
    window.addEventListener('message', onMessage);
  }
}

if (!customElements.get('privscan-check')) customElements.define('privscan-check', PrivScanCheck);
