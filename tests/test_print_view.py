"""Printing from the browser (headless Chromium): a checklist page gives one clean sheet, any page prints
without the site's header, navigation, search, footer or buttons, with collapsed blocks opened."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from mileposts.core.inline import plain
from mileposts.kinds.playbook import load_playbook

pytestmark = pytest.mark.browser

NAV_LABELS = ("Frameworks", "Stories", "For you", "Reference", "Contribute")
# The fullest printed pages (the most items, with notes and sections at their own pause point): the hardest to keep on one page.
CHECKLISTS = ("see-what-customers-see", "last-mile-strategy-review", "zero-mile-warning-signs")


@pytest.fixture(scope="module")
def playbook(repo_root):
    return load_playbook(repo_root)


def normal(text: str) -> str:
    """Whitespace collapsed, ligatures (Chromium writes "fi" as one glyph) and hyphen breaks undone."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"(\w)- (\w)", r"\1-\2", re.sub(r"\s+", " ", text)).strip()


def printed(page, url: str, paper: str) -> PdfReader:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return PdfReader(io.BytesIO(page.pdf(format=paper)))


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("checklist_id", CHECKLISTS)
def test_printing_a_checklist_page_gives_one_page_with_no_navigation_or_header(page, site_url, playbook, checklist_id, paper):
    checklist = playbook.checklists[checklist_id]
    reader = printed(page, f"{site_url}checklists/{checklist_id}/", paper)
    assert len(reader.pages) == 1, f"{checklist_id} prints on {len(reader.pages)} pages of {paper}"
    text = normal(reader.pages[0].extract_text())
    assert normal(plain(checklist.title)) in text
    assert normal(plain(checklist.items[0].text)) in text
    assert normal(plain(checklist.items[-1].text)) in text
    assert "Completed by" in text and "Initials" in text
    for label in NAV_LABELS:
        assert label not in text, f"navigation label {label!r} printed"
    assert "Search" not in text
    for button in ("Reset ticks", "PDF (A4)", "PDF (US Letter)", "Print"):
        assert button not in text, f"button {button!r} printed"
    assert text.count(plain(checklist.title)) == 1, "the title should print once (the sheet's, not also the page's)"


def test_printing_any_page_hides_the_site_chrome_and_opens_collapsed_blocks(page, site_url):
    reader = printed(page, f"{site_url}frameworks/last-mile-differentiator/", "A4")
    text = normal(" ".join(p.extract_text() for p in reader.pages))
    for label in NAV_LABELS:
        assert label not in text, f"navigation label {label!r} printed"
    assert "Search" not in text
    # The "What is a net promoter score?" note is collapsed on screen; on paper it is open.
    assert "What is a net promoter score?" in text
    assert "percentage of promoters minus the percentage of detractors" in text


def test_printing_shows_where_external_links_go(page, site_url):
    # The content links out rarely, so add a paragraph with an external and an internal link.
    page.goto(f"{site_url}stories/")
    page.wait_for_load_state("networkidle")
    page.evaluate(
        """() => {
            const p = document.createElement("p");
            p.innerHTML = 'Read <a href="https://example.org/service-guide">the guide</a> and <a href="../glossary/">the glossary</a>.';
            document.querySelector(".md-content .md-typeset").append(p);
        }"""
    )
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = normal(" ".join(p.extract_text() for p in reader.pages))
    assert "the guide (https://example.org/service-guide)" in text
    assert "the glossary (" not in text
