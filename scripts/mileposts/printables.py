"""Every printable: each checklist's A4 and US Letter sheets and preview, the self-assessment's sheets, the trainer packs.

Each file is cached in <root>/.cache/pdf/ under a hash of its inputs (see pdfcache.py), so
an unchanged checklist is never rendered twice and `mkdocs serve` stays fast. Whatever is
not cached is rendered in worker processes, one per core: the sheets, the self-assessment
and the packs' cover, longest first, each laid out once for both paper sizes; then the
pack joins its cover and the finished sheets. The work runs in the background: `start_printables` plans
it and returns at once with every file's final path, so a site generator can go on building
pages meanwhile and call `finish` when it needs the files. Set MILEPOSTS_PDF=0 to skip PDFs.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from .assessment import assessment_sheet
from .fonts import font_problems
from .layoutcause import cause_problem
from .model import Playbook
from .pdf import PAPERS, layout, layout_problem, metadata_date, preview_png, render_sheet_job, sheet_html, write_pdf
from .pdfcache import PdfCache, cache_key
from .problems import DataError, Problem
from .trainer_pack import join_pack_job, pack_job, pack_order, pack_problem, render_cover_job

KINDS = ("sheets", "assessment", "packs")


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


def assessment_path(paper: str) -> str:
    """Where the self-assessment's sheet for `paper` is published in the site."""
    return f"pdf/assessment-{paper}.pdf"


def printed_files(playbook: Playbook) -> list[str]:
    """The data files whose text the printables show (checked for characters no font can draw)."""
    files = ["data/site.yml", "data/sources.yml", *sorted(c.path for c in playbook.checklists.values())]
    return files + ([playbook.assessment.path] if playbook.assessment is not None else [])


def planned_paths(playbook: Playbook) -> list[str]:
    """Every site path the printables take, known without rendering: for stand-ins until the files are made."""
    paths = [path for checklist_id in playbook.checklists for path in site_paths(checklist_id).values()]
    if playbook.assessment is not None:
        paths += [assessment_path(paper) for paper in PAPERS]
    return sorted(paths + [pack_path(paper) for paper in PAPERS])


@dataclass
class Printables:
    """The files to publish (site path -> file in the cache) and the names rendered this time (not from the cache)."""

    files: dict[str, Path] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)


@dataclass
class _Task:
    """One file to render: its cache name and key, where its outputs go, the worker's job, and how to report a failure."""

    name: str
    key: str
    outputs: dict[str, tuple[str, str, str]]  # site path -> (cache name, extension, field of the worker's result: a paper or png)
    job: dict
    source: str  # the file a layout problem names
    kind: str


class _Workers:
    """A process pool made on first use and shared by both phases; serial for one job or one core."""

    def __init__(self, workers: int | None, css: str, base_url: str):
        self.workers = workers or os.cpu_count() or 1
        self.css, self.base_url = css, base_url
        self.pool: ProcessPoolExecutor | None = None

    def submit(self, tasks: list[tuple[object, dict]]) -> list[Future]:
        """Run each (function, job) in the pool, in order; at once, in this process, for one task or one core."""
        if len(tasks) <= 1 or self.workers <= 1:
            return [_done(function, job) for function, job in tasks]
        if self.pool is None:
            # Fork is fast (and inherits the warmed-up fonts), but only safe while this is the
            # process's one thread; `mkdocs serve` runs a watcher and a server, so it spawns.
            fork = "fork" in get_all_start_methods() and threading.active_count() == 1
            if fork:  # load WeasyPrint, the fonts and the preview renderer once, before forking
                preview_png(write_pdf(layout("<p>.</p>", self.css, self.base_url)))
            context = get_context("fork" if fork else "spawn")
            self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context, initializer=_leave_ctrl_c_to_the_build)
        return [self.pool.submit(function, job) for function, job in tasks]

    def close(self, cancel: bool = False) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=not cancel, cancel_futures=cancel)


