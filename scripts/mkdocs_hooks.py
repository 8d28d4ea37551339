"""The one place MkDocs meets the Mileposts generator: a thin caller of the code `python -m mileposts stage` runs.

Every page MkDocs reads is the generator's finished page (site/build.py: `finished`), the
very text `stage` writes to disk, handed over from memory: hand-written pages through
on_page_read_source, generated pages as virtual files. The generator never imports
MkDocs. What only a hook can add on top: the JSON exports and PDFs published without a
copy in docs/, everyday search words in the search index, the search worker's filter,
the offline copy built alongside, the service worker's precache list, and a build that swaps into site_dir only on success.
"""

from __future__ import annotations

import logging
import shutil
import signal
import sys
import threading
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

sys.path.insert(0, str(Path(__file__).resolve().parent))

import mkdocs_serve_errors as serve_errors
import mkdocs_speedups as speedups
from mileposts.core.problems import DataError
from mileposts.printing.run import PrintablesRun
from mileposts.site import offline, preview_pdfs, pwa
from mileposts.site.build import SiteBuild
from mileposts.site.minify import is_own_asset, minified
from mileposts.site.search import patch_worker, tune_index_file
from mileposts.site.staging import StagedDir

_build: SiteBuild | None = None
_command: str | None = None
_dirty = False
_pdfs_in_background = False
_offline_build: offline.OfflineBuild | None = None
_printables: PrintablesRun | None = None
_stand_ins: set[Path] = set()  # printables published empty while they render (filled in on_post_build)
_staged: StagedDir | None = None  # `mkdocs build` writes here and swaps it into site_dir once it has succeeded
_finished = False
log = logging.getLogger("mkdocs.hooks.mileposts")


def _guard(action, root: Path | None = None):
    """Run `action`, turning data problems into a clean MkDocs error with no traceback (and, under serve, a page in the browser)."""
    try:
        return action()
    except DataError as error:
        if _command == "serve":
            serve_errors.record(error.problems, root or Path.cwd())
        raise PluginError("Mileposts data has problems:\n" + error.report()) from None


def _stop_on_sigterm(signum, frame):
    raise KeyboardInterrupt  # so that on_shutdown runs and removes the unfinished build, as on Ctrl-C


def on_startup(command, dirty):
    """Remember whether this is `mkdocs serve` (no offline copy, PDFs in the background) or a real build."""
    global _command, _pdfs_in_background, _dirty, _staged, _finished
    _command, _dirty = command, dirty
    _staged, _finished = None, False  # a fork of this process (the offline copy's build) starts afresh
    if command == "build" and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop_on_sigterm)
    _pdfs_in_background = command == "serve" and preview_pdfs.defer_for_preview()
    speedups.apply(command)


def _is_offline_build(config) -> bool:
    plugin = config.plugins.get("material/offline")
    return bool(plugin and plugin.config.enabled)


def on_config(config):
    """Load and check all data and pages; take the site and repository addresses from data/site.yml."""
    global _build
    speedups.next_preview_build()
    root = Path(config.config_file_path).resolve().parent
    is_offline = _is_offline_build(config)
    if is_offline:  # the offline copy: the iframe-worker shim from our own files, never from a CDN
        config.use_directory_urls = False
        config.extra["polyfills"] = offline.local_polyfills(config.extra.get("polyfills", []))
        config.theme["features"] = offline.offline_features(config.theme["features"])
    inherited = SiteBuild.for_offline_copy(root, Path(config.docs_dir)) if is_offline else None  # the data checked once
    _build = inherited or _guard(lambda: SiteBuild.load(root, Path(config.docs_dir), config.use_directory_urls), root)
    serve_errors.clear()
    _build.offline = is_offline
    speedups.quick_theme_env(config)
    site = _build.playbook.site
    config.site_url = site.site_url
    config.repo_url = site.repo_url
    config.repo_name = site.repo_url.rstrip("/").split("/", 3)[-1]
    config.extra["pwa"] = _pwa_wanted(is_offline)  # read by overrides/main.html (the manifest link)
    config.edit_uri = ""  # every page names its own edit link in front matter (overrides/partials/actions.html)
    _stage(config)
    _start_offline_build(config)
    return config


def _pwa_wanted(is_offline: bool) -> bool:
    """Whether this build is installable with a service worker: not the offline copy (file://), not `mkdocs serve` (live edits)."""
    return not is_offline and _command != "serve"


def _stage(config) -> None:
    """`mkdocs build` (not serve, not --dirty) writes into a folder of its own, swapped into site_dir on success (see staging.py)."""
    global _staged, _finished
    _finished = False
    if _command == "build" and not _dirty and _staged is None:
        _staged = StagedDir(Path(config.site_dir))
        config.site_dir = str(_staged.path)


def on_files(files, config):
    """Add the generated pages (the ones an index links kept out of the navigation), the exports and the printables."""
    for src in _build.generated:
        file = File.generated(config, src, content=_build.finished(src))
        if not _build.generated[src].in_nav:
            file.inclusion = InclusionLevel.NOT_IN_NAV
        files.append(file)
    _add_printables(files, config)
    for path, content in _build.data_exports().items():
        files.append(File.generated(config, path, content=content))
    if not _build.offline:  # replaced by the real zip after the build (on_post_build)
        files.append(File.generated(config, offline.ZIP_NAME, content=offline.placeholder_zip()))
    if config.extra.get("pwa"):
        for path, content in pwa.site_files(_build.playbook.site.name).items():
            files.append(File.generated(config, path, content=content))
    if _command != "serve":  # a preview keeps the files as written, comments and all
        _minify_assets(files, config)
    return files


