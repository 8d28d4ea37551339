"""The self-assessment "Which mile are we on?": data checks, the scoring rule, its page, its PDF.

The scoring rule is written twice, in Python (scripts/mileposts/assessment.py) and in
JavaScript (docs/assets/mileposts.js); the browser tests check that both give the same
result for the same answers, at every boundary and for a spread of random answer sets.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mileposts.core.problems import DataError
from mileposts.kinds.assessment import MILES, POINTS, mile_for
from mileposts.kinds.playbook import load_playbook
from mileposts.printing.run import PrintSet, render_printables

ROOT = Path(__file__).resolve().parents[1]


def render_assessment_pdfs(playbook, root, cache_dir):
    """The self-assessment's sheets alone, rendered (or taken from the cache): site path -> file."""
    from mileposts.kinds.assessment import KIND

    return render_printables(PrintSet(KIND.printables(playbook), playbook.site), root, cache_dir).files


ASSESSMENT = "data/assessment.yml"


@pytest.fixture(scope="module")
def playbook():
    return load_playbook(ROOT)


@pytest.fixture(scope="module")
def assessment(playbook):
    return playbook.assessment


def answers_for(assessment, total: int, with_zero: bool) -> list[str]:
    """Miles, one per question, that add up to `total`, including a zero-mile answer if `with_zero`."""
    n = len(assessment.questions)
    miles = ["first"] * n
    if with_zero:
        miles[0] = "zero"
    current = sum(POINTS[m] for m in miles)
    i = n - 1
    while current < total:
        assert i >= (1 if with_zero else 0), f"cannot reach {total}"
        miles[i] = "second"
        current += 1
        i -= 1
    i = n - 1
    while current > total:
        if miles[i] == "first":
            miles[i] = "zero"
            current -= 1
        i -= 1
        assert i >= -1, f"cannot reach {total}"
    assert sum(POINTS[m] for m in miles) == total and (("zero" in miles) or not with_zero)
    return miles


def boundary_cases(assessment) -> list[tuple[str, list[str], str]]:
    """(name, answers, expected mile) at every edge of the scoring rule."""
    n, first, second, top = len(assessment.questions), assessment.first_mile_from, assessment.second_mile_from, assessment.maximum
    return [
        ("all lowest", ["zero"] * n, "zero"),
        ("all first", ["first"] * n, "first"),
        ("all highest", ["second"] * n, "second"),
        ("one below first_mile_from", answers_for(assessment, first - 1, with_zero=True), "zero"),
        ("exactly first_mile_from", answers_for(assessment, first, with_zero=True), "first"),
        ("one below second_mile_from", answers_for(assessment, second - 1, with_zero=False), "first"),
        ("exactly second_mile_from", answers_for(assessment, second, with_zero=False), "second"),
        ("second_mile_from with a zero answer (basics first)", answers_for(assessment, second, with_zero=True), "first"),
        ("highest total with a zero answer", answers_for(assessment, top - 2, with_zero=True), "first"),
    ]


# ---------------------------------------------------------------- data and rule


def test_assessment_loads_with_eight_to_ten_questions_of_one_option_per_mile(assessment, playbook):
    assert 8 <= len(assessment.questions) <= 10
    for question in assessment.questions:
        assert sorted(o.mile for o in question.options) == sorted(MILES)
    assert set(assessment.results) == set(MILES)
    for result in assessment.results.values():
        assert result.next_steps and result.checklists
        assert all(c in playbook.checklists for c in result.checklists)
    assert assessment.reachable() == set(MILES)


def test_first_line_names_the_schema():
    first_line = (ROOT / ASSESSMENT).read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=schemas/assessment.schema.json"


def test_scoring_rule_at_every_boundary(assessment):
    for name, answers, expected in boundary_cases(assessment):
        assert assessment.score(answers).mile == expected, name
    assert assessment.score(["zero"] * len(assessment.questions)).total == 0
    assert assessment.score(["second"] * len(assessment.questions)).total == assessment.maximum
    capped = assessment.score(answers_for(assessment, assessment.second_mile_from, with_zero=True))
    assert capped.capped and capped.mile == "first"
    assert not assessment.score(["second"] * len(assessment.questions)).capped


