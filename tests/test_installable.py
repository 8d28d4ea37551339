"""Installable and offline on a phone: the manifest, the icons, the service worker's precache list,
and, in Chromium over http, every page, a PDF and a search with no network after one visit, and a
new deploy offered with an "Updated - reload" prompt that brings the new pages."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import re
import shutil
import threading
import zipfile
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import _QuietHandler, run_mkdocs_build
from mileposts.site import pwa
from searchbox import open_search, search

WAIT_FOR_WORKER = "navigator.serviceWorker.controller !== null"


def precached(site: Path) -> dict[str, str]:
    """The worker's precache list, read back out of the built sw.js: address -> hash."""
    source = (site / "sw.js").read_text(encoding="utf-8")
    listed = source.split("const PRECACHE = ", 1)[1].split(";\n", 1)[0]
    return dict(json.loads(listed))


def test_manifest_names_the_site_with_relative_addresses_and_icons_that_exist(built_site):
    manifest = json.loads((built_site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] == "Mileposts" and manifest["display"] == "standalone"
    assert manifest["start_url"] == "./" and manifest["scope"] == "./"  # works under the /mileposts/ sub-path
    assert manifest["theme_color"].startswith("#")
    sizes = set()
    for icon in manifest["icons"]:
        data = (built_site / icon["src"]).read_bytes()
        assert data.startswith(b"\x89PNG"), icon
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert icon["sizes"] == f"{width}x{height}"
        sizes.add(width)
    assert {192, 512} <= sizes and any(i["purpose"] == "maskable" for i in manifest["icons"])


def test_every_page_links_the_manifest_but_the_offline_copy_does_not(built_site):
    for page in built_site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        assert 'rel="manifest"' in html and "assets/install.js" in html, page
    with zipfile.ZipFile(built_site / "mileposts-offline.zip") as archive:
        names = archive.namelist()
        assert "mileposts/sw.js" not in names and "mileposts/manifest.webmanifest" not in names
        assert 'rel="manifest"' not in archive.read("mileposts/index.html").decode("utf-8")


def test_precache_lists_every_page_pdf_and_the_search_index_with_their_hashes(built_site):
    listed = precached(built_site)
    for path in built_site.rglob("*"):
        relative = path.relative_to(built_site).as_posix()
        if path.suffix in (".html", ".pdf") or relative in ("search/search_index.json", "assets/mileposts.css"):
            address = relative.removesuffix("index.html") or "./"
            assert address in listed, relative
            assert listed[address] == hashlib.sha256(path.read_bytes()).hexdigest()[:16], relative
    assert "mileposts-offline.zip" not in listed and "sw.js" not in listed
    assert not [a for a in listed if a.endswith(".map")]


def test_precache_stays_within_its_budget(built_site):
    cache = pwa.precache(built_site)
    assert 0 < cache.total_bytes <= pwa.PRECACHE_BUDGET_BYTES, cache.total_bytes
    assert cache.total_bytes == sum(
        (built_site / (a if a != "./" and not a.endswith("/") else a + "index.html").removeprefix("./")).stat().st_size
        for a, _, _ in cache.entries
    )


def test_after_one_visit_pages_a_pdf_and_search_work_with_no_network(browser, site_url, built_site):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site_url)
        page.wait_for_function(WAIT_FOR_WORKER, timeout=60000)
        page.wait_for_function("navigator.serviceWorker.ready.then(r => r.active.state === 'activated')")
        context.set_offline(True)
        for address, heading in (
            ("frameworks/service-recovery/", "h1"),
            ("checklists/first-mile-standards/", "h1"),
            ("for/frontline-staff/", "h1"),
        ):
            page.goto(site_url + address)
            assert page.locator(heading).first.inner_text().strip(), address
        pdf = next(a for a in precached(built_site) if a.endswith(".pdf"))
        start = page.evaluate(
            "url => fetch(url).then(r => r.arrayBuffer()).then(b => new TextDecoder().decode(b.slice(0, 5)))", site_url + pdf
        )
        assert start == "%PDF-"
        page.goto(site_url + "no-such-page/")  # not in the site: its own "not found" page, not the browser's error
        not_found = re.search(r"<h1[^>]*>([^<]+)", (built_site / "404.html").read_text(encoding="utf-8")).group(1)
        assert page.locator("h1").first.inner_text().strip() == not_found.strip()
        page.goto(site_url)
        open_search(page)
        assert search(page, "angry customer", site_url), "no results offline"
    finally:
        context.close()


