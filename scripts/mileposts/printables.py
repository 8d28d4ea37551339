"""Every printable of the playbook: each checklist's A4 and US Letter sheets, its preview, and the trainer packs.

Sheets are rendered first (in parallel across cores, with a process pool), then the packs,
which reuse each sheet's exact layout. Everything is cached in <root>/.cache/pdf/ by a hash
of its inputs (see pdfcache.py), so an unchanged checklist is never rendered twice and
`mkdocs serve` stays fast. Set MILEPOSTS_PDF=0 to skip PDFs altogether in quick previews.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from .model import Playbook
from .pdf import PAPERS, layout, layout_problem, render_sheet_job, sheet_html
from .pdfcache import PdfCache, cache_key
from .problems import DataError
from .trainer_pack import pack_jobs, pack_problem, render_pack_job


def site_paths(checklist_id: str) -> dict[str, str]:
    """Where a checklist's printables are published in the site."""
    return {
        "a4": f"pdf/{checklist_id}-a4.pdf",
        "letter": f"pdf/{checklist_id}-letter.pdf",
        "preview": f"pdf/previews/{checklist_id}.png",
    }


def pack_path(paper: str) -> str:
    """Where the trainer pack for `paper` is published in the site."""
    return f"pdf/mileposts-trainer-pack-{paper}.pdf"


@dataclass
class Printables:
    """The files to publish (site path -> file in the cache) and the names rendered this time (not from the cache)."""

    files: dict[str, Path] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)


class _Workers:
    """A process pool made on first use and shared by both phases; serial for one job or one core."""

    def __init__(self, workers: int | None):
        self.workers = workers or os.cpu_count() or 1
        self.pool: ProcessPoolExecutor | None = None

    def map(self, function, jobs: list[dict], css: str, base_url: str) -> list[dict]:
        if len(jobs) <= 1 or self.workers <= 1:
            return [function(job) for job in jobs]
        if self.pool is None:
            # Fork is fast (and inherits the warmed-up fonts), but only safe while this is the
            # process's one thread; `mkdocs serve` runs a watcher and a server, so it spawns.
            fork = "fork" in get_all_start_methods() and threading.active_count() == 1
            if fork:
                layout("<p>.</p>", css, base_url)  # load WeasyPrint and the fonts once, before forking
            context = get_context("fork" if fork else "spawn")
            self.pool = ProcessPoolExecutor(max_workers=min(self.workers, len(jobs)), mp_context=context)
        return list(self.pool.map(function, jobs))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()


def render_printables(playbook: Playbook, root: Path, cache_dir: Path | None = None, workers: int | None = None) -> Printables:
    """Render (or take from the cache) every sheet, preview and trainer pack; DataError if a sheet overflows."""
    root = Path(root).resolve()
    cache = PdfCache(cache_dir or root / ".cache" / "pdf")
    css_path = root / "docs" / "assets" / "print.css"
    css = css_path.read_text(encoding="utf-8")
    base_url = css_path.parent.as_uri() + "/"
    result = Printables()
    sheets: dict[str, dict[str, tuple[str, str]]] = {paper: {} for paper in PAPERS}
    todo: list[dict] = []
    for checklist_id, checklist in playbook.checklists.items():
        paths = site_paths(checklist_id)
        for paper in PAPERS:
            html = sheet_html(playbook, checklist_id, paper)
            key = cache_key("sheet", paper, html, css)
            name = f"{checklist_id}-{paper}"
            pdf, spread = cache.get(name, key, "pdf"), cache.get(name, key, "css")
            png = cache.get(f"{checklist_id}-preview", key, "png") if paper == "a4" else None
            if pdf and spread and (paper != "a4" or png):
                result.files[paths[paper]] = pdf
                if png:
                    result.files[paths["preview"]] = png
                sheets[paper][checklist_id] = (html, spread.read_text(encoding="utf-8"))
                continue
            todo.append(
                {"name": name, "id": checklist_id, "paper": paper, "key": key, "html": html, "css": css, "base_url": base_url,
                 "preview": paper == "a4", "items": len(checklist.items)}
            )  # fmt: skip

    workers = _Workers(workers)
    try:
        problems = []
        for job, out in zip(todo, workers.map(render_sheet_job, todo, css, base_url), strict=True):
            if out["pdf"] is None:
                problems.append(layout_problem(playbook.checklists[job["id"]].path, PAPERS[job["paper"]], out["pages"], out["overflow"]))
                continue
            paths = site_paths(job["id"])
            result.files[paths[job["paper"]]] = cache.put(job["name"], job["key"], "pdf", out["pdf"])
            cache.put(job["name"], job["key"], "css", out["spread"].encode("utf-8"))
            if out["png"] is not None:
                result.files[paths["preview"]] = cache.put(f"{job['id']}-preview", job["key"], "png", out["png"])
            sheets[job["paper"]][job["id"]] = (job["html"], out["spread"])
            result.rendered.append(job["name"])
        if problems:
            raise DataError(problems)

        packs = pack_jobs(playbook, sheets, css, base_url, cache)
        pack_todo = [job for job in packs if not job.get("cached")]
        for job in packs:
            if job.get("cached"):
                result.files[pack_path(job["paper"])] = job["cached"]
        for job, out in zip(pack_todo, workers.map(render_pack_job, pack_todo, css, base_url), strict=True):
            if out["pdf"] is None:
                problems.append(pack_problem(job["paper"], out))
                continue
            result.files[pack_path(job["paper"])] = cache.put(job["name"], job["key"], "pdf", out["pdf"])
            result.rendered.append(job["name"])
        if problems:
            raise DataError(problems)
    finally:
        workers.close()
    result.files = dict(sorted(result.files.items()))
    return result


def write_printables(playbook: Playbook, root: Path, out_dir: Path, workers: int | None = None) -> list[Path]:
    """Render every printable and copy it into `out_dir` (as pdf/ in the site); returns the files written."""
    written = []
    for site_path, source in render_printables(playbook, root, workers=workers).files.items():
        target = Path(out_dir) / site_path.removeprefix("pdf/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
        written.append(target)
    return written
