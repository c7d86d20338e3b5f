// The masking panel: an operator per column, prefilled with the scan's
// suggestions; a target k and an "optimise" button that searches the
// generalisation levels in the worker; a before/after preview of the first
// rows; then the second pass over the file, the risk after, and downloads
// of the masked CSV and the reports. The pseudonym key is made here with
// crypto.getRandomValues and leaves only if exported.
import { t, say, formatNumber, formatPercent as pct, getLang } from '../i18n/index.js';
import { h, fill, download } from './dom.js';
import { errorLine } from './alert.js';
import { entityLabel } from './findings.js';

// The operator menus are built from the core's catalogue (each operator
// declares its effect, whether it needs the key, and its settings); the
// suppressing operators are the "suppress" checkbox, not menu entries.
let catalogue = null;
// The core's defaults and limits (k, key size), fetched with the
// catalogue before the panel first shows.
let limits = null;
const menuChoices = () =>
  (catalogue ?? [{ name: 'keep', effect: 'keep', choices: [{ params: {} }] }])
    .filter((o) => o.effect !== 'suppress')
    .flatMap((o) => o.choices.map((c) => [o.name, c.params]));
const suppresses = (op) => catalogue?.some((o) => o.name === op && o.effect === 'suppress') ?? false;
const PREVIEW_ROWS = 6;

const keyOf = (op, params) => `${op} ${JSON.stringify(params ?? {})}`;

function label(op, params) {
  const word = (v) => (t(`mask.param.${v}`) === `mask.param.${v}` ? v : t(`mask.param.${v}`));
  // The menu settings have one parameter, shown as a word; a policy's
  // steps may carry more (a reference date, a list of ZIP prefixes):
  // those follow by name, lists counted.
  const menuKeys = new Set((catalogue?.find((o) => o.name === op)?.choices ?? []).flatMap((c) => Object.keys(c.params ?? {})));
  const entries = Object.entries(params ?? {});
  const p = [
    ...entries.filter(([k]) => menuKeys.has(k)).map(([, v]) => word(v)),
    ...entries.filter(([k]) => !menuKeys.has(k)).map(([k, v]) => (Array.isArray(v) ? `${k} (${v.length})` : `${k} ${v}`)),
  ];
  const base = t(`mask.op.${op}`);
  return p.length ? `${base}: ${p.join(', ')}` : base;
}

/** A hidden file input (its visible button calls `click()`) that hands
 * the chosen file's text to `onText`. */
function fileInput(testid, accept, onText) {
  return h('input', {
    type: 'file',
    ...(accept ? { accept } : {}),
    class: 'visually-hidden',
    tabindex: -1,
    'aria-hidden': 'true',
    'data-testid': testid,
    onchange: async (e) => {
      const f = e.target.files?.[0];
      e.target.value = '';
      if (f) await onText(await f.text());
    },
  });
}

function newKey() {
  const b = new Uint8Array(32);
  crypto.getRandomValues(b);
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}


export class MaskingPanel {
  /** `client` is the ScannerClient; `getFile()` the file under study;
   * `getQuasi()` the risk panel's quasi-identifiers, `getRisk()` its
   * choice and `setRisk({qi, sensitive})` a new one (column indexes). */
  constructor(root, { client, getFile, getQuasi, getRisk, setRisk }) {
    this.root = root;
    this.client = client;
    this.getFile = getFile;
    this.getQuasi = getQuasi;
    this.getRisk = getRisk;
    this.setRisk = setRisk;
    this.key = newKey();
    this.report = null;
    this.reset();
  }

  reset() {
    this.columns = [];
    this.purpose = null;
    this.policy = null;
    this.k = limits?.k_target ?? null;
    this.encoding = null;
    this.optimum = null;
    this.result = null;
    this.previewRows = null;
    this.error = null;
    this.busy = null;
    this.progress = null;
  }

  /** A new scan: the menus start from its suggestions. */
  async setReport(report) {
    if (!catalogue) {
      const core = await this.client.catalogue().catch(() => null);
      catalogue = core?.operators ?? null;
      if (core?.defaults) limits = core.defaults;
    }
    this.reset();
    this.report = report;
    // The core's default target reaches the page in the report.
    this.k = report.risk?.k_target ?? this.k;
    this.fromSteps(report.suggestions ?? []);
    this.render();
    this.schedulePreview();
  }

