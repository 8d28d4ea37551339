"""Lay out one printable sheet with WeasyPrint: a one-page PDF for A4 and one for US Letter, and its preview image.

A sheet is a standalone HTML document (a kind renders it from its templates), styled by
docs/assets/print.css unless it carries its own styles. It is laid out once, on the area
that A4 and US Letter share (210 x 279.4 mm), and `on_paper` publishes that very page on
each paper, centred (papers.py): the PDF's page box grows around it, nothing is laid out or drawn
again. A sheet must fit on exactly one page; where it marks a foot (class
`mp-sheet-foot`, placed at the foot of the page by print.css), its content must end
above it. If not, the result says how far over it is, and which parts grew (fit.py).

Output is deterministic: PDF dates come from the sheet's data (`reviewed`), or from
SOURCE_DATE_EPOCH when set, and the PDF identifier is a hash of the content.

WeasyPrint needs Pango and the DejaVu Sans font. Both are on the Debian base image; on
macOS run `brew install pango` (and install DejaVu Sans); on Windows install the GTK
runtime or MSYS2's Pango as in WeasyPrint's installation guide. No module here imports MkDocs.
"""

from __future__ import annotations

import datetime
import io
import os
import re
import sys
from functools import lru_cache
from typing import Any

from ..core.problems import DataError, Problem
from .fit import part_heights
from .papers import on_paper, write_pdf
from .printable import PAPERS, SheetJob, SheetResult

PREVIEW_WIDTH = 300  # pixels


class PdfToolError(DataError):
    """WeasyPrint (or the system libraries it needs) could not be loaded: reported plainly, like data problems."""

    def __init__(self, message: str):
        self.message = message
        super().__init__([Problem("requirements.txt", 1, 1, "weasyprint", message)])

    def report(self) -> str:
        """The message, with no path prefix: this is about the machine, not the data."""
        return getattr(self, "message", "") or super().report()


SWITCH = "MILEPOSTS_PDF"
PLACEHOLDERS = "placeholders"  # MILEPOSTS_PDF=placeholders: publish empty stand-ins that another build fills in


def enabled() -> bool:
    """False when the environment variable MILEPOSTS_PDF is 0 (or 'no', 'false', 'off'): skip PDFs."""
    return os.environ.get(SWITCH, "1").strip().lower() not in ("0", "no", "false", "off")


def placeholders_only() -> bool:
    """True when MILEPOSTS_PDF=placeholders: the offline copy's build, whose PDFs the main build supplies."""
    return os.environ.get(SWITCH, "").strip().lower() == PLACEHOLDERS


def metadata_date(reviewed: str) -> str:
    """The date written into a PDF: SOURCE_DATE_EPOCH (reproducible-builds convention) if set, else `reviewed`."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        moment = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return reviewed


# ---------------------------------------------------------------- rendering (runs in worker processes)


def _weasyprint():
    """Import WeasyPrint, or explain what to install."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        raise PdfToolError(
            f"could not load WeasyPrint ({error}). Install Pango: `brew install pango` on macOS, the GTK runtime "
            "or MSYS2 on Windows (see WeasyPrint's installation guide). Or set MILEPOSTS_PDF=0 to build without PDFs."
        ) from None
    return weasyprint


@lru_cache(maxsize=4)
def _stylesheet(css_text: str, base_url: str):
    weasyprint = _weasyprint()
    return weasyprint.CSS(string=css_text, base_url=base_url, url_fetcher=_fetcher())


@lru_cache(maxsize=1)
def _fonts():
    """One font configuration per process, shared by every document: Fontconfig and Pango load each font once.

    Made on the first layout in a process: in a build, just before the worker processes
    are forked from it (see `_before_forking`).
    """
    from weasyprint.text.fonts import FontConfiguration

    weasyprint = _weasyprint()
    _quick_subsetting(weasyprint)
    fonts = FontConfiguration()
    _before_forking()
    return fonts


SIZED_ARRAY = re.compile(r"(\w[\w ]*)\[(\d+)\]")  # a C array type with its length: "hb_codepoint_t[5039]"


class _UnsizedArrays:
    """cffi, with a C array of n items asked for as "T[]" and n, not as the type "T[n]".

    cffi parses each new C type with pycparser (2 to 7 ms), and WeasyPrint's font subsetting
    asks for arrays of the glyphs each PDF uses as "T[<count>]": a new type for almost every
    PDF, four per PDF. The same arrays as "T[]" need no parsing after the first.
    """

    def __init__(self, ffi):
        self._ffi = ffi

    def __getattr__(self, name: str):
        return getattr(self._ffi, name)

    def new(self, cdecl: str, init=None):
        sized = SIZED_ARRAY.fullmatch(cdecl)
        if sized is not None and (init is None or (hasattr(init, "__len__") and len(init) == int(sized[2]))):
            return self._ffi.new(sized[1] + "[]", int(sized[2]) if init is None else init)
        return self._ffi.new(cdecl, init)


