"""Read the YAML front matter of the hand-written pages under docs/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import DataError, Problem


@dataclass
class DocPage:
    """A hand-written page: where it is, its front matter and its Markdown body."""

    src: str
    meta: dict
    body: str
    text: str = ""

    def line_of(self, markdown: str) -> int:
        """The file line on which `markdown` (this page's body as a site tool passes it) starts."""
        lead = len(markdown) - len(markdown.lstrip("\n"))
        start = self.text.find(markdown.lstrip("\n")[:200])
        return self.text.count("\n", 0, start) + 1 - lead if start >= 0 else 1


def split_front_matter(text: str) -> tuple[dict, str]:
    """Split '---' front matter from the Markdown body; ({}, text) when there is none."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---\n", 4)
    if end == -1:
        return {}, text
    meta = yaml.safe_load(text[4:end]) or {}
    return (meta if isinstance(meta, dict) else {}), text[end + 5 :]


def read_docs(docs_dir: Path) -> dict[str, DocPage]:
    """Every Markdown page under docs/, keyed by its path relative to docs/."""
    pages, problems = {}, []
    for path in sorted(docs_dir.rglob("*.md")):
        src = path.relative_to(docs_dir).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
            meta, body = split_front_matter(text)
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 2 if mark else 1
            problems.append(Problem(f"docs/{src}", line, 1, "front matter", f"expected valid YAML front matter, found an error: {error}"))
            continue
        pages[src] = DocPage(src, meta, body, text)
    if problems:
        raise DataError(problems)
    return pages
