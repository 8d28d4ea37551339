"""A checklist's records: the checklist, its sections and items, and the order and address readers meet them by."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..core.tags import tag_label

TYPES = {
    "read-do": ("READ-DO", "Read each item, then do it, in order."),
    "do-confirm": ("DO-CONFIRM", "Do the work from memory, then pause and confirm every item."),
}


def item_id(text: str) -> str:
    """A stable id for a checklist item, from its text: editing one item leaves the others' ids alone."""
    normal = re.sub(r"\s+", " ", text.strip().lower())
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()[:10]


@dataclass
class Item:
    """One action on a checklist."""

    text: str
    note: str | None = None
    critical: bool = False  # a step whose omission does the most harm: marked on the page and the sheet

    @property
    def id(self) -> str:
        """Stable id derived from the text."""
        return item_id(self.text)


@dataclass
class Section:
    """A titled group of items."""

    title: str
    items: list[Item]
    when: str | None = None  # its own pause point, if it is picked up at another moment than the checklist


@dataclass
class Checklist:
    """One checklist, loaded from data/checklists/<id>.yml."""

    id: str
    path: str
    title: str
    summary: str
    when: str
    type: str
    type_reason: str
    audience: list[str]
    tags: list[str]
    sources: list[str]
    reviewed: str
    sections: list[Section]
    ticks_reset: str = "never"  # shift, day, week or never: when ticks on the page clear themselves
    framework: str | None = None  # the framework page it puts into practice (docs/frameworks/<framework>.md)
    words: str | None = None  # the section with the words to say: "page.md#anchor"
    framework_title: str = ""  # its framework page's title (read from docs/ when loading)

    @property
    def framework_page(self) -> str | None:
        """The docs path of its framework's page."""
        return f"frameworks/{self.framework}.md" if self.framework else None

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

    @property
    def page(self) -> str:
        """The docs path of its page."""
        return f"checklists/{self.id}.md"


def in_order(checklists: dict[str, Checklist]) -> list[Checklist]:
    """Checklists in the order readers meet them everywhere (index, printables page, trainer pack): by title."""
    return sorted(checklists.values(), key=lambda c: c.title.lower())


def online_url(site, checklist: Checklist) -> str:
    """The published address of a checklist's page (printed on its sheet and in checklists.json)."""
    return site.page_url(f"checklists/{checklist.id}/")
