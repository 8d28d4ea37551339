"""Session kits (data/sessions/): every field checked with a located message, a page and printables per kit from the same
data, a pack per kit holding the sheets it uses, the kits in the trainer pack, and a link from every framework they teach."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from mileposts.core.inline import plain
from mileposts.core.problems import DataError
from mileposts.kinds.playbook import load_playbook
from mileposts.printing.pack import FRONT_PAGES, in_pack, max_front_pages
from mileposts.printing.run import render_printables
from mileposts.site.pages import print_set

SIZES = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
FRAMEWORKS = sorted(p.name for p in (Path(__file__).resolve().parents[1] / "docs" / "frameworks").glob("*.md") if p.name != "index.md")


@pytest.fixture(scope="module")
def playbook(repo_root):
    return load_playbook(repo_root)


def normal(text: str) -> str:
    """Whitespace collapsed and ligatures and hyphen breaks undone, as text comes out of a PDF."""
    import unicodedata

    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"(\w)- (\w)", r"\1-\2", re.sub(r"\s+", " ", text)).strip()


def pdf_pages(path: Path) -> list[str]:
    return [normal(page.extract_text()) for page in PdfReader(path).pages]


# ------------------------------------------------------------------------------------ content


def test_every_framework_has_a_45_minute_kit_and_every_kit_a_hard_role_play(playbook):
    kits = playbook.sessions.values()
    taught = {Path(k.framework).name for k in kits if k.format == "workshop" and k.duration == 45}
    assert taught == set(FRAMEWORKS), "a 45-minute workshop for every framework"
    assert sum(k.format == "huddle" and k.duration == 15 for k in kits) >= 2, "15-minute huddles for frontline teams"
    for kit in kits:
        assert any(r.difficulty == "hard" for r in kit.roleplays), kit.id
        assert len(kit.key_points) <= 3
        assert sum(step.minutes for step in kit.steps) == kit.duration, kit.id
        assert {m.printable for m in kit.materials} >= {"guide", "roleplays", "commitment"}, f"{kit.id} lists its own printables"
        assert all(r.invented for r in kit.roleplays)
    settings = {r.setting for k in kits for r in k.roleplays}
    assert {"counter", "phone", "delivery"} <= settings, "a shop counter, a phone line and a delivery gone wrong"


# ------------------------------------------------------------------------------------ validation

BROKEN = """\
# yaml-language-server: $schema=../schemas/session.schema.json
title: A kit with every mistake
summary: Made on purpose with one mistake in each field that has a rule beyond its shape.
framework: frameworks/no-such-framework.md
format: huddle
duration: 45
group_size: {min: 12, max: 4}
prep_time: 10
audience: [trainers]
tags: [training]
key_points:
  - The first point people leave with.
  - The second point people leave with.
  - The third point people leave with.
  - A fourth point, one too many.
materials:
  - {text: A checklist that does not exist, printable: checklist:no-such-checklist}
  - {text: A worksheet that does not exist, printable: worksheet:no-such-worksheet}
steps:
  - title: Open
    start: 0
    minutes: 10
    facilitator: Ask the group for a story about a customer.
    participants: Tell one story each.
  - title: Practise
    start: 12
    minutes: 20
    facilitator: The role-plays in threes, then a debrief.
    participants: Play the three roles.
discussion:
  - This question has no question mark
roleplays:
  - title: A warm-up only
    setting: counter
    difficulty: real
    customer: You want a refund for a kettle that does not switch on, and you are polite about it.
    staff: You work at the counter and may refund or swap any faulty item bought this month.
    observe: [Listens to the end, Offers a choice]
    checklist: no-such-checklist
    debrief: [What did the staff member offer?]
    invented: true
commitment:
  title: My next shift
  prompts:
    - {label: One thing I will do differently, lines: 2}
    - {label: When I will do it first}
