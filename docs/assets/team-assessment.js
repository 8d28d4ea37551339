/* Mileposts team self-assessment: "Which mile are we on?" answered by a whole team.
 *
 * Two pages use this file:
 * - the self-assessment page (.mp-assessment, templates/assessment/form.html): once every
 *   question is answered, its share block shows the answers as a short code to copy;
 * - the team page (.mp-team, templates/assessment/team.html, made by kinds/assessment_team.py):
 *   a facilitator adds people who answer in turn on one device, or pastes their codes; the
 *   page shows each person's mile, the team's, how far apart the answers to each question are,
 *   and saves, compares, exports and imports runs.
 *
 * The questions, options, thresholds and results come from the page (data/assessment.yml,
 * rendered by the build). Scoring is window.Mileposts.mileFor from mileposts.js, the same rule
 * as assessment.py's mile_for: this file never writes it again.
 *
 * Nothing here sends anything anywhere. A code or a file leaves the browser only when a
 * person copies or saves it. Saved runs live in this browser's localStorage under
 * "mileposts:team-runs"; when storage is blocked (private browsing) or full, the page still
 * works and says that runs will not be kept. Everything typed, pasted or imported is
 * untrusted: it is checked strictly (see checkRun and readCode) and only ever written into
 * the page as text (textContent, attribute values), never as HTML.
 *
 * An answer code: "MP1-<questions id>-<answers>-<name>", e.g. "MP1-3fa9c1-2101201210-Sam%20K".
 * MP1 is the code's version; the questions id is the build's fingerprint of the questions
 * (assessment_team.py: questions_id), so a code made for other questions is refused; the
 * answers are one digit per question, the points of the chosen answer (0 zero mile, 1 first
 * mile, 2 second mile); the name, optional, is URI-encoded so that a code holds no spaces.
 *
 * A run file (and a saved run) is JSON: {"format": "mileposts-team-assessment", "version": 1,
 * "team": "...", "date": "YYYY-MM-DD", "questions": ["...", ...], "people": [{"name": "...",
 * "answers": ["zero" | "first" | "second", ...]}, ...], "next_steps": "..."}. The questions'
 * texts are kept so that a run can be compared with a later one question by question even
 * after the questions have been edited.
 */
