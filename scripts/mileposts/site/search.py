"""Search that finds the right page: the words readers type, added to Material's search index.

Lunr (Material's client-side search) matches words, not meanings: "angry" never finds
"upset", and the playbook's own vocabulary ("service recovery") is not what a team
lead types ("we messed up an order"). So each page may list `keywords`, the everyday
words people use for it:

- hand-written pages under docs/ in their front matter (`keywords: [...]`);
- pages generated from data (checklists, quotes, glossary, ...) in data/search.yml,
  keyed by page path, because their YAML files describe content, not search.

Keywords are optional: a page without any is still found by its title, headings and text.
data/search.yml also holds `synonyms`, groups of words and phrases that mean the same to a
reader (refund, money back); a query for one also searches the others.

`tune_index` then rewrites the search index Material wrote (search/search_index.json):

- each page's keywords go into a `keywords` field on the page's own entry, boosted
  below the title and well above body text (KEYWORD_BOOST);
- tags are taken out of the entries: Material boosts a tag match a million-fold, so
  every query containing "customer" ranked pages by their tag list rather than by what
  they say, and it draws tags in the results as unlabelled <nav> landmarks, which fails
  axe-core's landmark-unique rule. Tags still have their own page (tags.md);
- Lunr's pipeline keeps its stemmer and drops its stop word filter (PIPELINE), which
  would leave "no", "say" and "which" out of the index;
- each page's entry gets a `path` field, the words of its address ("stories",
  "sessions service-recovery-workshop"): what a page is called in menus and links is often
  not in its title. They are the same words in the offline copy, whose addresses end in
  .html, so search ranks alike online and offline;
- each page's entry gets a `description` field, its front-matter description: the page's
  own one-line summary of what it is for, in plainer words than its body (DESCRIPTION_BOOST);
- an entry that mostly lists other pages (a table of session kits, a tag's page list, a
  source's "drawn on by" list: LISTING titles or more, LISTING_SHARE of its words) counts at
  LISTING_BOOST, so a query for one kit finds the kit before the table that names it;
- a section whose heading is on RECURRING pages or more ("Related quotes", "Role-plays",
  "Goes with") is a part every page of a kind has, not a topic: it counts at RECURRING_BOOST (a quarter),
  so a page's "Related quotes" does not outrank the quotes page;
- the synonym groups go into the index's config, for the search worker.

`patch_worker` prepends search_prelude.js to Material's search worker in the built
site: it builds each query itself (stemming, British and American spellings, joined and
split compounds, synonyms, filler words left out, a fuzzy retry, section links); see
that file. Material offers no setting for this.

tests/search_queries.yml holds the queries this must keep answering.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from ..core.links import page_url
from ..core.problems import DataError, Problem
from ..kinds.playbook import read_data_file
from .frontmatter import DocPage, split_front_matter

PATH = "data/search.yml"
SCHEMA = "search.schema.json"
TITLE_BOOST = 10.0  # Material's is 1000: one word of a title outranked a page with every word of the query
KEYWORD_BOOST = 5.0  # half the title's, as before (title 1000, keywords 500); body text 1
PRELUDE = Path(__file__).with_name("search_prelude.js")
PRELUDE_MARK = "/* Mileposts, prepended to Material's search worker"
WORKER_GLOB = "assets/javascripts/workers/search.*.min.js"
DESCRIPTION_BOOST = 2.0  # a page's one-line summary (front matter `description`): its own words for what it is for
PATH_BOOST = 3.0  # the words of a page's address ("stories", "sessions/...-workshop"), between keywords and text
RECURRING = 5  # a section heading on this many pages is a page part ("Related quotes", "Role-plays"), not a topic
RECURRING_BOOST = 0.25  # such a section counts a quarter: its heading is on every page, its words often another page's
LISTING = 3  # an entry whose text holds this many other pages' titles is a listing (an index page, a table of kits)
LISTING_BOOST = 0.5  # it counts for half: the pages it lists should come before it
LISTING_SHARE = 0.2  # ... and those titles are at least this share of its text (a table of kits, a tag's page list)
LISTING_TITLE = 12  # titles shorter than this ("Quotes") are too common in text to mark a listing
PIPELINE = ["trimmer", "stemmer"]  # Lunr's default without stopWordFilter
SYNONYMS = "synonyms"  # the key of data/search.yml that holds synonym groups, not a page


def load_keywords(
    root: Path, docs: dict[str, DocPage], generated: set[str], kind_words: dict[str, list[str]] | None = None
) -> dict[str, list[str]]:
    """Every page's keywords, keyed by its path under docs/ (`kind_words`: those a kind's template gives its pages)."""
    problems: list[Problem] = []
    keywords: dict[str, list[str]] = {src: list(words) for src, words in (kind_words or {}).items() if src in generated}
    for page in docs.values():
        if "keywords" in page.meta:  # checked against data/schemas/page.schema.json with the rest of the front matter
            keywords[page.src] = page.meta["keywords"]
    if (root / PATH).exists():
        parsed = read_data_file(root, PATH, SCHEMA, problems)
        if parsed.valid and isinstance(parsed.data, dict):
            for src, words in parsed.data.items():
                if src == SYNONYMS:
                    continue
                if src in docs:
                    message = (
                        f"expected the path of a page generated from data, found {src}, which is written by hand; "
                        "give it `keywords:` in its front matter"
                    )
                    problems.append(parsed.problem((src,), message, key=True))
                elif src not in generated:
                    problems.append(
                        parsed.problem(
                            (src,), f"expected the path of a generated page (e.g. checklists/service-recovery.md), found {src!r}", key=True
                        )
                    )
                else:
                    keywords[src] = [*keywords.get(src, []), *words]
    if problems:
        raise DataError(problems)
    return dict(sorted(keywords.items()))


def load_synonyms(root: Path) -> list[list[str]]:
    """The synonym groups of data/search.yml (checked, with the rest of the file, by load_keywords)."""
    path = root / PATH
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    groups = data.get(SYNONYMS, []) if isinstance(data, dict) else []
    return [[str(word) for word in group] for group in groups if isinstance(group, list)]


def template_keywords(generated: dict[str, str]) -> dict[str, list[str]]:
    """The `keywords` a kind's template puts in its generated pages' front matter (`generated`: src -> Markdown)."""
    words = _front_matter_values(generated, "keywords", list)
    return {src: [str(word) for word in found] for src, found in words.items()}


def page_descriptions(docs: dict[str, DocPage], generated: dict[str, str]) -> dict[str, str]:
    """Each page's front-matter description by docs path: hand-written pages', then generated ones' (src -> Markdown)."""
    found = {src: page.meta["description"] for src, page in docs.items() if isinstance(page.meta.get("description"), str)}
    return {**found, **_front_matter_values(generated, "description", str)}


