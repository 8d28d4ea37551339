"""No value in any data file or front matter can run script in any output: page, attribute, tooltip, PDF, JSON, offline copy.

A copy of the project gets a hostile value (tests/hostile.py) in every text field of every
kind of data and of every page's front matter: 700-odd values, each payload in each
field (tests/hostile_project.py). Every value is either refused with a problem located at
its own line, or accepted; the accepted ones are built into the full site (PDFs and the
offline copy included), and every output is checked: each HTML page of the site and of
the offline copy with `unsafe_html`, the search index's entries, the JSON exports, every
PDF's links and actions; then the pages are loaded in Chromium, which hovers and focuses
every tooltip, clicks every link and searches, while listening for any dialog.
"""

from __future__ import annotations

import csv
import functools
import html
import http.server
import io
import json
import re
import threading
import zipfile
from pathlib import Path

import pytest

from conftest import copy_project, run_mkdocs_build
from hostile import PAYLOADS, inline_scripts, scan_site, unsafe_html
from hostile_project import make_hostile_project, restore
from mileposts.core.links import page_url
from mileposts.core.problems import DataError
from mileposts.site.build import SiteBuild

DOCS = Path(__file__).resolve().parents[1] / "docs"

LOCATED = re.compile(r"^(data|docs)/[^:]+:\d+:\d+: [^:]*: expected .+, found .+|^(data|docs)/[^:]+:\d+:\d+: expected .+, found .+")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The hostile project: its slots, the problems validation found, and which slots were refused."""
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    slots = make_hostile_project(project)
    with pytest.raises(DataError) as caught:
        SiteBuild.load(project, project / "docs")
    problems = caught.value.problems
    at = {(p.path, p.line): p for p in problems}
    refused = [s for s in slots if (s.file, s.line) in at]
    return {"project": project, "slots": slots, "problems": problems, "at": at, "refused": refused}


@pytest.fixture(scope="module")
def hostile_site(hostile, tmp_path_factory):
    """The accepted hostile values, built into the full site (strict, with PDFs and the offline copy)."""
    project = hostile["project"]
    restore(project, hostile["refused"])
    site = tmp_path_factory.mktemp("hostile-site") / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, f"the accepted hostile values must build:\n{result.stdout}\n{result.stderr}"
    return site


@pytest.fixture(scope="module")
def allowed_scripts(built_site) -> set[str]:
    """The theme's own inline scripts, from the real site built from clean data."""
    found: set[str] = set()
    for page in built_site.rglob("*.html"):
        found |= inline_scripts(page.read_text(encoding="utf-8"))
    return found


def test_every_field_of_every_kind_meets_every_payload(hostile):
    kinds = {s.file.split("/")[1] if s.file.startswith("data/") else "docs" for s in hostile["slots"]}
    assert {
        "checklists",
        "worksheets",
        "sessions",
        "quotes.yml",
        "glossary.yml",
        "sources.yml",
        "assessment.yml",
        "site.yml",
        "docs",
    } <= kinds
    every = set(range(len(PAYLOADS)))

    def fields(folder: str) -> set[tuple[tuple, int]]:
        slots = [s for s in hostile["slots"] if s.file.startswith(f"data/{folder}/")]
        return {(tuple(p for p in s.path if isinstance(p, str)), s.payload) for s in slots}

    checklist_fields = fields("checklists")
    for field in [("title",), ("summary",), ("when",), ("type_reason",), ("sections", "title"), ("sections", "when")]:
        assert {p for f, p in checklist_fields if f == field} == every, field
    assert {p for f, p in checklist_fields if f == ("sections", "items", "note")} == every
    worksheet_fields = fields("worksheets")
    for field in [("title",), ("summary",), ("when",), ("use",)]:
        assert {p for f, p in worksheet_fields if f == field} == every, field
    tables, cards = set(range(0, len(PAYLOADS), 2)), set(range(1, len(PAYLOADS), 2))
    for field in [("columns", "name"), ("columns", "hint"), ("rows",), ("example",)]:
        assert {p for f, p in worksheet_fields if f == field} == tables, field
    assert {p for f, p in worksheet_fields if f == ("fields", "label")} == cards
    session_fields = fields("sessions")
    for field in [
        ("title",),
        ("summary",),
        ("key_points",),
        ("materials", "text"),
        ("steps", "title"),
        ("steps", "facilitator"),
        ("steps", "say"),
        ("steps", "participants"),
        ("steps", "notes"),
        ("discussion",),
        ("roleplays", "title"),
        ("roleplays", "customer"),
        ("roleplays", "staff"),
        ("roleplays", "observe"),
        ("roleplays", "debrief"),
        ("commitment", "title"),
        ("commitment", "prompts", "label"),
    ]:
        assert {p for f, p in session_fields if f == field} == every, field


