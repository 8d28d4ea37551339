"""The worksheets (data/worksheets/<id>.yml, one file per worksheet): templates to print and fill in.

A log, a scorecard or a map is a table (columns, and blank rows or labelled ones); a
promise card is a few fields on several cards to a page. Each gets a web page (how to use
it, the sheet itself, an invented example), a one-page sheet for A4 and US Letter with a
preview and a card on the printables page, and, for a log, a CSV file with its columns
to keep it in a spreadsheet instead.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from ..core.links import Linker, link, page_url
from ..core.problems import Problem
from ..core.rules import date_problem, verb_problem
from ..core.tags import tag_label
from ..core.templates import render
from ..core.yamldata import YamlFile
from ..printing.pdf import metadata_date
from ..printing.printable import PAPERS, PREVIEW, Listing, Printable
from .base import GeneratedPage, Kind, LoadContext, Marker, PageContext, Playbook
from .sources import known_source_problems

FILES = "data/worksheets/*.yml"
INDEX = "worksheets/index.md"
LAYOUT_FIELDS = {"table": ("columns", "rows", "example", "csv"), "cards": ("fields", "cards_per_page")}  # the fields each layout uses
LAYOUT_NEEDS = {"table": ("columns", "rows"), "cards": ("fields",)}  # ... and those it cannot do without
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheets read as a formula at a cell's start (OWASP)
ROWS_MM = 160.0  # the height a table's rows share on the sheet, under its header and above its foot
CARDS_MM = 160.0  # the height the rows of cards share


@dataclass(frozen=True)
class Column:
    """A table's column: its heading, what to write in it, and its share of the width (1 to 4)."""

    name: str
    hint: str | None = None
    width: int = 1


@dataclass(frozen=True)
class CardField:
    """A field on a card: its label and how many lines to write on."""

    label: str
    lines: int = 1


@dataclass
class Worksheet:
    """One worksheet, loaded from data/worksheets/<id>.yml."""

    id: str
    path: str
    title: str
    summary: str
    when: str
    use: list[str]
    layout: str
    audience: list[str]
    tags: list[str]
    sources: list[str]
    reviewed: str
    columns: list[Column] = field(default_factory=list)
    rows: int | list[str] = 0
    fields: list[CardField] = field(default_factory=list)
    cards_per_page: int = 4
    example: list[list[str]] = field(default_factory=list)
    csv: bool = False

    @property
    def page(self) -> str:
        """The docs path of its page."""
        return f"worksheets/{self.id}.md"

    @property
    def labels(self) -> list[str]:
        """Audience and tag labels, as the tags index shows them."""
        return [tag_label(a) for a in self.audience] + [tag_label(t) for t in self.tags]

    @property
    def row_labels(self) -> list[str]:
        """The label of each row ('' for blank rows)."""
        return list(self.rows) if isinstance(self.rows, list) else [""] * self.rows

    @property
    def labelled(self) -> bool:
        """Whether its rows are labelled (the first column then holds the labels)."""
        return isinstance(self.rows, list)

    @property
    def shares(self) -> list[float]:
        """Each column's share of the table's width, in per cent (from its width, 1 to 4)."""
        weights = [column.width for column in self.columns]
        return [round(100 * w / sum(weights), 2) for w in weights]

    @property
    def row_mm(self) -> float:
        """The printed height of a table's row: the rows share what the page leaves, but are never under 8 mm to write in."""
        return round(min(max(ROWS_MM / len(self.row_labels), 8.0), 34.0), 1)

    @property
    def card_grid(self) -> tuple[int, int]:
        """Cards per printed row and rows of cards: two cards stack full width, more go two abreast."""
        across = 1 if self.cards_per_page == 2 else 2
        return across, self.cards_per_page // across

    @property
    def card_mm(self) -> float:
        """The printed height of a card: the rows of cards share what the page leaves."""
        return round(CARDS_MM / self.card_grid[1], 1)

    @property
    def export(self) -> str:
        """Where its CSV is published."""
        return f"worksheets/{self.id}.csv"

    def outputs(self) -> dict[str, str]:
        """Where its printables are published."""
        return {paper: f"pdf/worksheets/{self.id}-{paper}.pdf" for paper in PAPERS} | {PREVIEW: f"pdf/previews/worksheets/{self.id}.png"}