def _front_matter_values(generated: dict[str, str], key: str, kind: type) -> dict:
    """The value of `key` in each generated page's front matter, where it is a `kind`."""
    values = {src: split_front_matter(markdown)[0].get(key) for src, markdown in generated.items()}
    return {src: value for src, value in values.items() if isinstance(value, kind)}


def keywords_by_url(keywords: dict[str, list[str]], directory_urls: bool = True) -> dict[str, list[str]]:
    """The same keywords keyed by each page's location in the search index ('' is the home page)."""
    return {page_url(src, directory_urls): words for src, words in keywords.items()}


def tune_index(
    index: dict, keywords: dict[str, list[str]], synonyms: list[list[str]] | None = None, descriptions: dict[str, str] | None = None
) -> dict:
    """Add `keywords` and `descriptions` to each page's own entry, drop tags, keep the stemmer, add synonyms (see the module docstring)."""
    config = index.setdefault("config", {})
    fields = config.setdefault("fields", {})
    fields["title"] = {**fields.get("title", {}), "boost": TITLE_BOOST}
    fields.setdefault("keywords", {"boost": KEYWORD_BOOST})
    fields.setdefault("path", {"boost": PATH_BOOST})
    fields.setdefault("description", {"boost": DESCRIPTION_BOOST})
    config["pipeline"] = list(PIPELINE)
    config[SYNONYMS] = [list(group) for group in synonyms or []]
    docs = index.get("docs", [])
    recurring = _recurring_headings(docs)
    listings = _listings(docs)
    for doc in docs:
        doc.pop("tags", None)
        location = doc.get("location", "")
        if location in keywords:
            doc["keywords"] = list(keywords[location])
        if descriptions and location in descriptions:
            # As text in the index's HTML, like Material's own `text`: were a theme to draw it, no markup would run.
            doc["description"] = descriptions[location].replace("<", "&lt;").replace(">", "&gt;")
        if "#" not in location:
            doc["path"] = _address_words(location)
        elif doc.get("title") in recurring:
            doc["boost"] = round(float(doc.get("boost") or 1) * RECURRING_BOOST, 3)
        if location in listings:
            doc["boost"] = round(float(doc.get("boost") or 1) * LISTING_BOOST, 3)
    return index


