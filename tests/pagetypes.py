"""One page of each type the site has, as docs paths, for the browser-wide checks
(zero third-party requests, zero axe-core violations)."""

from __future__ import annotations

from pathlib import Path

from mileposts.core.links import page_url

PAGE_TYPES = {
    "home": "index.md",
    "framework": "frameworks/service-recovery.md",
    "frameworks index": "frameworks/index.md",
    "checklist": "checklists/first-mile-standards.md",
    "checklists index": "checklists/index.md",
    "assessment": "assessment.md",
    "quotes": "quotes.md",
    "tags": "tags.md",
    "audience": "for/team-leads.md",
    "stories": "stories.md",
    "glossary": "glossary.md",
    "sources": "sources.md",
    "data": "data.md",
    "printables": "printables.md",
    "toolkit": "toolkit/what-to-say.md",
    "worksheet": "worksheets/recovery-log.md",
    "worksheet of cards": "worksheets/promise-card.md",
    "worksheet with row labels": "worksheets/journey-map.md",
    "worksheets index": "worksheets/index.md",
    "session kit": "sessions/service-recovery-workshop.md",
    "session huddle": "sessions/mile-model-huddle.md",
    "session kits index": "sessions/index.md",
    "trainers (sessions table)": "for/trainers.md",
    "team assessment": "team-assessment.md",
}
OPTIONAL = {"assessment": "the self-assessment page is not built (no data/assessment.yml)", "printables": "no printables page yet"}


def built(site: Path, src: str) -> bool:
    """Whether the built site has the page for docs path `src`."""
    return (site / page_url(src) / "index.html").exists()
