"""The trainer pack: one PDF per paper size with a cover, a contents page, and every printable with a pack entry on its own page.

The cover and contents come from templates/printing/pack-cover.html, laid out once by
WeasyPrint (on the area A4 and US Letter share) while the sheets render. The sheets are
the finished single-sheet PDFs themselves, joined on with pypdf, so the pack and the
sheets never differ and no sheet is laid out twice; `on_paper` then gives the pack each
paper size. Each contents entry links to its sheet's page, and the bookmarks list every
sheet with its sections (the sheets' own bookmarks). The contents may run to more pages
as sheets are added: the page numbers follow, up to `max_front_pages`. A sheet of several
pages (a session kit's guide) always takes its most pages here, blank pages making up
what it does not use, so the numbers are known before anything is laid out.

A kind may also ask for packs of its own (a session kit's guide, cards and the sheets it
uses): `Pack`s with no cover, each paper's file joined from that paper's sheets.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from typing import Any

from ..core.problems import Problem
from ..core.templates import render
from .papers import on_papers, write_pdf
from .pdf import layout, metadata_date
from .printable import Printable

FRONT_PAGES = 2  # the cover and a one-page contents, for up to about 20 sheets
MAX_FRONT_PAGES = 4  # for up to about 50 sheets; more allows more (see max_front_pages)
ROWS_PER_PAGE = 13  # about how many contents rows one page holds: the first guess at the front pages
ANCHOR = "sheet-"  # contents links point at "#sheet-<printable name>"
PX_TO_PT = 0.75  # WeasyPrint measures in CSS pixels (1/96 in), PDF in points (1/72 in)
COVER = "printing/pack-cover.html"
NAME = "mileposts-trainer-pack"


def max_front_pages(sheets: int) -> int:
    """The most pages the cover and contents may take: 4, or one contents page for every 10 sheets."""
    return max(MAX_FRONT_PAGES, FRONT_PAGES + 1 + sheets // 10)


def pack_path(paper: str) -> str:
    """Where the trainer pack for `paper` is published in the site."""
    return f"pdf/{NAME}-{paper}.pdf"


def in_pack(printables: list[Printable]) -> list[Printable]:
    """The printables the pack holds, in pack order: by rank (session kits first), then by kind, then as each kind orders them."""
    return sorted((p for p in printables if p.pack is not None), key=lambda p: p.pack.rank if p.pack else 0)


def first_pages(sheets: list[Printable], front_pages: int) -> list[int]:
    """The page each sheet starts on in the pack, counting the front pages and every sheet's own pages."""
    starts, page = [], front_pages + 1
    for sheet in sheets:
        starts.append(page)
        page += sheet.pages
    return starts


def cover_html(site: Any, sheets: list[Printable], front_pages: int = FRONT_PAGES) -> str:
    """The HTML of the pack's cover and contents, numbering sheets from page front_pages + 1."""
    entries = [
        {
            "title": p.pack.title,
            "when": p.pack.when,
            "type_label": p.pack.type_label,
            "page": page,
            "anchor": ANCHOR + p.name,
        }
        for p, page in zip(sheets, first_pages(sheets, front_pages), strict=True)
        if p.pack is not None
    ]
    reviewed = max((p.pack.reviewed for p in sheets if p.pack is not None), default="")
    return render(
        COVER, site=site, entries=entries, printables_url=site.page_url("printables/"), reviewed=reviewed, date=metadata_date(reviewed)
    )


@dataclass(frozen=True)
class CoverJob:
    """What a worker needs to lay out the cover: its HTML for each number of front pages it may take."""

    covers: dict[int, str]
    names: tuple[str, ...]  # the sheets, in pack order
    css: str
    base_url: str
    max_front: int


@dataclass
class CoverResult:
    """The laid-out cover and contents (None when they do not fit), and the contents' links to sheets."""

    pdf: bytes | None
    front_pages: int
    max_front: int
    links: list = field(default_factory=list)


@dataclass(frozen=True)
class JoinJob:
    """The cover's PDF and links, and the finished sheets' files, in pack order."""

    front: bytes
    links: tuple
    sheets: tuple[str, ...]
    lengths: tuple[int, ...] = ()  # the pages each sheet takes in the pack (1 for each, if not given)


def cover_job(site: Any, sheets: list[Printable], css: str, base_url: str) -> CoverJob:
    """The cover's job for these sheets (rendered here, cheaply, for every front-page count it may need)."""
    top = max_front_pages(len(sheets))
    covers = {pages: cover_html(site, sheets, pages) for pages in range(FRONT_PAGES, top + 1)}
    return CoverJob(covers, tuple(p.name for p in sheets), css, base_url, top)


