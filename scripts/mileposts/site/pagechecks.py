"""Checks that tie the hand-written pages to the data: known sources, real files to edit, glossary links to real pages."""

from __future__ import annotations

from pathlib import Path

from ..core.problems import Problem
from ..core.yamlfile import load_yaml
from ..kinds.base import Playbook
from .frontmatter import DocPage

GLOSSARY = "data/glossary.yml"


def _at(page: DocPage, path: tuple) -> tuple[int, int]:
    return page.positions.get(path) or page.positions.get(path[:1]) or (1, 1)


def check_pages(root: Path, playbook: Playbook, docs: dict[str, DocPage], generated: set[str]) -> list[Problem]:
    """Every problem between the pages' front matter and the data, each at its line in the page."""
    problems = []
    for page in docs.values():
        shown = f"docs/{page.src}"
        for i, source_id in enumerate(page.meta.get("sources") or []):
            if source_id not in playbook.sources:
                line, column = _at(page, ("sources", i))
                known = ", ".join(sorted(playbook.sources))
                message = f"expected a source id from data/sources.yml ({known}), found unknown id {source_id!r}"
                problems.append(Problem(shown, line, column, f"sources[{i}]", message))
        edit_path = page.meta.get("edit_path")
        if edit_path and not (root / edit_path).is_file():
            line, column = _at(page, ("edit_path",))
            problems.append(Problem(shown, line, column, "edit_path", f"expected a file of the repository, found no {edit_path}"))
    pages = set(docs) | generated
    parsed = load_yaml(root / GLOSSARY, GLOSSARY)  # parsed once already: only its positions are wanted here
    for i, term in enumerate(playbook.glossary):
        if term.link and term.link not in pages:
            problems.append(parsed.problem((i, "link"), f"expected a page under docs/ or one made from data, found no page {term.link}"))
    return problems
