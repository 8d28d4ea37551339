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
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem, describe, field_name
from .textcheck import describe_character, text_problem

MAX_DEPTH = 20  # the deepest data file nests 6 levels
MAX_BYTES = 2_000_000
MAX_INTEGER = 10**15  # larger whole numbers are refused: Python cannot even print some (int_max_str_digits)
TEXT_TAGS = {"tag:yaml.org,2002:timestamp"}  # keep dates as written; schemas check the format
SCALAR_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
COLLECTION_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
# What YAML itself refuses in a stream (PyYAML's Reader.NON_PRINTABLE), found before parsing so each is located.
NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
MAX_REPORTED = 10  # of one kind of character problem per file


@dataclass
class YamlFile:
    """A parsed file: its data, and where each value (and each mapping key) sits."""

    path: str
    data: object = None
    positions: dict = field(default_factory=dict)
    key_positions: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    first_line: str = ""
    valid: bool = False  # set once the file has passed its schema
    refused: set = field(default_factory=set)  # field paths whose value was refused while loading (held as None)

    def where(self, path: tuple, key: bool = False) -> tuple[int, int]:
        """Line and column of a value (or its key); falls back to the nearest parent."""
        table = self.key_positions if key else self.positions
        if path in table:
            return table[path]
        while path:
            path = path[:-1]
            if path in self.positions:
                return self.positions[path]
        return (1, 1)

    def problem(self, path: tuple, message: str, key: bool = False, field_text: str | None = None) -> Problem:
        """A Problem located at the given field path in this file."""
        line, column = self.where(path, key=key)
        return Problem(self.path, line, column, field_text if field_text is not None else field_name(path), message)


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
    quick = _Composer(result, offset)
    try:
        quick.compose(_events(text, getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader))
        return result
    except yaml.YAMLError:
        pass  # take the careful path below for PyYAML's own wording and position
    careful = YamlFile(shown_as, first_line=result.first_line)
    composer = _Composer(careful, offset)
    try:
        composer.compose(_events(text, yaml.SafeLoader))
    except yaml.MarkedYAMLError as error:
        mark, message = error.problem_mark or error.context_mark, yaml_message(error)
        if "end of stream" in (error.problem or "") and error.context_mark is not None:
            mark = error.context_mark  # where the unclosed quote or bracket opens, not the end of the file
        quoted = composer.last_scalar
        if quoted is not None and quoted.style in ("'", '"') and quoted.end_mark.line > quoted.start_mark.line:
            mark = quoted.start_mark  # a quote left open ran on over the lines below: the fix is where it opens
            message += (
                f" after text in quotes that runs from line {quoted.start_mark.line + 1 + offset} to {quoted.end_mark.line + 1 + offset}"
            )
        line, column = (mark.line + 1 + offset, mark.column + 1) if mark else (1 + offset, 1)
        careful = YamlFile(shown_as, first_line=result.first_line, problems=[Problem(shown_as, line, column, "", message)])
    except yaml.YAMLError as error:  # not tied to a position (PyYAML's Reader and Emitter errors)
        problem = Problem(shown_as, 1 + offset, 1, "", f"expected valid YAML, found an error: {error}")
        careful = YamlFile(shown_as, first_line=result.first_line, problems=[problem])
    return careful


def yaml_message(error: yaml.MarkedYAMLError) -> str:
    """PyYAML's complaint as 'expected ..., found ...': 'expected Y (while parsing X), found Z'."""
    problem = (error.problem or "").strip()
    context = f" ({error.context.strip()})" if error.context else ""
    match = re.match(r"expected (.+?),? but found (.+)$", problem) or re.match(r"expected (.+?), but got (.+)$", problem)
    if match:
        return f"expected {match.group(1)}{context}, found {match.group(2)}"
    return f"expected valid YAML{context}, found {problem.removeprefix('found ')}"


def _events(text: str, loader_class) -> Iterator[yaml.Event]:
    """The parser's events for `text`, one at a time (the parser keeps its own stack: no recursion)."""
    loader = loader_class(text)
    try:
        while loader.check_event():
            yield loader.get_event()
    finally:
        loader.dispose()


@dataclass
class _Frame:
    """A sequence or mapping being composed: its value, its field path, and (for mappings) the key awaiting its value."""

    value: list | dict
    path: tuple
    discard: bool  # a collection used as a key, or the value of a repeated key: composed only to be refused
    mark: yaml.Mark
    key: object = None
    key_mark: yaml.Mark | None = None
    awaiting_value: bool = False


