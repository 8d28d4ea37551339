"""Start from the situation: the "Right now" links on the home and frontline pages go straight to a
section (an anchor that exists in the built page), every checklist links to its framework and to the
section with the words to say, and every framework links to its checklists."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT
from mileposts.kinds.playbook import load_playbook

SITUATIONS = ("angry", "missed", "say no", "abusive")  # what staff face most, each must be offered


class _Section(HTMLParser):
    """The links (text, href) under the heading with `heading_id`, up to the next h2; and every id of the page."""

    def __init__(self, heading_id: str):
        super().__init__()
        self.heading_id, self.inside, self.links, self.ids, self._href, self._text = heading_id, False, [], set(), None, []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "h2":
            self.inside = attributes.get("id") == self.heading_id
        if self.inside and tag == "a" and "headerlink" not in (attributes.get("class") or ""):
            self._href, self._text = attributes.get("href"), []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append(("".join(self._text).strip(), self._href))
            self._href = None


def section(site: Path, page: str, heading_id: str) -> _Section:
    parser = _Section(heading_id)
    parser.feed((site / page).read_text(encoding="utf-8"))
    return parser


def target(site: Path, page: str, href: str) -> tuple[Path, str]:
    """The built file and anchor a relative link of `page` leads to."""
    path, _, anchor = href.partition("#")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    file = site / resolved / "index.html" if not resolved.endswith(".html") else site / resolved
    return file, anchor


def anchor_exists(file: Path, anchor: str) -> bool:
    return re.search(rf'\sid="{re.escape(anchor)}"', file.read_text(encoding="utf-8")) is not None


@pytest.mark.parametrize("page", ["index.html", "for/frontline-staff/index.html"])
def test_right_now_links_go_straight_to_a_section_that_exists(built_site, page):
    links = section(built_site, page, "right-now").links
    assert len(links) >= 4, links
    for situation in SITUATIONS:
        assert any(situation in text.lower() for text, _ in links), f"no right-now link for {situation!r} on {page}"
    for text, href in links:
        file, anchor = target(built_site, page, href)
        assert anchor, f"{text!r} goes to the top of a page, not a section: {href}"
        assert file.is_file(), href
        assert anchor_exists(file, anchor), f"{href} from {page}: no id {anchor!r} in {file}"


def test_an_angry_customer_goes_straight_to_the_words_to_say(built_site):
    links = dict(section(built_site, "index.html", "right-now").links)
    href = next(h for t, h in links.items() if "angry" in t.lower())
    assert href.endswith("#what-to-say")


def test_every_checklist_links_to_its_framework_and_the_words_to_say(built_site):
    playbook = load_playbook(ROOT)
    for checklist in playbook.checklists.values():
        page = f"checklists/{checklist.id}/index.html"
        links = section(built_site, page, "goes-with").links
        hrefs = [h for _, h in links]
        assert checklist.framework and checklist.words, checklist.id
        assert any(h.rstrip("/").endswith(f"frameworks/{checklist.framework}") for h in hrefs), (checklist.id, hrefs)
        words = [h for h in hrefs if "#" in h]
        assert len(words) == 1, (checklist.id, hrefs)
        file, anchor = target(built_site, page, words[0])
        assert anchor_exists(file, anchor), (checklist.id, words[0])


def test_every_framework_links_to_its_checklists(built_site):
    playbook = load_playbook(ROOT)
    for path in sorted((built_site / "frameworks").glob("*/index.html")):
        html = path.read_text(encoding="utf-8")
        linked = set(re.findall(r'href="\.\./\.\./checklists/([a-z0-9-]+)/"', html))
        assert linked & set(playbook.checklists), f"{path.parent.name} links to no checklist"
        for checklist in playbook.checklists.values():
            if checklist.framework == path.parent.name:
                assert checklist.id in linked, f"{path.parent.name} does not link to its checklist {checklist.id}"
