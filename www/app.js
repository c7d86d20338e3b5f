// Wiring only: page events → scanner client → widgets. The scanning itself
// happens in the Rust core inside a worker (worker.js).
import { ScannerClient } from './scanner-client.js';
import { t, getLang, setLang, onLangChange, LANGS, langName } from './i18n/index.js';
import { mountDropZone } from './ui/dropzone.js';
import { Progress } from './ui/progress.js';
import { Alert } from './ui/alert.js';
import { renderDemos } from './ui/demos.js';
import { renderSummary } from './ui/summary.js';
import { renderInputInfo, mountOverrides } from './ui/input-info.js';
import { renderFindings } from './ui/findings.js';
import { mountOffline } from './ui/offline.js';
import { mountTheme } from './ui/theme.js';
import { download as saveFile } from './ui/dom.js';
import { RiskPanel } from './ui/risk.js';
import { LinkagePanel } from './ui/linkage.js';
import { publicRegister } from './ui/demos.js';
import { MaskingPanel } from './ui/masking.js';
import { BatchPanel } from './ui/batch.js';

const $ = (sel) => document.querySelector(sel);

// The single-file build defines its own worker factory (a Blob URL); served
// from a directory, the worker is a module next to this file.
const createWorker =
  globalThis.PRIVSCAN_CREATE_WORKER ?? (() => new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }));
const client = new ScannerClient(createWorker);
client.onCrash = () => alert.show('error', () => t('error.title'), () => t('status.crashedIdle'));

const state = { file: null, options: {}, report: null, timing: null, controller: null };

const progress = new Progress($('[data-testid=progress]'), () => state.controller?.abort());
const alert = new Alert($('[data-testid=alert]'));
const results = $('[data-testid=results]');
const download = $('[data-testid=download-report]');
const onlyPersonal = $('[data-testid=only-personal]');
const overrides = mountOverrides($('[data-role=overrides]'), (options) => {
  if (state.file) scan(state.file, options);
});
const riskPanel = new RiskPanel($('[data-role=risk]'), {
  compute: (options) => client.risk(options),
  onRescan: (risk) => state.file && scan(state.file, { ...state.options, ...risk }),
  onChange: (risk) => {
    // The downloaded report follows the columns chosen here: the same
    // block as `privscan scan --qi … --sensitive … --k …` (examples are
    // for the page only).
    const { examples, ...block } = risk;
    if (state.report) state.report.risk = block;
    linkage.refresh(() => linkWith(state.publicName));
  },
});
async function linkWith(publicName) {
  const link = await client.link({ quasi_identifiers: riskPanel.options().quasi_identifiers });
  return { link, publicName };
}
const linkage = new LinkagePanel($('[data-role=linkage]'), {
  demoAvailable: !!publicRegister(),
  run: async (file) => {
    const f = file ?? publicRegister();
    await client.scan(f, { options: { keep_all_columns: true }, slot: 'public' });
    state.publicName = f.name;
    return linkWith(f.name);
  },
});
const masking = new MaskingPanel($('[data-role=masking]'), {
  client,
  getFile: () => state.file,
  getQuasi: () => riskPanel.options().quasi_identifiers,
  getRisk: () => riskPanel.options(),
  setRisk: (choice) => riskPanel.choose(choice),
});
const offline = mountOffline($('[data-testid=offline-status]'));
mountTheme($('[data-testid=theme-toggle]'));
// The endings `privscan scan DIR` walks for, from the core (the worker
// answers once it is up).
let tableExtensions = [];
client
  .catalogue()
  .then((c) => (tableExtensions = c?.defaults?.table_extensions ?? []))
  .catch(() => {});
const batch = new BatchPanel($('[data-role=batch]'), {
  scan: (file, signal) => client.scan(file, { options: {}, signal }),
  open: (file) => {
    overrides.reset();
    scan(file, {});
  },
});
mountDropZone(
  $('[data-testid=dropzone]'),
  $('[data-testid=file-input]'),
  $('[data-testid=choose-file]'),
  (file) => {
    batch.hide();
    overrides.reset();
    scan(file, {});
  },
  {
    folderInput: $('[data-testid=folder-input]'),
    folderButton: $('[data-testid=choose-folder]'),
    extensions: () => tableExtensions,
    onFiles: (files) => {
      state.controller?.abort();
      results.hidden = true;
      batch.run(files);
    },
  },
);

