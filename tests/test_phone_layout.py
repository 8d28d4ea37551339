"""On a phone (375 px wide, in Chromium): no page type scrolls sideways, the title is in the first
screen however many tag chips the page has, and wide tables read as stacked cards, each cell
labelled with its column's heading, with no sideways scrolling inside them either."""

from __future__ import annotations

import pytest

from pagetypes import OPTIONAL, PAGE_TYPES, built, page_url

PHONE = {"width": 375, "height": 667}  # a small phone's first screen, in CSS pixels
MEASURE = """() => {
    const title = document.querySelector('.md-content h1');
    const tables = [...document.querySelectorAll('.md-typeset__table > table:not([class])')];
    return {
        scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        title: title ? title.getBoundingClientRect().top : null,
        titleBottom: title ? title.getBoundingClientRect().bottom : null,
        tables: tables.length,
        stacked: tables.filter(t => t.hasAttribute('data-mp-stack')).length,
        overflowing: tables.map(t => t.closest('.md-typeset__scrollwrap') || t.parentElement)
            .filter(w => w.scrollWidth > w.clientWidth + 1).length,
    };
}"""


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE, service_workers="block")
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_no_page_type_scrolls_sideways_and_its_title_is_in_the_first_screen(phone, site_url, built_site, name):
    src = PAGE_TYPES[name]
    if not built(built_site, src):
        pytest.skip(OPTIONAL.get(name, "not built"))
    phone.goto(site_url + page_url(src))
    found = phone.evaluate(MEASURE)
    assert found["scroll"] <= 0, f"{name}: the page scrolls {found['scroll']} px sideways"
    assert found["title"] is not None and found["title"] >= 0 and found["titleBottom"] <= PHONE["height"], (name, found)
    assert found["stacked"] == found["tables"] and found["overflowing"] == 0, (name, found)


def test_many_tag_chips_stay_on_one_line_above_the_title(phone, site_url):
    phone.goto(site_url + "for/team-leads/")
    chips = phone.locator(".md-tags .md-tag")
    assert chips.count() >= 6
    tops = {round(box["y"]) for box in chips.evaluate_all("els => els.map(e => e.getBoundingClientRect().toJSON())")}
    assert len(tops) == 1, "the chips wrap onto several lines"
    assert phone.locator(".md-tags").evaluate("nav => nav.scrollWidth > nav.clientWidth")  # the rest scroll within their own line


def test_a_stacked_table_labels_each_cell_with_its_column(phone, site_url):
    phone.goto(site_url + "checklists/")
    table = phone.locator(".md-typeset__table > table[data-mp-stack]").first
    heads = table.locator("thead th").all_inner_texts()
    cells = table.locator("tbody tr").first.locator("td")
    assert [cells.nth(i).get_attribute("data-label") for i in range(cells.count())] == heads
    label = cells.nth(1).evaluate("td => getComputedStyle(td, '::before').content")
    assert label.strip('"') == heads[1]
    rows = table.locator("tbody tr")
    first, second = rows.nth(0).bounding_box(), rows.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"] and first["width"] <= PHONE["width"]


def test_on_a_wide_screen_tables_stay_tables(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
    page = context.new_page()
    try:
        page.goto(site_url + "checklists/")
        row = page.locator(".md-typeset__table > table tbody tr").first
        assert row.evaluate("tr => getComputedStyle(tr).display") == "table-row"
        assert page.locator(".md-typeset__table > table thead").first.is_visible()
    finally:
        context.close()
