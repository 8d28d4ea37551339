"""The offline copy: a zip of the whole site that works from disk (file://), search included,
with Material's iframe-worker shim served from our own files and nothing fetched from anywhere."""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import pytest

from mileposts.kinds.playbook import load_playbook
from mileposts.site import offline, sitezip
from searchbox import open_search, page_url, search

SHIM_SHA256 = "e8e412dbcfea9b7e31b5ffa288d7b6035915e714c542f4176a0cdbe262fc9609"  # iframe-worker 1.0.4 shim/index.js
LOCAL = ("file://", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def offline_zip(built_site) -> Path:
    return built_site / offline.ZIP_NAME


@pytest.fixture(scope="module")
def playbook_site_url(repo_root) -> str:
    return load_playbook(repo_root).site.site_url


@pytest.fixture(scope="module")
def unzipped(offline_zip, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(target)
    return target / offline.FOLDER


def test_the_vendored_shim_is_iframe_worker_1_0_4_with_its_mit_licence(repo_root):
    folder = repo_root / "docs" / "assets" / "vendor" / "iframe-worker"
    assert hashlib.sha256((folder / "shim.js").read_bytes()).hexdigest() == SHIM_SHA256
    licence = (folder / "LICENSE").read_text(encoding="utf-8")
    assert "Permission is hereby granted, free of charge" in licence and "Martin Donath" in licence
    assert "iframe-worker 1.0.4" in (folder / "SOURCE.txt").read_text(encoding="utf-8")


def test_the_zip_holds_the_whole_site_in_one_folder(offline_zip, built_site):
    with zipfile.ZipFile(offline_zip) as archive:
        names = archive.namelist()
        assert archive.testzip() is None
    assert all(name.startswith(f"{offline.FOLDER}/") for name in names)
    inside = {name.removeprefix(f"{offline.FOLDER}/") for name in names}
    for needed in (
        "index.html",
        "search/search_index.js",
        offline.SHIM,
        "assets/vendor/iframe-worker/LICENSE",
        "checklists.json",
        "quotes.json",
    ):
        assert needed in inside, needed
    online_pages = {p.relative_to(built_site).parent.as_posix() for p in built_site.rglob("index.html")}
    for folder in online_pages - {"."}:
        assert f"{folder}.html" in inside or f"{folder}/index.html" in inside, f"{folder} is missing from the offline copy"
    assert not inside & {"sitemap.xml", "sitemap.xml.gz", offline.ZIP_NAME}


def test_the_zip_holds_the_very_pdfs_and_previews_the_site_publishes(offline_zip, built_site):
    """The copy's own build leaves the PDFs to the main build (stand-ins): the zip must hold the real files."""
    published = {p.relative_to(built_site).as_posix(): p.read_bytes() for p in (built_site / "pdf").rglob("*") if p.is_file()}
    assert len(published) > 20
    with zipfile.ZipFile(offline_zip) as archive:
        for path, content in published.items():
            assert archive.read(f"{offline.FOLDER}/{path}") == content, f"{path} differs in the offline copy"


def test_offline_pages_load_the_local_shim_and_nothing_from_a_cdn(unzipped):
    pages = sorted(unzipped.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        scripts = re.findall(r'<script[^>]*\ssrc="([^"]+)"', html)
        assert any(src.endswith(offline.SHIM) for src in scripts), f"{page.name}: no local iframe-worker shim"
        external = [src for src in scripts + re.findall(r'<link[^>]*\shref="([^"]+)"[^>]*rel="stylesheet"', html) if "://" in src]
        assert external == [], f"{page.relative_to(unzipped)} loads {external}"
        assert "unpkg.com" not in html


def test_offline_links_point_at_html_files_not_folders(unzipped):
    html = (unzipped / "frameworks" / "mile-model.html").read_text(encoding="utf-8")
    hrefs = [h for h in re.findall(r'<a [^>]*href="([^"#]+)', html) if "://" not in h and not h.startswith(("mailto:", "javascript:"))]
    assert hrefs and all(h.endswith((".html", ".zip", ".json", ".pdf")) for h in hrefs), [h for h in hrefs if not h.endswith(".html")]


def test_the_home_page_links_the_download_and_the_copy_links_the_latest_online(built_site, unzipped, playbook_site_url):
    assert f'href="{offline.ZIP_NAME}"' in (built_site / "index.html").read_text(encoding="utf-8")
    assert f'href="{playbook_site_url}{offline.ZIP_NAME}"' in (unzipped / "index.html").read_text(encoding="utf-8")


@pytest.mark.browser
def test_the_copy_opens_from_disk_and_search_finds_pages_without_any_network(browser, unzipped):
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto((unzipped / "index.html").as_uri())
        assert page.title().endswith("Mileposts")
        open_search(page)
        base = unzipped.as_uri() + "/"
        for query, src in [
            ("how do I thank a supplier", "checklists/extra-mile-partners.md"),
            ("too many meetings", "checklists/trim-meetings-and-messages.md"),
        ]:
            for how in ("keys", "paste", "insert"):  # typed, pasted and entered by an input method, all without a network
                results = search(page, query, base, how)
                assert page_url(src, directory_urls=False) in results[:3], (query, how, results[:5])
        page.click(".md-search-result__list > .md-search-result__item a")
        page.wait_for_load_state("load")
        assert page.url.startswith(base + "checklists/trim-meetings-and-messages.html")
        assert page.locator("h1").first.inner_text().startswith("Trim meetings")
    finally:
        context.close()
    assert [url for url in requests if not url.startswith(LOCAL)] == []
    assert any(url.endswith(offline.SHIM) for url in requests), "the local shim was not loaded"
    assert errors == []


@pytest.mark.browser
def test_ticks_and_the_self_assessment_work_from_disk_too(browser, unzipped):
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto((unzipped / "checklists" / "service-recovery.html").as_uri())
        first = page.locator("input.mp-tick").first
        first.check()
        page.reload()
        assert page.locator("input.mp-tick").first.is_checked(), "a tick made in the offline copy did not survive a reload"
        assessment = unzipped / "assessment.html"
        if assessment.exists():
            page.goto(assessment.as_uri())
            for fieldset in page.locator("fieldset.mp-question").all():
                fieldset.locator("input.mp-answer[value='second']").check()
            assert page.get_attribute("[data-first-from]", "data-result") == "second"
    finally:
        context.close()
    assert [url for url in requests if not url.startswith(LOCAL)] == []


def test_the_zip_is_reproducible(tmp_path):
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / "index.html").write_text("<h1>Home</h1>", encoding="utf-8")
    (site / "search" / "search_index.js").write_text("var __index = {}", encoding="utf-8")
    (site / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    assert sitezip.zip_site(site, tmp_path / "a.zip") == 2
    sitezip.zip_site(site, tmp_path / "b.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert archive.namelist() == ["mileposts/index.html", "mileposts/search/search_index.js"]


def test_the_copy_zips_its_own_files_the_main_build_its_printables_and_the_parts_join_as_stored(tmp_path):
    copy, main = tmp_path / "copy", tmp_path / "main"
    for site in (copy, main):
        (site / "pdf").mkdir(parents=True)
        (site / "index.html").write_text("<h1>Home</h1>" * 50, encoding="utf-8")
    (copy / "pdf" / "sheet-a4.pdf").write_bytes(b"")  # the copy's empty stand-in
    (main / "pdf" / "sheet-a4.pdf").write_bytes(b"%PDF-1.7 " + b"x" * 500)
    (main / "pdf" / "sheet.png").write_bytes(b"\x89PNG" + bytes(range(256)))
    (main / "pdf" / "sheet-\u00e9.pdf").write_bytes(b"%PDF-1.7 " + b"y" * 300)  # a name beyond ASCII
    environ = {offline.PAGES_ZIP_FLAG: str(tmp_path / "pages.zip")}
    assert offline.zip_own_files(copy, environ) and not offline.zip_own_files(copy, {})
    assert sitezip.zip_site(main, tmp_path / "printables.zip", under=offline.SHARED) == 3
    assert sitezip.add_zipped(tmp_path / "pages.zip", tmp_path / "printables.zip", tmp_path / "a.zip") == 3
    sitezip.add_zipped(tmp_path / "pages.zip", tmp_path / "printables.zip", tmp_path / "b.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert archive.testzip() is None  # every member's data matches its checksum
        assert archive.namelist() == [
            "mileposts/index.html",
            "mileposts/pdf/sheet-a4.pdf",
            "mileposts/pdf/sheet-\u00e9.pdf",
            "mileposts/pdf/sheet.png",
        ]
        for name in ("sheet-\u00e9.pdf", "sheet-a4.pdf", "sheet.png"):
            assert archive.read(f"mileposts/pdf/{name}") == (main / "pdf" / name).read_bytes()
        kinds = {info.filename: info.compress_type for info in archive.infolist()}
    # an image is compressed already: stored as it is; text and PDFs are deflated
    assert kinds["mileposts/pdf/sheet.png"] == zipfile.ZIP_STORED
    assert {kinds[name] for name in kinds if not name.endswith(".png")} == {zipfile.ZIP_DEFLATED}
    assert not list(tmp_path.glob("*.part")), "a zip was left half-written"


def test_a_copy_whose_build_made_no_zip_of_its_own_is_zipped_whole_with_the_printables(tmp_path):
    class Finished:  # an engine that built the copy but never ran our last hook
        def wait(self, timeout=None):
            return 0

        def poll(self):
            return 0

    def launch(command, env, cwd, log):
        out = Path(command[command.index("-d") + 1])
        (out / "pdf").mkdir(parents=True)
        (out / "index.html").write_text("<h1>Home</h1>", encoding="utf-8")
        (out / "pdf" / "sheet-a4.pdf").write_bytes(b"")
        return Finished()

    main = tmp_path / "main"
    (main / "pdf").mkdir(parents=True)
    (main / "pdf" / "sheet-a4.pdf").write_bytes(b"%PDF-1.7 real")
    target = offline.OfflineBuild(tmp_path / "mkdocs.yml", launch=launch).finish(main)
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == ["mileposts/index.html", "mileposts/pdf/sheet-a4.pdf"]
        assert archive.read("mileposts/pdf/sheet-a4.pdf") == b"%PDF-1.7 real"


def test_the_real_copy_was_zipped_by_its_own_build_with_the_printables_added_last(offline_zip):
    with zipfile.ZipFile(offline_zip) as archive:
        names = archive.namelist()
    printables = [i for i, name in enumerate(names) if name.startswith(f"{offline.FOLDER}/{offline.SHARED}/")]
    assert printables, "no printables in the offline copy"
    assert printables == list(range(len(names) - len(printables), len(names))), "the pages were not zipped by the copy's own build"


def test_the_offline_build_swaps_the_cdn_shim_for_ours_and_turns_off_instant_navigation():
    assert offline.local_polyfills(["https://unpkg.com/iframe-worker/shim", "other.js"]) == ["other.js", offline.SHIM]
    assert offline.local_polyfills([]) == [offline.SHIM]
    assert offline.offline_features(["navigation.instant", "navigation.instant.progress", "search.suggest"]) == ["search.suggest"]
    assert (
        offline.point_download_online("[Get it](mileposts-offline.zip).", "https://x.org/")
        == "[Get it](https://x.org/mileposts-offline.zip)."
    )


def test_previews_skip_the_offline_copy_and_publish_a_note_instead(tmp_path):
    assert not offline.wanted("serve", {})
    assert not offline.wanted("build", {offline.SKIP_FLAG: "0"})
    assert offline.wanted("build", {}) and offline.wanted("gh-deploy", {})
    (tmp_path / "p.zip").write_bytes(offline.placeholder_zip())
    with zipfile.ZipFile(tmp_path / "p.zip") as archive:
        assert "mkdocs build" in archive.read(f"{offline.FOLDER}/README.txt").decode()
