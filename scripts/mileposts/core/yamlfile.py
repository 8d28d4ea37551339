"""Load one YAML file safely, remembering the line and column of every value.

Refuses what PyYAML would otherwise accept silently or crash on: duplicate keys (the
last one wins), aliases (a way to build "billion laughs" bombs), tags, non-UTF-8 bytes,
control characters, empty files, several documents in one file, nesting deeper than
MAX_DEPTH (PyYAML composes recursively and would raise RecursionError), numbers too
long to convert, and text no output can hold (see textcheck.py). Every such input ends
in a located Problem, never an exception.

The document is composed here, from the parser's events, without recursion: libyaml's
parser when it is available (several times faster), PyYAML's own when it reports an
error, because its messages and positions are the ones reported.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import re
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem
from .textcheck import describe_character
from .yamlcompose import Composer, events
from .yamldata import YamlFile
from .yamlhints import plain_message

MAX_BYTES = 2_000_000
# What YAML itself refuses in a stream (PyYAML's Reader.NON_PRINTABLE), found before parsing so each is located.
NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
MAX_REPORTED = 10  # of one kind of character problem per file
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)  # a page's front matter, as mkdocs.utils.meta.YAML_RE


_parsed: dict[tuple[str, str], tuple[bytes, YamlFile]] = {}


def load_yaml(path: Path, shown_as: str) -> YamlFile:
    """Parse `path`; problems are collected on the result instead of raised.

    Each file is parsed once per process for as long as its bytes stay the same:
    `mkdocs serve` rebuilds after every save, and parsing every data file again would
    cost a second at a thousand checklists. Each call gets its own copy of the data.
    """
    try:
        raw = path.read_bytes()
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        return YamlFile(shown_as, problems=[Problem(shown_as, 1, 1, "", f"expected a readable file here, found {reason}")])
    key, digest = (str(path), shown_as), hashlib.sha256(raw).digest()
    if key not in _parsed or _parsed[key][0] != digest:
        _parsed[key] = (digest, parse_yaml_bytes(raw, shown_as))
    cached = _parsed[key][1]
    return dataclasses.replace(cached, data=copy.deepcopy(cached.data), problems=list(cached.problems), valid=False)


def parse_yaml_bytes(raw: bytes, shown_as: str) -> YamlFile:
    """Parse the bytes of a data file (UTF-8, an optional byte order mark)."""
    if len(raw) > MAX_BYTES:
        size = f"{len(raw) / 1e6:.1f} MB"
        return YamlFile(
            shown_as, problems=[Problem(shown_as, 1, 1, "", f"expected a data file under {MAX_BYTES // 1_000_000} MB, found {size}")]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        message = f"expected UTF-8 text, found the byte 0x{raw[error.start]:02x}; save the file as UTF-8"
        return YamlFile(shown_as, problems=[Problem(shown_as, line, column, "", message)])
    return parse_yaml_text(text, shown_as)


def parse_yaml_text(text: str, shown_as: str, first_line_number: int = 1) -> YamlFile:
    """Parse YAML text that starts on line `first_line_number` of file `shown_as` (front matter starts on line 2)."""
    result = YamlFile(shown_as)
    result.first_line = text.split("\n", 1)[0].strip()
    offset = first_line_number - 1
    for count, match in enumerate(NON_PRINTABLE.finditer(text)):
        if count == MAX_REPORTED:
            break
        before = text[: match.start()]
        line, column = before.count("\n") + 1 + offset, match.start() - (before.rfind("\n") + 1) + 1
        what = describe_character(match.group())
        result.problems.append(
            Problem(shown_as, line, column, "", f"expected printable text, found the control character {what}; delete it")
        )
    if result.problems:
        return result
    quick = Composer(result, offset)
    try:
        quick.compose(events(text, getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader))
        return result
    except yaml.YAMLError:
        pass  # take the careful path below for PyYAML's own wording and position
    careful = YamlFile(shown_as, first_line=result.first_line)
    composer = Composer(careful, offset)
    try:
        composer.compose(events(text, yaml.SafeLoader))
    except yaml.MarkedYAMLError as error:
        plain = plain_message(error, text, composer.last_scalar, offset)
        if plain is not None:
            line, column, message = plain[0] + 1 + offset, plain[1] + 1, plain[2]
        else:
            line, column, message = _parser_words(error, composer, offset)
        careful = YamlFile(shown_as, first_line=result.first_line, problems=[Problem(shown_as, line, column, "", message)])
    except yaml.YAMLError as error:  # not tied to a position (PyYAML's Reader and Emitter errors)
        problem = Problem(shown_as, 1 + offset, 1, "", f"expected valid YAML, found an error: {error}")
        careful = YamlFile(shown_as, first_line=result.first_line, problems=[problem])
    return careful


def _parser_words(error: yaml.MarkedYAMLError, composer: Composer, offset: int) -> tuple[int, int, str]:
    """(line, column, message) in PyYAML's own words, for a mistake yamlhints does not recognise."""
    mark: Any = error.problem_mark or error.context_mark
    message = yaml_message(error)
    if "end of stream" in (error.problem or "") and error.context_mark is not None:
        mark = error.context_mark  # where the unclosed quote or bracket opens, not the end of the file
    if mark is None:
        return 1 + offset, 1, message
    return mark.line + 1 + offset, mark.column + 1, message


def yaml_message(error: yaml.MarkedYAMLError) -> str:
    """PyYAML's complaint as 'expected ..., found ...': 'expected Y (while parsing X), found Z'."""
    problem = (error.problem or "").strip()
    context = f" ({error.context.strip()})" if error.context else ""
    match = re.match(r"expected (.+?),? but found (.+)$", problem) or re.match(r"expected (.+?), but got (.+)$", problem)
    if match:
        return f"expected {match.group(1)}{context}, found {match.group(2)}"
    return f"expected valid YAML{context}, found {problem.removeprefix('found ')}"
