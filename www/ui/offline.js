// Offline status: registers the service worker on the served page and says
// when the page works without the server. The single-file build (file://)
// needs no service worker: it is already self-contained.
import { t } from '../i18n/index.js';

export function mountOffline(el) {
  const show = (key) => {
    el.dataset.key = key;
    el.textContent = t(key);
    el.hidden = false;
  };
  if (location.protocol === 'file:' || location.protocol === 'blob:') {
    show('offline.file');
  } else if ('serviceWorker' in navigator && window.isSecureContext) {
    navigator.serviceWorker
      .register('./sw.js', { scope: './' })
      .then(() => navigator.serviceWorker.ready)
      .then(() => show('offline.ready'))
      .catch((err) => console.warn('offline copy unavailable:', err));
  }
  return { redraw: () => el.dataset.key && show(el.dataset.key) };
}