def _shape_problems(parsed: YamlFile, raw: dict) -> list[Problem]:
    """What a layout needs: a table its columns and rows, cards their fields; example rows as wide as the table."""
    problems = []
    layout = raw["layout"]
    for other, names in LAYOUT_FIELDS.items():
        for name in names:
            if other == layout and name in LAYOUT_NEEDS[layout] and name not in raw:
                message = f"expected the field '{name}' for a worksheet laid out as {layout}, found it missing"
                problems.append(parsed.problem((name,), message, field_text=name))
            elif other != layout and name in raw:
                message = f"expected no '{name}' on a worksheet laid out as {layout} (it is for {other}), found one; remove it"
                problems.append(parsed.problem((name,), message))
    columns, example = raw.get("columns"), raw.get("example")
    if not isinstance(columns, list) or not isinstance(example, list):
        return problems
    width = len(columns)
    for i, row in enumerate(example):
        if isinstance(row, list) and len(row) != width:
            problems.append(parsed.problem(("example", i), f"expected one text for each of the {width} columns, found {len(row)}"))
    return problems


def _worksheet(relative: str, raw: dict) -> Worksheet:
    """A valid worksheet file as a record, its columns and fields typed."""
    columns = [Column(**c) for c in raw.get("columns", [])]
    fields = [CardField(**f) for f in raw.get("fields", [])]
    rest = {k: v for k, v in raw.items() if k not in ("columns", "fields")}
    return Worksheet(id=Path(relative).stem, path=relative, columns=columns, fields=fields, **rest)


