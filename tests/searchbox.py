"""Drive Material's search box in a real browser, the way a reader does: shared by the search,
offline and accessibility tests."""

from __future__ import annotations

from pathlib import Path

import yaml

from mileposts.core.links import page_url  # noqa: F401  (re-exported: docs path -> site URL)

QUERIES = Path(__file__).with_name("search_queries.yml")
INPUT = "input.md-search__input"
META = ".md-search-result__meta"
ITEMS = ".md-search-result__list > .md-search-result__item"
PLACEHOLDER = "Type to start searching"  # Material's text while the box is empty and the index is ready


def load_queries(path: Path = QUERIES) -> list[dict]:
    """A query set: each entry has `query` and `expect` (a list of docs paths, any one of them right)."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    for entry in entries:
        expect = entry["expect"]
        entry["expect"] = expect if isinstance(expect, list) else [expect]
    return entries


def open_search(page) -> None:
    """Open the search dialog with the keyboard shortcut and wait until the index is ready."""
    page.evaluate("document.activeElement && document.activeElement.blur()")  # shortcuts are ignored inside a form field
    page.keyboard.press("/")
    page.wait_for_selector(INPUT, state="visible")
    page.wait_for_function(
        "([meta, text]) => document.querySelector(meta).textContent.trim() === text", arg=[META, PLACEHOLDER], timeout=20000
    )


PASTE = "(box, text) => { box.value = text; box.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertFromPaste'})); }"
ENTRY = ("keys", "fill", "insert", "paste")  # how a query gets into the box: typed, or without any key event


def search(page, query: str, base: str, how: str = "keys") -> list[str]:
    """Put `query` into the open search box; the result pages in order, as URLs relative to `base`.

    `how`: "keys" sets the text and presses End (a key event, as Material expects); "fill" is
    Playwright's fill, "insert" its insert_text (what an input method does) and "paste" sets the
    value and sends a bare `input` event, as pasting, dictation or predictive text do: none of
    these three sends a key event. The box is cleared first, and the results are read only once
    the result line has changed from the empty-box text and the first results are drawn, so they
    belong to this query alone.
    """
    page.fill(INPUT, "")
    page.wait_for_function("([meta, text]) => document.querySelector(meta).textContent.trim() === text", arg=[META, PLACEHOLDER])
    if how == "keys":
        page.fill(INPUT, query)
        page.press(INPUT, "End")
    elif how == "fill":
        page.fill(INPUT, query)
    elif how == "insert":
        page.focus(INPUT)
        page.keyboard.insert_text(query)
    elif how == "paste":
        page.eval_on_selector(INPUT, PASTE, query)
    else:
        raise ValueError(f"how: expected one of {ENTRY}, found {how!r}")
    page.wait_for_function(
        """([meta, items, placeholder]) => {
            const text = document.querySelector(meta).textContent.trim();
            return text !== placeholder && (text.startsWith("No matching") || document.querySelector(items) !== null);
        }""",
        arg=[META, ITEMS, PLACEHOLDER],
        timeout=10000,
    )
    hrefs = page.eval_on_selector_all(ITEMS, "items => items.map(item => item.querySelector('a').href)")
    pages = []
    for href in hrefs:
        path = href.split("#")[0].split("?")[0].removeprefix(base)
        if path not in pages:
            pages.append(path)
    return pages
