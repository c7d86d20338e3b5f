// One row per column: what was found, its kind, how sure, why, and masked
// examples. Sorted as in the file; a filter hides columns with nothing.
import { t, has, say, formatNumber } from '../i18n/index.js';
import { h, fill } from './dom.js';

export function entityLabel(entity) {
  return has(`entity.${entity}`) ? t(`entity.${entity}`) : entity;
}

export function renderFindings(root, report, { onlyPersonal }) {
  const cols = report.columns.filter((c) => !onlyPersonal || c.kind !== 'none');
  const head = ['column', 'entity', 'kind', 'confidence', 'cells', 'evidence', 'examples'];
  const table = h(
    'table',
    { class: 'findings', 'data-testid': 'findings' },
    h('thead', {}, h('tr', {}, head.map((k) => h('th', { scope: 'col' }, t(`findings.col.${k}`))))),
    h('tbody', {}, cols.map(row)),
  );
  fill(root, cols.length ? table : h('p', { class: 'muted' }, t('findings.empty')));
}

function row(c) {
  const distinct = c.distinct_capped ? t('findings.distinctCapped', { distinct: formatNumber(c.distinct) }) : null;
  const embedded = c.embedded && Object.keys(c.embedded).length
    ? h(
        'li',
        { class: 'embedded' },
        t('findings.embedded', {
          list: Object.entries(c.embedded)
            .map(([e, n]) => `${entityLabel(e)} × ${formatNumber(n)}`)
            .join(', '),
        }),
      )
    : null;
  return h(
    'tr',
    { class: `kind-${c.kind}`, 'data-column': c.index, 'data-entity': c.entity, 'data-kind': c.kind },
    h('th', { scope: 'row', class: 'colname' }, h('span', { class: 'idx' }, `#${c.index + 1}`), ' ', c.name),
    h(
      'td',
      { 'data-label': t('findings.col.entity') },
      h('span', { class: 'entity' }, entityLabel(c.entity)),
      c.entity !== 'NONE' ? h('code', { class: 'entity-id' }, c.entity) : null,
      // GB/T 35273 Annex A category, and PIPL Art. 28 sensitive PI.
      c.pi_category ? h('div', { class: 'pi muted small', 'data-testid': 'pi-category' }, t(`pi.${c.pi_category}`)) : null,
      c.sensitive_pi ? h('span', { class: 'badge sensitive-pi', 'data-testid': 'sensitive-pi', title: t('pi.sensitive.help') }, t('pi.sensitive')) : null,
    ),
    h('td', { 'data-label': t('findings.col.kind') }, h('span', { class: `badge ${c.kind}`, title: c.kind === 'none' ? null : t(`kind.${c.kind}.help`) }, t(`kind.${c.kind}`))),
    h('td', { 'data-label': t('findings.col.confidence') }, c.kind === 'none' ? '—' : confidence(c.confidence)),
    h(
      'td',
      { 'data-label': t('findings.col.cells'), class: 'cells' },
      t('findings.cells', { matched: formatNumber(c.matched), nonEmpty: formatNumber(c.non_empty), distinct: formatNumber(c.distinct) }),
      distinct ? h('div', { class: 'muted small' }, distinct) : null,
    ),
    h('td', { 'data-label': t('findings.col.evidence') }, h('ul', { class: 'evidence' }, (c.evidence ?? []).map((e) => h('li', {}, say(e))), embedded)),
    h('td', { 'data-label': t('findings.col.examples') }, h('ul', { class: 'examples' }, (c.examples ?? []).map((e) => h('li', {}, h('code', {}, e))))),
  );
}

function confidence(x) {
  const pct = Math.round(x * 100);
  const meter = h('meter', { min: 0, max: 100, value: pct, low: 50, high: 80, optimum: 100 });
  return h('span', { class: 'confidence' }, meter, ` ${pct} %`);
}
