"""One build of the playbook: data and pages loaded and checked once, every page finished the same way for every site tool.

`finished(src)` is a page exactly as a site tool should read it: front matter (title and
description escaped, the edit link and the "last updated" date added) and the Markdown
with markers expanded, sources box and first-use glossary tooltips. `mileposts stage`
writes these to disk for any MkDocs-compatible engine; the MkDocs hook hands the very same
text to MkDocs from memory. This module knows no site tool and no kind by name.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..core.history import git_dates, human_date, last_updated
from ..core.inline import front_matter_text
from ..core.links import page_url
from ..core.problems import DataError, Problem
from ..core.repopaths import checked_files
from ..kinds.base import GeneratedPage, Playbook
from ..kinds.playbook import load_playbook
from ..printing.pdf import enabled as pdf_enabled
from ..printing.pdf import placeholders_only
from ..printing.run import PrintablesRun, PrintSet, planned_paths
from .frontmatter import DocPage, read_pages, split_front_matter
from .markers import expand_markers
from .offline import point_download_online
from .outputs import claim_problems, generated_claims
from .pagechecks import check_pages
from .pages import PageFinisher, exports, generated_pages, print_set
from .search import keywords_by_url, load_keywords, load_synonyms, page_descriptions, template_keywords
from .snippets import include_snippets

_LOADED: dict[Path, SiteBuild] = {}  # the last project this process loaded and checked: its fork builds the offline copy from it


def _collect(action, problems: list[Problem]):
    """action(), or None with its DataError's problems added to `problems`."""
    try:
        return action()
    except DataError as error:
        problems.extend(error.problems)
        return None


