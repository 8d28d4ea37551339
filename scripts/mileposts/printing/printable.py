"""What a kind hands the printing engine: a printable sheet, and the typed jobs and results of the workers that lay it out.

The engine knows no kind. A kind describes each of its sheets as a `Printable`: the
standalone HTML (rendered on demand), where each paper's PDF and the preview go, what
to say when it does not fit, and, when it belongs there, its entry in the trainer pack
and its card on the printables page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.problems import Problem

PAPERS = ("a4", "letter")
PREVIEW = "preview"


@dataclass(frozen=True)
class PackEntry:
    """A printable's line in the trainer pack's contents."""

    title: str
    when: str
    type_label: str
    reviewed: str  # YYYY-MM-DD: the cover says how recent the sheets are
    rank: int = 0  # the pack holds lower ranks first (session kits before checklists), each kind's own order kept


@dataclass(frozen=True)
class Listing:
    """A printable's card on the printables page: what it is, where its web page is, and its preview's alt text."""

    title: str
    summary: str
    when: str
    page: str  # docs path of its web page
    alt: str
    group: str = "Checklists"  # the printables page's heading it is listed under


@dataclass(frozen=True)
class Pack:
    """A file of several printables joined in order, with no cover (a session kit and the sheets it uses), on each paper."""

    name: str  # its cache name
    outputs: dict[str, str]  # "a4", "letter" -> its path in the site
    sheets: tuple[str, ...]  # the printables, in order: each a printable's name, or a data file for that file's (first) printable


@dataclass
class Printable:
    """One sheet, laid out once on the area A4 and US Letter share, published on both (and as a preview image).

    Most sheets are one page. A sheet of several (a two-page guide, a page per role-play card) sets `pages`: it
    may take up to that many, and in the trainer pack it always takes that many (blank pages make up the rest), so
    the contents' page numbers are known before anything is laid out.
    """

    name: str  # its cache name, and its anchor in the pack ("sheet-<name>")
    source: str  # the data file a problem names
    html: Callable[[], str]
    outputs: dict[str, str]  # "a4", "letter" (and "preview") -> its path in the site
    print_css: bool = True  # styled by docs/assets/print.css (else it carries its own styles)
    what: str = "the sheet"
    advice: str = "shorten it"
    data_files: tuple[str, ...] = ()  # the data files whose text it shows (checked against the installed fonts)
    cause: Callable[[Path, dict[str, float]], Problem | None] | None = None  # the text that made it grow, if not its own
    pack: PackEntry | None = None
    listing: Listing | None = None
    from_record: bool = True  # its name comes from a record's id (False for a kind's one fixed sheet)
    pages: int = 1


@dataclass(frozen=True)
class SheetJob:
    """What a worker lays out: one standalone HTML document and its stylesheet."""

    html: str
    css: str
    base_url: str
    preview: bool
    pages: int = 1  # the most pages it may take


@dataclass
class SheetResult:
    """A laid-out sheet: its PDF on each paper and its preview when it fits; how far over, and which parts grew, when not."""

    pages: int
    overflow: float
    pdfs: dict[str, bytes] = field(default_factory=dict)
    png: bytes | None = None
    parts: dict[str, float] = field(default_factory=dict)  # mm heights of the header and foot, when it does not fit

    @property
    def fits(self) -> bool:
        """Whether the sheet fits on its pages (its PDFs were made)."""
        return bool(self.pdfs)