async function scan(file, options) {
  state.controller?.abort();
  const controller = new AbortController();
  Object.assign(state, { file, options, controller });
  alert.clear();
  download.disabled = true;
  progress.start(file.name, file.size);
  progress.root.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  const t0 = performance.now();
  try {
    const report = await client.scan(file, {
      options,
      signal: controller.signal,
      onProgress: (done, total) => progress.update(done, total),
    });
    if (state.controller !== controller) return; // superseded by a newer scan
    Object.assign(state, { report, timing: { ms: performance.now() - t0 } });
    riskPanel.setReport(report);
    linkage.reset();
    masking.setReport(report);
    renderResults();
    download.disabled = false;
    results.scrollIntoView({ block: 'start', behavior: 'smooth' });
  } catch (err) {
    if (state.controller !== controller && err.code === 'aborted') return;
    showFailure(file, err);
    alert.root.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  } finally {
    if (state.controller === controller) {
      state.controller = null;
      progress.stop();
    }
  }
}

function showFailure(file, err) {
  const name = file.name;
  if (err.code === 'aborted') {
    alert.show('notice', null, () => t('status.cancelled', { name }));
  } else if (err.code === 'crashed') {
    alert.show('error', () => t('error.title'), () => t('status.crashed', { name }));
  } else if (err.code === 'unreadable') {
    alert.show('error', () => t('error.title'), () => t('error.unreadable'));
  } else {
    // The core's message names the row, column or byte where it applies.
    alert.show('error', () => t('error.title'), () => err.message);
  }
  // Whatever was shown before belongs to another file.
  if (state.report && state.report.input.name !== name) {
    state.report = null;
    results.hidden = true;
  }
}

function renderResults() {
  const r = state.report;
  if (!r) return;
  results.hidden = false;
  renderSummary($('[data-role=summary]'), r, state.timing);
  renderInputInfo($('[data-role=input-info]'), r, (sheet) => state.file && scan(state.file, { ...state.options, sheet }));
  renderFindings($('[data-role=findings]'), r, { onlyPersonal: onlyPersonal.checked });
  riskPanel.render();
  linkage.render();
  masking.render();
}

onlyPersonal.addEventListener('change', renderResults);

download.addEventListener('click', () => {
  if (!state.report) return;
  const blob = new Blob([JSON.stringify(state.report, null, 2) + '\n'], { type: 'application/json' });
  saveFile(blob, `${(state.report.input.name ?? 'report').replace(/\.[^.]*$/, '')}.privscan.json`);
});

// Language: static text carries data-i18n; widgets redraw from state.
function applyLang() {
  document.documentElement.lang = { zh: 'zh-CN', 'zh-Hant': 'zh-Hant' }[getLang()] ?? getLang();
  langSelect.value = getLang();
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-title]')) {
    el.title = t(el.dataset.i18nTitle);
    el.setAttribute('aria-label', el.title);
  }
  $('[data-role=footer]').textContent = t('footer.text');
  renderDemos($('[data-testid=demos]'), (file) => {
    overrides.reset();
    scan(file, {});
  });
  overrides.redraw();
  offline.redraw();
  progress.render();
  alert.draw();
  renderResults();
}
const langSelect = $('[data-testid=lang-select]');
for (const tag of LANGS) langSelect.append(new Option(langName(tag), tag));
langSelect.addEventListener('change', () => setLang(langSelect.value));
onLangChange(applyLang);
applyLang();
document.documentElement.dataset.ready = 'true';
// Both workers compile the wasm while the person picks a file, so the
// first scan starts at once.
client.warm();

// Opened by <privscan-check>'s link: the form's page hands over the file it
// checked (a structured clone between windows of this origin; nothing is
// sent anywhere).
if (window.opener) {
  window.addEventListener('message', (e) => {
    if (e.origin !== location.origin || e.source !== window.opener || e.data?.type !== 'privscan-open') return;
    if (e.data.file instanceof File) {
      batch.hide();
      overrides.reset();
      scan(e.data.file, {});
    }
  });
  try {
    window.opener.postMessage({ type: 'privscan-ready' }, location.origin);
  } catch {}
}