sources: [saade-second-mile]
reviewed: 2026-02-30
"""


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_every_mistake_in_a_kit_is_a_located_problem_in_one_run(project_copy):
    path = project_copy / "data" / "sessions" / "broken.yml"
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_playbook(project_copy)
    found: dict[tuple[int, str], str] = {}
    for p in caught.value.problems:
        if p.path == "data/sessions/broken.yml":
            found[(p.line, p.field)] = found.get((p.line, p.field), "") + " | " + p.message
    expected = {
        (line_of(BROKEN, "framework:"), "framework"): "expected a framework page",
        (line_of(BROKEN, "duration: 45"), "duration"): "expected a huddle of 10 to 20 minutes, found 45",
        (line_of(BROKEN, "group_size"), "group_size.min"): "expected at most the group's max (4), found 12",
        (line_of(BROKEN, "- The first point"), "key_points"): "expected at most 3",
        (line_of(BROKEN, "checklist:no-such"), "materials[0].printable"): "expected a printable that exists, one of data/checklists/",
        (line_of(BROKEN, "worksheet:no-such"), "materials[1].printable"): "expected a printable that exists, one of data/worksheets/",
        (line_of(BROKEN, "start: 12"), "steps[1].start"): "expected 10 (the step before ends at minute 10), found 12",
        (line_of(BROKEN, "The role-plays"), "steps[1].facilitator"): "expected one action starting with a verb",
        (line_of(BROKEN, "no question mark"), "discussion[0]"): "ending with ?",
        (line_of(BROKEN, "checklist: no-such"), "roleplays[0].checklist"): "expected a checklist id from data/checklists/",
        (line_of(BROKEN, "roleplays:") + 1, "roleplays"): "expected at least one role-play with difficulty: hard",
        (line_of(BROKEN, "reviewed:"), "reviewed"): "expected a real calendar date",
    }
    for where, words in expected.items():
        assert where in found, f"no problem at line {where[0]}, {where[1]}: {sorted(found)}"
        assert words in found[where], f"{where}: {found[where]!r}"
    for problem in caught.value.problems:
        assert re.match(r"^data/sessions/broken\.yml:\d+:\d+: [^:]+: expected .+, found .+", str(problem)), str(problem)


def test_steps_that_end_before_the_duration_are_located_at_the_duration(project_copy):
    kit = project_copy / "data" / "sessions" / "mile-model-huddle.yml"
    text = kit.read_text(encoding="utf-8")
    kit.write_text(re.sub(r"(?m)^duration: 15$", "duration: 18", text), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_playbook(project_copy)
    [problem] = caught.value.problems
    assert (problem.path, problem.field, problem.line) == ("data/sessions/mile-model-huddle.yml", "duration", line_of(text, "duration:"))
    assert "expected the steps to add up to the duration, 18 minutes, found them ending at minute 15" in problem.message


def overlong_kit() -> str:
    """A kit that keeps every rule, each text at its longest allowed length: far too long for a two-page guide."""
    long = "Watch how the room responds, and note the words people use for customers, good and bad alike, for later. "

    def text(n: int, start: str = "") -> str:
        return (start + long * 4)[:n].rstrip(" ,.")

    steps = "".join(
        f"  - title: Step {i + 1} of the long session\n    start: {i * 5}\n    minutes: 5\n"
        f"    facilitator: {text(250, 'Ask ')}\n    say: {text(250)}\n    participants: {text(190)}\n"
        f"    notes:\n      - {text(190)}\n      - {text(190)}\n      - {text(190)}\n"
        for i in range(8)
    )
    head = BROKEN.split("steps:")[0]
    head = head.replace("framework: frameworks/no-such-framework.md", "framework: frameworks/mile-model.md")
    head = head.replace("format: huddle\nduration: 45", "format: workshop\nduration: 40").replace("{min: 12, max: 4}", "{min: 3, max: 12}")
    head = head.replace("  - A fourth point, one too many.\n", "")
    head = re.sub(r"materials:\n(  - .*\n)+", "materials:\n" + "".join(f"  - text: {text(95)}\n" for _ in range(8)), head)
    tail = BROKEN.split("discussion:")[1]
    tail = tail.replace("  - This question has no question mark\n", "".join(f"  - {text(150)}?\n" for _ in range(5)))
    tail = tail.replace("difficulty: real", "difficulty: hard").replace("checklist: no-such-checklist", "checklist: calm-an-upset-customer")
    return head + "steps:\n" + steps + "discussion:" + tail.replace("reviewed: 2026-02-30", "reviewed: 2026-02-03")


def test_a_guide_too_long_for_two_pages_is_refused_with_its_file_named(project_copy):
    (project_copy / "data" / "sessions" / "overlong.yml").write_text(overlong_kit(), encoding="utf-8")
    playbook = load_playbook(project_copy)  # every rule is kept: only the layout refuses it
    printed = print_set(playbook.replace(sessions={"overlong": playbook.sessions["overlong"]}))
    printed.printables = [p for p in printed.printables if p.name == "session-overlong-guide"]
    printed.packs = []
    with pytest.raises(DataError) as caught:
        render_printables(printed, project_copy, workers=1)
    [problem] = caught.value.problems
    assert problem.path == "data/sessions/overlong.yml" and problem.field == "layout"
    assert "expected the facilitator guide (" in problem.message and "to fit on two printed pages at most" in problem.message
    assert re.search(r"found it [3-9] pages", problem.message), problem.message


# ------------------------------------------------------------------------------------ pages


def test_each_framework_page_links_to_its_kits_and_the_trainers_page_lists_them_all(built_site, playbook):
    for kit in playbook.sessions.values():
        framework = built_site / kit.framework.replace(".md", "") / "index.html"
        page = framework.read_text(encoding="utf-8")
        box = page[page.index("Run a session on this") :][:3000]
        assert f'href="../../sessions/{kit.id}/"' in box, f"{kit.framework} does not link to {kit.id} under its title"
        assert page.index("Run a session on this") < page.index("<h2"), "the box comes before the first section"
    trainers = (built_site / "for" / "trainers" / "index.html").read_text(encoding="utf-8")
    index = (built_site / "sessions" / "index.html").read_text(encoding="utf-8")
    for kit in playbook.sessions.values():
        assert f'href="../../sessions/{kit.id}/"' in trainers, kit.id
        assert f'href="{kit.id}/"' in index, kit.id


def test_a_kits_page_has_its_timeline_role_plays_card_and_working_print_links(built_site, playbook):
    for kit in playbook.sessions.values():
        page = (built_site / "sessions" / kit.id / "index.html").read_text(encoding="utf-8")
        text = normal(html.unescape(re.sub(r"<[^>]+>", "", page)))
        for step in kit.steps:
            assert f"{step.start}–{step.end}" in text and normal(plain(step.title)) in text, (kit.id, step.title)
        for roleplay in kit.roleplays:
            assert normal(plain(roleplay.customer)) in text and normal(plain(roleplay.staff)) in text
        assert normal(plain(kit.commitment.title)) in text
        links = re.findall(r'href="\.\./\.\./(pdf/sessions/[^"]+\.pdf)"', page)
        expected = {f"pdf/sessions/{kit.id}-{part}-{paper}.pdf" for part in ("kit", "guide", "roleplays", "commitment") for paper in SIZES}
        assert set(links) == expected, kit.id
        assert all((built_site / link).is_file() for link in links)
        materials = re.findall(r'class="mp-kit-materials">(.*?)</ul>', page, re.S)[0]
        for material in kit.materials:
            if material.printable and material.printable.startswith("checklist:"):
                assert f'href="../../checklists/{material.printable.split(":")[1]}/"' in materials, material


# ------------------------------------------------------------------------------------ PDFs


@pytest.mark.parametrize("paper", list(SIZES))
def test_each_kits_printables_fit_their_pages_on_both_papers(built_site, playbook, paper):
    width, height = SIZES[paper]
    for kit in playbook.sessions.values():
        folder = built_site / "pdf" / "sessions"
        guide, cards, commitment = (folder / f"{kit.id}-{part}-{paper}.pdf" for part in ("guide", "roleplays", "commitment"))
        for path in (guide, cards, commitment):
            for page in PdfReader(path).pages:
                assert abs(float(page.mediabox.width) - width) <= 1 and abs(float(page.mediabox.height) - height) <= 1, path.name
        text = pdf_pages(guide)
        assert 1 <= len(text) <= 2, f"{guide.name} has {len(text)} pages"
        whole = " ".join(text)
        assert normal(plain(kit.title)) in whole and normal(plain(kit.steps[-1].title)) in whole and "Run it" in whole
        assert text[-1].count("Sources:") == 1, "the sign-off ends the guide"
        pages = pdf_pages(cards)
        assert len(pages) == len(kit.roleplays), f"{cards.name}: a page per role-play"
        for n, (roleplay, page_text) in enumerate(zip(kit.roleplays, pages, strict=True), 1):
            assert f"Role-play {n}: {normal(plain(roleplay.title))}" in page_text
            assert all(part in page_text for part in ("Customer", "Staff", "Observer", "Invented situation for practice"))
            assert normal(plain(roleplay.observe[-1])) in page_text and normal(plain(roleplay.debrief[-1])) in page_text
        [card_page] = pdf_pages(commitment)
        assert card_page.count(normal(plain(kit.commitment.title))) == kit.commitment.cards_per_page


def test_a_kits_pack_holds_its_guide_cards_and_commitment_then_every_sheet_it_uses(built_site, playbook):
    for kit in playbook.sessions.values():
        for paper in SIZES:
            pack = PdfReader(built_site / "pdf" / "sessions" / f"{kit.id}-kit-{paper}.pdf")
            parts = [built_site / "pdf" / "sessions" / f"{kit.id}-{part}-{paper}.pdf" for part in ("guide", "roleplays", "commitment")]
            used = []
            for ref in kit.uses:
                kind, _, ident = ref.partition(":")
                used.append(
                    {
                        "checklist": built_site / "pdf" / f"{ident}-{paper}.pdf",
                        "worksheet": built_site / "pdf" / "worksheets" / f"{ident}-{paper}.pdf",
                        "assessment": built_site / "pdf" / f"assessment-{paper}.pdf",
                    }[kind]
                )
            sheets = [PdfReader(p) for p in parts + used]
            assert len(pack.pages) == sum(len(s.pages) for s in sheets), kit.id
            n = 0
            for sheet in sheets:  # the pack's pages are the sheets themselves, in order
                for page in sheet.pages:
                    assert pack.pages[n].get_contents().get_data() == page.get_contents().get_data(), (kit.id, paper, n)
                    n += 1
            for ref in kit.uses:
                if ref.startswith("checklist:"):
                    assert any(e.title == playbook.checklists[ref.split(":")[1]].title for e in pack.outline if not isinstance(e, list))


def test_the_trainer_pack_holds_every_kit_first_with_page_numbers_that_count_their_pages(built_site, playbook):
    reader = PdfReader(built_site / "pdf" / "mileposts-trainer-pack-a4.pdf")
    printed = in_pack(print_set(playbook).printables)
    kits = [p for p in printed if p.pack and p.pack.rank < 0]
    assert kits and printed[: len(kits)] == kits, "session kits come first"
    outline = {e.title: reader.get_destination_page_number(e) for e in reader.outline if not isinstance(e, list)}
    front = outline[kits[0].pack.title.removeprefix("Guide: ")]  # the first kit's guide opens where the front pages end
    assert FRONT_PAGES <= front <= max_front_pages(len(printed))
    contents = normal(" ".join(reader.pages[i].extract_text() for i in range(1, front)))
    assert len(reader.pages) - front == sum(p.pages for p in printed), "each sheet takes its most pages, blank pages making up the rest"
    page = front
    for printable in printed:
        assert normal(plain(printable.pack.title))[:40] in contents, f"{printable.pack.title} is not in the contents"
        shown = normal(plain(printable.pack.title.split(": ", 1)[-1]))[:30]
        assert shown in normal(reader.pages[page].extract_text()), f"page {page + 1} is not {printable.name}"
        numbers = re.findall(rf"{re.escape(normal(plain(printable.pack.type_label)))} (\d+)", contents)
        assert str(page + 1) in numbers, f"the contents does not give {printable.name} page {page + 1}"
        page += printable.pages


# ------------------------------------------------------------------------------------ in the browser


@pytest.mark.browser
def test_a_trainer_can_follow_the_timeline_by_the_clock_or_step_by_step(page, site_url, playbook):
    kit = playbook.sessions["service-recovery-workshop"]
    page.clock.install()
    page.goto(f"{site_url}sessions/{kit.id}/")
    status = page.locator(".mp-kit-follow-status")
    current = page.locator(".mp-kit-step[aria-current=step]")
    page.get_by_role("button", name="Start the session").click()
    assert status.text_content().startswith(f"Step 1 of {len(kit.steps)}: {plain(kit.steps[0].title)}")
    assert current.count() == 1 and current.get_attribute("id") == "step-1"
    page.clock.run_for((kit.steps[1].start * 60 + 30) * 1000)  # half a minute into the second step
    assert current.get_attribute("id") == "step-2"
    left = kit.steps[1].end * 60 - (kit.steps[1].start * 60 + 30)
    assert f"{left // 60}:{left % 60:02d} left" in status.text_content()
    page.get_by_role("button", name="Pause").click()
    page.clock.run_for(10 * 60 * 1000)
    assert current.get_attribute("id") == "step-2", "a paused clock stays on its step"
    page.get_by_role("button", name="Next step").click()
    assert current.get_attribute("id") == "step-3" and status.text_content().startswith("Step 3 of")
    page.get_by_role("button", name="Previous step").click()
    page.get_by_role("button", name="Previous step").click()
    assert current.get_attribute("id") == "step-1"
    assert page.get_by_role("button", name="Previous step").is_disabled()
    assert page.locator(".mp-kit-current").count() == 1


@pytest.mark.browser
def test_without_javascript_the_timeline_is_a_plain_list_with_no_dead_buttons(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}sessions/mile-model-huddle/")
        assert not page.locator(".mp-kit-follow").is_visible()
        assert page.locator(".mp-kit-step").count() >= 3 and page.locator(".mp-kit-step").first.is_visible()
    finally:
        context.close()
