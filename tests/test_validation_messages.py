"""Every data problem is reported as `path:line:column: field: expected ..., found ...`, all in one run.

Each test copies the real data/ into tmp_path, adds one known checklist (so line numbers are fixed
here, not by whatever the real content says today) and breaks one thing.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml

from mileposts.core.problems import DataError
from mileposts.core.schemas import check_schema
from mileposts.core.yamlfile import load_yaml
from mileposts.kinds.playbook import load_playbook
from mileposts.site.markers import expand_markers

CHECKLIST_PATH = "data/checklists/call-back.yml"
CHECKLIST = """\
# yaml-language-server: $schema=../schemas/checklist.schema.json
title: Call back a waiting customer
summary: Return a call you promised, on time and with an answer.
when: When a customer is waiting for a call back you promised.
type: read-do
type_reason: Read step by step, because a call back is a promise and a skipped step breaks it.
audience: [frontline-staff]
tags: [customers, last-mile]
sources: [SOURCE]
reviewed: 2026-01-15
sections:
  - title: Before you call
    items:
      - Read the notes from the first call.
      - Find the answer you promised.
      - text: Check the time you said you would call.
        note: Call a little early rather than late.
        critical: true
  - title: On the call
    items:
      - Greet the customer by name.
      - Give the answer in plain words.
      - Ask if anything else is open.
"""
QUOTE_WITH_UNKNOWN_SOURCE = "- text: Keep it simple.\n  author: Somebody Real\n  source: no-such-source\n  tags: [customers]\n"
LINES = ["", *CHECKLIST.splitlines()]  # LINES[n] is line n
FORMAT = re.compile(r"(data|docs)/[^:]+:\d+:\d+: (?:[^:]+: )?expected .+[,;] found .*")


@pytest.fixture
def root(tmp_path, repo_root):
    """A copy of data/ with the known checklist added; returns the copy's root."""
    shutil.copytree(repo_root / "data", tmp_path / "data")
    (tmp_path / CHECKLIST_PATH).write_text(CHECKLIST.replace("SOURCE", first_source(tmp_path)), encoding="utf-8")
    return tmp_path


def first_source(root):
    """The id of the first entry in data/sources.yml."""
    return yaml.safe_load((root / "data" / "sources.yml").read_text(encoding="utf-8"))[0]["id"]


def edit(root, relative, old, new):
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should appear once in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def append(root, relative, text):
    """Append to a data file; returns the line number the appended text starts on."""
    path = root / relative
    before = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


def problems(root):
    with pytest.raises(DataError) as caught:
        load_playbook(root)
    return caught.value.problems


def find(found, path, field):
    matching = [p for p in found if p.path == path and p.field == field]
    assert matching, f"no problem for {path} {field!r} in:\n" + "\n".join(map(str, found))
    return matching[0]


def test_the_unbroken_copy_loads(root):
    playbook = load_playbook(root)
    assert "call-back" in playbook.checklists
    assert len(playbook.checklists["call-back"].items) == 6
    assert [item.text for item in playbook.checklists["call-back"].items if item.critical] == ["Check the time you said you would call."]


ITEM = "      - "  # an item line's indent


def more_items(count: int) -> str:
    """`count` more item lines, each after a newline, to append to an item line."""
    return "".join(f"\n{ITEM}Note point {n} on the call sheet." for n in range(count))


