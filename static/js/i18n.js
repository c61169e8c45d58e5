/**
 * Strings come only from the catalogs in /locales/*.json.
 * The language is the browser's (ja if it prefers Japanese, else en) until
 * the user switches; the choice is remembered on the phone.
 */
export const LANGS = ['en', 'ja'];
const KEY = 'aoh-helper/lang';
let catalog = {};
let current = 'en';

export function preferredLang() {
  try {
    const saved = localStorage.getItem(KEY);
    if (LANGS.includes(saved)) return saved;
  } catch {
    /* storage blocked: fall through */
  }
  const wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
  for (const tag of wanted) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (LANGS.includes(base)) return base;
  }
  return 'en';
}

export function lang() {
  return current;
}

export async function loadLang(code, remember = false) {
  if (!LANGS.includes(code)) code = 'en';
  const resp = await fetch(`/locales/${code}.json`);
  if (!resp.ok) throw new Error(`catalog ${code}: ${resp.status}`);
  catalog = await resp.json();
  current = code;
  document.documentElement.lang = code;
  if (remember) {
    try {
      localStorage.setItem(KEY, code);
    } catch {
      /* ignore */
    }
  }
  return catalog;
}

/** The string for `key` with {name} placeholders filled; the key itself if missing. */
export function t(key, vars = {}) {
  const text = Object.hasOwn(catalog, key) ? catalog[key] : key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (Object.hasOwn(vars, name) ? String(vars[name]) : m));
}

/** Fill every [data-i18n] element's text and [data-i18n-attr] "attr:key;attr:key" attributes. */
export function applyTranslations(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':');
      if (attr && key) el.setAttribute(attr.trim(), t(key.trim()));
    }
  }
}
