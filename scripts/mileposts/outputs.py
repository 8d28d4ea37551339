"""Where everything made from data is published in the site, and the check that no two things claim one address.

A checklist called `index` would replace the checklists index, one called `assessment`
would publish its PDFs over the self-assessment's, and a hand-written docs/quotes.md
would be silently swapped for the generated quotes page. Every page, printable and
export is therefore claimed here with the file it comes from, and any address claimed
twice is a problem located at the file that claims it second.
"""

from __future__ import annotations

from dataclasses import dataclass

from .problems import Problem

PAPERS = ("a4", "letter")
CHECKLISTS_INDEX = "checklists/index.md"
# The pages made from data other than one per checklist, and what each is (for messages).
GENERATED_PAGES = {
    CHECKLISTS_INDEX: "the checklists index",
    "quotes.md": "the quotes page",
    "sources.md": "the sources page",
    "glossary.md": "the glossary",
    "printables.md": "the printables page",
    "assessment.md": "the self-assessment page",
}
EXPORTS = ("checklists.json", "quotes.json")
OFFLINE_ZIP = "mileposts-offline.zip"
PACK_NAME = "mileposts-trainer-pack"


def checklist_page(checklist_id: str) -> str:
    """The docs path of a checklist's generated page."""
    return f"checklists/{checklist_id}.md"


def checklist_printables(checklist_id: str) -> dict[str, str]:
    """Where a checklist's printables are published in the site."""
    return {
        "a4": f"pdf/{checklist_id}-a4.pdf",
        "letter": f"pdf/{checklist_id}-letter.pdf",
        "preview": f"pdf/previews/{checklist_id}.png",
    }


def pack_path(paper: str) -> str:
    """Where the trainer pack for `paper` is published in the site."""
    return f"pdf/{PACK_NAME}-{paper}.pdf"


def assessment_path(paper: str) -> str:
    """Where the self-assessment's sheet for `paper` is published in the site."""
    return f"pdf/assessment-{paper}.pdf"


@dataclass(frozen=True)
class Claim:
    """One address in the site, the repository file it comes from, and what it is."""

    site_path: str
    source: str
    what: str


def data_claims(checklists: dict[str, str], has_assessment: bool) -> list[Claim]:
    """Every address the data publishes: checklists (id -> file), the generated pages, printables and exports."""
    claims = [Claim(path, "", what) for path, what in GENERATED_PAGES.items() if has_assessment or path != "assessment.md"]
    claims += [Claim(path, "", "a data export") for path in EXPORTS]
    claims.append(Claim(OFFLINE_ZIP, "", "the offline copy"))
    claims += [Claim(pack_path(paper), "", "the trainer pack") for paper in PAPERS]
    if has_assessment:
        claims += [Claim(assessment_path(paper), "", "the self-assessment's printable") for paper in PAPERS]
    for checklist_id, source in sorted(checklists.items()):
        claims.append(Claim(checklist_page(checklist_id), source, f"the page of {source}"))
        claims += [Claim(path, source, f"a printable of {source}") for path in checklist_printables(checklist_id).values()]
    return claims


def claim_problems(claims: list[Claim]) -> list[Problem]:
    """A problem for each address claimed a second time, at the file that claims it (built-in pages are never blamed)."""
    first: dict[str, Claim] = {}
    problems = []
    for claim in sorted(claims, key=lambda c: (c.source != "", c.source)):  # built-in addresses claim first
        earlier = first.setdefault(claim.site_path, claim)
        if earlier is claim:
            continue
        message = (
            f"expected a name no other page or file of the site uses, found one that would publish {claim.site_path}, "
            f"which is already {earlier.what}; rename the file"
        )
        problems.append(Problem(claim.source or earlier.source, 1, 1, "", message))
    return problems