  fromSteps(steps, policy = null) {
    // Under a policy every column has a rule, the kept ones too.
    this.columns = this.report.columns.map((c) => ({ index: c.index, choice: keyOf('keep', {}), suppress: false, why: policy?.columns[c.index]?.rule ?? '' }));
    for (const s of steps) {
      const c = this.columns[s.column];
      if (!c) continue;
      if (suppresses(s.operator)) c.suppress = true;
      else {
        c.choice = keyOf(s.operator, s.params);
        c.why = s.why ?? null;
      }
    }
    // What the user changes from here is what a settings profile records.
    for (const c of this.columns) c.suggested = c.choice;
  }

  plan() {
    const steps = [];
    for (const c of this.columns) {
      const [op, json] = [c.choice.slice(0, c.choice.indexOf(' ')), c.choice.slice(c.choice.indexOf(' ') + 1)];
      if (op !== 'keep') steps.push({ column: c.index, operator: op, params: JSON.parse(json) });
      if (c.suppress && op !== 'drop') steps.push({ column: c.index, operator: 'local_suppression', params: { k: this.k } });
    }
    return steps;
  }

  async optimise() {
    this.busy = 'optimise';
    this.error = null;
    this.render();
    try {
      const quasi = this.getQuasi();
      const s = await this.client.suggest({
        quasi_identifiers: quasi,
        k: this.k,
        ...(this.purpose ? { purpose: this.purpose } : {}),
        ...(this.policy ? { policy: this.policy } : {}),
      });
      this.optimum = s.optimum;
      this.fromSteps(s.steps, s.policy);
      this.result = null;
    } catch (err) {
      this.error = err;
    }
    this.busy = null;
    this.render();
    this.schedulePreview();
  }

