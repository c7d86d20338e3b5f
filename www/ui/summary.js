// The verdict in plain words, and the report download.
import { t, say, formatBytes, formatNumber } from '../i18n/index.js';
import { h, fill } from './dom.js';

// The verdict is the core's (summary.verdict, one rule for the CLI, the
// page and the printable report); the page only picks its colour.
const LEVEL = { identifies_people: 'direct', combinable: 'quasi', little_identifying: 'sensitive', not_about_people: 'none', no_personal_data: 'none' };

/** "4 direct identifiers, 6 quasi-identifiers: this file identifies people" */
export function verdict(summary) {
  return { level: LEVEL[summary.verdict?.code] ?? 'none', text: say(summary.verdict) };
}

/** What a provider must state: people covered, minors, the cross-border
 * route (guidance from the core's codes, citing their articles). */
function compliance(report) {
  const s = report.summary;
  // A table of places (airports, weather days) counts no people.
  if (!s.individuals || !s.cross_border || !(s.direct + s.quasi + s.sensitive) || s.verdict?.code === 'not_about_people') return null;
  const b = s.individuals.basis;
  const people =
    b.code === 'rows'
      ? t('summary.individualsRows', { n: formatNumber(s.individuals.estimate) })
      : t('summary.individuals', { n: formatNumber(s.individuals.estimate), column: report.columns[b.column]?.name ?? b.column });
  return h(
    'ul',
    { class: 'compliance muted small', 'data-testid': 'compliance' },
    h('li', { 'data-testid': 'individuals' }, people),
    s.minors ? h('li', { 'data-testid': 'minors' }, say(s.minors.note)) : null,
    h('li', { 'data-testid': 'cross-border', 'data-route': s.cross_border.route }, h('strong', {}, t(`summary.route.${s.cross_border.route}`)), ' — ', say(s.cross_border.reason)),
    h('li', { class: 'note' }, say(s.cross_border.note)),
  );
}

export function renderSummary(root, report, timing) {
  const v = verdict(report.summary);
  const counts = ['direct', 'quasi', 'sensitive'].map((k) =>
    h('div', { class: `count ${k}`, title: t(`kind.${k}.help`) }, h('span', { class: 'n' }, report.summary[k] ?? 0), h('span', { class: 'label' }, t(`kind.${k}`))),
  );
  fill(
    root,
    h('p', { class: `verdict ${v.level}`, 'data-testid': 'verdict' }, v.text),
    h('div', { class: 'counts' }, counts),
    report.summary.sensitive_pi_columns
      ? h('p', { class: 'sensitive-pi-count', 'data-testid': 'sensitive-pi-count', title: t('pi.sensitive.help') }, t('summary.sensitivePi', { n: report.summary.sensitive_pi_columns }))
      : null,
    compliance(report),
    // Below a megabyte the worker's start-up dominates and MB/s means nothing.
    timing && report.input.bytes >= 1e6
      ? h(
          'p',
          { class: 'muted small' },
          t('summary.elapsed', {
            bytes: formatBytes(report.input.bytes),
            secs: (timing.ms / 1000).toFixed(2),
            speed: formatBytes(report.input.bytes / Math.max(timing.ms / 1000, 1e-3)),
          }),
        )
      : null,
  );
}
