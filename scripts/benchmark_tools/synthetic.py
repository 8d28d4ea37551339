"""Synthetic checklists for the scale runs: they pass every data check, and are about the size of the real ones.

Each checklist has 2 or 3 sections of 3 to 5 items (6 to 14 items, notes on one to
five, one to three of them critical), like the hand-written checklists in
data/checklists/: at most nine items share the checklist's `when`, and a third
section that is picked up later has a `when` of its own, as on the real review
checklists. Each item is one action starting with a verb, and each checklist says why
it is READ-DO or DO-CONFIRM. The text is made from a seeded random generator, so a
run is repeatable and pages are not identical.
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
    "back to the customer to confirm it",
    "without jargon",
    "at the start of the shift",
    "in the shared log",
)
SECTION_TITLES = ("Before you start", "During the conversation", "Put it right", "Record it")
LATER_TITLES = ("Close the loop", "Learn from it")  # a section picked up at a later moment, with its own `when`
LATER_WHENS = (
    "At the end of the week, when the team looks back at {topic}.",
    "A day after {topic} is closed, before the case leaves your list.",
    "At the next team huddle, while {topic} is still fresh.",
)
TYPE_REASONS = {
    "read-do": (
        "Read step by step, because {topic} comes up rarely and a skipped step is hard to put right.",
        "Read step by step, because much rides on {topic} and memory skips steps under pressure.",
    ),
    "do-confirm": (
        "Done from memory each time you handle {topic}, then confirmed so that none of it slips.",
        "Routine work on {topic}, done from memory and then confirmed at a pause before you reply.",
    ),
}
MAX_PER_PAUSE_POINT = 9  # as the checklist rules allow: the sections that share the checklist's `when` count together
TOPICS = ("a delayed order", "a first visit", "a handover", "a complaint call", "a renewal", "a partner escalation", "a new starter")
AUDIENCES = ("frontline-staff", "team-leads", "managers", "trainers")
TAGS = ("zero-mile", "first-mile", "second-mile", "last-mile", "extra-mile", "customers", "employees", "partners", "service-recovery")
SCHEMA_LINE = "# yaml-language-server: $schema=../schemas/checklist.schema.json"


def synthetic_checklist(index: int, source_ids: list[str], rng: random.Random) -> dict:
    """One checklist as plain data (ready to dump as YAML), number `index` of the run."""
    topic = rng.choice(TOPICS)
    kind = rng.choice(("read-do", "do-confirm"))
    titles = rng.sample(SECTION_TITLES, rng.choice((2, 2, 3)))
    sizes = [rng.randint(3, 5) for _ in titles]
    whens: list[str | None] = [None] * len(titles)
    if len(titles) == 2 and rng.random() < 0.5:  # a later pause point, as the real review checklists have
        titles.append(rng.choice(LATER_TITLES))
        sizes.append(rng.randint(3, 5))
        whens.append(rng.choice(LATER_WHENS).format(topic=topic))
    shared = [k for k, when in enumerate(whens) if when is None]  # the sections at the checklist's own `when`
    while sum(sizes[k] for k in shared) > MAX_PER_PAUSE_POINT:
        sizes[max(shared, key=lambda k: sizes[k])] -= 1
    sections: list[dict] = []
    used: set[str] = set()
    for title, size, when in zip(titles, sizes, whens, strict=True):
        items: list[str | dict] = []
        while len(items) < size:
            text = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(ENDINGS)}."
            if text in used:
                continue
            used.add(text)
            items.append(text)
        sections.append({"title": title, **({"when": when} if when else {}), "items": items})
    places = [(s, i) for s, section in enumerate(sections) for i in range(len(section["items"]))]
    noted, critical = set(rng.sample(places, rng.randint(1, 5))), set(rng.sample(places, rng.randint(1, 3)))
    for s, i in sorted(noted | critical):
        entry: dict = {"text": sections[s]["items"][i]}
        if (s, i) in noted:
            entry["note"] = f"Keep it short: the customer is busy with {topic}."
        if (s, i) in critical:
            entry["critical"] = True
        sections[s]["items"][i] = entry
    return {
        "title": f"Handle {topic}, variant {index}",
        "summary": f"What to check, say and record when you handle {topic}, so nothing falls between people.",
        "when": f"As soon as you pick up {topic}, before you reply to anyone.",
        "type": kind,
        "type_reason": rng.choice(TYPE_REASONS[kind]).format(topic=topic),
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
