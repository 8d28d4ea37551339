"""A session kit's records (data/sessions/<id>.yml): its timed steps, role-plays, materials and take-away card, and the checks
that need more than the schema: timings that add up, references that exist, a hard role-play in every kit."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.problems import Problem
from ..core.rules import date_problem, verb_problem
from ..core.tags import tag_label
from ..core.yamldata import YamlFile
from ..core.yamlfile import FRONT_MATTER, parse_yaml_text

FORMATS = {"workshop": ("Workshop", 30, 90), "huddle": ("Huddle", 10, 20)}  # label, shortest and longest duration in minutes
# What trainers and team leads elsewhere call a session of each format, for search (Session.search_words)
FORMAT_WORDS = {
    "workshop": ["team training", "icebreaker"],
    "huddle": ["pre-shift briefing", "toolbox talk"],
}
SETTINGS = {
    "counter": "At the counter",
    "phone": "On the phone",
    "chat": "In a chat",
    "delivery": "A delivery gone wrong",
    "email": "By email",
    "floor": "On the shop floor",
}
DIFFICULTIES = {"warm-up": "Warm-up", "real": "Real case", "hard": "Hard case"}
COPIES = {"one": "one for you", "each": "one each", "pair": "one per pair", "group": "one per group of three"}
OWN_PRINTABLES = {"guide": "facilitator guide", "roleplays": "role-play cards", "commitment": "commitment cards"}


@dataclass(frozen=True)
class Material:
    """Something to bring or print: its text, the printable it is (checklist:<id>, worksheet:<id>, assessment, guide ...), how many."""

    text: str
    printable: str | None = None
    copies: str | None = None

    @property
    def copies_label(self) -> str:
        """'one each', or '' when the file does not say."""
        return COPIES.get(self.copies or "", "")


@dataclass(frozen=True)
class Step:
    """One timed step: when it starts, how long it takes, what the facilitator does and says, what the group does."""

    title: str
    start: int
    minutes: int
    facilitator: str
    participants: str
    say: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def end(self) -> int:
        """The minute it ends."""
        return self.start + self.minutes


@dataclass(frozen=True)
class Roleplay:
    """A role-play for three: the customer's and the staff member's briefs, what the observer looks for, the debrief."""

    title: str
    setting: str
    difficulty: str
    customer: str
    staff: str
    observe: list[str]
    checklist: str
    debrief: list[str]
    invented: bool = True

    @property
    def setting_label(self) -> str:
        """'On the phone'."""
        return SETTINGS[self.setting]

    @property
    def difficulty_label(self) -> str:
        """'Hard case'."""
        return DIFFICULTIES[self.difficulty]


@dataclass(frozen=True)
class Prompt:
    """A line of the commitment card and how many lines to write on."""

    label: str
    lines: int = 1


@dataclass(frozen=True)
class Commitment:
    """The take-away card each participant fills in, several to a printed page."""

    title: str
    prompts: list[Prompt]
    cards_per_page: int = 4


@dataclass
class Session:
    """One session kit, loaded from data/sessions/<id>.yml."""

    id: str
    path: str
    title: str
    summary: str
    framework: str
    format: str
    duration: int
    group_min: int
    group_max: int
    prep_time: int
    audience: list[str]
    tags: list[str]
    key_points: list[str]
    materials: list[Material]
    steps: list[Step]
    discussion: list[str]
    roleplays: list[Roleplay]
    commitment: Commitment
    sources: list[str]
    reviewed: str
    framework_title: str = ""

    @property
    def page(self) -> str:
        """The docs path of its page."""
        return f"sessions/{self.id}.md"

    @property
    def format_label(self) -> str:
        """'45-minute workshop'."""
        return f"{self.duration}-minute {FORMATS[self.format][0].lower()}"

    @property
    def search_words(self) -> list[str]:
        """What a trainer calls any kit of its format, for search: its page's words need not say "session plan"."""
        kind = FORMATS[self.format][0].lower()
        return [
            f"{kind} plan",
            f"training {kind}",
            "training session",
            "session plan",
            "lesson plan",
            "facilitator guide",
            self.format_label,
            *FORMAT_WORDS.get(self.format, []),
        ]

    @property
    def labels(self) -> list[str]:
        """Audience and tag labels, as the tags index shows them."""
        return [tag_label(a) for a in self.audience] + [tag_label(t) for t in self.tags]

    @property
    def uses(self) -> list[str]:
        """The other kinds' printables it uses, in order, once each: 'checklist:<id>', 'worksheet:<id>', 'assessment'."""
        named = [m.printable for m in self.materials if m.printable and m.printable not in OWN_PRINTABLES]
        named += [f"checklist:{r.checklist}" for r in self.roleplays]
        return list(dict.fromkeys(named))


def framework_title(root: Path, framework: str) -> str:
    """The title in a framework page's front matter (its file name, capitalised, if it has none: the page check reports that)."""
    path = root / "docs" / framework
    text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
    match = FRONT_MATTER.match(text)
    data = parse_yaml_text(match.group(1), framework).data if match else None
    title = data.get("title") if isinstance(data, dict) else None
    return title if isinstance(title, str) else Path(framework).stem.replace("-", " ").capitalize()


