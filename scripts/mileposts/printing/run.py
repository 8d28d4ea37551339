"""Render every printable the kinds describe, and the trainer pack, in the background, through a content-addressed cache.

Each file is cached in <root>/.cache/pdf/ under a hash of its inputs (see cache.py), so an
unchanged sheet is never rendered twice and `mkdocs serve` stays fast. Whatever is not
cached is rendered in worker processes, one per core: the sheets and the pack's cover,
longest first, each laid out once for both paper sizes; then the pack joins its cover and
the finished sheets. `PrintablesRun` plans it and returns at once with every file's final
path, so a site generator can go on building pages meanwhile and call `finish` when it
needs the files. The engine knows no kind: it prints `Printable`s (printable.py).
"""

from __future__ import annotations

import dataclasses
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import Any

from ..core.problems import DataError, Problem
from .cache import PdfCache, cache_key
from .fit import layout_problem
from .fonts import font_problems
from .pack import (
    CoverJob,
    CoverResult,
    JoinJob,
    PackJob,
    cover_html,
    cover_job,
    in_pack,
    join_pack_job,
    join_sheets_job,
    pack_path,
    pack_problem,
    render_cover_job,
)
from .papers import write_pdf
from .pdf import layout, preview_png, render_sheet_job
from .printable import PAPERS, PREVIEW, Pack, Printable, SheetJob, SheetResult


@dataclass
class PrintSet:
    """What to print: every kind's printables, and the site settings (name, licence, addresses) the pack's cover shows."""

    printables: list[Printable]
    site: Any
    packs: list[Pack] = field(default_factory=list)  # the kinds' own packs (a session kit's), besides the trainer pack


def planned_paths(print_set: PrintSet) -> list[str]:
    """Every site path the printables take, known without rendering: for stand-ins until the files are made."""
    paths = [path for printable in print_set.printables for path in printable.outputs.values()]
    if in_pack(print_set.printables):
        paths += [pack_path(paper) for paper in PAPERS]
    paths += [path for pack in print_set.packs for path in pack.outputs.values()]
    return sorted(paths)


@dataclass
class Printables:
    """The files to publish (site path -> file in the cache) and the names rendered this time (not from the cache)."""

    files: dict[str, Path] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)


@dataclass
class _Task:
    """One job for a worker: its cache name and key, where its outputs go (site path -> cache name, extension, result field)."""

    name: str
    key: str
    outputs: dict[str, tuple[str, str, str]]
    job: SheetJob | CoverJob | JoinJob | PackJob
    runner: Callable[[Any], Any]
    printable: Printable | None = None


class _Workers:
    """A process pool made on first use and shared by both phases; serial for one job or one core."""

    def __init__(self, workers: int | None, css: str, base_url: str):
        self.workers = workers or os.cpu_count() or 1
        self.css, self.base_url = css, base_url
        self.pool: ProcessPoolExecutor | None = None

    def submit(self, tasks: list[_Task]) -> list[Future]:
        """Run each task in the pool, in order; at once, in this process, for one task or one core."""
        if len(tasks) <= 1 or self.workers <= 1:
            return [_done(task.runner, task.job) for task in tasks]
        if self.pool is None:
            # Fork is fast (and inherits the warmed-up fonts), but only safe while this is the
            # process's one thread; `mkdocs serve` runs a watcher and a server, so it spawns.
            fork = "fork" in get_all_start_methods() and threading.active_count() == 1
            if fork:  # load WeasyPrint, the fonts and the preview renderer once, before forking
                preview_png(write_pdf(layout("<p>.</p>", self.css, self.base_url)))
            context = get_context("fork" if fork else "spawn")
            self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context, initializer=_leave_ctrl_c_to_the_build)
        return [self.pool.submit(task.runner, task.job) for task in tasks]

    def close(self, cancel: bool = False) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=not cancel, cancel_futures=cancel)


