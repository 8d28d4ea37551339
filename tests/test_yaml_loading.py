"""mileposts.yamlfile.load_yaml: what PyYAML would accept silently is refused, with a line and column."""

from __future__ import annotations

import time

import pytest

from mileposts.core.yamlfile import load_yaml

SHOWN_AS = "data/checklists/example.yml"


def load(tmp_path, content: bytes | str):
    """Write `content` to a file and load it; returns the YamlFile."""
    path = tmp_path / "example.yml"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return load_yaml(path, SHOWN_AS)


def only_problem(parsed):
    assert len(parsed.problems) == 1, [str(p) for p in parsed.problems]
    return parsed.problems[0]


def test_clean_file_loads_with_no_problems_and_keeps_dates_as_text(tmp_path):
    parsed = load(tmp_path, "# yaml-language-server: $schema=x\ntitle: Hello\nreviewed: 2026-11-23\nitems: [a, b]\n")
    assert parsed.problems == []
    assert parsed.data == {"title": "Hello", "reviewed": "2026-11-23", "items": ["a", "b"]}
    assert parsed.first_line == "# yaml-language-server: $schema=x"


def test_duplicate_top_level_key_is_reported_at_the_second_key_with_the_first_line(tmp_path):
    parsed = load(tmp_path, "title: One\nsummary: Something\ntitle: Two\n")
    problem = only_problem(parsed)
    assert (problem.path, problem.line, problem.column, problem.field) == (SHOWN_AS, 3, 1, "title")
    assert "first on line 1" in problem.message
    assert str(problem).startswith(f"{SHOWN_AS}:3:1: title: expected each field once")
    # the first value is kept and the repeat is not silently swapped in
    assert parsed.data["title"] == "One"


def test_duplicate_key_inside_a_list_item_names_the_nested_field(tmp_path):
    text = "sections:\n  - title: A\n    items: [x]\n  - title: B\n    items: [y]\n    title: C\n"
    problem = only_problem(load(tmp_path, text))
    assert (problem.line, problem.column, problem.field) == (6, 5, "sections[1].title")
    assert "first on line 4" in problem.message


def test_alias_is_refused_with_its_line(tmp_path):
    problem = only_problem(load(tmp_path, "a: &anchor Greet the customer\nb: *anchor\n"))
    assert (problem.line, problem.column) == (2, 4)
    assert "alias *anchor" in problem.message
    assert "not allowed" in problem.message


def test_merge_key_alias_is_refused_too(tmp_path):
    problem = only_problem(load(tmp_path, "base: &base {title: A}\nother:\n  <<: *base\n"))
    assert problem.line == 3
    assert "alias" in problem.message


