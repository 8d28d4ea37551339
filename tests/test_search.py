"""Search finds the right page from the words people type.

The query set (tests/search_queries.yml) is typed into the real search box of the built site
in Chromium; each expected page must be among the first three results. The rest checks the
pieces that make that work: everyday `keywords` on pages (front matter, data/search.yml),
the tuned index, and the filler-word prelude in Material's search worker.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mileposts.core.problems import DataError
from mileposts.site.frontmatter import read_docs
from mileposts.site.search import KEYWORD_BOOST, PRELUDE_MARK, load_keywords, patch_worker, tune_index
from searchbox import load_queries, open_search, page_url, search

QUERIES = load_queries()


@pytest.fixture(scope="module")
def search_page(browser, site_url):
    """One page with the search dialog open, reused for every query (as a reader would)."""
    context = browser.new_context()
    page = context.new_page()
    page.external_requests = []
    page.on("request", lambda r: None if r.url.startswith((site_url, "data:", "blob:", "about:")) else page.external_requests.append(r.url))
    page.goto(site_url)
    open_search(page)
    yield page
    context.close()


def test_the_query_set_has_at_least_25_realistic_queries_with_known_pages(repo_root, built_site):
    assert len(QUERIES) >= 25
    assert len({q["query"].lower() for q in QUERIES}) == len(QUERIES), "a query is listed twice"
    for entry in QUERIES:
        assert len(entry["query"].split()) >= 2 or entry["query"].isupper(), f"{entry['query']!r}: write it the way a person would type it"
        for src in entry["expect"]:
            assert (built_site / page_url(src) / "index.html").exists(), f"{entry['query']!r}: {src} is not a page of the site"


@pytest.mark.browser
@pytest.mark.parametrize("entry", QUERIES, ids=[q["query"] for q in QUERIES])
def test_everyday_query_finds_the_right_page_in_the_top_three(search_page, site_url, entry):
    results = search(search_page, entry["query"], site_url)
    wanted = [page_url(src) for src in entry["expect"]]
    assert any(url in results[:3] for url in wanted), f"{entry['query']!r}: wanted one of {wanted} in the top three, got {results[:5]}"
    assert search_page.external_requests == []


@pytest.mark.browser
def test_a_query_made_only_of_filler_words_still_searches(search_page, site_url):
    assert search(search_page, "what", site_url), "a query of filler words alone should be searched as typed"


def test_checklists_and_frameworks_are_boosted_and_every_page_has_its_words(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {doc["location"]: doc for doc in index["docs"] if "#" not in doc["location"]}
    assert index["config"]["fields"]["keywords"]["boost"] == KEYWORD_BOOST
    assert not any("tags" in doc for doc in index["docs"]), "tags should be taken out of the search index"
    for location, doc in pages.items():
        if location.startswith("checklists/") and location != "checklists/":
            assert doc.get("boost", 1) >= 2, location
            assert doc.get("keywords"), f"{location}: add its everyday words to data/search.yml"
        if location.startswith("frameworks/") and location != "frameworks/":
            assert doc.get("boost", 1) >= 1.5, location
            assert doc.get("keywords"), f"{location}: add `keywords:` to its front matter"


def test_the_search_worker_drops_filler_words_and_is_patched_once(built_site):
    (worker,) = (built_site / "assets" / "javascripts" / "workers").glob("search.*.min.js")
    code = worker.read_text(encoding="utf-8")
    assert code.startswith('"use strict";'), "the prelude must keep Material's worker in strict mode"
    assert code.count(PRELUDE_MARK) == 1
    assert patch_worker(built_site) == worker
    assert worker.read_text(encoding="utf-8").count(PRELUDE_MARK) == 1


def test_tune_index_adds_keywords_to_the_page_entry_and_drops_tags():
    index = {
        "config": {"fields": {"title": {"boost": 1000}}},
        "docs": [
            {"location": "checklists/x/", "title": "X", "text": "", "tags": ["Customers"]},
            {"location": "checklists/x/#a", "title": "A", "text": "", "tags": ["Customers"]},
        ],
    }
    tuned = tune_index(index, {"checklists/x/": ["angry customer"]})
    assert tuned["docs"][0] == {"location": "checklists/x/", "title": "X", "text": "", "keywords": ["angry customer"]}
    assert "keywords" not in tuned["docs"][1] and "tags" not in tuned["docs"][1]
    assert tuned["config"]["fields"]["keywords"] == {"boost": KEYWORD_BOOST}


def _project(tmp_path: Path, repo_root: Path, search_yml: str, page: str | None = None) -> tuple[Path, dict]:
    (tmp_path / "data" / "schemas").mkdir(parents=True)
    for schema in (repo_root / "data" / "schemas").glob("*.json"):
        (tmp_path / "data" / "schemas" / schema.name).write_text(schema.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "data" / "search.yml").write_text(
        "# yaml-language-server: $schema=schemas/search.schema.json\n" + search_yml, encoding="utf-8"
    )
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.md").write_text(page or f"---\ntitle: Guide\n{DESCRIPTION}---\n\n# Guide\n", encoding="utf-8")
    return tmp_path, read_docs(tmp_path / "docs")


DESCRIPTION = "description: A guide page made up for these tests.\n"


def test_search_words_load_from_front_matter_and_data(tmp_path, repo_root):
    root, docs = _project(
        tmp_path, repo_root, "checklists/a.md: [angry customer]\n", f"---\ntitle: Guide\n{DESCRIPTION}keywords: [how to]\n---\n# Guide\n"
    )
    assert load_keywords(root, docs, {"checklists/a.md"}) == {"checklists/a.md": ["angry customer"], "guide.md": ["how to"]}


@pytest.mark.parametrize(
    ("search_yml", "page", "message"),
    [
        ("checklists/gone.md: [x y]\n", None, "data/search.yml:2:1: checklists/gone.md: expected the path of a generated page"),
        (
            "guide.md: [x y]\n",
            None,
            "data/search.yml:2:1: guide.md: expected the path of a page generated from data, found guide.md, which is written by hand",
        ),
        ("checklists/a.md: angry\n", None, "data/search.yml:2:18: checklists/a.md:"),
    ],
)
def test_bad_search_words_are_reported_with_file_and_line(tmp_path, repo_root, search_yml, page, message):
    root, docs = _project(tmp_path, repo_root, search_yml, page)
    with pytest.raises(DataError) as error:
        load_keywords(root, docs, {"checklists/a.md"})
    assert message in error.value.report()


def test_keywords_that_are_not_a_list_are_a_front_matter_problem_at_their_line(tmp_path, repo_root):
    with pytest.raises(DataError) as error:
        _project(tmp_path, repo_root, "checklists/a.md: [a]\n", f"---\ntitle: G\n{DESCRIPTION}keywords: angry\n---\n# G\n")
    assert "docs/guide.md:4:11: keywords: expected a list, found the text 'angry'" in error.value.report()
