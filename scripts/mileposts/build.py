"""One build of the playbook: data loaded once, pages generated once, shared by every page.

Site generators (the MkDocs hook today, another tool tomorrow) drive this
class; it knows nothing about any of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .frontmatter import DocPage, read_docs
from .history import git_dates, human_date, last_updated
from .load import load_playbook
from .markers import expand_markers, sources_box
from .model import Playbook
from .pages import GeneratedPage, abbreviations, generated_pages


@dataclass
class Output:
    """A file made outside docs/ (a PDF, an image) to publish at `path` in the site."""

    path: str
    abs_path: Path


@dataclass
class SiteBuild:
    """The loaded playbook, the hand-written pages' front matter, and the generated pages."""

    root: Path
    playbook: Playbook
    docs: dict[str, DocPage]
    generated: dict[str, GeneratedPage]
    directory_urls: bool = True
    outputs: list[Output] = field(default_factory=list)
    dates: dict[str, str] | None = None

    @classmethod
    def load(cls, root: Path, docs_dir: Path, directory_urls: bool = True) -> SiteBuild:
        """Load and check data and docs front matter, and generate the data pages."""
        playbook = load_playbook(root)
        docs = read_docs(docs_dir)
        generated = generated_pages(playbook, docs, directory_urls)
        return cls(root, playbook, docs, generated, directory_urls)

    def extra_outputs(self) -> list[Output]:
        """Files to publish besides pages (PDFs and their previews, once rendered)."""
        return self.outputs

    def updated(self, repo_path: str) -> str:
        """When a page's source file last changed, for the page footer ('' if unknown)."""
        if self.dates is None:
            self.dates = git_dates(self.root)
        iso = last_updated(self.root, repo_path, self.dates)
        return human_date(iso) if iso else ""

    def finish_markdown(self, markdown: str, src: str, meta: dict, is_generated: bool) -> str:
        """A page's final Markdown: markers expanded, sources box and glossary tooltips appended."""
        if not is_generated:
            markdown = expand_markers(markdown, src, self.playbook)
        is_checklist = is_generated and src.startswith("checklists/") and src != "checklists/index.md"
        if meta.get("sources") and not is_checklist:
            markdown += "\n" + sources_box(meta["sources"], src, self.playbook)
        return markdown + abbreviations(self.playbook)
