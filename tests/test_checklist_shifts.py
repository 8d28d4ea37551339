"""Checklists that know the shift, in real Chromium with a controlled clock (Playwright's page.clock):
ticks record their time, expire at the next shift, day or week as each checklist's ticks_reset says,
clear themselves with a line saying so, Reset can be undone for a few seconds, and the checklists
index shows each checklist's progress on this device."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from conftest import ROOT
from mileposts.kinds.playbook import load_playbook

UTC = dt.UTC
MONDAY = dt.datetime(2026, 3, 2, tzinfo=UTC)  # a Monday
RULES = ("shift", "day", "week", "never")


@pytest.fixture(scope="module")
def playbook():
    return load_playbook(ROOT)


@pytest.fixture
def page(browser):
    context = browser.new_context(timezone_id="UTC")
    page = context.new_page()
    yield page
    context.close()


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A time in the week of MONDAY (day 0 is Monday)."""
    return MONDAY + dt.timedelta(days=day, hours=hour, minutes=minute)


def checklist_with(playbook, rule: str):
    return next(c for c in playbook.checklists.values() if c.ticks_reset == rule)


def open_at(page, site_url: str, checklist, when: dt.datetime, first: bool = False) -> None:
    if first:
        page.clock.install(time=when)
    page.clock.set_system_time(when)
    page.goto(f"{site_url}checklists/{checklist.id}/")
    page.locator(".mp-progress").wait_for(state="visible")


def tick(page, checklist, index: int, when: dt.datetime) -> None:
    page.clock.set_system_time(when)
    page.get_by_role("checkbox", name=checklist.items[index].text).check()


def ticked(page) -> int:
    return page.locator("input.mp-tick").evaluate_all("els => els.filter(e => e.checked).length")


def cleared_line(page) -> str:
    return page.locator(".mp-cleared-note").inner_text().strip()


