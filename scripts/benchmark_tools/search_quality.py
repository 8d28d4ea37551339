"""Search quality: how often the right page comes first, or in the top three, for each query set.

Each query of tests/search_queries.yml (tuned: keywords were written with it in view) and
tests/search_queries_heldout.yml (held out: written from the articles and personas before
reading any page's keywords, and never tuned against) is typed into the real search box of
a built site in headless Chromium, online (served over HTTP) and in the offline copy (the
unzipped mileposts-offline.zip opened from disk). The query driver is tests/searchbox.py,
the same one the tests use.

`without_keywords` builds a copy of the project with every page's hand-written keywords
taken out (front matter `keywords:` and the page entries of data/search.yml; synonyms stay),
to show what search finds on structure alone.

tests/search_queries_dev.yml and tests/search_queries_dev2.yml to dev6.yml are development
sets (each written before reading any keywords; the second to sixth on 2 December 2026, each
before a round of changes, so each one's first run was a fresh estimate) to guide changes
with: their misses may be read, the held-out set's may not.

Run on its own: `python -m benchmark_tools.search_quality SITE_DIR` (a site built with the
offline copy), or `python -m benchmark_tools.search_quality --without-keywords`, which print
the figures as JSON; `--sets tuned,dev` picks the sets and `--summary` leaves out the misses
(the only way to run the held-out set).
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import zipfile
from pathlib import Path

import yaml

from .project import ROOT, copy_project, run_build
from .weight import BROWSER_ARGS, CHROMIUM, static_server

SETS = {
    "tuned": "search_queries.yml",
    "dev": "search_queries_dev.yml",
    "dev2": "search_queries_dev2.yml",
    "dev3": "search_queries_dev3.yml",
    "dev4": "search_queries_dev4.yml",
    "dev5": "search_queries_dev5.yml",
    "dev6": "search_queries_dev6.yml",
    "heldout": "search_queries_heldout.yml",
}


def _searchbox():
    """tests/searchbox.py, the query driver shared with the tests."""
    tests = str(ROOT / "tests")
    if tests not in sys.path:
        sys.path.insert(0, tests)
    import searchbox

    return searchbox


def _score(page, base: str, queries: list[dict], directory_urls: bool) -> dict:
    """Top-1 and top-3 shares of `queries` on the open search box of `page`, and the misses."""
    box = _searchbox()
    top1 = top3 = 0
    misses = []
    for entry in queries:
        results = box.search(page, entry["query"], base)
        wanted = [box.page_url(src, directory_urls=directory_urls) for src in entry["expect"]]
        top1 += bool(results[:1] and results[0] in wanted)
        hit = any(url in results[:3] for url in wanted)
        top3 += hit
        if not hit:
            misses.append({"query": entry["query"], "got": results[:3]})
    count = len(queries)
    return {"queries": count, "top1": round(top1 / count, 3), "top3": round(top3 / count, 3), "misses": misses}


def search_quality(site: Path, names: list[str] | None = None) -> dict:
    """The query sets' (`names`, or all) top-1 and top-3, online and offline (offline only if the site has its zip)."""
    from playwright.sync_api import sync_playwright

    box = _searchbox()
    chosen = {name: file for name, file in SETS.items() if names is None or name in names}
    sets = {name: box.load_queries(ROOT / "tests" / file) for name, file in chosen.items() if (ROOT / "tests" / file).exists()}
    result: dict = {}
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as work:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=BROWSER_ARGS)
        targets = []
        with static_server(site) as base:
            targets.append(("online", base, True))
            zips = list(site.glob("*-offline.zip"))
            if zips:
                with zipfile.ZipFile(zips[0]) as archive:
                    archive.extractall(work)
                folders = [p for p in Path(work).iterdir() if (p / "index.html").exists()]
                if folders:  # a preview build's zip holds only a note
                    targets.append(("offline", folders[0].as_uri() + "/", False))
            for where, url, directory_urls in targets:
                page = browser.new_page()
                page.goto(url + ("" if directory_urls else "index.html"))
                box.open_search(page)
                for name, queries in sets.items():
                    result.setdefault(name, {})[where] = _score(page, url, queries, directory_urls)
                page.close()
        browser.close()
    return result


KEYWORDS = re.compile(r"^keywords:.*\n(?:[ \t]+.*\n)*", re.MULTILINE)


def strip_keywords(project: Path) -> None:
    """Take every hand-written keyword out of the project copy `project` (synonyms stay)."""
    for page in (project / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            end = text.index("\n---", 4)
            page.write_text(KEYWORDS.sub("", text[:end] + "\n", count=1).rstrip("\n") + text[end:], encoding="utf-8")
    words = project / "data" / "search.yml"
    if words.exists():
        data = yaml.safe_load(words.read_text(encoding="utf-8")) or {}
        header = words.read_text(encoding="utf-8").splitlines()[0]
        if data.get("synonyms"):
            words.write_text(header + "\n" + yaml.safe_dump({"synonyms": data["synonyms"]}, sort_keys=False), encoding="utf-8")
        else:
            words.unlink()


def without_keywords(work: Path, names: list[str] | None = None) -> dict:
    """The figures for a copy of the project built with no hand-written keywords at all."""
    project = copy_project(work / "no-keywords")
    strip_keywords(project)
    site = work / "no-keywords-site"
    run_build(project, site, pdf=False)
    return search_quality(site, names)


def summary(result: dict) -> dict:
    """`result` without the misses: only the shares, for a set that must not be looked at query by query."""
    return {
        name: {where: {k: v for k, v in figures.items() if k != "misses"} for where, figures in by.items()} for name, by in result.items()
    }


def main(args: list[str]) -> dict:
    """`[--sets tuned,dev] [--summary] (SITE_DIR | --without-keywords)`: the figures as a dict."""
    names = None
    if "--sets" in args:
        at = args.index("--sets")
        names = args[at + 1].split(",")
        del args[at : at + 2]
    brief = "--summary" in args
    args = [a for a in args if a != "--summary"]
    if args == ["--without-keywords"]:
        with tempfile.TemporaryDirectory() as folder:
            result = without_keywords(Path(folder), names)
    else:
        result = search_quality(Path(args[0]), names)
    return summary(result) if brief else result


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:]), indent=2))
