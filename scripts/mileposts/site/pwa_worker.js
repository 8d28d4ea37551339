/* Mileposts' service worker (written into the site by scripts/mileposts/site/pwa.py).
   Every page, PDF, the search index and every asset is listed below with a hash of its
   content, made at build time. Installing fetches what is new or changed; every listed
   address is then answered from the cache first, so the site works with no network.
   A new deploy's worker waits until the page's "Updated - reload" button asks it to
   take over; after the reload every page comes from the new build's files. */
"use strict";
const PRECACHE = __PRECACHE__;
const VERSION = __VERSION__;
const CACHE = "mileposts-precache";
const scope = new URL(self.registration.scope);

function keyFor(entry) {
  return new URL(entry[0] + (entry[0].includes("?") ? "&" : "?") + "__mp=" + entry[1], scope).href;
}

const wanted = new Map(PRECACHE.map((entry) => [new URL(entry[0], scope).href, keyFor(entry)]));

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const have = new Set((await cache.keys()).map((request) => request.url));
    const missing = PRECACHE.filter((entry) => !have.has(keyFor(entry)));
    let next = 0;
    async function worker() {
      while (next < missing.length) {
        const entry = missing[next++];
        const response = await fetch(new URL(entry[0], scope).href, { cache: "reload" });
        if (!response.ok) throw new Error("precache: " + entry[0] + " answered " + response.status);
        await cache.put(keyFor(entry), response);
      }
    }
    await Promise.all([worker(), worker(), worker(), worker()]);
    if (!self.registration.active) await self.skipWaiting(); // the first visit: nothing older to replace
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const keep = new Set(wanted.values());
    for (const request of await cache.keys()) {
      if (!keep.has(request.url)) await cache.delete(request);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "mileposts-skip-waiting") self.skipWaiting();
  if (event.data && event.data.type === "mileposts-version" && event.ports[0]) event.ports[0].postMessage(VERSION);
});

function lookup(url) {
  const address = new URL(url);
  address.hash = "";
  address.search = "";
  const plain = address.href;
  if (wanted.has(plain)) return wanted.get(plain);
  if (plain.endsWith("/index.html") && wanted.has(plain.slice(0, -10))) return wanted.get(plain.slice(0, -10));
  if (!plain.endsWith("/") && wanted.has(plain + "/")) return wanted.get(plain + "/");
  return null;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(scope.href)) return;
  const key = lookup(request.url);
  if (!key) {
    // An address the site does not have, with no network: the site's own "not found" page.
    const notFound = wanted.get(new URL("404.html", scope).href);
    if (request.mode === "navigate" && notFound) {
      event.respondWith(fetch(request).catch(async () => (await caches.match(notFound, { cacheName: CACHE })) || Response.error()));
    }
    return;
  }
  event.respondWith((async () => {
    const cached = await caches.match(key, { cacheName: CACHE });
    return cached || fetch(request);
  })());
});
