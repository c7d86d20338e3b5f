// The re-identification risk panel: one toggle per column (quasi-identifier
// or sensitive), a target k, and everything the core measures, recomputed
// in the worker from the encoded columns it kept (no rescan): the verdict,
// each measure with a plain explanation, the class-size histogram, what
// drives uniqueness, and a few unique records by their quasi-identifier
// values only.
import { t, formatNumber, formatPercent as pct } from '../i18n/index.js';
import { h, s, fill } from './dom.js';
import { errorLine } from './alert.js';

/** Examples of unique records asked for on each recompute. */
const EXAMPLES = 5;
/** Drivers shown. */
const DRIVERS = 8;
/** Histogram buckets of class size: [low, high] (inclusive; null = no top). */
const BUCKETS = [
  [1, 1],
  [2, 2],
  [3, 3],
  [4, 4],
  [5, 9],
  [10, 19],
  [20, 49],
  [50, 99],
  [100, null],
];

export class RiskPanel {
  /** `compute(options)` resolves to a `risk` block (the core's RiskOptions
   * in, the report's risk object out). `onChange(risk, selection)` sees
   * every new result. */
  constructor(root, { compute, onChange, onRescan }) {
    this.root = root;
    this.compute = compute;
    this.onChange = onChange;
    /** `onRescan(options)` scans the file again keeping the chosen columns
     * whatever they hold (ScanOptions `qi`, `sensitive`, `k`). */
    this.onRescan = onRescan;
    this.report = null;
    this.risk = null;
    this.ms = null;
    this.busy = false;
    this.dirty = false;
    this.error = null;
  }

  /** A new scan: selection from the report's own risk block. */
  setReport(report) {
    this.report = report;
    this.risk = report.risk ?? null;
    this.error = null;
    this.ms = null;
    this.top = null;
    this.qi = new Set(this.risk?.quasi_identifiers ?? []);
    this.sensitive = new Set(this.risk?.sensitive ?? []);
    // The core's default target, from the report.
    this.kTarget = this.risk?.k_target;
    this.render();
    // Once more for the unique-record examples (the report has none).
    this.recompute();
  }

  /** Chooses the quasi-identifier and sensitive columns (indexes), as a
   * settings profile imported in the masking panel says. */
  choose({ qi, sensitive }) {
    if (!this.report) return;
    this.qi = new Set(qi);
    this.sensitive = new Set(sensitive);
    this.render();
    this.recompute();
  }

  /** The current choice, as the core's RiskOptions. */
  options() {
    return {
      quasi_identifiers: [...this.qi].sort((a, b) => a - b),
      sensitive: [...this.sensitive].sort((a, b) => a - b),
      k_target: this.kTarget,
      examples: EXAMPLES,
    };
  }

  async recompute() {
    if (!this.report) return;
    if (this.busy) {
      // Clicks while a computation runs collapse into one more run.
      this.dirty = true;
      return;
    }
    this.busy = true;
    this.root.dataset.busy = 'true';
    const report = this.report;
    try {
      do {
        this.dirty = false;
        const opts = this.options();
        const t0 = performance.now();
        try {
          const risk = await this.compute(opts);
          if (this.report !== report) return;
          this.risk = risk;
          this.ms = performance.now() - t0;
          this.error = null;
          this.onChange?.(risk, opts);
        } catch (err) {
          if (this.report !== report) return;
          this.error = err;
        }
        this.update();
      } while (this.dirty);
    } finally {
      this.busy = false;
      delete this.root.dataset.busy;
    }
  }

  toggle(role, index) {
    const [set, other] = role === 'qi' ? [this.qi, this.sensitive] : [this.sensitive, this.qi];
    if (set.has(index)) set.delete(index);
    else {
      set.add(index);
      other.delete(index);
    }
    this.update();
    this.recompute();
  }

  /** Builds the panel anew (a new report, a new language). */
  render() {
    if (!this.report) return;
    // The controls stay put while results update, so that focus and a
    // half-typed target k survive a recompute.
    this.top = h('div');
    this.body = h('div');
    this.time = h('span', { class: 'muted small', 'data-testid': 'risk-time' });
    fill(this.root, this.top, this.controls(), this.body, h('p', { class: 'muted small guidance' }, t('risk.guidance')));
    this.update();
  }

