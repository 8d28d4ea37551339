"""The team self-assessment (team-assessment.md): "Which mile are we on?" for a whole team, from data/assessment.yml.

The page is made by the assessment kind (kinds/assessment_team.py) from the same data as the
self-assessment, and run in the browser by docs/assets/team-assessment.js, which scores with
mileposts.js's rule (window.Mileposts.mileFor). Every expected value below is worked out here
from data/assessment.yml, with the Python scoring rule (Assessment.score) and the team rule the
page states: the team's answer to a question is the middle one (the lower of the two middle
ones for an even number of people), and how far apart a question's answers are is the sum,
over every pair of people, of the miles between their answers.

In Chromium: three people answering in turn on one device; codes copied on the self-assessment
page; hostile codes and files (a message, never a dialog or an element of theirs); saving,
comparing, exporting, importing and deleting runs; printing on one page; blocked and full
storage; the keyboard; no JavaScript; the offline copy from file://; and axe-core with the
result, the answer form and a comparison on screen, in both colour schemes.
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import json
import os
import random
import re
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from mileposts.core.inline import inline, plain
from mileposts.kinds.assessment import KIND, MILES, POINTS, Question
from mileposts.kinds.assessment_team import SESSIONS_PAGE, TEAM_PAGE, questions_id
from mileposts.kinds.base import PageContext
from mileposts.kinds.playbook import load_playbook
from mileposts.site import offline

ROOT = Path(__file__).resolve().parents[1]
RUNS = "mileposts:team-runs"
MILE_WORDS = {"zero": "zero mile", "first": "first mile", "second": "second mile"}
BLOCKED_NOTE = "This browser does not let this page save runs"
FULL_NOTE = "This browser's storage is full"
LOCAL = ("file://", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def playbook():
    return load_playbook(ROOT)


@pytest.fixture(scope="module")
def assessment(playbook):
    return playbook.assessment


# ---------------------------------------------------------------- what the page should show, from the data


def lined_up(people: list[list[str]], i: int) -> list[str]:
    """Everyone's answer to question i, from the zero mile to the second."""
    return sorted((person[i] for person in people), key=POINTS.__getitem__)


def counts(people: list[list[str]], i: int) -> dict[str, int]:
    answers = [person[i] for person in people]
    return {mile: answers.count(mile) for mile in MILES}


