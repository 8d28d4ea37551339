"""`mileposts stage OUT`: a finished docs tree that any MkDocs-compatible engine builds, with no hook.

OUT/docs holds every page finished as the hooked build finishes it (site/build.py:
front matter with the edit link and last-updated date, markers expanded, sources boxes,
first-use glossary tooltips), every generated page, the static files of docs/, the JSON
exports and the PDFs; OUT/overrides the theme overrides; OUT/mkdocs.yml the project's
configuration with the hook removed and the addresses from data/site.yml written in.
What only the hook can do is not in the tree: the everyday search words added to the
search index, the search worker's filler-word filter, and the offline copy's zip. The
web-app manifest and icons are in it (and `extra: pwa: true`, so pages link them); the
service worker lists the built files, so run `python -m mileposts precache SITE` after
the engine's build to write sw.js (site/pwa.py).

The tree is written into a folder of its own and swapped into OUT when complete, so an
interrupted stage leaves OUT as it was.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..core.atomic import write_atomically
from ..printing.pdf import enabled as pdf_enabled
from ..printing.run import render_printables
from .build import SiteBuild
from .offline import ZIP_NAME, placeholder_zip
from .pwa import site_files
from .staging import StagedDir

HOOK = "scripts/mkdocs_hooks.py"
COPIED = ("overrides",)  # the theme overrides (included files are already in the pages: site/snippets.py)


@dataclass
class Staged:
    """How much was written: pages, and every other file."""

    pages: int
    files: int


def staged_config(root: Path, build: SiteBuild) -> str:
    """mkdocs.yml for the staged tree: the project's, without the hook and its watch list, with the site's addresses.

    Edited as text, so its comments stay and nothing but these lines changes.
    """
    site = build.playbook.site
    lines, out, skipping = _without_hook_comments((root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()), [], False
    for line in lines:
        if skipping and (line.startswith((" ", "\t")) or not line.strip()):
            continue
        skipping = line.rstrip() in ("hooks:", "watch:", "not_in_nav: |")
        if skipping:
            continue  # the hook and its watch list
        line = line.replace("!ENV [MILEPOSTS_OFFLINE_BUILD, false]", "false")  # the offline copy is the hooked build's
        out.append(line.replace("[!relative $config_dir]", '["."]'))  # MkDocs-only tag; the pages hold their snippets already
        if line.startswith("site_name:"):
            out += [
                f"site_url: {json.dumps(site.site_url)}",
                f"repo_url: {json.dumps(site.repo_url)}",
                f"repo_name: {json.dumps(site.repo_url.rstrip('/').split('/', 3)[-1])}",
                'edit_uri: ""  # each page names its own edit link (front matter edit_url, read by overrides/partials/actions.html)',
            ]
    out += ["extra:", "  pwa: true  # the manifest link (overrides/main.html); sw.js: `python -m mileposts precache SITE`"]
    hidden = build.nav_hidden()
    if hidden:
        out += ["not_in_nav: |", *(f"  /{src}" for src in hidden)]
    return "# Staged by `python -m mileposts stage`: a finished tree, built with no hook.\n" + "\n".join(out) + "\n"


def _without_hook_comments(lines: list[str]) -> list[str]:
    """The lines without any block of comment lines that speaks of the hook (it is not in the staged tree)."""
    kept: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line.lstrip().startswith("#"):
            block.append(line)
            continue
        if not any("hook" in comment for comment in block):
            kept += block
        block = []
        kept.append(line)
    return kept[:-1]


def stage(build: SiteBuild, out: Path, workers: int | None = None) -> Staged:
    """Write the finished tree for `build` into `out` (replacing what was there, in one step at the end)."""
    root, out = build.root, Path(out)
    staged = StagedDir(out)
    try:
        docs = staged.path / "docs"
        for src in build.sources():
            target = docs / src
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, build.finished(src))
        files = 0
        docs_dir = root / "docs"
        for path in sorted(p for p in docs_dir.rglob("*") if p.is_file() and p.suffix != ".md"):
            target = docs / path.relative_to(docs_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            files += 1
        for export, content in build.data_exports().items():
            (docs / export).parent.mkdir(parents=True, exist_ok=True)
            write_atomically(docs / export, content)
            files += 1
        write_atomically(docs / ZIP_NAME, placeholder_zip())  # the offline copy is the hooked build's (see above)
        files += 1
        for site_path, data in site_files(build.playbook.site.name).items():
            (docs / site_path).parent.mkdir(parents=True, exist_ok=True)
            write_atomically(docs / site_path, data)
            files += 1
        if pdf_enabled():
            for site_path, source in render_printables(build.print_set(), root, workers=workers).files.items():
                (docs / site_path).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, docs / site_path)
                files += 1
        for name in COPIED:
            source_path = root / name
            if source_path.is_dir():
                shutil.copytree(source_path, staged.path / name)
            elif source_path.is_file():
                shutil.copy2(source_path, staged.path / name)
        write_atomically(staged.path / "mkdocs.yml", staged_config(root, build))
        staged.commit()
    except BaseException:
        staged.discard()
        raise
    return Staged(len(build.sources()), files)
