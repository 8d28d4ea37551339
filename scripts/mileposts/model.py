"""The playbook's records as plain Python objects, built from validated YAML."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .assessment import Assessment

AUDIENCES = {
    "frontline-staff": "Frontline staff",
    "team-leads": "Team leads",
    "managers": "Managers",
    "trainers": "Trainers",
}

TYPES = {
    "read-do": ("READ-DO", "Read each item, then do it, in order."),
    "do-confirm": ("DO-CONFIRM", "Do the work from memory, then pause and confirm every item."),
}


def tag_label(slug: str) -> str:
    """The label a reader sees for a tag slug: 'zero-mile' becomes 'Zero mile'."""
    return AUDIENCES.get(slug) or slug.replace("-", " ").capitalize()


def item_id(text: str) -> str:
    """A stable id for a checklist item, from its text: editing one item leaves the others' ids alone."""
    normal = re.sub(r"\s+", " ", text.strip().lower())
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()[:10]


@dataclass
class Source:
    """An article the playbook is written from, or a work one of them cites."""

    id: str
    title: str
    author: str | None
    organisation: str | None
    date: str | None
    note: str
    kind: str = "article"
    url: str | None = None
    cited_by: list[str] = field(default_factory=list)

    @property
    def credit(self) -> str:
        """'Author, Organisation' or whichever of them is known."""
        return ", ".join(x for x in (self.author, self.organisation) if x) or "author not named"


@dataclass
class Item:
    """One action on a checklist."""

    text: str
    note: str | None = None

    @property
    def id(self) -> str:
        """Stable id derived from the text."""
        return item_id(self.text)


@dataclass
class Section:
    """A titled group of items."""

    title: str
    items: list[Item]


@dataclass
class Checklist:
    """One checklist, loaded from data/checklists/<id>.yml."""

    id: str
    path: str
    title: str
    summary: str
    when: str
    type: str
    audience: list[str]
    tags: list[str]
    sources: list[str]
    reviewed: str
    sections: list[Section]

    @property
    def type_label(self) -> str:
        """READ-DO or DO-CONFIRM."""
        return TYPES[self.type][0]

    @property
    def type_help(self) -> str:
        """One line on how to use a checklist of this type."""
        return TYPES[self.type][1]

    @property
    def items(self) -> list[Item]:
        """Every item, in order, across sections."""
        return [item for section in self.sections for item in section.items]

    @property
    def labels(self) -> list[str]:
        """Audience and tag labels, as used by the tags index."""
        return [tag_label(a) for a in self.audience] + [tag_label(t) for t in self.tags]


@dataclass
class Quote:
    """A short, attributed quotation."""

    text: str
    author: str
    tags: list[str]
    source: str | None = None
    context: str | None = None


@dataclass
class Term:
    """A glossary term."""

    term: str
    definition: str
    link: str | None = None

    @property
    def anchor(self) -> str:
        """The term's anchor on the glossary page."""
        return self.anchor_for(self.term)

    @staticmethod
    def anchor_for(term: str) -> str:
        """The anchor a term gets: its letters and digits in ASCII ('Café' gives 'cafe'), joined by hyphens."""
        ascii_text = unicodedata.normalize("NFKD", term).encode("ascii", "ignore").decode("ascii")
        return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass
class Site:
    """Where the site and its repository live."""

    name: str
    site_url: str
    repo_url: str
    branch: str
    licence: str
    licence_url: str

    def edit_url(self, repo_path: str) -> str:
        """The web address to edit a file of the repository."""
        return f"{self.repo_url}/edit/{self.branch}/{repo_path}"

    def page_url(self, url_path: str) -> str:
        """The published address of a page, from its site-relative URL."""
        return self.site_url + url_path.lstrip("/")


@dataclass
class Playbook:
    """Everything under data/, loaded and checked."""

    site: Site
    sources: dict[str, Source]
    checklists: dict[str, Checklist]
    quotes: list[Quote]
    glossary: list[Term]
    assessment: Assessment | None = None
