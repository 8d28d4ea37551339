"""The one place MkDocs meets the Mileposts generator: a thin adapter, no logic of its own.

It loads data/ through `mileposts`, adds the generated pages as virtual files
(nothing is written into docs/), points their edit links at their YAML, and
expands markers and source boxes in hand-written pages. The generator itself
never imports MkDocs, so it runs from the command line too.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mileposts.build import SiteBuild
from mileposts.problems import DataError

_build: SiteBuild | None = None


def _guard(action):
    """Run `action`, turning data problems into a clean MkDocs error with no traceback."""
    try:
        return action()
    except DataError as error:
        raise PluginError("Mileposts data has problems:\n" + error.report()) from None


def on_config(config):
    """Load and check all data; take the site and repository addresses from data/site.yml."""
    global _build
    root = Path(config.config_file_path).resolve().parent
    _build = _guard(lambda: SiteBuild.load(root, Path(config.docs_dir), config.use_directory_urls))
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