def test_billion_laughs_bomb_is_refused_quickly_without_expanding(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    started = time.perf_counter()
    parsed = load(tmp_path, "\n".join(lines) + "\n")
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, f"took {elapsed:.2f}s: the aliases were probably expanded"
    assert parsed.data is None
    problem = only_problem(parsed)
    assert problem.line == 2
    assert "alias *a" in problem.message


def test_non_utf8_byte_is_reported_with_line_column_and_byte(tmp_path):
    latin1 = "title: Greet\nsummary: na\u00efve wording\n".encode("latin-1")
    parsed = load(tmp_path, latin1)
    problem = only_problem(parsed)
    assert (problem.line, problem.column) == (2, 12)
    assert "UTF-8" in problem.message
    assert "0xef" in problem.message
    assert parsed.data is None


def test_non_utf8_byte_on_the_first_line_is_at_line_one(tmp_path):
    problem = only_problem(load(tmp_path, b"ab\xffc: 1\n"))
    assert (problem.line, problem.column) == (1, 3)
    assert "0xff" in problem.message


def test_utf8_byte_order_mark_is_accepted(tmp_path):
    parsed = load(tmp_path, b"\xef\xbb\xbf# yaml-language-server: $schema=x\ntitle: A\n")
    assert parsed.problems == []
    assert parsed.first_line == "# yaml-language-server: $schema=x"


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n"], ids=["zero-bytes", "blank-lines", "comment-only"])
def test_empty_file_is_a_problem(tmp_path, content):
    problem = only_problem(load(tmp_path, content))
    assert (problem.path, problem.line, problem.column) == (SHOWN_AS, 1, 1)
    assert "empty file" in problem.message


def test_unclosed_flow_list_is_invalid_yaml_at_the_right_line(tmp_path):
    problem = only_problem(load(tmp_path, "title: A\ntags: [a, b\nsummary: x\n"))
    assert problem.line == 3
    assert problem.message.startswith("expected ") and ", found " in problem.message


def test_bad_indentation_is_invalid_yaml_at_the_right_line_and_column(tmp_path):
    problem = only_problem(load(tmp_path, "title: A\nsummary: B\n  type: read-do\n"))
    assert (problem.line, problem.column) == (3, 3)  # where the indent ends: the fix is there, not at the colon
    assert problem.message.startswith("expected this line to line up with the field above it, found it indented differently")


def test_several_documents_in_one_file_are_refused(tmp_path):
    problem = only_problem(load(tmp_path, "title: A\n---\ntitle: B\n"))
    assert problem.line == 2
    assert "single document" in problem.message


@pytest.mark.parametrize(
    "text",
    [
        "title: !!python/object:os.system {}\n",
        "title: !!python/object/apply:os.system [echo hi]\n",
        "title: !!python/name:os.system ''\n",
        "title: !custom [1, 2]\n",
        "title: !custom {a: 1}\n",
        "title: !custom text\n",
    ],
    ids=["python-object-mapping", "python-apply-sequence", "python-name-scalar", "custom-sequence", "custom-mapping", "custom-scalar"],
)
def test_unknown_tag_is_refused_whatever_the_node_kind(tmp_path, text):
    parsed = load(tmp_path, text)
    assert parsed.problems, f"{text!r} loaded silently as {parsed.data!r}"
    problem = parsed.problems[0]
    assert (problem.line, problem.field) == (1, "title")
    assert "expected a plain value" in problem.message


def test_non_text_key_is_refused(tmp_path):
    problem = only_problem(load(tmp_path, "title: A\n42: B\n"))
    assert (problem.line, problem.column) == (2, 1)  # the key itself
    assert "expected a field name, found the number 42" in problem.message


def test_positions_of_nested_values_and_keys(tmp_path):
    text = (
        "title: A\n"  # 1
        "sections:\n"  # 2
        "  - title: First\n"  # 3
        "    items:\n"  # 4
        "      - Greet the customer.\n"  # 5
        "      - text: Offer help.\n"  # 6
        "        note: Once.\n"  # 7
    )
    parsed = load(tmp_path, text)
    assert parsed.problems == []
    assert parsed.where(("title",)) == (1, 8)
    assert parsed.where(("sections", 0, "title")) == (3, 12)
    assert parsed.where(("sections", 0, "items", 0)) == (5, 9)
    assert parsed.where(("sections", 0, "items", 1, "note")) == (7, 15)
    assert parsed.where(("sections", 0, "items", 1, "note"), key=True) == (7, 9)
    assert parsed.where(("sections", 0, "title"), key=True) == (3, 5)


def test_position_of_a_missing_field_falls_back_to_its_parent(tmp_path):
    parsed = load(tmp_path, "title: A\nsections:\n  - title: First\n")
    assert parsed.where(("sections", 0, "items")) == (3, 5)
    problem = parsed.problem(("sections", 0, "items", 4), "expected something, found nothing")
    assert str(problem) == f"{SHOWN_AS}:3:5: sections[0].items[4]: expected something, found nothing"


def test_the_quick_libyaml_path_gives_the_same_data_and_positions_as_the_careful_one(repo_root, monkeypatch):
    """Data files are composed by libyaml when they have no aliases or errors; nothing reported may change."""
    import yaml

    from mileposts.core import yamlfile

    files = sorted((repo_root / "data").rglob("*.yml"))
    assert len(files) > 10
    quick = {path: yamlfile.parse_yaml_bytes(path.read_bytes(), path.name) for path in files}
    monkeypatch.delattr(yaml, "CSafeLoader")
    for path in files:
        careful = yamlfile.parse_yaml_bytes(path.read_bytes(), path.name)
        assert quick[path] == careful, path.name
