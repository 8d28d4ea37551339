"""Speed-ups for MkDocs and Material, used by the hook module (mkdocs_hooks.py) and nothing else.

MkDocs-specific by nature, so kept apart from the generator (scripts/mileposts/, which
never imports MkDocs) and from the hook module, which stays a thin list of events:

- the offline copy's second build runs in a fork of this process, skipping start-up
  (0.5 s of every clean build), with whichever engine is running;
- the theme's templates are compiled once into .cache/jinja/ and not re-checked per use;
- under `mkdocs serve`, saved files are noticed sooner, a page whose Markdown did not
  change keeps its HTML, and the search index reuses the entries of pages whose HTML did
  not change (together they keep an edit visible within a second; see docs/performance.md).

Each one only saves time: without it, MkDocs does the same work the long way. The ones
that replace parts of MkDocs or Material switch themselves off unless the installed
versions are exactly those they were written for (WRITTEN_FOR): after an upgrade the
site builds the long way until someone checks them against the new code and updates it.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import logging
import multiprocessing
import os
import re
import sys
import threading
from pathlib import Path

from mileposts.site.offline import start_logged

WRITTEN_FOR = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.2"}
log = logging.getLogger("mkdocs.hooks.mileposts")


@functools.cache
def versions_match() -> bool:
    """Whether MkDocs and Material are exactly the versions the patches here were written for (said once if not)."""
    from importlib import metadata

    found = {}
    for name in WRITTEN_FOR:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "missing"
    if found != WRITTEN_FOR:
        log.info("Mileposts' speed-ups are off: written for %s, found %s.", WRITTEN_FOR, found)
    return found == WRITTEN_FOR


def apply(command: str) -> None:
    """Switch on the speed-ups for `command` (under `serve`: reuse what an edit did not change), if the versions match."""
    if command == "serve" and versions_match():
        remember_markdown()
        remember_search_entries()


def launch_engine(command: list[str], env: dict, cwd: Path, log: Path):
    """Run a `python -m ENGINE ...` command in a fork of this process when that is safe, else in a new Python.

    A fork starts with the engine, the theme and the Markdown extensions already imported,
    which saves the second build half a second of start-up on each clean build. The fork
    runs the engine's command line as `python -m ENGINE` would, whichever engine it is.
    """
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() != 1 or command[1:2] != ["-m"]:
        return start_logged(command, env, cwd, log)
    process = multiprocessing.get_context("fork").Process(target=_forked_engine, args=(command[2], command[3:], env, cwd, log), daemon=True)
    process.start()
    return _ForkedProcess(process)


def _forked_engine(module: str, arguments: list[str], env: dict, cwd: Path, log: Path) -> None:
    """In the fork: send the output to `log`, take on `env` and `cwd`, and run `python -m module arguments` (exits with its status)."""
    import runpy

    with log.open("w") as stream:
        os.dup2(stream.fileno(), 1)
        os.dup2(stream.fileno(), 2)
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    logging.getLogger("mkdocs").handlers.clear()  # the command line adds its own
    sys.argv = [module, *arguments]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


class _ForkedProcess:
    """The few methods of subprocess.Popen that OfflineBuild uses, for a forked multiprocessing.Process."""

    def __init__(self, process):
        self.process = process

    def wait(self, timeout: float | None = None) -> int | None:
        self.process.join(timeout)
        return self.process.exitcode

    def poll(self) -> int | None:
        return self.process.exitcode

    def kill(self) -> None:
        self.process.kill()


def quick_theme_env(config) -> None:
    """Make the theme's Jinja environment cheaper to set up on every build (see below), if the versions match."""
    if versions_match():
        _quick_theme_env(config)


def _quick_theme_env(config) -> None:
    """Make the theme's Jinja environment cheaper to set up on every build, above all under `mkdocs serve`.

    Compiled templates are kept in .cache/jinja/, and loaded templates are not checked
    again for changes within the build (2,400 checks a build). And MkDocs lists every file of the theme
    to copy the static ones, including Material's 15,000 icons in a hidden folder, only to
    drop everything hidden: the listing here skips hidden files and folders from the start.
    """
    import jinja2

    folder = Path(config.config_file_path).resolve().parent / ".cache" / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    get_env = config.theme.get_env

    def quick_get_env():
        env = get_env()
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
        env.auto_reload = False  # a new environment per build: no need to check every template's date on every use
        env.loader.list_templates = functools.partial(_visible_files, list(env.loader.searchpath))
        return env

    config.theme.get_env = quick_get_env


def _visible_files(folders: list[str]) -> list[str]:
    """Files under `folders` as template names (like jinja2.FileSystemLoader.list_templates), hidden ones left out."""
    names = set()
    for folder in folders:
        for directory, subfolders, files in os.walk(folder):
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            relative = os.path.relpath(directory, folder)
            for name in files:
                if not name.startswith("."):
                    names.add(name if relative == "." else f"{relative}/{name}".replace(os.sep, "/"))
    return sorted(names)


