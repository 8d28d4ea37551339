"""Interactive checklists in real Chromium: ticks that persist, reset, keyboard and touch, progress,
print, glossary tooltips by keyboard, with and without Material's instant navigation.

Ticks live in localStorage under "mileposts:ticks:<checklist id>" as a JSON list of item ids;
an item id is derived from the item's text, so editing one item leaves the others' ticks alone.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import copy_project
from mileposts.kinds.checklist_records import item_id
from mileposts.kinds.playbook import load_playbook

ROOT = Path(__file__).resolve().parents[1]
CHECKLIST = "first-mile-standards"
KEY = f"mileposts:ticks:{CHECKLIST}"


@pytest.fixture(scope="module")
def playbook():
    return load_playbook(ROOT)


@pytest.fixture(scope="module")
def items(playbook):
    return playbook.checklists[CHECKLIST].items


def stored(page, key: str = KEY):
    raw = page.evaluate("key => window.localStorage.getItem(key)", key)
    return None if raw is None else json.loads(raw)


def progress(page) -> str:
    return page.locator(".mp-progress").inner_text().strip()


def boxes(page):
    return page.locator("input.mp-tick")


def open_checklist(page, site_url: str, checklist: str = CHECKLIST) -> None:
    page.goto(f"{site_url}checklists/{checklist}/")
    page.locator(".mp-progress").wait_for(state="visible")


# ---------------------------------------------------------------- item ids


def test_item_ids_in_the_built_pages_derive_from_the_item_text(built_site, playbook):
    for checklist in playbook.checklists.values():
        html = (built_site / "checklists" / checklist.id / "index.html").read_text(encoding="utf-8")
        assert f'data-checklist-id="{checklist.id}"' in html
        ids = re.findall(r'<li class="mp-item(?: mp-critical)?" data-item-id="([0-9a-f]{10})">', html)
        assert ids == [item_id(item.text) for item in checklist.items], checklist.id


def test_editing_one_item_leaves_the_ids_of_the_others_alone(project_copy, items):
    path = project_copy / "data" / "checklists" / f"{CHECKLIST}.yml"
    text = path.read_text(encoding="utf-8")
    old = "Look up from your screen as soon as a customer arrives."
    assert old in text and items[0].text == old
    path.write_text(text.replace(old, "Look up from your screen as soon as a customer walks in."), encoding="utf-8")
    edited = load_playbook(project_copy).checklists[CHECKLIST].items
    changed = [i for i, (a, b) in enumerate(zip(items, edited, strict=True)) if a.id != b.id]
    assert changed == [0]
    assert item_id("  Greet the   customer ") == item_id("greet the customer")  # spacing and case do not matter


# ---------------------------------------------------------------- ticking


@pytest.mark.browser
def test_tick_reload_still_ticked(page, site_url, items):
    open_checklist(page, site_url)
    assert progress(page) == f"0 of {len(items)} done"
    page.get_by_text(items[0].text, exact=True).click()  # the whole label is the target
    page.get_by_role("checkbox", name=items[2].text).check()
    assert stored(page) == [items[0].id, items[2].id]
    page.reload()
    page.locator(".mp-progress").wait_for(state="visible")
    assert boxes(page).nth(0).is_checked() and boxes(page).nth(2).is_checked()
    assert not boxes(page).nth(1).is_checked()
    assert progress(page) == f"2 of {len(items)} done"
    assert "mp-done" in page.locator(".mp-item").nth(0).get_attribute("class")
    assert page.external_requests == []


@pytest.mark.browser
def test_reset_clears_every_tick(page, site_url, items):
    open_checklist(page, site_url)
    for i in (0, 3, 5):
        boxes(page).nth(i).check()
    assert len(stored(page)) == 3
    page.get_by_role("button", name="Reset ticks").click()
    assert boxes(page).evaluate_all("els => els.filter(e => e.checked).length") == 0
    assert stored(page) is None
    assert progress(page) == f"0 of {len(items)} done"
    page.reload()
    page.locator(".mp-progress").wait_for(state="visible")
    assert boxes(page).evaluate_all("els => els.filter(e => e.checked).length") == 0


@pytest.mark.browser
def test_keyboard_space_toggles_a_box_and_tab_moves_to_the_next(page, site_url, items):
    open_checklist(page, site_url)
    boxes(page).nth(0).focus()
    page.keyboard.press("Space")
    assert boxes(page).nth(0).is_checked()
    assert stored(page) == [items[0].id]
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == items[1].id
    page.keyboard.press("Space")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    assert not boxes(page).nth(0).is_checked() and boxes(page).nth(1).is_checked()
    assert stored(page) == [items[1].id]
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "a focused box shows a focus ring"


@pytest.mark.browser
def test_every_box_is_named_by_its_item_text(page, site_url, items):
    """A critical item's box says so first ("Critical: ..."); the diamond drawn for sighted readers is not read out."""
    open_checklist(page, site_url)
    assert any(item.critical for item in items) and not all(item.critical for item in items)
    for item in items:
        name = f"Critical: {item.text}" if item.critical else item.text
        assert page.get_by_role("checkbox", name=name, exact=True).count() == 1, name


