"""Load and check everything under data/, collecting every problem before failing."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from . import assessment as assessment_data
from .model import Checklist, Item, Playbook, Quote, Section, Site, Source, Term
from .problems import DataError, Problem
from .schemas import check_schema
from .yamlfile import YamlFile, load_yaml

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Words that cannot open an imperative ("Greet the customer", not "The customer is greeted").
NOT_VERBS = frozenset(
    (
        "a an the this that these those your our their my his her its you we they i it he she there here "
        "always never often sometimes usually customer customers team staff everyone someone nobody "
        "if when before after during while because so to for of in on at by with from"
    ).split()
)


VERBS_ENDING_IN_ING = frozenset({"bring", "ring", "sing", "string", "swing", "wring", "ping"})


def schema_line(schema_name: str, nested: bool) -> str:
    """The first line every data file carries, so editors validate it as people type."""
    prefix = "../schemas/" if nested else "schemas/"
    return f"# yaml-language-server: $schema={prefix}{schema_name}"


def _read(root: Path, relative: str, schema_name: str, problems: list[Problem]) -> YamlFile:
    """Parse one data file and check its schema line and schema, adding to `problems`."""
    path = root / relative
    parsed = load_yaml(path, relative)
    before = len(problems)
    problems.extend(parsed.problems)
    expected = schema_line(schema_name, nested="/" in relative.removeprefix("data/"))
    if not parsed.problems and parsed.first_line != expected:
        problems.append(Problem(relative, 1, 1, "", f"expected the first line to be '{expected}', found {parsed.first_line!r}"))
    problems.extend(check_schema(parsed, root / "data" / "schemas", schema_name))
    parsed.valid = len(problems) == before
    return parsed


def _valid_date(text: str | None) -> bool:
    """True for null or a real date written YYYY, YYYY-MM or YYYY-MM-DD."""
    if text is None:
        return True
    padded = text + "-01" * (3 - len(text.split("-")))
    try:
        datetime.date.fromisoformat(padded)
    except ValueError:
        return False
    return True


def load_playbook(root: Path) -> Playbook:
    """The whole playbook from `root`/data, or DataError listing every problem found."""
    problems: list[Problem] = []
    data = root / "data"
    site_file = _read(root, "data/site.yml", "site.schema.json", problems)
    sources_file = _read(root, "data/sources.yml", "sources.schema.json", problems)
    quotes_file = _read(root, "data/quotes.yml", "quotes.schema.json", problems)
    glossary_file = _read(root, "data/glossary.yml", "glossary.schema.json", problems)
    checklist_files = {}
    for path in sorted((data / "checklists").glob("*.y*ml")):
        relative = path.relative_to(root).as_posix()
        if path.suffix != ".yml":
            problems.append(Problem(relative, 1, 1, "", "expected a file name ending in .yml, found " + path.suffix))
            continue
        if not SLUG.match(path.stem.lstrip("_")):
            problems.append(
                Problem(relative, 1, 1, "", f"expected a file name of lowercase letters, digits and hyphens, found {path.name!r}")
            )
            continue
        checklist_files[path.stem] = _read(root, relative, "checklist.schema.json", problems)
    has_assessment = (root / assessment_data.PATH).exists()  # optional: the self-assessment page
    assessment_file = _read(root, assessment_data.PATH, assessment_data.SCHEMA, problems) if has_assessment else None
    # Cross-checks run on every file that passed its schema, so one run reports everything.
    sources = _sources(sources_file, problems) if sources_file.valid else None
    checklists = {}
    for checklist_id, parsed in checklist_files.items():
        if parsed.valid:
            checklists[checklist_id] = _checklist(checklist_id, parsed, sources, problems)
    quotes = _quotes(quotes_file, sources, problems) if quotes_file.valid else []
    glossary = [Term(**entry) for entry in glossary_file.data] if glossary_file.valid else []
    for i, term in enumerate(glossary):
        if any(other.term.lower() == term.term.lower() for other in glossary[:i]):
            problems.append(glossary_file.problem((i, "term"), f"expected each term once, found {term.term!r} again"))
    extras = {}
    if assessment_file and assessment_file.valid:
        extras["assessment"] = assessment_data.build_assessment(assessment_file, list(checklist_files), problems)
    if problems:
        raise DataError(problems)
    published = {k: v for k, v in checklists.items() if not k.startswith("_")}
    return Playbook(Site(**site_file.data), sources, published, quotes, glossary, extras=extras)


def _sources(parsed: YamlFile, problems: list[Problem]) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    for i, entry in enumerate(parsed.data):
        if entry["id"] in sources:
            problems.append(parsed.problem((i, "id"), f"expected a unique id, found {entry['id']!r} again"))
        if not _valid_date(entry["date"]):
            problems.append(parsed.problem((i, "date"), f"expected a real calendar date, found {entry['date']!r}"))
        sources[entry["id"]] = Source(**entry)
    for i, entry in enumerate(parsed.data):
        for j, cited in enumerate(entry.get("cited_by") or []):
            if cited not in sources:
                problems.append(
                    parsed.problem((i, "cited_by", j), f"expected a source id from data/sources.yml, found unknown id {cited!r}")
                )
    return sources


def _check_source_ids(parsed: YamlFile, path: tuple, ids: list[str], sources: dict | None, problems: list[Problem]) -> None:
    if sources is None:
        return  # sources.yml itself is broken; its own problems are reported
    for j, source_id in enumerate(ids):
        if source_id not in sources:
            known = ", ".join(sorted(sources))
            problems.append(
                parsed.problem(path + (j,), f"expected a source id from data/sources.yml ({known}), found unknown id {source_id!r}")
            )


def _checklist(checklist_id: str, parsed: YamlFile, sources: dict | None, problems: list[Problem]) -> Checklist:
    raw = parsed.data
    _check_source_ids(parsed, ("sources",), raw["sources"], sources, problems)
    if not _valid_date(raw["reviewed"]):
        problems.append(parsed.problem(("reviewed",), f"expected a real calendar date, found {raw['reviewed']!r}"))
    sections, seen = [], {}
    for s, section in enumerate(raw["sections"]):
        items = []
        for i, entry in enumerate(section["items"]):
            item = Item(entry) if isinstance(entry, str) else Item(**entry)
            where = ("sections", s, "items", i)
            first_word = item.text.split()[0].strip("*_[").lower() if item.text.split() else ""
            gerund = first_word.endswith("ing") and first_word not in VERBS_ENDING_IN_ING
            if first_word in NOT_VERBS or gerund or not first_word[:1].isalpha():
                problems.append(
                    parsed.problem(
                        where, f"expected one action starting with a verb (e.g. 'Greet ...'), found it starting with {first_word!r}"
                    )
                )
            if item.id in seen:
                problems.append(parsed.problem(where, f"expected each item once, found the same text as {seen[item.id]}"))
            seen.setdefault(item.id, f"sections[{s}].items[{i}]")
            items.append(item)
        sections.append(Section(section["title"], items))
    fields = {k: v for k, v in raw.items() if k != "sections"}
    return Checklist(id=checklist_id, path=parsed.path, sections=sections, **fields)


def _quotes(parsed: YamlFile, sources: dict | None, problems: list[Problem]) -> list[Quote]:
    quotes = []
    for i, entry in enumerate(parsed.data):
        if sources is not None and entry.get("source") is not None and entry["source"] not in sources:
            message = f"expected a source id from data/sources.yml, found unknown id {entry['source']!r}"
            problems.append(parsed.problem((i, "source"), message))
        quotes.append(Quote(**entry))
    return quotes
