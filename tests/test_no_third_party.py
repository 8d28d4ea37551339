"""Zero requests to hosts other than this machine, on every page type: readers are never tracked
by, or made to wait for, a third party (no web fonts, no CDN, no GitHub API, no analytics)."""

from __future__ import annotations

import re

import pytest

from pagetypes import OPTIONAL, PAGE_TYPES, built
from searchbox import open_search, page_url, search

# Elements and attributes that make a browser fetch something by itself (links the reader clicks are fine).
FETCHING = [
    (r"<script\b[^>]*\ssrc=\"([^\"]+)\"", "script"),
    (r"<img\b[^>]*\ssrc=\"([^\"]+)\"", "image"),
    (r"<(?:iframe|embed|source|audio|video|track)\b[^>]*\ssrc=\"([^\"]+)\"", "embedded media"),
    (r"<object\b[^>]*\sdata=\"([^\"]+)\"", "object"),
    (r"\ssrcset=\"([^\"]+)\"", "srcset"),
    (
        r"<link\b(?=[^>]*\srel=\"(?:stylesheet|preload|prefetch|preconnect|dns-prefetch|modulepreload|icon|manifest|apple-touch-icon)\")[^>]*\shref=\"([^\"]+)\"",
        "link",
    ),
]


def external(url: str) -> bool:
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.IGNORECASE)) and not url.startswith(("//127.0.0.1", "http://127.0.0.1"))


@pytest.mark.parametrize("kind", PAGE_TYPES)
@pytest.mark.browser
def test_page_type_makes_no_request_off_this_machine(page, site_url, built_site, kind):
    src = PAGE_TYPES[kind]
    if not built(built_site, src):
        pytest.skip(OPTIONAL.get(kind, f"{src} is not built"))
    page.goto(site_url + page_url(src))
    page.wait_for_load_state("networkidle")
    boxes = page.locator("input.mp-tick")
    if boxes.count():
        boxes.first.check()
    open_search(page)
    assert search(page, "angry customer", site_url)
    page.wait_for_load_state("networkidle")
    assert page.external_requests == [], f"{kind} ({src}) fetched {page.external_requests}"


def test_no_built_page_or_stylesheet_fetches_from_another_host(built_site):
    problems = []
    for path in sorted(built_site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        for pattern, what in FETCHING:
            for match in re.finditer(pattern, html, re.IGNORECASE):
                urls = [u.strip().split(" ")[0] for u in match.group(1).split(",")] if what == "srcset" else [match.group(1)]
                problems += [f"{path.relative_to(built_site)}: {what} {u}" for u in urls if external(u)]
    for path in sorted(built_site.rglob("*.css")):
        css = path.read_text(encoding="utf-8")
        problems += [
            f"{path.relative_to(built_site)}: {u}" for u in re.findall(r"(?:url\(|@import\s+)['\"]?([^'\")\s;]+)", css) if external(u)
        ]
    assert problems == []
