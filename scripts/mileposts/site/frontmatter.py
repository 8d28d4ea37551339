"""Read the hand-written pages under docs/ and check their YAML front matter like any data file.

Front matter is found by the very rule MkDocs uses (mkdocs.utils.meta.YAML_RE), so no page
can carry front matter that the site tool reads and this check does not; it is parsed by
the same careful loader as data/ (duplicate keys, tags, control characters, depth) and
checked against data/schemas/page.schema.json, with each problem at its line in the page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..core.problems import DataError, Problem
from ..core.repopaths import PAGE_NAME, PATH_PART, checked_files
from ..core.schemas import check_schema
from ..core.tags import AUDIENCES, tag_label
from ..core.yamlfile import FRONT_MATTER, parse_yaml_text

SCHEMA = "page.schema.json"
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")  # what MkDocs builds as a page


@dataclass
class DocPage:
    """A hand-written page: where it is, its front matter and its Markdown body."""

    src: str
    meta: dict
    body: str
    text: str = ""
    positions: dict = field(default_factory=dict)  # field path -> (line, column) of each front matter value

    def line_of(self, markdown: str) -> int:
        """The file line on which `markdown` (this page's body as a site tool passes it) starts."""
        lead = len(markdown) - len(markdown.lstrip("\n"))
        start = self.text.find(markdown.lstrip("\n")[:200])
        return self.text.count("\n", 0, start) + 1 - lead if start >= 0 else 1


def split_front_matter(text: str) -> tuple[dict, str]:
    """Split front matter from the Markdown body; ({}, text) when there is none or it is not a mapping."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    parsed = parse_yaml_text(match.group(1), "page", first_line_number=2)
    if parsed.problems or not isinstance(parsed.data, dict):
        return {}, text
    return parsed.data, text[match.end() :].lstrip("\n")


@cache
def tag_labels(schema_dir: Path) -> frozenset[str]:
    """Every label a page may carry in `tags`: the audiences and the checklist schema's tags, as readers see them."""
    schema = json.loads((schema_dir / "checklist.schema.json").read_text(encoding="utf-8"))
    return frozenset(tag_label(slug) for slug in [*AUDIENCES, *schema["$defs"]["tag"]["enum"]])


def parse_page(text: str, src: str, schema_dir: Path) -> tuple[DocPage | None, list[Problem]]:
    """One page's front matter and body, checked; (None, problems) when the front matter cannot be used."""
    shown = f"docs/{src}"
    match = FRONT_MATTER.match(text)
    if not match:
        message = "expected front matter between two '---' lines at the top of the page, with a title and a description, found none"
        return None, [Problem(shown, 1, 1, "front matter", message)]
    parsed = parse_yaml_text(match.group(1), shown, first_line_number=2)
    problems = list(parsed.problems)
    problems += check_schema(parsed, schema_dir, SCHEMA)
    if not isinstance(parsed.data, dict):
        return None, problems
    labels = tag_labels(schema_dir)
    for i, tag in enumerate(parsed.data.get("tags") or []):
        if isinstance(tag, str) and tag not in labels:
            message = f"expected a tag label ({', '.join(sorted(labels))}), found {tag!r}"
            problems.append(parsed.problem(("tags", i), message))
    if problems:
        return None, problems
    return DocPage(src, parsed.data, text[match.end() :].lstrip("\n"), text, parsed.positions), []


def read_docs(docs_dir: Path, root: Path | None = None) -> dict[str, DocPage]:
    """Every Markdown page under docs/, keyed by its path relative to docs/; DataError lists every problem."""
    pages, problems = read_pages(docs_dir, root)
    if problems:
        raise DataError(problems)
    return pages


def read_pages(docs_dir: Path, root: Path | None = None) -> tuple[dict[str, DocPage], list[Problem]]:
    """Every readable page with good front matter, and the problems of the others."""
    docs_dir = Path(docs_dir)
    root = Path(root) if root is not None else docs_dir.parent
    schema_dir = root / "data" / "schemas"
    pages: dict[str, DocPage] = {}
    files, problems = checked_files(root, docs_dir, PATH_PART)
    for path in files:
        src = path.relative_to(docs_dir).as_posix()
        if not path.name.lower().endswith(MARKDOWN_SUFFIXES):
            continue
        if not PAGE_NAME.match(path.name):
            message = f"expected a page name of lowercase letters, digits and hyphens ending in .md, found {path.name!r}; rename it"
            problems.append(Problem(f"docs/{src}", 1, 1, "", message))
            continue
        try:
            text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError as error:
            problems.append(Problem(f"docs/{src}", 1, 1, "", f"expected UTF-8 text, found the byte at offset {error.start}; save as UTF-8"))
            continue
        except OSError as error:
            problems.append(Problem(f"docs/{src}", 1, 1, "", f"expected a readable file, found {(error.strerror or str(error)).lower()}"))
            continue
        page, found = parse_page(text, src, schema_dir)
        problems += found
        if page is not None:
            pages[src] = page
    return pages, problems
