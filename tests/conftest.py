"""Shared fixtures: the real site built once (strict), served on localhost, and a real Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
MKDOCS_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def run_mkdocs_build(project: Path, site_dir: Path, *extra: str, pdfs: bool = True, offline: bool = True) -> subprocess.CompletedProcess:
    """Run a strict MkDocs build of `project` into `site_dir` (without PDFs or the offline copy if asked); the finished process."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(site_dir), *extra]
    env = {**MKDOCS_ENV, "MILEPOSTS_PDF": "1" if pdfs else "0", "MILEPOSTS_OFFLINE": "1" if offline else "0"}
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real playbook, built once with `mkdocs build --strict`."""
    site = tmp_path_factory.mktemp("site")
    result = run_mkdocs_build(ROOT, site)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    assert "WARNING" not in result.stderr, result.stderr
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """The built site served on 127.0.0.1, as a base URL ending with '/'."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run ./scripts/install --browser (the README's test command does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser page (own storage); `page.external_requests` lists any request off this machine."""
    context = browser.new_context()
    page = context.new_page()
    page.external_requests = []

    def record(request):
        url = request.url
        if not url.startswith(("http://127.0.0.1", "file://", "data:", "blob:", "about:")):
            page.external_requests.append(url)

    page.on("request", record)
    yield page
    context.close()


def copy_project(target: Path) -> Path:
    """Copy what a build needs (docs, data, overrides, scripts, config) into the new folder `target`."""
    target.mkdir()
    for name in ("docs", "data", "overrides", "scripts"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, target / name)
    return target


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A throwaway copy of the project to break on purpose."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def warm_pdf_cache(built_site) -> Path:
    """The repository's PDF cache, holding every printable of the real data once the real site is built."""
    return ROOT / ".cache" / "pdf"


@pytest.fixture
def warm_project(project_copy, warm_pdf_cache) -> Path:
    """A throwaway copy of the project whose PDF cache already holds the real data's printables: only a change renders."""
    shutil.copytree(warm_pdf_cache, project_copy / ".cache" / "pdf", dirs_exist_ok=True)
    return project_copy
