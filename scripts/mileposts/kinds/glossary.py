"""The glossary (data/glossary.yml): the playbook's terms, each with a plain definition.

Adds the glossary page, and a tooltip on the first use of each term in every page: the
term is wrapped in `<abbr title="definition">` in the page's Markdown itself (in its
running text only, see core/prose.py), so any site tool builds the same tooltips. A term
explained once per page reads better than a page of dotted underlines.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..core.inline import literal, tooltip_text
from ..core.prose import prose_spans
from ..core.templates import render
from ..core.textcheck import normal_form
from .base import GeneratedPage, Kind, LoadContext, PageContext, Playbook, entries

PAGE_IDS = {"glossary"}  # ids the glossary page's own headings take


@dataclass
class Term:
    """A glossary term."""

    term: str
    definition: str
    link: str | None = None

    @property
    def anchor(self) -> str:
        """The term's anchor on the glossary page."""
        return self.anchor_for(self.term)

    @staticmethod
    def anchor_for(term: str) -> str:
        """The anchor a term gets: its letters and digits in ASCII ('Café' gives 'cafe'), joined by hyphens."""
        ascii_text = unicodedata.normalize("NFKD", term).encode("ascii", "ignore").decode("ascii")
        return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")

    @property
    def variants(self) -> list[str]:
        """The spellings that get the tooltip: as written, and with a capital first letter."""
        return list(dict.fromkeys([self.term, self.term[:1].upper() + self.term[1:]]))


class GlossaryKind(Kind):
    """data/glossary.yml: terms distinct in normal form, each with its own anchor."""

    name = "glossary"
    counted_as = "glossary terms"
    files = ("data/glossary.yml",)
    schema = "glossary.schema.json"

    def load(self, context: LoadContext) -> list[Term] | None:
        """Every term (None when the file failed its schema); links to pages are checked once pages are known."""
        parsed = context.file(self.files[0], self.schema)
        terms: dict[str, int] = {}
        anchors: dict[str, int] = {}
        for i, entry in entries(parsed):
            term = entry.get("term")
            if not isinstance(term, str):
                continue
            key, anchor = normal_form(term), Term.anchor_for(term)
            if key in terms:
                context.problems.append(parsed.problem((i, "term"), f"expected each term once, found {term!r} again"))
            elif not anchor or anchor in PAGE_IDS:
                message = f"expected a term with letters or digits that make a link anchor of its own, found {term!r}"
                context.problems.append(parsed.problem((i, "term"), message))
            elif anchor in anchors:
                message = f"expected a term whose link anchor #{anchor} no other term has, found {term!r}, as entry {anchors[anchor]} has"
                context.problems.append(parsed.problem((i, "term"), message))
            terms.setdefault(key, i)
            anchors.setdefault(anchor, i)
        return [Term(**entry) for _, entry in entries(parsed)] if parsed.valid else None

    def pages(self, playbook: Playbook, context: PageContext) -> list[GeneratedPage]:
        """The glossary page, terms in alphabetical order."""
        terms = sorted(playbook.glossary, key=lambda t: t.term.lower())
        return [GeneratedPage("glossary.md", render("glossary/page.md", terms=terms), self.files[0])]

    def finish_page(self, markdown: str, src: str, meta: dict, page: GeneratedPage | None, playbook: Playbook) -> str:
        """The page with a tooltip on the first use of each term."""
        return add_tooltips(markdown, playbook.glossary)


def add_tooltips(markdown: str, terms: list[Term]) -> str:
    """Wrap the first use of each term in the running text of `markdown` in <abbr title="its definition">."""
    if not terms:
        return markdown
    spelling = {variant: term for term in terms for variant in term.variants}
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(v) for v in sorted(spelling, key=len, reverse=True)) + r")(?!\w)")
    chosen: list[tuple[int, int, Term]] = []
    seen: set[str] = set()
    for start, end in prose_spans(markdown):
        for match in pattern.finditer(markdown, start, end):
            term = spelling[match.group(1)]
            if term.term.lower() not in seen:
                seen.add(term.term.lower())
                chosen.append((match.start(), match.end(), term))
    out, position = [], 0
    for start, end, term in chosen:
        title = literal(tooltip_text(term.definition))  # escaped for HTML and for Markdown: the tag sits in Markdown
        out += [markdown[position:start], f'<abbr title="{title}">{markdown[start:end]}</abbr>']
        position = end
    return "".join(out) + markdown[position:]


KIND = GlossaryKind()
