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
from .sitezip import FOLDER, ZIP_NAME, ZIP_TIME, add_zipped, zip_site

SHIM = "assets/vendor/iframe-worker/shim.js"
BUILD_FLAG = "MILEPOSTS_OFFLINE_BUILD"  # "true" in the child build (read by mkdocs.yml)
PAGES_PART = "pages.zip"  # the child's part of the zip, beside its site folder
PAGES_ZIP_FLAG = "MILEPOSTS_OFFLINE_PAGES_ZIP"  # where the child build zips its own files (all but the PDFs), as it ends
SKIP_FLAG = "MILEPOSTS_OFFLINE"  # set to 0 to skip the offline copy (faster previews)
SHARED = "pdf"  # the folder of printables, rendered once by the main build for both copies

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
    env[PAGES_ZIP_FLAG] = str(out_dir.parent / PAGES_PART)
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

        Two cores make the zip: the child zips its own files as its build ends
        (`zip_own_files`) while this process zips the printables, and the two parts are
        joined without compressing anything again. An engine that did not run our hooks to
        the end leaves no part of its own: then the whole copy is zipped here.
        """
        try:
            printables = Path(self.folder.name) / "printables.zip"
            zip_site(site_dir, printables, under=SHARED)  # while the copy's build still runs, as a rule
            if self.process.wait(timeout=900) != 0:
                output = self.log.read_text(encoding="utf-8", errors="replace").strip()
                raise RuntimeError(f"the offline build failed:\n{output[-4000:]}")
            target, pages = site_dir / ZIP_NAME, Path(self.folder.name) / PAGES_PART
            if pages.is_file():
                add_zipped(pages, printables, target)
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
