"""The tags index and the audience pages gather the right frameworks and checklists."""

from __future__ import annotations

import re

import pytest

from mileposts.kinds.playbook import load_playbook
from mileposts.site.frontmatter import read_docs

FRAMEWORKS = [
    "mile-model",
    "last-or-extra-mile",
    "managers-last-mile",
    "last-mile-differentiator",
    "service-recovery",
    "extra-mile",
    "customer-journey",
]
# Audience page -> the checklist audiences it gathers.
AUDIENCE_PAGES = {
    "for/frontline-staff.md": {"frontline-staff"},
    "for/team-leads.md": {"team-leads", "managers"},
    "for/trainers.md": {"trainers"},
}


@pytest.fixture(scope="module")
def playbook(repo_root):
    return load_playbook(repo_root)


def links(html: str) -> set[str]:
    """Every link target in the page's content (not the navigation), without anchors."""
    content = html.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
    return {href.split("#")[0] for href in re.findall(r'<a [^>]*href="([^"]+)"', content)}


def tag_sections(html: str) -> dict[str, set[str]]:
    """Tag name -> the page links listed under it on the tags index."""
    content = html.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
    sections = {}
    for match in re.finditer(r'<h2 id="tag:[^"]+">(.*?)<a class="headerlink".*?</h2>(.*?)(?=<h2 |$)', content, re.DOTALL):
        sections[re.sub(r"<[^>]+>", "", match.group(1)).strip()] = set(re.findall(r'<a href="([^"#]+)"', match.group(2)))
    return sections


def test_the_tags_index_lists_every_checklist_and_framework_under_each_of_its_tags(built_site, repo_root, playbook):
    assert "<!-- material/tags -->" in (repo_root / "docs" / "tags.md").read_text(encoding="utf-8")
    sections = tag_sections((built_site / "tags" / "index.html").read_text(encoding="utf-8"))
    assert sections, "the tags index is empty"
    for checklist in playbook.checklists.values():
        for label in checklist.labels:
            assert f"../checklists/{checklist.id}/" in sections.get(label, set()), f"{checklist.id} missing under tag {label!r}"
    docs = read_docs(repo_root / "docs")
    for framework in FRAMEWORKS:
        for label in docs[f"frameworks/{framework}.md"].meta["tags"]:
            assert f"../frameworks/{framework}/" in sections.get(label, set()), f"{framework} missing under tag {label!r}"


@pytest.mark.parametrize("src", AUDIENCE_PAGES)
def test_audience_page_gathers_every_checklist_for_its_audience(built_site, playbook, src):
    html = (built_site / src.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
    targets = links(html)
    for checklist in playbook.checklists.values():
        if set(checklist.audience) & AUDIENCE_PAGES[src]:
            assert f"../../checklists/{checklist.id}/" in targets, f"{src} does not link the checklist {checklist.id}"


@pytest.mark.parametrize("src", AUDIENCE_PAGES)
def test_audience_page_points_to_frameworks(built_site, src):
    targets = links((built_site / src.removesuffix(".md") / "index.html").read_text(encoding="utf-8"))
    linked = {f for f in FRAMEWORKS if f"../../frameworks/{f}/" in targets}
    assert len(linked) >= 4 or "../../frameworks/" in targets, f"{src} links only {sorted(linked)}"


def test_team_leads_page_links_every_framework_and_home_links_every_audience_page(built_site):
    targets = links((built_site / "for" / "team-leads" / "index.html").read_text(encoding="utf-8"))
    assert {f"../../frameworks/{f}/" for f in FRAMEWORKS} <= targets
    home = links((built_site / "index.html").read_text(encoding="utf-8"))
    assert {"for/frontline-staff/", "for/team-leads/", "for/trainers/"} <= home


@pytest.mark.parametrize("src", ["for/team-leads.md", "for/trainers.md"])
def test_team_leads_and_trainers_are_pointed_to_the_self_assessment(built_site, src):
    if not (built_site / "assessment" / "index.html").exists():
        pytest.skip("the self-assessment page is not built (no data/assessment.yml)")
    assert "../../assessment/" in links((built_site / src.removesuffix(".md") / "index.html").read_text(encoding="utf-8"))