class _Memo:
    """Results remembered from one preview build to the next, keyed by a hash of everything they depend on.

    Whatever a build did not use is dropped when the next one starts, so the memory
    stays that of one build.
    """

    def __init__(self):
        self.remembered: dict[str, object] = {}
        self.used: set[str] = set()

    def get(self, *parts) -> tuple[str, object | None]:
        """The key for `parts`, and what was remembered under it (None if nothing)."""
        key = hashlib.sha256(repr(parts).encode()).hexdigest()
        self.used.add(key)
        return key, self.remembered.get(key)

    def next_build(self) -> None:
        for key in set(self.remembered) - self.used:
            del self.remembered[key]
        self.used.clear()


_memos: list[_Memo] = []


def next_preview_build() -> None:
    """Called as each preview build starts: forget what the last build did not use."""
    for memo in _memos:
        memo.next_build()


def remember_search_entries() -> None:
    """Under `mkdocs serve`: give an unchanged page the search entries it had in the last build instead of parsing it again.

    Material's search plugin parses every page's HTML on every rebuild, a fifth of a
    preview rebuild. A page's entries depend only on its address, HTML, title, table of
    contents and front matter, so those are the key.
    """
    try:
        from material.plugins.search.plugin import SearchIndex
    except ImportError:
        return
    if getattr(SearchIndex, "_mileposts_remembered", False):
        return
    parse, memo = SearchIndex.add_entry_from_context, _Memo()
    _memos.append(memo)

    def add_entry_from_context(self, page):
        key, entries = memo.get(page.url, page.content, page.title, str(page.toc), sorted(page.meta.items()))
        if entries is None:
            before = len(self.entries)
            parse(self, page)
            memo.remembered[key] = copy.deepcopy(self.entries[before:])
        else:
            self.entries.extend(copy.deepcopy(entries))

    SearchIndex.add_entry_from_context = add_entry_from_context
    SearchIndex._mileposts_remembered = True


def remember_markdown() -> None:
    """Under `mkdocs serve`: give an unchanged page the HTML it had in the last build instead of converting it again.

    Converting Markdown is two fifths of a preview rebuild, and an edit to one checklist
    changes a handful of pages. A page's HTML depends on its Markdown (after the hooks,
    so data changes show), its address, the Markdown settings and every file's address
    (for links), so those are the key. The warnings the conversion logged (a broken
    link, say) are logged again each time, so a preview never hides one.
    """
    from mkdocs.structure.pages import Page

    if getattr(Page, "_mileposts_remembered", False):
        return
    convert, memo = Page.render, _Memo()
    _memos.append(memo)
    addresses: dict[int, str] = {}
    logger = logging.getLogger("mkdocs")

    def render(self, config, files):
        if id(files) not in addresses:
            addresses.clear()
            addresses[id(files)] = repr(sorted((f.src_uri, f.url) for f in files))
        settings = (config["markdown_extensions"], config["mdx_configs"], config["validation"])
        settings_text = re.sub(r" at 0x[0-9a-f]+", "", repr(settings))  # placeholders such as !relative print an address
        key, done = memo.get(self.file.src_uri, self.url, self.markdown, addresses[id(files)], settings_text)
        links = None
        if done is not None and done["links"] is not None:
            links = {files.get_file_from_path(src): anchors for src, anchors in done["links"].items()}
            done = None if None in links else done
        if done is None:
            records = _Records()
            logger.addHandler(records)
            try:
                convert(self, config, files)
            finally:
                logger.removeHandler(records)
            links = self.links_to_anchors
            memo.remembered[key] = {
                "content": self.content,
                "toc": copy.deepcopy(self.toc),
                "title": self._title_from_render,
                "anchors": set(self.present_anchor_ids),
                "links": None if links is None else {f.src_uri: dict(a) for f, a in links.items()},
                "records": records.records,
            }
            return
        for record in done["records"]:
            logging.getLogger(record.name).handle(record)
        self.content, self.toc, self._title_from_render = done["content"], copy.deepcopy(done["toc"]), done["title"]
        self.present_anchor_ids = set(done["anchors"])
        if links is not None:
            self.links_to_anchors = links

    Page.render = render
    Page._mileposts_remembered = True


class _Records(logging.Handler):
    """Keeps the log records of one page's conversion, to replay them when the page is not converted again."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def quick_watcher(server, config):
    """Notice a saved file within 0.05 s (MkDocs polls every 0.5 s) and start the rebuild sooner, so edits show within a second.

    Polling stays (MkDocs' choice: it works on every file system, shared folders included);
    a poll of docs/, data/, overrides/ and scripts/mileposts/ takes under a millisecond.
    """
    if not versions_match():
        return server
    from watchdog.observers.polling import PollingObserver

    scheduled = [config.docs_dir, config.config_file_path]  # MkDocs watches these before this hook runs
    for path in scheduled:
        server.unwatch(path)
    server.observer = PollingObserver(timeout=0.05)
    for path in scheduled:
        server.watch(path)
    server.build_delay = 0.02  # MkDocs waits 0.1 s for a burst of saves to end; a poll reports a burst at once
    return server
