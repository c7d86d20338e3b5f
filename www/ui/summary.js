// The verdict in plain words, and the report download.
import { t, formatBytes } from '../i18n/index.js';
import { h, fill } from './dom.js';

/** "4 direct identifiers, 6 quasi-identifiers — this file identifies people." */
export function verdict(summary) {
  const part = (kind) => {
    const n = summary[kind] ?? 0;
    return n === 0 ? null : n === 1 ? t(`summary.${kind}.one`) : t(`summary.${kind}`, { n });
  };
  const parts = ['direct', 'quasi', 'sensitive'].map(part).filter(Boolean);
  if (!parts.length) return { level: 'none', text: t('summary.nothing') };
  const level = summary.direct ? 'direct' : summary.quasi ? 'quasi' : 'sensitive';
  const tail = { direct: 'summary.identifies', quasi: 'summary.quasiOnly', sensitive: 'summary.sensitiveOnly' }[level];
  return { level, text: `${parts.join(', ')} — ${t(tail)}` };
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