  /** Redraws the results and the toggles' state. */
  update() {
    if (!this.top) return this.render();
    const risk = this.risk;
    const measured = risk && risk.quasi_identifiers.length;
    fill(
      this.top,
      this.verdict(risk),
      this.error ? errorLine(this.error) : null,
    );
    fill(
      this.body,
      risk ? this.measures(risk) : null,
      measured ? this.histogram(risk) : null,
      measured ? this.drivers(risk) : null,
      risk?.examples?.length ? this.examples(risk) : null,
    );
    for (const chip of this.root.querySelectorAll('.chip')) {
      const i = Number(chip.dataset.column);
      const set = chip.closest('[data-testid=qi-toggles]') ? this.qi : this.sensitive;
      chip.setAttribute('aria-pressed', set.has(i) ? 'true' : 'false');
      chip.classList.toggle('warn', set.has(i) && !!this.risk?.high_cardinality?.includes(i));
    }
    this.time.textContent = this.ms == null ? '' : t('risk.time', { ms: Math.max(1, Math.round(this.ms)) });
  }

  name(i) {
    return this.report.columns[i]?.name ?? `#${i + 1}`;
  }

  verdict(risk) {
    if (!risk || !risk.quasi_identifiers.length) {
      return h('div', { class: 'risk-verdict none', 'data-testid': 'risk-verdict' }, h('p', { class: 'big' }, t('risk.verdict.noQi')));
    }
    const share = risk.records ? risk.records_at_risk / risk.records : 0;
    const ok = risk.k >= risk.k_target;
    const lines = [];
    if (ok) {
      lines.push(t('risk.verdict.ok', { k: formatNumber(risk.k), others: formatNumber(risk.k - 1), target: risk.k_target }));
      const lowL = Object.entries(risk.l_diversity ?? {}).filter(([, l]) => l <= 1);
      if (lowL.length) lines.push(t('risk.verdict.lowL', { cols: lowL.map(([c]) => this.name(Number(c))).join(', ') }));
    } else if (risk.unique_records > 0) {
      lines.push(t('risk.verdict.alone', { k: risk.k, n: formatNumber(risk.unique_records), target: risk.k_target }));
      lines.push(t('risk.verdict.atRisk', { n: formatNumber(risk.records_at_risk), pct: pct(share), target: risk.k_target }));
    } else {
      lines.push(t('risk.verdict.small', { k: risk.k, target: risk.k_target }));
      lines.push(t('risk.verdict.atRisk', { n: formatNumber(risk.records_at_risk), pct: pct(share), target: risk.k_target }));
    }
    let rescan = null;
    if (risk.high_cardinality?.length) {
      lines.push(t('risk.verdict.highCard', { cols: risk.high_cardinality.map((c) => this.name(c)).join(', ') }));
      const o = this.options();
      // Indexes, as strings: the core's column selectors.
      rescan = h(
        'button',
        {
          type: 'button',
          class: 'ghost bordered',
          'data-testid': 'risk-rescan',
          onclick: () => this.onRescan?.({ qi: o.quasi_identifiers.map(String), sensitive: o.sensitive.map(String), k: o.k_target }),
        },
        t('risk.rescan'),
      );
    }
    return h(
      'div',
      { class: `risk-verdict ${ok ? 'ok' : 'bad'}`, 'data-testid': 'risk-verdict', 'data-k': risk.k, 'data-target': risk.k_target },
      h('p', { class: 'big' }, lines[0]),
      lines.slice(1).map((l) => h('p', {}, l)),
      rescan,
      h('p', { class: 'muted small' }, t('risk.verdict.on', { cols: risk.quasi_identifiers.map((c) => this.name(c)).join(' + '), n: formatNumber(risk.records) })),
    );
  }

