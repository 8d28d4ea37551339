"""The one place MkDocs meets the Mileposts generator: a thin adapter, no logic of its own.

It loads data/ through `mileposts`, adds the generated pages as virtual files
(nothing is written into docs/), points their edit links at their YAML, and
expands markers and source boxes in hand-written pages. The generator itself
never imports MkDocs, so it runs from the command line too.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mileposts import offline, preview_pdfs
from mileposts.build import SiteBuild
from mileposts.pages import first_use_only
from mileposts.problems import DataError
from mileposts.search import patch_worker, tune_index_file

_build: SiteBuild | None = None
_command: str | None = None
_pdfs_in_background = False
_offline_build: offline.OfflineBuild | None = None
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
    _quick_theme_env(config)
    # Glossary tooltips: given to the abbr extension once, not appended to every page's Markdown.
    config.mdx_configs["abbr"] = {**config.mdx_configs.get("abbr", {}), "glossary": _build.abbreviation_glossary()}
    _build.append_abbreviations = False
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
    _start_offline_build(config)
    return files


def _start_offline_build(config) -> None:
    """Start the offline copy's build now, beside this one (PDFs are cached by now); on_post_build zips it."""
    global _offline_build
    if not _build.offline and offline.wanted(_command):
        _offline_build = offline.OfflineBuild(Path(config.config_file_path), strict=config.strict)


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


def on_page_content(html, page, config, files):
    """Keep each glossary tooltip on the first use of its term in the page only."""
    return first_use_only(html)


@event_priority(-50)  # after the search plugin writes its index, before the offline plugin copies it
def on_post_build(config):
    """Add readers' words to the search index; then zip the offline copy, built alongside since on_files (not under serve)."""
    global _offline_build
    site_dir = Path(config.site_dir)
    if tune_index_file(site_dir / "search" / "search_index.json", _build.search_keywords()):
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
    if _pdfs_in_background:  # `mkdocs serve`: the page is ready now, its PDFs follow (see preview_pdfs.py)
        preview_pdfs.render_in_background(_build.playbook, _build.root, site_dir, log)


def on_build_error(error):
    """Stop the offline copy's build when this build fails."""
    global _offline_build
    if _offline_build is not None:
        _offline_build.cancel()
        _offline_build = None


def _quick_theme_env(config) -> None:
    """Make the theme's Jinja environment cheaper to set up on every build, above all under `mkdocs serve`.

    Compiled templates are kept in .cache/jinja/. And MkDocs lists every file of the theme
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


def on_serve(server, config, builder):
    """Notice a saved file within 0.05 s (MkDocs polls every 0.5 s) and start the rebuild sooner, so edits show within a second.

    Polling stays (MkDocs' choice: it works on every file system, shared folders included);
    a poll of docs/, data/, overrides/ and scripts/mileposts/ takes under a millisecond.
    """
    from watchdog.observers.polling import PollingObserver

    scheduled = [config.docs_dir, config.config_file_path]  # MkDocs watches these before this hook runs
    for path in scheduled:
        server.unwatch(path)
    server.observer = PollingObserver(timeout=0.05)
    for path in scheduled:
        server.watch(path)
    server.build_delay = 0.02  # MkDocs waits 0.1 s for a burst of saves to end; a poll reports a burst at once
    return server
