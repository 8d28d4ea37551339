"""One laid-out PDF published on each paper size: the page boxes grown around the same page, nothing laid out or drawn again.

A sheet is laid out once on the area A4 and US Letter share (pdf.py); here that very
PDF is written once per paper, its page boxes centred on the paper, identified by a hash
of its content (no randomness). A PDF WeasyPrint has just made is written again from its
own objects (pydyf); any other (a pack, joined by pypdf) is read once for both papers.
No module here imports MkDocs.
"""

from __future__ import annotations

import hashlib
import importlib
import io
from dataclasses import dataclass
from typing import Any

from .printable import PAPERS


@dataclass(frozen=True)
class Paper:
    """A paper size: its slug (used in file names), its name, and its size in PDF points."""

    slug: str
    name: str
    width: float
    height: float


PAPER_SIZES = {"a4": Paper("a4", "A4", 595.28, 841.89), "letter": Paper("letter", "US Letter", 612.0, 792.0)}


class _Written:
    """A PDF as WeasyPrint built it (pydyf objects), kept to write it again on each paper.

    Each stream is compressed once, when first written (pydyf would compress it on every
    write, and once more for the identifier), and each page's boxes are remembered as they were.
    """

    def __init__(self, pdf):
        stream = importlib.import_module("pydyf").Stream
        for thing in pdf.objects:
            if isinstance(thing, stream):
                thing.__class__ = _frozen(type(thing))
        self.pdf, self.objects = pdf, list(pdf.objects)  # before writing adds the info, object and xref streams
        self.pages = [self.objects[number] for number in pdf.pages["Kids"][::3]]
        self.boxes = [list(page["MediaBox"]) for page in self.pages]
        self.left = set(PAPER_SIZES)

    def on_paper(self, paper: str) -> bytes:
        """The PDF with the paper's page boxes, identified by a hash of its objects (WeasyPrint's pdf_identifier)."""
        array = importlib.import_module("pydyf").Array
        for page, box in zip(self.pages, self.boxes, strict=True):
            page["MediaBox"] = array(_paper_box(box, paper))
            for name in BOXES:
                if name in page:
                    page[name] = page["MediaBox"]
        self.pdf.objects = list(self.objects)  # writing appends objects: start from the same ones each time
        self.pdf.current_position, self.pdf.xref_position = 0, None
        out = io.BytesIO()
        self.pdf.write(out, None, True, True)  # PDF 1.7, compressed, as WeasyPrint writes it
        return out.getvalue()


class _Cloned:
    """Any PDF, read and cloned by pypdf once, to write it on each paper."""

    def __init__(self, pdf_bytes: bytes):
        from pypdf import PdfReader, PdfWriter

        self.writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes)))
        self.boxes = [list(page.mediabox) for page in self.writer.pages]
        self.pdf_bytes, self.left = pdf_bytes, set(PAPER_SIZES)

    def on_paper(self, paper: str) -> bytes:
        return _written_on(self.writer, self.boxes, paper, self.pdf_bytes)


def on_papers(writer: Any, seed: bytes, papers: tuple[str, ...] = PAPERS) -> dict[str, bytes]:
    """A document pypdf is writing, written once on each paper (page boxes centred on each page), identified from `seed`."""
    boxes = [list(page.mediabox) for page in writer.pages]
    return {paper: _written_on(writer, boxes, paper, seed) for paper in papers}


def _written_on(writer: Any, boxes: list, paper: str, seed: bytes) -> bytes:
    """`writer`'s document with each page's box (as in `boxes`) grown or shrunk to `paper`, its identifier a hash of `seed`."""
    from pypdf.generic import ArrayObject, ByteStringObject, NameObject, RectangleObject

    for page, box in zip(writer.pages, boxes, strict=True):
        paper_box = RectangleObject(_paper_box(box, paper))
        page.mediabox = paper_box
        for name in BOXES:
            if "/" + name in page:
                page[NameObject("/" + name)] = paper_box
    identifier = ByteStringObject(hashlib.md5(seed + paper.encode(), usedforsecurity=False).digest())
    writer._ID = ArrayObject([identifier, identifier])  # from the content, as WeasyPrint does: no randomness
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_FROZEN: dict[type, type] = {}


def _frozen(stream_class: Any) -> type:
    """A subclass of a pydyf stream class whose bytes are made (and compressed) once, then kept."""
    if stream_class not in _FROZEN:

        class Frozen(stream_class):
            @property
            def data(self) -> bytes:
                if "_data" not in self.__dict__:
                    self.__dict__["_data"] = stream_class.data.fget(self)
                return self.__dict__["_data"]

        _FROZEN[stream_class] = Frozen
    return _FROZEN[stream_class]


_kept: dict[bytes, _Written | _Cloned] = {}  # PDFs on their way to each paper, until each paper has its copy


def _keep(pdf_bytes: bytes, kept: _Written | _Cloned) -> _Written | _Cloned:
    while len(_kept) >= 4:  # papers never asked for: forget the oldest
        del _kept[next(iter(_kept))]
    _kept[pdf_bytes] = kept
    return kept


def write_pdf(document) -> bytes:
    """The PDF bytes of a laid-out document, with an identifier derived from its content (no randomness).

    The PDF's objects are kept for a moment, so that `on_paper` writes them again with other
    page boxes instead of parsing the file and writing it out with pypdf (several times slower).
    """
    kept: list[_Written] = []
    data = document.write_pdf(pdf_identifier=True, finisher=lambda _, pdf: kept.append(_Written(pdf)))
    _keep(data, kept[0])
    return data


def _paper_box(box: list[float], paper: str) -> list[float]:
    """A page box [left, bottom, right, top] grown (or shrunk) to `paper`, around its centre."""
    size = PAPER_SIZES[paper]
    left, bottom, right, top = (float(edge) for edge in box)
    dx, dy = (size.width - (right - left)) / 2, (size.height - (top - bottom)) / 2
    return [left - dx, bottom - dy, right + dx, top + dy]


BOXES = ("CropBox", "BleedBox", "TrimBox")  # set to the MediaBox, where a page has them


def on_paper(pdf_bytes: bytes, paper: str) -> bytes:
    """The same PDF on `paper`: each page box grown (or shrunk) around its page, centred; nothing is drawn again.

    A PDF write_pdf just made is written again from its objects; any other is read once for
    both papers. Either is forgotten once it has been asked for on each paper.
    """
    kept = _kept.get(pdf_bytes) or _keep(pdf_bytes, _Cloned(pdf_bytes))
    data = kept.on_paper(paper)
    kept.left.discard(paper)
    if not kept.left:
        _kept.pop(pdf_bytes, None)
    return data
