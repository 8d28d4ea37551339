/* Mileposts in the browser: checklist ticks that remember, the "Which mile are we on?"
 * self-assessment, and glossary tooltips that keyboard users can reach.
 *
 * Nothing here sends anything anywhere. Ticks live only in this browser's localStorage,
 * under "mileposts:ticks:<checklist id>" as a JSON list of ticked item ids, and when
 * each was made under "mileposts:times:<checklist id>" (see "ticks in time"); an item id
 * is derived from the item's text (scripts/mileposts/kinds/checklists.py: item_id), so editing one
 * item never resets the ticks of the others. Assessment answers are not stored at all.
 * When the browser cannot keep ticks (its storage is full, or blocked), ticking still
 * works on the page and a line under the progress says, in plain words, that the ticks
 * will not be kept; ticks stored earlier still show, as reading never needs writing.
 *
 * Without JavaScript the pages still work: checklists read as lists with checkboxes, the
 * assessment as a questionnaire with a scoring key; the buttons stay hidden.
 *
 * Works with and without Material's instant navigation: with it, Material swaps the page
 * content and emits on document$, and init() runs again on the new content; every
 * element is set up once only (data-mp-ready).
 */
(function () {
  "use strict";

  var TICKS = "mileposts:ticks:";

  /* ------------------------------------------------------------- storage */

  /* What the line under the progress says when ticks cannot be kept. */
  var NOT_KEPT = {
    full: "This browser's storage is full, so new ticks will not be kept after you leave this page.",
    blocked: "This browser does not let this page save ticks, so ticks will not be kept after you leave this page."
  };

  /* This browser's localStorage, or null when even reaching it throws (storage blocked:
   * some privacy settings, sandboxed frames). Reading and writing are tried separately
   * below, so a full storage still shows the ticks it holds. */
  function store() {
    try {
      var s = window.localStorage;
      return s && !s.__milepostsBlocked ? s : null;  // the stand-in for blocked storage (overrides/partials/storage-stand-in.html)
    } catch (e) {
      return null;
    }
  }

  function isQuota(e) {
    return !!e && (e.name === "QuotaExceededError" || e.name === "NS_ERROR_DOM_QUOTA_REACHED" ||
      e.code === 22 || e.code === 1014);
  }

  /* The stored ticks of checklist `id`: a list of item ids ([] when none, or unreadable
   * data), or null when this browser will not let the page read its storage at all. */
  function readTicks(id) {
    var s = store(), raw;
    if (!s) return null;
    try {
      raw = s.getItem(TICKS + id);
    } catch (e) {
      return null;
    }
    try {
      var list = JSON.parse(raw || "[]");
      return Array.isArray(list) ? list.filter(function (x) { return typeof x === "string"; }) : [];
    } catch (e) {
      return [];
    }
  }

  /* Store `list` as the ticks of checklist `id`. Returns "" once stored, otherwise why not:
   * "full" (quota exceeded) or "blocked" (storage unreachable, or writing refused). */
  function writeTicks(id, list) {
    var s = store();
    if (!s) return "blocked";
    try {
      if (list.length) s.setItem(TICKS + id, JSON.stringify(list));
      else s.removeItem(TICKS + id);
      return "";
    } catch (e) {
      return isQuota(e) ? "full" : "blocked";
    }
  }

  function once(el) {
    if (el.hasAttribute("data-mp-ready")) return false;
    el.setAttribute("data-mp-ready", "");
    return true;
  }

  /* ------------------------------------------------------- ticks in time */

  /* When each tick was made, under "mileposts:times:<checklist id>" as JSON
   * {"started": ms, "at": {item id: ms}}, beside the list of ticks (which keeps its old
   * form, so ticks stored before times were kept still show). A checklist's
   * data-ticks-reset says when its ticks expire: "shift" (data-shift-hours after the
   * first tick), "day" (a new calendar day), "week" (a new week, from Monday) or "never".
   * Expired ticks clear themselves when the page opens, with a line saying so. */
  var TIMES = "mileposts:times:";
  var DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  function readTimes(id) {
    var s = store(), parsed;
    if (!s) return { at: {} };
    try {
      parsed = JSON.parse(s.getItem(TIMES + id) || "{}");
    } catch (e) {
      parsed = {};
    }
    var at = {};
    if (parsed && typeof parsed.at === "object" && parsed.at) {
      Object.keys(parsed.at).forEach(function (key) {
        if (typeof parsed.at[key] === "number" && isFinite(parsed.at[key])) at[key] = parsed.at[key];
      });
    }
    var started = parsed && typeof parsed.started === "number" && isFinite(parsed.started) ? parsed.started : null;
    return { started: started, at: at };
  }

  function writeTimes(id, times) {
    var s = store();
    if (!s) return;
    try {
      if (times && times.started !== null && times.started !== undefined) s.setItem(TIMES + id, JSON.stringify(times));
      else s.removeItem(TIMES + id);
    } catch (e) { /* the ticks' own save says whether storage works */ }
  }

  function dayNumber(ms) {
    var d = new Date(ms);
    return Math.round(new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime() / 86400000);
  }

  function weekStart(ms) {
    var d = new Date(ms);
    return dayNumber(ms) - ((d.getDay() + 6) % 7);
  }

  /* Whether ticks started at `started` have expired by `now` under `rule`. */
  function expired(started, rule, shiftHours, now) {
    if (started === null || started === undefined || now < started) return false;
    if (rule === "shift") return now - started >= shiftHours * 3600000;
    if (rule === "day") return dayNumber(started) !== dayNumber(now);
    if (rule === "week") return weekStart(started) !== weekStart(now);
    return false;
  }

  function clock(ms) {
    var d = new Date(ms);
    return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
  }

  /* "09:12" today, "yesterday 18:02", "Monday 18:02" within a week, else "3 March 18:02". */
  function moment(ms, now, today) {
    var days = dayNumber(now) - dayNumber(ms), d = new Date(ms);
    if (days === 0) return (today ? "today " : "") + clock(ms);
    if (days === 1) return "yesterday " + clock(ms);
    if (days > 1 && days < 7) return DAYS[d.getDay()] + " " + clock(ms);
    return d.getDate() + " " + MONTHS[d.getMonth()] + " " + clock(ms);
  }

  function lastTick(times) {
    var last = null;
    Object.keys(times.at).forEach(function (key) {
      if (last === null || times.at[key] > last) last = times.at[key];
    });
    return last;
  }

  function rules(el) {
    return { rule: el.getAttribute("data-ticks-reset") || "never", hours: Number(el.getAttribute("data-shift-hours")) || 8 };
  }

  /* The checklists index: each checklist's progress on this device. */
  function initDeviceProgress(el) {
    if (!once(el)) return;
    var id = el.getAttribute("data-checklist-progress");
    var items = (el.getAttribute("data-items") || "").split(" ").filter(Boolean);
    var ticked = readTicks(id);
    if (ticked === null) {
      el.textContent = "Not kept in this browser";
      return;
    }
    var times = readTimes(id), how = rules(el), now = Date.now();
    var done = ticked.filter(function (x) { return items.indexOf(x) !== -1; }).length;
    if (!done || expired(times.started, how.rule, how.hours, now)) {
      el.textContent = "Not started";
      return;
    }
    var text = done === items.length ? "All " + items.length + " done" : done + " of " + items.length + " done";
    if (times.started !== null) text += ", started " + moment(times.started, now, false);
    el.textContent = text;
  }

  /* ---------------------------------------------------------- checklists */

  function initChecklist(article) {
    var id = article.getAttribute("data-checklist-id");
    var items = Array.prototype.slice.call(article.querySelectorAll(".mp-item[data-item-id]"));
    var progress = article.querySelector(".mp-progress");
    var timesLine = article.querySelector(".mp-tick-times");
    var reset = article.querySelector(".mp-reset");
    var print = article.querySelector(".mp-print");
    if (!id || !items.length || !once(article)) return;
    var how = rules(article);
    var times = { started: null, at: {} };
    var undoTimer = null;

    /* The line that says when ticks cannot be kept: a polite live region, there (and empty,
     * taking no room) from the start, so that screen readers announce it when it fills. */
    var note = document.createElement("p");
    note.className = "mp-storage-note";
    note.setAttribute("role", "status");
    note.setAttribute("aria-live", "polite");
    if (progress && progress.parentNode) progress.parentNode.insertBefore(note, progress.nextSibling);
    else article.insertBefore(note, article.firstChild);
    /* The line that says expired ticks were cleared, or offers to undo a reset. */
    var cleared = document.createElement("p");
    cleared.className = "mp-cleared-note";
    cleared.setAttribute("role", "status");
    note.parentNode.insertBefore(cleared, note.nextSibling);

    function tell(problem) {
      var text = problem ? NOT_KEPT[problem] : "";
      if (note.textContent !== text) note.textContent = text;
    }

    function box(item) {
      return item.querySelector("input.mp-tick");
    }

    function tickedIds() {
      return items.filter(function (item) { return box(item).checked; })
        .map(function (item) { return item.getAttribute("data-item-id"); });
    }

    function show() {
      var done = 0;
      items.forEach(function (item) {
        var ticked = box(item).checked;
        item.classList.toggle("mp-done", ticked);
        if (ticked) done += 1;
      });
      if (progress) {
        var text = done === items.length ? "All " + items.length + " done" : done + " of " + items.length + " done";
        if (progress.textContent !== text) progress.textContent = text;
        progress.setAttribute("data-done", String(done));
      }
      if (timesLine) {
        var last = lastTick(times), now = Date.now(), line = "";
        if (done && times.started !== null) {
          line = "Started " + moment(times.started, now, false);
          if (last !== null && last !== times.started) line += ", last tick " + moment(last, now, false);
        }
        timesLine.textContent = line;
        timesLine.hidden = !line;
      }
      article.style.setProperty("--mp-progress", String(done / items.length));
    }

    /* Every save stores the whole list, so one that works leaves nothing unsaved. */
    function save() {
      var ids = tickedIds(), now = Date.now(), at = {};
      ids.forEach(function (key) { at[key] = times.at[key] || now; });
      times = { started: ids.length ? (times.started !== null ? times.started : now) : null, at: at };
      tell(writeTicks(id, ids));
      writeTimes(id, times);
    }

    function load() {
      var ticked = readTicks(id);
      tell(ticked ? "" : "blocked");
      ticked = ticked || [];
      times = readTimes(id);
      var now = Date.now();
      if (ticked.length && expired(times.started, how.rule, how.hours, now)) {
        var last = lastTick(times);
        cleared.textContent = "Ticks from " + moment(last !== null ? last : times.started, now, true) + " were cleared.";
        ticked = [];
        times = { started: null, at: {} };
        writeTicks(id, []);
        writeTimes(id, null);
      }
      items.forEach(function (item) {
        box(item).checked = ticked.indexOf(item.getAttribute("data-item-id")) !== -1;
      });
      show();
    }

    /* Reset asks for nothing, and can be undone for a few seconds. */
    function offerUndo(ids, before) {
      cleared.textContent = "";
      var text = document.createTextNode("Ticks cleared. ");
      var undo = document.createElement("button");
      undo.type = "button";
      undo.className = "md-button mp-undo";
      undo.textContent = "Undo";
      undo.addEventListener("click", function () {
        window.clearTimeout(undoTimer);
        items.forEach(function (item) { box(item).checked = ids.indexOf(item.getAttribute("data-item-id")) !== -1; });
        times = before;
        tell(writeTicks(id, ids));
        writeTimes(id, times);
        cleared.textContent = "Ticks put back.";
        show();
        if (reset) reset.focus();
      });
      cleared.append(text, undo);
      window.clearTimeout(undoTimer);
      undoTimer = window.setTimeout(function () {
        if (cleared.contains(undo)) {
          var focused = document.activeElement === undo;
          cleared.textContent = "";
          if (focused && reset) reset.focus();
        }
      }, 10000);
    }

    load();
    article.addEventListener("change", function (event) {
      if (!event.target.classList.contains("mp-tick")) return;
      save();
      show();
    });
    if (reset) {
      reset.addEventListener("click", function () {
        var ids = tickedIds(), before = { started: times.started, at: times.at };
        items.forEach(function (item) { box(item).checked = false; });
        save();
        show();
        if (ids.length) offerUndo(ids, before);
      });
    }
    if (print) {
      print.addEventListener("click", function () { window.print(); });
    }
    /* Ticks made in another tab of this browser show up here too. */
    article.mpReload = load;
    article.classList.add("mp-js");
    [progress, reset, print].forEach(function (el) { if (el) el.hidden = false; });
  }

  window.addEventListener("storage", function (event) {
    if (!event.key || (event.key.indexOf(TICKS) !== 0 && event.key.indexOf(TIMES) !== 0)) return;
    var id = event.key.slice(event.key.indexOf(TICKS) === 0 ? TICKS.length : TIMES.length);
    document.querySelectorAll(".mp-checklist[data-checklist-id]").forEach(function (article) {
      if (article.getAttribute("data-checklist-id") === id && article.mpReload) article.mpReload();
    });
  });

  /* ------------------------------------------------------ self-assessment */

  /* The scoring rule, the same as scripts/mileposts/kinds/assessment.py (mile_for): thresholds are
   * "at least"; any zero-mile answer keeps the result at the first mile at most. */
  function mileFor(total, anyZero, firstFrom, secondFrom) {
    if (total < firstFrom) return "zero";
    if (total < secondFrom || anyZero) return "first";
    return "second";
  }

  function initAssessment(root) {
    var form = root.querySelector("form.mp-assessment-form");
    var outcome = root.querySelector(".mp-outcome");
    var score = root.querySelector(".mp-score");
    var capped = root.querySelector(".mp-capped");
    var clear = root.querySelector(".mp-assessment-reset");
    var results = Array.prototype.slice.call(root.querySelectorAll(".mp-result[data-mile]"));
    var questions = Array.prototype.slice.call(root.querySelectorAll("fieldset.mp-question"));
    var firstFrom = parseInt(root.getAttribute("data-first-from"), 10);
    var secondFrom = parseInt(root.getAttribute("data-second-from"), 10);
    if (!form || !outcome || !score || !questions.length || !once(root)) return;
    var maximum = 2 * questions.length;

    function update() {
      var total = 0, answered = 0, anyZero = false;
      questions.forEach(function (fieldset) {
        var chosen = fieldset.querySelector("input.mp-answer:checked");
        fieldset.classList.toggle("mp-answered", !!chosen);
        if (!chosen) return;
        answered += 1;
        total += parseInt(chosen.getAttribute("data-points"), 10);
        if (chosen.value === "zero") anyZero = true;
      });
      var complete = answered === questions.length;
      var mile = complete ? mileFor(total, anyZero, firstFrom, secondFrom) : "";
      var isCapped = complete && mile !== mileFor(total, false, firstFrom, secondFrom);
      root.setAttribute("data-answered", String(answered));
      root.setAttribute("data-total", complete ? String(total) : "");
      root.setAttribute("data-result", mile);
      root.classList.toggle("mp-complete", complete);
      results.forEach(function (section) {
        section.hidden = section.getAttribute("data-mile") !== mile;
      });
      var text;
      if (complete) {
        var result = results.filter(function (section) { return section.getAttribute("data-mile") === mile; })[0];
        var title = result ? result.getAttribute("data-title") : mile;
        text = "You scored " + total + " out of " + maximum + ": " + title + ".";
      } else if (answered === 0) {
        text = "Answer all " + questions.length + " questions to see your result.";
      } else {
        text = answered + " of " + questions.length + " questions answered. Answer them all to see your result.";
      }
      if (score.textContent !== text) score.textContent = text;
      if (capped) capped.hidden = !isCapped;
    }

    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    if (clear) {
      clear.addEventListener("click", function () {
        form.reset();
        update();
        var first = form.querySelector("input.mp-answer");
        if (first) first.focus();
      });
    }
    root.classList.add("mp-js");
    outcome.hidden = false;
    if (clear) clear.hidden = false;
    update(); // the browser may have restored answers (back/forward cache)
  }

  /* ------------------------------------------------------ glossary terms */

  /* Glossary terms are <abbr title="...">; Material shows the tooltip on hover and on
   * focus (content.tooltips), so make them focusable for keyboard users. */
  function initTerms(scope) {
    scope.querySelectorAll(".md-content abbr").forEach(function (abbr) {
      if (!abbr.hasAttribute("tabindex")) abbr.setAttribute("tabindex", "0");
    });
  }

  /* Material wraps tables in a sideways-scrolling box; on a phone a keyboard user must be
   * able to focus that box to scroll it (axe: scrollable-region-focusable). */
  /* On a phone, a wide table reads as a stack of cards (mileposts.css: table[data-mp-stack]; a class would lose Material's table style): each
   * cell is labelled with its column's heading, so no sideways scrolling is needed.
   * Only plain Markdown tables with a heading row; forms to print (worksheets) keep their grid. */
  function stackTable(table) {
    if (table.className || !once(table)) return;
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
    if (heads.length < 2) return;
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        if (heads[i]) cell.setAttribute("data-label", heads[i]);
      });
    });
    table.setAttribute("data-mp-stack", "");
  }

  function initTables(scope) {
    scope.querySelectorAll(".md-typeset__table > table").forEach(stackTable);
    scope.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) wrap.setAttribute("tabindex", "0");
      else if (wrap.getAttribute("tabindex") === "0") wrap.removeAttribute("tabindex");
    });
  }

  var resizing = 0;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(function () { initTables(document); }, 150);
  });

  /* -------------------------------------------------------------- print */

  /* Open every <details> for printing and close them again afterwards. Registered in the
   * capture phase so it runs before Material's own handler and sees the real state. */
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    openedForPrint = Array.prototype.slice.call(document.querySelectorAll("details:not([open])"));
    openedForPrint.forEach(function (details) { details.open = true; });
  }, true);
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (details) { details.open = false; });
    openedForPrint = [];
  }, true);

  /* --------------------------------------------------------------- scripts of a few pages */

  /* The team self-assessment's and a session kit's scripts load only on the pages that have
   * them (each then starts itself, on this page and on the pages it is kept for), so a
   * checklist page on a phone fetches neither. They sit beside this file, online and offline. */
  var here = document.currentScript && document.currentScript.src;
  var PAGE_SCRIPTS = [
    { selector: ".mp-assessment, .mp-team", file: "team-assessment.js" },
    { selector: ".mp-kit-web .mp-kit-timeline", file: "session-timeline.js" }
  ];
  var requested = {};

  function loadPageScripts() {
    PAGE_SCRIPTS.forEach(function (script) {
      if (!here || requested[script.file] || !document.querySelector(script.selector)) return;
      requested[script.file] = true;
      var element = document.createElement("script");
      element.src = new URL(script.file, here).href;
      document.head.appendChild(element);
    });
  }

  /* --------------------------------------------------------------- start */

  function init() {
    loadPageScripts();
    document.querySelectorAll(".mp-checklist[data-checklist-id]").forEach(initChecklist);
    document.querySelectorAll("[data-checklist-progress]").forEach(initDeviceProgress);
    document.querySelectorAll(".mp-assessment").forEach(initAssessment);
    initTerms(document);
    initTables(document);
  }

  window.Mileposts = { init: init, mileFor: mileFor, ticksKey: function (id) { return TICKS + id; } };

  if (typeof window.document$ !== "undefined" && window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { init(); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
