"""Zero axe-core violations on every page type, in the light and the dark scheme, with the search
dialog open too; and the two Material partials we override to get there still match Material.

axe-core comes with axe-playwright-python (installed from requirements.txt) and is injected into
the page from disk: nothing is fetched.
"""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest

from pagetypes import OPTIONAL, PAGE_TYPES, built
from searchbox import open_search, page_url, search

MATERIAL_PARTIALS = Path(material.__file__).parent / "templates" / "partials"
SCHEMES = ["light", "dark"]


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def report(results) -> str:
    lines = []
    for violation in results.response["violations"]:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1].strip()}")
    return "\n".join(lines)


@pytest.fixture(params=SCHEMES)
def scheme_page(request, browser, site_url):
    """A fresh page in the light or dark colour scheme (Material follows the system preference)."""
    context = browser.new_context(color_scheme=request.param)
    page = context.new_page()
    page.external_requests = []
    page.on("request", lambda r: None if r.url.startswith((site_url, "data:", "blob:", "about:")) else page.external_requests.append(r.url))
    yield page
    context.close()


def check(axe, page, what: str) -> None:
    """axe-core's findings on the page as it settles: mid-transition colours (the tabs fading out as a tick scrolls
    the page) are neither what anyone reads nor a fair measure of contrast."""
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    results = axe.run(page)
    assert results.violations_count == 0, f"{what}:\n{report(results)}"
    assert page.external_requests == []


@pytest.mark.browser
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_type_has_no_axe_violations(axe, scheme_page, site_url, built_site, kind):
    src = PAGE_TYPES[kind]
    if not built(built_site, src):
        pytest.skip(OPTIONAL.get(kind, f"{src} is not built"))
    scheme_page.goto(site_url + page_url(src))
    scheme_page.wait_for_load_state("load")
    check(axe, scheme_page, kind)
    boxes = scheme_page.locator("input.mp-tick")
    if boxes.count():  # a ticked item must stay readable too
        boxes.first.check()
        check(axe, scheme_page, f"{kind}, one item ticked")


@pytest.mark.browser
def test_search_dialog_with_results_has_no_axe_violations(axe, scheme_page, site_url):
    scheme_page.goto(site_url + page_url("frameworks/mile-model.md"))
    open_search(scheme_page)
    check(axe, scheme_page, "search open, empty")
    assert len(search(scheme_page, "angry customer", site_url)) >= 3
    check(axe, scheme_page, "search open, with results")
    assert scheme_page.get_attribute(".md-search", "aria-label"), "the search dialog needs an accessible name"


@pytest.mark.browser
def test_a_phone_sized_screen_has_no_axe_violations(axe, browser, site_url):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.external_requests = []
    try:
        for src in ("index.md", "checklists/service-recovery.md"):
            page.goto(site_url + page_url(src))
            check(axe, page, f"{src} on a phone")
    finally:
        context.close()


PARTIAL_CHANGES = {
    "search.html": (
        '<div class="md-search" data-md-component="search" role="dialog">',
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">',
    ),
    "tags.html": ('<nav class="md-tags" {{ hidden }}>', '<nav class="md-tags" aria-label="Tags" {{ hidden }}>'),
    "nav-item.html": (
        '<nav class="md-nav" data-md-level="{{ level }}" aria-labelledby="{{ path }}_label" aria-expanded',
        '<nav class="md-nav" data-md-level="{{ level }}" aria-label="{{ nav_item.title | e }}" aria-expanded',
    ),
}


def without_leading_comment(template: str) -> str:
    return re.sub(r"^\{#-.*?-#\}\n", "", template, count=1, flags=re.DOTALL)


@pytest.mark.parametrize("name", PARTIAL_CHANGES)
def test_overridden_partials_match_material_apart_from_the_accessible_name(repo_root, name):
    original, ours = PARTIAL_CHANGES[name]
    theirs = without_leading_comment((MATERIAL_PARTIALS / name).read_text(encoding="utf-8"))
    mine = without_leading_comment((repo_root / "overrides" / "partials" / name).read_text(encoding="utf-8"))
    assert original in theirs, f"Material's partials/{name} has changed: copy it again into overrides/partials/ and re-add the label"
    assert mine == theirs.replace(original, ours)


PHONE_PAGES = ["home", "checklists index", "trainers (sessions table)", "session kits index", "checklist", "audience"]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
def test_phone_layout_has_no_axe_violations(axe, browser, site_url, scheme):
    """At 375 px: stacked tables, the one-line tag chips, a checklist's tick times and its Undo line."""
    context = browser.new_context(viewport={"width": 375, "height": 667}, color_scheme=scheme, service_workers="block")
    page = context.new_page()
    page.external_requests = []
    try:
        for kind in PHONE_PAGES:
            page.goto(site_url + page_url(PAGE_TYPES[kind]))
            page.wait_for_load_state("load")
            check(axe, page, f"{kind} at 375 px")
        page.goto(site_url + page_url(PAGE_TYPES["checklist"]))
        page.locator("input.mp-tick").nth(0).check()
        page.locator("input.mp-tick").nth(1).check()
        page.get_by_role("button", name="Reset ticks").click()
        page.get_by_role("button", name="Undo").wait_for()
        check(axe, page, "a checklist's Undo line at 375 px")
    finally:
        context.close()
