// The floor: the least a worker can do for a navigation — hand back HTML already in Cache Storage.
const boot = { evaluated: performance.now() }
const PAGES = self.FLOOR_PAGES
self.addEventListener('install', (event) => {
  event.waitUntil(caches.open('floor').then(cache => Promise.all(Object.entries(PAGES).map(async ([url, source]) => {
    const response = await fetch(source)
    await cache.put(url, new Response(await response.blob(), { headers: { 'content-type': 'text/html; charset=utf-8' } }))
  }))))
  self.skipWaiting()
})
self.addEventListener('activate', event => event.waitUntil(self.clients.claim()))
self.addEventListener('fetch', (event) => {
  boot.firstFetch ??= performance.now()
  const url = new URL(event.request.url)
  if (event.request.mode === 'navigate' && PAGES[url.pathname]) {
    event.respondWith(caches.open('floor').then(cache => cache.match(url.pathname)).then((response) => {
      boot.firstResponse ??= performance.now()
      return response
    }))
  }
})
// Where its start-up time went, told as swerve's worker tells it (SWERVE_BOOT).
self.addEventListener('message', event => event.data?.type === 'SWERVE_BOOT' && event.ports[0]?.postMessage(boot))
