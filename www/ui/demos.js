// One-click demo datasets (bundled, synthetic) for workshops.
import { t, formatBytes } from '../i18n/index.js';
import { DATASETS } from '../demo/datasets.js';
import { h, fill } from './dom.js';

export function renderDemos(root, onPick) {
  fill(
    root,
    DATASETS.filter((d) => d.role !== 'public').map((d) =>
      h(
        'button',
        { type: 'button', class: 'demo', 'data-demo': d.id, onclick: () => onPick(toFile(d)) },
        h('span', { class: 'demo-title' }, t(`demo.${d.id}.title`)),
        h('span', { class: 'demo-text' }, t(`demo.${d.id}.text`)),
        h('span', { class: 'demo-meta' }, `${d.file} · ${formatBytes(d.bytes)}`),
      ),
    ),
  );
}

/** The bundled "public" register of the linkage demo, as a File. */
export function publicRegister() {
  const d = DATASETS.find((x) => x.role === 'public');
  return d ? toFile(d) : null;
}

function toFile(d) {
  const bin = atob(d.base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new File([bytes], d.file, { type: 'text/csv' });
}
