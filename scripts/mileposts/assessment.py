"""The self-assessment "Which mile are we on?": data/assessment.yml checked, scored, and rendered.

Scoring rule (docs/assets/mileposts.js applies the very same rule in the browser,
and the tests check that the two agree):

- every question has three options, one for each mile; a zero-mile answer scores
  0 points, a first-mile answer 1 and a second-mile answer 2, and the total is
  the sum over all questions;
- a total below `first_mile_from` is the zero mile, from `first_mile_from` up to
  (not including) `second_mile_from` the first mile, and from `second_mile_from`
  up the second mile: a total exactly on a threshold reaches that mile;
- basics first: if any answer is a zero-mile answer the result is at most the
  first mile. Where the total and this rule disagree, the lower mile wins.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from .problems import Problem
from .render import Linker, qr_svg, render
from .yamlfile import YamlFile

PATH = "data/assessment.yml"
SCHEMA = "assessment.schema.json"
PAGE = "assessment.md"
MILES = ("zero", "first", "second")
POINTS = {"zero": 0, "first": 1, "second": 2}
MILE_NAMES = {"zero": "Zero mile", "first": "First mile", "second": "Second mile"}
PAPERS = ("a4", "letter")
LETTERS = "abc"


def mile_for(total: int, any_zero: bool, first_from: int, second_from: int) -> str:
    """The result for a total: thresholds are 'at least', and any zero-mile answer caps it at the first mile."""
    if total < first_from:
        return "zero"
    if total < second_from or any_zero:
        return "first"
    return "second"


@dataclass(frozen=True)
class Option:
    """One answer to a question, pointing to one mile."""

    text: str
    mile: str

    @property
    def points(self) -> int:
        """0, 1 or 2 points for the zero, first or second mile."""
        return POINTS[self.mile]


@dataclass
class Question:
    """A question and its three options, in the order they are shown."""

    text: str
    options: list[Option]

    def letter_of(self, mile: str) -> str:
        """The letter (a, b or c) of the option for `mile` on the printed sheet."""
        return next(LETTERS[i] for i, option in enumerate(self.options) if option.mile == mile)


@dataclass
class Result:
    """What one result means, what to do next, and which checklists help."""

    mile: str
    title: str
    summary: str
    next_steps: list[str]
    checklists: list[str]


@dataclass(frozen=True)
class Score:
    """The outcome of one set of answers."""

    total: int
    maximum: int
    mile: str
    capped: bool  # the total reached the second mile, but a zero-mile answer kept it at the first


@dataclass
class Assessment:
    """The whole self-assessment, loaded from data/assessment.yml and checked."""

    path: str
    title: str
    reviewed: str
    intro: str
    workshop: str | None
    first_mile_from: int
    second_mile_from: int
    questions: list[Question]
    results: dict[str, Result] = field(default_factory=dict)

    @property
    def maximum(self) -> int:
        """The highest possible total: two points per question."""
        return POINTS["second"] * len(self.questions)

    def score(self, miles: Sequence[str]) -> Score:
        """Score one answer per question, each given as the mile of the chosen option."""
        if len(miles) != len(self.questions):
            raise ValueError(f"expected {len(self.questions)} answers, found {len(miles)}")
        total = sum(POINTS[m] for m in miles)
        any_zero = "zero" in miles
        mile = mile_for(total, any_zero, self.first_mile_from, self.second_mile_from)
        capped = mile != mile_for(total, False, self.first_mile_from, self.second_mile_from)
        return Score(total, self.maximum, mile, capped)

    def score_choices(self, choices: Sequence[int]) -> Score:
        """Score answers given as the position (0, 1, 2) of the chosen option in each question."""
        return self.score([q.options[c].mile for q, c in zip(self.questions, choices, strict=True)])

    def ranges(self) -> dict[str, tuple[int, int]]:
        """The totals that lead to each mile before the basics-first rule: {'zero': (0, 7), ...}."""
        return {
            "zero": (0, self.first_mile_from - 1),
            "first": (self.first_mile_from, self.second_mile_from - 1),
            "second": (self.second_mile_from, self.maximum),
        }

    def reachable(self) -> set[str]:
        """The results some set of answers can give (every total is possible; with a zero answer it is at most max - 2)."""
        n, found = len(self.questions), set()
        for total in range(n * POINTS["first"], self.maximum + 1):  # no zero answers: n to 2n
            found.add(mile_for(total, False, self.first_mile_from, self.second_mile_from))
        for total in range(self.maximum - POINTS["second"] + 1):  # at least one zero answer
            found.add(mile_for(total, True, self.first_mile_from, self.second_mile_from))
        return found


def build_assessment(parsed: YamlFile, checklist_ids: Sequence[str], problems: list[Problem]) -> Assessment:
    """The Assessment from a schema-valid file, adding cross-check problems (with file:line) to `problems`."""
    raw = parsed.data
    questions = []
    seen: dict[str, int] = {}
    for q, entry in enumerate(raw["questions"]):
        options = [Option(o["text"], o["mile"]) for o in entry["options"]]
        counts = Counter(o.mile for o in options)
        if any(counts[m] != 1 for m in MILES):
            found = ", ".join(f"{counts[m]} {m}" for m in MILES)
            problems.append(
                parsed.problem(("questions", q, "options"), f"expected one option for each mile (zero, first, second), found {found}")
            )
        key = " ".join(entry["question"].lower().split())
        if key in seen:
            problems.append(
                parsed.problem(("questions", q, "question"), f"expected each question once, found the same text as questions[{seen[key]}]")
            )
        seen.setdefault(key, q)
        questions.append(Question(entry["question"], options))
    try:
        datetime.date.fromisoformat(raw["reviewed"])
    except ValueError:
        problems.append(parsed.problem(("reviewed",), f"expected a real calendar date, found {raw['reviewed']!r}"))
    scoring = raw["scoring"]
    assessment = Assessment(
        path=parsed.path,
        title=raw["title"],
        reviewed=raw["reviewed"],
        intro=raw["intro"],
        workshop=raw.get("workshop"),
        first_mile_from=scoring["first_mile_from"],
        second_mile_from=scoring["second_mile_from"],
        questions=questions,
    )
    first, second, top = assessment.first_mile_from, assessment.second_mile_from, assessment.maximum
    if second <= first:
        message = f"expected more than first_mile_from ({first}), found {second}, so no total could give the first mile"
        problems.append(parsed.problem(("scoring", "second_mile_from"), message))
    elif second > top:
        message = (
            f"expected at most {top} (2 points for each of {len(questions)} questions), found {second}, "
            "so nobody could reach the second mile"
        )
        problems.append(parsed.problem(("scoring", "second_mile_from"), message))
    else:
        for mile in MILES:
            if mile not in assessment.reachable():
                message = f"expected every result to be reachable, found no answers that give the {mile} mile"
                problems.append(parsed.problem(("scoring",), message))
    known = sorted(c for c in checklist_ids if not c.startswith("_"))
    for mile in MILES:
        entry = raw["results"][mile]
        for j, checklist_id in enumerate(entry["checklists"]):
            if checklist_id not in known:
                message = f"expected a checklist id from data/checklists/ ({', '.join(known)}), found unknown id {checklist_id!r}"
                problems.append(parsed.problem(("results", mile, "checklists", j), message))
        assessment.results[mile] = Result(mile, entry["title"], entry["summary"], list(entry["next_steps"]), list(entry["checklists"]))
    return assessment


# ------------------------------------------------------------------ rendering


def _context(playbook, assessment: Assessment, url: Linker) -> dict:
    checklists = {mile: [playbook.checklists[c] for c in r.checklists] for mile, r in assessment.results.items()}
    return {
        "a": assessment,
        "results": [assessment.results[m] for m in MILES],
        "ranges": assessment.ranges(),
        "checklists": checklists,
        "miles": MILES,
        "mile_names": MILE_NAMES,
        "letters": LETTERS,
        "points": POINTS,
        "url": url,
        "site": playbook.site,
        "online_url": playbook.site.page_url("assessment/"),
    }


def assessment_page(playbook, directory_urls: bool = True) -> str:
    """The generated Markdown page: front matter, heading, and the questionnaire form."""
    assessment = playbook.extras["assessment"]
    context = _context(playbook, assessment, Linker.from_page(PAGE, directory_urls))
    fragment = render("assessment.html", **context)
    return render("assessment-page.md", a=assessment, fragment=Markup(fragment))


def assessment_sheet(playbook, date: str) -> str:
    """The one-page workshop sheet as a standalone HTML document (its print styles inline), for WeasyPrint (both papers)."""
    assessment = playbook.extras["assessment"]
    context = _context(playbook, assessment, Linker(playbook.site.site_url))
    return render("assessment-sheet.html", date=date, qr=qr_svg(context["online_url"]), **context)


def render_assessment_pdfs(playbook, root: Path, cache_dir: Path | None = None) -> dict[str, Path]:
    """The A4 and US Letter sheets alone, rendered (or taken from the PDF cache): site path -> file; {} with PDFs off.

    A build renders them beside the checklists' sheets (printables.py), with the same
    machinery: WeasyPrint with local files only, a content-derived PDF identifier and the
    `reviewed` date, so the same data gives the same bytes. A sheet that does not fit on
    one page stops the build with a problem.
    """
    from .pdf import enabled
    from .printables import render_printables

    if "assessment" not in playbook.extras or not enabled():
        return {}
    return render_printables(playbook, root, cache_dir, kinds=("assessment",)).files