@pytest.fixture
def served(tmp_path):
    """A folder served on localhost, to deploy builds into: (folder, base URL)."""
    folder = tmp_path / "served"
    folder.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def deploy(build: Path, folder: Path) -> None:
    """Replace what is served with `build`, as a deploy does."""
    for child in folder.iterdir():
        shutil.rmtree(child) if child.is_dir() else child.unlink()
    shutil.copytree(build, folder, dirs_exist_ok=True)


def test_a_new_deploy_is_offered_and_reloading_shows_its_pages(browser, warm_project, served, tmp_path):
    folder, base = served
    first = run_mkdocs_build(warm_project, tmp_path / "first", offline=False)
    assert first.returncode == 0, first.stderr
    deploy(tmp_path / "first", folder)
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(base + "for/frontline-staff/")
        page.wait_for_function(WAIT_FOR_WORKER, timeout=60000)
        marker = "A sentence only the second deploy has."
        frontline = warm_project / "docs" / "for" / "frontline-staff.md"
        frontline.write_text(frontline.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
        second = run_mkdocs_build(warm_project, tmp_path / "second", offline=False)
        assert second.returncode == 0, second.stderr
        deploy(tmp_path / "second", folder)
        page.reload()  # still the first deploy's page, from the cache; the browser checks sw.js and finds a new one
        assert marker not in page.content()
        button = page.get_by_role("button", name="Updated - reload")
        button.wait_for(timeout=60000)
        assert page.locator(".mp-update[role=status]").count() == 1
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
        button.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.wait_for_load_state()
        assert marker in page.locator("article").inner_text()
        context.set_offline(True)  # the new deploy's pages are the ones kept
        page.goto(base + "for/frontline-staff/")
        assert marker in page.locator("article").inner_text()
        assert page.locator(".mp-update").count() == 0
    finally:
        context.close()


def test_another_engines_build_gets_the_same_worker_from_the_command_line(built_site, tmp_path):
    import subprocess
    import sys

    site = tmp_path / "other-engine-site"
    shutil.copytree(built_site, site)
    (site / "sw.js").unlink()
    result = subprocess.run([sys.executable, "-m", "mileposts", "precache", str(site)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "files precached" in result.stdout and "budget 15 MB" in result.stdout
    assert (site / "sw.js").read_bytes() == (built_site / "sw.js").read_bytes()
    missing = subprocess.run([sys.executable, "-m", "mileposts", "precache", str(tmp_path / "nowhere")], capture_output=True, text=True)
    assert missing.returncode == 2 and "expected a built site" in missing.stderr and "Traceback" not in missing.stderr


def test_the_staged_tree_has_the_manifest_and_icons_and_links_them(repo_root, tmp_path):
    import subprocess
    import sys

    out = tmp_path / "tree"
    env = {**__import__("os").environ, "MILEPOSTS_PDF": "0"}
    result = subprocess.run(
        [sys.executable, "-m", "mileposts", "--root", str(repo_root), "stage", str(out)], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    assert json.loads((out / "docs" / "manifest.webmanifest").read_text(encoding="utf-8"))["start_url"] == "./"
    assert (out / "docs" / "icons" / "icon-512.png").read_bytes().startswith(b"\x89PNG")
    assert "\nextra:\n  pwa: true" in (out / "mkdocs.yml").read_text(encoding="utf-8")