def test_every_problem_is_located_at_the_hostile_value_it_refuses(hostile):
    slot_lines = {(s.file, s.line) for s in hostile["slots"]}
    for problem in hostile["problems"]:
        assert (problem.path, problem.line) in slot_lines, f"a problem away from any hostile value: {problem}"
        assert LOCATED.match(str(problem)), f"not path:line:column: field: expected ..., found ...: {problem}"


def test_titles_summaries_and_addresses_refuse_markup_and_script_addresses(hostile):
    refused = {(s.file, s.path, s.payload) for s in hostile["refused"]}
    for n, payload in enumerate(PAYLOADS):
        if re.search(r'[<>"`{}\[\]\\|*_]|&[#A-Za-z0-9]+;', payload):
            assert (f"data/checklists/hostile-{n}.yml", ("title",), n) in refused, f"title {payload!r} was accepted"
        if re.search(r'[<>"`{}\\]|&[#A-Za-z0-9]+;', payload):
            assert (f"data/checklists/hostile-{n}.yml", ("summary",), n) in refused, f"summary {payload!r} was accepted"
        if not payload.startswith("https://") or re.search(r"[<>\"' ]", payload):
            assert ("data/sources.yml", (hostile_source_index(hostile, n), "url"), n) in refused, f"url {payload!r} was accepted"
    for field in ("repo_url", "licence_url", "branch"):
        assert any(s.file == "data/site.yml" and s.path == (field,) for s in hostile["refused"]), field


def hostile_source_index(hostile, n: int) -> int:
    return next(s.path[0] for s in hostile["slots"] if s.file == "data/sources.yml" and s.path[1:] == ("url",) and s.payload == n)


def test_no_page_of_the_site_or_the_offline_copy_can_run_script(hostile_site, allowed_scripts, tmp_path):
    findings = scan_site(hostile_site, allowed_scripts)
    with zipfile.ZipFile(hostile_site / "mileposts-offline.zip") as archive:
        archive.extractall(tmp_path / "offline")
    findings += [f"offline: {f}" for f in scan_site(tmp_path / "offline", allowed_scripts)]
    assert findings == [], "\n".join(findings[:40])
    pages = list(hostile_site.rglob("*.html"))
    assert len(pages) > 60 and len(list((tmp_path / "offline").rglob("*.html"))) == len(pages)


def test_the_hostile_values_reach_the_pages_as_text(hostile_site):
    page = (hostile_site / "checklists" / "hostile-0" / "index.html").read_text(encoding="utf-8")
    assert "Check &lt;script&gt;alert(&quot;mp-1&quot;)&lt;/script&gt;" in page  # shown, escaped, not dropped
    quotes = (hostile_site / "quotes" / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(&quot;mp-2&quot;)&gt;" in quotes
    assert "&#123;&#123; 7&#42;7 &#125;&#125;" in quotes  # data is never a template: shown as typed


def test_worksheets_show_hostile_values_as_text_and_csv_cells_never_start_a_formula(hostile_site):
    n = PAYLOADS.index("[click me](javascript:alert(5))")  # accepted in every text field of a worksheet
    page = (hostile_site / "worksheets" / f"hostile-{n}" / "index.html").read_text(encoding="utf-8")
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert shown.count(PAYLOADS[n]) >= 5, "the summary, when, a step, a column's hint and the example, as typed"
    assert not [h for h in re.findall(r'href="([^"]*)"', page) if h.startswith("javascript:") and h != "javascript:void(0)"]
    logs = sorted((hostile_site / "worksheets").glob("*.csv"))
    assert len(logs) >= len(PAYLOADS) // 2
    cells = [cell for log in logs for row in csv.reader(io.StringIO(log.read_text(encoding="utf-8-sig"))) for cell in row]
    assert all(cell[:1] not in "=+-@\t\r" or not cell for cell in cells), [c for c in cells if c[:1] in "=+-@"]
    assert "'=SUM(A1:A2)" in cells and "'+2+3 and -4" in cells  # kept, as text (the tables' payloads; @ is on a card)


def test_session_kits_show_hostile_values_as_text_on_their_pages_and_in_their_packs(hostile_site):
    from pypdf import PdfReader

    n = PAYLOADS.index("[click me](javascript:alert(5))")  # accepted in every text field of a kit but its title
    page = (hostile_site / "sessions" / f"hostile-{n}" / "index.html").read_text(encoding="utf-8")
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert shown.count(PAYLOADS[n]) >= 12, "the summary, key point, materials, steps, role-play, questions and card, as typed"
    assert not [h for h in re.findall(r'href="([^"]*)"', page) if h.startswith("javascript:") and h != "javascript:void(0)"]
    pack = PdfReader(hostile_site / "pdf" / "sessions" / f"hostile-{n}-kit-a4.pdf")
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pack.pages))
    assert PAYLOADS[n] in text and "Calm an upset customer" in text, "the kit's own sheets, then the checklist it uses"
    framework = (hostile_site / "frameworks" / "mile-model" / "index.html").read_text(encoding="utf-8")
    assert f'href="../../sessions/hostile-{n}/"' in framework, "its framework page links to it"


