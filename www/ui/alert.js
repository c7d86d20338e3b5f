// One place for errors and notices; the rest of the page keeps working.
import { t } from '../i18n/index.js';
import { h, fill } from './dom.js';

/** A panel's error line: a replaced worker has lost the scan it kept
 * (`no_scan`), anything else says what the core said. */
export function errorLine(err) {
  return h('p', { class: 'risk-error', role: 'alert' }, err.code === 'no_scan' ? t('risk.noScan') : err.message);
}

export class Alert {
  constructor(root) {
    this.root = root;
    this.current = null;
  }

  /** kind: 'error' | 'notice'. `render()` returns the message in the current
   * language, so a language switch re-words an open alert. */
  show(kind, title, render) {
    this.current = { kind, title, render };
    this.draw();
    this.root.focus();
  }

  clear() {
    this.current = null;
    this.root.hidden = true;
    fill(this.root);
  }

  draw() {
    const c = this.current;
    if (!c) return;
    this.root.hidden = false;
    this.root.className = `alert ${c.kind}`;
    this.root.setAttribute('role', c.kind === 'error' ? 'alert' : 'status');
    fill(
      this.root,
      h('div', { class: 'alert-body' }, c.title ? h('strong', {}, c.title()) : null, h('p', { 'data-testid': 'alert-message' }, c.render())),
      h('button', { class: 'ghost', type: 'button', onclick: () => this.clear() }, t('error.dismiss')),
    );
  }
}
