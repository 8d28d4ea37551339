"""Synthetic checklists for the scale runs: valid per the schema, about the size of the real ones.

Each checklist has 3 or 4 sections of 3 to 5 items (11 to 16 items, a note on one
or two), like the hand-written checklists in data/checklists/. The text is made
from a seeded random generator, so a run is repeatable and pages are not identical.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

VERBS = (
    "Greet Check Confirm Ask Note Write Agree Share Review Tell Offer Record Follow Thank Listen Explain Name Set Plan Book "
    "Call Send Read Test Fix Log Pick Show Keep Choose"
).split()
OBJECTS = (
    "the customer's request",
    "the promise you made",
    "the next step and its date",
    "who owns the follow-up",
    "what the customer already tried",
    "the delivery window",
    "the order history",
    "the handover notes",
    "the open complaint",
    "the partner's deadline",
    "the team's service standard",
    "the refund or replacement options",
    "the wording of your reply",
    "the call summary",
    "the account details",
    "the agreed remedy",
)
ENDINGS = (
    "before the customer has to ask",
    "in one short sentence",
    "with the customer, in their own words",
    "the same day",
    "before you close the case",
    "so a colleague could pick it up",
    "and say it back to check",
    "without jargon",
    "at the start of the shift",
    "in the shared log",
)
SECTION_TITLES = ("Before you start", "During the conversation", "Put it right", "Close the loop", "Record it", "Learn from it")
TOPICS = ("a delayed order", "a first visit", "a handover", "a complaint call", "a renewal", "a partner escalation", "a new starter")
AUDIENCES = ("frontline-staff", "team-leads", "managers", "trainers")
TAGS = ("zero-mile", "first-mile", "second-mile", "last-mile", "extra-mile", "customers", "employees", "partners", "service-recovery")
SCHEMA_LINE = "# yaml-language-server: $schema=../schemas/checklist.schema.json"


def synthetic_checklist(index: int, source_ids: list[str], rng: random.Random) -> dict:
    """One checklist as plain data (ready to dump as YAML), number `index` of the run."""
    topic = rng.choice(TOPICS)
    sections, used = [], set()
    for title in rng.sample(SECTION_TITLES, rng.choice((3, 3, 4))):
        items, size = [], rng.randint(3, 5)
        while len(items) < size:
            text = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(ENDINGS)}."
            if text in used:
                continue
            used.add(text)
            items.append(text)
        sections.append({"title": title, "items": items})
    for _ in range(rng.randint(0, 2)):
        section = rng.choice(sections)
        position = rng.randrange(len(section["items"]))
        if isinstance(section["items"][position], str):
            section["items"][position] = {"text": section["items"][position], "note": f"Keep it short: the customer is busy with {topic}."}
    return {
        "title": f"Handle {topic}, variant {index}",
        "summary": f"What to check, say and record when you handle {topic}, so nothing falls between people.",
        "when": f"As soon as you pick up {topic}, before you reply to anyone.",
        "type": rng.choice(("read-do", "do-confirm")),
        "audience": sorted(rng.sample(AUDIENCES, rng.randint(1, 2)), key=AUDIENCES.index),
        "tags": sorted(rng.sample(TAGS, rng.randint(1, 3)), key=TAGS.index),
        "sources": rng.sample(source_ids, min(len(source_ids), rng.randint(1, 2))),
        "reviewed": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "sections": sections,
    }


def checklist_id(index: int) -> str:
    """The file name (without .yml) of synthetic checklist `index`."""
    return f"synthetic-{index:04d}"


def write_synthetic(project: Path, count: int, seed: int = 7) -> list[str]:
    """Write `count` synthetic checklists into `project`/data/checklists/; returns their ids."""
    source_ids = [entry["id"] for entry in yaml.safe_load((project / "data" / "sources.yml").read_text(encoding="utf-8"))]
    rng = random.Random(seed)
    ids = []
    for index in range(1, count + 1):
        data = synthetic_checklist(index, source_ids, rng)
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=140)
        (project / "data" / "checklists" / f"{checklist_id(index)}.yml").write_text(SCHEMA_LINE + "\n" + text, encoding="utf-8")
        ids.append(checklist_id(index))
    return ids