def _leave_ctrl_c_to_the_build() -> None:
    """In a worker: ignore Ctrl-C, which the build itself handles (it stops the pool and removes what is unfinished)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _done(function, job: dict) -> Future:
    """A future already holding function(job): the serial path."""
    future: Future = Future()
    future.set_result(function(job))
    return future


class PrintablesRun:
    """Printables being rendered in the background: `files` is known at once, `finish` waits for them."""

    def __init__(self, playbook: Playbook, root: Path, cache_dir: Path | None = None, workers: int | None = None, kinds=KINDS):
        root = Path(root).resolve()
        problems = font_problems(root, printed_files(playbook))
        if problems:
            raise DataError(problems)
        self.playbook, self.root = playbook, root
        self.cache = PdfCache(cache_dir or root / ".cache" / "pdf")
        self.cache.hold()  # released by close(), once the caller has copied the files
        css_path = root / "docs" / "assets" / "print.css"
        self.css = css_path.read_text(encoding="utf-8")
        self.base_url = css_path.parent.as_uri() + "/"
        self.files: dict[str, Path] = {}
        self.result = Printables()
        self.sheet_keys: dict[str, str] = {}
        sheets = self._sheet_tasks() if "sheets" in kinds or "packs" in kinds else []
        assessment = self._assessment_tasks() if "assessment" in kinds else []
        covers = self._pack_tasks() if "packs" in kinds else []
        tasks = assessment + covers + sheets  # the longest first, so both workers finish together
        self.workers = _Workers(workers, self.css, self.base_url)
        self.running = self._submit(tasks)
        self.cover: dict | None = None  # the laid-out cover and contents, for the join

    def _plan(self, task: _Task) -> list[_Task]:
        """Record the task's outputs; [] when the cache has them all, else [task]."""
        cached = True
        for site_path, (name, ext, _) in task.outputs.items():
            self.files[site_path] = self.cache.path(name, task.key, ext)
            cached = cached and self.cache.get(name, task.key, ext) is not None
        return [] if cached else [task]

    def _sheet_tasks(self) -> list[_Task]:
        """One task per checklist: laid out once, published on A4 and US Letter, with a preview."""
        tasks = []
        for checklist_id, checklist in self.playbook.checklists.items():
            paths = site_paths(checklist_id)
            html = sheet_html(self.playbook, checklist_id)
            key = self.sheet_keys[checklist_id] = cache_key("sheet", html, self.css)
            outputs = {paths[paper]: (f"{checklist_id}-{paper}", "pdf", paper) for paper in PAPERS}
            outputs[paths["preview"]] = (f"{checklist_id}-preview", "png", "png")
            job = {"html": html, "css": self.css, "base_url": self.base_url, "preview": True}
            tasks += self._plan(_Task(checklist_id, key, outputs, job, checklist.path, "sheet"))
        return tasks

    def _assessment_tasks(self) -> list[_Task]:
        assessment = self.playbook.assessment
        if assessment is None:
            return []
        html = assessment_sheet(self.playbook, metadata_date(assessment.reviewed))
        key = cache_key("assessment", html)
        outputs = {assessment_path(paper): (f"assessment-{paper}", "pdf", paper) for paper in PAPERS}
        job = {"html": html, "css": "", "base_url": self.base_url, "preview": False}
        return self._plan(_Task("assessment", key, outputs, job, assessment.path, "assessment"))

    def _pack_tasks(self) -> list[_Task]:
        order = pack_order(self.playbook)
        sheets = [self.files[site_paths(i)["a4"]] for i in order]
        job = pack_job(self.playbook, sheets, self.css, self.base_url)
        key = cache_key("pack", job["cover"], self.css, *(self.sheet_keys[i] for i in order))
        outputs = {pack_path(paper): (f"mileposts-trainer-pack-{paper}", "pdf", paper) for paper in PAPERS}
        return self._plan(_Task("mileposts-trainer-pack", key, outputs, job, "", "pack"))

    def _submit(self, tasks: list[_Task]) -> list[tuple[_Task, Future]]:
        return list(zip(tasks, self.workers.submit([(_RUNNERS[t.kind], t.job) for t in tasks]), strict=True))

    def _collect(self, running: list[tuple[_Task, Future]]) -> list[Problem]:
        """Store each finished task's files in the cache (a pack's cover waits for its join); the problems of those that did not fit."""
        problems = []
        for task, future in running:
            out = future.result()
            if out["pdf"] is None:
                problems.append(self._problem(task, out))
                continue
            if task.kind == "pack":
                self.cover = out
                continue
            for name, ext, result_field in task.outputs.values():
                self.cache.put(name, task.key, ext, out[result_field])
                if ext == "pdf":
                    self.result.rendered.append(name)
        return problems

    def _join_tasks(self) -> list[_Task]:
        """The pack, if its cover was laid out: join that cover and the finished sheets."""
        joins = []
        for task, _ in self.running:
            if task.kind == "pack" and self.cover is not None:
                job = {"front": self.cover["pdf"], "links": self.cover["links"], "sheets": task.job["sheets"]}
                joins.append(dataclasses.replace(task, kind="join", job=job))
        return joins

    def finish(self) -> Printables:
        """Wait for every file; DataError naming each sheet that does not fit on its page."""
        try:
            problems = self._collect(self.running)
            if problems:
                raise DataError(problems)
            problems = self._collect(self._submit(self._join_tasks()))
            if problems:
                raise DataError(problems)
        finally:
            self.workers.close()
        self.result.files = dict(sorted(self.files.items()))
        return self.result

    def cancel(self) -> None:
        """Stop rendering (the build failed): queued work is dropped, files already cached stay."""
        self.workers.close(cancel=True)
        self.cache.release()

    def close(self) -> None:
        """Say the files have been copied: the cache may now drop the versions they replace."""
        self.cache.release()

    def _problem(self, task: _Task, out: dict) -> Problem:
        """The problem reported for a task whose output does not fit: at the text that grew, when that is not the checklist's."""
        checklist = self.playbook.checklists.get(task.name) if task.kind == "sheet" else None
        if checklist is not None:
            cause = cause_problem(self.root, self.playbook, checklist, out.get("parts") or {})
            if cause is not None:
                return cause
        return _problem(task, out)


