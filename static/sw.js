/*
 * aoh-helper's service worker.
 * - Precaches the app shell, so the app opens and the typed/pasted flow works
 *   with no network.  Shell requests go to the network first (so a new release
 *   is seen at once) and fall back to the cache when offline.
 * - Receives pictures shared from the phone's gallery (manifest share_target):
 *   stashes the file in Cache Storage and sends the app to /?share=1.
 * - Never touches /api/: OCR needs the server, and answers are never cached.
 */
const VERSION = 'aoh-helper-v5'; // bump when SHELL changes: old caches are dropped on activate
const SHARE_CACHE = 'aoh-share';
const NETWORK_TIMEOUT_MS = 4000;
const SHELL = [
  '/',
  '/manifest.webmanifest',
  '/css/app.css',
  '/js/app.js',
  '/js/dom.js',
  '/js/feedback.js',
  '/js/clipboard.js',
  '/js/download.js',
  '/js/state.js',
  '/js/steps.js',
  '/js/explain-view.js',
  '/js/machines.js',
  '/js/pictures.js',
  '/js/ocr-advice.js',
  '/js/paste.js',
  '/js/wiring.js',
  '/js/candidates.js',
  '/js/compare.js',
  '/js/kit.js',
  '/js/kit-view.js',
  '/js/i18n.js',
  '/js/ids.js',
  '/js/commands.js',
  '/js/explain.js',
  '/js/idboxes.js',
  '/js/ocr.js',
  '/js/store.js',
  '/locales/en.json',
  '/locales/ja.json',
  '/data/errors.json',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/icons/maskable-192.png',
  '/icons/maskable-512.png',
];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(VERSION)
      .then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== VERSION && k !== SHARE_CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function receiveShare(request) {
  try {
    const form = await request.formData();
    const file = form.get('image') || [...form.values()].find((v) => v instanceof File);
    if (!(file instanceof File) || !file.size) return Response.redirect('/?share=unavailable', 303);
    const cache = await caches.open(SHARE_CACHE);
    await cache.put(
      '/shared-image',
      new Response(file, {
        headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name || 'shared') },
      }),
    );
    return Response.redirect('/?share=1', 303);
  } catch {
    return Response.redirect('/?share=unavailable', 303);
  }
}

function timeout(ms) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms));
}

// The app's own page: the only navigation stored under '/'.  Any other file
// opened as a page (errors.json, an icon, the manifest) keeps its own key, so
// a link from another site cannot replace the app with raw JSON offline.
const APP_PAGES = ['/', '/index.html'];

function isPage(response) {
  return (response.headers.get('Content-Type') || '').startsWith('text/html');
}

async function networkFirst(request, cacheKey, { pageOnly = false } = {}) {
  const cache = await caches.open(VERSION);
  try {
    const response = await Promise.race([fetch(request), timeout(NETWORK_TIMEOUT_MS)]);
    const storable = response.ok && response.type === 'basic' && (!pageOnly || isPage(response));
    if (cacheKey && storable) cache.put(cacheKey, response.clone());
    return response;
  } catch (err) {
    const cached = cacheKey && (await cache.match(cacheKey, { ignoreSearch: true }));
    if (cached) return cached;
    throw err;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST' && url.pathname === '/share-target') {
    event.respondWith(receiveShare(request));
    return;
  }
  if (request.method !== 'GET' || url.pathname.startsWith('/api/') || url.pathname === '/healthz') return;
  if (request.mode === 'navigate') {
    if (APP_PAGES.includes(url.pathname)) {
      event.respondWith(networkFirst(request, '/', { pageOnly: true }));
    } else if (SHELL.includes(url.pathname)) {
      event.respondWith(networkFirst(request, url.pathname));
    }
    return; // any other page: the browser's own fetch, nothing stored
  }
  if (SHELL.includes(url.pathname)) {
    event.respondWith(networkFirst(request, url.pathname));
  }
});
