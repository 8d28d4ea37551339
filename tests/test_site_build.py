"""The real site, built strictly: generated pages carry their data, edit links and nothing third-party.

Breaking a copy of the project shows that bad data or markers fail the build cleanly, and that
a build or a validation never touches docs/ or data/.
"""

from __future__ import annotations

import hashlib
import html
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import run_mkdocs_build
from mileposts.core.inline import plain
from mileposts.kinds.playbook import load_playbook
from mileposts.site.frontmatter import read_docs


@pytest.fixture(scope="module")
def playbook(repo_root):
    return load_playbook(repo_root)


def visible(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def built_page(site: Path, src: str) -> Path:
    """The HTML file MkDocs writes for docs path `src` (directory URLs)."""
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return site / (stem + ".html")
    return site / stem / "index.html"


def edit_link(page_html: str) -> str:
    match = re.search(r'<a href="([^"]+)"[^>]*rel="edit"', page_html)
    assert match, "no edit link on the page"
    return html.unescape(match.group(1))


CRITICAL_MARK = '<span class="mp-critical-mark" aria-hidden="true">◆</span><span class="mp-visually-hidden">Critical: </span>'


def item_texts(page_html: str) -> list[str]:
    """Each item's own text (a critical item's mark and its spoken "Critical: " left out: see critical_texts)."""
    texts = re.findall(r'<span class="mp-text">(.*?)</span></label>', page_html, re.DOTALL)
    return [visible(t.removeprefix(CRITICAL_MARK)) for t in texts]


def critical_texts(page_html: str) -> list[str]:
    """The texts of the items marked critical, both for the eye (◆) and for a screen reader ("Critical: ")."""
    critical = r'<li class="mp-item mp-critical"[^>]*>\s*<label[^>]*>.*?<span class="mp-text">(.*?)</span></label>'
    texts = re.findall(critical, page_html, re.DOTALL)
    return [visible(t.removeprefix(CRITICAL_MARK)) for t in texts if t.startswith(CRITICAL_MARK)]


def test_service_recovery_page_has_its_title_every_item_and_an_edit_link_to_its_yaml(built_site, playbook):
    checklist = playbook.checklists["service-recovery"]
    page = (built_site / "checklists" / "service-recovery" / "index.html").read_text(encoding="utf-8")
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.DOTALL)
    assert h1 and visible(h1.group(1)).rstrip("¶") == plain(checklist.title)
    title = re.search(r"<title>(.*?)</title>", page, re.DOTALL)
    assert title and visible(title.group(1)).startswith(plain(checklist.title))
    assert item_texts(page) == [plain(item.text) for item in checklist.items]
    for item in checklist.items:
        if item.note:
            assert plain(item.note) in visible(page)
    site = playbook.site
    assert edit_link(page) == f"{site.repo_url}/edit/{site.branch}/data/checklists/service-recovery.yml"
    assert edit_link(page).endswith("/edit/main/data/checklists/service-recovery.yml")


def test_every_checklist_page_shows_every_item_of_its_yaml_once(built_site, playbook):
    assert playbook.checklists, "no checklists loaded"
    for checklist_id, checklist in playbook.checklists.items():
        page = built_page(built_site, f"checklists/{checklist_id}.md").read_text(encoding="utf-8")
        assert item_texts(page) == [plain(item.text) for item in checklist.items], checklist_id
        assert critical_texts(page) == [plain(item.text) for item in checklist.items if item.critical], checklist_id
        assert critical_texts(page), f"{checklist_id}: a checklist marks at least one critical item"
        assert page.count("mp-critical-key") == 1, f"{checklist_id}: the page explains the mark once"
        assert edit_link(page).endswith(f"/data/checklists/{checklist_id}.yml")


def test_each_hand_written_page_has_an_edit_link_to_its_file_in_docs(built_site, repo_root, playbook):
    site = playbook.site
    docs = read_docs(repo_root / "docs")
    assert docs
    for src, doc in docs.items():
        page = built_page(built_site, src)
        assert page.exists(), f"docs/{src} was not built to {page.relative_to(built_site)}"
        source = doc.meta.get("edit_path", f"docs/{src}")  # a page that only includes another file edits that file
        assert (repo_root / source).is_file(), f"docs/{src}: edit_path {source} does not exist"
        assert edit_link(page.read_text(encoding="utf-8")) == f"{site.repo_url}/edit/{site.branch}/{source}", src


def test_custom_404_page_is_built(built_site, repo_root):
    page = (built_site / "404.html").read_text(encoding="utf-8")
    template = (repo_root / "overrides" / "404.html").read_text(encoding="utf-8")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", template, re.DOTALL)
    assert heading, "overrides/404.html has no <h1>"
    assert visible(heading.group(1)) in visible(page)


