"""The offline copy: the whole site as a zip that works when opened from disk (file://).

It is a second build of the same configuration with Material's offline plugin switched
on (MILEPOSTS_OFFLINE_BUILD=true enables it in mkdocs.yml). That plugin turns directory
URLs off, so every link ends in .html, and inlines the search index into
search/search_index.js, because a browser will not fetch() from file://.

Material's search runs in a Web Worker, which browsers refuse to start from file://.
The plugin fixes that with the iframe-worker shim, which it loads from a public CDN
(https://unpkg.com/iframe-worker/shim). Readers must not depend on, or be tracked by,
a third party, and the copy must work with no network at all, so we serve the same
file locally: docs/assets/vendor/iframe-worker/shim.js is shim/index.js from the npm
package iframe-worker 1.0.4 (MIT, Martin Donath; LICENSE and SOURCE.txt beside it).

Plain Python: MkDocs runs in a child process, never imported here.
"""

from __future__ import annotations

import atexit
import gc
import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

from ..printing.pdf import PLACEHOLDERS
from ..printing.pdf import SWITCH as PDF_SWITCH
from ..printing.pdf import enabled as pdf_enabled

ZIP_NAME = "mileposts-offline.zip"
FOLDER = "mileposts"  # the folder the zip unpacks into
SHIM = "assets/vendor/iframe-worker/shim.js"
BUILD_FLAG = "MILEPOSTS_OFFLINE_BUILD"  # "true" in the child build (read by mkdocs.yml)
PAGES_ZIP_FLAG = "MILEPOSTS_OFFLINE_PAGES_ZIP"  # where the child build zips its own files (all but the PDFs), as it ends
SKIP_FLAG = "MILEPOSTS_OFFLINE"  # set to 0 to skip the offline copy (faster previews)
SHARED = "pdf"  # the folder of printables, rendered once by the main build for both copies
LEFT_OUT = {"sitemap.xml", "sitemap.xml.gz", ZIP_NAME}  # sitemaps carry the build date; useless offline
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same site gives the same zip

PLACEHOLDER = (
    "This preview was built without the offline copy (`mkdocs serve`, or MILEPOSTS_OFFLINE=0).\n"
    "Run `mkdocs build` (./scripts/build) to make the real mileposts-offline.zip.\n"
)


def local_polyfills(polyfills: list) -> list:
    """The theme's polyfills with the CDN iframe-worker shim replaced by our local copy (added if missing)."""
    kept = [p for p in polyfills if "iframe-worker" not in str(p)]
    return [*kept, SHIM]


def offline_features(features: list) -> list:
    """Theme features without instant navigation, which cannot fetch pages from file://."""
    return [f for f in features if not str(f).startswith("navigation.instant")]


def point_download_online(markdown: str, site_url: str) -> str:
    """In the offline copy, the 'download the offline copy' link goes to the latest one online."""
    return markdown.replace(f"]({ZIP_NAME})", f"]({site_url}{ZIP_NAME})")


def wanted(command: str | None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether this build should make the offline copy: not under `mkdocs serve`, and not switched off."""
    values = os.environ if environ is None else environ
    return command != "serve" and values.get(SKIP_FLAG, "1") != "0"


def placeholder_zip() -> bytes:
    """A small valid zip saying the offline copy was not built, for previews."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo(f"{FOLDER}/README.txt", ZIP_TIME)
        info.external_attr = 0o644 << 16
        archive.writestr(info, PLACEHOLDER)
    return buffer.getvalue()


STORED_AS_IS = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".gz", ".zip", ".woff", ".woff2"}  # compressed already
QUICK = {".pdf"}  # mostly compressed already: level 1 keeps nine tenths of level 9's gain in a quarter of the time
LEVEL = 6  # for text: within 2% of level 9's size, in half its time


def _member(site_dir: Path, path: Path) -> tuple[zipfile.ZipInfo, int]:
    """The zip entry of one file (fixed date and mode) and its compression level."""
    info = zipfile.ZipInfo(f"{FOLDER}/{path.relative_to(site_dir).as_posix()}", ZIP_TIME)
    info.external_attr = 0o644 << 16
    suffix = path.suffix.lower()
    info.compress_type = zipfile.ZIP_STORED if suffix in STORED_AS_IS else zipfile.ZIP_DEFLATED
    return info, 1 if suffix in QUICK else LEVEL


def _site_files(site_dir: Path, under: str | None = None, besides: str | None = None) -> list[Path]:
    """The files to zip, sorted: all but LEFT_OUT, only those in folder `under` or only those outside folder `besides`."""
    files = []
    for path in site_dir.rglob("*"):
        relative = path.relative_to(site_dir).as_posix()
        if not path.is_file() or relative in LEFT_OUT:
            continue
        if (under is None or relative.startswith(under + "/")) and (besides is None or not relative.startswith(besides + "/")):
            files.append(path)
    return sorted(files)