def test_every_checklist_declares_when_its_ticks_expire_and_the_page_carries_it(playbook, built_site):
    for path in sorted((ROOT / "data" / "checklists").glob("*.yml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert raw.get("ticks_reset") in RULES, f"{path.name} has no ticks_reset"
    assert {c.ticks_reset for c in playbook.checklists.values()} == set(RULES)
    shift = checklist_with(playbook, "shift")
    html = (built_site / "checklists" / shift.id / "index.html").read_text(encoding="utf-8")
    assert f'data-ticks-reset="shift" data-shift-hours="{playbook.site.shift_hours}"' in html
    export = json.loads((built_site / "checklists.json").read_text(encoding="utf-8"))
    assert {c["id"]: c["ticks_reset"] for c in export["checklists"]} == {c.id: c.ticks_reset for c in playbook.checklists.values()}


def test_ticks_show_when_they_started_and_the_last_one_and_clear_at_the_next_shift(page, site_url, playbook):
    checklist = checklist_with(playbook, "shift")
    hours = playbook.site.shift_hours
    open_at(page, site_url, checklist, at(0, 9, 0), first=True)
    tick(page, checklist, 0, at(0, 9, 12))
    tick(page, checklist, 1, at(0, 10, 40))
    assert page.locator(".mp-tick-times").inner_text() == "Started 09:12, last tick 10:40"
    open_at(page, site_url, checklist, at(0, 9 + hours - 1, 12))  # still this shift
    assert ticked(page) == 2 and cleared_line(page) == ""
    assert page.locator(".mp-tick-times").inner_text() == "Started 09:12, last tick 10:40"
    open_at(page, site_url, checklist, at(0, 9 + hours, 13))  # the next shift
    assert ticked(page) == 0
    assert cleared_line(page) == "Ticks from today 10:40 were cleared."
    assert page.locator(".mp-tick-times").is_hidden()
    assert page.evaluate(f"localStorage.getItem('mileposts:ticks:{checklist.id}')") is None
    page.reload()  # said once: the ticks are gone now, not cleared again
    page.locator(".mp-progress").wait_for(state="visible")
    assert cleared_line(page) == ""


def test_day_ticks_last_until_midnight_and_then_say_they_were_cleared(page, site_url, playbook):
    checklist = checklist_with(playbook, "day")
    open_at(page, site_url, checklist, at(0, 18, 0), first=True)
    tick(page, checklist, 0, at(0, 18, 2))
    open_at(page, site_url, checklist, at(0, 23, 59))
    assert ticked(page) == 1
    open_at(page, site_url, checklist, at(1, 7, 30))
    assert ticked(page) == 0
    assert cleared_line(page) == "Ticks from yesterday 18:02 were cleared."


def test_week_ticks_last_until_monday(page, site_url, playbook):
    checklist = checklist_with(playbook, "week")
    open_at(page, site_url, checklist, at(0, 9), first=True)
    tick(page, checklist, 0, at(0, 9, 5))
    open_at(page, site_url, checklist, at(6, 23, 0))  # Sunday night: the same week
    assert ticked(page) == 1
    assert page.locator(".mp-tick-times").inner_text() == "Started Monday 09:05"
    open_at(page, site_url, checklist, at(7, 6, 0))  # the next Monday
    assert ticked(page) == 0
    assert cleared_line(page) == "Ticks from 2 March 09:05 were cleared."


def test_never_ticks_stay_a_month_later(page, site_url, playbook):
    checklist = checklist_with(playbook, "never")
    open_at(page, site_url, checklist, at(0, 9), first=True)
    tick(page, checklist, 0, at(0, 9, 1))
    open_at(page, site_url, checklist, at(31, 9))
    assert ticked(page) == 1 and cleared_line(page) == ""


def test_reset_asks_nothing_and_can_be_undone_for_a_few_seconds(page, site_url, playbook):
    checklist = checklist_with(playbook, "shift")
    open_at(page, site_url, checklist, at(0, 9), first=True)
    for i in (0, 2, 3):
        tick(page, checklist, i, at(0, 9, i))
    page.get_by_role("button", name="Reset ticks").click()
    assert ticked(page) == 0
    assert page.evaluate(f"localStorage.getItem('mileposts:ticks:{checklist.id}')") is None
    assert cleared_line(page).startswith("Ticks cleared.")
    undo = page.get_by_role("button", name="Undo")
    undo.focus()
    page.keyboard.press("Enter")
    assert ticked(page) == 3
    assert len(json.loads(page.evaluate(f"localStorage.getItem('mileposts:ticks:{checklist.id}')"))) == 3
    assert page.locator(".mp-tick-times").inner_text() == "Started 09:00, last tick 09:03"
    page.get_by_role("button", name="Reset ticks").click()
    assert undo.is_visible()
    page.clock.run_for(11000)
    assert page.get_by_role("button", name="Undo").count() == 0
    page.reload()
    page.locator(".mp-progress").wait_for(state="visible")
    assert ticked(page) == 0


def test_the_index_shows_each_checklists_progress_on_this_device(page, site_url, playbook):
    checklist = checklist_with(playbook, "shift")
    open_at(page, site_url, checklist, at(0, 9), first=True)
    tick(page, checklist, 0, at(0, 9, 12))
    tick(page, checklist, 1, at(0, 9, 20))
    page.clock.set_system_time(at(0, 11))
    page.goto(f"{site_url}checklists/")
    cell = page.locator(f'[data-checklist-progress="{checklist.id}"]')
    assert cell.inner_text() == f"2 of {len(checklist.items)} done, started 09:12"
    others = page.locator("[data-checklist-progress]").all_inner_texts()
    assert others.count("Not started") == len(playbook.checklists) - 1
    page.clock.set_system_time(at(1, 11))  # the next day: that shift is over
    page.reload()
    assert cell.inner_text() == "Not started"


def test_the_index_says_so_when_this_browser_keeps_no_ticks(browser, site_url):
    context = browser.new_context()
    context.add_init_script('Object.defineProperty(window, "localStorage", { get() { throw new DOMException("no", "SecurityError"); } });')
    page = context.new_page()
    try:
        page.goto(f"{site_url}checklists/")
        texts = set(page.locator("[data-checklist-progress]").all_inner_texts())
        assert texts == {"Not kept in this browser"}
    finally:
        context.close()
