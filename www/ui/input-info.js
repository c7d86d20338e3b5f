// How the file was read (encoding and how it was decided, delimiter, header,
// irregularities, hash) and the form that rescans with other choices.
import { t, formatBytes, formatNumber } from '../i18n/index.js';
import { h, fill } from './dom.js';

const ENCODINGS = ['UTF-8', 'GB18030', 'GBK', 'Big5', 'Shift_JIS', 'EUC-KR', 'windows-1252', 'UTF-16LE', 'UTF-16BE'];
const DELIMITERS = [',', ';', '\t', '|'];

/** `onSheet(name)` rescans another sheet of a workbook. */
export function renderInputInfo(root, report, onSheet) {
  const inp = report.input;
  const delim = t(`delim.${inp.delimiter}`) === `delim.${inp.delimiter}` ? JSON.stringify(inp.delimiter) : t(`delim.${inp.delimiter}`);
  const a = inp.anomalies ?? {};
  const anomalies = [
    a.ragged_rows ? t('input.ragged', { n: formatNumber(a.ragged_rows) }) : null,
    a.title_rows ? t('input.titles', { n: formatNumber(a.title_rows) }) : null,
    a.header_rows ? t('input.headerRows', { n: formatNumber(a.header_rows) }) : null,
    a.footer_rows ? t('input.footerRows', { n: formatNumber(a.footer_rows) }) : null,
    a.replaced_bytes ? t('input.replaced', { n: formatNumber(a.replaced_bytes) }) : null,
    a.nul_bytes ? t('input.nul', { n: formatNumber(a.nul_bytes) }) : null,
  ].filter(Boolean);
  const row = (key, value, attrs = {}) => [h('dt', {}, t(key)), h('dd', attrs, value)];
  const wb = inp.workbook;
  const sheet = wb
    ? wb.sheets.length > 1
      ? h(
          'select',
          { 'data-testid': 'sheet-select', 'aria-label': t('input.sheet'), onchange: (e) => onSheet?.(e.target.value) },
          wb.sheets.map((s) => h('option', { value: s, selected: s === wb.sheet }, s)),
        )
      : wb.sheet
    : null;
  fill(
    root,
    h(
      'dl',
      { class: 'facts' },
      row('input.file', inp.name ?? '—'),
      row('input.size', formatBytes(inp.bytes)),
      row('input.rows', formatNumber(inp.rows)),
      row('input.columns', formatNumber(inp.columns)),
      wb ? row('input.format', t('input.workbook', { format: wb.format, n: wb.sheets.length }), { 'data-testid': 'workbook' }) : null,
      wb ? row('input.sheet', sheet) : null,
      wb ? null : row('input.encoding', `${inp.encoding} (${t(`how.${inp.encoding_confidence}`)})`, { 'data-testid': 'encoding' }),
      wb ? null : row('input.delimiter', delim, { 'data-testid': 'delimiter' }),
      row('input.header', t(inp.has_header ? 'header.yes' : 'header.no')),
      row('input.anomalies', anomalies.length ? anomalies.join('; ') : t('input.none'), { class: anomalies.length ? 'warn' : '', 'data-testid': 'anomalies' }),
      row('input.sha256', h('code', { class: 'hash' }, inp.sha256)),
    ),
  );
}

/** The override form. `onRescan(options)` receives ScanOptions fields. */
export function mountOverrides(form, onRescan) {
  const draw = (current = {}) => {
    const sel = (name, label, options) =>
      h(
        'label',
        {},
        h('span', {}, t(label)),
        h(
          'select',
          { name },
          h('option', { value: '' }, t('override.auto')),
          options.map(([v, text]) => h('option', { value: v, selected: current[name] === v }, text)),
        ),
      );
    fill(
      form,
      h(
        'fieldset',
        {},
        h('legend', {}, t('override.title')),
        sel('encoding', 'override.encoding', ENCODINGS.map((e) => [e, e])),
        sel('delimiter', 'override.delimiter', DELIMITERS.map((d) => [d === '\t' ? 'tab' : d, t(`delim.${d}`)])),
        sel('header', 'override.header', [
          ['yes', t('override.headerYes')],
          ['no', t('override.headerNo')],
        ]),
        h('button', { type: 'submit', 'data-testid': 'rescan' }, t('override.rescan')),
      ),
    );
  };
  let current = {};
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    current = Object.fromEntries([...data.entries()]);
    const opts = {};
    if (current.encoding) opts.encoding = current.encoding;
    if (current.delimiter) opts.delimiter = current.delimiter;
    if (current.header) opts.has_header = current.header === 'yes';
    onRescan(opts);
  });
  draw();
  return {
    redraw: () => draw(current),
    reset: () => {
      current = {};
      draw();
    },
  };
}