class WorksheetsKind(Kind):
    """One file per worksheet; the fields its layout needs; sources known; steps of use start with a verb."""

    name = "worksheets"
    files = (FILES,)
    schema = "worksheet.schema.json"

    def load(self, context: LoadContext) -> dict[str, Worksheet] | None:
        """Every worksheet by id (None if one is invalid)."""
        worksheets: dict[str, Worksheet] = {}
        valid = True
        for relative in context.listed.get(FILES, []):
            parsed = context.file(relative, self.schema)
            raw = parsed.data if isinstance(parsed.data, dict) else {}
            known_source_problems(context, parsed, ("sources",), raw.get("sources"))
            message = date_problem(raw.get("reviewed"))
            if message:
                context.problems.append(parsed.problem(("reviewed",), message))
            steps = raw.get("use")
            for i, step in enumerate(steps if isinstance(steps, list) else []):
                message = verb_problem(step) if isinstance(step, str) else None
                if message:
                    context.problems.append(parsed.problem(("use", i), message))
            shape = _shape_problems(parsed, raw) if raw.get("layout") in ("table", "cards") else []
            context.problems.extend(shape)
            if not parsed.valid or shape:
                valid = False
                continue
            if not Path(relative).stem.startswith("_"):
                worksheets[Path(relative).stem] = _worksheet(relative, raw)
        return worksheets if valid else None

    def pages(self, playbook: Playbook, context: PageContext) -> list[GeneratedPage]:
        """A page per worksheet (the index links them), and the worksheets index."""
        pages = []
        for sheet in in_order(playbook.worksheets):
            url = Linker.from_page(sheet.page, context.directory_urls)
            fragment = Markup(render("worksheets/fragment.html", **fragment_context(playbook, sheet, url, pdf_links=True)))
            markdown = render("worksheets/page.md", sheet=sheet, fragment=fragment, site=playbook.site)
            pages.append(GeneratedPage(sheet.page, markdown, sheet.path, in_nav=False, sources_box=False, from_record=True))
        index = render("worksheets/index.md", sheets=in_order(playbook.worksheets), site=playbook.site)
        return [*pages, GeneratedPage(INDEX, index, "scripts/mileposts/templates/worksheets/index.md")]

    def citations(self, playbook: Playbook) -> list[tuple[str, str, str]]:
        """Each worksheet, under each article it builds on."""
        return [(s, f"{w.title} (worksheet)", w.page) for w in in_order(playbook.worksheets) for s in w.sources]

    def printables(self, playbook: Playbook) -> list[Printable]:
        """A one-page sheet per worksheet, with a preview and a card on the printables page."""
        return [
            Printable(
                name=f"worksheet-{sheet.id}",
                source=sheet.path,
                html=functools.partial(sheet_html, playbook, sheet),
                outputs=sheet.outputs(),
                what="the worksheet",
                advice="use fewer rows, columns or cards",
                data_files=(sheet.path, "data/site.yml"),
                listing=Listing(
                    sheet.title, sheet.summary, sheet.when, sheet.page, f"Preview of the printed worksheet “{sheet.title}”", "Worksheets"
                ),
            )
            for sheet in in_order(playbook.worksheets)
        ]

    def markers(self) -> dict[str, Marker]:
        """`worksheets ids="a b"`: cards linking to those worksheets."""
        return {"worksheets": Marker(worksheets_marker, frozenset({"ids"}))}

    def exports(self, playbook: Playbook) -> dict[str, str]:
        """A CSV file with the columns of each worksheet that asks for one (to keep the log in a spreadsheet)."""
        files = {}
        for sheet in in_order(playbook.worksheets):
            if sheet.csv:
                out = io.StringIO()
                csv.writer(out, lineterminator="\r\n").writerow([spreadsheet_text(column.name) for column in sheet.columns])
                files[sheet.export] = "\ufeff" + out.getvalue()  # the mark that makes Excel read it as UTF-8
        return files


def worksheets_marker(attributes: dict[str, str], src: str, playbook: Playbook) -> str:
    """Cards for the worksheets a marker names; ValueError saying what is wrong with it."""
    ids = attributes.get("ids", "").split()
    unknown = [i for i in ids if i not in playbook.worksheets]
    if not ids or unknown:
        raise ValueError(
            f"expected worksheet ids from data/worksheets/ ({', '.join(sorted(playbook.worksheets))}), found {' '.join(unknown) or 'none'}"
        )
    return render("worksheets/cards.md", sheets=[playbook.worksheets[i] for i in ids], href=lambda w: link(src, w.page))


def spreadsheet_text(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: one that would start a formula (= + - @, tab, return) gets a leading '."""
    return "'" + text if text[:1] in FORMULA_STARTS else text


def in_order(worksheets: dict[str, Worksheet]) -> list[Worksheet]:
    """Worksheets by title, as the index and the printables page list them."""
    return sorted(worksheets.values(), key=lambda w: w.title.lower())


def fragment_context(playbook: Playbook, sheet: Worksheet, url: Linker, pdf_links: bool) -> dict:
    """What templates/worksheets/fragment.html needs: shared by the web page and the printed sheet."""
    return {
        "sheet": sheet,
        "sources": [playbook.sources[s] for s in sheet.sources],
        "url": url,
        "online_url": playbook.site.page_url(page_url(sheet.page)),
        "site": playbook.site,
        "pdf_links": pdf_links,
    }


def sheet_html(playbook: Playbook, sheet: Worksheet) -> str:
    """The standalone HTML of a worksheet's printable sheet (both papers)."""
    url = Linker(playbook.site.site_url)
    context = fragment_context(playbook, sheet, url, pdf_links=False)
    return render("worksheets/sheet.html", **context, date=metadata_date(sheet.reviewed))


KIND = WorksheetsKind()
