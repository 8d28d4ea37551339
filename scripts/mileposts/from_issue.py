"""Turn a "Suggest a checklist" issue into data/checklists/<id>.yml: `python -m mileposts from-issue ISSUE.md`.

GitHub renders an issue form (.github/ISSUE_TEMPLATE/suggest-checklist.yml) as one
`### <field label>` section per field, with `_No response_` for an empty one. The labels
are read from the form itself, so the two never drift apart. Every value is untrusted
text: it is written as a double-quoted YAML string (anything invisible escaped), never
pasted in as YAML, so an issue cannot add a field, a tag or a second document; whatever
is wrong with the words themselves (HTML, a missing verb) is for `validate` to report.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import yaml

from .core.tags import AUDIENCES
from .scaffold import slugify

FORM = Path(".github/ISSUE_TEMPLATE/suggest-checklist.yml")
NO_RESPONSE = "_No response_"
DEFAULT_SECTION = "Steps"
SCHEMA_LINE = "# yaml-language-server: $schema=../schemas/checklist.schema.json"
TYPE_REASONS = {  # our own words, for the maintainer to improve
    "read-do": "Read step by step at the moment it is needed, so no step is skipped.",
    "do-confirm": "Done from memory as usual, then checked item by item, so nothing is missed.",
}
LIST_MARK = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+|- \[[ xX]\]\s+)")


class IssueError(ValueError):
    """The issue cannot be turned into a checklist: said in one plain line."""


def form_labels(root: Path) -> dict[str, str]:
    """Field id -> label, from the issue form."""
    try:
        form = yaml.safe_load((root / FORM).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        raise IssueError(f"{FORM.as_posix()}: expected the issue form, found it missing or unreadable") from None
    return {field["id"]: field["attributes"]["label"] for field in form["body"] if "id" in field}


def sections_of(body: str, labels: dict[str, str]) -> dict[str, str]:
    """Field id -> the text under its `### Label` heading (empty for "_No response_" or a missing section)."""
    by_label = {label.strip().lower(): field for field, label in labels.items()}
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        heading = re.match(r"^###\s+(.+?)\s*$", line)
        if heading and heading.group(1).lower() in by_label:
            current = found.setdefault(by_label[heading.group(1).lower()], [])
        elif current is not None:
            current.append(line)
    texts = {field: "\n".join(lines).strip() for field, lines in found.items()}
    return {field: "" if text == NO_RESPONSE else text for field, text in texts.items()}


def _lines(text: str) -> list[str]:
    """The non-empty lines of a textarea, without list marks."""
    return [LIST_MARK.sub("", line).strip() for line in text.split("\n") if LIST_MARK.sub("", line).strip()]


def _choices(text: str) -> list[str]:
    """The options picked in a multiple-choice dropdown (GitHub joins them with ', ')."""
    return [part.strip() for part in text.split(", ") if part.strip()]


def checklist_from_issue(body: str, labels: dict[str, str]) -> tuple[str, dict]:
    """The checklist's id and its fields, from an issue body."""
    fields = sections_of(body, labels)
    title = " ".join(fields.get("title", "").split())
    if not title:
        raise IssueError(f"expected a '### {labels.get('title', 'Title')}' section with the checklist's title, found none")
    checklist_id = slugify(title)
    if not checklist_id:
        raise IssueError(f"expected a title with some letters or digits to make a file name from, found {title!r}")
    kind = "do-confirm" if fields.get("type", "").upper().startswith("DO-CONFIRM") else "read-do"
    critical = {" ".join(line.split()).lower() for line in _lines(fields.get("critical", ""))}
    sections: list[dict] = []
    for line in _lines(fields.get("items", "")):
        if line.endswith(":") and len(line) > 1:
            sections.append({"title": line[:-1].strip(), "items": []})
            continue
        if not sections:
            sections.append({"title": DEFAULT_SECTION, "items": []})
        is_critical = " ".join(line.split()).lower() in critical
        sections[-1]["items"].append({"text": line, "critical": True} if is_critical else line)
    listed = {" ".join(item["text"].split()).lower() for s in sections for item in s["items"] if isinstance(item, dict)}
    missing = sorted(critical - listed)
    if missing:
        raise IssueError(
            f"expected every critical item to be one of the items, found {missing[0]!r} that is not; copy it exactly from the items"
        )
    labels_to_audience = {label.lower(): slug for slug, label in AUDIENCES.items()}
    audience = [labels_to_audience.get(choice.lower(), choice) for choice in _choices(fields.get("audience", ""))]
    sources = [choice.split(":", 1)[0].strip() for choice in _choices(fields.get("sources", ""))]
    data = {
        "title": title,
        "summary": " ".join(fields.get("summary", "").split()),
        "when": " ".join(fields.get("when", "").split()),
        "type": kind,
        "type_reason": TYPE_REASONS[kind],
        "audience": audience,
        "tags": _choices(fields.get("tags", "")),
        "sources": sources,
        "sections": [s for s in sections if s["items"]],
    }
    return checklist_id, data


def quoted(text: str) -> str:
    """`text` as a double-quoted YAML string that reads back exactly, with anything invisible written as an escape."""
    out = json.dumps(text, ensure_ascii=False)
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs") or c == "\x85" else c for c in out)


def checklist_yaml(data: dict, reviewed: str, issue: str) -> str:
    """The checklist file: the schema line, a note of where it came from, and every value quoted."""
    flow = lambda values: "[" + ", ".join(quoted(v) for v in values) + "]"  # noqa: E731
    lines = [
        SCHEMA_LINE,
        f"# Made from {issue} with `mileposts from-issue`: check every line, then run validate.",
        f"title: {quoted(data['title'])}",
        f"summary: {quoted(data['summary'])}",
        f"when: {quoted(data['when'])}",
        f"type: {data['type']}",
        f"type_reason: {quoted(data['type_reason'])}",
        f"audience: {flow(data['audience'])}",
        f"tags: {flow(data['tags'])}",
        f"sources: {flow(data['sources'])}",
        f"reviewed: {reviewed}",
        "sections:",
    ]
    for section in data["sections"]:
        lines += [f"  - title: {quoted(section['title'])}", "    items:"]
        for item in section["items"]:
            if isinstance(item, dict):
                lines += [f"      - text: {quoted(item['text'])}", "        critical: true"]
            else:
                lines.append(f"      - {quoted(item)}")
    if not data["sections"]:
        lines[-1] = "sections: []"
    return "\n".join(lines) + "\n"
