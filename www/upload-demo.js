// The demo upload form: the browser's validation (fed by <privscan-check>)
// decides whether it may be sent; a valid submission is only announced.
import './privscan-check.js';

const form = document.querySelector('[data-testid=upload-form]');
const result = document.querySelector('[data-testid=upload-result]');
form.addEventListener('privscan-report', (e) => {
  result.textContent = '';
  form.dataset.checked = e.detail.file.name;
});
form.addEventListener('submit', (e) => {
  e.preventDefault();
  result.textContent = `Submitted ${form.elements.table.files[0]?.name} (demo: nothing was sent).`;
  form.dataset.submitted = 'true';
});