CASES = {
    # name: (line or (first, last) lines of CHECKLIST to replace, replacement ("" deletes), expected line, field, "words|in|message")
    "unknown-source-id": (9, "sources: [no-such-source]", 9, "sources[0]", "data/sources.yml (|unknown id 'no-such-source'"),
    "duplicate-item-text": (22, ITEM + "greet  the customer by NAME.", 22, "sections[1].items[1]", "each item once|sections[1].items[0]"),
    "duplicate-across-sections": (21, ITEM + "Read the notes from the first call.", 21, "sections[1].items[0]", "sections[0].items[0]"),
    "section-with-no-items": ((20, 23), "    items: []", 20, "sections[1].items", "at least 3 item|found 0"),
    "section-with-two-items": (23, "", 21, "sections[1].items", "at least 3 item|found 2"),
    "section-with-eleven-items": (23, LINES[23] + more_items(8), 21, "sections[1].items", "at most 9 items|found 11"),
    "unknown-key-did-you-mean": (17, "        notes: Call early.", 17, "sections[0].items[2].notes", "field 'notes'|did you mean 'note'?"),
    "unknown-key-no-guess": (10, "colour: blue\n" + LINES[10], 10, "colour", "unknown field 'colour'|allowed: audience,"),
    "title-is-a-number": (2, "title: 42", 2, "title", "expected text|the number 42"),
    "audience-is-a-string": (7, "audience: frontline-staff", 7, "audience", "expected a list|the text 'frontline-staff'"),
    "bare-no-as-item": (15, ITEM + "No", 15, "sections[0].items[1]", "expected an item|the boolean false|quote it"),
    "number-as-item": (15, ITEM + "42", 15, "sections[0].items[1]", "expected an item|the number 42"),
    "bad-type-enum": (5, "type: read-and-do", 5, "type", "one of read-do, do-confirm|the text 'read-and-do'"),
    "bad-tag-enum": (8, "tags: [customers, lastmile]", 8, "tags[1]", "one of zero-mile,|the text 'lastmile'"),
    "missing-required-field": (4, "", 2, "when", "the field 'when'|missing"),
    "missing-type-reason": (6, "", 2, "type_reason", "the field 'type_reason'|missing"),
    "type-reason-too-short": (6, "type_reason: Rare.", 6, "type_reason", "at least 10 characters|the text 'Rare.'"),
    "missing-item-text": ((16, 17), ITEM + "note: Call early.", 16, "sections[0].items[2].text", "the field 'text'|missing"),
    "critical-not-a-boolean": (18, "        critical: very", 18, "sections[0].items[2].critical", "true or false|the text 'very'"),
    "no-critical-item": (18, "", 11, "sections", "at least one item marked `critical: true`|found none"),
    "ten-items-at-one-pause-point": (
        23,
        LINES[23] + more_items(4),
        4,
        "when",
        "at most 9 items at this pause point|found 10 in 2 sections",
    ),
    "impossible-date": (10, "reviewed: 2026-13-40", 10, "reviewed", "real calendar date|'2026-13-40'"),
    "date-in-wrong-format": (10, "reviewed: 15/01/2026", 10, "reviewed", "YYYY-MM-DD|'15/01/2026'"),
    "source-id-not-a-slug": (9, "sources: [Not_A_Slug]", 9, "sources[0]", "lowercase letters, digits|'Not_A_Slug'"),
    "repeated-audience": (7, "audience: [trainers, trainers]", 7, "audience", "each entry once|a list of 2 items"),
    "title-too-short": (2, "title: Go", 2, "title", "at least 3 characters|the text 'Go'"),
    "title-too-long": (2, "title: " + "Call " * 20, 2, "title", "at most 70 characters|found 99"),
    "item-not-starting-with-a-verb": (22, ITEM + "The answer is given.", 22, "sections[1].items[1]", "starting with a verb|'the'"),
    "item-starting-with-an-ing-word": (22, ITEM + "Giving the answer.", 22, "sections[1].items[1]", "starting with a verb|'giving'"),
    "second-action-joined-with-and": (
        22,
        ITEM + "Give the answer and check it is clear.",
        22,
        "sections[1].items[1]",
        "one action per item|('and check')",
    ),
    "second-action-after-a-comma": (22, ITEM + "Look up, make eye contact.", 22, "sections[1].items[1]", "one action per item|('make')"),
    "item-indented-one-step-too-far": (
        23,
        LINES[23] + "\n        - Thank the customer for waiting.",
        23,
        "sections[1].items[2]",
        "found ' - ' inside it|indented one step too far",
    ),
    "duplicate-key": (5, "type: read-do\ntype: do-confirm", 6, "type", "each field once|first on line 5"),
    "missing-schema-line": (1, "", 1, "", "first line to be '# yaml-language-server: $schema=../schemas/checklist.schema.json'"),
    "wrong-schema-line": (1, "# yaml-language-server: $schema=schemas/checklist.schema.json", 1, "", "first line to be|found '# yaml"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_one_broken_checklist_gives_a_located_plain_words_problem(root, case):
    lines, new, line, field, words = CASES[case]
    first, last = lines if isinstance(lines, tuple) else (lines, lines)
    text = "\n".join([*LINES[1:first], *([new] if new else []), *LINES[last + 1 :]]) + "\n"
    (root / CHECKLIST_PATH).write_text(text.replace("SOURCE", first_source(root)), encoding="utf-8")
    found = problems(root)
    problem = find(found, CHECKLIST_PATH, field)
    assert problem.line == line, str(problem)
    for word in words.split("|"):
        assert word in problem.message, f"{word!r} not in {problem}"
    assert FORMAT.fullmatch(str(problem)), f"not 'path:line:column: field: expected ..., found ...': {problem}"
    assert all(p.path == CHECKLIST_PATH for p in found), "a problem in one file must not be blamed on others"


def test_typo_in_a_top_level_field_reports_the_typo_and_the_missing_field(root):
    edit(root, CHECKLIST_PATH, "audience:", "audiences:")
    found = problems(root)
    assert "did you mean 'audience'?" in find(found, CHECKLIST_PATH, "audiences").message
    assert "the field 'audience', found it missing" in find(found, CHECKLIST_PATH, "audience").message
    assert len(found) == 2


@pytest.mark.parametrize("verb", ["Apply", "Reply", "Supply", "Bring"])
def test_verbs_ending_in_ing_or_ly_are_accepted_as_verbs(root, verb):
    edit(root, CHECKLIST_PATH, "Give the answer", f"{verb} the answer")
    load_playbook(root)


@pytest.mark.parametrize(
    "text",
    ["Give the answer and the date in plain words.", "Give the answer, in plain words.", "Give the answer, please and thank you."],
)
def test_one_action_with_and_or_a_comma_is_accepted(root, text):
    edit(root, CHECKLIST_PATH, "Give the answer in plain words.", text)
    load_playbook(root)


def test_a_section_with_its_own_when_is_a_pause_point_of_its_own(root):
    edit(root, CHECKLIST_PATH, LINES[23] + "\n", LINES[23] + more_items(6) + "\n")  # 3 + 9 items at the checklist's `when`
    [problem] = problems(root)
    assert (problem.field, problem.line) == ("when", 4)
    assert "found 12 in 2 sections" in problem.message
    edit(root, CHECKLIST_PATH, "  - title: On the call\n", "  - title: On the call\n    when: As soon as the customer picks up.\n")
    checklist = load_playbook(root).checklists["call-back"]
    assert [section.when for section in checklist.sections] == [None, "As soon as the customer picks up."]
    assert len(checklist.items) == 12


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Call_Back.yml", "expected a file name of lowercase letters, digits and hyphens, found 'Call_Back.yml'"),
        ("extra.yaml", "expected a file name ending in .yml, found 'extra.yaml'; rename it"),
        ("upper.YML", "expected a file name ending in .yml, found 'upper.YML'; rename it"),
    ],
)
def test_bad_checklist_file_name(root, name, message):
    shutil.copy(root / CHECKLIST_PATH, root / "data" / "checklists" / name)
    found = problems(root)
    assert [str(p) for p in found] == [f"data/checklists/{name}:1:1: {message}"]


