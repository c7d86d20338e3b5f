// The linkage demo for workshops: a second, "public" table with names (the
// bundled synthetic register, or the user's own file) is joined to the
// scanned file on the quasi-identifiers both hold, in the worker, and the
// page shows how many records that names — and what it then discloses.
import { t, formatNumber, formatPercent as pct } from '../i18n/index.js';
import { h, fill } from './dom.js';
import { errorLine } from './alert.js';

export class LinkagePanel {
  /** `run(file | null)` scans the public table (null: the bundled one)
   * and links; resolves to `{ link, publicName }`. */
  constructor(root, { run, demoAvailable }) {
    this.root = root;
    this.run = run;
    this.demoAvailable = demoAvailable;
    this.result = null;
    this.error = null;
    this.busy = false;
    this.input = h('input', {
      type: 'file',
      class: 'visually-hidden',
      accept: '.csv,.tsv,.txt,text/csv,text/plain',
      'data-testid': 'link-file-input',
      tabindex: -1,
      'aria-hidden': 'true',
      onchange: () => {
        const f = this.input.files?.[0];
        this.input.value = '';
        if (f) this.start(f);
      },
    });
  }

  /** A new file under study: earlier results belong to the old one. */
  reset() {
    this.result = null;
    this.error = null;
    this.render();
  }

  async start(file) {
    this.busy = true;
    this.error = null;
    this.render();
    try {
      this.result = await this.run(file);
    } catch (err) {
      this.result = null;
      this.error = err;
    } finally {
      this.busy = false;
      this.render();
    }
  }

  /** Links again (the quasi-identifier choice changed). */
  refresh(runAgain) {
    if (!this.result || this.busy) return;
    this.busy = true;
    runAgain()
      .then((r) => (this.result = r ?? this.result))
      .catch((err) => (this.error = err))
      .finally(() => {
        this.busy = false;
        this.render();
      });
  }

  render() {
    const buttons = h(
      'div',
      { class: 'link-actions' },
      this.demoAvailable
        ? h('button', { type: 'button', class: 'primary', 'data-testid': 'link-demo', disabled: this.busy, onclick: () => this.start(null) }, t('link.demo'))
        : null,
      h('button', { type: 'button', class: 'ghost bordered', 'data-testid': 'link-choose', disabled: this.busy, onclick: () => this.input.click() }, t('link.choose')),
      this.input,
    );
    fill(
      this.root,
      h('p', {}, t('link.intro')),
      buttons,
      this.busy ? h('p', { class: 'muted', 'aria-live': 'polite' }, t('link.busy')) : null,
      this.error ? errorLine(this.error) : null,
      this.result ? this.outcome(this.result) : null,
    );
  }

  outcome({ link, publicName }) {
    if (!link.shared.length) {
      return h('div', { class: 'link-result none', 'data-testid': 'link-result', 'data-linked': 0 }, h('p', { class: 'big' }, t('link.noShared', { name: publicName })));
    }
    const n = link.records || 1;
    const pairs = link.shared.map((p) => (p.name === p.public_name ? p.name : `${p.name} ↔ ${p.public_name}`)).join(' + ');
    const sensitiveCols = link.examples[0]?.disclosed.map(([c]) => c) ?? [];
    const identityCols = link.examples[0]?.identity.slice(0, 2).map(([c]) => c) ?? [];
    return h(
      'div',
      { class: `link-result ${link.linked ? 'bad' : 'ok'}`, 'data-testid': 'link-result', 'data-linked': link.linked, 'data-linked-unique': link.linked_unique },
      h('p', { class: 'muted small' }, t('link.on', { name: publicName, rows: formatNumber(link.public_records), cols: pairs })),
      h('p', { class: 'big' }, t('link.linked', { n: formatNumber(link.linked), total: formatNumber(link.records), pct: pct(link.linked / n) })),
      h('p', {}, t('link.certain', { n: formatNumber(link.linked_unique), matched: formatNumber(link.matched) })),
      link.unusable.length ? h('p', { class: 'muted small' }, t('link.unusable', { n: link.unusable.length })) : null,
      link.examples.length
        ? h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'uniques', 'data-testid': 'link-examples' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', { scope: 'col' }, t('risk.examples.row')),
                  link.shared.map((p) => h('th', { scope: 'col' }, p.name)),
                  identityCols.map((c) => h('th', { scope: 'col', class: 'named' }, c)),
                  sensitiveCols.map((c) => h('th', { scope: 'col', class: 'disclosed' }, c)),
                ),
              ),
              h(
                'tbody',
                {},
                link.examples.map((e) =>
                  h(
                    'tr',
                    {},
                    h('th', { scope: 'row' }, formatNumber(e.row)),
                    e.shared.map((v) => h('td', {}, v)),
                    e.identity.slice(0, 2).map(([, v]) => h('td', { class: 'named' }, v)),
                    e.disclosed.map(([, v]) => h('td', { class: 'disclosed' }, v)),
                  ),
                ),
              ),
            ),
          )
        : null,
      h('p', { class: 'muted small' }, t('link.lesson')),
    );
  }
}
