"""The pages made from data, asked of every registered kind, and the finishing every page gets (each kind in turn).

Knows no kind by name: it collects what each kind says it adds (kinds/base.py), plus the
printables page, which lists every printable that has a card, and the trainer pack.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.links import Linker
from ..core.templates import render
from ..kinds import KINDS
from ..kinds.base import GeneratedPage, PageContext, Playbook
from ..printing.pack import in_pack, pack_path
from ..printing.printable import PAPERS, Printable
from ..printing.run import PrintSet

PRINTABLES_PAGE = "printables.md"
PRINTABLES_TEMPLATE = "printing/printables.md"


def print_set(playbook: Playbook) -> PrintSet:
    """Every kind's printables and packs, in registry order, and the site settings the trainer pack's cover shows."""
    printables = [p for kind in KINDS for p in kind.printables(playbook)]
    return PrintSet(printables, playbook.site, [pack for kind in KINDS for pack in kind.packs(playbook)])


def exports(playbook: Playbook) -> dict[str, tuple[str, str]]:
    """Every kind's export files: site path -> (content, the data file it comes from)."""
    return {path: (content, kind.files[0]) for kind in KINDS for path, content in kind.exports(playbook).items()}


def generated_pages(playbook: Playbook, docs: dict[str, Any], directory_urls: bool = True, pdfs: bool = True) -> list[GeneratedPage]:
    """Every page made from data, as each kind writes it, and the printables page."""
    citations = [c for kind in KINDS for c in kind.citations(playbook)]
    context = PageContext(docs, directory_urls, pdfs, citations)
    pages = [page for kind in KINDS for page in kind.pages(playbook, context)]
    return [*pages, printables_page(print_set(playbook).printables, directory_urls, pdfs)]


def printables_page(printables: list[Printable], directory_urls: bool = True, pdfs: bool = True) -> GeneratedPage:
    """The printables page: the trainer packs, then every printable with a card (a notice if PDFs are off)."""
    markdown = render(
        PRINTABLES_TEMPLATE,
        url=Linker.from_page(PRINTABLES_PAGE, directory_urls),
        groups=listing_groups(printables),
        pack_size=len(in_pack(printables)),
        packs={paper: pack_path(paper) for paper in PAPERS},
        pdfs=pdfs,
    )
    return GeneratedPage(PRINTABLES_PAGE, markdown, f"scripts/mileposts/templates/{PRINTABLES_TEMPLATE}")


def listing_groups(printables: list[Printable]) -> list[tuple[str, list[Printable]]]:
    """The printables with a card, under their listing's heading, headings in the order they first come."""
    groups: dict[str, list[Printable]] = {}
    for printable in printables:
        if printable.listing is not None:
            groups.setdefault(printable.listing.group, []).append(printable)
    return list(groups.items())


@dataclass
class PageFinisher:
    """Applies every kind's `finish_page`, in registry order, to a page's Markdown (after its markers are expanded)."""

    playbook: Playbook

    def __call__(self, markdown: str, src: str, meta: dict, page: GeneratedPage | None) -> str:
        """The page's Markdown finished by every kind (`page` is None for a hand-written page)."""
        for kind in KINDS:
            markdown = kind.finish_page(markdown, src, meta, page, self.playbook)
        return markdown
