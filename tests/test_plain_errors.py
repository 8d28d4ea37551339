"""Errors a contributor who does not program can act on: YAML mistakes in plain words, template placeholders, house rules."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from filled_template import fill
from mileposts.core.problems import DataError
from mileposts.core.yamlfile import parse_yaml_text
from mileposts.kinds.playbook import load_playbook

ROOT = Path(__file__).resolve().parents[1]
PARSER_WORDS = re.compile(r"<block|<scalar>|while parsing|while scanning|mapping values|cannot start any token|quoted scalar")

# name: (YAML text, expected line, expected column, words the message must hold)
MISTAKES = {
    "apostrophe-in-single-quotes": (
        "title: x\nitems:\n  - 'Don't do it'\n  - b\n",
        3,
        10,
        ["found more text after it", "line 3 reads: - 'Don't do it'", "write it twice (Don''t)"],
    ),
    "double-quote-in-double-quotes": (
        'title: "She said "hi" then"\n',
        1,
        19,
        ["found more text after it", 'write it as \\"'],
    ),
    "colon-inside-text": (
        "title: Note: this matters\nsummary: y\n",
        1,
        12,
        ["found a colon followed by a space", "line 1 reads: title: Note: this matters", "double quotes"],
    ),
    "field-indented-too-far": (
        "title: x\n summary: y\n",
        2,
        2,
        ["expected this line to line up with the field above it", "the very start of the line"],
    ),
    "note-indented-too-far": (
        "items:\n  - text: Greet them\n     note: x\n",
        3,
        6,
        ["line up with the field above it", "start 4 spaces in"],
    ),
    "list-item-indented-too-little": (
        "sections:\n  - title: a\n    items:\n      - b\n  - c\n - d\n",
        6,
        2,
        ["line up with the ones around it", "found it 1 space in", "line above starts 2 spaces in", "line 6 reads: - d"],
    ),
    "tab": ("title: x\n\tsummary: y\n", 2, 1, ["found a tab", "line 2 reads: <tab>summary: y", "replace the tab with spaces"]),
    "unclosed-quote": ('title: "abc\nsummary: y\n', 1, 8, ['expected a closing " for the quote that opens here', "line 1 reads"]),
    "unclosed-list": ("tags: [a, b\nsummary: y\n", 2, 8, ["closing ] for the list that opens on line 1", "separate the entries"]),
    "unknown-escape": ('title: "a \\q"\n', 1, 12, ["found unknown escape character 'q'", "for a backslash"]),
}


@pytest.mark.parametrize("case", MISTAKES)
def test_common_yaml_mistakes_are_said_in_plain_words_with_the_line_and_a_fix(case):
    text, line, column, words = MISTAKES[case]
    problems = parse_yaml_text(text, "data/checklists/x.yml").problems
    assert len(problems) == 1, problems
    problem = problems[0]
    assert (problem.line, problem.column) == (line, column), str(problem)
    assert problem.message.startswith("expected ") and ", found " in problem.message
    assert not PARSER_WORDS.search(problem.message), problem.message
    for word in words:
        assert word in problem.message, problem.message


def test_an_invisible_character_in_the_shown_line_is_spelled_out():
    problem = parse_yaml_text("title: 'Don't \u200b'\n", "x.yml").problems
    assert problem and all("\u200b" not in p.message for p in problem), problem


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


def problems_of(root: Path) -> list:
    with pytest.raises(DataError) as raised:
        load_playbook(root)
    return raised.value.problems


@pytest.mark.parametrize("folder", ["checklists", "worksheets", "sessions"])
def test_placeholder_text_left_from_a_template_is_caught_with_the_fix(root, folder):
    shutil.copy(root / "data" / folder / "_template.yml", root / "data" / folder / "copied.yml")
    found = problems_of(root)
    assert found and {p.path for p in found} == {f"data/{folder}/copied.yml"}, found
    assert any("expected your own words, found the template's example text" in p.message for p in found)
    assert all("replace it with your own words" in p.message for p in found if "example text" in p.message)


def test_the_template_itself_and_a_filled_in_copy_are_not_placeholders(root):
    template = (root / "data" / "checklists" / "_template.yml").read_text(encoding="utf-8")
    (root / "data" / "checklists" / "welcome-a-returning-customer.yml").write_text(fill(template), encoding="utf-8")
    assert "welcome-a-returning-customer" in load_playbook(root).checklists


def checklist_with(root: Path, change) -> list[str]:
    template = (root / "data" / "checklists" / "_template.yml").read_text(encoding="utf-8")
    (root / "data" / "checklists" / "new-one.yml").write_text(change(fill(template)), encoding="utf-8")
    return [str(p) for p in problems_of(root)]


def test_a_colon_inside_an_item_is_explained(root):
    found = checklist_with(root, lambda t: t.replace("- Ask how the last visit went.", "- Say: welcome back"))
    assert any(
        "sections[0].items[1]: expected an item as text, found 'Say: welcome back' read as a field named 'Say'" in p
        and 'double quotes, as in "Say: welcome back"' in p
        for p in found
    ), found
    assert not any("unknown field 'Say'" in p or "items[1].text" in p for p in found), "said once, in words"


def test_an_item_indented_one_step_too_far_is_caught(root):
    found = checklist_with(root, lambda t: t.replace("      - Ask how the last visit went.", "       - Ask how the last visit went."))
    assert any("found ' - ' inside it" in p and "line it up" in p for p in found), found


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (
            lambda t: t.replace("Ask how the last visit went.", "ask how the last visit went."),
            "expected the item to start with a capital letter, found 'ask'; write 'Ask'",
        ),
        (
            lambda t: t.replace("Ask how the last visit went.", "Ask how it went; smile."),
            "found a ';' joining two; split it into two items",
        ),
        (lambda t: re.sub(r"(?m)^when: .*$", "when: At any time.", t), "when: expected a pause point of at least 20 characters"),
    ],
    ids=["sentence-case", "semicolon", "short-pause-point"],
)
def test_the_house_rules_the_tests_hold_checklists_to_are_checked_by_validate(root, change, words):
    found = checklist_with(root, change)
    assert any(words in p and p.startswith("data/checklists/new-one.yml:") for p in found), found
