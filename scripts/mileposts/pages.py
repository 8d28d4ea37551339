"""The pages generated from data: one per checklist, plus the index, quotes, sources and glossary pages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .assessment import assessment_page
from .frontmatter import DocPage
from .inline import tooltip_text
from .model import AUDIENCES, Playbook
from .pdf import PAPERS
from .pdf import enabled as pdf_enabled
from .printables import pack_path, site_paths
from .render import Linker, checklist_page, render


@dataclass
class GeneratedPage:
    """A page that exists only in the build: its Markdown, and the repository file to edit for it."""

    src: str
    markdown: str
    edit_path: str


def generated_pages(playbook: Playbook, docs: dict[str, DocPage], directory_urls: bool = True) -> dict[str, GeneratedPage]:
    """Every generated page, keyed by its path as if it were under docs/."""
    pages = {}
    for checklist in playbook.checklists.values():
        src = f"checklists/{checklist.id}.md"
        pages[src] = GeneratedPage(src, checklist_page(playbook, checklist.id, directory_urls), checklist.path)
    ordered = sorted(playbook.checklists.values(), key=lambda c: c.title.lower())
    pages["checklists/index.md"] = GeneratedPage(
        "checklists/index.md",
        render("checklists-index.md", checklists=ordered, audiences=list(AUDIENCES.items()), printables_href="../printables.md"),
        "data/checklists/_template.yml",
    )
    pages["quotes.md"] = GeneratedPage("quotes.md", quotes_page(playbook), "data/quotes.yml")
    pages["sources.md"] = GeneratedPage("sources.md", sources_page(playbook, docs), "data/sources.yml")
    pages["glossary.md"] = GeneratedPage(
        "glossary.md", render("glossary.md", terms=sorted(playbook.glossary, key=lambda t: t.term.lower())), "data/glossary.yml"
    )
    printables = printables_page(playbook, pdf_enabled(), directory_urls)
    pages["printables.md"] = GeneratedPage("printables.md", printables, "overrides/mileposts/printables.md")
    assessment = playbook.assessment
    if assessment:
        pages["assessment.md"] = GeneratedPage("assessment.md", assessment_page(playbook, directory_urls), assessment.path)
    return pages


def printables_page(playbook: Playbook, pdfs: bool = True, directory_urls: bool = True) -> str:
    """Every checklist's sheet preview and A4 and Letter downloads, and the trainer packs (a notice if PDFs are off)."""
    ordered = sorted(playbook.checklists.values(), key=lambda c: c.title.lower())
    return render(
        "printables.md",
        url=Linker.from_page("printables.md", directory_urls),
        checklists=ordered,
        paths={c.id: site_paths(c.id) for c in ordered},
        packs={paper: pack_path(paper) for paper in PAPERS},
        pdfs=pdfs,
    )


def quotes_page(playbook: Playbook) -> str:
    """Quotes grouped by their first tag, themes in a fixed, meaningful order."""
    groups: dict[str, list] = {}
    for quote in playbook.quotes:
        groups.setdefault(quote.tags[0], []).append(quote)
    source_ids = sorted({q.source for q in playbook.quotes if q.source})
    return render("quotes.md", groups=list(groups.items()), sources=playbook.sources, source_ids=source_ids)


def sources_page(playbook: Playbook, docs: dict[str, DocPage]) -> str:
    """Each source, what we take from it, and the pages and checklists that draw on it."""
    used_by: dict[str, list[tuple[str, str]]] = {s: [] for s in playbook.sources}
    for page in sorted(docs.values(), key=lambda p: p.src):
        for source_id in page.meta.get("sources") or []:
            if source_id in used_by:
                used_by[source_id].append((page.meta.get("title", page.src), page.src))
    for checklist in sorted(playbook.checklists.values(), key=lambda c: c.title.lower()):
        for source_id in checklist.sources:
            used_by[source_id].append((f"{checklist.title} (checklist)", f"checklists/{checklist.id}.md"))
    articles = [s for s in playbook.sources.values() if s.kind == "article"]
    references = [s for s in playbook.sources.values() if s.kind == "reference"]
    groups = [("The articles", articles), ("Works the articles cite", references)]
    return render("sources.md", groups=[g for g in groups if g[1]], sources=playbook.sources, used_by=used_by)


def abbreviation_glossary(playbook: Playbook) -> dict[str, str]:
    """Each glossary term (as written, and capitalised) and the plain-text definition its tooltip shows."""
    glossary = {}
    for term in playbook.glossary:
        definition = tooltip_text(term.definition)
        for variant in dict.fromkeys([term.term, term.term[:1].upper() + term.term[1:]]):
            glossary[variant] = definition
    return glossary


ABBREVIATION = re.compile(r'<abbr title="[^"]*">([^<]*)</abbr>')


def first_use_only(html: str) -> str:
    """A page's HTML with each glossary tooltip on the first use of its term only; later uses are plain text.

    A term explained once per page reads better than a page of dotted underlines, and each
    tooltip costs the browser work when the page opens (a framework page had 41 of them).
    """
    seen: set[str] = set()

    def keep_first(match: re.Match) -> str:
        term = match.group(1).lower()
        if term in seen:
            return match.group(1)
        seen.add(term)
        return match.group(0)

    return ABBREVIATION.sub(keep_first, html)


def abbreviations(playbook: Playbook) -> str:
    """Markdown abbreviation definitions that turn glossary terms into tooltips on every page."""
    lines = [f"*[{variant}]: {definition}" for variant, definition in abbreviation_glossary(playbook).items()]
    return "\n" + "\n".join(lines) + "\n"
