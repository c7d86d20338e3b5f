// The drop zone and the file-picker button. The <input type=file> is
// visually hidden but stays in the page (tests and assistive tech use it);
// the visible button opens it and is reachable by keyboard.
import { t } from '../i18n/index.js';

// Several files (chosen together, a folder, or dropped) go to `onFiles`;
// a folder's files are kept when their names end as `extensions` say.
export function mountDropZone(zone, input, button, onFile, { folderInput, folderButton, onFiles, extensions = () => [] } = {}) {
  const pathOf = (f) => f.webkitRelativePath || f.name;
  // A folder's tables, hidden entries left out, in path order (as
  // `privscan scan DIR` lists them).
  const tables = (files) =>
    files
      .filter((f) => extensions().some((x) => f.name.toLowerCase().endsWith(`.${x}`)) && !pathOf(f).split('/').some((p) => p.startsWith('.')))
      .sort((a, b) => (pathOf(a) < pathOf(b) ? -1 : pathOf(a) > pathOf(b) ? 1 : 0));
  const take = (files, fromFolder) => {
    const list = fromFolder ? tables(files) : files;
    if (list.length === 1 || !onFiles) onFile(list[0]);
    else if (list.length > 1) onFiles(list);
  };
  button.addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    const files = [...(input.files ?? [])];
    // Reset so choosing the same file again still fires `change`.
    input.value = '';
    if (files.length) take(files, false);
  });
  folderButton?.addEventListener('click', () => folderInput.click());
  folderInput?.addEventListener('change', () => {
    const files = [...(folderInput.files ?? [])];
    folderInput.value = '';
    if (files.length) take(files, true);
  });

  let depth = 0;
  const setActive = (on) => {
    zone.classList.toggle('active', on);
    zone.querySelector('[data-role=drop-title]').textContent = t(on ? 'drop.active' : 'drop.title');
  };
  zone.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth++;
    setActive(true);
  });
  zone.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  zone.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) setActive(false);
  });
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    setActive(false);
    const entries = [...(e.dataTransfer?.items ?? [])].map((i) => i.webkitGetAsEntry?.()).filter(Boolean);
    if (entries.some((x) => x.isDirectory)) {
      filesOf(entries).then((files) => files.length && take(files, true));
    } else {
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length) take(files, false);
    }
  });
  // A file dropped next to the zone must not make the browser navigate to
  // it (which would leave the page).
  for (const type of ['dragover', 'drop']) {
    window.addEventListener(type, (e) => {
      if (hasFiles(e) && !zone.contains(e.target)) e.preventDefault();
    });
  }
}

function hasFiles(e) {
  return [...(e.dataTransfer?.types ?? [])].includes('Files');
}

/** Every file under dropped entries, folders walked, in path order. */
async function filesOf(entries) {
  const out = [];
  const walk = async (entry, prefix) => {
    if (entry.isFile) {
      const file = await new Promise((ok, fail) => entry.file(ok, fail));
      out.push({ path: prefix + file.name, file });
    } else if (entry.isDirectory && !entry.name.startsWith('.')) {
      const reader = entry.createReader();
      // readEntries answers in batches until an empty one.
      for (;;) {
        const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
        if (!batch.length) break;
        for (const e of batch) await walk(e, `${prefix}${entry.name}/`);
      }
    }
  };
  for (const e of entries) await walk(e, '');
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return out.map((x) => x.file);
}
