"""The one place MkDocs meets the Mileposts generator: a thin adapter, no logic of its own.

It loads data/ through `mileposts`, adds the generated pages as virtual files
(nothing is written into docs/), points their edit links at their YAML, and
expands markers and source boxes in hand-written pages. The generator itself
never imports MkDocs, so it runs from the command line too.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mileposts import offline, preview_pdfs
from mileposts.build import SiteBuild
from mileposts.problems import DataError
from mileposts.search import patch_worker, tune_index_file

_build: SiteBuild | None = None
_command: str | None = None
_pdfs_in_background = False
log = logging.getLogger("mkdocs.hooks.mileposts")


def _guard(action):
    """Run `action`, turning data problems into a clean MkDocs error with no traceback."""
    try:
        return action()
    except DataError as error:
        raise PluginError("Mileposts data has problems:\n" + error.report()) from None


def on_startup(command, dirty):
    """Remember whether this is `mkdocs serve` (no offline copy, PDFs in the background) or a real build."""
    global _command, _pdfs_in_background
    _command = command
    _pdfs_in_background = command == "serve" and preview_pdfs.defer_for_preview()


def _is_offline_build(config) -> bool:
    plugin = config.plugins.get("material/offline")
    return bool(plugin and plugin.config.enabled)


def on_config(config):
    """Load and check all data; take the site and repository addresses from data/site.yml."""
    global _build
    root = Path(config.config_file_path).resolve().parent
    is_offline = _is_offline_build(config)
    if is_offline:  # the offline copy: the iframe-worker shim from our own files, never from a CDN
        config.use_directory_urls = False
        config.extra["polyfills"] = offline.local_polyfills(config.extra.get("polyfills", []))
        config.theme["features"] = offline.offline_features(config.theme["features"])
    _build = _guard(lambda: SiteBuild.load(root, Path(config.docs_dir), config.use_directory_urls))
    _build.offline = is_offline
    site = _build.playbook.site
    config.site_url = site.site_url
    config.repo_url = site.repo_url
    config.repo_name = site.repo_url.rstrip("/").split("/", 3)[-1]
    config.edit_uri = f"edit/{site.branch}/docs/"
    return config


def on_files(files, config):
    """Add one virtual page per generated page; keep checklist pages out of the global navigation."""
    for page in _build.generated.values():
        file = File.generated(config, page.src, content=page.markdown)
        if page.src.startswith("checklists/") and page.src != "checklists/index.md":
            file.inclusion = InclusionLevel.NOT_IN_NAV
        files.append(file)
    for output in _guard(_build.extra_outputs):
        files.append(File.generated(config, output.path, abs_src_path=str(output.abs_path)))
    for path, content in _build.data_exports().items():
        files.append(File.generated(config, path, content=content))
    if not _build.offline:  # replaced by the real zip after the build (on_post_build)
        files.append(File.generated(config, offline.ZIP_NAME, content=offline.placeholder_zip()))
    return files


def on_page_markdown(markdown, page, config, files):
    """Expand markers, append the sources box and glossary tooltips; edit links of generated pages go to their YAML."""
    src = page.file.src_uri
    generated = _build.generated.get(src)
    edit_path = generated.edit_path if generated else page.meta.get("edit_path", f"docs/{src}")
    page.edit_url = _build.playbook.site.edit_url(edit_path)
    updated = _build.updated(edit_path)
    if updated:
        page.meta["revision_date"] = f"Last updated {updated}"
    return _guard(lambda: _build.finish_markdown(markdown, src, page.meta, is_generated=generated is not None))


@event_priority(-50)  # after the search plugin writes its index, before the offline plugin copies it
def on_post_build(config):
    """Add readers' words to the search index; then build the offline copy (not under `mkdocs serve`)."""
    site_dir = Path(config.site_dir)
    if tune_index_file(site_dir / "search" / "search_index.json", _build.search_keywords()):
        try:
            patch_worker(site_dir)
        except RuntimeError as error:
            raise PluginError(str(error)) from None
    if not _build.offline and offline.wanted(_command):
        try:
            target = offline.make_offline_copy(Path(config.config_file_path), site_dir, strict=config.strict)
        except RuntimeError as error:
            raise PluginError(str(error)) from None
        log.info("Built the offline copy: %s (%.1f MB)", target.name, target.stat().st_size / 1e6)
    if _pdfs_in_background:  # `mkdocs serve`: the page is ready now, its PDFs follow (see preview_pdfs.py)
        preview_pdfs.render_in_background(_build.playbook, _build.root, site_dir, log)


def on_env(env, config, files):
    """Keep Material's compiled templates in .cache/jinja/, so a rebuild (above all under `mkdocs serve`) skips compiling them."""
    import jinja2

    folder = Path(config.config_file_path).resolve().parent / ".cache" / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    return env


def on_serve(server, config, builder):
    """Notice a saved file within 0.1 s (MkDocs polls every 0.5 s) and start the rebuild sooner, so edits show within a second."""
    from watchdog.observers.polling import PollingObserver

    scheduled = [config.docs_dir, config.config_file_path]  # MkDocs watches these before this hook runs
    for path in scheduled:
        server.unwatch(path)
    server.observer = PollingObserver(timeout=0.1)
    for path in scheduled:
        server.watch(path)
    server.build_delay = 0.05  # MkDocs waits 0.1 s for a burst of saves to end
    return server