def test_search_index_entries_hold_no_markup_that_runs(hostile_site):
    index = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    findings = []
    for doc in index["docs"]:
        for key in ("title", "text", "description"):
            findings += [f"{doc['location']} {key}: {f}" for f in unsafe_html(doc.get(key) or "", set())]
    assert findings == [], "\n".join(findings[:20])
    assert any("alert(" in doc.get("text", "") for doc in index["docs"]), "the hostile text should be indexed, as text"
    assert sum(bool(doc.get("description")) for doc in index["docs"]) >= 20, "every page's description is in the index, to be checked"


def test_json_exports_are_valid_and_hold_only_web_addresses(hostile_site):
    for name in ("checklists.json", "quotes.json"):
        data = json.loads((hostile_site / name).read_text(encoding="utf-8"))
        urls = [v for k, v in _pairs(data) if k in ("url", "site", "licence_url") and v is not None]
        assert urls and all(re.match(r"^https?://[a-z0-9.-]+", u) for u in urls), [u for u in urls if not u.startswith("http")]
    checklists = json.loads((hostile_site / "checklists.json").read_text(encoding="utf-8"))
    assert any(
        '<script>alert("mp-1")</script>' in item["text"] for c in checklists["checklists"] for s in c["sections"] for item in s["items"]
    )


