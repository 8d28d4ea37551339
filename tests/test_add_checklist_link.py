"""From a browser: the "Add a checklist" link opens GitHub's new-file page with the file name and the template filled in."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import run_mkdocs_build
from filled_template import fill
from mileposts.core.problems import DataError
from mileposts.kinds.playbook import load_playbook
from mileposts.scaffold import WEB_FILE_NAME, add_checklist_url

ROOT = Path(__file__).resolve().parents[1]
SITE = load_playbook(ROOT).site


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def quick_site(tmp_path_factory) -> str:
    """The real site built without PDFs or the offline copy, served on 127.0.0.1."""
    site = tmp_path_factory.mktemp("quick-site")
    result = run_mkdocs_build(ROOT, site, pdfs=False, offline=False)
    assert result.returncode == 0, result.stderr
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_the_add_a_checklist_link_prefills_a_file_that_validates_once_filled_in(quick_site, page, tmp_path):
    page.goto(quick_site + "checklists/")
    link = page.locator(".md-content").get_by_role("link", name="Add a checklist", exact=True)
    assert link.is_visible()
    href = link.get_attribute("href")
    assert href
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{SITE.repo_url}/new/{SITE.branch}"
    query = parse_qs(parts.query, strict_parsing=True)
    assert query["filename"] == [WEB_FILE_NAME] == ["data/checklists/your-checklist.yml"]
    (value,) = query["value"]
    assert value.startswith("# yaml-language-server: $schema=../schemas/checklist.schema.json\n")
    assert "your-checklist.yml" in value.splitlines()[1], "the header says to rename the file first"
    assert page.external_requests == []

    shutil.copytree(ROOT / "data", tmp_path / "data")
    target = tmp_path / "data" / "checklists" / "welcome-a-returning-customer.yml"
    target.write_text(value, encoding="utf-8")
    with pytest.raises(DataError) as raised:  # as it comes from the link: every placeholder named, with the fix
        load_playbook(tmp_path)
    assert all("the template's example text" in p.message for p in raised.value.problems), raised.value.report()
    assert {p.field for p in raised.value.problems} >= {"title", "summary", "when", "sections[0].items[0]"}

    target.write_text(fill(value), encoding="utf-8")
    assert load_playbook(tmp_path).checklists["welcome-a-returning-customer"].title == "Welcome a returning customer"


def test_edit_pencils_never_open_a_template_and_open_a_generated_page_s_own_yaml(quick_site, page):
    page.goto(quick_site + "checklists/")
    index_edit = page.locator("a.md-content__button[href*='/edit/']").first.get_attribute("href")
    assert index_edit and "_template" not in index_edit
    assert index_edit.endswith("/scripts/mileposts/templates/checklists/index.md")
    page.goto(quick_site + "checklists/calm-an-upset-customer/")
    edit = page.locator("a.md-content__button[href*='/edit/']").first.get_attribute("href")
    assert edit == f"{SITE.repo_url}/edit/{SITE.branch}/data/checklists/calm-an-upset-customer.yml"
    for index in ("sessions/", "worksheets/"):
        page.goto(quick_site + index)
        edit = page.locator("a.md-content__button[href*='/edit/']").first.get_attribute("href")
        assert edit and "_template" not in edit and edit.endswith(f"/scripts/mileposts/templates/{index}index.md")


def test_no_page_s_edit_link_opens_a_template_file():
    from mileposts.site.build import SiteBuild

    build = SiteBuild.load(ROOT, ROOT / "docs")
    for src in build.generated:
        edit = re.search(r"(?m)^edit_url: (.*)$", build.finished(src))
        assert edit and "/_template" not in edit.group(1), (src, edit)


def test_contributing_has_the_same_add_a_checklist_link_as_the_site():
    expected = add_checklist_url(SITE.repo_url, SITE.branch, (ROOT / "data" / "checklists" / "_template.yml").read_text(encoding="utf-8"))
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    found = re.search(r"(?m)^\[add-checklist\]: (\S+)$", text)
    assert found, "CONTRIBUTING.md lost its [add-checklist]: link definition"
    assert found.group(1) == expected, f"the template changed: update [add-checklist] in CONTRIBUTING.md to:\n{expected}"
    assert "[Add a checklist][add-checklist]" in text