def test_unknown_source_id_in_a_quote(root):
    line = append(root, "data/quotes.yml", QUOTE_WITH_UNKNOWN_SOURCE)
    [problem] = problems(root)
    assert (problem.path, problem.line) == ("data/quotes.yml", line + 2)
    assert problem.field.endswith("].source")
    assert "expected a source id from data/sources.yml (" in problem.message
    assert "found unknown id 'no-such-source'" in problem.message


def test_duplicate_source_id(root, repo_root):
    first = first_source(root)
    entry = f"- id: {first}\n  title: Same id\n  author: null\n  organisation: Someone\n  date: null\n  note: Same id again.\n"
    line = append(root, "data/sources.yml", entry)
    [problem] = problems(root)
    assert (problem.path, problem.line) == ("data/sources.yml", line)
    assert problem.field.endswith("].id")
    assert f"expected a unique id, found {first!r} again" in problem.message


@pytest.mark.parametrize(
    ("extra", "offset", "words"),
    [
        ("  date: '2015-02-30'\n", 4, ["real calendar date", "'2015-02-30'"]),
        ("  date: null\n  kind: reference\n  cited_by: [no-such-article]\n", 6, ["unknown id 'no-such-article'"]),
    ],
    ids=["impossible-date", "unknown-cited-by"],
)
def test_bad_source_entry(root, extra, offset, words):
    entry = (
        "- id: brand-new-source\n  title: A new source\n  author: null\n  organisation: Someone\n" + extra + "  note: Added by a test.\n"
    )
    line = append(root, "data/sources.yml", entry)
    [problem] = problems(root)
    assert (problem.path, problem.line) == ("data/sources.yml", line + offset)
    for word in words:
        assert word in problem.message


