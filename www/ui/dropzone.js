// The drop zone and the file-picker button. The <input type=file> is
// visually hidden but stays in the page (tests and assistive tech use it);
// the visible button opens it and is reachable by keyboard.
import { t } from '../i18n/index.js';

export function mountDropZone(zone, input, button, onFile) {
  button.addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    const f = input.files?.[0];
    // Reset so choosing the same file again still fires `change`.
    if (f) onFile(f);
    input.value = '';
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
    const f = e.dataTransfer?.files?.[0];
    if (f) onFile(f);
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