def test_mile_for_thresholds_are_at_least_and_the_lower_mile_wins():
    assert mile_for(7, False, 8, 16) == "zero"
    assert mile_for(8, False, 8, 16) == "first"
    assert mile_for(15, False, 8, 16) == "first"
    assert mile_for(16, False, 8, 16) == "second"
    assert mile_for(16, True, 8, 16) == "first"
    assert mile_for(7, True, 8, 16) == "zero"


def test_score_choices_follows_the_order_options_are_shown_in(assessment):
    choices = [[o.mile for o in q.options].index("second") for q in assessment.questions]
    assert assessment.score_choices(choices).mile == "second"
    with pytest.raises(ValueError):
        assessment.score(["first"])


# ---------------------------------------------------------------- broken data, reported with file:line


def _break(project: Path, old: str, new: str) -> None:
    path = project / ASSESSMENT
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(project: Path, needle: str, nth: int = 1) -> int:
    lines = (project / ASSESSMENT).read_text(encoding="utf-8").splitlines()
    hits = [i + 1 for i, line in enumerate(lines) if needle in line]
    return hits[nth - 1]


def _problems(project: Path) -> str:
    with pytest.raises(DataError) as caught:
        load_playbook(project)
    return caught.value.report()


def test_unknown_recommended_checklist_is_reported_at_its_line(project_copy):
    _break(project_copy, "checklists: [second-mile-behaviours,", "checklists: [second-mile-behavers,")
    report = _problems(project_copy)
    line = _line_of(project_copy, "second-mile-behavers")
    assert re.search(
        rf"^data/assessment\.yml:{line}:\d+: results\.first\.checklists\[0\]: expected a checklist id from data/checklists/ .*"
        r"found unknown id 'second-mile-behavers'",
        report,
        re.M,
    ), report


def test_two_options_for_the_same_mile_are_reported(project_copy):
    _break(
        project_copy,
        "      - mile: zero\n        text: They wait to be noticed",
        "      - mile: first\n        text: They wait to be noticed",
    )
    report = _problems(project_copy)
    line = _line_of(project_copy, "    options:") + 1
    expected = "questions[0].options: expected one option for each mile (zero, first, second), found 0 zero, 2 first, 1 second"
    assert f"data/assessment.yml:{line}:7: {expected}" in report


def test_unreachable_second_mile_is_reported_at_the_threshold(project_copy):
    _break(project_copy, "second_mile_from: 16", "second_mile_from: 24")
    report = _problems(project_copy)
    line = _line_of(project_copy, "second_mile_from:")
    assert (
        f"data/assessment.yml:{line}:21: scoring.second_mile_from: expected at most 20 (2 points for each of 10 questions), found 24"
        in report
    )


def test_thresholds_in_the_wrong_order_are_reported(project_copy):
    _break(project_copy, "first_mile_from: 8", "first_mile_from: 16")
    report = _problems(project_copy)
    line = _line_of(project_copy, "second_mile_from:")
    assert f"data/assessment.yml:{line}:21: scoring.second_mile_from: expected more than first_mile_from (16), found 16" in report


def test_schema_errors_are_reported_in_plain_words_at_their_line(project_copy):
    _break(
        project_copy,
        "      - mile: second\n        text: They get a warm welcome",
        "      - mile: third\n        text: They get a warm welcome",
    )
    _break(project_copy, "    title: The zero mile\n    summary:", "    title: The zero mile\n    summery:")
    report = _problems(project_copy)
    mile_line = _line_of(project_copy, "mile: third")
    key_line = _line_of(project_copy, "summery:")
    assert (
        f"data/assessment.yml:{mile_line}:15: questions[0].options[2].mile: expected one of zero, first, second, found the text 'third'"
        in report
    )
    unknown = "results.zero.summery: expected a known field, found unknown field 'summery' (did you mean 'summary'?)"
    assert f"data/assessment.yml:{key_line}:5: {unknown}" in report
    assert "results.zero.summary: expected the field 'summary', found it missing" in report


def test_a_missing_schema_line_and_a_bad_date_are_reported(project_copy):
    original = (project_copy / ASSESSMENT).read_text(encoding="utf-8")
    _break(project_copy, "# yaml-language-server: $schema=schemas/assessment.schema.json\n", "")
    expected = "data/assessment.yml:1:1: expected the first line to be '# yaml-language-server: $schema=schemas/assessment.schema.json'"
    assert expected in _problems(project_copy)
    (project_copy / ASSESSMENT).write_text(original, encoding="utf-8")
    _break(project_copy, "reviewed: 2026-11-23", "reviewed: 2026-02-30")
    line = _line_of(project_copy, "reviewed:")
    assert f"data/assessment.yml:{line}:11: reviewed: expected a real calendar date, found '2026-02-30'" in _problems(project_copy)