class _Composer:
    """Turns parser events into plain Python data, recording positions and refusing what is not plain data."""

    def __init__(self, result: YamlFile, offset: int):
        self.result, self.offset = result, offset
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()
        self.stack: list[_Frame] = []
        self.last_scalar: yaml.ScalarEvent | None = None  # for messages: a quote left open runs on over lines

    def _at(self, mark) -> tuple[int, int]:
        return (mark.line + 1 + self.offset, mark.column + 1)

    def _problem(self, mark, path: tuple, message: str) -> None:
        self.result.refused.add(path)
        line, column = self._at(mark)
        self.result.problems.append(Problem(self.result.path, line, column, field_name(path), message))

    def compose(self, events: Iterator[yaml.Event]) -> None:
        """Compose the single document in `events` into result.data (None, with problems, when it cannot be)."""
        documents, root, broken = 0, None, True
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self._problem(event.start_mark, (), "expected a single document, found a second one (a '---' line); remove it")
                    break
            elif isinstance(event, yaml.AliasEvent):
                message = (
                    f"expected a plain value, found the alias *{event.anchor} (anchors and aliases are not allowed; write the value out)"
                )
                self._problem(event.start_mark, self._next_path(), message)
                break
            elif isinstance(event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if len(self.stack) >= MAX_DEPTH:
                    self._problem(event.start_mark, self._next_path(), f"expected at most {MAX_DEPTH} levels of nesting, found more")
                    break
                if isinstance(event, yaml.ScalarEvent):
                    root = self._place(self._scalar(event), event.start_mark, is_scalar=True)
                else:
                    self._start_collection(event)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                frame = self.stack.pop()
                root = self._place(frame.value, frame.mark, is_scalar=False)
        else:
            broken = documents == 0
            if broken:
                self.result.problems.append(Problem(self.result.path, 1 + self.offset, 1, "", "expected data, found an empty file"))
        # After a refused tag, key or character the rest is still checked; after a break nothing is.
        self.result.data = None if broken else root

    def _in_key(self) -> bool:
        """Whether the next value is a mapping key."""
        return bool(self.stack) and isinstance(self.stack[-1].value, dict) and not self.stack[-1].awaiting_value

    def _discarded(self) -> bool:
        """Whether the next value is composed only to be refused (inside a collection key, or a repeated key's value)."""
        if not self.stack:
            return False
        top = self.stack[-1]
        if top.discard:
            return True
        if not isinstance(top.value, dict) or self._in_key():
            return False
        return not isinstance(top.key, str) or top.key in top.value

    def _next_path(self) -> tuple:
        """The field path the next value takes."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            return top.path + (len(top.value),)
        return top.path + (top.key,) if top.awaiting_value and isinstance(top.key, str) else top.path

    def _start_collection(self, event) -> None:
        path, discard = self._next_path(), self._discarded() or self._in_key()
        tag = event.tag
        if tag not in (None, "!") and tag not in COLLECTION_TAGS:
            self._problem(event.start_mark, path, f"expected a plain value, found the tag {tag}")
        if not discard:
            self.result.positions[path] = self._at(event.start_mark)
        value: list | dict = {} if isinstance(event, yaml.MappingStartEvent) else []
        self.stack.append(_Frame(value, path, discard, event.start_mark))

    def _scalar(self, event: yaml.ScalarEvent) -> object:
        self.last_scalar = event
        path, in_key, discard = self._next_path(), self._in_key(), self._discarded()
        tag = event.tag
        if tag in (None, "!"):
            tag = self.resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
            if tag in ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"):
                tag = "tag:yaml.org,2002:str"  # '<<' and '=' are read as the text they are; schemas refuse them as fields
        elif tag not in SCALAR_TAGS:
            self._problem(event.start_mark, path, f"expected a plain value, found the tag {tag}")
            return None
        if tag in TEXT_TAGS:
            return event.value
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            value = self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as error:
            self._problem(event.start_mark, path, f"expected a plain value, found {error.problem}")
            return None
        except (ValueError, OverflowError):  # an integer of more digits than Python converts
            self._problem(event.start_mark, path, f"expected a number of a sensible size, found one of {len(event.value)} characters")
            return None
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INTEGER:
            self._problem(event.start_mark, path, f"expected a number of a sensible size, found one of {len(event.value)} characters")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self._problem(event.start_mark, path, f"expected a finite number, found {event.value!r}")
            return None
        problem = text_problem(value) if isinstance(value, str) and not discard else None
        if problem:
            self._problem(event.start_mark, path + ((value,) if in_key else ()), problem)
        return value

    def _place(self, value: object, mark, is_scalar: bool) -> object:
        """Put a finished value into its parent; returns it when it is the document's root (else None)."""
        if not self.stack:
            self.result.positions[()] = self._at(mark)
            return value
        parent = self.stack[-1]
        if isinstance(parent.value, list):
            if is_scalar and not parent.discard:
                self.result.positions[parent.path + (len(parent.value),)] = self._at(mark)
            parent.value.append(value)
        elif not parent.awaiting_value:
            parent.key, parent.key_mark, parent.awaiting_value = value, mark, True
            if not parent.discard:
                self._check_key(parent)
        else:
            parent.awaiting_value = False
            key = parent.key
            if parent.discard or not isinstance(key, str) or key in parent.value:
                return None
            assert isinstance(parent.value, dict)
            if is_scalar:
                self.result.positions[parent.path + (key,)] = self._at(mark)
            parent.value[key] = value
        return None

    def _check_key(self, parent: _Frame) -> None:
        """Refuse a key that is not text, or that repeats one before it (YAML would keep only the last)."""
        key, mark = parent.key, parent.key_mark
        if not isinstance(key, str):
            self._problem(mark, parent.path, f"expected a field name, found {describe(key)}")
            return
        child = parent.path + (key,)
        assert isinstance(parent.value, dict)
        if key in parent.value:
            first = self.result.key_positions[child][0]
            message = f"expected each field once, found it again (first on line {first}; YAML would keep only the last)"
            self._problem(mark, child, message)
            return
        self.result.key_positions[child] = self._at(mark)