  controls() {
    const cols = this.report.columns.filter((c) => c.kind !== 'direct');
    const chips = (role) =>
      h(
        'div',
        { class: 'chips', role: 'group', 'aria-label': t(`risk.${role}.label`), 'data-testid': `${role}-toggles` },
        cols.map((c) =>
          h(
            'button',
            {
              type: 'button',
              class: `chip kind-${c.kind}`,
              'data-column': c.index,
              title: `${c.name} — ${t(`kind.${c.kind}`)}`,
              onclick: () => this.toggle(role, c.index),
            },
            c.name,
          ),
        ),
      );
    const left = this.report.columns.length - cols.length;
    const k = h('input', {
      type: 'number',
      min: 1,
      max: 1000,
      value: this.kTarget,
      'data-testid': 'k-target',
      id: 'k-target',
      onchange: (e) => {
        const v = Math.max(1, Math.min(1000, Math.round(Number(e.target.value)) || 1));
        e.target.value = v;
        this.kTarget = v;
        this.recompute();
      },
    });
    return h(
      'div',
      { class: 'risk-controls' },
      h('div', { class: 'role' }, h('h3', {}, t('risk.qi.label')), h('p', { class: 'muted small' }, t('risk.qi.help')), chips('qi')),
      h('div', { class: 'role' }, h('h3', {}, t('risk.sensitive.label')), h('p', { class: 'muted small' }, t('risk.sensitive.help')), chips('sensitive')),
      h(
        'div',
        { class: 'role inline' },
        h('label', { for: 'k-target' }, t('risk.kTarget')),
        k,
        this.time,
      ),
      left ? h('p', { class: 'muted small' }, t('risk.directLeftOut', { n: left })) : null,
    );
  }

  measures(risk) {
    const n = risk.records || 1;
    const item = (id, value, help) =>
      h('div', { class: 'measure', 'data-measure': id }, h('dt', {}, t(`risk.m.${id}`)), h('dd', {}, h('span', { class: 'value' }, value), h('span', { class: 'help' }, help)));
    const items = [
      item('k', formatNumber(risk.k), t('risk.h.k')),
      item('unique', `${formatNumber(risk.unique_records)} (${pct(risk.unique_records / n)})`, t('risk.h.unique')),
      item('atRisk', `${formatNumber(risk.records_at_risk)} (${pct(risk.records_at_risk / n)})`, t('risk.h.atRisk', { target: risk.k_target })),
      item('classes', formatNumber(risk.classes), t('risk.h.classes')),
      item('prosecutor', `${pct(risk.prosecutor_risk_max)} / ${pct(risk.prosecutor_risk_avg)}`, t('risk.h.prosecutor')),
      item('marketer', pct(risk.marketer_risk), t('risk.h.marketer')),
    ];
    for (const [col, l] of Object.entries(risk.l_diversity ?? {})) {
      const le = risk.l_diversity_entropy?.[col];
      items.push(
        item(
          `l`,
          `${this.name(Number(col))}: l = ${l}${le != null ? ` · ${t('risk.entropyL')} ${le.toFixed(2)}` : ''}`,
          t('risk.h.l'),
        ),
      );
    }
    if (risk.population) {
      const p = risk.population;
      items.push(
        item('population', `≈ ${pct(p.population_uniques_share)}`, t('risk.h.population', { f: pct(p.sampling_fraction) })),
      );
    }
    return h('dl', { class: 'measures', 'data-testid': 'risk-measures' }, items);
  }