_RUNNERS = {"sheet": render_sheet_job, "assessment": render_sheet_job, "pack": render_cover_job, "join": join_pack_job}


def _problem(task: _Task, out: dict) -> Problem:
    """The problem reported for a task whose output does not fit its pages."""
    if task.kind == "pack":
        return pack_problem(out)
    if task.kind == "assessment":
        return layout_problem(
            task.source, out["pages"], out["overflow"], "the printed self-assessment", "shorten questions, options or results"
        )
    return layout_problem(task.source, out["pages"], out["overflow"])


def start_printables(playbook: Playbook, root: Path, cache_dir: Path | None = None, workers: int | None = None) -> PrintablesRun:
    """Plan every printable and start rendering what the cache lacks; returns at once (see PrintablesRun)."""
    return PrintablesRun(playbook, root, cache_dir, workers)


def render_printables(playbook: Playbook, root: Path, cache_dir: Path | None = None, workers: int | None = None, kinds=KINDS) -> Printables:
    """Render (or take from the cache) every sheet, preview, self-assessment sheet and trainer pack; DataError if one overflows."""
    run = PrintablesRun(playbook, root, cache_dir, workers, kinds)
    try:
        return run.finish()
    finally:
        run.close()


def write_printables(playbook: Playbook, root: Path, out_dir: Path, workers: int | None = None) -> list[Path]:
    """Render every printable and copy it into `out_dir` (as pdf/ in the site); returns the files written."""
    written = []
    for site_path, source in render_printables(playbook, root, workers=workers).files.items():
        target = Path(out_dir) / site_path.removeprefix("pdf/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
        written.append(target)
    return written
