// Bundled translations (never fetched). The language follows the browser
// until the user picks one; the choice is remembered on this device.
import en from './en.js';
import zh from './zh.js';

const DICTS = { en, zh };
const KEY = 'privscan.lang';
const listeners = new Set();
let lang = initial();

function initial() {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved && DICTS[saved]) return saved;
  } catch {}
  const langs = navigator.languages?.length ? navigator.languages : [navigator.language ?? 'en'];
  return langs.some((l) => /^zh\b/i.test(l)) && !/^en\b/i.test(langs[0]) ? 'zh' : 'en';
}

export function getLang() {
  return lang;
}

export function setLang(next) {
  if (!DICTS[next] || next === lang) return;
  lang = next;
  try {
    localStorage.setItem(KEY, next);
  } catch {}
  for (const fn of listeners) fn(lang);
}

/** Calls `fn(lang)` whenever the language changes. */
export function onLangChange(fn) {
  listeners.add(fn);
}

/** The string for `key` with `{param}`s filled in; falls back to English,
 * then to the key itself, so a missing string is visible, not blank. */
export function t(key, params = {}) {
  const s = DICTS[lang][key] ?? en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, p) => (p in params ? String(params[p]) : m));
}

/** Whether a translation exists (entity names the page does not know yet
 * are shown as their spec name). */
export function has(key) {
  return key in DICTS[lang] || key in en;
}

/** Byte counts in the current language's units. */
export function formatBytes(n) {
  const units = ['B', 'KB', 'MB', 'GB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  const digits = i === 0 || v >= 100 ? 0 : 1;
  return `${v.toLocaleString(lang, { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${t('unit.' + units[i])}`;
}

export function formatNumber(n) {
  return Number(n).toLocaleString(lang);
}

export const LANGS = Object.keys(DICTS);

/** A share (0–1) as a percentage: one decimal below 10 %. */
export function formatPercent(x) {
  const v = x * 100;
  return `${v.toLocaleString(lang, { maximumFractionDigits: v < 10 ? 1 : 0 })} %`;
}
