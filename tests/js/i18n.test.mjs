// Every string the app shows comes from the catalogs, in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './vectors.mjs';

const STATIC = join(ROOT, 'static');
const en = JSON.parse(readFileSync(join(STATIC, 'locales', 'en.json'), 'utf8'));
const ja = JSON.parse(readFileSync(join(STATIC, 'locales', 'ja.json'), 'utf8'));
const html = readFileSync(join(STATIC, 'index.html'), 'utf8');
const js = readdirSync(join(STATIC, 'js'))
  .filter((f) => f.endsWith('.js'))
  .map((f) => readFileSync(join(STATIC, 'js', f), 'utf8'))
  .join('\n');

test('both catalogs have the same keys and no empty strings', () => {
  assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort());
  for (const [k, v] of [...Object.entries(en), ...Object.entries(ja)]) assert.ok(v.trim(), k);
});

test('placeholders match between languages', () => {
  const names = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const k of Object.keys(en)) assert.deepEqual(names(ja[k]), names(en[k]), k);
});

test('every key the page and the scripts use is in the catalogs', () => {
  const used = new Set();
  for (const m of html.matchAll(/data-i18n="([^"]+)"/g)) used.add(m[1]);
  for (const m of html.matchAll(/data-i18n-attr="([^"]+)"/g)) {
    for (const pair of m[1].split(';')) used.add(pair.split(':')[1]);
  }
  for (const m of js.matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
  assert.ok(used.size > 80, `only ${used.size} keys found`);
  for (const key of used) assert.ok(Object.hasOwn(en, key), key);
});

test('the page has no inline script, style or event handler (strict CSP)', () => {
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i);
  assert.doesNotMatch(html, /<style|\sstyle="/i);
  assert.doesNotMatch(html, /\son[a-z]+="/i);
  assert.doesNotMatch(html, /https?:\/\/(?!aka\.ms\/aoh")/i, 'no third-party resources');
});
