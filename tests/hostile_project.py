"""A copy of the project with a hostile value in every text field of every kind of data and of page front matter.

Each field is a "slot": one file, one field path, one payload. Slots are made so that every
payload of hostile.PAYLOADS meets every field: one extra checklist, worksheet, session kit, quote,
glossary term and source per payload (each carrying its payload in all its text fields), the self-assessment's
and site settings' fields in turn, and the front matter of every page. The values are
written as JSON strings (valid YAML that says exactly what it holds), and each slot records
the line its value is on, so a test can tell refused values (a located problem at that
line) from accepted ones (which must come out safe in every output).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from hostile import PAYLOADS
from mileposts.core.yamldata import strings
from mileposts.core.yamlfile import parse_yaml_text


@dataclass(frozen=True)
class Slot:
    """One hostile value: the file (relative to the project), the field path in it, and the text written there."""

    file: str
    path: tuple
    value: str
    payload: int
    line: int

    @property
    def field(self) -> str:
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
        return out


def q(text: str) -> str:
    """A YAML scalar that holds exactly `text`."""
    return json.dumps(text, ensure_ascii=False)


def fit(text: str, low: int, high: int, filler: str = " so the text is long enough to pass") -> str:
    """`text` padded to at least `low` characters (a hostile value must not be refused only for being short)."""
    while len(text) < low:
        text += filler
    return text  # longer than `high` stays too long: refused, and reported as such


def _checklist(i: int, payload: str, source: str) -> str:
    items = [q(fit("Check " + payload, 3, 140)), q(fit("Greet " + payload, 3, 140)), q(fit("Note " + payload, 3, 140))]
    return "\n".join(
        [
            "# yaml-language-server: $schema=../schemas/checklist.schema.json",
            f"title: {q(fit(payload, 3, 70))}",
            f"summary: {q(fit(payload, 10, 200))}",
            f"when: {q(fit(payload, 10, 200))}",
            "type: read-do",
            f"type_reason: {q(fit(payload, 10, 160))}",
            "audience: [frontline-staff]",
            "tags: [customers]",
            f"sources: [{source}]",
            "reviewed: 2026-11-23",
            "sections:",
            f"  - title: {q(fit(payload, 2, 60))}",
            f"    when: {q(fit(payload, 10, 200))}",
            "    items:",
            f"      - text: {items[0]}",
            "        critical: true",
            f"      - text: {items[1]}",
            f"        note: {q(fit(payload, 2, 160))}",
            f"      - {items[2]}",
            "",
        ]
    )


def _worksheet(i: int, payload: str, source: str) -> str:
    """A worksheet with the payload in every text field: a table (labelled rows, hints, an example) or, every other one, cards."""
    head = [
        "# yaml-language-server: $schema=../schemas/worksheet.schema.json",
        f"title: {q(fit(payload, 3, 60))}",
        f"summary: {q(fit(payload, 10, 200))}",
        f"when: {q(fit(payload, 5, 120))}",
        f"use: [{q(fit('Check ' + payload, 10, 200))}]",
        "audience: [team-leads]",
        "tags: [customers]",
        f"sources: [{source}]",
        "reviewed: 2026-11-23",
    ]
    if i % 2:
        body = ["layout: cards", f"fields: [{{label: {q(fit(payload, 2, 40))}, lines: 2}}, {{label: Who checks}}]", "cards_per_page: 4"]
    else:
        cell = q(fit(payload, 1, 120))
        body = [
            "layout: table",
            f"columns: [{{name: {q(fit(payload, 2, 30))}, hint: {q(fit(payload, 3, 80))}}}, {{name: Notes, width: 2}}]",
            f"rows: [{q(fit(payload, 2, 40))}, Second row]",
            f"example: [[{cell}, {cell}]]",
            "csv: true",
        ]
    return "\n".join([*head, *body, ""])


def _session(i: int, payload: str, source: str) -> str:
    """A 15-minute session kit with the payload in every text field (questions ending in '?', as they must)."""

    def v(low: int, high: int, prefix: str = "", end: str = "") -> str:
        return q(fit(prefix + payload, low, high) + end)

    return "\n".join(
        [
            "# yaml-language-server: $schema=../schemas/session.schema.json",
            f"title: {v(3, 60)}",
            f"summary: {v(10, 200)}",
            "framework: frameworks/mile-model.md",
            "format: huddle",
            "duration: 15",
            "group_size: {min: 3, max: 9}",
            "prep_time: 5",
            "audience: [trainers]",
            "tags: [training]",
            f"key_points: [{v(10, 160)}]",
            f"materials: [{{text: {v(3, 100)}, printable: guide, copies: one}},",
            f"  {{text: {v(3, 100)}, printable: checklist:calm-an-upset-customer}}]",
            "steps:",
            f"  - {{title: {v(3, 40)}, start: 0, minutes: 5, facilitator: {v(10, 260, 'Ask ')}, participants: {v(5, 200)}}}",
            f"  - title: {v(3, 40)}",
            "    start: 5",
            "    minutes: 10",
            f"    facilitator: {v(10, 260, 'Run ')}",
            f"    say: {v(10, 260)}",
            f"    participants: {v(5, 200)}",
            f"    notes: [{v(10, 200)}]",
            f"discussion: [{v(10, 159, 'Why ', '?')}]",
            "roleplays:",
            f"  - title: {v(3, 50)}",
            "    setting: phone",
            "    difficulty: hard",
            f"    customer: {v(20, 380)}",
            f"    staff: {v(20, 380)}",
            f"    observe: [{v(5, 140)}, {v(5, 140)}]",
            "    checklist: calm-an-upset-customer",
            f"    debrief: [{v(10, 159, 'How ', '?')}]",
            "    invented: true",
            f"commitment: {{title: {v(3, 50)}, prompts: [{{label: {v(3, 70)}, lines: 2}}, {{label: When}}]}}",
            f"sources: [{source}]",
            "reviewed: 2026-11-23",
            "",
        ]
    )


def _entries(kind: str, i: int, payload: str) -> str:
    if kind == "quotes":
        text, author, context = q(fit(payload, 5, 400)), q(fit(payload, 2, 80)), q(fit(payload, 3, 300))
        return f"\n- text: {text}\n  author: {author}\n  context: {context}\n  tags: [customers]\n"
    if kind == "glossary":
        term = f"{payload} {i}"
        return f"\n- term: {q(term)}\n  definition: {q(fit(payload, 10, 240))}\n  link: index.md\n"
    return (
        f"\n- id: hostile-source-{i}\n  title: {q(fit(payload, 3, 200))}\n  author: {q(fit(payload, 2, 100))}\n"
        f"  organisation: {q(fit(payload, 2, 100))}\n  date: null\n  url: {q(payload)}\n  note: {q(fit(payload, 10, 600))}\n"
    )


def _replace_text(text: str, key: str, value: str, count: int = 1) -> str:
    """Replace the value of the first `count` lines `key: ...` (at any indent) with a quoted hostile value."""
    pattern = re.compile(rf"(?m)^(\s*(?:- )?{re.escape(key)}: ).*$")
    return pattern.sub(lambda m: m.group(1) + q(value), text, count=count)


def make_hostile_project(project: Path, payloads: list[str] = PAYLOADS) -> list[Slot]:
    """Write hostile values into the project copy at `project`; returns every slot written."""
    data = project / "data"
    source = yaml.safe_load((data / "sources.yml").read_text(encoding="utf-8"))[0]["id"]
    for i, payload in enumerate(payloads):
        (data / "checklists" / f"hostile-{i}.yml").write_text(_checklist(i, payload, source), encoding="utf-8")
        (data / "worksheets" / f"hostile-{i}.yml").write_text(_worksheet(i, payload, source), encoding="utf-8")
        (data / "sessions" / f"hostile-{i}.yml").write_text(_session(i, payload, source), encoding="utf-8")
    for kind in ("quotes", "glossary", "sources"):
        path = data / f"{kind}.yml"
        text = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
        path.write_text(text + "".join(_entries(kind, i, p) for i, p in enumerate(payloads)), encoding="utf-8")
    _assessment(data / "assessment.yml", payloads)
    _site(data / "site.yml", payloads)
    _front_matter(project / "docs", payloads)
    return _slots(project, payloads)


def _assessment(path: Path, payloads: list[str]) -> None:
    """Every text field of the self-assessment, each with the next payload in turn."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    turn = iter(range(10**6))

    def next_payload(low: int, high: int, prefix: str = "") -> str:
        return fit(prefix + payloads[next(turn) % len(payloads)], low, high)

    raw["title"], raw["intro"], raw["workshop"] = next_payload(3, 60), next_payload(20, 500), next_payload(20, 400)
    for question in raw["questions"]:
        question["question"] = next_payload(10, 110)
        for option in question["options"]:
            option["text"] = next_payload(5, 110)
    for result in raw["results"].values():
        result["title"], result["summary"] = next_payload(3, 40), next_payload(20, 320)
        result["next_steps"] = [next_payload(10, 120, "Check ") for _ in result["next_steps"]]
    header = path.read_text(encoding="utf-8").splitlines()[0]
    raw["reviewed"] = str(raw["reviewed"])
    path.write_text(header + "\n" + json.dumps(raw, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _site(path: Path, payloads: list[str]) -> None:
    """The site settings, each field with a payload (the addresses with the URL-shaped ones)."""
    text = path.read_text(encoding="utf-8")
    text = _replace_text(text, "name", fit(payloads[3], 2, 40))
    text = _replace_text(text, "licence", fit(payloads[19], 2, 40))
    text = _replace_text(text, "licence_url", payloads[14])
    text = _replace_text(text, "repo_url", payloads[33])
    text = _replace_text(text, "branch", payloads[10])
    path.write_text(text, encoding="utf-8")


def _front_matter(docs: Path, payloads: list[str]) -> None:
    """Each hand-written page's title, description and first keyword, with payloads in turn."""
    for n, page in enumerate(sorted(docs.rglob("*.md"))):
        text = page.read_text(encoding="utf-8")
        end = text.index("\n---\n", 4)
        head, body = text[: end + 1], text[end + 1 :]
        head = _replace_text(head, "title", fit(payloads[n % len(payloads)], 2, 70))
        head = _replace_text(head, "description", fit(payloads[(n + 7) % len(payloads)], 20, 200))
        keyword = q(payloads[(n + 13) % len(payloads)])
        head = re.sub(r"(?m)^keywords: \[", lambda m, keyword=keyword: m.group(0) + keyword + ", ", head, count=1)
        page.write_text(head + body, encoding="utf-8")


def _slots(project: Path, payloads: list[str]) -> list[Slot]:
    """Every string value that holds (part of) a payload, with the file and field path it is at."""
    slots = []
    files = sorted((project / "data").rglob("*.yml")) + sorted((project / "docs").rglob("*.md"))
    for path in files:
        relative = path.relative_to(project).as_posix()
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            text = text[4 : text.index("\n---\n", 4) + 1]
        parsed = parse_yaml_text(text, relative, first_line_number=2 if path.suffix == ".md" else 1)
        for field_path, value in strings(parsed.data):
            for n, payload in enumerate(payloads):
                if payload in value:
                    slots.append(Slot(relative, field_path, value, n, parsed.where(field_path)[0]))
                    break
    return slots


def restore(project: Path, refused: list[Slot]) -> None:
    """Write a harmless value over each refused slot, so the rest can be built (values change, never structure)."""
    by_file: dict[str, list[Slot]] = {}
    for slot in refused:
        by_file.setdefault(slot.file, []).append(slot)
    for n, (relative, slots) in enumerate(sorted(by_file.items())):
        path = project / relative
        lines = path.read_text(encoding="utf-8").split("\n")
        for m, slot in enumerate(slots):
            line = lines[slot.line - 1]
            assert q(slot.value) in line, (slot, line)
            lines[slot.line - 1] = line.replace(q(slot.value), q(_fallback(slot, f"{n} {m}")), 1)
        path.write_text("\n".join(lines), encoding="utf-8")


def _fallback(slot: Slot, unique: str) -> str:
    """A valid stand-in for a refused value, shaped for its field and unlike any other."""
    name = str(slot.path[-1]) if slot.path else ""
    if name in ("url", "licence_url"):
        return "https://example.org/a-plain-address"
    if name == "repo_url":
        return "https://github.com/example/example"
    if name == "branch":
        return "main"
    if "discussion" in slot.path or "debrief" in slot.path:
        return f"Is this a plain question {unique}?"
    if name in ("text", "facilitator") or "items" in slot.path or "next_steps" in slot.path or "use" in slot.path:
        return f"Check the plain value {unique}"
    if name in ("name", "label") or "rows" in slot.path:
        return f"Plain {unique}"
    return f"A plain value written back {unique}"
