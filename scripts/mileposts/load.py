"""Load and check everything under data/, collecting every problem before failing.

Each file is read, checked against its schema, and then checked against the rules a
schema cannot express (real dates, verbs, duplicates, known ids) on whatever parts of
it have the right shape, so one run reports a file's schema problem and its date or
writing-rule problem together. Nothing under data/ is ignored: a file the build would
not read is itself a problem, so a misnamed checklist never silently goes missing.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from . import assessment as assessment_data
from .model import Checklist, Item, Playbook, Quote, Section, Site, Source, Term
from .outputs import claim_problems, data_claims
from .problems import DataError, Problem
from .repopaths import checked_files
from .rules import date_problem, verb_problem
from .schemas import check_schema
from .textcheck import normal_form
from .yamlfile import YamlFile, load_yaml

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# The files under data/ that the build reads, besides one file per checklist and the schemas.
DATA_FILES = {
    "data/site.yml": "site.schema.json",
    "data/sources.yml": "sources.schema.json",
    "data/quotes.yml": "quotes.schema.json",
    "data/glossary.yml": "glossary.schema.json",
    assessment_data.PATH: assessment_data.SCHEMA,
    "data/search.yml": "search.schema.json",  # read by search.py
}
OPTIONAL_FILES = {assessment_data.PATH, "data/search.yml"}
GLOSSARY_PAGE_IDS = {"glossary"}  # ids the glossary page's own headings take


def schema_line(schema_name: str, nested: bool) -> str:
    """The first line every data file carries, so editors validate it as people type."""
    prefix = "../schemas/" if nested else "schemas/"
    return f"# yaml-language-server: $schema={prefix}{schema_name}"


def read_data_file(root: Path, relative: str, schema_name: str, problems: list[Problem]) -> YamlFile:
    """Parse one data file and check its schema line and schema, adding to `problems`."""
    parsed = load_yaml(root / relative, relative)
    before = len(problems)
    problems.extend(parsed.problems)
    expected = schema_line(schema_name, nested="/" in relative.removeprefix("data/"))
    if parsed.data is not None and parsed.first_line != expected:
        problems.append(Problem(relative, 1, 1, "", f"expected the first line to be '{expected}', found {parsed.first_line!r}"))
    problems.extend(check_schema(parsed, root / "data" / "schemas", schema_name))
    parsed.valid = len(problems) == before
    return parsed


def _inventory(root: Path, problems: list[Problem]) -> list[str]:
    """The checklist files under data/checklists/ (relative paths); a problem for every file the build would ignore."""
    files, found = checked_files(root, root / "data")
    problems.extend(found)
    checklists = []
    for path in files:
        relative = path.relative_to(root).as_posix()
        parts = relative.split("/")
        if relative in DATA_FILES or (len(parts) == 3 and parts[1] == "schemas" and relative.endswith(".schema.json")):
            continue
        if parts[1] == "checklists" and len(parts) == 3:
            if path.suffix != ".yml":
                problems.append(Problem(relative, 1, 1, "", f"expected a file name ending in .yml, found {path.name!r}; rename it"))
            elif not SLUG.match(path.stem.removeprefix("_")):
                message = f"expected a file name of lowercase letters, digits and hyphens, found {path.name!r}"
                problems.append(Problem(relative, 1, 1, "", message))
            else:
                checklists.append(relative)
            continue
        if parts[1] == "checklists":
            message = (
                "expected each checklist directly in data/checklists/, found one in a subfolder, which the build would ignore; move it up"
            )
        else:
            guess = difflib.get_close_matches(relative, list(DATA_FILES), n=1)
            hint = f"did you mean {guess[0]}?" if guess else "move it out of data/ or remove it"
            message = f"expected only files the build reads under data/, found one it would ignore; {hint}"
        problems.append(Problem(relative, 1, 1, "", message))
    return checklists


def load_playbook(root: Path) -> Playbook:
    """The whole playbook from `root`/data, or DataError listing every problem found."""
    root = Path(root)
    problems: list[Problem] = []
    checklist_paths = _inventory(root, problems)
    files = {}
    for relative, schema in DATA_FILES.items():
        if relative in OPTIONAL_FILES and not (root / relative).exists():
            continue
        if relative != "data/search.yml":  # search.py reads it, knowing the pages
            files[relative] = read_data_file(root, relative, schema, problems)
    checklist_files = {Path(r).stem: read_data_file(root, r, "checklist.schema.json", problems) for r in checklist_paths}
    sources_file = files["data/sources.yml"]
    sources = _sources(sources_file, problems)
    known_sources = sources if sources_file.valid else None
    checklists = {}
    for checklist_id, parsed in checklist_files.items():
        checklist = _checklist(checklist_id, parsed, known_sources, problems)
        if checklist is not None:
            checklists[checklist_id] = checklist
    quotes = _quotes(files["data/quotes.yml"], known_sources, problems)
    glossary = _glossary(files["data/glossary.yml"], problems)
    assessment_file = files.get(assessment_data.PATH)
    assessment = None
    if assessment_file is not None and isinstance(assessment_file.data, dict):
        assessment = assessment_data.build_assessment(assessment_file, list(checklist_files), problems)
    published = {k: v for k, v in checklists.items() if not k.startswith("_")}
    claims = data_claims({k: checklist_files[k].path for k in published}, assessment_file is not None)
    problems.extend(claim_problems(claims))
    if problems:
        raise DataError(problems)
    return Playbook(Site(**files["data/site.yml"].data), sources, published, quotes, glossary, assessment=assessment)


def _entries(parsed: YamlFile) -> list[tuple[int, dict]]:
    """The mapping entries of a list file, with their positions (entries of the wrong shape are the schema's to report)."""
    data = parsed.data if isinstance(parsed.data, list) else []
    return [(i, entry) for i, entry in enumerate(data) if isinstance(entry, dict)]


def _sources(parsed: YamlFile, problems: list[Problem]) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    ids: set[str] = set()
    for i, entry in _entries(parsed):
        source_id = entry.get("id")
        if isinstance(source_id, str):
            if source_id in ids:
                problems.append(parsed.problem((i, "id"), f"expected a unique id, found {source_id!r} again"))
            ids.add(source_id)
        message = date_problem(entry.get("date"))
        if message:
            problems.append(parsed.problem((i, "date"), message))
        if parsed.valid:
            sources.setdefault(entry["id"], Source(**entry))
    for i, entry in _entries(parsed):
        cited = entry.get("cited_by")
        for j, cited_id in enumerate(cited if isinstance(cited, list) else []):
            if isinstance(cited_id, str) and SLUG.match(cited_id) and cited_id not in ids:
                message = f"expected a source id from data/sources.yml, found unknown id {cited_id!r}"
                problems.append(parsed.problem((i, "cited_by", j), message))
    return sources


def _check_source_ids(parsed: YamlFile, path: tuple, ids: object, sources: dict | None, problems: list[Problem]) -> None:
    if sources is None or not isinstance(ids, list):
        return  # sources.yml itself is broken (its own problems are reported), or the schema reports the shape
    for j, source_id in enumerate(ids):
        if isinstance(source_id, str) and SLUG.match(source_id) and source_id not in sources:
            known = ", ".join(sorted(sources))
            message = f"expected a source id from data/sources.yml ({known}), found unknown id {source_id!r}"
            problems.append(parsed.problem(path + (j,), message))


def _item_texts(raw: dict):
    """(section index, item index, text) for every item whose text is text, whatever else is wrong with the file."""
    sections = raw.get("sections")
    for s, section in enumerate(sections if isinstance(sections, list) else []):
        items = section.get("items") if isinstance(section, dict) else None
        for i, entry in enumerate(items if isinstance(items, list) else []):
            text = entry.get("text") if isinstance(entry, dict) else entry
            if isinstance(text, str):
                yield s, i, text


def _checklist(checklist_id: str, parsed: YamlFile, sources: dict | None, problems: list[Problem]) -> Checklist | None:
    raw = parsed.data if isinstance(parsed.data, dict) else {}
    _check_source_ids(parsed, ("sources",), raw.get("sources"), sources, problems)
    message = date_problem(raw.get("reviewed"))
    if message:
        problems.append(parsed.problem(("reviewed",), message))
    seen: dict[str, str] = {}
    for s, i, text in _item_texts(raw):
        where = ("sections", s, "items", i)
        message = verb_problem(text)
        if message:
            problems.append(parsed.problem(where, message))
        key = normal_form(text)
        if key in seen:
            problems.append(parsed.problem(where, f"expected each item once, found the same text as {seen[key]}"))
        seen.setdefault(key, f"sections[{s}].items[{i}]")
    if not parsed.valid:
        return None
    sections = []
    for section in raw["sections"]:
        items = [Item(entry) if isinstance(entry, str) else Item(**entry) for entry in section["items"]]
        sections.append(Section(section["title"], items))
    fields = {k: v for k, v in raw.items() if k != "sections"}
    return Checklist(id=checklist_id, path=parsed.path, sections=sections, **fields)


def _quotes(parsed: YamlFile, sources: dict | None, problems: list[Problem]) -> list[Quote]:
    for i, entry in _entries(parsed):
        source = entry.get("source")
        if sources is not None and isinstance(source, str) and SLUG.match(source) and source not in sources:
            message = f"expected a source id from data/sources.yml, found unknown id {source!r}"
            problems.append(parsed.problem((i, "source"), message))
    return [Quote(**entry) for _, entry in _entries(parsed)] if parsed.valid else []


def _glossary(parsed: YamlFile, problems: list[Problem]) -> list[Term]:
    """The glossary's terms; each must be distinct in normal form and give a distinct, non-empty anchor (links: pagechecks.py)."""
    terms: dict[str, int] = {}
    anchors: dict[str, int] = {}
    for i, entry in _entries(parsed):
        term = entry.get("term")
        if not isinstance(term, str):
            continue
        key, anchor = normal_form(term), Term.anchor_for(term)
        if key in terms:
            problems.append(parsed.problem((i, "term"), f"expected each term once, found {term!r} again"))
        elif not anchor or anchor in GLOSSARY_PAGE_IDS:
            message = f"expected a term with letters or digits that make a link anchor of its own, found {term!r}"
            problems.append(parsed.problem((i, "term"), message))
        elif anchor in anchors:
            message = f"expected a term whose link anchor #{anchor} no other term has, found {term!r}, the same as entry {anchors[anchor]}"
            problems.append(parsed.problem((i, "term"), message))
        terms.setdefault(key, i)
        anchors.setdefault(anchor, i)
    return [Term(**entry) for _, entry in _entries(parsed)] if parsed.valid else []
