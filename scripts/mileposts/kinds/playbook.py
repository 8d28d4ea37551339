"""Load and check everything under data/ through the registered kinds, collecting every problem before failing.

Each file is read, checked against its schema, and then checked by its kind against the
rules a schema cannot express (real dates, verbs, duplicates, known ids) on whatever parts
of it have the right shape, so one run reports a file's schema problem and its date or
writing-rule problem together. Nothing under data/ is ignored: a file no kind reads is
itself a problem, so a misnamed checklist never silently goes missing.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from ..core.placeholders import placeholder_problems
from ..core.problems import DataError, Problem
from ..core.repopaths import checked_files
from ..core.schemas import check_schema
from ..core.yamlfile import YamlFile, load_yaml
from . import KINDS
from .base import LoadContext, Playbook

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SITE_FILES = {"data/search.yml": "search.schema.json"}  # read by site/search.py, which knows the pages


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
    problems.extend(placeholder_problems(root, parsed))
    parsed.valid = len(problems) == before
    return parsed


def _inventory(root: Path, problems: list[Problem]) -> dict[str, list[str]]:
    """The files found for each kind's "data/<folder>/*.yml"; a problem for every file under data/ that no kind reads."""
    known = {f for kind in KINDS for f in kind.files if "*" not in f} | set(SITE_FILES)
    patterns = {f.rsplit("/", 1)[0]: f for kind in KINDS for f in kind.files if "*" in f}  # "data/checklists" -> its pattern
    listed: dict[str, list[str]] = {pattern: [] for pattern in patterns.values()}
    files, found = checked_files(root, root / "data")
    problems.extend(found)
    for path in files:
        relative = path.relative_to(root).as_posix()
        folder = relative.rsplit("/", 1)[0]
        if relative in known or (folder == "data/schemas" and relative.endswith(".schema.json")):
            continue
        if folder in patterns:
            if path.suffix != ".yml":
                problems.append(Problem(relative, 1, 1, "", f"expected a file name ending in .yml, found {path.name!r}; rename it"))
            elif not SLUG.match(path.stem.removeprefix("_")):
                message = f"expected a file name of lowercase letters, digits and hyphens, found {path.name!r}"
                problems.append(Problem(relative, 1, 1, "", message))
            else:
                listed[patterns[folder]].append(relative)
            continue
        home = next((f for f in patterns if folder.startswith(f + "/")), None)
        if home is not None:
            message = f"expected each file directly in {home}/, found one in a subfolder, which the build would ignore; move it up"
        else:
            guess = difflib.get_close_matches(relative, sorted(known), n=1)
            hint = f"did you mean {guess[0]}?" if guess else "move it out of data/ or remove it"
            message = f"expected only files the build reads under data/, found one it would ignore; {hint}"
        problems.append(Problem(relative, 1, 1, "", message))
    return listed


def load_playbook(root: Path) -> Playbook:
    """The whole playbook from `root`/data, every kind's records by name; DataError listing every problem found."""
    root = Path(root)
    problems: list[Problem] = []
    context = LoadContext(root, problems, listed=_inventory(root, problems))
    context.read = lambda relative, schema: read_data_file(root, relative, schema, problems)
    for kind in KINDS:
        context.records[kind.name] = kind.load(context)
    if problems:
        raise DataError(problems)
    return Playbook(context.records)
