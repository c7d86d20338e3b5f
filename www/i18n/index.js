// Bundled translations (never fetched): one dictionary per language in
// www/i18n/*.json, shared with the printable report and the CLI, gathered
// into dictionaries.js by tools/build-page.mjs. The language follows the
// browser until the user picks one; the choice is remembered on this device.
import DICTS from './dictionaries.js';

const en = DICTS.en;
const KEY = 'privscan.lang';
const listeners = new Set();
let lang = initial();

/** The dictionary a BCP 47 tag reads, as the core's `i18n::dictionary`. */
export function resolve(tag) {
  const t = String(tag ?? '').toLowerCase().replace('_', '-');
  if (/^zh-(hant|tw|hk|mo)\b/.test(t)) return 'zh-Hant';
  if (/^zh\b/.test(t)) return 'zh';
  return Object.keys(DICTS).find((k) => k.toLowerCase() === t) ?? (DICTS[tag] ? tag : 'en');
}

function initial() {
  try {
    const saved = globalThis.localStorage?.getItem(KEY);
    if (saved && DICTS[saved]) return saved;
  } catch {}
  const nav = globalThis.navigator;
  const langs = nav?.languages?.length ? nav.languages : [nav?.language ?? 'en'];
  return resolve(langs[0]);
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

function lookup(dict, key) {
  return dict[key] ?? en[key];
}

const plain = (v) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
const truthy = (v) => !(v === null || v === undefined || v === false || v === 0 || v === '' || (Array.isArray(v) && !v.length) || (typeof v === 'object' && !Array.isArray(v) && !Object.keys(v).length));

/**
 * Fills a template as the core's `i18n` module does: `{name}`,
 * `{name@prefix}` (the entry prefix.VALUE; lists and maps item by item),
 * `{name?key}` (the template key when set), `{name#key}` (key.one or
 * key.other, `#` for the number). A missing parameter stays visible.
 */
export function fill(dict, template, params = {}, depth = 0) {
  return template.replace(/\{([^{}@?#]+)(?:([@?#])([^{}]*))?\}/g, (whole, name, op, arg) => {
    if (!(name in params)) return whole;
    const v = params[name];
    if (op === '?') return truthy(v) && depth < 4 ? fill(dict, lookup(dict, arg) ?? arg, params, depth + 1) : '';
    if (op === '#') {
      const form = Number(v) === 1 ? 'one' : 'other';
      const text = (lookup(dict, `${arg}.${form}`) ?? '').replaceAll('#', plain(v));
      return depth < 4 ? fill(dict, text, params, depth + 1) : text;
    }
    const one = (s) => (op === '@' ? lookup(dict, `${arg}.${s}`) ?? s : s);
    const sep = lookup(dict, 'list.sep') ?? ', ';
    if (Array.isArray(v)) return v.map((x) => one(plain(x))).join(sep);
    if (v && typeof v === 'object') return Object.entries(v).map(([k, n]) => `${one(k)} ${plain(n)}`).join(sep);
    return one(plain(v));
  });
}

/** The string for `key` with its parameters filled in; falls back to
 * English, then to the key itself, so a missing string is visible, not blank. */
export function t(key, params = {}) {
  return tIn(lang, key, params);
}

/** `t` in a given language (a custom element may speak its own). */
export function tIn(tag, key, params = {}) {
  const d = DICTS[resolve(tag)];
  return fill(d, lookup(d, key) ?? key, params);
}

/** A coded statement of the report (evidence, reason, warning, verdict)
 * in the current language; a plain string (a person's note in a plan) as
 * it is. */
export function say(m) {
  return sayIn(lang, m);
}

/** `say` in a given language. */
export function sayIn(tag, m) {
  if (!m) return '';
  if (typeof m === 'string') return m;
  const d = DICTS[resolve(tag)];
  return lookup(d, `msg.${m.code}`) ? tIn(tag, `msg.${m.code}`, m.params ?? {}) : (m.text ?? m.code);
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

/** Every language, in registration order, with its own name. */
export const LANGS = Object.keys(DICTS);
export const langName = (tag) => DICTS[tag]?.['lang.name'] ?? tag;

/** A share (0–1) as a percentage: one decimal below 10 %. */
export function formatPercent(x) {
  const v = x * 100;
  return `${v.toLocaleString(lang, { maximumFractionDigits: v < 10 ? 1 : 0 })} %`;
}