def test_problem_after_a_duplicate_source_id_points_at_the_right_entry(root):
    first = first_source(root)
    entry = f"- id: {first}\n  title: Same id\n  author: null\n  organisation: Someone\n  date: null\n  note: Same id again.\n"
    line = append(root, "data/sources.yml", entry + "  kind: reference\n  cited_by: [no-such-article]\n")
    found = {p.message.split(",")[0]: p for p in problems(root)}
    assert found["expected a unique id"].line == line
    assert found["expected a source id from data/sources.yml"].line == line + 7, "\n".join(map(str, found.values()))


def test_duplicate_glossary_term_ignores_case(root, repo_root):
    term = yaml.safe_load((repo_root / "data" / "glossary.yml").read_text(encoding="utf-8"))[0]["term"]
    line = append(root, "data/glossary.yml", f"- term: {term.upper()}\n  definition: The same term again, in capitals.\n")
    [problem] = problems(root)
    assert (problem.path, problem.line) == ("data/glossary.yml", line)
    assert f"expected each term once, found {term.upper()!r} again" in problem.message


def test_pattern_without_a_plain_description_still_says_expected_and_found(root):
    edit(root, "data/site.yml", "licence_url: https://", "licence_url: ftp://")
    [problem] = problems(root)
    assert (problem.path, problem.field) == ("data/site.yml", "licence_url")
    assert FORMAT.fullmatch(str(problem)) and "ftp://" in problem.message