def test_the_command_line_reports_assessment_problems_with_file_and_line(project_copy):
    _break(project_copy, "checklists: [extra-mile-customers,", "checklists: [extra-mile-customer,")
    result = subprocess.run(
        [sys.executable, "-m", "mileposts", "--root", str(project_copy), "validate"],
        cwd=ROOT / "scripts",
        capture_output=True,
        text=True,
        timeout=120,
    )
    line = _line_of(project_copy, "extra-mile-customer,")
    assert result.returncode == 1
    assert f"data/assessment.yml:{line}:" in result.stderr and "unknown id 'extra-mile-customer'" in result.stderr


# ---------------------------------------------------------------- the page and the PDF


def test_generated_page_is_a_plain_form_that_reads_without_javascript(playbook, assessment):
    from mileposts.site.pages import generated_pages

    page = next(p for p in generated_pages(playbook, {}) if p.src == "assessment.md")
    assert page.edit_path == ASSESSMENT
    html = page.markdown
    assert html.count('<fieldset class="mp-question"') == len(assessment.questions)
    assert html.count("<legend") == len(assessment.questions)
    for n, question in enumerate(assessment.questions, start=1):
        assert html.count(f'type="radio" class="mp-answer" name="q{n}"') == 3
        for option in question.options:
            assert f'value="{option.mile}" data-points="{option.points}"' in html
    assert f'data-first-from="{assessment.first_mile_from}" data-second-from="{assessment.second_mile_from}"' in html
    for result in assessment.results.values():
        assert f'data-mile="{result.mile}"' in html
        for checklist_id in result.checklists:
            assert f'href="../checklists/{checklist_id}/"' in html
    assert 'href="../pdf/assessment-a4.pdf"' in html and 'href="../pdf/assessment-letter.pdf"' in html


def test_printed_version_is_one_page_on_both_papers_and_deterministic(playbook, tmp_path, monkeypatch):
    import pypdf

    monkeypatch.setenv("MILEPOSTS_PDF", "1")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = render_assessment_pdfs(playbook, ROOT, cache_dir=tmp_path / "one")
    second = render_assessment_pdfs(playbook, ROOT, cache_dir=tmp_path / "two")
    assert set(first) == {"pdf/assessment-a4.pdf", "pdf/assessment-letter.pdf"}
    sizes = {"pdf/assessment-a4.pdf": (595, 842), "pdf/assessment-letter.pdf": (612, 792)}
    assessment = playbook.assessment
    for site_path, file in first.items():
        assert file.read_bytes() == second[site_path].read_bytes(), f"{site_path} differs between two renders"
        reader = pypdf.PdfReader(file)
        assert len(reader.pages) == 1, site_path
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == sizes[site_path]
        text = " ".join(reader.pages[0].extract_text().split())
        assert assessment.title in text and "SCORING KEY" in text.upper()
        for question in assessment.questions:
            assert question.text in text, question.text
        for result in assessment.results.values():
            assert result.title in text


# ---------------------------------------------------------------- in the browser


def _answer(page, answers: list[str]) -> None:
    """Tick one radio per question by clicking it, as a reader would."""
    for n, mile in enumerate(answers, start=1):
        page.locator(f'input[name="q{n}"][value="{mile}"]').check()


def _state(page) -> dict:
    return page.locator(".mp-assessment").evaluate(
        "el => ({result: el.dataset.result, total: el.dataset.total, answered: el.dataset.answered,"
        " score: el.querySelector('.mp-score').textContent,"
        " visible: [...el.querySelectorAll('.mp-result')].filter(r => r.offsetParent !== null).map(r => r.dataset.mile),"
        " capped: !el.querySelector('.mp-capped').hidden})"
    )


@pytest.mark.browser
def test_boundary_answers_give_the_right_result_in_the_browser(page, site_url, assessment):
    page.goto(site_url + "assessment/")
    assert page.locator(".mp-outcome").is_visible()
    assert _state(page)["score"] == f"Answer all {len(assessment.questions)} questions to see your result."
    assert _state(page)["visible"] == []
    for name, answers, expected in boundary_cases(assessment):
        page.locator(".mp-assessment-reset").click()
        _answer(page, answers)
        state = _state(page)
        total = sum(POINTS[m] for m in answers)
        assert state["result"] == expected, name
        assert state["total"] == str(total), name
        assert state["visible"] == [expected], name
        title = assessment.results[expected].title
        assert state["score"] == f"You scored {total} out of {assessment.maximum}: {title}.", name
        assert state["capped"] == assessment.score(answers).capped, name
    assert page.external_requests == []


