"""The site settings (data/site.yml): where the site and its repository live, its name and licence."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Kind, LoadContext


@dataclass
class Site:
    """Where the site and its repository live."""

    name: str
    site_url: str
    repo_url: str
    branch: str
    licence: str
    licence_url: str
    shift_hours: int = 8  # checklists with ticks_reset: shift clear their ticks this long after the first tick

    def edit_url(self, repo_path: str) -> str:
        """The web address to edit a file of the repository."""
        return f"{self.repo_url}/edit/{self.branch}/{repo_path}"

    def page_url(self, url_path: str) -> str:
        """The published address of a page, from its site-relative URL."""
        return self.site_url + url_path.lstrip("/")

    def export_header(self, kind: str, version: int) -> dict:
        """The header every JSON export starts with."""
        return {
            "format": f"mileposts-{kind}",
            "version": version,
            "site": self.site_url,
            "licence": self.licence,
            "licence_url": self.licence_url,
        }


class SettingsKind(Kind):
    """data/site.yml, read by every page, printable and export."""

    name = "site"
    files = ("data/site.yml",)
    schema = "site.schema.json"

    def load(self, context: LoadContext) -> Site | None:
        """The settings, or None when the file failed its schema."""
        parsed = context.file(self.files[0], self.schema)
        return Site(**parsed.data) if parsed.valid and isinstance(parsed.data, dict) else None


KIND = SettingsKind()
