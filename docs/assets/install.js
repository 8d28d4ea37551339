/* Mileposts on a phone: registers the service worker (sw.js, written by the build:
 * scripts/mileposts/site/pwa.py) that keeps every page, PDF and the search index for use
 * with no network, and offers a new deploy when one is ready.
 *
 * overrides/main.html loads this only in the published build, never in the offline copy
 * (a service worker cannot run from file://, so nothing is registered there either).
 * A new deploy's worker installs in the background and waits; a line at the foot of the
 * screen says so, and its Reload button lets the new worker take over and reloads the
 * page, so that every page after it comes from the new build. Nothing is sent anywhere.
 */
(function () {
  "use strict";

  var link = document.querySelector('link[rel="manifest"]');
  if (!link || !("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  var root = new URL("./", link.href);
  var asked = false;

  function prompt(worker) {
    if (document.querySelector(".mp-update")) return;
    var box = document.createElement("div");
    box.className = "mp-update md-typeset"; // md-typeset: Material's button style
    box.setAttribute("role", "status");
    var text = document.createElement("p");
    text.textContent = "Mileposts has been updated. Reload to see the new version.";
    var reload = document.createElement("button");
    reload.type = "button";
    reload.className = "md-button md-button--primary mp-update-reload";
    reload.textContent = "Updated - reload";
    var later = document.createElement("button");
    later.type = "button";
    later.className = "md-button mp-update-later";
    later.textContent = "Later";
    reload.addEventListener("click", function () {
      asked = true;
      reload.disabled = true;
      worker.postMessage({ type: "mileposts-skip-waiting" });
    });
    later.addEventListener("click", function () { box.remove(); });
    box.append(text, reload, later);
    document.body.appendChild(box);
  }

  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (asked) location.reload();
  });

  function register() {
    navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.href }).then(function (registration) {
      function offer(worker) {
        if (worker && navigator.serviceWorker.controller) prompt(worker);
      }
      offer(registration.waiting);
      registration.addEventListener("updatefound", function () {
        var worker = registration.installing;
        if (!worker) return;
        worker.addEventListener("statechange", function () {
          if (worker.state === "installed") offer(worker);
        });
      });
    }).catch(function () { /* no worker (private mode, blocked): the site works online as before */ });
  }

  if (document.readyState === "complete") register();
  else window.addEventListener("load", register);
})();
