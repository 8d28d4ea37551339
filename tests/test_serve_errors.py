"""`./scripts/serve`: a data error shows in the browser, naming the file and line, and the page recovers once it is fixed."""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import copy_project

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from mileposts.core.problems import Problem
from mkdocs_serve_errors import error_page

ROOT = Path(__file__).resolve().parents[1]
CHECKLIST = "data/checklists/calm-an-upset-customer.yml"


def serve_command(port: int) -> list[str]:
    """The command ./scripts/serve runs (after installing), on another port."""
    last = (ROOT / "scripts" / "serve").read_text(encoding="utf-8").strip().splitlines()[-1]
    command = shlex.split(last)
    assert command[:3] == ["exec", ".venv/bin/mkdocs", "serve"], last
    command = [sys.executable, "-m", "mkdocs", *command[2:]]
    return [part.replace("127.0.0.1:8000", f"127.0.0.1:{port}") for part in command if part != "$@"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(condition, timeout: float = 120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.3)
    raise AssertionError("timed out")


@pytest.fixture
def served(tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "MILEPOSTS_PDF": "0"}
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(serve_command(port), cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/checklists/calm-an-upset-customer/"
    try:
        wait_for(lambda: process.poll() is None and _up(url), timeout=240)
        yield project, url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _up(url: str) -> bool:
    try:
        return fetch(url)[0] == 200
    except OSError:
        return False


def test_a_data_error_shows_in_the_browser_and_the_page_recovers(served, page):
    project, url, process = served
    page.goto(url)
    assert page.locator("h1").first.inner_text().startswith("Calm an upset customer")
    path = project / CHECKLIST
    good = path.read_text(encoding="utf-8")
    line = next(i for i, text in enumerate(good.splitlines(), 1) if text.startswith("summary:"))
    path.write_text(good.replace("summary: ", "summary: 'Don't <b>panic</b>' ", 1), encoding="utf-8")

    page.wait_for_function("document.title.startsWith('Mileposts data has')", timeout=60_000)  # the open page reloads by itself
    text = page.locator("main").inner_text()
    assert f"{CHECKLIST}, line {line}" in text
    assert "an apostrophe inside single quotes closes them" in text
    assert "<b>panic</b>" in text and page.locator("main b").count() == 0, "the file's text is shown, never run as HTML"
    status, other = fetch(url.replace("calm-an-upset-customer/", ""))
    assert status == 500 and "Mileposts data has 1 problem" in other, "every page says so, not only the one open"

    path.write_text(good, encoding="utf-8")
    page.wait_for_function("document.title.startsWith('Calm an upset customer')", timeout=60_000)
    assert fetch(url)[0] == 200
    assert process.poll() is None


def test_the_error_page_escapes_everything_and_counts():
    problems = [Problem("data/x.yml", 3, 4, "title<i>", "expected <script>alert(1)</script>, found &")]
    text = error_page(problems)
    assert "<script>" not in text and "&lt;script&gt;" in text and "title&lt;i&gt;" in text
    assert re.search(r"<h1>Mileposts data has 1 problem</h1>", text)
    assert "problems" in error_page(problems * 2)