def _leave_ctrl_c_to_the_build() -> None:
    """In a worker: ignore Ctrl-C, which the build itself handles (it stops the pool and removes what is unfinished)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _done(runner: Callable[[Any], Any], job: Any) -> Future:
    """A future already holding runner(job): the serial path."""
    future: Future = Future()
    future.set_result(runner(job))
    return future


class PrintablesRun:
    """Printables being rendered in the background: `files` is known at once, `finish` waits for them."""

    def __init__(self, print_set: PrintSet, root: Path, cache_dir: Path | None = None, workers: int | None = None):
        root = Path(root).resolve()
        self.print_set, self.root = print_set, root
        self.cache = PdfCache(cache_dir or root / ".cache" / "pdf")
        self.cache.hold()  # released by close(), once the caller has copied the files
        css_path = root / "docs" / "assets" / "print.css"
        self.css = css_path.read_text(encoding="utf-8")
        self.base_url = css_path.parent.as_uri() + "/"
        self.files: dict[str, Path] = {}
        self.result = Printables()
        self.sheet_keys: dict[str, str] = {}
        sheets = [t for p in print_set.printables for t in self._plan(self._sheet_task(p))]
        # What is rendered must be drawable: a character no installed font has is a problem, never an empty box.
        problems = font_problems(root, sorted({f for t in sheets if t.printable for f in t.printable.data_files}))
        if problems:
            self.cache.release()
            raise DataError(problems)
        cover = self._pack_tasks()
        self.kit_packs = [t for pack in print_set.packs for t in self._plan(self._kit_pack_task(pack))]  # joined once sheets are done
        longest = [t for t in sheets if t.printable is not None and not t.printable.print_css]  # the self-styled ones
        tasks = longest + cover + [t for t in sheets if t not in longest]  # longest first, so both workers finish together
        self.workers = _Workers(workers, self.css, self.base_url)
        self.running = self._submit(tasks)
        self.cover: CoverResult | None = None  # the laid-out cover and contents, for the join

    def _plan(self, task: _Task) -> list[_Task]:
        """Record the task's outputs; [] when the cache has them all, else [task]."""
        cached = True
        for site_path, (name, ext, _) in task.outputs.items():
            self.files[site_path] = self.cache.path(name, task.key, ext)
            cached = cached and self.cache.get(name, task.key, ext) is not None
        return [] if cached else [task]

    def _sheet_task(self, printable: Printable) -> _Task:
        """One sheet: laid out once, published on each paper (and as a preview, if it has one)."""
        html, css = printable.html(), (self.css if printable.print_css else "")
        key = self.sheet_keys[printable.name] = cache_key("sheet", html, css)
        outputs = {}
        for which, site_path in printable.outputs.items():
            ext = "png" if which == PREVIEW else "pdf"
            outputs[site_path] = (f"{printable.name}-{which}", ext, which)
        job = SheetJob(html, css, self.base_url, preview=PREVIEW in printable.outputs, pages=printable.pages)
        return _Task(printable.name, key, outputs, job, render_sheet_job, printable)

    def _pack_tasks(self) -> list[_Task]:
        sheets = in_pack(self.print_set.printables)
        if not sheets:
            return []
        self.pack_sheets = [self.files[p.outputs["a4"]] for p in sheets]
        self.pack_lengths = tuple(p.pages for p in sheets)
        key = cache_key("pack", cover_html(self.print_set.site, sheets), self.css, *(self.sheet_keys[p.name] for p in sheets))
        outputs = {pack_path(paper): (f"mileposts-trainer-pack-{paper}", "pdf", paper) for paper in PAPERS}
        planned = self._plan(_Task("mileposts-trainer-pack", key, outputs, JoinJob(b"", (), ()), render_cover_job))
        for task in planned:  # the cover's job (a render for each number of front pages) only when it must be laid out
            task.job = cover_job(self.print_set.site, sheets, self.css, self.base_url)
        return planned

    def _kit_pack_task(self, pack: Pack) -> _Task:
        """A kind's own pack: its sheets' files joined for each paper (after the sheets are rendered)."""
        named = {p.source: p for p in reversed(self.print_set.printables)} | {p.name: p for p in self.print_set.printables}
        sheets = [named[name] for name in pack.sheets if name in named]  # a name, or a data file for its (first) printable
        key = cache_key("kit-pack", pack.name, *(self.sheet_keys[p.name] for p in sheets))
        outputs = {path: (f"{pack.name}-{paper}", "pdf", paper) for paper, path in pack.outputs.items()}
        files = {paper: tuple(str(self.files[p.outputs[paper]]) for p in sheets) for paper in pack.outputs}
        return _Task(pack.name, key, outputs, PackJob(files, sheets[0].pack.title if sheets[0].pack else pack.name), join_sheets_job)

    def _submit(self, tasks: list[_Task]) -> list[tuple[_Task, Future]]:
        return list(zip(tasks, self.workers.submit(tasks), strict=True))

    def _collect(self, running: list[tuple[_Task, Future]]) -> list[Problem]:
        """Store each finished task's files in the cache (a pack's cover waits for its join); the problems of those that did not fit."""
        problems = []
        for task, future in running:
            out = future.result()
            if isinstance(out, CoverResult):
                if out.pdf is None:
                    problems.append(pack_problem(out))
                self.cover = out
                continue
            if isinstance(out, SheetResult) and not out.fits:
                problems.append(self._problem(task, out))
                continue
            files = out.pdfs if isinstance(out, SheetResult) else out
            for name, ext, which in task.outputs.values():
                data = out.png if which == PREVIEW and isinstance(out, SheetResult) else files[which]
                assert data is not None
                self.cache.put(name, task.key, ext, data)
                if ext == "pdf":
                    self.result.rendered.append(name)
        return problems

    def _problem(self, task: _Task, out: SheetResult) -> Problem:
        """The problem for a sheet that does not fit: at the text that grew, when its kind can tell, else at the sheet's file."""
        printable = task.printable
        assert printable is not None
        cause = printable.cause(self.root, out.parts) if printable.cause is not None else None
        return cause or layout_problem(printable.source, out.pages, out.overflow, printable.what, printable.advice, printable.pages)

    def _join_tasks(self) -> list[_Task]:
        """The pack, if its cover was laid out: join that cover and the finished sheets."""
        joins = []
        for task, _ in self.running:
            if isinstance(task.job, CoverJob) and self.cover is not None and self.cover.pdf is not None:
                job = JoinJob(self.cover.pdf, tuple(self.cover.links), tuple(str(p) for p in self.pack_sheets), self.pack_lengths)
                joins.append(dataclasses.replace(task, job=job, runner=join_pack_job))
        return joins + self.kit_packs

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


def render_printables(print_set: PrintSet, root: Path, cache_dir: Path | None = None, workers: int | None = None) -> Printables:
    """Render (or take from the cache) every printable and the trainer pack; DataError if one does not fit."""
    run = PrintablesRun(print_set, root, cache_dir, workers)
    try:
        return run.finish()
    finally:
        run.close()