def test_problems_in_several_files_are_all_reported_in_one_run(root):
    edit(root, CHECKLIST_PATH, "type: read-do", "type: read-and-do")
    append(root, "data/quotes.yml", "- text: A quote with no author.\n  tags: [customers]\n")
    edit(root, "data/site.yml", "branch: main", "branch: [main]")
    (root / "data" / "glossary.yml").write_bytes(b"- term: na\xefve\n")
    (root / "data" / "checklists" / "empty-one.yml").write_text("", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_playbook(root)
    found = caught.value.problems
    assert sorted({p.path for p in found}) == sorted(
        [CHECKLIST_PATH, "data/checklists/empty-one.yml", "data/glossary.yml", "data/quotes.yml", "data/site.yml"]
    )
    assert len(found) == 5
    report = caught.value.report().splitlines()
    assert report[-1] == "5 problems in Mileposts data."
    assert report[:-1] == [str(p) for p in found]


def test_cross_reference_problems_are_reported_alongside_schema_problems_elsewhere(root):
    edit(root, CHECKLIST_PATH, "type: read-do", "type: read-and-do")
    append(root, "data/quotes.yml", QUOTE_WITH_UNKNOWN_SOURCE)
    found = problems(root)
    assert {p.path for p in found} == {CHECKLIST_PATH, "data/quotes.yml"}, "\n".join(map(str, found))


def test_report_of_a_single_problem_ends_with_a_singular_count(root):
    edit(root, CHECKLIST_PATH, "type: read-do", "type: read-and-do")
    with pytest.raises(DataError) as caught:
        load_playbook(root)
    assert caught.value.report().splitlines()[-1] == "1 problem in Mileposts data."
    assert str(caught.value) == caught.value.report()


def test_schema_fallback_messages_for_unusual_keywords(tmp_path):
    schemas = tmp_path / "schemas"
    schemas.mkdir()
    properties = {"n": {"minimum": 5}, "x": {"anyOf": [{"type": "string"}, {"type": "integer"}]}}
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://example.org/t.schema.json",
        "properties": properties,
    }
    (schemas / "t.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    (tmp_path / "t.yml").write_text("n: 2\nx: [1]\n", encoding="utf-8")
    found = {p.field: p for p in check_schema(load_yaml(tmp_path / "t.yml", "data/t.yml"), schemas, "t.schema.json")}
    assert str(found["n"]).startswith("data/t.yml:1:4: n: expected valid data, found the number 2 (")
    assert str(found["x"]) == "data/t.yml:2:4: x: expected one of the allowed forms, found a list of 1 item"


@pytest.fixture(scope="module")
def fixture_playbook(repo_root, tmp_path_factory):
    """The small, fixed playbook in tests/fixtures/playbook/ (schemas from the real data/)."""
    root = tmp_path_factory.mktemp("fixture-playbook")
    shutil.copytree(repo_root / "tests" / "fixtures" / "playbook" / "data", root / "data")
    shutil.copytree(repo_root / "data" / "schemas", root / "data" / "schemas")
    return load_playbook(root)


MARKERS = {
    "malformed": ("quotes tag=last-mile", 'expected <!-- mileposts:NAME key="value" -->|tag=last-mile'),
    "unknown-marker": ('video id="intro"', "a marker named checklists, quotes, sessions or worksheets|unknown marker 'video'"),
    "unknown-attribute": ('quotes colour="red"', "attributes author, limit, tag|found colour"),
    "two-selectors": ('checklists ids="sample-checklist" tag="last-mile"', "exactly one of ids, audience or tag|found"),
    "unknown-checklist-id": ('checklists ids="sample-checklist no-such-list"', "checklist ids from data/checklists/|no-such-list"),
    "unknown-audience": ('checklists audience="everyone"', "an audience (frontline-staff,|'everyone'"),
    "no-checklist-matches": ('checklists tag="meetings"', "at least one checklist with tag='meetings'|found none"),
    "limit-not-a-number": ('quotes tag="customers" limit="two"', "limit to be a whole number of 1 or more|'two'"),
    "limit-zero": ('quotes limit="0"', "whole number of 1 or more|'0'"),
    "no-quote-matches": ('quotes author="Nobody Real"', "at least one quote matching|found none"),
}


@pytest.mark.parametrize("case", MARKERS, ids=list(MARKERS))
def test_bad_marker_is_reported_with_page_and_line(fixture_playbook, case):
    marker, words = MARKERS[case]
    with pytest.raises(DataError) as caught:
        expand_markers(f"# People\n\nSome text.\n\n<!-- mileposts:{marker} -->\n", "for/people.md", fixture_playbook)
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.field) == ("docs/for/people.md", 5, "marker")
    for word in words.split("|"):
        assert word in problem.message, f"{word!r} not in {problem}"
    assert FORMAT.fullmatch(str(problem)), f"not 'path:line:column: field: expected ..., found ...': {problem}"


def test_every_bad_marker_on_a_page_is_reported_at_once(fixture_playbook):
    page = '<!-- mileposts:video -->\n\n<!-- mileposts:quotes limit="x" -->\n\n<!-- mileposts:quotes tag="customers" -->\n\n'
    page += "<!--\nmileposts:nope -->\n"
    with pytest.raises(DataError) as caught:
        expand_markers(page, "index.md", fixture_playbook)
    assert [(p.path, p.line) for p in caught.value.problems] == [("docs/index.md", 1), ("docs/index.md", 3), ("docs/index.md", 7)]
    assert caught.value.report().splitlines()[-1] == "3 problems in Mileposts data."