def _minify_assets(files, config) -> None:
    """Publish our own stylesheets and scripts without the comments written for contributors (see minify.py)."""
    for file in list(files):
        if file.abs_src_path and not file.generated_by and is_own_asset(file.src_uri):
            text = minified(file.src_uri, Path(file.abs_src_path).read_text(encoding="utf-8"))
            if text is not None:
                files.remove(file)
                files.append(File.generated(config, file.src_uri, content=text))


def on_page_read_source(page, config):
    """A hand-written page as the generator finishes it (markers, sources box, tooltips, edit link, date)."""
    src = page.file.src_uri
    return _build.finished(src) if src in _build.docs else None


def _add_printables(files, config) -> None:
    """Start the PDFs rendering in worker processes while the pages build; publish each now, cached or as a stand-in."""
    global _printables
    _stand_ins.clear()
    _printables = _guard(_build.start_printables)
    planned = _printables.files if _printables else dict.fromkeys(_build.printable_paths())
    for path, cached in planned.items():
        if cached is not None and cached.is_file():
            files.append(File.generated(config, path, abs_src_path=str(cached)))
        else:  # rendering now (or, in the offline copy's build, supplied by the main build): filled in on_post_build
            files.append(File.generated(config, path, content=b""))
            _stand_ins.add(Path(config.site_dir) / path)


def _finish_printables(site_dir: Path) -> None:
    """Wait for the PDFs still rendering and put them in place of their stand-ins."""
    global _printables
    if _printables is None:
        return
    run, _printables = _printables, None
    try:
        rendered = _guard(run.finish)
        for path, source in rendered.files.items():
            target = site_dir / path
            if target in _stand_ins:
                shutil.copyfile(source, target)
    finally:
        run.close()
    _stand_ins.clear()
    if rendered.rendered:
        log.info("Rendered %d printables (the rest came from .cache/pdf/).", len(rendered.rendered))


def _start_offline_build(config) -> None:
    """Start the offline copy's build as soon as the data is known good, beside this one; on_post_build zips it."""
    global _offline_build
    if not _build.offline and offline.wanted(_command):
        _offline_build = offline.OfflineBuild(
            Path(config.config_file_path), strict=config.strict, launch=speedups.launch_engine, engine=_engine()
        )


def _engine() -> str:
    """The module of the site tool running this hook: "mkdocs", or "properdocs" (which answers to `import mkdocs` too)."""
    import mkdocs

    return mkdocs.__name__


@event_priority(-50)  # after the search plugin writes its index, before the offline plugin copies it
def on_post_build(config):
    """Add readers' words to the search index; put the finished PDFs in; zip the offline copy, built alongside (not under serve)."""
    global _offline_build, _finished
    site_dir = Path(config.site_dir)
    _finish_printables(site_dir)
    if tune_index_file(
        site_dir / "search" / "search_index.json", _build.search_keywords(), _build.search_synonyms(), _build.search_descriptions()
    ):
        try:
            patch_worker(site_dir)
        except RuntimeError as error:
            raise PluginError(str(error)) from None
    if _offline_build is not None:
        build, _offline_build = _offline_build, None
        try:
            target = build.finish(site_dir)
        except RuntimeError as error:
            raise PluginError(str(error)) from None
        log.info("Built the offline copy: %s (%.1f MB)", target.name, target.stat().st_size / 1e6)
    if config.extra.get("pwa"):  # last, so that its precache list names every file as it is published
        cache = pwa.write_worker(site_dir)
        log.info("Wrote the service worker: %d files precached (%.1f MB)", len(cache.entries), cache.total_bytes / 1e6)
    if _pdfs_in_background:  # `mkdocs serve`: the page is ready now, its PDFs follow (see preview_pdfs.py)
        preview_pdfs.render_in_background(_build.playbook, _build.root, site_dir, log)
    _finished = True  # strict mode may still fail the build after this event: on_build_error then says so


def on_build_error(error):
    """Stop the offline copy's build and the PDFs' rendering when this build fails; leave no empty stand-ins behind."""
    global _offline_build, _printables, _finished
    _finished = False
    if _offline_build is not None:
        _offline_build.cancel()
        _offline_build = None
    if _printables is not None:
        _printables.cancel()
        _printables = None
    for stand_in in _stand_ins:
        if stand_in.is_file() and stand_in.stat().st_size == 0:
            stand_in.unlink()
    _stand_ins.clear()


def on_shutdown():
    """Swap the finished build into site_dir; after a failure or Ctrl-C, remove it and leave site_dir as it was."""
    global _staged, _offline_build, _printables
    staged, _staged = _staged, None
    for work in (_offline_build, _printables):
        if work is not None:
            work.cancel()
    _offline_build = _printables = None
    if staged is None:
        return
    if _finished:
        if _build is not None and _build.offline:  # the offline copy's build: zip itself here, on its own core
            offline.zip_own_files(staged.path)
        staged.commit()
    else:
        staged.discard()


def on_serve(server, config, builder):
    """Notice saved files sooner and rebuild sooner (see mkdocs_speedups.py); show data problems in the browser (mkdocs_serve_errors.py)."""
    server = speedups.quick_watcher(server, config)
    serve_errors.install(server)
    return server