def team_answer(people: list[list[str]], i: int) -> str:
    """The middle answer; with an even number of people, the lower of the two middle ones."""
    answers = lined_up(people, i)
    return answers[(len(answers) - 1) // 2]


def apart(people: list[list[str]], i: int) -> int:
    """For every pair of people, the miles between their answers to question i, added up."""
    return sum(abs(POINTS[a[i]] - POINTS[b[i]]) for a, b in itertools.combinations(people, 2))


def average(people: list[list[str]], i: int) -> float:
    return sum(POINTS[person[i]] for person in people) / len(people)


def expected(assessment, people: list[list[str]]) -> dict:
    """Everything the result should show for these answers (one list of miles per person)."""
    n = len(assessment.questions)
    order = sorted(range(n), key=lambda i: (-apart(people, i), i))
    talk = [i for i in order if apart(people, i) > 0][:3]
    team = assessment.score([team_answer(people, i) for i in range(n)])
    return {
        "order": [i + 1 for i in order],
        "talk": [i + 1 for i in talk],
        "team": team,
        "each": [assessment.score(person) for person in people],
        "counts": {
            str(i + 1): "Zero mile: {zero}, First mile: {first}, Second mile: {second}.".format(**counts(people, i))
            + f" Team answer: {MILE_WORDS[team_answer(people, i)]}."
            for i in range(n)
        },
    }


def three_people(assessment) -> list[list[str]]:
    """Three people's answers that disagree by different amounts on different questions."""
    n = len(assessment.questions)
    return [
        ["second" if i % 2 == 0 else "first" for i in range(n)],
        ["zero" if i % 3 == 0 else "first" for i in range(n)],
        [MILES[(2 * i) % 3] for i in range(n)],
    ]


def shown_questions(assessment) -> list[str]:
    """The questions' words as the page shows them, which a run keeps."""
    return [" ".join(plain(q.text).split()) for q in assessment.questions]


def code_for(assessment, miles: list[str], name: str = "") -> str:
    code = f"MP1-{questions_id(assessment)}-" + "".join(str(POINTS[m]) for m in miles)
    return code + (f"-{quote(name, safe='')}" if name else "")


def summary_for(assessment, team, people: int, talk: list[int]) -> str:
    """The live summary: the team's result, how many answered, and which questions to talk about first."""
    title = assessment.results[team.mile].title
    answered = "1 person has" if people == 1 else f"{people} people have"
    text = f"Team result: {title}. {answered} answered; the team's answers add up to {team.total} of {assessment.maximum} points."
    numbers = [str(t) for t in talk]
    if len(numbers) > 1:
        text += f" Talk first about questions {', '.join(numbers[:-1])} and {numbers[-1]}."
    elif numbers:
        text += f" Talk first about question {numbers[0]}."
    elif people > 1:
        text += " You all gave the same answers."
    return text


# ---------------------------------------------------------------- the generated page


def team_markdown(playbook) -> str:
    from mileposts.site.pages import generated_pages

    page = next(p for p in generated_pages(playbook, {}) if p.src == TEAM_PAGE)
    assert page.edit_path == "data/assessment.yml" and page.in_nav
    return page.markdown


def test_the_team_page_is_made_from_the_assessment_data(playbook, assessment):
    html = team_markdown(playbook)
    assert f'data-first-from="{assessment.first_mile_from}" data-second-from="{assessment.second_mile_from}"' in html
    assert f'data-questions-id="{questions_id(assessment)}"' in html
    assert html.count('<fieldset class="mp-question mp-team-question"') == len(assessment.questions)
    for n, question in enumerate(assessment.questions, start=1):
        assert f'<span class="mp-team-question-text">{inline(question.text)}</span>' in html
        for option in question.options:
            assert f'name="mp-team-q{n}" value="{option.mile}"' in html
    for result in assessment.results.values():
        assert f'data-mile="{result.mile}" data-title="{plain(result.title)}"' in html
        for checklist_id in result.checklists:
            assert f'href="../checklists/{checklist_id}/"' in html
    assert 'href="../assessment/"' in html
    assert 'href="../sessions/"' in html, "the team page links the session kits"
    assert "<script" not in html and not re.search(r"<[^>]*\son[a-z]+=", html), "no script or handler of its own in the page"


def test_the_self_assessment_links_the_team_page_and_names_the_same_questions(playbook, assessment):
    from mileposts.site.pages import generated_pages

    page = next(p for p in generated_pages(playbook, {}) if p.src == "assessment.md")
    assert 'href="../team-assessment/"' in page.markdown
    assert f'data-questions-id="{questions_id(assessment)}"' in page.markdown
    assert 'class="mp-share"' in page.markdown and "hidden>" in page.markdown


def test_without_directory_urls_the_team_page_links_html_files(playbook):
    from mileposts.site.pages import generated_pages

    page = next(p for p in generated_pages(playbook, {}, directory_urls=False) if p.src == TEAM_PAGE)
    assert 'href="assessment.html"' in page.markdown and 'href="sessions/index.html"' in page.markdown


def test_questions_id_follows_the_questions_and_their_order(assessment):
    same = dataclasses.replace(assessment, questions=list(assessment.questions))
    assert questions_id(same) == questions_id(assessment)
    assert re.fullmatch(r"[0-9a-f]{6}", questions_id(assessment))
    swapped = dataclasses.replace(assessment, questions=[assessment.questions[1], assessment.questions[0], *assessment.questions[2:]])
    assert questions_id(swapped) != questions_id(assessment)
    edited = Question(assessment.questions[0].text + " Really?", assessment.questions[0].options)
    assert questions_id(dataclasses.replace(assessment, questions=[edited, *assessment.questions[1:]])) != questions_id(assessment)


def test_hostile_question_text_is_escaped_in_the_team_page(playbook, assessment):
    evil = 'Ask "><script>alert(1)</script><img src=x onerror=alert(2)> now?'
    hostile = dataclasses.replace(assessment, questions=[Question(evil, assessment.questions[0].options), *assessment.questions[1:]])
    pages = KIND.pages(playbook.replace(assessment=hostile), PageContext({}))
    team = next(p for p in pages if p.src == TEAM_PAGE).markdown
    assert "<script>" not in team and "<img" not in team
    assert '<span class="mp-team-question-text">Ask &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x' in team


def test_the_team_page_is_in_the_navigation_next_to_the_self_assessment():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      - assessment.md\n      - team-assessment.md\n" in nav
    scripts = re.search(r"extra_javascript:\n((?:  - .*\n)+)", nav).group(1)
    assert "assets/mileposts.js" in scripts and "team-assessment.js" not in scripts.replace("# it loads team-assessment.js", "")


def test_the_staged_tree_holds_the_team_page(tmp_path):
    out = tmp_path / "staged"
    result = subprocess.run(
        [sys.executable, "-m", "mileposts", "--root", str(ROOT), "stage", str(out)],
        cwd=ROOT / "scripts",
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "MILEPOSTS_PDF": "0"},
    )
    assert result.returncode == 0, result.stderr
    page = (out / "docs" / TEAM_PAGE).read_text(encoding="utf-8")
    assert page.startswith("---\ntitle: Team self-assessment\n") and 'class="mp-team"' in page
    assert "- team-assessment.md" in (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert (out / "docs" / "assets" / "team-assessment.js").is_file()


def test_the_built_team_page_and_its_session_link(built_site):
    page = built_site / "team-assessment" / "index.html"
    assert page.is_file()
    html = page.read_text(encoding="utf-8")
    assert '<script src="../assets/mileposts.js' in html  # which loads team-assessment.js on this page only
    checklist = (built_site / "checklists" / "service-recovery" / "index.html").read_text(encoding="utf-8")
    assert "team-assessment.js" not in html + checklist and "session-timeline.js" not in checklist
    if (built_site / "sessions" / "index.html").exists():
        assert 'href="../sessions/"' in html
    else:  # the session kits are another kind's: until they are built, the link is a plain one the build does not check
        pytest.skip(f"{SESSIONS_PAGE} is not built")


# ---------------------------------------------------------------- in the browser: helpers


def open_team(page, base: str, name: str = "team-assessment/") -> None:
    page.goto(base + name)
    page.locator(".mp-team.mp-js").wait_for()


def answer_in_turn(page, name: str, miles: list[str]) -> None:
    """A person answers on this device: name, every question, save."""
    page.fill("#mp-team-person", name)
    page.click(".mp-team-begin")
    assert page.locator("form.mp-team-answer-form").is_visible()
    assert not page.locator(".mp-team-detail").is_visible(), "the result stays hidden while someone answers"
    for n, mile in enumerate(miles, start=1):
        page.check(f'input[name="mp-team-q{n}"][value="{mile}"]')
    page.click(".mp-team-save-person")
    assert not page.locator("form.mp-team-answer-form").is_visible()


def paste_codes(page, codes: list[str]) -> None:
    page.fill("#mp-team-code-input", "\n".join(codes))
    page.click(".mp-team-add-codes")


def shown(page) -> dict:
    return page.evaluate(
        """() => {
        const root = document.querySelector('.mp-team');
        const rows = [...root.querySelectorAll('.mp-team-spread > li')];
        return {
            result: root.dataset.result,
            people: Number(root.dataset.people),
            summary: root.querySelector('.mp-team-summary').textContent,
            order: rows.map(li => Number(li.dataset.question)),
            talk: rows.filter(li => li.classList.contains('mp-team-talk')).map(li => Number(li.dataset.question)),
            counts: Object.fromEntries(rows.map(li => [li.dataset.question, li.querySelector('.mp-team-counts').textContent])),
            each: [...root.querySelectorAll('.mp-team-each tbody tr')].map(tr => [...tr.children].map(c => c.textContent)),
            start: [...root.querySelectorAll('.mp-team-start')].filter(b => !b.hidden).map(b => b.dataset.mile),
            capped: !root.querySelector('.mp-team-capped').hidden,
        };
    }"""
    )


def assert_result(page, assessment, people: list[list[str]], names: list[str]) -> None:
    want = expected(assessment, people)
    got = shown(page)
    assert got["people"] == len(people)
    assert got["result"] == want["team"].mile
    assert got["order"] == want["order"]
    assert got["talk"] == want["talk"]
    assert got["counts"] == want["counts"]
    assert got["each"] == [
        [name, assessment.results[s.mile].title, f"{s.total} of {assessment.maximum}"] for name, s in zip(names, want["each"], strict=True)
    ]
    assert got["start"] == [want["team"].mile]
    assert got["capped"] == want["team"].capped
    assert got["summary"] == summary_for(assessment, want["team"], len(people), want["talk"])
    links = page.locator(".mp-team-start:not([hidden]) .mp-recommended a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    offline_copy = page.url.startswith("file://")  # no directory URLs there
    ids = assessment.results[want["team"].mile].checklists
    assert hrefs == [f"checklists/{c}.html" if offline_copy else f"../checklists/{c}/" for c in ids]


def watch(page) -> dict:
    """Record dialogs and script errors on the page."""
    seen: dict[str, list[str]] = {"dialogs": [], "errors": []}
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: seen["errors"].append(f"{error}\n{error.stack or ''}"))
    return seen


def ours(errors: list[str]) -> list[str]:
    """The script errors raised in Mileposts' own files (Material's reach for blocked storage throws in its own code)."""
    return [e for e in errors if "team-assessment.js" in e or "mileposts.js" in e]


def stored_runs(page) -> list:
    raw = page.evaluate("key => window.localStorage.getItem(key)", RUNS)
    return [] if raw is None else json.loads(raw)


def normal(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"(\w)- (\w)", r"\1-\2", re.sub(r"\s+", " ", text)).strip()


# ---------------------------------------------------------------- one device, codes, the rule


@pytest.mark.browser
def test_three_people_answer_in_turn_and_the_spread_and_disagreement_are_right(page, site_url, assessment):
    seen = watch(page)
    open_team(page, site_url)
    assert shown(page)["summary"] == "Add at least one person's answers to see the team's result."
    assert page.locator(".mp-team-summary").get_attribute("role") == "status"
    assert page.locator(".mp-team-summary").get_attribute("aria-live") == "polite"
    people = three_people(assessment)
    names = ["Alex", "Sam", "Person 1"]
    page.fill("#mp-team-name", "Front desk")
    answer_in_turn(page, "Alex", people[0])
    answer_in_turn(page, "Sam", people[1])
    answer_in_turn(page, "", people[2])  # no name: "Person 1"
    assert page.locator(".mp-team-people-note").inner_text() == "Saved the answers of Person 1. 3 people have answered."
    assert_result(page, assessment, people, names)
    assert page.locator(".mp-team-detail").is_visible()
    # Each bar is drawn for the eye only; its counts are in words beside it.
    first = page.locator(".mp-team-spread > li").first
    assert first.locator(".mp-team-bar").get_attribute("aria-hidden") == "true"
    # Changing someone's answers changes the result.
    page.locator(".mp-team-change").nth(1).click()
    assert page.locator(".mp-team-who").inner_text() == "Sam"
    assert page.is_checked(f'input[name="mp-team-q1"][value="{people[1][0]}"]'), "their answers are there to change"
    people[1] = ["second"] * len(assessment.questions)
    for n, mile in enumerate(people[1], start=1):
        page.check(f'input[name="mp-team-q{n}"][value="{mile}"]')
    page.click(".mp-team-save-person")
    assert_result(page, assessment, people, names)
    # Removing someone too.
    page.locator(".mp-team-remove").nth(0).click()
    assert_result(page, assessment, people[1:], names[1:])
    assert seen == {"dialogs": [], "errors": []}
    assert page.external_requests == []


@pytest.mark.browser
def test_a_person_must_answer_every_question_and_names_are_unique(page, site_url, assessment):
    open_team(page, site_url)
    page.fill("#mp-team-person", "Alex")
    page.click(".mp-team-begin")
    page.check('input[name="mp-team-q1"][value="first"]')
    page.click(".mp-team-save-person")
    n = len(assessment.questions)
    assert page.locator(".mp-team-answer-note").inner_text().startswith(f"Questions 2, 3, 4, 5, 6, 7, 8, 9 and {n} have no answer yet")
    assert page.evaluate("document.activeElement.name") == "mp-team-q2"
    page.click(".mp-team-cancel")
    assert shown(page)["people"] == 0
    answer_in_turn(page, "Alex", ["first"] * n)
    page.fill("#mp-team-person", "alex")
    page.click(".mp-team-begin")
    assert page.locator(".mp-team-add-note").inner_text() == "There is already someone called alex. Add an initial to tell them apart."
    page.fill("#mp-team-person", "<b>Bo</b>")
    page.click(".mp-team-begin")
    assert "holds < or >" in page.locator(".mp-team-add-note").inner_text()
    assert not page.locator("form.mp-team-answer-form").is_visible()


@pytest.mark.browser
def test_the_team_page_scores_with_mileposts_js_rule(page, site_url, assessment):
    """The team page calls window.Mileposts.mileFor (mileposts.js) rather than a rule of its own."""
    page.add_init_script(
        """(() => {
        let wrapped;
        Object.defineProperty(window, "Mileposts", {
            configurable: true,
            get() { return wrapped; },
            set(value) {
                const count = () => { window.__mileForCalls = (window.__mileForCalls || 0) + 1; };
                wrapped = Object.assign({}, value, { mileFor(...args) { count(); return value.mileFor(...args); } });
            },
        });
    })()"""
    )
    open_team(page, site_url)
    before = page.evaluate("window.__mileForCalls || 0")
    paste_codes(page, [code_for(assessment, ["second"] * len(assessment.questions), "Kim")])
    assert page.evaluate("window.__mileForCalls || 0") > before
    assert shown(page)["result"] == "second"


@pytest.mark.browser
def test_random_teams_agree_with_the_python_rule(page, site_url, assessment):
    rng = random.Random(20261202)
    for trial in range(12):
        size = 2 + trial % 5  # 2 to 6 people: even and odd counts
        people = [[rng.choice(MILES) for _ in assessment.questions] for _ in range(size)]
        names = [f"P{trial}-{k}" for k in range(size)]
        open_team(page, site_url)
        paste_codes(page, [code_for(assessment, miles, name) for miles, name in zip(people, names, strict=True)])
        assert_result(page, assessment, people, names)


@pytest.mark.browser
def test_codes_from_the_self_assessment_page_combine_on_the_team_page(browser, site_url, assessment):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    try:
        people = three_people(assessment)
        names = ["Alex", "Sam", "Kim"]
        codes = []
        page.goto(site_url + "assessment/")
        share = page.locator(".mp-share")
        assert not share.is_visible(), "no code before every question is answered"
        for miles, name in zip(people, names, strict=True):
            page.locator(".mp-assessment-reset").click()
            expect(share).to_be_hidden()  # the form's reset handler updates the page after the reset (a timeout of 0)
            for n, mile in enumerate(miles, start=1):
                page.check(f'input[name="q{n}"][value="{mile}"]')
            expect(share).to_be_visible()
            page.fill("#mp-share-name", name)
            code = page.input_value("#mp-share-code")
            assert code == code_for(assessment, miles, name)
            page.click(".mp-share-copy")
            page.locator(".mp-share-note").filter(has_text="Copied.").wait_for()
            assert page.evaluate("navigator.clipboard.readText()") == code
            codes.append(code)
        page.fill("#mp-share-name", "Sam <b>")
        assert "holds < or >" in page.locator(".mp-share-name-note").inner_text()
        assert page.input_value("#mp-share-code") == code_for(assessment, people[2]), "a name that is refused is left out of the code"
        open_team(page, site_url)
        paste_codes(page, codes)
        assert page.locator(".mp-team-codes-note").inner_text() == "Added the answers of Alex, Sam and Kim."
        assert page.input_value("#mp-team-code-input") == ""
        assert_result(page, assessment, people, names)
    finally:
        context.close()


@pytest.mark.browser
def test_hostile_codes_give_a_message_and_never_run_or_add_anything(page, site_url, assessment):
    seen = watch(page)
    open_team(page, site_url)
    n, qid = len(assessment.questions), questions_id(assessment)
    good = "1" * n
    hostile = {
        f"MP1-{qid}-{good}-" + quote('<img src=x onerror="alert(1)">', safe=""): "holds < or >",
        f"MP1-{qid}-{good}-<img/src=x/onerror=alert(2)>": "holds < or >",
        f"MP1-{qid}-{good}-" + quote("Eve\u202e", safe=""): "invisible or control character",
        f"MP1-{qid}-{good[:-1]}-Short": f"has {n - 1} answers, but there are {n} questions",
        f"MP1-{qid}-{good}1-Long": f"has {n + 1} answers, but there are {n} questions",
        f"MP1-{qid}-3{good[1:]}-Three": "answers are 0, 1 or 2",
        f"MP2-{qid}-{good}-Two": "is a version 2 code",
        f"MP1-000000-{good}-Old": "different version of the questions",
        f"MP1-{qid}-{good}-%E0%A4%A": "garbled name",
        "<script>alert(3)</script>": "is not a Mileposts code",
        "MP1-" + "x" * 700: "far too long",
    }
    paste_codes(page, list(hostile))
    note = page.locator(".mp-team-codes-note")
    text = note.inner_text()
    assert text.startswith(f"Nothing was added. {len(hostile)} codes need a look; they are left in the box:")
    items = note.locator("li")
    assert items.count() == len(hostile)
    for i, message in enumerate(hostile.values()):
        assert message in items.nth(i).inner_text(), (i, message)
    assert shown(page)["people"] == 0
    assert page.input_value("#mp-team-code-input").split("\n") == list(hostile)
    assert page.locator(".mp-team img, .mp-team script, .mp-team b").count() == 0
    # A name with quotes and an ampersand is fine, and shows exactly as typed.
    name = 'Sam "S" & O\'Neil &amp;'
    paste_codes(page, [code_for(assessment, ["first"] * n, name)])
    assert page.locator(".mp-team-person-name").inner_text() == name
    assert page.locator(".mp-team-each tbody th").inner_text() == name
    # Far too much text is refused before it is read.
    page.fill("#mp-team-code-input", "MP1- " * 5000)
    page.click(".mp-team-add-codes")
    assert "far more text than a team's codes" in note.inner_text() and "Nothing was added." in note.inner_text()
    assert shown(page)["people"] == 1
    assert seen == {"dialogs": [], "errors": []}


# ---------------------------------------------------------------- save, compare, export, import, delete


def fill_run(page, assessment, team: str, date: str, people: list[list[str]], names: list[str]) -> None:
    page.fill("#mp-team-name", team)
    page.fill("#mp-team-date", date)
    paste_codes(page, [code_for(assessment, miles, name) for miles, name in zip(people, names, strict=True)])


def run_names(page) -> list[str]:
    return page.locator(".mp-team-run-name").all_inner_texts()


@pytest.mark.browser
def test_save_compare_with_an_earlier_run_and_delete(page, site_url, assessment):
    seen = watch(page)
    n = len(assessment.questions)
    then = three_people(assessment)
    now = [["second" if i < n // 2 else person[i] for i in range(n)] for person in then[:2]] + [["zero"] * n]
    open_team(page, site_url)
    assert page.locator(".mp-team-storage-note").inner_text() == ""
    assert page.locator(".mp-team-no-runs").is_visible()
    page.click(".mp-team-save")
    assert page.locator(".mp-team-runs-note").inner_text() == "Not saved. Add at least one person's answers first."
    fill_run(page, assessment, "Front desk", "2026-08-01", then, ["Alex", "Sam", "Kim"])
    page.click(".mp-team-save")
    assert page.locator(".mp-team-runs-note").inner_text() == "Saved Front desk, 1 August 2026 in this browser."
    runs = stored_runs(page)
    assert len(runs) == 1
    assert runs[0]["run"] == {
        "format": "mileposts-team-assessment",
        "version": 1,
        "team": "Front desk",
        "date": "2026-08-01",
        "questions": shown_questions(assessment),
        "people": [{"name": name, "answers": miles} for name, miles in zip(["Alex", "Sam", "Kim"], then, strict=True)],
        "next_steps": "",
    }

    page.reload()
    page.locator(".mp-team.mp-js").wait_for()
    assert run_names(page) == ["Front desk, 1 August 2026"], "a saved run is still there after a reload"
    assert shown(page)["people"] == 0
    page.fill("#mp-team-name", "Front desk")
    page.fill("#mp-team-date", "2026-11-01")
    paste_codes(page, [code_for(assessment, miles, name) for miles, name in zip(now, ["Alex", "Sam", "Lee"], strict=True)])
    page.locator(".mp-team-run", has_text="1 August 2026").locator(".mp-team-compare-button").click()
    compare = page.locator(".mp-team-compare")
    assert compare.is_visible()
    assert page.evaluate("document.activeElement.id") == "mp-team-compare-title"
    moved = page.locator(".mp-team-compare-list > li").evaluate_all("items => items.map(li => li.dataset.moved)")
    want = ["up" if average(now, i) > average(then, i) else "down" if average(now, i) < average(then, i) else "same" for i in range(n)]
    assert moved == want
    was, is_now = (assessment.score([team_answer(p, i) for i in range(n)]).mile for p in (then, now))
    assert page.locator(".mp-team-compare-summary").inner_text() == (
        f"Since Front desk, 1 August 2026: {want.count('up')} question{'s' if want.count('up') != 1 else ''} moved up, "
        f"{want.count('down')} moved down and {want.count('same')} stayed the same. The team's result was "
        f"the {MILE_WORDS[was]} and is now the {MILE_WORDS[is_now]}."
    )
    first = page.locator(".mp-team-compare-list > li").first
    assert f"an average of {average(then, 0):.1f} points then, {average(now, 0):.1f} now" in first.inner_text()

    page.click(".mp-team-save")
    assert run_names(page) == ["Front desk, 1 November 2026", "Front desk, 1 August 2026"], "newest first"
    assert len(stored_runs(page)) == 2
    earlier = page.locator(".mp-team-run", has_text="1 August 2026")
    earlier.locator(".mp-team-delete").click()
    assert page.evaluate("document.activeElement.textContent") == "Keep it"
    page.locator(".mp-team-confirm-no").click()
    assert len(stored_runs(page)) == 2
    earlier.locator(".mp-team-delete").click()
    page.locator(".mp-team-confirm-yes").click()
    assert run_names(page) == ["Front desk, 1 November 2026"]
    assert [r["run"]["date"] for r in stored_runs(page)] == ["2026-11-01"]
    assert not compare.is_visible(), "the comparison with a deleted run goes"
    assert page.locator(".mp-team-runs-note").inner_text() == "Deleted Front desk, 1 August 2026."
    assert seen == {"dialogs": [], "errors": []}


@pytest.mark.browser
def test_export_a_run_and_import_it_back(page, site_url, assessment, tmp_path):
    seen = watch(page)
    people = three_people(assessment)
    names = ["Alex", "Sam", "Kim"]
    open_team(page, site_url)
    fill_run(page, assessment, "Front desk", "2026-08-01", people, names)
    page.fill("#mp-team-steps", "Agree our greeting by Friday.")
    with page.expect_download() as caught:
        page.click(".mp-team-export")
    download = caught.value
    assert download.suggested_filename == "mileposts-team-front-desk-2026-08-01.json"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == {
        "format": "mileposts-team-assessment",
        "version": 1,
        "team": "Front desk",
        "date": "2026-08-01",
        "questions": shown_questions(assessment),
        "people": [{"name": name, "answers": miles} for name, miles in zip(names, people, strict=True)],
        "next_steps": "Agree our greeting by Friday.",
    }
    assert stored_runs(page) == [], "exporting saves nothing"

    open_team(page, site_url)
    page.set_input_files("#mp-team-import", str(path))
    note = page.locator(".mp-team-runs-note")
    note.filter(has_text="Imported").wait_for()
    assert note.inner_text() == "Imported Front desk, 1 August 2026 (3 people) into the saved runs: open it, or compare this run with it."
    assert run_names(page) == ["Front desk, 1 August 2026"]
    assert stored_runs(page)[0]["run"] == data
    page.locator(".mp-team-open").click()
    assert page.input_value("#mp-team-name") == "Front desk" and page.input_value("#mp-team-date") == "2026-08-01"
    assert page.input_value("#mp-team-steps") == "Agree our greeting by Friday."
    assert_result(page, assessment, people, names)
    # A saved run exports as it was saved.
    with page.expect_download() as again:
        page.locator(".mp-team-export-run").click()
    again.value.save_as(tmp_path / "again.json")
    assert json.loads((tmp_path / "again.json").read_text(encoding="utf-8")) == data
    assert seen == {"dialogs": [], "errors": []}


def a_run(assessment, **changes) -> dict:
    run = {
        "format": "mileposts-team-assessment",
        "version": 1,
        "team": "Front desk",
        "date": "2026-08-01",
        "questions": shown_questions(assessment),
        "people": [{"name": "Alex", "answers": ["first"] * len(assessment.questions)}],
        "next_steps": "",
    }
    run.update(changes)
    return run


@pytest.mark.browser
def test_hostile_run_files_give_a_message_and_never_run_or_import(page, site_url, assessment):
    seen = watch(page)
    n = len(assessment.questions)
    person = {"name": "Alex", "answers": ["first"] * n}
    files = {
        "html in a name": (a_run(assessment, people=[{**person, "name": '<img src=x onerror="alert(1)">'}]), "holds < or >"),
        "html in the team": (a_run(assessment, team="<script>alert(2)</script>"), "The team name holds < or >"),
        "a newer version": (a_run(assessment, version=2), "made by a newer version of this page (version 2)"),
        "another format": (a_run(assessment, format="something-else"), "It is not a Mileposts team run"),
        "too few answers": (
            a_run(assessment, people=[{**person, "answers": ["first"] * (n - 1)}]),
            f"has {n - 1} answers, but the run has {n} questions",
        ),
        "an unknown option": (
            a_run(assessment, people=[{**person, "answers": ["fourth"] + ["first"] * (n - 1)}]),
            "is not zero, first or second",
        ),
        "an unknown field": (a_run(assessment, extra=1), "a field this page does not know: “extra”"),
        "a bad date": (a_run(assessment, date="2026-02-30"), "not a real date"),
        "nobody": (a_run(assessment, people=[]), "holds nobody's answers"),
        "the same name twice": (a_run(assessment, people=[person, {**person, "name": "alex"}]), "same name"),
    }
    open_team(page, site_url)
    note = page.locator(".mp-team-runs-note")
    for what, (data, message) in files.items():
        payload = json.dumps(data).encode()
        page.set_input_files("#mp-team-import", files={"name": "run.json", "mimeType": "application/json", "buffer": payload})
        note.filter(has_text="Not imported").wait_for()
        assert message in note.inner_text(), what
        page.evaluate("document.querySelector('.mp-team-runs-note').textContent = ''")
    raw = b'{"__proto__": {"polluted": 1}, "format": "mileposts-team-assessment", "version": 1}'
    others = {
        "a prototype key": (raw, "a field this page does not know: “__proto__”"),
        "not json": (b"<html><script>alert(4)</script></html>", "it is not JSON"),
        "a huge file": (b'{"format": "mileposts-team-assessment", "pad": "' + b"x" * 300_000 + b'"}', "far bigger than a team run"),
    }
    for what, (payload, message) in others.items():
        page.set_input_files("#mp-team-import", files={"name": "run.json", "mimeType": "application/json", "buffer": payload})
        note.filter(has_text="Not imported").wait_for()
        assert message in note.inner_text(), what
        page.evaluate("document.querySelector('.mp-team-runs-note').textContent = ''")
    assert page.evaluate("({}).polluted") is None
    assert run_names(page) == [] and stored_runs(page) == []
    assert page.locator(".mp-team img, .mp-team script").count() == 0
    assert seen == {"dialogs": [], "errors": []}


@pytest.mark.browser
def test_garbage_in_storage_is_left_out_and_said(page, site_url, assessment):
    good = {"id": "a1", "saved": "2026-08-01T10:00:00.000Z", "run": a_run(assessment)}
    bad = {"id": "b2", "saved": "2026-08-01T10:00:00.000Z", "run": a_run(assessment, team="<img src=x onerror=alert(1)>")}
    page.add_init_script(f"window.localStorage.setItem({json.dumps(RUNS)}, {json.dumps(json.dumps([good, bad, 7]))})")
    seen = watch(page)
    open_team(page, site_url)
    assert run_names(page) == ["Front desk, 1 August 2026"]
    assert page.locator(".mp-team-runs-note").inner_text() == (
        "2 saved runs could not be read (saved by a newer version of this page, perhaps) and are left out, but kept."
    )
    assert page.locator(".mp-team img").count() == 0
    fill_run(page, assessment, "Back office", "2026-09-01", three_people(assessment), ["Alex", "Sam", "Kim"])
    page.click(".mp-team-save")
    runs = stored_runs(page)
    assert [r["run"]["team"] for r in runs[:2]] == ["Front desk", "Back office"] and runs[2:] == [bad, 7], "what it cannot read it leaves"
    assert seen == {"dialogs": [], "errors": []}


# ---------------------------------------------------------------- print


@pytest.mark.browser
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_result_prints_on_one_page_with_team_date_spread_and_next_steps(page, site_url, playbook, assessment, paper):
    from pypdf import PdfReader

    people = three_people(assessment)
    open_team(page, site_url)
    fill_run(page, assessment, "Front desk North", "2026-08-01", people, ["Alex", "Sam", "Kim"])
    steps = "Agree our greeting standard by Friday.\nWalk the floor every Monday."
    page.fill("#mp-team-steps", steps)
    page.wait_for_load_state("networkidle")
    reader = PdfReader(io.BytesIO(page.pdf(format=paper)))
    assert len(reader.pages) == 1, f"the team result prints on {len(reader.pages)} pages of {paper}"
    text = normal(reader.pages[0].extract_text())
    assert "Front desk North, 1 August 2026" in text
    assert normal(steps) in text
    want = expected(assessment, people)
    assert normal(summary_for(assessment, want["team"], 3, want["talk"])) in text
    for question in assessment.questions:
        assert normal(plain(question.text)) in text, question.text
    for line in want["counts"].values():
        assert normal(line) in text
    for checklist_id in assessment.results[want["team"].mile].checklists:
        assert normal(plain(playbook.checklists[checklist_id].title)) in text
    for screen_only in ("Add this person and answer", "Saved runs", "Import a run", "Codes", "Print the result", "Sources"):
        assert screen_only not in text, f"{screen_only!r} printed"


# ---------------------------------------------------------------- storage that does not work

BLOCKED_WAYS = {
    "reaching localStorage throws": """
        Object.defineProperty(window, "localStorage", {
            configurable: true,
            get() { throw new DOMException("Access is denied for this document.", "SecurityError"); },
        });
    """,
    "reading and writing throw": """
        for (const name of ["getItem", "setItem", "removeItem"]) {
            Storage.prototype[name] = function () { throw new DOMException("The operation is insecure.", "SecurityError"); };
        }
    """,
}


@pytest.mark.browser
@pytest.mark.parametrize("way", BLOCKED_WAYS)
def test_blocked_storage_still_works_and_says_runs_are_not_kept(page, site_url, assessment, way):
    seen = watch(page)
    page.add_init_script(BLOCKED_WAYS[way])
    open_team(page, site_url)
    note = page.locator(".mp-team-storage-note")
    assert note.inner_text().startswith(BLOCKED_NOTE) and "export it as a file" in note.inner_text()
    assert note.get_attribute("role") == "status"
    people = three_people(assessment)
    fill_run(page, assessment, "Front desk", "2026-08-01", people, ["Alex", "Sam", "Kim"])
    assert_result(page, assessment, people, ["Alex", "Sam", "Kim"])
    page.click(".mp-team-save")
    assert page.locator(".mp-team-runs-note").inner_text() == (
        "Saved Front desk, 1 August 2026 until you leave this page (this browser will not keep it)."
    )
    assert run_names(page) == ["Front desk, 1 August 2026"]
    page.click(".mp-team-new")
    paste_codes(page, [code_for(assessment, ["second"] * len(assessment.questions), "Alex")])
    page.locator(".mp-team-compare-button").click()
    assert page.locator(".mp-team-compare").is_visible(), "comparing works within the visit"
    with page.expect_download():
        page.click(".mp-team-export")
    assert seen["dialogs"] == [] and ours(seen["errors"]) == []


@pytest.mark.browser
def test_full_storage_says_the_run_is_not_kept(page, site_url, assessment):
    page.add_init_script(
        """Storage.prototype.setItem = function () { throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); };"""
    )
    open_team(page, site_url)
    assert page.locator(".mp-team-storage-note").inner_text() == ""
    fill_run(page, assessment, "Front desk", "2026-08-01", three_people(assessment), ["Alex", "Sam", "Kim"])
    page.click(".mp-team-save")
    assert page.locator(".mp-team-storage-note").inner_text().startswith(FULL_NOTE)
    assert run_names(page) == ["Front desk, 1 August 2026"]


# ---------------------------------------------------------------- keyboard, no JavaScript


@pytest.mark.browser
def test_one_person_answers_with_the_keyboard_alone(page, site_url, assessment):
    open_team(page, site_url)
    page.focus("#mp-team-person")
    page.keyboard.type("Kim")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "mp-team-answering", "focus goes to the person's questions"
    for _ in assessment.questions:
        page.keyboard.press("Tab")  # into the next question's options: the first one
        page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('mp-team-save-person')")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "mp-team-person", "focus is back for the next person"
    firsts = [q.options[0].mile for q in assessment.questions]
    assert_result(page, assessment, [firsts], ["Kim"])


@pytest.mark.browser
def test_without_javascript_the_page_points_to_the_printed_sheet(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_url + "team-assessment/")
        assert page.locator(".mp-team-nojs").is_visible()
        assert not page.locator(".mp-team-app").is_visible()
        assert page.locator(".mp-team-nojs a[href$='assessment-a4.pdf']").count() == 1
    finally:
        context.close()


# ---------------------------------------------------------------- the offline copy, and axe-core


@pytest.fixture(scope="module")
def unzipped(built_site, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("team-offline")
    with zipfile.ZipFile(built_site / offline.ZIP_NAME) as archive:
        archive.extractall(target)
    return target / offline.FOLDER


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def no_violations(axe, page, what: str) -> None:
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    results = axe.run(page)
    found = [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes'][:3]]}" for v in results.response["violations"]]
    assert found == [], what


@pytest.mark.browser
def test_the_offline_copy_works_from_disk(browser, unzipped, assessment):
    page_file = unzipped / "team-assessment.html"
    assert page_file.is_file()
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    seen = watch(page)
    try:
        page.goto(page_file.as_uri())
        page.locator(".mp-team.mp-js").wait_for()
        hrefs = page.locator(".mp-team a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert "assessment.html" in hrefs and "sessions/index.html" in hrefs
        assert all(h.endswith((".html", ".pdf")) for h in hrefs), hrefs
        assert (unzipped / "sessions" / "index.html").is_file()
        people = three_people(assessment)
        fill_run(page, assessment, "Front desk", "2026-08-01", people, ["Alex", "Sam", "Kim"])
        assert_result(page, assessment, people, ["Alex", "Sam", "Kim"])
        page.click(".mp-team-save")
        page.reload()
        page.locator(".mp-team.mp-js").wait_for()
        assert run_names(page) == ["Front desk, 1 August 2026"]
    finally:
        context.close()
    assert [url for url in requests if not url.startswith(LOCAL)] == []
    assert seen == {"dialogs": [], "errors": []}


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_with_the_result_the_form_and_a_comparison_on_screen(browser, axe, site_url, unzipped, assessment, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    external: list[str] = []
    page.on("request", lambda r: None if r.url.startswith((site_url, *LOCAL)) else external.append(r.url))
    try:
        for base, name in ((site_url, "team-assessment/"), (unzipped.as_uri() + "/", "team-assessment.html")):
            open_team(page, base, name)
            people = three_people(assessment)
            fill_run(page, assessment, "Front desk", "2026-08-01", people, ["Alex", "Sam", "Kim"])
            page.click(".mp-team-save")
            page.click(".mp-team-new")
            page.click(".mp-team-new")  # yes, start a new run
            paste_codes(page, [code_for(assessment, ["second"] * len(assessment.questions), "Alex"), "MP9-bad"])
            page.locator(".mp-team-compare-button").click()
            page.locator(".mp-team-delete").click()  # the confirmation on screen too
            no_violations(axe, page, f"{scheme}: result, comparison, messages ({base})")
            page.fill("#mp-team-person", "Lee")
            page.click(".mp-team-begin")
            page.click(".mp-team-save-person")  # unanswered: the message and the marked questions
            no_violations(axe, page, f"{scheme}: answering ({base})")
        page.goto(site_url + "assessment/")
        for fieldset in page.locator("fieldset.mp-question").all():
            fieldset.locator("input.mp-answer[value='first']").check()
        page.fill("#mp-share-name", "<b>")
        no_violations(axe, page, f"{scheme}: the self-assessment's share block")
    finally:
        context.close()
    assert external == []
