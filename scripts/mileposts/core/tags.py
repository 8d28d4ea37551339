"""The tag vocabulary shared by checklists, quotes and pages: audiences and topics, as slugs and as labels.

The topics are the enum of data/schemas/checklist.schema.json ($defs.tag), read from there;
the audiences are listed here with their labels, which readers see.
"""

from __future__ import annotations

AUDIENCES = {
    "frontline-staff": "Frontline staff",
    "team-leads": "Team leads",
    "managers": "Managers",
    "trainers": "Trainers",
}


def tag_label(slug: str) -> str:
    """The label a reader sees for a tag slug: 'zero-mile' becomes 'Zero mile'."""
    return AUDIENCES.get(slug) or slug.replace("-", " ").capitalize()
