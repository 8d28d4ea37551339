"""Installable and offline on a phone: the web-app manifest, its icons, and a service worker with a precache list.

Plain Python, engine-neutral: `site_files` gives the manifest and the icons (published like
any generated file, and written into the staged tree), and `write_worker` walks a *built*
site and writes sw.js beside it, listing every page, PDF, the search index and every
asset with a hash of its content. The hooked build calls it last, once the PDFs and the
search index are final; for another engine, `python -m mileposts precache SITE_DIR` does
the same after its build. Addresses in the manifest and the worker are relative, so the
site works under a sub-path of its site_url (GitHub Pages' /mileposts/).

Left out of the precache: the offline zip (the whole site again, for desktops), sitemaps,
source maps, and the lunr language files an English search never loads. What is left
must stay under PRECACHE_BUDGET_BYTES (docs/performance.md; ./scripts/benchmark checks it).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..core.atomic import write_atomically
from .offline import ZIP_NAME as OFFLINE_ZIP
from .pwa_icons import APPLE_ICON, SIZES, TEAL, icon_files

WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"
PRECACHE_BUDGET_BYTES = 15 * 1000 * 1000  # about what three minutes of video costs on a phone plan
LEFT_OUT_NAMES = {WORKER, OFFLINE_ZIP, "sitemap.xml", "sitemap.xml.gz"}
LEFT_OUT_SUFFIXES = (".map", ".part")
LEFT_OUT_FOLDERS = ("assets/javascripts/lunr/",)  # other languages' stemmers; English search needs none
_TEMPLATE = Path(__file__).with_name("pwa_worker.js")


@dataclass(frozen=True)
class Precache:
    """What the worker keeps: (address, content hash, bytes) for each file, and a version naming the whole set."""

    entries: tuple[tuple[str, str, int], ...]
    version: str

    @property
    def total_bytes(self) -> int:
        """The bytes a phone downloads the first time the worker installs."""
        return sum(size for _, _, size in self.entries)


def manifest(name: str) -> str:
    """The web-app manifest: name, icons, colours, and a start URL and scope relative to where it is published."""
    icons = [
        {"src": path, "sizes": f"{size}x{size}", "type": "image/png", "purpose": "maskable" if maskable else "any"}
        for path, (size, maskable) in SIZES.items()
    ]
    data = {
        "name": name,
        "short_name": name[:12],
        "description": f"{name}, on your phone: every page, checklist and PDF, with or without a signal.",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "theme_color": TEAL,
        "background_color": "#ffffff",
        "icons": icons,
    }
    return json.dumps(data, indent=2, ensure_ascii=True) + "\n"


def site_files(name: str) -> dict[str, bytes]:
    """Every file the installable site needs before the build (the manifest, the icons), by its path in the site."""
    return {MANIFEST: manifest(name).encode("utf-8"), **icon_files()}


def head_links() -> tuple[str, ...]:
    """The site paths the page head links to (manifest, Apple's icon), for templates and tests."""
    return (MANIFEST, APPLE_ICON)


def _address(relative: str) -> str:
    """The address a reader uses for a built file: a folder's index.html as the folder."""
    if relative == "index.html":
        return "./"
    if relative.endswith("/index.html"):
        return relative[: -len("index.html")]
    return relative


def _kept(relative: str) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return not (
        relative in LEFT_OUT_NAMES or name.startswith(".") or relative.endswith(LEFT_OUT_SUFFIXES) or relative.startswith(LEFT_OUT_FOLDERS)
    )


def precache(site_dir: Path) -> Precache:
    """The precache list of a built site: every kept file, its address, a hash of its content and its size."""
    entries = []
    for path in sorted(p for p in Path(site_dir).rglob("*") if p.is_file()):
        relative = path.relative_to(site_dir).as_posix()
        if _kept(relative):
            data = path.read_bytes()
            entries.append((_address(relative), hashlib.sha256(data).hexdigest()[:16], len(data)))
    version = hashlib.sha256(json.dumps(entries).encode()).hexdigest()[:16]
    return Precache(tuple(entries), version)


def worker_source(cache: Precache) -> str:
    """sw.js for this precache list (JSON with every non-ASCII character escaped, so no data can end the literal)."""
    listed = json.dumps([[address, digest] for address, digest, _ in cache.entries], ensure_ascii=True).replace("<", "\\u003c")
    template = _TEMPLATE.read_text(encoding="utf-8")
    return template.replace("__PRECACHE__", listed).replace("__VERSION__", json.dumps(cache.version))


def write_worker(site_dir: Path) -> Precache:
    """Write sw.js into a built site for what is in it now; the precache list it holds."""
    cache = precache(site_dir)
    write_atomically(Path(site_dir) / WORKER, worker_source(cache))
    return cache
