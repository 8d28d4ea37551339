"""The quotes (data/quotes.yml): short, attributed quotations, each with an author.

Adds the quotes page (grouped by theme), the `<!-- mileposts:quotes ... -->` marker for
hand-written pages, and quotes.json for reuse (documented on docs/data.md).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from ..core.links import link
from ..core.templates import render
from .base import GeneratedPage, Kind, LoadContext, Marker, PageContext, Playbook, entries
from .sources import known_source_problems

FORMAT_VERSION = 1  # of quotes.json; bump when a field is renamed or removed
EXPORT = "quotes.json"


@dataclass
class Quote:
    """A short, attributed quotation."""

    text: str
    author: str
    tags: list[str]
    source: str | None = None
    context: str | None = None

    @property
    def id(self) -> str:
        """A stable id from the text and author (like a checklist item's id)."""
        normal = re.sub(r"\s+", " ", f"{self.text}\n{self.author}".strip().lower())
        return hashlib.sha1(normal.encode("utf-8")).hexdigest()[:10]


class QuotesKind(Kind):
    """data/quotes.yml: every quote has an author, tags from the shared vocabulary, and a known source if it names one."""

    name = "quotes"
    files = ("data/quotes.yml",)
    schema = "quotes.schema.json"

    def load(self, context: LoadContext) -> list[Quote] | None:
        """Every quote, in file order (None when the file failed its schema)."""
        parsed = context.file(self.files[0], self.schema)
        for i, entry in entries(parsed):
            known_source_problems(context, parsed, (i, "source"), entry.get("source"))
        return [Quote(**entry) for _, entry in entries(parsed)] if parsed.valid else None

    def pages(self, playbook: Playbook, context: PageContext) -> list[GeneratedPage]:
        """The quotes page: grouped by each quote's first tag, in the order the themes first appear."""
        groups: dict[str, list[Quote]] = {}
        for quote in playbook.quotes:
            groups.setdefault(quote.tags[0], []).append(quote)
        source_ids = sorted({q.source for q in playbook.quotes if q.source})
        markdown = render("quotes/page.md", groups=list(groups.items()), sources=playbook.sources, source_ids=source_ids)
        return [GeneratedPage("quotes.md", markdown, self.files[0])]

    def markers(self) -> dict[str, Marker]:
        """`quotes` with tag=, author= and limit=."""
        return {"quotes": Marker(quotes_marker, frozenset({"tag", "author", "limit"}))}

    def exports(self, playbook: Playbook) -> dict[str, str]:
        """quotes.json: every quote, in the order of data/quotes.yml."""
        data = playbook.site.export_header("quotes", FORMAT_VERSION)
        data["note"] = "Quotations remain the words of their authors; the licence covers the selection, context notes and ids."
        data["quotes"] = [
            {
                "id": q.id,
                "text": q.text,
                "author": q.author,
                "context": q.context,
                "tags": list(q.tags),
                "source": playbook.sources[q.source].record() if q.source else None,
            }
            for q in playbook.quotes
        ]
        return {EXPORT: json.dumps(data, ensure_ascii=False, indent=2) + "\n"}


def quotes_marker(attributes: dict[str, str], src: str, playbook: Playbook) -> str:
    """The quotes a marker picks, as quote blocks; ValueError saying what is wrong with it."""
    chosen = playbook.quotes
    if "tag" in attributes:
        chosen = [q for q in chosen if attributes["tag"] in q.tags]
    if "author" in attributes:
        chosen = [q for q in chosen if q.author == attributes["author"]]
    limit = attributes.get("limit", "")
    if limit:
        if not limit.isdigit() or int(limit) < 1:
            raise ValueError(f"expected limit to be a whole number of 1 or more, found {limit!r}")
        chosen = chosen[: int(limit)]
    if not chosen:
        raise ValueError(f"expected at least one quote matching {attributes}, found none")

    def source_href(quote: Quote) -> str | None:
        return link(src, f"sources.md#{quote.source}") if quote.source else None

    return render("quotes/list.md", quotes=chosen, sources=playbook.sources, source_href=source_href)


KIND = QuotesKind()
