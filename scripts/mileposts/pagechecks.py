"""Checks that tie the hand-written pages to the data: known sources, real files to edit, no address claimed twice."""

from __future__ import annotations

from pathlib import Path

from .frontmatter import DocPage
from .model import Playbook
from .outputs import GENERATED_PAGES, Claim, checklist_page, claim_problems, data_claims
from .problems import Problem
from .yamlfile import load_yaml

GLOSSARY = "data/glossary.yml"


def _at(page: DocPage, path: tuple) -> tuple[int, int]:
    return page.positions.get(path) or page.positions.get(path[:1]) or (1, 1)


def check_pages(root: Path, docs_dir: Path, playbook: Playbook, docs: dict[str, DocPage]) -> list[Problem]:
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
    problems += _glossary_links(root, docs, playbook)
    checklists = {checklist.id: checklist.path for checklist in playbook.checklists.values()}
    claims = data_claims(checklists, playbook.assessment is not None)
    for path in sorted(p for p in docs_dir.rglob("*") if p.is_file() and not p.name.startswith(".")):
        relative = path.relative_to(docs_dir).as_posix()
        claims.append(Claim(relative, f"docs/{relative}", "a hand-written file"))
    problems += [p for p in claim_problems(claims) if p.path.startswith("docs/")]  # data-only clashes are load_playbook's
    return problems


def _glossary_links(root: Path, docs: dict[str, DocPage], playbook: Playbook) -> list[Problem]:
    """A problem for each glossary link to a page that neither docs/ nor the data has."""
    pages = set(docs) | set(GENERATED_PAGES) | {checklist_page(i) for i in playbook.checklists}
    parsed = load_yaml(root / GLOSSARY, GLOSSARY)  # parsed once already: only its positions are wanted here
    return [
        parsed.problem((i, "link"), f"expected a page under docs/ or one made from data, found no page {term.link}")
        for i, term in enumerate(playbook.glossary)
        if term.link and term.link not in pages
    ]
