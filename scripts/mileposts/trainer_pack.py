"""The trainer pack: one PDF per paper size with a cover, a contents page, and every checklist on its own page.

The cover and contents come from overrides/mileposts/pack-cover.html, laid out once by
WeasyPrint (on the area A4 and US Letter share) while the sheets render. The checklist
pages are the finished single-sheet PDFs themselves, joined on with pypdf, so the pack and
the sheets never differ and no sheet is laid out twice; `on_paper` then gives the pack
each paper size. Each
contents entry links to its sheet's page, and the bookmarks list every checklist with its
sections (the sheets' own bookmarks). The contents may run to more pages as checklists
are added: the page numbers follow, up to max_front_pages for the cover and contents.
"""

from __future__ import annotations

import io
from pathlib import Path

from .model import Playbook
from .pdf import PAPERS, layout, metadata_date, on_paper, write_pdf
from .problems import Problem
from .render import render

FRONT_PAGES = 2  # the cover and a one-page contents, for up to about 20 checklists
MAX_FRONT_PAGES = 4  # for a playbook of up to about 50 checklists; more allows more (see max_front_pages)
ANCHOR = "sheet-"  # contents links point at "#sheet-<checklist id>"
PX_TO_PT = 0.75  # WeasyPrint measures in CSS pixels (1/96 in), PDF in points (1/72 in)


def max_front_pages(checklists: int) -> int:
    """The most pages the cover and contents may take: 4, or one contents page for every 10 checklists."""
    return max(MAX_FRONT_PAGES, FRONT_PAGES + 1 + checklists // 10)


def pack_order(playbook: Playbook) -> list[str]:
    """Checklist ids in the order the pack prints them: by title, as on the checklists index."""
    return [c.id for c in sorted(playbook.checklists.values(), key=lambda c: c.title.lower())]


def cover_html(playbook: Playbook, front_pages: int = FRONT_PAGES) -> str:
    """The HTML of the pack's cover and contents, numbering sheets from page front_pages + 1."""
    entries = [
        {"checklist": playbook.checklists[checklist_id], "page": front_pages + i + 1, "anchor": ANCHOR + checklist_id}
        for i, checklist_id in enumerate(pack_order(playbook))
    ]
    reviewed = max((c.reviewed for c in playbook.checklists.values()), default="")
    return render(
        "pack-cover.html",
        site=playbook.site,
        entries=entries,
        printables_url=playbook.site.page_url("printables/"),
        reviewed=reviewed,
        date=metadata_date(reviewed),
    )


def pack_job(playbook: Playbook, sheets: list[Path], css: str, base_url: str) -> dict:
    """What render_cover_job and join_pack_job need: the cover's HTML and the sheet PDFs, in pack order."""
    return {
        "cover": cover_html(playbook),
        "order": pack_order(playbook),
        "sheets": [str(path) for path in sheets],
        "css": css,
        "base_url": base_url,
        "playbook": playbook,
        "max_front": max_front_pages(len(sheets)),
    }


def _front(job: dict):
    """Lay out the cover and contents; if the contents runs longer, again with the sheets numbered after it."""
    used = FRONT_PAGES
    front = layout(job["cover"], job["css"], job["base_url"])
    if len(front.pages) != used and len(front.pages) <= job["max_front"]:
        used = len(front.pages)
        front = layout(cover_html(job["playbook"], used), job["css"], job["base_url"])
    return front, used


def _contents_links(front, order: list[str]) -> list[tuple[int, tuple[float, float, float, float], int]]:
    """Take the contents' links to sheets out of the laid-out front: (front page, x, y, width, height in px, sheet)."""
    position = {ANCHOR + checklist_id: i for i, checklist_id in enumerate(order)}
    links = []
    for number, page in enumerate(front.pages):
        kept = []
        for link in page.links:
            link_type, target, rectangle, _ = link
            if link_type == "internal" and target in position:
                links.append((number, tuple(rectangle), position[target]))
            else:
                kept.append(link)
        page.links[:] = kept  # the sheets are not in this document: pypdf adds these links below
    return links


def join_pack(front_pdf: bytes, sheets: list[str], links: list) -> bytes:
    """The front pages, then every sheet's page, with the contents linked to its sheets and each sheet bookmarked.

    Not published as it is: on_paper gives it each paper size and its identifier.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Link

    front = PdfReader(io.BytesIO(front_pdf))
    writer = PdfWriter()
    writer.append(front)
    for sheet in sheets:
        writer.append(sheet)
    first_sheet = len(front.pages)
    for page_number, (x, y, width, height), sheet in links:
        top = float(writer.pages[page_number].mediabox.height)
        rectangle = (x * PX_TO_PT, top - (y + height) * PX_TO_PT, (x + width) * PX_TO_PT, top - y * PX_TO_PT)
        writer.add_annotation(page_number, Link(rect=rectangle, target_page_index=first_sheet + sheet, border=[0, 0, 0]))
    writer.add_metadata(dict(front.metadata or {}))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render_cover_job(job: dict) -> dict:
    """Lay out the cover and contents (beside the sheets, which it does not need): their PDF and the contents' links."""
    front, used = _front(job)
    result = {"pdf": None, "front_pages": len(front.pages), "max_front": job["max_front"], "links": []}
    if len(front.pages) == used:
        result["links"] = _contents_links(front, job["order"])
        result["pdf"] = write_pdf(front)
    return result


def join_pack_job(job: dict) -> dict:
    """Join the finished sheets after the cover and contents (job: front, links, sheets): the pack on each paper."""
    joined = join_pack(job["front"], job["sheets"], job["links"])
    result = {paper: on_paper(joined, paper) for paper in PAPERS}
    return {**result, "pdf": result["a4"]}


def pack_problem(result: dict) -> Problem:
    """The problem reported when the cover and contents do not fit on their pages."""
    return Problem(
        "overrides/mileposts/pack-cover.html",
        1,
        1,
        "layout",
        f"expected the trainer pack's cover and contents to fit on {result.get('max_front') or MAX_FRONT_PAGES} "
        "printed pages at most, "
        f"found them {result['front_pages']} pages; shorten the cover text or the contents' columns",
    )
