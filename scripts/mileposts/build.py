"""One build of the playbook: data loaded once, pages generated once, shared by every page.

Site generators (the MkDocs hook today, another tool tomorrow) drive this
class; it knows nothing about any of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .export import exports
from .frontmatter import DocPage, read_pages
from .history import git_dates, human_date, last_updated
from .load import load_playbook
from .markers import expand_markers, sources_box
from .model import Playbook
from .offline import point_download_online
from .pagechecks import check_pages
from .pages import GeneratedPage, abbreviation_glossary, abbreviations, generated_pages
from .pdf import enabled as pdf_enabled
from .pdf import placeholders_only
from .printables import PrintablesRun, planned_paths, start_printables
from .problems import DataError, Problem
from .search import keywords_by_url, load_keywords


def _collect(action, problems: list[Problem]):
    """action(), or None with its DataError's problems added to `problems`."""
    try:
        return action()
    except DataError as error:
        problems.extend(error.problems)
        return None


@dataclass
class SiteBuild:
    """The loaded playbook, the hand-written pages' front matter, and the generated pages."""

    root: Path
    playbook: Playbook
    docs: dict[str, DocPage]
    generated: dict[str, GeneratedPage]
    directory_urls: bool = True
    dates: dict[str, str] | None = None
    keywords: dict[str, list[str]] = field(default_factory=dict)
    offline: bool = False
    # False when the site generator gives the glossary to its Markdown abbreviation extension once
    # (see abbreviation_glossary) instead: parsing the definitions on every page costs a fifth of a build.
    append_abbreviations: bool = True

    @classmethod
    def load(cls, root: Path, docs_dir: Path, directory_urls: bool = True) -> SiteBuild:
        """Load and check data and docs front matter, and generate the data pages."""
        problems: list[Problem] = []
        playbook = _collect(lambda: load_playbook(root), problems)
        docs, page_problems = read_pages(docs_dir, root)
        problems += page_problems
        if playbook is None:
            raise DataError(problems)
        problems += check_pages(root, Path(docs_dir), playbook, docs)
        for page in docs.values():  # every page's marker problems at once, not the first page's only
            _collect(lambda page=page: expand_markers(page.body, page.src, playbook, page.line_of(page.body)), problems)
        generated = generated_pages(playbook, docs, directory_urls)
        build = cls(root, playbook, docs, generated, directory_urls)
        build.keywords = _collect(lambda: load_keywords(root, docs, set(generated)), problems) or {}
        if problems:
            raise DataError(problems)
        return build

    def start_printables(self) -> PrintablesRun | None:
        """Start rendering every PDF and preview the cache lacks, in the background; None when MILEPOSTS_PDF=0 or =placeholders."""
        if not pdf_enabled() or placeholders_only():
            return None
        return start_printables(self.playbook, self.root)

    def printable_paths(self) -> list[str]:
        """The site paths of every PDF and preview (known without rendering anything); none when MILEPOSTS_PDF=0."""
        return planned_paths(self.playbook) if pdf_enabled() else []

    def data_exports(self) -> dict[str, str]:
        """checklists.json and quotes.json (see export.py), keyed by their path in the site."""
        return exports(self.playbook)

    def search_keywords(self) -> dict[str, list[str]]:
        """Each page's everyday search words, keyed by its location in the search index."""
        return keywords_by_url(self.keywords, self.directory_urls)

    def updated(self, repo_path: str) -> str:
        """When a page's source file last changed, for the page footer ('' if unknown)."""
        if self.dates is None:
            self.dates = git_dates(self.root)
        iso = last_updated(self.root, repo_path, self.dates)
        return human_date(iso) if iso else ""

    def abbreviation_glossary(self) -> dict[str, str]:
        """Glossary terms and their tooltips, for a Markdown abbreviation extension's `glossary` option."""
        return abbreviation_glossary(self.playbook)

    def finish_markdown(self, markdown: str, src: str, meta: dict, is_generated: bool) -> str:
        """A page's final Markdown: markers expanded, sources box and glossary tooltips appended."""
        if not is_generated:
            page = self.docs.get(src)
            first_line = page.line_of(markdown) if page else 1
            markdown = expand_markers(markdown, src, self.playbook, first_line)
        is_checklist = is_generated and src.startswith("checklists/") and src != "checklists/index.md"
        if meta.get("sources") and not is_checklist:
            markdown += "\n" + sources_box(meta["sources"], src, self.playbook)
        if self.offline:
            markdown = point_download_online(markdown, self.playbook.site.site_url)
        return markdown + abbreviations(self.playbook) if self.append_abbreviations else markdown