def _recurring_headings(docs: list[dict]) -> set[str]:
    """Section headings found on RECURRING pages or more: the parts every page of a kind has."""
    pages: dict[str, set[str]] = {}
    for doc in docs:
        location = doc.get("location", "")
        if "#" in location:
            pages.setdefault(doc.get("title", ""), set()).add(location.split("#")[0])
    return {title for title, where in pages.items() if len(where) >= RECURRING}


def _listings(docs: list[dict]) -> set[str]:
    """The entries that list other pages: LISTING or more other pages' titles, LISTING_SHARE or more of their words."""
    titles: dict[tuple[str, ...], set[str]] = {}
    for doc in docs:
        location = doc.get("location", "#")
        title = _words(doc.get("title", ""))
        if "#" not in location and len(" ".join(title)) >= LISTING_TITLE:
            titles.setdefault(title, set()).add(location)
    starts: dict[str, set[int]] = {}  # each title's first word -> the lengths of the titles it starts
    for title in titles:
        starts.setdefault(title[0], set()).add(len(title))
    found = set()
    for doc in docs:  # only runs that start with a title's first word are looked up: linear in the entry's text
        location, text = doc.get("location", ""), _words(doc.get("text", ""))
        own = location.split("#")[0]
        named = {
            run for i, word in enumerate(text) for n in starts.get(word, ()) if (run := text[i : i + n]) in titles and titles[run] - {own}
        }
        if len(named) >= LISTING and sum(map(len, named)) >= LISTING_SHARE * len(text):
            found.add(location)
    return found


def _address_words(location: str) -> str:
    """The words of a page's address, the same with and without directory URLs: "sessions/index.html" -> "sessions"."""
    path = re.sub(r"(^|/)index\.html$", "", location).removesuffix(".html")
    return path.replace("/", " ").strip()


def _words(text: str) -> tuple[str, ...]:
    """The words of `text` without its markup, in lower case."""
    return tuple(re.findall(r"[\w']+", re.sub(r"<[^>]+>", " ", text).lower()))


def tune_index_file(
    path: Path, keywords: dict[str, list[str]], synonyms: list[list[str]] | None = None, descriptions: dict[str, str] | None = None
) -> bool:
    """Tune the search index Material wrote at `path` in place; False if there is none (search is off)."""
    if not path.exists():
        return False
    index = tune_index(json.loads(path.read_text(encoding="utf-8")), keywords, synonyms, descriptions)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return True


def patch_worker(site_dir: Path) -> Path | None:
    """Prepend search_prelude.js to Material's search worker in a built site (once); None if there is no worker."""
    workers = sorted(site_dir.glob(WORKER_GLOB))
    if not workers:
        return None
    if len(workers) > 1:
        raise RuntimeError(f"expected one search worker in {site_dir}, found {', '.join(w.name for w in workers)}")
    worker = workers[0]
    code = worker.read_text(encoding="utf-8")
    if PRELUDE_MARK in code:
        return worker
    if 'addEventListener("message"' not in code:
        raise RuntimeError(f"expected Material's search worker {worker.name} to listen for messages; has Material changed?")
    worker.write_text(compact_prelude(PRELUDE.read_text(encoding="utf-8")) + code, encoding="utf-8")
    return worker


def compact_prelude(code: str) -> str:
    """search_prelude.js without its comments (but its first, the mark) and indentation: every page loads the worker."""
    head, _, rest = code.partition("*/")
    rest = re.sub(r"/\*.*?\*/", "", rest, flags=re.DOTALL)
    rest = re.sub(r"(?m)^\s*//.*$|\s+// .*$", "", rest)
    lines = [line.strip() for line in rest.splitlines()]
    first = head.split("\n", 2)
    return f"{first[0]}\n{first[1]} */\n" + "\n".join(line for line in lines if line) + "\n"
