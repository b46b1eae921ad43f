// Service worker template: caches the resident app shell and public reference data; never reports, receipts or staff pages.
// The build (vite.config.ts) fills in VERSION and PRECACHE and writes the result to dist/sw.js.
/* eslint-env serviceworker */

const VERSION = '__VERSION__'
const PRECACHE = /* __PRECACHE__ */ []
const SHELL = `meldpunt-shell-${VERSION}`
const RUNTIME = `meldpunt-runtime-${VERSION}`
/** Public, non-personal GETs the form needs offline: taxonomy, municipalities, boundaries, neighbourhoods, config. */
const CACHED_API = /^\/api\/v1\/(taxonomy|config|municipalities)(\/|$|\?)/
const NETWORK_TIMEOUT_MS = 4000

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('meldpunt-') && k !== SHELL && k !== RUNTIME).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  )
})

/** Network first (fresh pages and data), the cache when the network fails or hangs. */
async function networkFirst(request, cacheName, fallbackKey) {
  const cache = await caches.open(cacheName)
  try {
    const response = await Promise.race([
      fetch(request),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), NETWORK_TIMEOUT_MS)),
    ])
    if (response.ok) await cache.put(fallbackKey ?? request, response.clone())
    return response
  } catch (error) {
    const cached = await cache.match(fallbackKey ?? request)
    if (cached) return cached
    throw error
  }
}

/** Hashed build assets never change: the cache wins. */
async function cacheFirst(request) {
  const cached = await caches.match(request)
  if (cached) return cached
  const response = await fetch(request)
  if (response.ok) {
    const cache = await caches.open(RUNTIME)
    await cache.put(request, response.clone())
  }
  return response
}

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin) return
  if (request.mode === 'navigate') {
    // Only the resident page; /staff/ and everything else go to the network untouched.
    if (url.pathname === '/' || url.pathname === '/index.html') event.respondWith(networkFirst(request, SHELL, '/'))
    return
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request))
    return
  }
  if (CACHED_API.test(url.pathname)) event.respondWith(networkFirst(request, RUNTIME))
})
