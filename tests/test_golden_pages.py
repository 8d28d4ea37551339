"""Golden tests: pages rendered from the fixed playbook in tests/fixtures/playbook/ match tests/golden/.

When a template change is intended, regenerate the expected files and review the diff before committing:

    MILEPOSTS_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden_pages.py
"""

from __future__ import annotations

import difflib
import html
import os
import re
import shutil

import markdown
import pytest

from generated import checklist_page, page_markdown
from mileposts.core.inline import plain
from mileposts.kinds.playbook import load_playbook
from mileposts.kinds.sessions import sheet_html as session_sheet
from mileposts.site.frontmatter import split_front_matter
from mileposts.site.markers import expand_markers

GOLDEN = "tests/golden"
UPDATE = os.environ.get("MILEPOSTS_UPDATE_GOLDEN") == "1"
# Python-Markdown with the extensions mkdocs.yml turns on that matter for these pages.
EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc"]
MARKER_PAGE = """\
# For people who answer the phone

<!-- mileposts:quotes tag="last-mile" -->

Two quotes by one author, the first only:

<!-- mileposts:quotes author="Ada Example" limit="1" -->

<!-- mileposts:checklists ids="sample-checklist" -->

<!-- mileposts:checklists audience="team-leads" -->
"""


@pytest.fixture(scope="module")
def playbook(repo_root, tmp_path_factory):
    """The fixed playbook; only the schemas come from the real data/."""
    root = tmp_path_factory.mktemp("golden")
    shutil.copytree(repo_root / "tests" / "fixtures" / "playbook" / "data", root / "data")
    shutil.copytree(repo_root / "data" / "schemas", root / "data" / "schemas")
    return load_playbook(root)


RENDERERS = {
    "sample-checklist.md": lambda pb: checklist_page(pb, "sample-checklist"),
    "sample-checklist-no-directory-urls.md": lambda pb: checklist_page(pb, "sample-checklist", directory_urls=False),
    "markers.md": lambda pb: expand_markers(MARKER_PAGE, "for/people.md", pb),
    "quotes-page.md": lambda pb: page_markdown(pb, "quotes.md"),
    "sources-page.md": lambda pb: page_markdown(pb, "sources.md"),
    "sample-session.md": lambda pb: page_markdown(pb, "sessions/sample-session.md"),
    "sample-session-guide.html": lambda pb: session_sheet(pb, pb.sessions["sample-session"], "guide"),
    "sample-session-roleplays.html": lambda pb: session_sheet(pb, pb.sessions["sample-session"], "roleplays"),
}


@pytest.mark.parametrize("name", RENDERERS)
def test_rendered_markdown_matches_the_golden_file(repo_root, playbook, name):
    actual = RENDERERS[name](playbook)
    golden = repo_root / GOLDEN / name
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8", newline="\n")
    assert golden.exists(), f"{GOLDEN}/{name} is missing: run with MILEPOSTS_UPDATE_GOLDEN=1 to create it"
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), f"{GOLDEN}/{name}", "rendered"))
        pytest.fail(
            f"rendered output differs from {GOLDEN}/{name}; if the change is intended, rerun with MILEPOSTS_UPDATE_GOLDEN=1\n{diff}"
        )


def test_rendering_twice_gives_the_same_text(playbook):
    assert checklist_page(playbook, "sample-checklist") == checklist_page(playbook, "sample-checklist")


def to_html(page: str) -> str:
    _, body = split_front_matter(page)
    return markdown.markdown(body, extensions=EXTENSIONS)