@pytest.mark.browser
def test_ticks_survive_an_edit_of_another_item(page, site_url, items):
    """Stored ids of the other items still match; the id of an item whose text changed is dropped, not misapplied."""
    open_checklist(page, site_url)
    stale = item_id("Look up from your screen and smile.")  # item 1 as it read before an edit
    page.evaluate("([key, ids]) => window.localStorage.setItem(key, JSON.stringify(ids))", [KEY, [items[0].id, stale, items[2].id]])
    page.reload()
    page.locator(".mp-progress").wait_for(state="visible")
    assert [boxes(page).nth(i).is_checked() for i in range(4)] == [True, False, True, False]
    assert progress(page) == f"2 of {len(items)} done"
    boxes(page).nth(3).check()
    assert stored(page) == [items[0].id, items[2].id, items[3].id]


@pytest.mark.browser
def test_progress_line_counts_and_is_announced_politely(page, site_url, items):
    open_checklist(page, site_url)
    line = page.locator(".mp-progress")
    assert line.get_attribute("aria-live") == "polite"
    boxes(page).nth(0).check()
    assert progress(page) == f"1 of {len(items)} done"
    boxes(page).nth(1).check()
    boxes(page).nth(2).check()
    boxes(page).nth(3).check()
    assert progress(page) == f"4 of {len(items)} done"
    for i in range(len(items)):
        boxes(page).nth(i).check()
    assert progress(page) == f"All {len(items)} done"
    boxes(page).nth(0).uncheck()
    assert progress(page) == f"{len(items) - 1} of {len(items)} done"


@pytest.mark.browser
def test_ticks_are_kept_per_checklist(page, site_url, playbook):
    open_checklist(page, site_url)
    boxes(page).nth(0).check()
    other = playbook.checklists["service-recovery"]
    open_checklist(page, site_url, other.id)
    assert boxes(page).evaluate_all("els => els.filter(e => e.checked).length") == 0
    boxes(page).nth(1).check()
    assert stored(page, f"mileposts:ticks:{other.id}") == [other.items[1].id]
    assert len(stored(page)) == 1


@pytest.mark.browser
def test_a_tick_in_another_tab_shows_up(page, site_url, items):
    open_checklist(page, site_url)
    second = page.context.new_page()
    open_checklist(second, site_url)
    boxes(second).nth(4).check()
    page.wait_for_function("document.querySelectorAll('input.mp-tick')[4].checked")
    assert progress(page) == f"1 of {len(items)} done"
    second.close()


# ---------------------------------------------------------------- touch and layout


@pytest.mark.browser
def test_touch_on_a_phone_ticks_and_targets_are_big_enough(browser, site_url, items):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    try:
        open_checklist(page, site_url)
        page.locator(".mp-item-label").nth(0).tap()
        assert boxes(page).nth(0).is_checked()
        page.locator(".mp-item-label").nth(0).tap()
        assert not boxes(page).nth(0).is_checked()
        for selector in (".mp-item-label", ".mp-reset", ".mp-print"):
            box = page.locator(selector).first.bounding_box()
            assert box["height"] >= 44, selector
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling on a phone"
        for hidden in (".mp-box", ".mp-sheet-title", ".mp-print-only"):
            assert all(not page.locator(hidden).nth(i).is_visible() for i in range(page.locator(hidden).count())), hidden
    finally:
        context.close()


@pytest.mark.browser
def test_ticked_items_look_done(page, site_url):
    open_checklist(page, site_url)
    item = page.locator(".mp-item").nth(0)
    before = item.evaluate("el => getComputedStyle(el).backgroundColor")
    boxes(page).nth(0).check()
    assert "mp-done" in item.get_attribute("class")
    page.wait_for_function("([el, before]) => getComputedStyle(el).backgroundColor !== before", arg=[item.element_handle(), before])
    assert "line-through" in item.locator(".mp-text").evaluate("el => getComputedStyle(el).textDecorationLine")


# ---------------------------------------------------------------- print


@pytest.mark.browser
def test_print_button_calls_window_print(page, site_url):
    page.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    open_checklist(page, site_url)
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.__printed") == 1


@pytest.mark.browser
def test_details_open_for_printing_and_close_afterwards(page, site_url):
    page.goto(site_url + "assessment/")
    details = page.locator("details.mp-scoring-key")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = false)")
    assert not details.evaluate("d => d.open")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate("[...document.querySelectorAll('details')].every(d => d.open)")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert not details.evaluate("d => d.open")


# ---------------------------------------------------------------- without JavaScript