  schedulePreview() {
    clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => this.preview(), 150);
  }

  async preview() {
    const file = this.getFile();
    if (!file || !this.report) return;
    try {
      const plan = this.plan();
      this.previewRows = await this.client.preview(file, { plan, key: this.key, rows: PREVIEW_ROWS });
      // The input columns that reach the output, for the "before" rows.
      this.previewKept = this.columns.map((c) => c.index).filter((i) => !plan.some((s) => s.column === i && s.operator === 'drop'));
      this.error = null;
    } catch (err) {
      this.previewRows = null;
      this.error = err;
    }
    this.renderPreview();
  }

  async apply() {
    const file = this.getFile();
    if (!file) return;
    this.busy = 'apply';
    this.error = null;
    this.result = null;
    this.progress = 0;
    this.render();
    try {
      this.result = await this.client.mask(file, {
        plan: this.plan(),
        key: this.key,
        options: { encoding_out: this.encodingOut(), name: this.outName(), ...(this.policy ? { policy: this.policy } : {}) },
        onProgress: (done, total) => {
          this.progress = total ? done / total : 0;
          const bar = this.root.querySelector('[data-role=mask-progress]');
          if (bar) bar.value = Math.round(this.progress * 100);
        },
      });
    } catch (err) {
      this.error = err;
    }
    this.busy = null;
    this.render();
  }

  encodingOut() {
    return this.encoding ?? (getLang().startsWith('zh') ? 'utf-8-bom' : 'utf-8');
  }

  outName() {
    const name = this.report?.input?.name ?? 'table.csv';
    return `${name.replace(/\.[^.]*$/, '')}.masked.csv`;
  }

  /** The settings as a profile (`privscan mask --profile`): the policy,
   * k, purpose, risk columns and output encoding, and the operators the
   * user chose in place of the suggestions, by column name. */
  settings() {
    const names = this.report.columns.map((c) => c.name);
    const risk = this.getRisk?.() ?? { quasi_identifiers: this.getQuasi(), sensitive: [] };
    const operators = {};
    for (const c of this.columns) {
      if (c.choice === c.suggested) continue;
      const i = c.choice.indexOf(' ');
      const params = JSON.parse(c.choice.slice(i + 1));
      operators[names[c.index]] = { operator: c.choice.slice(0, i), ...(Object.keys(params).length ? { params } : {}) };
    }
    return {
      schema: limits?.settings_schema ?? 'privscan.profile/1',
      ...(this.policy ? { policy: this.policy } : {}),
      ...(this.k ? { k: this.k } : {}),
      ...(this.purpose ? { purpose: this.purpose } : {}),
      qi: risk.quasi_identifiers.map((i) => names[i]),
      sensitive: risk.sensitive.map((i) => names[i]),
      ...(Object.keys(operators).length ? { operators } : {}),
      encoding_out: this.encodingOut(),
    };
  }

  /** The command that applies the same settings to this file. */
  commandLine() {
    const quote = (s) => (/^[\w.\/-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);
    return `privscan mask ${quote(this.report.input.name ?? 'table.csv')} --profile privscan-settings.json --out ${quote(this.outName())}`;
  }

  /** Applies a settings profile read from a file. */
  async importSettings(text) {
    let s;
    try {
      s = JSON.parse(text);
    } catch {
      s = null;
    }
    if (!s || s.schema !== (limits?.settings_schema ?? 'privscan.profile/1')) {
      this.error = { message: t('mask.settings.bad') };
      this.render();
      return;
    }
    const index = (n) => this.report.columns.findIndex((c) => c.name === n);
    const known = (list) => (list ?? []).map(index).filter((i) => i >= 0);
    this.policy = s.policy ?? null;
    this.purpose = s.purpose ?? null;
    if (s.k) this.k = s.k;
    if (s.encoding_out) this.encoding = s.encoding_out;
    if (s.qi || s.sensitive) this.setRisk?.({ qi: known(s.qi), sensitive: known(s.sensitive) });
    await this.optimise();
    for (const [name, o] of Object.entries(s.operators ?? {})) {
      const c = this.columns[index(name)];
      if (c) c.choice = keyOf(o.operator, o.params ?? {});
    }
    this.render();
    this.schedulePreview();
  }

  settingsBlock() {
    const input = fileInput('settings-import', '.json,application/json', (text) => this.importSettings(text));
    const line = this.commandLine();
    return h(
      'div',
      { class: 'key-block' },
      h('p', { class: 'small' }, t('mask.settings.intro')),
      h(
        'div',
        { class: 'link-actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'ghost bordered',
            'data-testid': 'settings-export',
            onclick: () => download(new Blob([JSON.stringify(this.settings(), null, 2) + '\n'], { type: 'application/json' }), 'privscan-settings.json'),
          },
          t('mask.settings.export'),
        ),
        h('button', { type: 'button', class: 'ghost bordered', onclick: () => input.click() }, t('mask.settings.import')),
        input,
      ),
      h(
        'div',
        { class: 'command-line' },
        h('code', { 'data-testid': 'command-line' }, line),
        h(
          'button',
          {
            type: 'button',
            class: 'ghost bordered',
            'data-testid': 'copy-command',
            onclick: async (e) => {
              await navigator.clipboard?.writeText(line).catch(() => {});
              e.target.textContent = t('mask.settings.copied');
            },
          },
          t('mask.settings.copy'),
        ),
      ),
    );
  }

  render() {
    if (!this.report) return;
    const r = this.report;
    const rows = r.columns.map((c) => this.row(c));
    const k = h('input', {
      type: 'number',
      id: 'mask-k',
      min: limits?.k_min_masking,
      max: 1000,
      value: this.k,
      'data-testid': 'mask-k',
      onchange: (e) => {
        const min = limits?.k_min_masking ?? 1;
        this.k = Math.max(min, Math.min(1000, Math.round(Number(e.target.value)) || min));
        e.target.value = this.k;
        this.schedulePreview();
      },
    });
    const enc = h(
      'select',
      { id: 'mask-encoding', 'data-testid': 'mask-encoding', onchange: (e) => (this.encoding = e.target.value) },
      ['utf-8-bom', 'utf-8', 'gb18030'].map((v) => h('option', { value: v, selected: v === this.encodingOut() }, t(`mask.enc.${v}`))),
    );
    // A purpose of processing: the plan drops the personal columns it does
    // not need (PIPL Art. 6); the core's templates, searched again.
    const purpose = h(
      'select',
      {
        id: 'mask-purpose',
        'data-testid': 'mask-purpose',
        onchange: (e) => {
          this.purpose = e.target.value || null;
          this.optimise();
        },
      },
      h('option', { value: '' }, t('mask.purpose.none')),
      (limits?.purposes ?? []).map((p) => h('option', { value: p, selected: p === this.purpose, title: t(`purpose.${p}`) }, t(`purpose.${p}`))),
    );
    // A policy preset: the core's rules per column, its target k, and a
    // check of every rule in the report after masking.
    const policy = h(
      'select',
      {
        id: 'mask-policy',
        'data-testid': 'mask-policy',
        onchange: (e) => {
          this.policy = e.target.value || null;
          const k = limits?.policies?.find((p) => p.code === this.policy)?.k;
          if (k) this.k = k;
          this.optimise();
        },
      },
      h('option', { value: '' }, t('mask.policy.none')),
      (limits?.policies ?? []).map((p) => h('option', { value: p.code, selected: p.code === this.policy, title: t(`policy.${p.code}.help`) }, t(`policy.${p.code}`))),
    );
    const busy = !!this.busy;
    fill(
      this.root,
      h('p', { class: 'muted' }, t('mask.intro')),
      h(
        'div',
        { class: 'mask-controls' },
        h('label', { for: 'mask-policy' }, t('mask.policy')),
        policy,
        h('label', { for: 'mask-purpose' }, t('mask.purpose')),
        purpose,
        h('label', { for: 'mask-k' }, t('risk.kTarget')),
        k,
        h('button', { type: 'button', class: 'ghost bordered', 'data-testid': 'optimise', disabled: busy, onclick: () => this.optimise() }, t('mask.optimise')),
        this.busy === 'optimise' ? h('span', { class: 'muted small' }, t('mask.searching')) : null,
      ),
      this.policy ? h('p', { class: 'muted small', 'data-testid': 'policy-help' }, t(`policy.${this.policy}.help`)) : null,
      this.optimum ? this.optimumLine(this.optimum) : null,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'mask-plan', 'data-testid': 'mask-plan' },
          h('thead', {}, h('tr', {}, ['column', 'operator', 'suppress', 'why'].map((x) => h('th', { scope: 'col' }, t(`mask.col.${x}`))))),
          h('tbody', {}, rows),
        ),
      ),
      h('h3', {}, t('mask.preview')),
      h('div', { class: 'table-wrap', 'data-role': 'preview' }),
      this.keyBlock(),
      this.settingsBlock(),
      h(
        'div',
        { class: 'mask-controls' },
        h('label', { for: 'mask-encoding' }, t('mask.encoding')),
        enc,
        h('button', { type: 'button', class: 'primary', 'data-testid': 'apply-mask', disabled: busy, onclick: () => this.apply() }, t('mask.apply')),
        this.busy === 'apply' ? h('progress', { max: 100, value: Math.round((this.progress ?? 0) * 100), 'data-role': 'mask-progress' }) : null,
      ),
      this.error ? errorLine(this.error) : null,
      this.result ? this.outcome(this.result) : null,
    );
    this.renderPreview();
  }

  row(c) {
    const col = this.columns[c.index];
    const choices = menuChoices();
    if (!choices.some(([op, p]) => keyOf(op, p) === col.choice)) {
      const i = col.choice.indexOf(' ');
      choices.push([col.choice.slice(0, i), JSON.parse(col.choice.slice(i + 1))]);
    }
    const select = h(
      'select',
      {
        'data-testid': 'op-select',
        'data-column': c.index,
        'aria-label': `${c.name}: ${t('mask.col.operator')}`,
        onchange: (e) => {
          col.choice = e.target.value;
          col.why = null;
          this.result = null;
          this.schedulePreview();
        },
      },
      choices.map(([op, p]) => h('option', { value: keyOf(op, p), selected: keyOf(op, p) === col.choice }, label(op, p))),
    );
    const sup = h('input', {
      type: 'checkbox',
      'data-testid': 'suppress-toggle',
      'data-column': c.index,
      checked: col.suppress,
      'aria-label': `${c.name}: ${t('mask.col.suppress')}`,
      onchange: (e) => {
        col.suppress = e.target.checked;
        this.result = null;
        this.schedulePreview();
      },
    });
    return h(
      'tr',
      { class: `kind-${c.kind}` },
      h('th', { scope: 'row' }, c.name, ' ', h('span', { class: `badge ${c.kind}` }, t(`kind.${c.kind}`))),
      h('td', {}, select),
      h('td', {}, sup),
      h('td', { class: 'muted small' }, say(col.why)),
    );
  }

  optimumLine(o) {
    const names = o.levels.map((l) => `${this.report.columns[l.column]?.name} → ${t(`mask.level.${l.label}`) === `mask.level.${l.label}` ? l.label : t(`mask.level.${l.label}`)}`).join(' · ');
    const text = o.feasible
      ? t('mask.optimum', { levels: names, loss: pct(o.information_loss), suppressed: formatNumber(o.suppressed_records), k: o.k_after })
      : t('mask.infeasible', { k: this.k });
    return h('p', { class: `optimum ${o.feasible ? 'ok' : 'bad'}`, 'data-testid': 'optimum' }, text);
  }

  renderPreview() {
    const root = this.root.querySelector('[data-role=preview]');
    if (!root) return;
    const rows = this.previewRows;
    if (!rows?.length) {
      fill(root, h('p', { class: 'muted small' }, t('mask.noPreview')));
      return;
    }
    const hasHeader = this.report.input.has_header;
    const [head, ...body] = hasHeader ? rows : [[this.report.columns.map((c) => c.name), null], ...rows];
    const header = hasHeader ? head[1] : head[0];
    fill(
      root,
      h(
        'table',
        { class: 'uniques preview', 'data-testid': 'mask-preview' },
        h('thead', {}, h('tr', {}, header.map((x) => h('th', { scope: 'col' }, x)))),
        h(
          'tbody',
          {},
          body.flatMap(([input, output]) => [
            h('tr', { class: 'before' }, output.map((_, i) => h('td', {}, input[this.previewKept?.[i] ?? i] ?? ''))),
            h('tr', { class: 'after' }, output.map((v) => h('td', {}, v))),
          ]),
        ),
      ),
      h('p', { class: 'muted small' }, t('mask.previewNote')),
    );
  }

  keyBlock() {
    const input = fileInput('key-import', null, (text) => {
      const hex = text.trim();
      // The core's key rule: hex, at least key_min_bytes bytes.
      if (!/^([0-9a-fA-F]{2})+$/.test(hex) || hex.length / 2 < (limits?.key_min_bytes ?? 0) || hex.length > 128) {
        this.error = { message: t('mask.badKey') };
      } else {
        this.key = hex.toLowerCase();
        this.keyImported = true;
        this.error = null;
      }
      this.render();
      this.schedulePreview();
    });
    return h(
      'div',
      { class: 'key-block' },
      h('p', { class: 'small' }, this.keyImported ? t('mask.keyImported') : t('mask.keyLocal')),
      h(
        'div',
        { class: 'link-actions' },
        h('button', { type: 'button', class: 'ghost bordered', 'data-testid': 'key-export', onclick: () => download(new Blob([this.key + '\n'], { type: 'text/plain' }), 'privscan-key.hex') }, t('mask.keyExport')),
        h('button', { type: 'button', class: 'ghost bordered', onclick: () => input.click() }, t('mask.keyImport')),
        input,
      ),
    );
  }

  outcome({ report, blob, html }) {
    const m = report.masking;
    const r = report.risk;
    const before = this.report.risk;
    const base = this.outName().replace(/\.csv$/, '');
    const direct = report.columns.filter((c) => c.kind === 'direct').map((c) => c.name);
    // Under a policy its rules are the test (Safe Harbor sets no k);
    // otherwise the target k.
    const policy = m.policy;
    const ok = policy ? policy.met : r && r.k >= r.k_target;
    const unmet = policy?.columns.filter((c) => !c.met) ?? [];
    return h(
      'div',
      { class: `link-result ${ok && !direct.length ? 'ok' : 'bad'}`, 'data-testid': 'mask-result', 'data-k': r?.k ?? '', 'data-rows-out': m.rows_out },
      policy
        ? h(
            'p',
            { class: 'big', 'data-testid': 'policy-result', 'data-met': String(policy.met) },
            t('mask.policy.met', { policy: policy.policy, met: policy.columns.length - unmet.length, total: policy.columns.length }),
          )
        : null,
      h('p', { class: policy ? '' : 'big' }, r ? t('mask.kAfter', { before: before?.k ?? '—', after: r.k, target: r.k_target }) : ''),
      h(
        'p',
        {},
        t('mask.counts', {
          rowsIn: formatNumber(m.rows_in),
          rowsOut: formatNumber(m.rows_out),
          cells: formatNumber(m.cells_suppressed),
          records: formatNumber(m.records_locally_suppressed),
          formulas: formatNumber(m.formula_cells_neutralised),
        }),
      ),
      unmet.length ? h('ul', { class: 'warnings', 'data-testid': 'policy-unmet' }, unmet.map((c) => h('li', {}, `${c.name}: ${say(c.rule)} — ${t('policy.unmet')}`))) : null,
      direct.length ? h('p', { class: 'risk-error' }, t('mask.stillDirect', { cols: direct.join(', ') })) : null,
      m.warnings.length ? h('ul', { class: 'warnings', 'data-testid': 'mask-warnings' }, m.warnings.map((w) => h('li', {}, say(w)))) : null,
      h('p', { class: 'muted small' }, `SHA-256: ${m.output_sha256}`),
      h(
        'div',
        { class: 'link-actions' },
        h('button', { type: 'button', class: 'primary', 'data-testid': 'download-masked', onclick: () => download(blob, this.outName()) }, t('mask.downloadCsv')),
        h(
          'button',
          {
            type: 'button',
            class: 'ghost bordered',
            'data-testid': 'download-mask-report',
            onclick: () => download(new Blob([JSON.stringify(report, null, 2) + '\n'], { type: 'application/json' }), `${base}.privscan.json`),
          },
          t('mask.downloadJson'),
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'ghost bordered',
            'data-testid': 'download-mask-html',
            onclick: () => download(new Blob([html[getLang()] ?? html.en], { type: 'text/html' }), `${base}.report.html`),
          },
          t('mask.downloadHtml'),
        ),
      ),
    );
  }
}
