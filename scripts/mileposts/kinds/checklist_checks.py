"""The checks of one checklist that go beyond its schema: items per pause point, a critical item, items read as fields, linked pages."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..core.problems import Problem
from ..core.yamlfile import YamlFile

MAX_PER_PAUSE_POINT = 9  # as in aviation and the WHO checklists: more is skimmed, not checked
ITEM_FIELDS = {"text", "note", "critical"}


def pause_point_problems(parsed: YamlFile, raw: dict) -> list[Problem]:
    """At most nine items per pause point (the checklist's `when`, or a section's own), and at least one critical item.

    Checked on whatever sections have the right shape, so these come in the same run as the file's schema problems.
    """
    sections = [
        (s, x["items"]) for s, x in enumerate(raw.get("sections") or []) if isinstance(x, dict) and isinstance(x.get("items"), list)
    ]
    if not sections:
        return []  # no sections to count: the schema says so
    problems = []
    shared = [items for s, items in sections if "when" not in raw["sections"][s]]
    count = sum(len(items) for items in shared)
    if count > MAX_PER_PAUSE_POINT:
        message = (
            f"expected at most {MAX_PER_PAUSE_POINT} items at this pause point, found {count} in "
            f"{len(shared)} sections; give a section its own `when`, or make it a checklist of its own"
        )
        problems.append(parsed.problem(("when",), message))
    if not any(isinstance(e, dict) and e.get("critical") is True for _, items in sections for e in items):
        message = "expected at least one item marked `critical: true` (the step whose omission does the most harm), found none"
        problems.append(parsed.problem(("sections",), message, key=True))
    return problems


def item_texts(raw: dict):
    """(section index, item index, text) for every item whose text is text, whatever else is wrong with the file."""
    sections = raw.get("sections")
    for s, section in enumerate(sections if isinstance(sections, list) else []):
        items = section.get("items") if isinstance(section, dict) else None
        for i, entry in enumerate(items if isinstance(items, list) else []):
            text = entry.get("text") if isinstance(entry, dict) else entry
            if isinstance(text, str):
                yield s, i, text


def colon_item_problems(parsed: YamlFile, raw: dict) -> list[Problem]:
    """A plain item that YAML read as a field because of a colon in it ("- Say: hello"), said in words with the fix."""
    problems = []
    sections = raw.get("sections")
    for s, section in enumerate(sections if isinstance(sections, list) else []):
        items = section.get("items") if isinstance(section, dict) else None
        for i, entry in enumerate(items if isinstance(items, list) else []):
            if isinstance(entry, dict) and len(entry) == 1 and not set(entry) & ITEM_FIELDS:
                ((key, value),) = entry.items()
                message = (
                    f"expected an item as text, found {f'{key}: {value}'!r} read as a field named {str(key)!r} because of "
                    f'the colon after it; put the whole item in double quotes, as in "{key}: {value}"'
                )
                problems.append(parsed.problem(("sections", s, "items", i), message))
    return problems


def link_problems(parsed: YamlFile, raw: dict, root: Path) -> list[Problem]:
    """The framework and the words to say must name pages that exist in docs/ (MkDocs checks the anchor)."""
    problems: list[Problem] = []
    if not (root / "docs").is_dir():  # checking the data alone (mileposts validate on a data folder): the build checks these
        return problems
    framework, words = raw.get("framework"), raw.get("words")
    if isinstance(framework, str) and not (root / "docs" / "frameworks" / f"{framework}.md").is_file():
        problems.append(parsed.problem(("framework",), f"expected the name of a page in docs/frameworks/, found {framework!r}"))
    if isinstance(words, str) and "#" in words and not (root / "docs" / words.split("#", 1)[0]).is_file():
        problems.append(parsed.problem(("words",), f"expected a page of docs/ and an anchor, found {words!r}, whose page does not exist"))
    return problems


def page_title(path: Path) -> str:
    """A docs page's title, from its front matter (its file name when it has none)."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if text.startswith("---\n") and "\n---" in text[4:]:
        front = yaml.safe_load(text[4 : text.index("\n---", 4)])
        if isinstance(front, dict) and isinstance(front.get("title"), str):
            return front["title"]
    return path.stem.replace("-", " ").capitalize()
