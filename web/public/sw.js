// 陇原家政 service worker: keeps the worker's certificate card (/card.html, which reads her certificate and QR
// code from this phone's storage) and the icons available without signal. Nothing else is cached: the console
// and the API always go to the network, so no personal data lands in a cache.
const CACHE = 'jz-card-v1'
const FILES = ['/card.html', '/manifest.webmanifest', '/icon-192.png', '/favicon.ico']

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  )
})

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url)
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || !FILES.includes(url.pathname)) return
  // Network first (a new version when there is signal), the cached copy when there is none.
  event.respondWith(
    fetch(event.request)
      .then((res) => {
        if (res.ok) {
          const copy = res.clone()
          caches.open(CACHE).then((c) => c.put(event.request, copy))
        }
        return res
      })
      .catch(() => caches.match(event.request).then((hit) => hit || Response.error())),
  )
})
