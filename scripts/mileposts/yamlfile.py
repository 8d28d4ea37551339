"""Load one YAML file safely, remembering the line and column of every value.

Refuses what PyYAML would otherwise accept silently: duplicate keys (the last
one wins), aliases (a way to build "billion laughs" bombs), non-UTF-8 bytes,
empty files and several documents in one file.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem, describe, field_name

TEXT_TAGS = {"tag:yaml.org,2002:timestamp"}  # keep dates as written; schemas check the format
PLAIN_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


class _NoAliasLoader(yaml.SafeLoader):
    """A SafeLoader that refuses aliases, so nothing can expand exponentially."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None,
                None,
                f"expected a plain value, found the alias *{event.anchor} (anchors and aliases are not allowed; write the value out)",
                event.start_mark,
            )
        return super().compose_node(parent, index)


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
    except OSError:
        return _parse_yaml(path, shown_as)
    key, digest = (str(path), shown_as), hashlib.sha256(raw).digest()
    if key not in _parsed or _parsed[key][0] != digest:
        _parsed[key] = (digest, _parse_yaml(path, shown_as, raw))
    cached = _parsed[key][1]
    return dataclasses.replace(cached, data=copy.deepcopy(cached.data), problems=list(cached.problems), valid=False)


def _parse_yaml(path: Path, shown_as: str, raw: bytes | None = None) -> YamlFile:
    """Parse `path` (whose bytes may be given) from scratch; problems are collected on the result instead of raised."""
    result = YamlFile(shown_as)
    try:
        raw = path.read_bytes() if raw is None else raw
    except OSError as error:
        result.problems.append(Problem(shown_as, 1, 1, "", f"expected a readable file here, found {error.strerror.lower()}"))
        return result
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        result.problems.append(
            Problem(shown_as, line, column, "", f"expected UTF-8 text, found the byte 0x{raw[error.start]:02x}; save the file as UTF-8")
        )
        return result
    result.first_line = text.split("\n", 1)[0].strip()
    node = _compose_quickly(text)
    if node is not None:
        result.data = _build(node, (), result, yaml.constructor.SafeConstructor())
        return result
    loader = _NoAliasLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(filter(None, [error.context, error.problem]))
        result.problems.append(Problem(shown_as, line, column, "", f"invalid YAML: {what}"))
        return result
    finally:
        loader.dispose()
    if node is None:
        result.problems.append(Problem(shown_as, 1, 1, "", "expected data, found an empty file"))
        return result
    result.data = _build(node, (), result, yaml.constructor.SafeConstructor())
    return result


def _compose_quickly(text: str):
    """The document's node tree from libyaml (several times faster), or None to take the careful path.

    libyaml composes an alias into a node shared by two places, and words its errors
    differently, so any error, empty file or alias goes through _NoAliasLoader instead,
    whose messages and positions are the ones reported.
    """
    loader_class = getattr(yaml, "CSafeLoader", None)
    if loader_class is None:
        return None
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return None if node is None or _has_shared_nodes(node) else node


def _has_shared_nodes(root) -> bool:
    """Whether a node tree reaches one node twice (an alias), checked without expanding anything."""
    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
    return False


def _build(node, path: tuple, result: YamlFile, constructor) -> object:
    """Turn a composed node into plain Python data, recording positions as it goes."""
    result.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        if node.tag in TEXT_TAGS:
            return node.value
        try:
            return constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as error:
            result.problems.append(result.problem(path, f"expected a plain value, found {error.problem}"))
            return None
    if node.tag not in PLAIN_TAGS and not isinstance(node, yaml.ScalarNode):
        result.problems.append(result.problem(path, f"expected a plain value, found the tag {node.tag}"))
        return None
    if isinstance(node, yaml.SequenceNode):
        return [_build(child, path + (i,), result, constructor) for i, child in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        data: dict = {}
        for key_node, value_node in node.value:
            key = _build(key_node, path + ("<key>",), result, constructor)
            if not isinstance(key, str):
                result.problems.append(result.problem(path, f"expected a field name, found {describe(key)}"))
                continue
            child = path + (key,)
            line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key in data:
                first = result.key_positions[child][0]
                message = f"expected each field once, found it again (first on line {first}; YAML would keep only the last)"
                result.problems.append(Problem(result.path, line, column, field_name(child), message))
                continue
            result.key_positions[child] = (line, column)
            data[key] = _build(value_node, child, result, constructor)
        result.positions.pop(path + ("<key>",), None)
        return data
    result.problems.append(result.problem(path, f"expected a plain value, found {node.tag}"))
    return None
