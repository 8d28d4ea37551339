"""Expand `<!-- mileposts:NAME key="value" -->` markers in hand-written pages; unknown or broken markers fail loudly.

Each kind declares the markers it expands (kinds/base.py: `markers`, `marker_attributes`):

<!-- mileposts:checklists ids="service-recovery first-mile-standards" -->
<!-- mileposts:checklists audience="team-leads" -->
<!-- mileposts:quotes tag="last-mile" limit="2" -->

Markers inside code (a fenced block or a code span) are examples and stay as written.
"""

from __future__ import annotations

import re

from ..core.problems import DataError, Problem
from ..kinds import KINDS
from ..kinds.base import Marker, Playbook

ANY_MARKER = re.compile(r"<!--\s*mileposts:(.*?)-->", re.DOTALL)
MARKER_START = re.compile(r"<!--\s*mileposts:")
MARKER = re.compile(r'^([a-z]+)((?:\s+[a-z]+="[^"]*")*)\s*$')
ATTRIBUTE = re.compile(r'([a-z]+)="([^"]*)"')
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)


def known_markers() -> dict[str, Marker]:
    """Every marker the registered kinds expand, by name."""
    return {name: marker for kind in KINDS for name, marker in kind.markers().items()}


def _fenced_ranges(markdown: str) -> list[tuple[int, int]]:
    """Character ranges inside fenced code blocks, where markers are examples, not markers."""
    ranges, opening = [], None
    for match in FENCE.finditer(markdown):
        if opening is None:
            opening = match
        elif match.group(1)[0] == opening.group(1)[0] and len(match.group(1)) >= len(opening.group(1)):
            ranges.append((opening.start(), match.end()))
            opening = None
    if opening is not None:
        ranges.append((opening.start(), len(markdown)))
    return ranges


def _in_code(markdown: str, index: int, fenced: list[tuple[int, int]]) -> bool:
    """Whether `index` is inside a code span on its line or a fenced code block: markers there are examples."""
    line_start = markdown.rfind("\n", 0, index) + 1
    return markdown.count("`", line_start, index) % 2 == 1 or any(start <= index < end for start, end in fenced)


def expand_markers(markdown: str, src: str, playbook: Playbook, first_line: int = 1) -> str:
    """Replace every marker in a page's Markdown; DataError names each bad one with its file line.

    `first_line` is the line of the file on which `markdown` starts (after front matter).
    """
    problems: list[Problem] = []
    fenced = _fenced_ranges(markdown)
    markers = known_markers()

    def replace(match: re.Match) -> str:
        if _in_code(markdown, match.start(), fenced):
            return match.group(0)
        line = first_line + markdown.count("\n", 0, match.start())

        def fail(message: str) -> str:
            problems.append(Problem(f"docs/{src}", line, 1, "marker", message))
            return ""

        parsed = MARKER.match(match.group(1).strip())
        if not parsed:
            return fail(f'expected <!-- mileposts:NAME key="value" -->, found {match.group(0)!r}')
        name, attributes = parsed.group(1), dict(ATTRIBUTE.findall(parsed.group(2)))
        if name not in markers:
            return fail(f"expected a marker named {either(sorted(markers))}, found unknown marker {name!r}")
        marker = markers[name]
        unknown = set(attributes) - marker.attributes
        if unknown:
            return fail(f"expected attributes {', '.join(sorted(marker.attributes))}, found {', '.join(sorted(unknown))}")
        try:
            return marker.expand(attributes, src, playbook)
        except ValueError as error:
            return fail(str(error))

    closed = [match.span() for match in ANY_MARKER.finditer(markdown)]
    for match in MARKER_START.finditer(markdown):  # one that no complete marker covers never closes
        if not any(start <= match.start() < end for start, end in closed) and not _in_code(markdown, match.start(), fenced):
            line = first_line + markdown.count("\n", 0, match.start())
            problems.append(Problem(f"docs/{src}", line, 1, "marker", "expected the marker to end with -->, found it unclosed"))
    result = ANY_MARKER.sub(replace, markdown)
    if problems:
        raise DataError(problems)
    return result


def either(names: list[str]) -> str:
    """'a, b or c' (or just 'a')."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
