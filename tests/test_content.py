"""Content rules for the whole playbook: checklist design, attribution, sources, descriptions, reachability."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from mileposts.core.tags import AUDIENCES, tag_label
from mileposts.kinds.playbook import load_playbook
from mileposts.site.frontmatter import read_docs

ROOT = Path(__file__).resolve().parents[1]
PLAYBOOK = load_playbook(ROOT)
DOCS = read_docs(ROOT / "docs")
TAG_LABELS = {tag_label(t) for t in PLAYBOOK.checklists["service-recovery"].tags} | set(AUDIENCES.values())
SCHEMA_TAGS = (
    "zero-mile first-mile second-mile last-mile extra-mile customers employees partners "
    "service-recovery leadership meetings onboarding strategy training feedback"
).split()
ALLOWED_LABELS = {tag_label(t) for t in SCHEMA_TAGS} | set(AUDIENCES.values())
# Pages about the site itself rather than the articles; all others must name at least one source.
META_PAGES = {"tags.md", "contributing.md", "changelog.md", "data.md", "performance.md"}


@pytest.mark.parametrize("checklist", PLAYBOOK.checklists.values(), ids=lambda c: c.id)
def test_checklist_follows_the_design_rules_the_loader_does_not_check(checklist):
    """The schema and the loader check the type, the item counts, the sources and the verbs; these are the house rules on top."""
    assert len(checklist.when) >= 20, "the pause point must say when to use the checklist"
    for item in checklist.items:
        assert item.text[0].isupper(), f"sentence case: {item.text}"
        assert item.text.count(";") == 0, f"one action per item: {item.text}"


def test_there_are_at_least_twelve_checklists_and_twelve_quotes():
    assert len(PLAYBOOK.checklists) >= 12
    assert len(PLAYBOOK.quotes) >= 12


def test_every_source_is_used_somewhere():
    used = {s for c in PLAYBOOK.checklists.values() for s in c.sources}
    used |= {q.source for q in PLAYBOOK.quotes if q.source}
    used |= {s for page in DOCS.values() for s in page.meta.get("sources") or []}
    assert set(PLAYBOOK.sources) - used == set()


@pytest.mark.parametrize("src", sorted(DOCS), ids=str)
def test_every_page_names_its_sources(src):
    """Title, description and known tags are the page schema's to check; naming sources is a content rule."""
    meta = DOCS[src].meta
    assert "sources" in meta, "every page names its sources (an empty list only for pages about the site)"
    if src not in META_PAGES:
        assert meta["sources"], "a content page must name the articles it draws on"


def test_every_mile_audience_and_relationship_tag_is_used():
    used = {label for page in DOCS.values() for label in page.meta.get("tags") or []}
    used |= {label for c in PLAYBOOK.checklists.values() for label in c.labels}
    for label in ["Frontline staff", "Team leads", "Managers", "Trainers", "Customers", "Employees", "Partners"]:
        assert label in used
    for mile in ["Zero mile", "First mile", "Second mile", "Last mile", "Extra mile"]:
        assert mile in used


def test_framework_pages_have_the_standard_sections():
    wanted = ["In short", "The idea", "Apply it this week", "An example", "Discussion questions", "Related checklists", "Related quotes"]
    for src, page in DOCS.items():
        if not src.startswith("frameworks/") or src.endswith("index.md"):
            continue
        headings = re.findall(r"^## (.+)$", page.body, flags=re.MULTILINE)
        positions = [next((i for i, h in enumerate(headings) if h.startswith(w)), None) for w in wanted]
        assert None not in positions, f"{src} lacks {[w for w, p in zip(wanted, positions, strict=True) if p is None]}"
        assert positions == sorted(positions), f"{src}: sections out of order"
        assert any(h.startswith("Signs") for h in headings), f"{src}: no 'Signs you are there' section"


def test_every_built_page_has_its_meta_description(built_site):
    for path in built_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if "md-content" not in text:
            continue  # redirect stubs and the like
        match = re.search(r'<meta name="description" content="([^"]*)"', text)
        assert match and len(match.group(1)) > 20, f"{path.relative_to(built_site)} has no page description"


def test_every_page_is_reachable_from_the_home_page(built_site):
    pages = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")}
    pages -= {"404.html"}
    seen, queue = set(), ["index.html"]
    while queue:
        current = queue.pop()
        if current in seen or current not in pages:
            continue
        seen.add(current)
        text = (built_site / current).read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"#]*)', text):
            href = html.unescape(href)
            if not href or urlparse(href).scheme:
                continue
            target = urlparse(urljoin("http://x/" + current, href)).path.lstrip("/")
            if target.endswith("/") or target == "":
                target += "index.html"
            queue.append(target)
    orphans = sorted(p for p in pages - seen if not p.startswith(("assets/", "search/")))
    assert orphans == [], f"pages no link reaches: {orphans}"