def _quick_subsetting(weasyprint) -> None:
    """Let WeasyPrint's font subsetting use `_UnsizedArrays` (for the version it was checked against; else nothing)."""
    module: Any = sys.modules.get("weasyprint.pdf.fonts")
    ffi = getattr(module, "ffi", None)
    if weasyprint.__version__ == "70.0" and ffi is not None and not isinstance(ffi, _UnsizedArrays):
        module.ffi = _UnsizedArrays(ffi)


def _before_forking() -> None:
    """If this process may fork the workers next (run.py forks only from a process with one thread), freeze its objects.

    Python's collector then leaves what exists now (MkDocs, the pages, WeasyPrint's stylesheets
    and fonts) to the permanent generation: each worker's collections stop walking, and so
    copying, the memory it shares with this process (0.6 s of a cold build's 7 s of processor time).
    """
    import gc
    import threading

    if threading.active_count() == 1:
        gc.freeze()


@lru_cache(maxsize=1)
def _fetcher():
    """A URL fetcher for local files and data: URLs only: rendering never touches the network."""
    return _weasyprint().URLFetcher(allowed_protocols=("file", "data"))


def layout(html: str, css_text: str, base_url: str, extra_css: str = ""):
    """Lay out `html` with the print stylesheet (and `extra_css` after it): a WeasyPrint Document."""
    weasyprint = _weasyprint()
    stylesheets = [_stylesheet(css_text, base_url)]
    if extra_css:
        stylesheets.append(weasyprint.CSS(string=extra_css, base_url=base_url, url_fetcher=_fetcher()))
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_fetcher())
    return document.render(stylesheets=stylesheets, font_config=_fonts())


def _is_foot(box) -> bool:
    """Whether `box` is a sheet's foot (its completion block and footer), placed at the foot of the page."""
    element = getattr(box, "element", None)
    return element is not None and getattr(box, "element_tag", "") == "div" and "mp-sheet-foot" in (element.get("class") or "").split()


def _extent(page, whole_boxes: bool = False) -> tuple[float, float | None]:
    """The lowest edge of a page's flowing content, and the top of the sheet's foot (None if it has none), in CSS px.

    With `whole_boxes`, every box counts to its lower border; otherwise only leaves do,
    as a box split across pages reaches to the foot of the page whatever it holds.
    """
    box = page._page_box
    bottom, foot = box.content_box_y(), None
    stack = [root for root in box.children if type(root).__name__ != "MarginBox"]
    while stack:
        child = stack.pop()
        if _is_foot(child):
            foot = child.position_y if foot is None else min(foot, child.position_y)
            continue
        children = getattr(child, "children", None)
        if children:
            stack.extend(children)
        if (whole_boxes or not children) and child.position_y is not None:
            bottom = max(bottom, child.position_y + child.margin_height())
    return bottom, foot


def _used(page, whole_boxes: bool = False) -> float:
    """How much of a page's content area its flowing boxes fill, from the top, as a fraction of the area's height."""
    box = page._page_box
    return max(0.0, (_extent(page, whole_boxes)[0] - box.content_box_y()) / box.height)


def overflow(document, pages: int = 1) -> float:
    """How far the content runs past its last allowed page, in pages (0.0 when it fits): spilled height less that page's free space.

    On a checklist sheet the free space ends where the foot (completion block and footer) begins.
    """
    last = min(pages, len(document.pages)) - 1
    page = document.pages[last]._page_box
    exact = len(document.pages) <= pages
    bottom, foot = _extent(document.pages[last], whole_boxes=exact)
    limit = page.content_box_y() + page.height if foot is None else foot
    over = sum(_used(spilled) for spilled in document.pages[last + 1 :]) + (bottom - limit) / page.height
    return max(0.0, over) if exact else max(0.01, over)


def preview_png(pdf_bytes: bytes, width: int = PREVIEW_WIDTH) -> bytes:
    """A PNG of the first page, `width` pixels wide, greyscale with a thin edge (small and deterministic)."""
    import pypdfium2
    from PIL import ImageDraw

    document = pypdfium2.PdfDocument(pdf_bytes)
    try:
        page = document[0]
        image = page.render(scale=width / page.get_width(), grayscale=True).to_pil().convert("L")
    finally:
        document.close()
    ImageDraw.Draw(image).rectangle((0, 0, image.width - 1, image.height - 1), outline=150)  # the paper's edge
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)  # "optimize" makes it 3% smaller and 8 times slower
    return out.getvalue()


def render_sheet_job(job: SheetJob) -> SheetResult:
    """Lay one sheet out once; when it fits its pages, its PDF on each paper and a preview if asked (runs in a worker)."""
    document = layout(job.html, job.css, job.base_url)
    result = SheetResult(pages=len(document.pages), overflow=overflow(document, job.pages))
    if result.pages > job.pages or result.overflow > 0:
        result.parts = part_heights(document)  # for the message: which part grew (fit.py)
        return result
    shared = write_pdf(document)
    result.pdfs = {paper: on_paper(shared, paper) for paper in PAPERS}
    if job.preview:
        result.png = preview_png(result.pdfs["a4"])
    return result