def session_from(relative: str, raw: dict, root: Path) -> Session:
    """A valid session file as a record."""
    commitment = raw["commitment"]
    return Session(
        id=Path(relative).stem,
        path=relative,
        title=raw["title"],
        summary=raw["summary"],
        framework=raw["framework"],
        format=raw["format"],
        duration=raw["duration"],
        group_min=raw["group_size"]["min"],
        group_max=raw["group_size"]["max"],
        prep_time=raw["prep_time"],
        audience=raw["audience"],
        tags=raw["tags"],
        key_points=raw["key_points"],
        materials=[Material(**m) for m in raw["materials"]],
        steps=[Step(**s) for s in raw["steps"]],
        discussion=raw["discussion"],
        roleplays=[Roleplay(**r) for r in raw["roleplays"]],
        commitment=Commitment(commitment["title"], [Prompt(**p) for p in commitment["prompts"]], commitment.get("cards_per_page", 4)),
        sources=raw["sources"],
        reviewed=raw["reviewed"],
        framework_title=framework_title(root, raw["framework"]),
    )


def _mapping(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _listed(value: object) -> list[tuple[int, dict]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def timing_problems(parsed: YamlFile, raw: dict) -> list[Problem]:
    """Each step starts where the one before ends, the first at 0, and the last ends at the duration; a format's duration."""
    problems = []
    at, known = 0, True
    for i, step in _listed(raw.get("steps")):
        start, minutes = step.get("start"), step.get("minutes")
        if not isinstance(start, int) or not isinstance(minutes, int) or isinstance(start, bool) or isinstance(minutes, bool):
            known = False  # the schema reports it
            continue
        if known and start != at:
            why = "the first step starts at minute 0" if i == 0 else f"the step before ends at minute {at}"
            problems.append(parsed.problem(("steps", i, "start"), f"expected {at} ({why}), found {start}"))
        at = start + minutes
    duration = raw.get("duration")
    if known and isinstance(duration, int) and not isinstance(duration, bool) and _listed(raw.get("steps")) and at != duration:
        message = f"expected the steps to add up to the duration, {duration} minutes, found them ending at minute {at}"
        problems.append(parsed.problem(("duration",), message))
    shape = FORMATS.get(raw.get("format"))  # type: ignore[arg-type]
    if shape and isinstance(duration, int) and not shape[1] <= duration <= shape[2]:
        message = f"expected a {shape[0].lower()} of {shape[1]} to {shape[2]} minutes, found {duration}"
        problems.append(parsed.problem(("duration",), message))
    group = _mapping(raw.get("group_size"))
    low, high = group.get("min"), group.get("max")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        problems.append(parsed.problem(("group_size", "min"), f"expected at most the group's max ({high}), found {low}"))
    return problems


def reference_problems(parsed: YamlFile, raw: dict, root: Path, records: dict) -> list[Problem]:
    """The framework page, every printable a material names and every role-play's checklist exist; a hard role-play."""
    problems = []
    framework = raw.get("framework")
    frameworks = sorted(p.name for p in (root / "docs" / "frameworks").glob("*.md") if p.name != "index.md")
    pages = (root / "docs").is_dir()  # data checked on its own (no docs/ beside it) cannot name pages that do not exist
    if pages and isinstance(framework, str) and (not framework.startswith("frameworks/") or Path(framework).name not in frameworks):
        message = f"expected a framework page, frameworks/ and one of {', '.join(frameworks)}, found {framework!r}"
        problems.append(parsed.problem(("framework",), message))
    checklists, worksheets = records.get("checklists") or {}, records.get("worksheets") or {}
    for i, material in _listed(raw.get("materials")):
        printable = material.get("printable")
        if not isinstance(printable, str):
            continue
        kind, _, ident = printable.partition(":")
        missing = (
            (kind == "checklist" and records.get("checklists") is not None and ident not in checklists)
            or (kind == "worksheet" and records.get("worksheets") is not None and ident not in worksheets)
            or (kind == "assessment" and not (root / "data" / "assessment.yml").is_file())
        )
        if missing:
            known = {"checklist": sorted(checklists), "worksheet": sorted(worksheets)}.get(kind, [])
            choices = f"one of data/{kind}s/ ({', '.join(known)})" if known else "data/assessment.yml"
            problems.append(
                parsed.problem(("materials", i, "printable"), f"expected a printable that exists, {choices}, found {printable!r}")
            )
    for i, roleplay in _listed(raw.get("roleplays")):
        checklist = roleplay.get("checklist")
        if isinstance(checklist, str) and records.get("checklists") is not None and checklist not in checklists:
            message = f"expected a checklist id from data/checklists/ ({', '.join(sorted(checklists))}), found {checklist!r}"
            problems.append(parsed.problem(("roleplays", i, "checklist"), message))
    roleplays = _listed(raw.get("roleplays"))
    if roleplays and not any(r.get("difficulty") == "hard" for _, r in roleplays):
        message = "expected at least one role-play with difficulty: hard (an angry, abusive or impossible case), found none"
        problems.append(parsed.problem(("roleplays",), message))
    return problems


def writing_problems(parsed: YamlFile, raw: dict) -> list[Problem]:
    """What the facilitator does starts with a verb; the review date is a real date."""
    problems = []
    for i, step in _listed(raw.get("steps")):
        text = step.get("facilitator")
        message = verb_problem(text) if isinstance(text, str) else None
        if message:
            problems.append(parsed.problem(("steps", i, "facilitator"), message))
    message = date_problem(raw.get("reviewed"))
    if message:
        problems.append(parsed.problem(("reviewed",), message))
    return problems