def _write_members(archive: zipfile.ZipFile, site_dir: Path, files: list[Path]) -> None:
    for path in files:
        info, level = _member(site_dir, path)
        archive.writestr(info, path.read_bytes(), compresslevel=level)


def zip_site(site_dir: Path, zip_path: Path, besides: str | None = None) -> int:
    """Zip a built site (all but folder `besides`, if given) into `zip_path` under one folder, reproducibly; returns the number of files."""
    files = _site_files(site_dir, besides=besides)
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    partial = zip_path.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w") as archive:
        _write_members(archive, site_dir, files)
    partial.replace(zip_path)
    return len(files)


def add_folder(zip_path: Path, site_dir: Path, folder: str, target: Path) -> int:
    """`zip_path` with the files of `site_dir`'s `folder` added at its end, written to `target`; returns how many were added."""
    files = _site_files(site_dir, under=folder)
    partial = target.with_suffix(".zip.part")
    shutil.copyfile(zip_path, partial)
    with zipfile.ZipFile(partial, "a") as archive:
        _write_members(archive, site_dir, files)
    partial.replace(target)
    return len(files)


def zip_own_files(site_dir: Path, environ: Mapping[str, str] | None = None) -> bool:
    """In the offline copy's build, as it ends: zip its own files (not the PDFs the main build supplies) where the main build asked."""
    target = (os.environ if environ is None else environ).get(PAGES_ZIP_FLAG, "")
    if not target:
        return False
    zip_site(site_dir, Path(target), besides=SHARED)
    return True


def _offline_command(config_file: Path, out_dir: Path, strict: bool, engine: str) -> tuple[list[str], dict]:
    """The command and environment of the second build (by `engine`, the site tool's module), with the offline plugin on."""
    command = [sys.executable, "-m", engine, "build", "--clean", "-f", str(config_file), "-d", str(out_dir)]
    if strict:
        command.append("--strict")
    env = {**os.environ, BUILD_FLAG: "true", "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    env[PAGES_ZIP_FLAG] = str(out_dir.parent / "pages.zip")
    if pdf_enabled():  # the main build renders the PDFs once and puts them into the copy (OfflineBuild.finish)
        env[PDF_SWITCH] = PLACEHOLDERS
    return command, env


def start_logged(command: list[str], env: dict, cwd: Path, log: Path) -> subprocess.Popen:
    """Run `command` in a new process, its output going to `log`."""
    with log.open("w") as stream:
        return subprocess.Popen(command, cwd=cwd, env=env, stdout=stream, stderr=subprocess.STDOUT)


class OfflineBuild:
    """The offline site's build, running in a child process alongside the main build (it gets a core of its own).

    The child publishes empty stand-ins for the PDFs (MILEPOSTS_PDF=placeholders) rather
    than render them a second time: `finish` waits for it, copies the main build's finished
    PDFs over the stand-ins and zips the result; `cancel` stops it if the main build fails.
    """

    def __init__(self, config_file: Path, strict: bool = True, launch=None, engine: str = "mkdocs"):
        """Start the build: with `launch(command, env, cwd, log)` if given (it returns a Popen-like process), else a new Python."""
        self.folder = tempfile.TemporaryDirectory(prefix="mileposts-offline-")
        self.out = Path(self.folder.name) / "site"
        self.log = Path(self.folder.name) / "build.log"
        command, env = _offline_command(config_file, self.out, strict, engine)
        gc.freeze()  # a forked child's collections then leave alone, so never copy, what it shares with this process
        self.process = (launch or start_logged)(command, env, config_file.parent, self.log)
        atexit.register(self.cancel)

    def finish(self, site_dir: Path) -> Path:
        """Wait for the build; zip it, with site_dir's printables, to site_dir/mileposts-offline.zip.

        The child zips its own files as it ends, on its own core (`zip_own_files`); the
        printables are then added at the end of that zip. An engine that did not run our
        hooks to the end leaves no zip: then the whole copy is zipped here.
        """
        try:
            if self.process.wait(timeout=900) != 0:
                output = self.log.read_text(encoding="utf-8", errors="replace").strip()
                raise RuntimeError(f"the offline build failed:\n{output[-4000:]}")
            target, pages = site_dir / ZIP_NAME, Path(self.folder.name) / "pages.zip"
            if pages.is_file():
                add_folder(pages, site_dir, SHARED, target)
            else:
                if (site_dir / SHARED).is_dir():
                    shutil.copytree(site_dir / SHARED, self.out / SHARED, dirs_exist_ok=True)
                zip_site(self.out, target)
            return target
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Stop the build if it still runs, and remove its files."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.folder.cleanup()
        atexit.unregister(self.cancel)
