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


def load_queries() -> list[dict]:
    """The query set: each entry has `query` and `expect` (a list of docs paths, any one of them right)."""
    entries = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
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


def search(page, query: str, base: str) -> list[str]:
    """Type `query` into the open search box; the result pages in order, as URLs relative to `base`.

    Material searches on keyup; the box is cleared first, and the results are read only once the
    result line has changed from the empty-box text and the first results are drawn, so they belong
    to this query alone.
    """
    page.fill(INPUT, "")
    page.press(INPUT, "End")
    page.wait_for_function("([meta, text]) => document.querySelector(meta).textContent.trim() === text", arg=[META, PLACEHOLDER])
    page.fill(INPUT, query)
    page.press(INPUT, "End")
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