@pytest.mark.browser
def test_without_javascript_the_list_reads_well_and_buttons_stay_hidden(browser, site_url, items):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{site_url}checklists/{CHECKLIST}/")
        assert page.locator(".mp-item").count() == len(items)
        for selector in (".mp-progress", ".mp-reset", ".mp-print"):
            assert not page.locator(selector).is_visible(), selector
        assert page.get_by_role("checkbox", name=items[0].text, exact=True).is_visible()
        assert page.locator("h1").inner_text().strip().startswith("First-mile service standards")
    finally:
        context.close()


# ---------------------------------------------------------------- glossary tooltips


@pytest.mark.browser
def test_glossary_terms_show_their_definition_on_keyboard_focus(page, site_url, playbook):
    page.goto(site_url + "frameworks/mile-model/")
    terms = page.locator(".md-content abbr")
    assert terms.count() > 0
    assert terms.evaluate_all("els => els.every(e => e.getAttribute('tabindex') === '0')")
    term = terms.first
    definition = term.get_attribute("title")
    assert definition in {t.definition for t in playbook.glossary}
    term.focus()
    tooltip = page.get_by_role("tooltip")
    tooltip.first.wait_for(state="visible")
    assert tooltip.first.inner_text().strip() == definition
    page.keyboard.press("Tab")
    page.wait_for_timeout(600)
    assert page.get_by_role("tooltip").filter(has_text=definition).count() == 0 or not tooltip.first.is_visible()


# ---------------------------------------------------------------- instant navigation


@pytest.fixture(scope="module")
def instant_site_url(tmp_path_factory):
    """The playbook built with Material's navigation.instant switched on (PDFs off, to save time), served locally.

    Material only intercepts links to pages listed in sitemap.xml, matched on the path and
    port of site_url, so the copy's site_url is set to the local server's address first.
    """
    project = copy_project(tmp_path_factory.mktemp("instant") / "project")
    site = project / "site"
    site.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"

    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  features:\n" in config
    (project / "mkdocs.yml").write_text(config.replace("  features:\n", "  features:\n    - navigation.instant\n", 1), encoding="utf-8")
    site_yml = project / "data" / "site.yml"
    site_yml.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {url}", site_yml.read_text(encoding="utf-8")), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "MILEPOSTS_PDF": "0"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(site)]
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"build with navigation.instant failed:\n{result.stdout}\n{result.stderr}"
    yield url
    server.shutdown()


@pytest.mark.browser
def test_ticks_work_across_instant_navigation(page, instant_site_url, playbook, items):
    page.goto(instant_site_url + "checklists/")
    page.evaluate("window.__mpMarker = 'same document'")
    first = playbook.checklists[CHECKLIST]
    page.locator(f'.md-content a[href$="/{CHECKLIST}/"]').first.click()
    page.wait_for_url(f"**/checklists/{CHECKLIST}/")
    page.locator(".mp-progress").wait_for(state="visible")
    assert page.evaluate("window.__mpMarker") == "same document", "Material swapped the page without reloading"
    boxes(page).nth(0).check()
    assert progress(page) == f"1 of {len(first.items)} done"
    assert stored(page) == [items[0].id]

    page.go_back()
    page.wait_for_url("**/checklists/")
    other = playbook.checklists["second-mile-behaviours"]
    page.locator('.md-content a[href$="/second-mile-behaviours/"]').first.click()
    page.wait_for_url("**/checklists/second-mile-behaviours/")
    page.locator(".mp-progress").wait_for(state="visible")
    assert progress(page) == f"0 of {len(other.items)} done"
    boxes(page).nth(2).check()
    assert progress(page) == f"1 of {len(other.items)} done", "each change counted once, not once per navigation"
    assert stored(page, "mileposts:ticks:second-mile-behaviours") == [other.items[2].id]

    page.go_back()
    page.wait_for_url("**/checklists/")
    page.locator(f'.md-content a[href$="/{CHECKLIST}/"]').first.click()
    page.wait_for_url(f"**/checklists/{CHECKLIST}/")
    page.locator(".mp-progress").wait_for(state="visible")
    assert boxes(page).nth(0).is_checked()
    page.get_by_role("button", name="Reset ticks").click()
    assert stored(page) is None
    assert page.evaluate("window.__mpMarker") == "same document"
    assert page.external_requests == []


@pytest.mark.browser
def test_assessment_and_glossary_work_after_instant_navigation(page, instant_site_url, playbook):
    page.goto(instant_site_url + "checklists/")
    page.evaluate("window.__mpMarker = 'same document'")
    page.locator('a[href$="assessment/"]').first.click()
    page.wait_for_url("**/assessment/")
    page.locator(".mp-outcome").wait_for(state="visible")
    assessment = playbook.assessment
    for n in range(1, len(assessment.questions) + 1):
        page.locator(f'input[name="q{n}"][value="second"]').check()
    assert page.locator(".mp-assessment").get_attribute("data-result") == "second"
    assert page.evaluate("window.__mpMarker") == "same document"
