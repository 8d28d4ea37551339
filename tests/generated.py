"""Pages made from data, as the site builds them: a shortcut for tests that look at one generated page."""

from __future__ import annotations

from mileposts.kinds.base import Playbook
from mileposts.site.pages import generated_pages


def page_markdown(playbook: Playbook, src: str, directory_urls: bool = True, docs: dict | None = None) -> str:
    """The generated Markdown (before finishing) of the page at docs path `src`."""
    pages = {page.src: page for page in generated_pages(playbook, docs or {}, directory_urls)}
    return pages[src].markdown


def checklist_page(playbook: Playbook, checklist_id: str, directory_urls: bool = True) -> str:
    """The generated Markdown of one checklist's page."""
    return page_markdown(playbook, f"checklists/{checklist_id}.md", directory_urls)
