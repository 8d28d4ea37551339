"""What a kind of content is: its data files and schema, how it loads, and what it adds to the site and to print.

A kind is one module with one `Kind` subclass, registered in kinds/__init__.py. The
generic code (loading, page building, printing, exports, claims on addresses) asks each
registered kind in turn and knows none of them by name. A kind only overrides what it has:

- `files` and `schema`: the data files it reads and the JSON Schema they follow;
- `load`: its records from those files, adding every problem to the context;
- `pages`: the Markdown pages it generates; `printables`: the sheets it prints; `packs`:
  files that join printables (a session kit with the checklists it uses);
- `exports`: files such as checklists.json; `markers`: the `<!-- mileposts:NAME -->`
  markers it expands in hand-written pages; `finish_page`: what it adds to every page
  (a sources box, glossary tooltips).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.problems import Problem
from ..core.yamlfile import YamlFile

if TYPE_CHECKING:
    from ..printing.printable import Pack, Printable


@dataclass
class GeneratedPage:
    """A page that exists only in the build: its Markdown and the repository file to edit for it."""

    src: str
    markdown: str
    edit_path: str
    in_nav: bool = True  # False for pages reached from an index (one per checklist), kept out of the navigation
    sources_box: bool = True  # False where the page shows its sources itself
    from_record: bool = False  # its address comes from a record's id (a checklist's page), not fixed by its kind


@dataclass
class PageContext:
    """What a kind needs to write its pages: the hand-written pages' front matter, and the URL style."""

    docs: dict[str, Any]  # docs path -> site.frontmatter.DocPage
    directory_urls: bool = True
    pdfs: bool = True  # False when this build makes no PDFs (links to them are then plain HTML)
    citations: list[tuple[str, str, str]] = field(default_factory=list)  # (source id, title, docs path) from every kind


class Playbook:
    """Every kind's records, by kind name: `playbook.checklists`, `playbook.site`, `playbook.assessment` (None if absent)."""

    def __init__(self, records: dict[str, Any]):
        self.records = dict(records)

    def __getattr__(self, name: str) -> Any:
        records = self.__dict__.get("records", {})
        if name in records:
            return records[name]
        raise AttributeError(f"the playbook has no kind of content called {name!r}")

    def replace(self, **records: Any) -> Playbook:
        """A copy with some kinds' records replaced (tests and partial renders)."""
        return Playbook({**self.records, **records})


@dataclass
class LoadContext:
    """One load of the playbook: the repository, every problem found so far, and the records of kinds loaded before."""

    root: Path
    problems: list[Problem]
    records: dict[str, Any] = field(default_factory=dict)
    read: Callable[[str, str], YamlFile] | None = None  # read(relative path, schema name): parse and check one file
    listed: dict[str, list[str]] = field(default_factory=dict)  # a kind's "data/x/*.yml" -> the files found, well named

    def file(self, relative: str, schema: str) -> YamlFile:
        """Parse and check one data file against its schema (problems go to self.problems)."""
        assert self.read is not None
        return self.read(relative, schema)

    def listed_ids(self, pattern: str) -> list[str]:
        """The ids (file names without .yml) of the files found for `pattern`."""
        return [Path(relative).stem for relative in self.listed.get(pattern, [])]


def entries(parsed: YamlFile) -> list[tuple[int, dict]]:
    """The mapping entries of a list file, with their positions (entries of the wrong shape are the schema's to report)."""
    data = parsed.data if isinstance(parsed.data, list) else []
    return [(i, entry) for i, entry in enumerate(data) if isinstance(entry, dict)]


MarkerHandler = Callable[[dict[str, str], str, Playbook], str]  # (attributes, page src, playbook) -> Markdown; ValueError if bad


@dataclass(frozen=True)
class Marker:
    """A `<!-- mileposts:NAME key="value" -->` marker: what expands it, and the attributes it takes."""

    expand: MarkerHandler
    attributes: frozenset[str]


class Kind:
    """One kind of content. Subclasses set the class attributes and override what they have."""

    name: str = ""  # the records' name on the Playbook, e.g. "checklists"
    files: tuple[str, ...] = ()  # data files, relative to the root; "data/checklists/*.yml" for one file per record
    schema: str = ""  # the JSON Schema in data/schemas/ every file follows
    optional: bool = False  # the files may be missing (the kind then has no records: None)

    def load(self, context: LoadContext) -> Any:
        """The records from this kind's files (None if a file failed its schema); problems go to the context."""
        raise NotImplementedError

    def pages(self, playbook: Playbook, context: PageContext) -> list[GeneratedPage]:
        """The pages this kind generates."""
        return []

    def citations(self, playbook: Playbook) -> list[tuple[str, str, str]]:
        """(source id, title, docs path) for each of this kind's pages that draws on a source (the sources page lists them)."""
        return []

    def printables(self, playbook: Playbook) -> list[Printable]:
        """The sheets this kind prints (each laid out once, published on A4 and US Letter)."""
        return []

    def packs(self, playbook: Playbook) -> list[Pack]:
        """Files joining several printables (of any kind) for one purpose, such as a session kit's pack."""
        return []

    def exports(self, playbook: Playbook) -> dict[str, str]:
        """Files published at the site's root, such as checklists.json, keyed by their path."""
        return {}

    def markers(self) -> dict[str, Marker]:
        """The markers this kind expands in hand-written pages, by name."""
        return {}

    counted_as: str | None = None  # how `validate` counts the records ("glossary terms"); None: by the kind's name

    def count(self, records: Any) -> str:
        """'12 checklists' for `validate`'s summary ('' for a kind whose records are not a collection)."""
        if not isinstance(records, list | dict):
            return ""
        return f"{len(records)} {self.counted_as or self.name}"

    def finish_page(self, markdown: str, src: str, meta: dict, page: GeneratedPage | None, playbook: Playbook) -> str:
        """Add to any page's final Markdown (a sources box, tooltips); `page` is None for a hand-written page."""
        return markdown