@pytest.mark.browser
def test_changing_an_answer_updates_the_result(page, site_url, assessment):
    page.goto(site_url + "assessment/")
    n = len(assessment.questions)
    _answer(page, ["second"] * n)
    assert _state(page)["result"] == "second"
    page.locator('input[name="q3"][value="zero"]').check()
    assert _state(page)["result"] == "first" and _state(page)["capped"]
    for q in range(1, n + 1):
        page.locator(f'input[name="q{q}"][value="zero"]').check()
    assert _state(page)["result"] == "zero"
    page.locator('input[name="q1"][value="second"]').press("ArrowRight")  # keyboard moves within a radio group
    assert _state(page)["answered"] == str(n)
    page.locator(".mp-assessment-reset").click()
    assert _state(page)["answered"] == "0" and _state(page)["result"] == ""
    assert page.locator("input.mp-answer:checked").count() == 0


@pytest.mark.browser
def test_python_and_javascript_scoring_agree(page, site_url, assessment):
    page.goto(site_url + "assessment/")
    rng = random.Random(20261123)
    vectors = [answers for _, answers, _ in boundary_cases(assessment)]
    vectors += [[rng.choice(MILES) for _ in assessment.questions] for _ in range(40)]
    vectors += [[rng.choice(("first", "second")) for _ in assessment.questions] for _ in range(20)]
    for answers in vectors:
        js = page.evaluate(
            """answers => {
                const form = document.querySelector('form.mp-assessment-form');
                form.reset();
                answers.forEach((mile, i) => { form.querySelector(`input[name="q${i + 1}"][value="${mile}"]`).checked = true; });
                form.dispatchEvent(new Event('change', {bubbles: true}));
                const root = document.querySelector('.mp-assessment');
                return {mile: root.dataset.result, total: Number(root.dataset.total)};
            }""",
            answers,
        )
        expected = assessment.score(answers)
        assert js == {"mile": expected.mile, "total": expected.total}, answers
    first, second, top = assessment.first_mile_from, assessment.second_mile_from, assessment.maximum
    for total in range(top + 1):
        for any_zero in (False, True):
            js = page.evaluate("([t, z, f, s]) => window.Mileposts.mileFor(t, z, f, s)", [total, any_zero, first, second])
            assert js == mile_for(total, any_zero, first, second), (total, any_zero)


@pytest.mark.browser
def test_without_javascript_the_questionnaire_shows_every_result_and_no_buttons(browser, site_url, assessment):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_url + "assessment/")
        assert page.locator("fieldset.mp-question legend").count() == len(assessment.questions)
        for mile in MILES:
            assert page.locator(f'.mp-result[data-mile="{mile}"]').is_visible()
        assert page.locator(".mp-scoring-rule").is_visible()
        assert not page.locator(".mp-outcome").is_visible()
        assert not page.locator(".mp-assessment-reset").is_visible()
        page.get_by_role("radio", name=assessment.questions[0].options[0].text).check()
        assert page.locator('input[name="q1"]:checked').count() == 1
    finally:
        context.close()


@pytest.mark.browser
def test_result_links_lead_to_the_recommended_checklists(page, site_url, assessment):
    page.goto(site_url + "assessment/")
    _answer(page, ["first"] * len(assessment.questions))
    links = page.locator('.mp-result[data-mile="first"] .mp-recommended a')
    assert links.count() == len(assessment.results["first"].checklists)
    links.first.click()
    page.wait_for_url(f"**/checklists/{assessment.results['first'].checklists[0]}/")
    assert page.locator(".mp-checklist").count() == 1


def test_the_built_site_publishes_both_pdfs(built_site):
    import os

    if os.environ.get("MILEPOSTS_PDF", "1") in ("0", "no", "false", "off"):
        pytest.skip("PDFs switched off (MILEPOSTS_PDF=0)")
    for paper in ("a4", "letter"):
        assert (built_site / "pdf" / f"assessment-{paper}.pdf").stat().st_size > 10_000