  histogram(risk) {
    // Records (not classes) per bucket: how many people sit in groups of
    // each size.
    const recs = BUCKETS.map(([lo, hi]) =>
      risk.class_sizes.filter(([size]) => size >= lo && (hi == null || size <= hi)).reduce((a, [size, c]) => a + size * c, 0),
    );
    const max = Math.max(1, ...recs);
    const W = 560;
    const H = 180;
    const pad = { l: 8, r: 8, t: 22, b: 36 };
    const bw = (W - pad.l - pad.r) / BUCKETS.length;
    const label = ([lo, hi]) => (hi == null ? `${lo}+` : lo === hi ? `${lo}` : `${lo}–${hi}`);
    const bars = BUCKETS.map((b, i) => {
      const v = recs[i];
      const bh = v ? Math.max(2, ((H - pad.t - pad.b) * v) / max) : 0;
      const x = pad.l + i * bw + 4;
      const y = H - pad.b - bh;
      const risky = (b[1] ?? Infinity) < risk.k_target ? 'risky' : b[0] < risk.k_target ? 'mixed' : 'safe';
      return s(
        'g',
        { class: `bar ${risky}`, 'data-bucket': label(b), 'data-records': v },
        s('title', {}, t('risk.hist.tip', { n: formatNumber(v), size: label(b) })),
        s('rect', { x, y, width: bw - 8, height: bh, rx: 3 }),
        v ? s('text', { x: x + (bw - 8) / 2, y: y - 6, 'text-anchor': 'middle', class: 'count' }, formatNumber(v)) : null,
        s('text', { x: x + (bw - 8) / 2, y: H - pad.b + 16, 'text-anchor': 'middle', class: 'axis' }, label(b)),
      );
    });
    return h(
      'figure',
      { class: 'histogram' },
      h('h3', {}, t('risk.hist.title')),
      s(
        'svg',
        { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': t('risk.hist.title'), 'data-testid': 'class-histogram' },
        s('line', { x1: pad.l, x2: W - pad.r, y1: H - pad.b, y2: H - pad.b, class: 'baseline' }),
        bars,
        s('text', { x: W / 2, y: H - 4, 'text-anchor': 'middle', class: 'axis' }, t('risk.hist.x')),
      ),
      h('figcaption', { class: 'muted small' }, t('risk.hist.caption', { target: risk.k_target })),
    );
  }

  drivers(risk) {
    const n = risk.records || 1;
    const top = risk.drivers.slice(0, DRIVERS);
    const names = (cols) => cols.map((c) => this.name(c)).join(' + ');
    const lead = top.length
      ? h('p', { class: 'lead', 'data-testid': 'driver-lead' }, t('risk.drivers.lead', { cols: names(top[0].columns), pct: pct(top[0].unique_records / n) }))
      : h('p', { class: 'muted' }, risk.drivers_max_size ? t('risk.drivers.none') : t('risk.drivers.off'));
    const table = top.length
      ? h(
          'table',
          { class: 'drivers', 'data-testid': 'drivers' },
          h('thead', {}, h('tr', {}, ['cols', 'unique', 'minimal'].map((k) => h('th', { scope: 'col' }, t(`risk.drivers.${k}`))))),
          h(
            'tbody',
            {},
            top.map((d) =>
              h(
                'tr',
                { 'data-columns': d.columns.join(',') },
                h('th', { scope: 'row' }, names(d.columns)),
                h('td', {}, meter(d.unique_records / n), ` ${formatNumber(d.unique_records)} (${pct(d.unique_records / n)})`),
                h('td', {}, formatNumber(d.minimal_unique_records)),
              ),
            ),
          ),
        )
      : null;
    const contrib = risk.contributions?.filter((c) => c.records > 0).sort((a, b) => b.share - a.share) ?? [];
    return h(
      'div',
      { class: 'drivers-block' },
      h('h3', {}, t('risk.drivers.title')),
      h('p', { class: 'muted small' }, t('risk.drivers.help')),
      lead,
      table ? h('div', { class: 'table-wrap' }, table) : null,
      contrib.length
        ? h(
            'p',
            { class: 'contrib muted small', 'data-testid': 'contributions' },
            t('risk.contrib'),
            ' ',
            contrib.map((c) => `${this.name(c.column)} ${pct(c.share)}`).join(' · '),
          )
        : null,
    );
  }

  examples(risk) {
    const cols = risk.quasi_identifiers;
    return h(
      'div',
      { class: 'examples-block' },
      h('h3', {}, t('risk.examples.title')),
      h('p', { class: 'muted small' }, t('risk.examples.help')),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'uniques', 'data-testid': 'unique-examples' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('risk.examples.row')), cols.map((c) => h('th', { scope: 'col' }, this.name(c))))),
          h(
            'tbody',
            {},
            risk.examples.map((e) => h('tr', {}, h('th', { scope: 'row' }, formatNumber(e.row)), e.values.map((v) => h('td', {}, v === '' ? h('span', { class: 'muted' }, t('risk.empty')) : v)))),
          ),
        ),
      ),
    );
  }
}

function meter(x) {
  return h('meter', { min: 0, max: 1, value: Math.min(1, x), low: 0.05, high: 0.2, optimum: 0 });
}
