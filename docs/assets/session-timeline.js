/* Mileposts session kits: follow a kit's timeline on a tablet during the session.
 *
 * On a kit's page (templates/sessions/timeline.html), "Start the session" starts a clock;
 * the step whose minutes hold the time so far is marked as the current one (aria-current,
 * a highlight) and scrolled into view, and a line says which step it is and how long is
 * left of it. "Next step" and "Previous step" move the mark by hand (the clock then follows
 * the step: a group that runs late or early is not fought); "Pause" stops the clock. Nothing
 * is stored or sent: the clock lives in this page only. Without JavaScript the timeline
 * is a plain list and the controls stay hidden.
 */
(function () {
  "use strict";

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function clock(seconds) {
    return Math.floor(seconds / 60) + ":" + pad(Math.floor(seconds % 60));
  }

  function initTimeline(list) {
    if (list.dataset.mpReady) return;
    list.dataset.mpReady = "1";
    var steps = Array.prototype.slice.call(list.querySelectorAll(".mp-kit-step[data-start]"));
    var controls = list.parentNode.querySelector(".mp-kit-follow");
    if (!steps.length || !controls) return;
    var startButton = controls.querySelector("[data-follow=start]");
    var nextButton = controls.querySelector("[data-follow=next]");
    var backButton = controls.querySelector("[data-follow=back]");
    var status = controls.querySelector(".mp-kit-follow-status");
    var elapsed = 0; /* seconds into the session */
    var timer = null;
    var last = null;
    var current = -1;

    function bounds(i) {
      var start = Number(steps[i].dataset.start) * 60;
      return [start, start + Number(steps[i].dataset.minutes) * 60];
    }

    function stepAt(seconds) {
      for (var i = 0; i < steps.length; i++) {
        if (seconds < bounds(i)[1]) return i;
      }
      return steps.length - 1;
    }

    function show(scroll) {
      var i = stepAt(elapsed);
      steps.forEach(function (step, n) {
        step.classList.toggle("mp-kit-current", n === i);
        if (n === i) step.setAttribute("aria-current", "step");
        else step.removeAttribute("aria-current");
      });
      var title = steps[i].querySelector(".mp-kit-step-title").firstChild.textContent.trim();
      var left = Math.max(0, bounds(i)[1] - elapsed);
      var end = bounds(steps.length - 1)[1];
      status.textContent = elapsed >= end
        ? "Time is up: " + clock(elapsed) + " so far."
        : "Step " + (i + 1) + " of " + steps.length + ": " + title + ", " + clock(left) + " left (" + clock(elapsed) + " so far).";
      backButton.disabled = i === 0;
      nextButton.disabled = i === steps.length - 1;
      if (scroll && i !== current && typeof steps[i].scrollIntoView === "function") {
        steps[i].scrollIntoView({ block: "nearest", behavior: "smooth" });
      }
      current = i;
    }

    function tick() {
      var now = Date.now();
      elapsed += (now - last) / 1000;
      last = now;
      show(true);
    }

    startButton.addEventListener("click", function () {
      if (timer) {
        clearInterval(timer);
        timer = null;
        startButton.textContent = "Carry on";
        status.textContent = "Paused at " + clock(elapsed) + ". " + status.textContent.replace(/^Paused at [^.]*\. /, "");
        return;
      }
      last = Date.now();
      timer = setInterval(tick, 1000);
      startButton.textContent = "Pause";
      show(true);
    });

    function move(by) {
      var i = Math.min(steps.length - 1, Math.max(0, stepAt(elapsed) + by));
      elapsed = bounds(i)[0];
      last = Date.now();
      show(true);
    }

    nextButton.addEventListener("click", function () { move(1); });
    backButton.addEventListener("click", function () { move(-1); });
    controls.hidden = false;
    show(false);
  }

  function init() {
    document.querySelectorAll(".mp-kit-web .mp-kit-timeline").forEach(initTimeline);
  }

  if (typeof window.document$ !== "undefined" && window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { init(); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
