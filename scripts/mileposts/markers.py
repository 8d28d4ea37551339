"""Expand `<!-- mileposts:... -->` markers in hand-written pages; unknown markers fail loudly.

<!-- mileposts:checklists ids="service-recovery first-mile-standards" -->
<!-- mileposts:checklists audience="team-leads" -->
<!-- mileposts:checklists tag="extra-mile" -->
<!-- mileposts:quotes tag="last-mile" limit="2" -->
<!-- mileposts:quotes author="Roger Staubach" -->
"""

from __future__ import annotations

import re

from .model import AUDIENCES, Playbook
from .problems import DataError, Problem
from .render import link, render

ANY_MARKER = re.compile(r"<!--\s*mileposts:(.*?)-->", re.DOTALL)
MARKER_START = re.compile(r"<!--\s*mileposts:")
MARKER = re.compile(r'^([a-z]+)((?:\s+[a-z]+="[^"]*")*)\s*$')
ATTRIBUTE = re.compile(r'([a-z]+)="([^"]*)"')
ALLOWED = {"checklists": {"ids", "audience", "tag"}, "quotes": {"tag", "author", "limit"}}


FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)


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
        if name not in ALLOWED:
            return fail(f"expected a marker named {' or '.join(sorted(ALLOWED))}, found unknown marker {name!r}")
        unknown = set(attributes) - ALLOWED[name]
        if unknown:
            return fail(f"expected attributes {', '.join(sorted(ALLOWED[name]))}, found {', '.join(sorted(unknown))}")
        try:
            return _checklists(attributes, src, playbook) if name == "checklists" else _quotes(attributes, src, playbook)
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


def _checklists(attributes: dict, src: str, playbook: Playbook) -> str:
    if len(attributes) != 1:
        raise ValueError(f"expected exactly one of ids, audience or tag, found {', '.join(attributes) or 'none'}")
    ((key, value),) = attributes.items()
    if key == "ids":
        unknown = [i for i in value.split() if i not in playbook.checklists]
        if unknown:
            raise ValueError(f"expected checklist ids from data/checklists/, found unknown {', '.join(unknown)}")
        chosen = [playbook.checklists[i] for i in value.split()]
    elif key == "audience":
        if value not in AUDIENCES:
            raise ValueError(f"expected an audience ({', '.join(AUDIENCES)}), found {value!r}")
        chosen = [c for c in playbook.checklists.values() if value in c.audience]
    else:
        chosen = [c for c in playbook.checklists.values() if value in c.tags]
    if not chosen:
        raise ValueError(f"expected at least one checklist with {key}={value!r}, found none")
    return render("checklist-cards.md", checklists=chosen, href=lambda c: link(src, f"checklists/{c.id}.md"))


def quote_sources(playbook: Playbook, src: str):
    """A function giving the Markdown link target of a quote's source from page `src`."""
    return lambda quote: link(src, f"sources.md#{quote.source}") if quote.source else None


def _quotes(attributes: dict, src: str, playbook: Playbook) -> str:
    chosen = playbook.quotes
    if "tag" in attributes:
        chosen = [q for q in chosen if attributes["tag"] in q.tags]
    if "author" in attributes:
        chosen = [q for q in chosen if q.author == attributes["author"]]
    limit = attributes.get("limit", "")
    if limit:
        if not limit.isdigit() or int(limit) < 1:
            raise ValueError(f"expected limit to be a whole number of 1 or more, found {limit!r}")
        chosen = chosen[: int(limit)]
    if not chosen:
        raise ValueError(f"expected at least one quote matching {attributes}, found none")
    return render("quote-list.md", quotes=chosen, sources=playbook.sources, source_href=quote_sources(playbook, src))


def sources_box(ids: list[str], src: str, playbook: Playbook) -> str:
    """The 'Sources' box appended to a page that names its sources in front matter."""
    unknown = [i for i in ids if i not in playbook.sources]
    if unknown:
        message = f"expected source ids from data/sources.yml, found unknown {', '.join(unknown)}"
        raise DataError([Problem(f"docs/{src}", 1, 1, "sources", message)])
    chosen = [playbook.sources[i] for i in ids]
    return render("sources-box.md", sources=chosen, href=lambda s: link(src, f"sources.md#{s.id}"))