def _contents_links(front, names: tuple[str, ...]) -> list[tuple[int, tuple[float, float, float, float], int]]:
    """Take the contents' links to sheets out of the laid-out front: (front page, x, y, width, height in px, sheet)."""
    position = {ANCHOR + name: i for i, name in enumerate(names)}
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


def render_cover_job(job: CoverJob) -> CoverResult:
    """Lay out the cover and contents (beside the sheets, which it does not need); again if the guess at its pages was wrong."""
    used = min(job.max_front, max(FRONT_PAGES, 1 + -(-len(job.names) // ROWS_PER_PAGE)))  # a guess, so it is laid out once
    front = layout(job.covers[used], job.css, job.base_url)
    if len(front.pages) != used and len(front.pages) <= job.max_front:
        used = len(front.pages)
        front = layout(job.covers[used], job.css, job.base_url)
    result = CoverResult(None, len(front.pages), job.max_front)
    if len(front.pages) == used:
        result.links = _contents_links(front, job.names)
        result.pdf = write_pdf(front)
    return result


def join_pack(front_pdf: bytes, sheets: tuple[str, ...], links: tuple, lengths: tuple[int, ...] = (), digest: Any = None) -> Any:
    """The front, then each sheet's pages (made up to its length with blank pages), the contents linked to each: a pypdf writer.

    `digest`, if given, is updated with the bytes of the front and of every sheet.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Link

    front = PdfReader(io.BytesIO(front_pdf))
    if digest is not None:
        digest.update(front_pdf)
    writer = PdfWriter()
    writer.append(front)
    starts = []
    for sheet, length in zip(sheets, lengths or (1,) * len(sheets), strict=True):
        starts.append(len(writer.pages))
        with open(sheet, "rb") as handle:
            data = handle.read()
        if digest is not None:
            digest.update(data)
        writer.append(PdfReader(io.BytesIO(data)))
        box = writer.pages[-1].mediabox
        while len(writer.pages) < starts[-1] + length:
            writer.add_blank_page(float(box.width), float(box.height))
    for page_number, (x, y, width, height), sheet in links:
        top = float(writer.pages[page_number].mediabox.height)
        rectangle = (x * PX_TO_PT, top - (y + height) * PX_TO_PT, (x + width) * PX_TO_PT, top - y * PX_TO_PT)
        writer.add_annotation(page_number, Link(rect=rectangle, target_page_index=starts[sheet], border=[0, 0, 0]))
    writer.add_metadata(dict(front.metadata or {}))
    return writer


def join_pack_job(job: JoinJob) -> dict[str, bytes]:
    """Join the finished sheets after the cover and contents, once, and write the pack on each paper (identified by its parts)."""
    seed = hashlib.md5(usedforsecurity=False)
    writer = join_pack(job.front, job.sheets, job.links, job.lengths, seed)
    return on_papers(writer, seed.digest())


def pack_problem(result: CoverResult) -> Problem:
    """The problem reported when the cover and contents do not fit on their pages."""
    return Problem(
        f"scripts/mileposts/templates/{COVER}",
        1,
        1,
        "layout",
        f"expected the trainer pack's cover and contents to fit on {result.max_front} printed pages at most, "
        f"found them {result.front_pages} pages; shorten the cover text or the contents' columns",
    )


@dataclass(frozen=True)
class PackJob:
    """A pack with no cover: for each paper, the finished sheets' files of that paper, in order."""

    sheets: dict[str, tuple[str, ...]]  # paper -> the sheets' files
    title: str


def join_sheets_job(job: PackJob) -> dict[str, bytes]:
    """The sheets joined once (their bookmarks kept) from the first paper's files, written on each paper, identified by their content."""
    from pypdf import PdfReader, PdfWriter

    papers = tuple(job.sheets)
    sheets = job.sheets[papers[0]]  # every paper's sheet is the same page in another box: one is enough
    writer = PdfWriter()
    digest = hashlib.md5(usedforsecurity=False)
    first: dict = {}
    for sheet in sheets:
        with open(sheet, "rb") as handle:
            data = handle.read()
        digest.update(data)
        reader = PdfReader(io.BytesIO(data))
        first = first or dict(reader.metadata or {})
        writer.append(reader)
    writer.add_metadata({**first, "/Title": job.title})
    return on_papers(writer, digest.digest(), papers)