def visible(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_checklist_front_matter_is_valid_yaml_with_plain_text(playbook):
    meta, _ = split_front_matter(checklist_page(playbook, "sample-checklist"))
    assert meta["title"] == "Keep a customer's promise"
    assert meta["description"] == "Check that what you promised is what the customer gets, with nothing left to chance."
    assert meta["tags"] == ["Frontline staff", "Team leads", "Last mile", "Customers"]


def test_checklist_page_shows_every_item_and_runs_no_script(playbook):
    page = to_html(checklist_page(playbook, "sample-checklist"))
    checklist = playbook.checklists["sample-checklist"]
    texts = [visible(t) for t in re.findall(r'<span class="mp-text">(.*?)</span></label>', page)]
    assert texts == [
        "Read the order & the promise made, word for word.",
        "◆Critical: Check the delivery date against the stock system.",
        "Open the delivery guide for the customer's area.",
        "Show <script>alert(1)</script> as text, never run it.",
        "Keep snake_case, # hashes, [brackets] and `ticks` as typed.",
        "Refuse [bad links](javascript:alert(1)) that are not web addresses.",
    ]
    assert len(texts) == len(checklist.items)
    assert "<script" not in page
    assert 'href="javascript' not in page
    assert re.search(r"<h1[^>]*>Keep a customer(&#39;|&rsquo;|')s promise</h1>", page)


def test_checklist_page_marks_critical_items_and_shows_why_its_type_and_each_own_pause_point(playbook):
    page = to_html(checklist_page(playbook, "sample-checklist"))
    critical = [item.text for item in playbook.checklists["sample-checklist"].items if item.critical]
    marked = re.findall(r'<li class="mp-item mp-critical"[^>]*>\n<label[^>]*>.*?<span class="mp-text">(.*?)</span></label>', page)
    assert (
        [visible(t) for t in marked]
        == [f"◆Critical: {plain(t)}" for t in critical]
        == ["◆Critical: Check the delivery date against the stock system."]
    )
    assert page.count('class="mp-critical-mark"') == len(critical) + 1, "one mark per critical item, and one in the key"
    assert "marks a critical item" in visible(page)
    reason = re.search(r'<span class="mp-type-reason">(.*?)</span>', page)
    assert reason and visible(reason.group(1)) == "Done from memory with every order, then confirmed before the customer hears a date."
    whens = [visible(w) for w in re.findall(r'<p class="mp-section-when">(.*?)</p>', page)]
    assert whens == ["When: After you write the reply, before you press Send."], "only the section with its own when shows one"


def test_checklist_page_links_to_its_sources_and_pdfs_from_its_own_folder(playbook):
    page = checklist_page(playbook, "sample-checklist")
    assert 'href="../../sources/#sample-article"' in page
    assert 'href="../../pdf/sample-checklist-a4.pdf"' in page
    flat = checklist_page(playbook, "sample-checklist", directory_urls=False)
    assert 'href="../sources.html#sample-article"' in flat
    assert 'href="../pdf/sample-checklist-a4.pdf"' in flat


def paragraphs(page_html: str) -> list[str]:
    return [visible(p).strip() for p in re.findall(r"<p>(.*?)</p>", page_html, re.DOTALL)]


def test_quotes_marker_keeps_each_quote_and_its_attribution_in_separate_paragraphs(playbook):
    page = to_html(expand_markers('<!-- mileposts:quotes tag="last-mile" -->\n', "for/people.md", playbook))
    assert paragraphs(page) == [
        "Deliver the last mile before you go the extra one.",
        "— Ada Example, in A sample article on the last mile. From the end of the sample article.",
        "A <b>promise</b> kept beats a_promise made; see the study.",
        "— Ben O'Neill, in A study the sample article cites",
    ]


def test_quotes_page_shows_each_quote_as_its_own_paragraph_with_no_stray_marks(playbook):
    page = to_html(page_markdown(playbook, "quotes.md"))
    shown = paragraphs(page)
    for quote in playbook.quotes:
        assert plain(quote.text) in shown, f"{quote.text!r} is not a paragraph of its own"
    assert not re.search(r"&gt;\s*<small>Also about", page), "a stray '>' before 'Also about'"
    assert "Also about: Extra mile" in shown


def test_sources_page_lists_each_source_under_its_own_anchor(playbook):
    page = to_html(page_markdown(playbook, "sources.md"))
    assert 'id="sample-article"' in page and 'id="sample-reference"' in page
    assert '<a href="#sample-article">A sample article on the last mile</a>' in page


def test_golden_files_have_no_stray_outputs(repo_root):
    on_disk = {p.name for p in (repo_root / GOLDEN).iterdir() if p.is_file()}
    assert on_disk == set(RENDERERS), "every file in tests/golden/ must be produced by a renderer here"


def test_markers_shown_as_examples_in_code_blocks_are_left_as_written(playbook):
    # A page that teaches the marker syntax must be able to show it; only real markers are expanded.
    page = 'Write this:\n\n```markdown\n<!-- mileposts:quotes tag="last-mile" -->\n<!-- mileposts:example -->\n```\n\n'
    page += "or inline: `<!-- mileposts:x -->`.\n"
    assert expand_markers(page, "guide.md", playbook) == page
