"""The sources (data/sources.yml): the articles the playbook is written from and the works they cite.

Adds the sources page, which lists what each source gives and every page that draws on
it, and a "Sources" box at the end of every page that names its sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.links import link
from ..core.rules import date_problem
from ..core.templates import render
from .base import GeneratedPage, Kind, LoadContext, PageContext, Playbook, entries

SLUG_SHAPE = r"^[a-z0-9]+(-[a-z0-9]+)*$"


@dataclass
class Source:
    """An article the playbook is written from, or a work one of them cites."""

    id: str
    title: str
    author: str | None
    organisation: str | None
    date: str | None
    note: str
    kind: str = "article"
    url: str | None = None
    cited_by: list[str] = field(default_factory=list)

    @property
    def credit(self) -> str:
        """'Author, Organisation' or whichever of them is known."""
        return ", ".join(x for x in (self.author, self.organisation) if x) or "author not named"

    def record(self) -> dict:
        """The source as JSON exports give it."""
        return {
            "id": self.id,
            "title": self.title,
            "author": self.author,
            "organisation": self.organisation,
            "credit": self.credit,
            "date": self.date,
            "url": self.url,
        }


class SourcesKind(Kind):
    """data/sources.yml: one entry per source, ids unique, dates real, citations known."""

    name = "sources"
    files = ("data/sources.yml",)
    schema = "sources.schema.json"

    def load(self, context: LoadContext) -> dict[str, Source] | None:
        """Every source by id, or None when the file failed its schema (the cross-checks run anyway)."""
        parsed = context.file(self.files[0], self.schema)
        ids: set[str] = set()
        for i, entry in entries(parsed):
            source_id = entry.get("id")
            if isinstance(source_id, str):
                if source_id in ids:
                    context.problems.append(parsed.problem((i, "id"), f"expected a unique id, found {source_id!r} again"))
                ids.add(source_id)
            message = date_problem(entry.get("date"))
            if message:
                context.problems.append(parsed.problem((i, "date"), message))
        for i, entry in entries(parsed):
            cited = entry.get("cited_by")
            for j, cited_id in enumerate(cited if isinstance(cited, list) else []):
                if isinstance(cited_id, str) and cited_id not in ids:
                    message = f"expected a source id from data/sources.yml, found unknown id {cited_id!r}"
                    context.problems.append(parsed.problem((i, "cited_by", j), message))
        if not parsed.valid:
            return None
        sources: dict[str, Source] = {}
        for _, entry in entries(parsed):
            sources.setdefault(entry["id"], Source(**entry))
        return sources

    def pages(self, playbook: Playbook, context: PageContext) -> list[GeneratedPage]:
        """The sources page: each source, what we take from it, and the pages that draw on it."""
        used_by: dict[str, list[tuple[str, str]]] = {s: [] for s in playbook.sources}
        for page in sorted(context.docs.values(), key=lambda p: p.src):
            for source_id in page.meta.get("sources") or []:
                if source_id in used_by:
                    used_by[source_id].append((page.meta.get("title", page.src), page.src))
        for source_id, title, src in context.citations:
            used_by[source_id].append((title, src))
        articles = [s for s in playbook.sources.values() if s.kind == "article"]
        references = [s for s in playbook.sources.values() if s.kind == "reference"]
        outside = [s for s in playbook.sources.values() if s.kind == "outside"]
        headings = [("The articles", articles), ("Works the articles cite", references), ("Other works we draw on", outside)]
        groups = [g for g in headings if g[1]]
        markdown = render("sources/page.md", groups=groups, sources=playbook.sources, used_by=used_by)
        return [GeneratedPage("sources.md", markdown, self.files[0])]

    def finish_page(self, markdown: str, src: str, meta: dict, page: GeneratedPage | None, playbook: Playbook) -> str:
        """The "Sources" box at the end of a page that names its sources in front matter."""
        ids = meta.get("sources") or []
        if not ids or (page is not None and not page.sources_box):
            return markdown
        chosen = [playbook.sources[i] for i in ids if i in playbook.sources]
        return markdown + "\n" + render("sources/box.md", sources=chosen, href=lambda s: link(src, f"sources.md#{s.id}"))


def known_source_problems(context: LoadContext, parsed, path: tuple, ids: object) -> None:
    """A problem at each id in `ids` (a list at `path` of a parsed file, or one id at `path`) that data/sources.yml lacks."""
    sources = context.records.get("sources")
    if sources is None:
        return  # sources.yml itself is broken: its own problems are reported
    found = [(path, ids)] if isinstance(ids, str) else [(path + (j,), i) for j, i in enumerate(ids)] if isinstance(ids, list) else []
    for where, source_id in found:
        if isinstance(source_id, str) and re.match(SLUG_SHAPE, source_id) and source_id not in sources:
            message = f"expected a source id from data/sources.yml ({', '.join(sorted(sources))}), found unknown id {source_id!r}"
            context.problems.append(parsed.problem(where, message))


KIND = SourcesKind()
