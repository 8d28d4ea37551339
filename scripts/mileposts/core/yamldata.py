"""A parsed YAML file: its data, where each value and key sits, and the problems found while reading it."""

from __future__ import annotations

from dataclasses import dataclass, field

from .problems import Problem, field_name


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


def strings(value: object, path: tuple = ()):
    """(field path, text) for every text anywhere in parsed YAML data, in order."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from strings(item, path + (i,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, path + (key,))
