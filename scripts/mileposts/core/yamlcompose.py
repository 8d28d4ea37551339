"""Compose parser events into plain Python data without recursion, recording where every value and key sits.

PyYAML composes recursively (a file nested a few hundred levels deep raises
RecursionError, and libyaml's composer recurses in C). This composer keeps its own
stack, refuses more than MAX_DEPTH levels, aliases, tags, repeated keys, keys that are
not text, numbers too large to print and text no output can hold (textcheck.py), each
as a located Problem on the YamlFile it fills in.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

from .problems import Problem, describe, field_name
from .textcheck import text_problem
from .yamldata import YamlFile

MAX_DEPTH = 20  # the deepest data file nests 6 levels
MAX_INTEGER = 10**15  # larger whole numbers are refused: Python cannot even print some (int_max_str_digits)
TEXT_TAGS = {"tag:yaml.org,2002:timestamp"}  # keep dates as written; schemas check the format
SCALAR_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
COLLECTION_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


def events(text: str, loader_class) -> Iterator[yaml.Event]:
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


class Composer:
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
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)  # type: ignore[arg-type]
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