@dataclass
class SiteBuild:
    """The loaded playbook, the hand-written pages, the generated pages, and everything else the site publishes."""

    root: Path
    playbook: Playbook
    docs: dict[str, DocPage]
    generated: dict[str, GeneratedPage]
    directory_urls: bool = True
    keywords: dict[str, list[str]] = field(default_factory=dict)
    offline: bool = False
    dates: dict[str, str] | None = None
    docs_dir: Path | None = None
    pid: int = field(default_factory=os.getpid)  # the process that loaded it (see for_offline_copy)

    @classmethod
    def load(cls, root: Path, docs_dir: Path, directory_urls: bool = True) -> SiteBuild:
        """Load and check data and pages, and generate the data pages; DataError lists every problem, data and pages alike."""
        root = Path(root)
        problems: list[Problem] = []
        playbook = _collect(lambda: load_playbook(root), problems)
        docs, page_problems = read_pages(docs_dir, root)
        problems += page_problems + (checked_files(root, root / "overrides")[1] if (root / "overrides").is_dir() else [])
        if playbook is None:
            raise DataError(problems)
        for page in docs.values():  # every page's snippet and marker problems at once, not the first page's only
            first = page.line_of(page.body)
            _collect(lambda page=page, first=first: include_snippets(page.body, root, page.src, first), problems)
            _collect(lambda page=page, first=first: expand_markers(page.body, page.src, playbook, first), problems)
        pages = generated_pages(playbook, docs, directory_urls, pdfs=pdf_enabled() and not placeholders_only())
        problems += check_pages(root, playbook, docs, {page.src for page in pages})
        printed = print_set(playbook)
        sources = {path: source for path, (_, source) in exports(playbook).items()}
        claims = generated_claims(pages, printed.printables, sources, printed.packs) + _docs_claims(Path(docs_dir))
        problems += claim_problems(claims)
        build = cls(root, playbook, docs, {page.src: page for page in pages}, directory_urls, docs_dir=Path(docs_dir).resolve())
        generated_words = template_keywords({page.src: page.markdown for page in pages})
        build.keywords = _collect(lambda: load_keywords(root, docs, set(build.generated), generated_words), problems) or {}
        if problems:
            raise DataError(problems)
        _LOADED.clear()
        _LOADED[root.resolve()] = build
        return build

    @classmethod
    def for_offline_copy(cls, root: Path, docs_dir: Path) -> SiteBuild | None:
        """In a fork of a process that loaded this project, the offline copy's build: the data and pages as loaded and
        checked there, only the generated pages made again (with file URLs); None when this process is not such a fork."""
        parent = _LOADED.get(Path(root).resolve())
        if parent is None or parent.pid == os.getpid() or parent.docs_dir != Path(docs_dir).resolve():
            return None
        pages = generated_pages(parent.playbook, parent.docs, False, pdfs=pdf_enabled() and not placeholders_only())
        generated = {page.src: page for page in pages}
        return dataclasses.replace(parent, generated=generated, directory_urls=False, offline=True, pid=os.getpid(), dates=None)

    # ------------------------------------------------------------------ pages

    def sources(self) -> list[str]:
        """Every page's docs path: hand-written pages, then generated ones."""
        return [*self.docs, *self.generated]

    def finished(self, src: str) -> str:
        """The page at docs path `src` as a site tool should read it: finished front matter and Markdown."""
        generated = self.generated.get(src)
        if generated is not None:
            meta, body = split_front_matter(generated.markdown)
            edit_path = generated.edit_path
        else:
            page = self.docs[src]
            body = include_snippets(page.body, self.root, src, page.line_of(page.body))
            meta, body = dict(page.meta), expand_markers(body, src, self.playbook, page.line_of(page.body))
            edit_path = meta.get("edit_path", f"docs/{src}")
        body = PageFinisher(self.playbook)(body, src, meta, generated)
        if self.offline:
            body = point_download_online(body, self.playbook.site.site_url)
        return _front_matter(self._finished_meta(meta, edit_path)) + body

    def _finished_meta(self, meta: dict, edit_path: str) -> dict:
        """The front matter a site tool reads: title and description escaped, the edit link and the last-updated date."""
        meta = dict(meta)
        for key in ("title", "description"):  # the theme prints these as they are: no < > " may reach it
            if isinstance(meta.get(key), str):
                meta[key] = front_matter_text(meta[key])
        meta.pop("edit_path", None)
        meta["edit_url"] = self.playbook.site.edit_url(edit_path)
        updated = self.updated(edit_path)
        if updated:
            meta["revision_date"] = f"Last updated {updated}"
        return meta

    def updated(self, repo_path: str) -> str:
        """When a page's source file last changed, for the page footer ('' if unknown)."""
        if self.dates is None:
            self.dates = git_dates(self.root)
        iso = last_updated(self.root, repo_path, self.dates)
        return human_date(iso) if iso else ""

    def nav_hidden(self) -> list[str]:
        """The generated pages kept out of the navigation (an index links them)."""
        return sorted(src for src, page in self.generated.items() if not page.in_nav)

    # ------------------------------------------------------------------ other files

    def data_exports(self) -> dict[str, str]:
        """checklists.json, quotes.json and every other kind's exports, keyed by their path in the site."""
        return {path: content for path, (content, _) in exports(self.playbook).items()}

    def print_set(self) -> PrintSet:
        """Every printable and the trainer pack."""
        return print_set(self.playbook)

    def start_printables(self) -> PrintablesRun | None:
        """Start rendering every PDF and preview the cache lacks, in the background; None when MILEPOSTS_PDF=0 or =placeholders."""
        if not pdf_enabled() or placeholders_only():
            return None
        return PrintablesRun(self.print_set(), self.root)

    def printable_paths(self) -> list[str]:
        """The site paths of every PDF and preview (known without rendering anything); none when MILEPOSTS_PDF=0."""
        return planned_paths(self.print_set()) if pdf_enabled() else []

    def search_keywords(self) -> dict[str, list[str]]:
        """Each page's everyday search words, keyed by its location in the search index."""
        return keywords_by_url(self.keywords, self.directory_urls)

    def search_descriptions(self) -> dict[str, str]:
        """Each page's description (its summary in the page's own words), keyed by its location in the search index."""
        found = page_descriptions(self.docs, {src: page.markdown for src, page in self.generated.items()})
        return {page_url(src, self.directory_urls): text for src, text in found.items()}

    def search_synonyms(self) -> list[list[str]]:
        """The synonym groups of data/search.yml, for the search worker."""
        return load_synonyms(self.root)


def _docs_claims(docs_dir: Path):
    """Every hand-written file's address: a generated page, printable or export must not replace it."""
    from .outputs import HAND_WRITTEN, Claim

    files = sorted(p for p in docs_dir.rglob("*") if p.is_file() and not p.name.startswith("."))
    return [
        Claim(p.relative_to(docs_dir).as_posix(), f"docs/{p.relative_to(docs_dir).as_posix()}", "a hand-written file", HAND_WRITTEN)
        for p in files
    ]


def _front_matter(meta: dict) -> str:
    """Front matter for a finished page: YAML that reads back as `meta` exactly."""
    if not meta:
        return ""
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000) + "---\n\n"
