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

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from ..core.links import Linker
from ..core.problems import Problem
from ..core.rules import date_problem, verb_problem
from ..core.templates import qr_svg, render
from ..core.textcheck import normal_form
from ..core.yamlfile import YamlFile
from ..printing.pdf import metadata_date
from ..printing.printable import PAPERS, Printable
from . import assessment_team as team
from .base import GeneratedPage, Kind, LoadContext, PageContext, Playbook

PATH = "data/assessment.yml"
SCHEMA = "assessment.schema.json"
PAGE = "assessment.md"
MILES = ("zero", "first", "second")
POINTS = {"zero": 0, "first": 1, "second": 2}
MILE_NAMES = {"zero": "Zero mile", "first": "First mile", "second": "Second mile"}
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


def build_assessment(parsed: YamlFile, checklist_ids: Sequence[str], problems: list[Problem]) -> Assessment | None:
    """The Assessment from the file (None unless it passed its schema); cross-check problems (with file:line) go to `problems`.

    The cross-checks run on every part of the right shape even when the schema failed elsewhere,
    so one run reports everything.
    """
    raw = parsed.data if isinstance(parsed.data, dict) else {}
    seen: dict[str, int] = {}
    questions = raw.get("questions")
    for q, entry in enumerate(questions if isinstance(questions, list) else []):
        if not isinstance(entry, dict):
            continue
        options = entry.get("options")
        miles = [o.get("mile") for o in options if isinstance(o, dict)] if isinstance(options, list) else []
        if len(miles) == len(MILES) and any(miles.count(m) != 1 for m in MILES):
            found = ", ".join(f"{miles.count(m)} {m}" for m in MILES)
            problems.append(
                parsed.problem(("questions", q, "options"), f"expected one option for each mile (zero, first, second), found {found}")
            )
        if isinstance(entry.get("question"), str):
            key = normal_form(entry["question"])
            if key in seen:
                message = f"expected each question once, found the same text as questions[{seen[key]}]"
                problems.append(parsed.problem(("questions", q, "question"), message))
            seen.setdefault(key, q)
    date = date_problem(raw.get("reviewed"))
    if date:
        problems.append(parsed.problem(("reviewed",), date))
    known = sorted(c for c in checklist_ids if not c.startswith("_"))
    results: dict = raw["results"] if isinstance(raw.get("results"), dict) else {}
    for mile in MILES:
        result: dict = results[mile] if isinstance(results.get(mile), dict) else {}
        chosen = result.get("checklists")
        for j, checklist_id in enumerate(chosen if isinstance(chosen, list) else []):
            if isinstance(checklist_id, str) and re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", checklist_id) and checklist_id not in known:
                message = f"expected a checklist id from data/checklists/ ({', '.join(known)}), found unknown id {checklist_id!r}"
                problems.append(parsed.problem(("results", mile, "checklists", j), message))
        steps = result.get("next_steps")
        for j, step in enumerate(steps if isinstance(steps, list) else []):
            verb = verb_problem(step) if isinstance(step, str) else None
            if verb:
                problems.append(parsed.problem(("results", mile, "next_steps", j), verb))
    if not parsed.valid:
        return None
    assessment = Assessment(
        path=parsed.path,
        title=raw["title"],
        reviewed=raw["reviewed"],
        intro=raw["intro"],
        workshop=raw.get("workshop"),
        first_mile_from=raw["scoring"]["first_mile_from"],
        second_mile_from=raw["scoring"]["second_mile_from"],
        questions=[Question(e["question"], [Option(o["text"], o["mile"]) for o in e["options"]]) for e in raw["questions"]],
    )
    for mile in MILES:
        entry = raw["results"][mile]
        assessment.results[mile] = Result(mile, entry["title"], entry["summary"], list(entry["next_steps"]), list(entry["checklists"]))
    problems.extend(_scoring_problems(parsed, assessment))
    return assessment


def _scoring_problems(parsed: YamlFile, assessment: Assessment) -> list[Problem]:
    """Thresholds that leave a result unreachable."""
    first, second, top = assessment.first_mile_from, assessment.second_mile_from, assessment.maximum
    if second <= first:
        message = f"expected more than first_mile_from ({first}), found {second}, so no total could give the first mile"
        return [parsed.problem(("scoring", "second_mile_from"), message)]
    if second > top:
        message = (
            f"expected at most {top} (2 points for each of {len(assessment.questions)} questions), found {second}, "
            "so nobody could reach the second mile"
        )
        return [parsed.problem(("scoring", "second_mile_from"), message)]
    reachable = assessment.reachable()
    return [
        parsed.problem(("scoring",), f"expected every result to be reachable, found no answers that give the {mile} mile")
        for mile in MILES
        if mile not in reachable
    ]


# ------------------------------------------------------------------ the kind


def _context(playbook: Playbook, assessment: Assessment, url: Linker) -> dict:
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
        "team_page": team.TEAM_PAGE,  # the team self-assessment, and the fingerprint its answer codes carry
        "questions_id": team.questions_id(assessment),
    }


def assessment_sheet(playbook: Playbook) -> str:
    """The one-page workshop sheet as a standalone HTML document (its print styles inline), for WeasyPrint (both papers)."""
    assessment = playbook.assessment
    context = _context(playbook, assessment, Linker(playbook.site.site_url))
    return render("assessment/sheet.html", date=metadata_date(assessment.reviewed), qr=qr_svg(context["online_url"]), **context)


class AssessmentKind(Kind):
    """data/assessment.yml (optional): the questions, scoring thresholds and results of the self-assessment."""

    name = "assessment"
    files = (PATH,)
    schema = SCHEMA
    optional = True

    def load(self, context: LoadContext) -> Assessment | None:
        """The self-assessment, checked against the checklists it recommends (None if absent or invalid)."""
        if not (context.root / PATH).exists():
            return None
        parsed = context.file(PATH, SCHEMA)
        if not isinstance(parsed.data, dict):
            return None
        return build_assessment(parsed, context.listed_ids("data/checklists/*.yml"), context.problems)

    def pages(self, playbook: Playbook, context: PageContext) -> list[GeneratedPage]:
        """The self-assessment page (the questionnaire as a form, scored in the browser) and the team page (assessment_team.py)."""
        assessment = playbook.assessment
        if assessment is None:
            return []
        fragment = render("assessment/form.html", **_context(playbook, assessment, Linker.from_page(PAGE, context.directory_urls)))
        page = GeneratedPage(PAGE, render("assessment/page.md", a=assessment, fragment=Markup(fragment)), assessment.path)
        return [page, team.team_page(assessment, _context(playbook, assessment, team.linker(context.directory_urls)))]

    def printables(self, playbook: Playbook) -> list[Printable]:
        """The one-page workshop sheet, for A4 and US Letter (it carries its own print styles)."""
        assessment = playbook.assessment
        if assessment is None:
            return []
        return [
            Printable(
                name="assessment",
                source=assessment.path,
                html=lambda: assessment_sheet(playbook),
                outputs={paper: f"pdf/assessment-{paper}.pdf" for paper in PAPERS},
                print_css=False,
                what="the printed self-assessment",
                advice="shorten questions, options or results",
                data_files=(assessment.path, "data/site.yml"),
                from_record=False,
            )
        ]


KIND = AssessmentKind()
