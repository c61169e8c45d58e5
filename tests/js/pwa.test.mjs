// The PWA's static contract: the service worker precaches the whole shell, the manifest is complete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './vectors.mjs';

const STATIC = join(ROOT, 'static');
const sw = readFileSync(join(STATIC, 'sw.js'), 'utf8');
const html = readFileSync(join(STATIC, 'index.html'), 'utf8');
const manifest = JSON.parse(readFileSync(join(STATIC, 'manifest.webmanifest'), 'utf8'));
const shell = JSON.parse(sw.match(/const SHELL = (\[[\s\S]*?\]);/)[1].replace(/'/g, '"').replace(/,\s*\]/, ']'));
const files = (dir, ext) =>
  readdirSync(join(STATIC, dir))
    .filter((f) => f.endsWith(ext))
    .map((f) => `/${dir}/${f}`);

function pngSize(path) {
  const buf = readFileSync(join(STATIC, path));
  assert.equal(buf.toString('latin1', 1, 4), 'PNG', path);
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}

test('the service worker precaches every file the app needs offline', () => {
  const needed = [
    '/',
    '/manifest.webmanifest',
    ...files('js', '.js'),
    ...files('css', '.css'),
    ...files('locales', '.json'),
    ...files('data', '.json'),
    ...manifest.icons.map((i) => i.src),
  ];
  for (const path of needed) assert.ok(shell.includes(path), `${path} missing from SHELL in sw.js`);
  for (const path of shell.filter((p) => p !== '/' && p !== '/manifest.webmanifest')) {
    assert.ok(readFileSync(join(STATIC, path)).length > 0, path);
  }
});

test('every module is preloaded by index.html', () => {
  for (const path of files('js', '.js')) assert.ok(html.includes(`"${path}"`), path);
});

test('manifest: installable, icons of the stated sizes, share target for images', () => {
  for (const key of ['name', 'short_name', 'start_url', 'scope', 'display', 'theme_color', 'background_color']) {
    assert.ok(manifest[key], key);
  }
  assert.equal(manifest.display, 'standalone');
  for (const icon of manifest.icons) {
    const [w, h] = pngSize(icon.src);
    assert.equal(`${w}x${h}`, icon.sizes, icon.src);
  }
  const sizes = (purpose) => manifest.icons.filter((i) => i.purpose === purpose).map((i) => i.sizes);
  assert.deepEqual(sizes('any').sort(), ['192x192', '512x512']);
  assert.deepEqual(sizes('maskable').sort(), ['192x192', '512x512']);
  const st = manifest.share_target;
  assert.equal(st.action, '/share-target');
  assert.equal(st.method, 'POST');
  assert.equal(st.enctype, 'multipart/form-data');
  assert.equal(st.params.files[0].name, 'image');
  assert.ok(st.params.files[0].accept.includes('image/*'));
  assert.ok(sw.includes("url.pathname === '/share-target'"));
});