(function () {
  "use strict";

  var RUNS = "mileposts:team-runs";
  var FORMAT = "mileposts-team-assessment";
  var VERSION = 1;
  var CODE_VERSION = 1;
  var MILES = ["zero", "first", "second"];
  var POINTS = { zero: 0, first: 1, second: 2 };
  var MILE_NAMES = { zero: "zero mile", first: "first mile", second: "second mile" };
  var LIMIT = {
    name: 40,          // characters in a person's name
    team: 60,          // characters in a team's name
    people: 50,        // people in one run
    steps: 2000,       // characters in "Our next steps"
    pasted: 20000,     // characters pasted into the codes box
    code: 600,         // characters in one code
    file: 100000,      // bytes in a run file (a run of 50 people is about 8 kB)
    runs: 100,         // saved runs
    questions: 20,     // questions in a run
    question: 400      // characters in one question's text
  };
  var TALK_FIRST = 3;  // questions marked "talk about this first"
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  /* Control characters, and invisible ones that can disguise a name (zero-width, bidi overrides). */
  var INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\ufff9-\ufffb]/;

  /* -------------------------------------------------------------- helpers */

  function once(el) {
    if (el.hasAttribute("data-mp-ready")) return false;
    el.setAttribute("data-mp-ready", "");
    return true;
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined && text !== null) el.textContent = text;
    return el;
  }

  function button(label, className, hiddenLabel) {
    var b = element("button", "md-button " + className, label);
    b.type = "button";
    if (hiddenLabel) b.appendChild(element("span", "mp-visually-hidden", " " + hiddenLabel));
    return b;
  }

  /* Replace what a live region says (only when it changes, so nothing is announced twice). */
  function say(region, text) {
    if (region && region.textContent !== text) region.textContent = text;
  }

  /* A live region that says a first line and then a list (problems with codes or files). */
  function sayList(region, text, items) {
    region.textContent = "";
    if (text) region.appendChild(element("p", "", text));
    if (items && items.length) {
      var list = element("ul");
      items.forEach(function (item) { list.appendChild(element("li", "", item)); });
      region.appendChild(list);
    }
  }

  function shorten(text, max) {
    text = String(text);
    return text.length > max ? text.slice(0, max - 1) + "…" : text;
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function listWords(words) {
    if (words.length < 2) return words.join("");
    return words.slice(0, -1).join(", ") + " and " + words[words.length - 1];
  }

  function isObject(value) {
    return !!value && typeof value === "object" && !Array.isArray(value);
  }

  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  function sameText(a, b) {
    return String(a).replace(/\s+/g, " ").trim() === String(b).replace(/\s+/g, " ").trim();
  }

  /* A name someone typed or imported, checked: {value} (spaces tidied, maybe "") or {problem}. */
  function checkName(raw, max, what) {
    if (typeof raw !== "string") return { problem: what + " is not text." };
    if (INVISIBLE.test(raw.replace(/\t/g, " "))) {
      return { problem: what + " holds an invisible or control character. Type it again by hand." };
    }
    var value = raw.replace(/\s+/g, " ").trim();
    if (/[<>]/.test(value)) return { problem: what + " holds < or >. Names here are plain words: leave those out." };
    if (value.length > max) return { problem: what + " is longer than " + max + " characters." };
    return { value: value };
  }

  function isDate(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typeof text === "string" ? text : "");
    if (!m) return false;
    var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
  }

  /* "2026-11-30" as "30 November 2026" (the site is in English; no locale guessing). */
  function longDate(text) {
    if (!isDate(text)) return "no date";
    var parts = text.split("-");
    return +parts[2] + " " + MONTHS[+parts[1] - 1] + " " + parts[0];
  }

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }

  /* This browser's localStorage, or null when even reaching it throws (blocked storage). */
  function store() {
    try {
      var s = window.localStorage;
      return s && !s.__milepostsBlocked ? s : null;  // the stand-in for blocked storage (overrides/partials/storage-stand-in.html)
    } catch (e) {
      return null;
    }
  }

  function isQuota(e) {
    return !!e && (e.name === "QuotaExceededError" || e.name === "NS_ERROR_DOM_QUOTA_REACHED" || e.code === 22 || e.code === 1014);
  }

  /* ---------------------------------------------------------- the rule */

  /* The scoring rule of mileposts.js (and assessment.py), applied to one answer per question. */
  function score(miles, rule) {
    var total = 0, anyZero = false;
    miles.forEach(function (mile) {
      total += POINTS[mile];
      if (mile === "zero") anyZero = true;
    });
    var mile = window.Mileposts.mileFor(total, anyZero, rule.firstFrom, rule.secondFrom);
    return { total: total, mile: mile, capped: mile !== window.Mileposts.mileFor(total, false, rule.firstFrom, rule.secondFrom) };
  }

  /* How many people chose each mile for question `i`. */
  function countsFor(people, i) {
    var counts = { zero: 0, first: 0, second: 0 };
    people.forEach(function (person) { counts[person.answers[i]] += 1; });
    return counts;
  }

  /* The team's answer: the middle one with answers lined up from zero to second; the lower of two. */
  function teamAnswer(counts) {
    var n = counts.zero + counts.first + counts.second;
    var k = Math.floor((n - 1) / 2);
    if (k < counts.zero) return "zero";
    if (k < counts.zero + counts.first) return "first";
    return "second";
  }

  /* How far apart the answers are: for every pair of people, the miles between them, added up. */
  function disagreement(counts) {
    return counts.zero * counts.first + counts.first * counts.second + 2 * counts.zero * counts.second;
  }

  function average(counts) {
    var n = counts.zero + counts.first + counts.second;
    return n ? (counts.first + 2 * counts.second) / n : 0;
  }

  /* Everything the result shows, for a list of people (each {name, answers}). */
  function teamResult(people, questions, rule) {
    var rows = questions.map(function (question, i) {
      var counts = countsFor(people, i);
      return { index: i, text: question.text, counts: counts, team: teamAnswer(counts), apart: disagreement(counts) };
    });
    var order = rows.slice().sort(function (a, b) { return b.apart - a.apart || a.index - b.index; });
    var talk = order.filter(function (row) { return row.apart > 0; }).slice(0, TALK_FIRST);
    return {
      rows: rows,
      order: order,
      talk: talk,
      team: score(rows.map(function (row) { return row.team; }), rule),
      each: people.map(function (person) { return score(person.answers, rule); })
    };
  }

  /* ----------------------------------------------------------- codes */

  function makeCode(questionsId, miles, name) {
    var code = "MP" + CODE_VERSION + "-" + questionsId + "-" + miles.map(function (m) { return POINTS[m]; }).join("");
    return name ? code + "-" + encodeURIComponent(name) : code;
  }

  /* One pasted code, checked: {name, answers} or {problem} (a sentence about the code). */
  function readCode(token, questionsId, count) {
    if (token.length > LIMIT.code) return { problem: "is far too long to be a code." };
    var parts = token.split("-");
    var version = /^MP(\d{1,3})$/i.exec(parts[0]);
    if (!version) return { problem: "is not a Mileposts code: codes start with MP" + CODE_VERSION + "-." };
    if (+version[1] !== CODE_VERSION) {
      return { problem: "is a version " + (+version[1]) + " code; this page reads version " + CODE_VERSION + " codes (MP" + CODE_VERSION + "-). Ask for a new code from the self-assessment page." };
    }
    if (parts.length < 3 || !parts[1] || !parts[2]) return { problem: "is cut short. Was it copied in full?" };
    if (!/^[0-9a-f]{6}$/i.test(parts[1])) return { problem: "is garbled. Was it copied in full?" };
    if (parts[1].toLowerCase() !== questionsId) {
      return { problem: "was made for a different version of the questions (perhaps from an older copy of Mileposts). Ask for a new code from the self-assessment page." };
    }
    var digits = parts[2];
    var bad = /[^012]/.exec(digits);
    if (bad) return { problem: "holds the answer “" + shorten(bad[0], 3) + "”, but answers are 0, 1 or 2." };
    if (digits.length !== count) {
      return { problem: "has " + plural(digits.length, "answer", "answers") + ", but there are " + count + " questions. Was it copied in full?" };
    }
    var name = "";
    if (parts.length > 3) {
      try {
        name = decodeURIComponent(parts.slice(3).join("-"));
      } catch (e) {
        return { problem: "has a garbled name. Ask for a new code." };
      }
    }
    var checked = checkName(name, LIMIT.name, "The name in it");
    if (checked.problem) return { problem: "was not added: " + checked.problem.charAt(0).toLowerCase() + checked.problem.slice(1) };
    return { name: checked.value, answers: digits.split("").map(function (d) { return MILES[+d]; }) };
  }

  /* ------------------------------------------------------------- runs */

  var RUN_FIELDS = ["format", "version", "team", "date", "questions", "people", "next_steps"];

  /* A run from a file or from storage, checked strictly: {run} or {problem}. */
  function checkRun(data) {
    if (!isObject(data)) return { problem: "It is not a team run from this page." };
    if (data.format !== FORMAT) return { problem: "It is not a Mileposts team run (it does not say \"format\": \"" + FORMAT + "\")." };
    if (typeof data.version !== "number" || data.version !== VERSION) {
      var newer = typeof data.version === "number" && data.version > VERSION;
      return { problem: newer ? "It was made by a newer version of this page (version " + shorten(data.version, 12) + "); this page reads version " + VERSION + "." :
        "Its version is not one this page reads (version " + VERSION + ")." };
    }
    var unknown = Object.keys(data).filter(function (key) { return RUN_FIELDS.indexOf(key) === -1; });
    if (unknown.length) return { problem: "It holds a field this page does not know: “" + shorten(unknown[0], 30) + "”." };
    var team = checkName(data.team, LIMIT.team, "The team name");
    if (team.problem) return { problem: team.problem };
    if (!team.value) return { problem: "It has no team name." };
    if (!isDate(data.date)) return { problem: "Its date is not a real date written YYYY-MM-DD." };
    var questions = data.questions;
    if (!Array.isArray(questions) || !questions.length || questions.length > LIMIT.questions ||
        !questions.every(function (q) { return typeof q === "string" && q.trim() && q.length <= LIMIT.question; })) {
      return { problem: "Its list of questions is not what this page writes." };
    }
    var people = data.people;
    if (!Array.isArray(people) || !people.length) return { problem: "It holds nobody's answers." };
    if (people.length > LIMIT.people) return { problem: "It holds more than " + LIMIT.people + " people." };
    var seen = {}, checked = [];
    for (var p = 0; p < people.length; p++) {
      var person = people[p], where = "Person " + (p + 1) + " in it";
      if (!isObject(person) || Object.keys(person).sort().join() !== "answers,name") return { problem: where + " is not written as this page writes people." };
      var name = checkName(person.name, LIMIT.name, "The name of " + where.toLowerCase());
      if (name.problem) return { problem: name.problem };
      if (!name.value) return { problem: where + " has no name." };
      var key = name.value.toLowerCase();
      if (seen[key]) return { problem: "Two people in it have the same name." };
      seen[key] = true;
      if (!Array.isArray(person.answers) || person.answers.length !== questions.length) {
        return { problem: where + " has " + (Array.isArray(person.answers) ? plural(person.answers.length, "answer", "answers") : "no answers") + ", but the run has " + questions.length + " questions." };
      }
      for (var a = 0; a < person.answers.length; a++) {
        if (MILES.indexOf(person.answers[a]) === -1) {
          return { problem: "Answer " + (a + 1) + " of " + where.toLowerCase() + " is not zero, first or second." };
        }
      }
      checked.push({ name: name.value, answers: person.answers.slice() });
    }
    var steps = has(data, "next_steps") ? data.next_steps : "";
    if (typeof steps !== "string" || steps.length > LIMIT.steps) return { problem: "Its next steps are not text of at most " + LIMIT.steps + " characters." };
    return { run: { team: team.value, date: data.date, questions: questions.slice(), people: checked, steps: steps } };
  }

  function runJson(run) {
    return {
      format: FORMAT,
      version: VERSION,
      team: run.team,
      date: run.date,
      questions: run.questions.slice(),
      people: run.people.map(function (p) { return { name: p.name, answers: p.answers.slice() }; }),
      next_steps: run.steps
    };
  }

  function newId() {
    return Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
  }

  function fileName(run) {
    var slug = run.team.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40) || "team";
    return "mileposts-team-" + slug + "-" + run.date + ".json";
  }

  function download(run) {
    var blob = new Blob([JSON.stringify(runJson(run), null, 2) + "\n"], { type: "application/json" });
    var url = URL.createObjectURL(blob);
    var link = element("a");
    link.href = url;
    link.download = fileName(run);
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  /* Copy `text`: the clipboard if the browser allows it, otherwise select `input` and copy. */
  function copyText(text, input, done) {
    function fallback() {
      var ok = false;
      input.focus();
      input.select();
      try {
        ok = document.execCommand("copy");
      } catch (e) {
        ok = false;
      }
      done(ok);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    } else {
      fallback();
    }
  }

  /* ------------------------------------------- the share block (one person) */

  function initShare(root) {
    var share = root.querySelector(".mp-share");
    var form = root.querySelector("form.mp-assessment-form");
    var questionsId = root.getAttribute("data-questions-id");
    if (!share || !form || !questionsId || !once(share)) return;
    var fieldsets = Array.prototype.slice.call(form.querySelectorAll("fieldset.mp-question"));
    var nameInput = share.querySelector(".mp-share-name");
    var nameNote = share.querySelector(".mp-share-name-note");
    var codeInput = share.querySelector(".mp-share-code");
    var copy = share.querySelector(".mp-share-copy");
    var note = share.querySelector(".mp-share-note");

    function answers() {
      var miles = fieldsets.map(function (fieldset) {
        var chosen = fieldset.querySelector("input.mp-answer:checked");
        return chosen && MILES.indexOf(chosen.value) !== -1 ? chosen.value : "";
      });
      return miles.every(Boolean) ? miles : null;
    }

    function update() {
      var miles = answers();
      share.hidden = !miles;
      if (!miles) {
        codeInput.value = "";
        say(note, "");
        return;
      }
      var name = checkName(nameInput.value, LIMIT.name, "Your name");
      say(nameNote, name.problem ? name.problem + " The code leaves it out until then." : "");
      var code = makeCode(questionsId, miles, name.problem ? "" : name.value);
      if (codeInput.value !== code) {
        codeInput.value = code;
        say(note, "");
      }
    }

    form.addEventListener("change", update);
    form.addEventListener("reset", function () { window.setTimeout(update, 0); });
    nameInput.addEventListener("input", update);
    codeInput.addEventListener("focus", function () { codeInput.select(); });
    copy.addEventListener("click", function () {
      copyText(codeInput.value, codeInput, function (ok) {
        say(note, ok ? "Copied. Paste it into a message to the person running the session." :
          "This browser would not copy it. The code is selected: press Ctrl+C (or Cmd+C on a Mac) to copy it.");
      });
    });
    update();
  }

  /* --------------------------------------------------------- the team page */

  function initTeam(root) {
    if (!once(root) || !window.Mileposts || typeof window.Mileposts.mileFor !== "function") return;
    var $ = function (selector) { return root.querySelector(selector); };
    var rule = { firstFrom: parseInt(root.getAttribute("data-first-from"), 10), secondFrom: parseInt(root.getAttribute("data-second-from"), 10) };
    var questionsId = root.getAttribute("data-questions-id") || "";
    var fieldsets = Array.prototype.slice.call(root.querySelectorAll("fieldset.mp-team-question"));
    /* Each question's words as the page shows them (kept in runs, to compare runs question by question). */
    var questions = fieldsets.map(function (fieldset) {
      var text = fieldset.querySelector(".mp-team-question-text");
      return { text: text ? text.textContent.replace(/\s+/g, " ").trim() : "" };
    });
    var questionTexts = questions.map(function (q) { return q.text; });
    var maximum = 2 * questions.length;
    var titles = {};
    root.querySelectorAll(".mp-team-start[data-mile]").forEach(function (block) {
      titles[block.getAttribute("data-mile")] = block.getAttribute("data-title") || block.getAttribute("data-mile");
    });

    var ui = {
      team: $(".mp-team-name"), date: $(".mp-team-date"), teamNote: $(".mp-team-name-note"),
      addForm: $("form.mp-team-add"), person: $(".mp-team-person"), addNote: $(".mp-team-add-note"),
      answerForm: $("form.mp-team-answer-form"), who: $(".mp-team-who"), answering: $(".mp-team-answering"),
      cancel: $(".mp-team-cancel"), answerNote: $(".mp-team-answer-note"),
      codesForm: $("form.mp-team-codes"), codes: $(".mp-team-code-input"), codesNote: $(".mp-team-codes-note"),
      nobody: $(".mp-team-nobody"), people: $(".mp-team-people"), peopleNote: $(".mp-team-people-note"),
      printHead: $(".mp-team-print-head"), summary: $(".mp-team-summary"), capped: $(".mp-team-capped"),
      detail: $(".mp-team-detail"), talkIntro: $(".mp-team-talk-intro"), spread: $(".mp-team-spread"),
      each: $(".mp-team-each tbody"), steps: $(".mp-team-steps"), stepsPrint: $(".mp-team-steps-print"),
      print: $(".mp-team-print"), storageNote: $(".mp-team-storage-note"), save: $(".mp-team-save"),
      exportButton: $(".mp-team-export"), newRun: $(".mp-team-new"), importFile: $(".mp-team-import"),
      runsNote: $(".mp-team-runs-note"), noRuns: $(".mp-team-no-runs"), runs: $(".mp-team-runs"),
      compare: $(".mp-team-compare"), compareTitle: $(".mp-team-compare-title"),
      compareSummary: $(".mp-team-compare-summary"), compareRows: $(".mp-team-compare-list")
    };
    var starts = Array.prototype.slice.call(root.querySelectorAll(".mp-team-start[data-mile]"));

    /* The run on screen, and who is answering (null when nobody). */
    var run = { id: newId(), team: "", date: today(), people: [], steps: "" };
    var editing = null; // {index: position in run.people, or -1 for a new person; name}
    var dirty = false;  // changed since last saved (or started)
    var saved = [];     // [{id, saved: ISO time, run}] as kept in storage (or only in memory)
    var unread = [];    // stored entries this page cannot read (a newer page's, say): kept as they are
    var storage = "ok"; // "ok", "blocked" or "full"
    var comparedWith = null;

    ui.date.value = run.date;

    /* ------------------------------------------------------- storage */

    var STORAGE_NOTES = {
      blocked: "This browser does not let this page save runs (private browsing, or site data blocked). Everything else works, " +
        "and runs you save stay listed until you leave this page. To keep a run, export it as a file.",
      full: "This browser's storage is full, so the last run could not be saved for later. It stays listed until you leave " +
        "this page. To keep it, export it as a file."
    };

    function tellStorage() {
      say(ui.storageNote, STORAGE_NOTES[storage] || "");
    }

    function loadSaved() {
      var s = store(), raw = null, dropped = 0;
      if (!s) {
        storage = "blocked";
        return;
      }
      try {
        raw = s.getItem(RUNS);
      } catch (e) {
        storage = "blocked";
        return;
      }
      var list = [];
      try {
        var data = JSON.parse(raw || "[]");
        list = Array.isArray(data) ? data : [];
      } catch (e) {
        list = [];
        dropped += 1;
      }
      saved = [];
      unread = [];
      list.slice(0, LIMIT.runs).forEach(function (entry) {
        var checked = isObject(entry) && typeof entry.id === "string" && typeof entry.saved === "string" ? checkRun(entry.run) : { problem: "shape" };
        if (checked.run) {
          saved.push({ id: entry.id.slice(0, 40), saved: entry.saved.slice(0, 40), run: checked.run });
        } else {
          unread.push(entry);
          dropped += 1;
        }
      });
      if (dropped) {
        say(ui.runsNote, plural(dropped, "saved run", "saved runs") + " could not be read (saved by a newer version of this page, perhaps) and " +
          (dropped === 1 ? "is" : "are") + " left out, but kept.");
      }
    }

    /* Write the saved runs; "" once stored, otherwise "blocked" or "full" (the list stays in memory). */
    function writeSaved() {
      var s = store();
      if (!s) return "blocked";
      try {
        var entries = saved.map(function (entry) { return { id: entry.id, saved: entry.saved, run: runJson(entry.run) }; });
        s.setItem(RUNS, JSON.stringify(entries.concat(unread)));
        return "";
      } catch (e) {
        return isQuota(e) ? "full" : "blocked";
      }
    }

    function persist() {
      var problem = writeSaved();
      if (problem) storage = problem;
      else if (storage === "full") storage = "ok";
      tellStorage();
      return !problem;
    }

    /* --------------------------------------------------------- people */

    function nextPersonName() {
      for (var n = 1; ; n++) {
        if (!nameTaken("Person " + n, -1)) return "Person " + n;
      }
    }

    function nameTaken(name, except) {
      var key = name.toLowerCase();
      return run.people.some(function (p, i) { return i !== except && p.name.toLowerCase() === key; });
    }

    function changed() {
      dirty = true;
      render();
    }

    function openForm(index, name) {
      editing = { index: index, name: name };
      ui.answerForm.reset();
      if (index >= 0) {
        run.people[index].answers.forEach(function (mile, i) {
          var input = fieldsets[i].querySelector('input.mp-answer[value="' + mile + '"]');
          if (input) input.checked = true;
        });
      }
      fieldsets.forEach(function (f) { f.classList.remove("mp-team-missing"); });
      ui.who.textContent = name;
      say(ui.answerNote, "");
      ui.answerForm.hidden = false;
      ui.addForm.hidden = true;
      render();
      ui.answering.focus();
    }

    function closeForm(focus) {
      editing = null;
      ui.answerForm.reset();
      ui.answerForm.hidden = true;
      ui.addForm.hidden = false;
      render();
      if (focus) focus.focus();
    }

    ui.addForm.addEventListener("submit", function (event) {
      event.preventDefault();
      if (run.people.length >= LIMIT.people) {
        say(ui.addNote, "A run holds at most " + LIMIT.people + " people.");
        return;
      }
      var checked = checkName(ui.person.value, LIMIT.name, "The name");
      if (checked.problem) {
        say(ui.addNote, checked.problem);
        ui.person.focus();
        return;
      }
      var name = checked.value || nextPersonName();
      if (nameTaken(name, -1)) {
        say(ui.addNote, "There is already someone called " + name + ". Add an initial to tell them apart.");
        ui.person.focus();
        return;
      }
      say(ui.addNote, "");
      ui.person.value = "";
      openForm(-1, name);
    });

    ui.answerForm.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!editing) return;
      var missing = [];
      var answers = fieldsets.map(function (fieldset, i) {
        var chosen = fieldset.querySelector("input.mp-answer:checked");
        fieldset.classList.toggle("mp-team-missing", !chosen);
        if (!chosen) missing.push(String(i + 1));
        return chosen ? chosen.value : "";
      });
      if (missing.length) {
        say(ui.answerNote, (missing.length === 1 ? "Question " : "Questions ") + listWords(missing) + " " +
          (missing.length === 1 ? "has" : "have") + " no answer yet. Every question needs one.");
        var first = fieldsets[+missing[0] - 1].querySelector("input.mp-answer");
        if (first) first.focus();
        return;
      }
      var name = editing.name, index = editing.index;
      if (index >= 0 && run.people[index]) run.people[index].answers = answers;
      else run.people.push({ name: name, answers: answers });
      closeForm(ui.person);
      dirty = true;
      render();
      say(ui.peopleNote, "Saved the answers of " + name + ". " + plural(run.people.length, "person has", "people have") + " answered.");
    });

    ui.cancel.addEventListener("click", function () {
      var index = editing ? editing.index : -1;
      closeForm(null);
      var back = index >= 0 ? ui.people.querySelectorAll(".mp-team-change")[index] : null;
      (back || ui.person).focus();
    });

    ui.codesForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = ui.codes.value;
      if (text.length > LIMIT.pasted) {
        sayList(ui.codesNote, "That is far more text than a team's codes (" + text.length + " characters): paste only the codes, one per line. Nothing was added.");
        return;
      }
      var tokens = text.split(/\s+/).filter(Boolean);
      if (!tokens.length) {
        sayList(ui.codesNote, "Paste at least one code first.");
        ui.codes.focus();
        return;
      }
      var added = [], problems = [], left = [];
      tokens.forEach(function (token, i) {
        var label = "Code " + (i + 1) + " (" + shorten(token, 24) + ") ";
        var code = readCode(token, questionsId, questions.length);
        if (!code.problem && run.people.length >= LIMIT.people) code = { problem: "was not added: a run holds at most " + LIMIT.people + " people." };
        if (!code.problem && code.name && nameTaken(code.name, -1)) {
          code = { problem: "was not added: there is already someone called " + code.name + ". Remove them first to use these answers." };
        }
        if (code.problem) {
          problems.push(label + code.problem);
          left.push(token);
          return;
        }
        var name = code.name || nextPersonName();
        run.people.push({ name: name, answers: code.answers });
        added.push(name);
      });
      ui.codes.value = left.join("\n");
      var head = added.length ? "Added the answers of " + listWords(added) + "." : "Nothing was added.";
      if (problems.length) head += " " + (problems.length === 1 ? "One code needs a look" : problems.length + " codes need a look") + "; " + (problems.length === 1 ? "it is" : "they are") + " left in the box:";
      sayList(ui.codesNote, head, problems);
      if (added.length) changed();
    });

    function renderPeople(result) {
      ui.people.textContent = "";
      ui.nobody.hidden = run.people.length > 0;
      run.people.forEach(function (person, i) {
        var item = element("li", "mp-team-person-row");
        item.appendChild(element("span", "mp-team-person-name", person.name));
        var mile = result.each[i];
        item.appendChild(element("span", "mp-team-person-mile", editing ? "answered" : titles[mile.mile] + ", " + mile.total + " of " + maximum + " points"));
        var actions = element("span", "mp-team-person-actions");
        var change = button("Change answers", "mp-team-change", "of " + person.name);
        change.disabled = !!editing;
        change.addEventListener("click", function () { openForm(i, person.name); });
        var remove = button("Remove", "mp-team-remove", person.name);
        remove.disabled = !!editing;
        remove.addEventListener("click", function () {
          run.people.splice(i, 1);
          changed();
          say(ui.peopleNote, "Removed " + person.name + ". " + plural(run.people.length, "person has", "people have") + " answered.");
          var rest = ui.people.querySelectorAll(".mp-team-remove");
          (rest[Math.min(i, rest.length - 1)] || ui.person).focus();
        });
        actions.appendChild(change);
        actions.appendChild(remove);
        item.appendChild(actions);
        ui.people.appendChild(item);
      });
    }

    /* --------------------------------------------------------- result */

    function countsText(counts) {
      return MILES.map(function (mile) { return MILE_NAMES[mile].charAt(0).toUpperCase() + MILE_NAMES[mile].slice(1) + ": " + counts[mile]; }).join(", ");
    }

    function bar(counts) {
      var el = element("div", "mp-team-bar");
      el.setAttribute("aria-hidden", "true");
      MILES.forEach(function (mile) {
        if (!counts[mile]) return;
        var part = element("span", "mp-team-bar-" + mile, String(counts[mile]));
        part.style.flexGrow = String(counts[mile]);
        el.appendChild(part);
      });
      return el;
    }

    function renderResult(result) {
      var n = run.people.length;
      var head = (run.team || "Team not named yet") + ", " + longDate(run.date);
      ui.printHead.textContent = head;
      ui.stepsPrint.textContent = run.steps;
      root.setAttribute("data-people", String(n));
      root.setAttribute("data-result", n && !editing ? result.team.mile : "");
      if (editing) {
        say(ui.summary, "The team's result is hidden while " + editing.name + " is answering.");
        ui.detail.hidden = true;
        ui.capped.hidden = true;
        return;
      }
      if (!n) {
        say(ui.summary, "Add at least one person's answers to see the team's result.");
        ui.detail.hidden = true;
        ui.capped.hidden = true;
        return;
      }
      var talk = result.talk.map(function (row) { return String(row.index + 1); });
      var text = "Team result: " + titles[result.team.mile] + ". " + plural(n, "person has", "people have") + " answered; the team's answers add up to " +
        result.team.total + " of " + maximum + " points.";
      if (n > 1) text += talk.length ? " Talk first about question" + (talk.length > 1 ? "s " : " ") + listWords(talk) + "." : " You all gave the same answers.";
      say(ui.summary, text);
      ui.capped.hidden = !result.team.capped;
      ui.detail.hidden = false;
      ui.talkIntro.textContent = n < 2 ? "With one person there is nothing to disagree about yet: add the others' answers." :
        talk.length ? "The questions where your answers are furthest apart come first. Start the conversation with those marked." :
          "Everyone gave the same answer to every question. Talk about why, and about the step to the next mile.";
      ui.spread.textContent = "";
      result.order.forEach(function (row) {
        var marked = result.talk.indexOf(row) !== -1;
        var item = element("li", "mp-team-row" + (marked ? " mp-team-talk" : ""));
        item.setAttribute("data-question", String(row.index + 1));
        var title = element("p", "mp-team-row-text");
        title.appendChild(element("strong", "", "Question " + (row.index + 1) + ". "));
        title.appendChild(document.createTextNode(row.text));
        item.appendChild(title);
        if (marked) item.appendChild(element("p", "mp-team-flag", "Talk about this first: your answers are furthest apart here."));
        item.appendChild(bar(row.counts));
        item.appendChild(element("p", "mp-team-counts", countsText(row.counts) + ". Team answer: " + MILE_NAMES[row.team] + "."));
        ui.spread.appendChild(item);
      });
      ui.each.textContent = "";
      run.people.forEach(function (person, i) {
        var tr = element("tr");
        var th = element("th", "", person.name);
        th.scope = "row";
        tr.appendChild(th);
        tr.appendChild(element("td", "mp-team-mile-" + result.each[i].mile, titles[result.each[i].mile]));
        tr.appendChild(element("td", "", result.each[i].total + " of " + maximum));
        ui.each.appendChild(tr);
      });
      starts.forEach(function (block) { block.hidden = block.getAttribute("data-mile") !== result.team.mile; });
    }

    /* ----------------------------------------------------- saved runs */

    function current() {
      return { team: run.team, date: run.date, questions: questionTexts.slice(), people: run.people, steps: run.steps };
    }

    /* Why the run on screen cannot be saved or exported yet, or "". */
    function notReady() {
      if (editing) return "Save or cancel the answers of " + editing.name + " first.";
      if (!run.people.length) return "Add at least one person's answers first.";
      var team = checkName(ui.team.value, LIMIT.team, "The team name");
      if (team.problem) return team.problem;
      if (!team.value) return "Give the team a name first.";
      if (!isDate(ui.date.value)) return "Give the run a date first.";
      return "";
    }

    function renderRuns() {
      ui.runs.textContent = "";
      ui.noRuns.hidden = saved.length > 0;
      saved.slice().sort(function (a, b) { return b.run.date.localeCompare(a.run.date) || b.saved.localeCompare(a.saved); }).forEach(function (entry) {
        var item = element("li", "mp-team-run");
        item.setAttribute("data-run", entry.id);
        var label = entry.run.team + ", " + longDate(entry.run.date);
        var result = teamResult(entry.run.people, entry.run.questions.map(function (t) { return { text: t }; }), rule);
        item.appendChild(element("span", "mp-team-run-name", label));
        item.appendChild(element("span", "mp-team-run-facts", plural(entry.run.people.length, "person", "people") + ", " + titles[result.team.mile] +
          (entry.id === run.id ? " (on screen)" : "")));
        var actions = element("span", "mp-team-run-actions");
        var open = button("Open", "mp-team-open", label);
        open.addEventListener("click", function () { openRun(entry); });
        var compare = button("Compare with now", "mp-team-compare-button", label);
        compare.addEventListener("click", function () { compareWith(entry); });
        var exp = button("Export", "mp-team-export-run", label);
        exp.addEventListener("click", function () {
          download(entry.run);
          say(ui.runsNote, "Exported " + label + " as " + fileName(entry.run) + ".");
        });
        var del = button("Delete", "mp-team-delete", label);
        del.addEventListener("click", function () { confirmDelete(item, entry, label, del); });
        [open, compare, exp, del].forEach(function (b) { actions.appendChild(b); });
        item.appendChild(actions);
        ui.runs.appendChild(item);
      });
    }

    function confirmDelete(item, entry, label, del) {
      if (item.querySelector(".mp-team-confirm")) return;
      var box = element("span", "mp-team-confirm");
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", "Delete " + label + "?");
      box.appendChild(element("span", "mp-team-confirm-text", "Delete this run for good?"));
      var yes = button("Yes, delete it", "mp-team-confirm-yes");
      var no = button("Keep it", "mp-team-confirm-no");
      yes.addEventListener("click", function () {
        saved = saved.filter(function (e) { return e.id !== entry.id; });
        persist();
        if (comparedWith === entry.id) ui.compare.hidden = true;
        renderRuns();
        say(ui.runsNote, "Deleted " + label + ".");
        ui.save.focus();
      });
      no.addEventListener("click", function () {
        box.remove();
        del.focus();
      });
      box.appendChild(yes);
      box.appendChild(no);
      item.appendChild(box);
      no.focus();
    }

    function openRun(entry) {
      if (editing) {
        say(ui.runsNote, "Save or cancel the answers of " + editing.name + " first.");
        return;
      }
      if (entry.run.questions.length !== questionTexts.length || !entry.run.questions.every(function (t, i) { return sameText(t, questionTexts[i]); })) {
        say(ui.runsNote, "This run was made with other questions (the self-assessment has changed since), so it cannot be opened here. You can still compare with it.");
        return;
      }
      run = { id: entry.id, team: entry.run.team, date: entry.run.date, steps: entry.run.steps,
        people: entry.run.people.map(function (p) { return { name: p.name, answers: p.answers.slice() }; }) };
      ui.team.value = run.team;
      ui.date.value = run.date;
      ui.steps.value = run.steps;
      say(ui.teamNote, "");
      dirty = false;
      ui.compare.hidden = true;
      render();
      say(ui.runsNote, "Opened " + entry.run.team + ", " + longDate(entry.run.date) + ".");
      ui.summary.scrollIntoView({ block: "nearest" });
    }

    ui.save.addEventListener("click", function () {
      var problem = notReady();
      if (problem) {
        say(ui.runsNote, "Not saved. " + problem);
        if (/team/.test(problem)) ui.team.focus();
        return;
      }
      var entry = { id: run.id, saved: new Date().toISOString(), run: JSON.parse(JSON.stringify(current())) };
      var at = saved.findIndex(function (e) { return e.id === run.id; });
      if (at === -1 && saved.length >= LIMIT.runs) {
        say(ui.runsNote, "Not saved: this page keeps at most " + LIMIT.runs + " runs. Export and delete some first.");
        return;
      }
      if (at === -1) saved.push(entry);
      else saved[at] = entry;
      var kept = persist();
      dirty = false;
      renderRuns();
      say(ui.runsNote, (at === -1 ? "Saved " : "Updated ") + run.team + ", " + longDate(run.date) + (kept ? " in this browser." : " until you leave this page (this browser will not keep it)."));
    });

    ui.exportButton.addEventListener("click", function () {
      var problem = notReady();
      if (problem) {
        say(ui.runsNote, "Not exported. " + problem);
        return;
      }
      download(current());
      say(ui.runsNote, "Exported this run as " + fileName(current()) + ".");
    });

    ui.newRun.addEventListener("click", function () {
      if (editing) {
        say(ui.runsNote, "Save or cancel the answers of " + editing.name + " first.");
        return;
      }
      if (dirty && run.people.length && !ui.newRun.hasAttribute("data-confirm")) {
        ui.newRun.setAttribute("data-confirm", "");
        ui.newRun.textContent = "Yes, start a new run";
        say(ui.runsNote, "This run has changes that are not saved. Select “Yes, start a new run” to leave them, or save first.");
        return;
      }
      run = { id: newId(), team: run.team, date: today(), people: [], steps: "" };
      ui.date.value = run.date;
      ui.steps.value = "";
      dirty = false;
      resetNewRun();
      render();
      say(ui.runsNote, "Started a new run for " + (run.team || "the team") + ".");
    });

    function resetNewRun() {
      ui.newRun.removeAttribute("data-confirm");
      ui.newRun.textContent = "Start a new run";
    }

    ui.importFile.addEventListener("change", function () {
      var file = ui.importFile.files && ui.importFile.files[0];
      if (!file) return;
      function refuse(problem) {
        ui.importFile.value = "";
        say(ui.runsNote, "Not imported: " + problem);
      }
      if (file.size > LIMIT.file) {
        refuse("that file is " + (file.size >= 1e6 ? (file.size / 1e6).toFixed(1) + " MB" : Math.round(file.size / 1000) + " kB") +
          ", far bigger than a team run (at most " + LIMIT.file / 1000 + " kB). Is it the right file?");
        return;
      }
      file.text().then(function (text) {
        var data;
        try {
          data = JSON.parse(text);
        } catch (e) {
          refuse("that file is not a team run from this page (it is not JSON).");
          return;
        }
        var checked = checkRun(data);
        if (checked.problem) {
          refuse(checked.problem);
          return;
        }
        if (saved.length >= LIMIT.runs) {
          refuse("this page keeps at most " + LIMIT.runs + " runs. Export and delete some first.");
          return;
        }
        var entry = { id: newId(), saved: new Date().toISOString(), run: checked.run };
        saved.push(entry);
        var kept = persist();
        renderRuns();
        ui.importFile.value = "";
        say(ui.runsNote, "Imported " + checked.run.team + ", " + longDate(checked.run.date) + " (" + plural(checked.run.people.length, "person", "people") +
          ") into the saved runs" + (kept ? "" : " until you leave this page") + ": open it, or compare this run with it.");
      }, function () {
        refuse("this browser could not read that file.");
      });
    });

    /* ------------------------------------------------------- compare */

    function compareWith(entry) {
      if (!run.people.length || editing) {
        say(ui.runsNote, editing ? "Save or cancel the answers of " + editing.name + " first." : "Add answers to this run first, then compare it with an earlier one.");
        return;
      }
      comparedWith = entry.id;
      var then = entry.run;
      var label = then.team + ", " + longDate(then.date);
      var up = 0, down = 0, same = 0, missing = 0;
      ui.compareRows.textContent = "";
      questionTexts.forEach(function (text, i) {
        var j = then.questions.findIndex(function (t) { return sameText(t, text); });
        var now = countsFor(run.people, i);
        var item = element("li", "mp-team-change-row");
        var title = element("p", "mp-team-row-text");
        title.appendChild(element("strong", "", "Question " + (i + 1) + ". "));
        title.appendChild(document.createTextNode(text));
        item.appendChild(title);
        var moved, detail;
        if (j === -1) {
          missing += 1;
          moved = "unknown";
          detail = "Not asked in the earlier run.";
        } else {
          var before = countsFor(then.people, j), diff = average(now) - average(before);
          moved = Math.abs(diff) < 0.005 ? "same" : diff > 0 ? "up" : "down";
          if (moved === "up") up += 1;
          else if (moved === "down") down += 1;
          else same += 1;
          detail = { up: "Moved up", down: "Moved down", same: "No change" }[moved] + ": an average of " + average(before).toFixed(1) +
            " points then, " + average(now).toFixed(1) + " now.";
          item.appendChild(element("p", "mp-team-then", "Then: " + countsText(before) + ". Team answer: " + MILE_NAMES[teamAnswer(before)] + "."));
        }
        item.appendChild(element("p", "mp-team-now", "Now: " + countsText(now) + ". Team answer: " + MILE_NAMES[teamAnswer(now)] + "."));
        item.insertBefore(element("p", "mp-team-moved mp-team-moved-" + moved, detail), title.nextSibling);
        item.setAttribute("data-moved", moved);
        ui.compareRows.appendChild(item);
      });
      var thenResult = teamResult(then.people, then.questions.map(function (t) { return { text: t }; }), rule);
      var nowResult = teamResult(run.people, questions, rule);
      ui.compareTitle.textContent = "Compared with " + label;
      say(ui.compareSummary, "Since " + label + ": " + plural(up, "question", "questions") + " moved up, " + down + " moved down and " + same + " stayed the same" +
        (missing ? " (" + plural(missing, "question was", "questions were") + " not asked then)" : "") + ". The team's result was the " +
        MILE_NAMES[thenResult.team.mile] + " and is now the " + MILE_NAMES[nowResult.team.mile] + ".");
      ui.compare.hidden = false;
      ui.compareTitle.focus();
    }

    /* --------------------------------------------------------- fields */

    ui.team.addEventListener("input", function () {
      var checked = checkName(ui.team.value, LIMIT.team, "The team name");
      say(ui.teamNote, checked.problem || "");
      run.team = checked.problem ? "" : checked.value;
      changed();
    });

    function dateChanged() {
      var date = isDate(ui.date.value) ? ui.date.value : "";
      if (date === run.date) return;
      run.date = date;
      changed();
    }

    ui.date.addEventListener("input", dateChanged);
    ui.date.addEventListener("change", dateChanged);

    ui.steps.addEventListener("input", function () {
      run.steps = ui.steps.value.slice(0, LIMIT.steps);
      dirty = true;
      ui.stepsPrint.textContent = run.steps;
    });

    ui.print.addEventListener("click", function () { window.print(); });

    function render() {
      var result = teamResult(run.people, questions, rule);
      resetNewRun();
      renderPeople(result);
      renderResult(result);
      renderRuns();
    }

    /* Runs saved in another tab of this browser show up here too. */
    window.addEventListener("storage", function (event) {
      if (event.key !== RUNS || !document.body.contains(root)) return;
      loadSaved();
      renderRuns();
    });

    loadSaved();
    tellStorage();
    root.classList.add("mp-js");
    render();
  }

  /* --------------------------------------------------------------- start */

  function init() {
    document.querySelectorAll(".mp-assessment").forEach(initShare);
    document.querySelectorAll(".mp-team").forEach(initTeam);
  }

  if (typeof window.document$ !== "undefined" && window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { init(); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