class _Resources(HTMLParser):
    """Collects the addresses a browser would fetch on its own, and the text of every <script>."""

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") not in ("canonical", "alternate", "prev", "next"):
            self.urls.append((tag, attrs.get("href") or ""))
        elif tag in ("script", "img", "iframe", "source", "video", "audio") and attrs.get("src"):
            self.urls.append((tag, attrs["src"]))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def resources(page: Path) -> _Resources:
    parser = _Resources()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_no_page_loads_anything_from_a_third_party(built_site, playbook):
    own = (playbook.site.site_url, "http://127.0.0.1")
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 10
    offenders = []
    for page in pages:
        for tag, url in resources(page).urls:
            third_party = url.startswith("//") or (
                re.match(r"[a-z]+:", url, re.I) and not url.startswith(own) and not url.startswith("data:")
            )
            if third_party or "fonts.googleapis" in url or "fonts.gstatic" in url:
                offenders.append(f"{page.relative_to(built_site)}: <{tag}> {url}")
    for stylesheet in sorted(built_site.rglob("*.css")):
        for url in re.findall(r"""(?:url\(|@import\s+)["']?((?:https?:)?//[^"')\s]+)""", stylesheet.read_text(encoding="utf-8")):
            offenders.append(f"{stylesheet.relative_to(built_site)}: {url}")
    assert offenders == []


def test_no_page_shows_double_escaped_characters(built_site):
    for page in sorted(built_site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"&amp;(#\d+|#x[0-9a-f]+|[a-z]+);|&&#", text), f"{page.relative_to(built_site)} shows an escaped entity"


def test_quotes_page_has_no_stray_markdown_marks(built_site):
    page = (built_site / "quotes" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"&gt;\s*<small>", page), "a stray '>' is shown before 'Also about'"


def line_of(path: Path, prefix: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(prefix))


def test_script_in_a_checklist_item_is_shown_as_text_and_never_runs(project_copy, tmp_path):
    path = project_copy / "data" / "checklists" / "service-recovery.yml"
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if re.match(r"      - (?!text:)", text))
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[line - 1] = "      - \"Check <script>alert('owned')</script> shows as text.\""
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_mkdocs_build(project_copy, tmp_path / "site", pdfs=False, offline=False)
    assert result.returncode == 0, result.stderr
    page = tmp_path / "site" / "checklists" / "service-recovery" / "index.html"
    assert "Check <script>alert('owned')</script> shows as text." in item_texts(page.read_text(encoding="utf-8"))
    parsed = resources(page)
    assert not any("owned" in script for script in parsed.scripts)
    assert "<script>alert(" not in page.read_text(encoding="utf-8")


def test_broken_yaml_fails_the_build_with_path_and_line_and_no_traceback(project_copy, tmp_path):
    path = project_copy / "data" / "checklists" / "service-recovery.yml"
    line = line_of(path, "type:")
    path.write_text(path.read_text(encoding="utf-8").replace("\ntype:", "\n  wrongly: indented\ntype:", 1), encoding="utf-8")
    quotes = project_copy / "data" / "quotes.yml"
    quotes.write_text(quotes.read_text(encoding="utf-8") + "\n- text: A quote nobody said.\n  tags: [customers]\n", encoding="utf-8")
    result = run_mkdocs_build(project_copy, tmp_path / "site", pdfs=False, offline=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"data/checklists/service-recovery.yml:{line}:" in output
    assert re.search(r"data/quotes\.yml:\d+:\d+: \[\d+\]\.author: expected the field 'author'", output), output
    assert "2 problems in Mileposts data." in output
    assert "Traceback" not in output


def test_unknown_marker_in_a_page_fails_the_build_naming_the_file_and_line(project_copy, tmp_path):
    page = project_copy / "docs" / "stories.md"
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    page.write_text(text + '<!-- mileposts:video id="intro" -->\n', encoding="utf-8")
    result = run_mkdocs_build(project_copy, tmp_path / "site", pdfs=False, offline=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"docs/stories.md:{text.count(chr(10)) + 1}:1: marker: expected a marker named" in output
    assert "unknown marker 'video'" in output
    assert "Traceback" not in output


def snapshot(root: Path) -> tuple[str, dict]:
    """`git status` of docs/ and data/, and every file's content hash and modification time."""
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all", "--", "docs", "data"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    files = {}
    for folder in ("docs", "data"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                files[path.relative_to(root).as_posix()] = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    return status, files


def test_build_validate_and_pages_leave_docs_and_data_untouched(repo_root, tmp_path):
    before = snapshot(repo_root)
    result = run_mkdocs_build(repo_root, tmp_path / "site", offline=False)
    assert (tmp_path / "site" / "index.html").exists(), result.stderr
    assert snapshot(repo_root) == before, "the build changed docs/ or data/"
    for command in (["validate"], ["pages", str(tmp_path / "pages")]):
        run = subprocess.run([sys.executable, "-m", "mileposts", *command], cwd=repo_root, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        assert snapshot(repo_root) == before, f"`mileposts {command[0]}` changed docs/ or data/"
