"""Content rules for the whole playbook: checklist design, attribution, sources, descriptions, reachability."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from mileposts.core.rules import NOT_VERBS
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
def test_checklist_follows_the_design_rules(checklist):
    assert len(checklist.when) >= 20, "the pause point must say when to use the checklist"
    assert checklist.type in ("read-do", "do-confirm")
    assert checklist.sources, "a checklist must name its sources"
    for section in checklist.sections:
        assert 3 <= len(section.items) <= 9, f"{section.title}: {len(section.items)} items"
        for item in section.items:
            first = item.text.split()[0].lower()
            assert first not in NOT_VERBS and not first.endswith("ing"), item.text
            assert item.text[0].isupper(), f"sentence case: {item.text}"
            assert item.text.count(";") == 0, f"one action per item: {item.text}"


def test_there_are_at_least_twelve_checklists_and_twelve_quotes():
    assert len(PLAYBOOK.checklists) >= 12
    assert len(PLAYBOOK.quotes) >= 12


def test_every_quote_has_an_author_and_known_source():
    for quote in PLAYBOOK.quotes:
        assert quote.author.strip()
        assert quote.source is None or quote.source in PLAYBOOK.sources


def test_every_source_is_used_somewhere():
    used = {s for c in PLAYBOOK.checklists.values() for s in c.sources}
    used |= {q.source for q in PLAYBOOK.quotes if q.source}
    used |= {s for page in DOCS.values() for s in page.meta.get("sources") or []}
    assert set(PLAYBOOK.sources) - used == set()


def test_every_source_named_by_a_page_exists():
    for page in DOCS.values():
        for source_id in page.meta.get("sources") or []:
            assert source_id in PLAYBOOK.sources, f"{page.src}: {source_id}"


@pytest.mark.parametrize("src", sorted(DOCS), ids=str)
def test_every_page_has_a_description_title_tags_and_sources(src):
    meta = DOCS[src].meta
    assert 20 <= len(meta.get("description", "")) <= 200, "meta description"
    assert meta.get("title"), "title"
    assert "sources" in meta, "every page names its sources (an empty list only for pages about the site)"
    if src not in META_PAGES:
        assert meta["sources"], "a content page must name the articles it draws on"
    assert set(meta.get("tags") or []) <= ALLOWED_LABELS, "tags must come from the shared vocabulary"


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


def test_no_text_is_copied_from_the_source_articles():
    tool = ROOT.parent / "shared" / "tools" / "copied_text.py"
    if not tool.exists():
        pytest.skip(f"the copied-text checker is not beside the repository ({tool})")
    result = subprocess.run([sys.executable, str(tool)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:]
