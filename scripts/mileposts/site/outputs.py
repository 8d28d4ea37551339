"""Where everything made from data is published in the site, and the check that no two things claim one address.

A checklist called `index` would replace the checklists index, one called `assessment`
would publish its PDFs over the self-assessment's, and a hand-written docs/quotes.md
would be silently swapped for the generated quotes page. Every generated page, printable
and export is therefore claimed with the file it comes from, and any address claimed
twice is a problem located at the file that claims it last: a hand-written file before
a record's page or sheet, a record's before its kind's fixed pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.problems import Problem
from ..kinds.base import GeneratedPage
from ..printing.pack import pack_path
from ..printing.printable import PAPERS, Pack, Printable
from .pwa import MANIFEST, WORKER
from .pwa_icons import APPLE_ICON, SIZES
from .sitezip import ZIP_NAME as OFFLINE_ZIP

FIXED, FROM_RECORD, HAND_WRITTEN = 0, 1, 2  # who keeps an address claimed twice: the lowest rank


@dataclass(frozen=True)
class Claim:
    """One address in the site, the repository file it comes from, what it is, and its rank."""

    site_path: str
    source: str
    what: str
    rank: int = FIXED


def generated_claims(
    pages: list[GeneratedPage], printables: list[Printable], exports: dict[str, str], packs: tuple[Pack, ...] | list[Pack] = ()
) -> list[Claim]:
    """The addresses of every generated page, printable (with the trainer pack and the kinds' packs) and export, and the offline copy."""
    claims = [Claim(p.src, p.edit_path, f"the page made from {p.edit_path}", FROM_RECORD if p.from_record else FIXED) for p in pages]
    for printable in printables:
        rank = FROM_RECORD if printable.from_record else FIXED
        claims += [Claim(path, printable.source, f"a printable of {printable.source}", rank) for path in printable.outputs.values()]
    if any(p.pack is not None for p in printables):
        claims += [Claim(pack_path(paper), "", "the trainer pack") for paper in PAPERS]
    sources = {p.name: p.source for p in printables}
    for pack in packs:
        source = sources.get(pack.sheets[0], "") if pack.sheets else ""
        claims += [Claim(path, source, f"the pack of {source}", FROM_RECORD) for path in pack.outputs.values()]
    claims += [Claim(path, source, f"the export made from {source}") for path, source in exports.items()]
    claims.append(Claim(OFFLINE_ZIP, "", "the offline copy"))
    claims += [Claim(path, "", "the installable site's manifest, icon or worker") for path in (MANIFEST, WORKER, APPLE_ICON, *SIZES)]
    return claims


def claim_problems(claims: list[Claim]) -> list[Problem]:
    """A problem for each address claimed a second time, at the file that claims it (the lowest rank keeps it)."""
    first: dict[str, Claim] = {}
    problems = []
    for claim in sorted(claims, key=lambda c: (c.rank, c.source)):
        earlier = first.setdefault(claim.site_path, claim)
        if earlier is claim:
            continue
        message = (
            f"expected a name no other page or file of the site uses, found one that would publish {claim.site_path}, "
            f"which is already {earlier.what}; rename the file"
        )
        problems.append(Problem(claim.source or earlier.source, 1, 1, "", message))
    return problems