def _pairs(value, key=None):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _pairs(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _pairs(v, key)
    else:
        yield key, value


def test_no_pdf_has_script_actions_or_links_other_than_web_addresses(hostile_site):
    from pypdf import PdfReader

    pdfs = sorted((hostile_site / "pdf").rglob("*.pdf"))  # the checklists', worksheets' and session kits' (and their packs)
    assert len(pdfs) > 60 and any(p.parent.name == "sessions" for p in pdfs) and any(p.parent.name == "worksheets" for p in pdfs)
    for path in pdfs:
        raw = path.read_bytes()
        for marker in (b"/JavaScript", b"/JS ", b"/JS(", b"/Launch", b"/SubmitForm", b"/ImportData", b"/RichMedia"):
            assert marker not in raw, f"{path.name}: {marker!r}"
        reader = PdfReader(io.BytesIO(raw))
        for page in reader.pages:
            for annotation in page.get("/Annots") or []:
                action = annotation.get_object().get("/A") or {}
                uri = action.get("/URI")
                if uri is not None:
                    assert re.match(r"^https?://", str(uri)), f"{path.name}: link to {uri!r}"
    sheet = PdfReader(io.BytesIO((hostile_site / "pdf" / "hostile-0-a4.pdf").read_bytes()))
    assert '<script>alert("mp-1")</script>' in sheet.pages[0].extract_text().replace("\n", " ")


# ---------------------------------------------------------------------------------- in Chromium


@pytest.fixture(scope="module")
def hostile_url(hostile_site):
    handler = functools.partial(_QuietHandler, directory=str(hostile_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Visitor:
    """One page that records every dialog and never leaves for another document on a click (navigations get an empty 204)."""

    def __init__(self, browser):
        self.context = browser.new_context(accept_downloads=False)
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.going = False
        self.context.route("**/*", self._route)

    def _route(self, route):
        if route.request.is_navigation_request() and not self.going:
            route.fulfill(status=204)
        else:
            route.continue_()

    def visit(self, url: str) -> None:
        self.going = True
        try:
            self.page.goto(url, wait_until="load")
        finally:
            self.going = False

    def exercise(self) -> None:
        """Focus every tooltip and titled element of the content and hover the first ones, then click every link."""
        page = self.page
        targets = page.query_selector_all(".md-content abbr")[:40] + page.query_selector_all(".md-content [title]:not(abbr)")[:10]
        for n, element in enumerate(targets):
            try:
                element.focus()
                if n < 8 and element.is_visible():
                    element.hover(timeout=300)
            except Exception:  # covered or detached: nothing more to hover
                continue
        page.wait_for_timeout(150)
        try:  # a link to a page is held back here; one whose address runs script would run it
            page.evaluate(CLICK_EVERY_LINK)
            page.wait_for_timeout(150)
        except Exception:  # a file:// copy cannot be held on the page: the first click leaves it, dialogs are still recorded
            pass

    def close(self) -> None:
        self.context.close()


CLICK_EVERY_LINK = """
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[href]");
  if (link && /^(https?|file|mailto):/.test(link.href)) event.preventDefault();
}, true);
document.querySelectorAll("a[href]").forEach((a) => { try { a.click() } catch (e) {} });
"""
DENSE = ["glossary/", "quotes/", "sources/", "checklists/", "printables/", "assessment/", "tags/", "", "frameworks/mile-model/"]


@pytest.mark.browser
def test_no_dialog_opens_when_pages_are_hovered_focused_and_clicked(browser, hostile_url, hostile_site):
    visitor, opened = _Visitor(browser), {}
    try:
        written = sorted(page_url(p.relative_to(DOCS).as_posix()) for p in DOCS.rglob("*.md"))  # their front matter is hostile
        # Every hostile checklist page is scanned statically (above); in the browser, one in three: the same template.
        sampled = [f"checklists/hostile-{n}/" for n in range(0, len(PAYLOADS), 3)]
        for path in DENSE + [p for p in written if p not in DENSE] + sampled:
            visitor.visit(hostile_url + path)
            if not path.startswith("checklists/hostile-"):
                visitor.exercise()
            else:
                visitor.page.evaluate("document.querySelectorAll('.mp-tick').forEach(box => box.click())")
            if visitor.dialogs:
                opened[path], visitor.dialogs = visitor.dialogs, []
    finally:
        visitor.close()
    assert opened == {}


@pytest.mark.browser
def test_no_dialog_opens_from_search_results(browser, hostile_url):
    visitor = _Visitor(browser)
    visitor.visit(hostile_url)
    page = visitor.page
    try:
        search = page.locator("input.md-search__input")
        for query in ("script alert", "onerror", "img", "javascript", "svg onload", "iframe"):
            page.keyboard.press("/")
            search.fill("")
            search.type(query, delay=20)
            page.wait_for_timeout(700)
            for result in page.query_selector_all(".md-search-result__item")[:8]:
                result.hover()
        assert page.query_selector_all(".md-search-result__item"), "search should find the hostile text"
        assert visitor.dialogs == []
    finally:
        visitor.close()


@pytest.mark.browser
def test_no_dialog_opens_in_the_offline_copy(browser, hostile_site, tmp_path):
    with zipfile.ZipFile(hostile_site / "mileposts-offline.zip") as archive:
        archive.extractall(tmp_path)
    root = tmp_path / "mileposts"
    visitor = _Visitor(browser)
    try:
        for name in ("glossary.html", "quotes.html", "checklists/hostile-1.html", "index.html"):
            visitor.visit((root / name).as_uri())
            visitor.exercise()
            assert visitor.dialogs == [], name
    finally:
        visitor.close()


def test_the_real_site_has_no_handlers_script_addresses_or_markup_in_attributes(built_site, allowed_scripts):
    assert scan_site(built_site, allowed_scripts) == []
