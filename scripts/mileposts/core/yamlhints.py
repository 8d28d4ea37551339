"""YAML syntax errors in plain words: what is wrong, the line as written, and the usual fix.

PyYAML says things like "while parsing a block collection expected <block end>, but
found '<scalar>'", which means nothing to a trainer editing a checklist in a browser.
`plain_message` recognises the mistakes people actually make (an apostrophe inside
single quotes, a colon inside an item, a line indented differently from its
neighbours, a tab, a quote or bracket left open) and says each in words, with the line
shown, as `expected ..., found ...; <how to fix it>`. Anything else keeps the parser's
own wording after the same plain start, so no error is ever hidden.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import yaml

SHOWN = 70  # characters of the line shown in a message
KEY_THEN_COLON = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][A-Za-z0-9_ ]*:(?:\s|$)")


def shown_line(lines: list[str], index: int) -> str:
    """Line `index` (0-based) as a message shows it: trimmed, shortened, invisible characters spelled out."""
    if not 0 <= index < len(lines):
        return ""
    text = lines[index].rstrip()
    text = "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") and c != "\t" else c for c in text)
    text = text.replace("\t", "<tab>")
    if len(text) > SHOWN:
        text = text[: SHOWN - 3] + "..."
    return text


def _reads(lines: list[str], index: int, offset: int) -> str:
    """' (line N reads: ...)', or '' for a line past the end of the file."""
    text = shown_line(lines, index)
    return f" (line {index + 1 + offset} reads: {text.strip()})" if text.strip() else ""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _field_column(line: str) -> int:
    """Where a line's field starts: after its '- ' when it opens a list item."""
    stripped = line.lstrip(" ")
    return _indent(line) + (len(stripped) - len(stripped[1:].lstrip(" ")) if stripped.startswith("-") else 0)


def _spaces(count: int) -> str:
    return f"{count} space{'s' if count != 1 else ''}"


def _start(column: int) -> str:
    return "the very start of the line" if column == 0 else f"start {_spaces(column)} in"


def _previous(lines: list[str], index: int) -> str | None:
    """The nearest line above `index` with something on it other than a comment."""
    for line in reversed(lines[:index]):
        if line.strip() and not line.lstrip().startswith("#"):
            return line
    return None


def plain_message(error: yaml.MarkedYAMLError, text: str, last_scalar: Any, offset: int) -> tuple[int, int, str] | None:
    """(0-based line, 0-based column, message) for a mistake people often make, or None for the parser's own words."""
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return None
    lines = text.split("\n")
    line, column = mark.line, mark.column

    if "'\\t'" in problem:
        return (
            line,
            column,
            (
                f"expected spaces at the start of the line, found a tab{_reads(lines, line, offset)}; "
                "YAML indents with spaces only: replace the tab with spaces (two for each level)"
            ),
        )

    if "quoted scalar" in context and "end of stream" in problem and error.context_mark is not None:
        opened = error.context_mark
        quote = "'" if lines[opened.line][opened.column : opened.column + 1] == "'" else '"'
        return (
            opened.line,
            opened.column,
            (
                f"expected a closing {quote} for the quote that opens here, found none before the end of the file"
                f"{_reads(lines, opened.line, offset)}; add the closing {quote} at the end of the text"
                + ("; an apostrophe inside single quotes closes them early: write it twice, as in Don''t" if quote == "'" else "")
            ),
        )

    if last_scalar is not None and last_scalar.style in ("'", '"') and last_scalar.end_mark.line > last_scalar.start_mark.line:
        start = last_scalar.start_mark
        quote = last_scalar.style
        return (
            start.line,
            start.column,
            (
                f"expected the text in quotes to end on the line it starts, found it running on from line {start.line + 1 + offset} "
                f"to line {last_scalar.end_mark.line + 1 + offset}{_reads(lines, start.line, offset)}; a quote is left open or closed "
                + (
                    "early: an apostrophe inside single quotes closes them, so write it twice (Don''t) or put the text in double quotes"
                    if quote == "'"
                    else 'early: write a double quote inside double quotes as \\" or put the text in single quotes'
                )
            ),
        )

    if last_scalar is not None and last_scalar.style in ("'", '"') and last_scalar.end_mark.line == line and "'<scalar>'" in problem:
        quote = last_scalar.style
        fix = (
            "an apostrophe inside single quotes closes them: write it twice (Don''t), or put the whole text in double quotes"
            if quote == "'"
            else 'a double quote inside double quotes closes them: write it as \\" or put the whole text in single quotes'
        )
        return (
            line,
            column,
            f"expected the text to end at its closing {quote}, found more text after it{_reads(lines, line, offset)}; {fix}",
        )

    if "mapping values are not allowed" in problem:
        here = lines[line] if line < len(lines) else ""
        above = _previous(lines, line)
        first_colon = here.find(":")
        if KEY_THEN_COLON.match(here) and first_colon == column and above is not None and _indent(here) != _field_column(above):
            return (
                line,
                _indent(here),
                (
                    f"expected this line to line up with the field above it, found it indented differently{_reads(lines, line, offset)}; "
                    f"move it to {_start(_field_column(above))}, like the field above, or further in only if it belongs to that line"
                ),
            )
        return (
            line,
            column,
            (
                f"expected a colon inside text only within quotes, found a colon followed by a space{_reads(lines, line, offset)}; "
                "YAML reads ': ' as the start of a new field: put the whole text in double quotes, as in \"Say: hello\""
            ),
        )

    if "escape character" in problem:
        return (
            line,
            column,
            (
                f"expected a known escape after the backslash, found {problem.removeprefix('found ')}{_reads(lines, line, offset)}; "
                "inside double quotes write \\\\ for a backslash, or put the text in single quotes"
            ),
        )

    if "flow sequence" in context or "flow mapping" in context:
        opened = error.context_mark or mark
        closing = "]" if "sequence" in context else "}"
        return (
            line,
            column,
            (
                f"expected a comma or a closing {closing} for the list that opens on line {opened.line + 1 + offset}, found "
                f"{re.split(r'but (?:found|got) ', problem)[-1].strip() or 'something else'}{_reads(lines, line, offset)}; "
                "separate the entries with "
                f"commas and end the list with {closing}; put an entry holding a comma, colon or bracket in double quotes"
            ),
        )

    if any(word in problem for word in ("<block end>", "<block mapping start>", "<block sequence start>", "expected key", "'-' indicator")):
        above = _previous(lines, line)
        where = f", the line above starts {_spaces(_indent(above))} in" if above is not None else ""
        indent = _indent(lines[line]) if line < len(lines) else 0
        return (
            line,
            column,
            (
                f"expected this line to line up with the ones around it, found it {_spaces(indent)} in{where}"
                f"{_reads(lines, line, offset)}; "
                "every item of a list starts with '- ' at the same indent, and every field of a section at the same indent as the one above"
            ),
        )
    return None
