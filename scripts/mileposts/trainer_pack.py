"""The trainer pack: one PDF per paper size with a cover, a contents page, and every checklist on its own page.

The cover and contents come from overrides/mileposts/pack-cover.html; each checklist page
is the very sheet rendered for the single-sheet PDF (sheet.html with the same spacing),
laid out again and joined with WeasyPrint's `Document.copy`, so the pack and the sheets
never differ. The contents links to each sheet's page, and the PDF's bookmarks list every
checklist. The contents may run to more pages as checklists are added: the page numbers
follow, up to MAX_FRONT_PAGES for the cover and contents together.
"""

from __future__ import annotations

from .model import Playbook
from .pdf import PAPERS, layout, metadata_date, overflow, write_pdf
from .pdfcache import PdfCache, cache_key
from .problems import Problem
from .render import render

FRONT_PAGES = 2  # the cover and a one-page contents, for up to about 20 checklists
MAX_FRONT_PAGES = 4  # for a playbook of up to about 50 checklists; more allows more (see max_front_pages)


def max_front_pages(checklists: int) -> int:
    """The most pages the cover and contents may take: 4, or one contents page for every 10 checklists."""
    return max(MAX_FRONT_PAGES, FRONT_PAGES + 1 + checklists // 10)


def pack_order(playbook: Playbook) -> list[str]:
    """Checklist ids in the order the pack prints them: by title, as on the checklists index."""
    return [c.id for c in sorted(playbook.checklists.values(), key=lambda c: c.title.lower())]


def cover_html(playbook: Playbook, paper: str, front_pages: int = FRONT_PAGES) -> str:
    """The HTML of the pack's cover and contents for `paper`, numbering sheets from page front_pages + 1."""
    entries = [
        {"checklist": playbook.checklists[checklist_id], "page": front_pages + i + 1, "anchor": f"sheet-{checklist_id}"}
        for i, checklist_id in enumerate(pack_order(playbook))
    ]
    reviewed = max((c.reviewed for c in playbook.checklists.values()), default="")
    return render(
        "pack-cover.html",
        site=playbook.site,
        entries=entries,
        paper=paper,
        paper_name=PAPERS[paper].name,
        printables_url=playbook.site.page_url("printables/"),
        reviewed=reviewed,
        date=metadata_date(reviewed),
    )


def pack_jobs(playbook: Playbook, sheets: dict[str, dict[str, tuple[str, str]]], css: str, base_url: str, cache: PdfCache) -> list[dict]:
    """One job per paper size (cover HTML, and each sheet's HTML and spacing CSS), or the cached pack if nothing changed."""
    jobs = []
    order = pack_order(playbook)
    for paper in PAPERS:
        fronts = {n: cover_html(playbook, paper, n) for n in range(FRONT_PAGES, MAX_FRONT_PAGES + 1)}
        pages = [sheets[paper][checklist_id] for checklist_id in order]
        key = cache_key("pack", paper, fronts[FRONT_PAGES], css, *(part for page in pages for part in page))
        name = f"mileposts-trainer-pack-{paper}"
        cached = cache.get(name, key, "pdf")
        if cached:
            jobs.append({"name": name, "paper": paper, "key": key, "cached": cached})
        else:
            jobs.append(
                {"name": name, "paper": paper, "key": key, "fronts": fronts, "sheets": pages, "css": css, "base_url": base_url,
                 "playbook": playbook, "max_front": max_front_pages(len(order))}
            )  # fmt: skip
    return jobs


def render_pack_job(job: dict) -> dict:
    """Lay out the cover and contents and every sheet (with its own spacing), and join them into one PDF."""
    used = FRONT_PAGES
    front = layout(job["fronts"][used], job["css"], job["base_url"])
    if len(front.pages) != used and len(front.pages) <= job.get("max_front", MAX_FRONT_PAGES):  # a longer contents
        used = len(front.pages)  # number the sheets after it (a long contents' cover is made here, only when needed)
        html = job["fronts"].get(used) or cover_html(job["playbook"], job["paper"], used)
        front = layout(html, job["css"], job["base_url"])
    result = {
        "name": job["name"],
        "pdf": None,
        "front_pages": len(front.pages),
        "overflow": overflow(front),
        "max_front": job.get("max_front"),
    }
    if len(front.pages) != used:
        return result
    pages = list(front.pages)
    for html, spread in job["sheets"]:
        pages.extend(layout(html, job["css"], job["base_url"], spread).pages)
    result["pages"] = len(pages)
    result["pdf"] = write_pdf(front.copy(pages))
    return result


def pack_problem(paper: str, result: dict) -> Problem:
    """The problem reported when the cover and contents do not fit on their pages."""
    return Problem(
        "overrides/mileposts/pack-cover.html",
        1,
        1,
        "layout",
        f"expected the trainer pack's cover and contents to fit on {result.get('max_front') or MAX_FRONT_PAGES} "
        f"{PAPERS[paper].name} pages at most, "
        f"found them {result['front_pages']} pages; shorten the cover text or the contents' columns",
    )
