"""The little inline Markdown that data text may use, rendered safely.

Allowed in item texts, notes, quotes and definitions: **bold**, *italic* and
[links](https://...). Everything else is shown as typed: HTML is escaped
(a <script> in an item is text, never code) and Markdown punctuation is
turned into character references, so neither MkDocs nor a browser reads
anything more into it. The output is safe in HTML and in Markdown alike.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

_PATTERNS = [
    ("a", re.compile(r"\[([^\[\]]+)\]\((https?://[^\s()<>]+)\)")),
    ("strong", re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")),
    ("em", re.compile(r"\*(?=\S)([^*]+?)(?<=\S)\*")),
]
_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"} | {c: f"&#{ord(c)};" for c in "\\`*_[]!#|~{}"}
)


def _literal(text: str) -> str:
    """Escape text so that it reads as itself in HTML and in Markdown."""
    return text.translate(_ESCAPES)


def literal(text: str) -> Markup:
    """Plain text (a title, a name) escaped to read as itself in HTML and in Markdown: no formatting at all."""
    return Markup(_LINE_START.sub(lambda m: (m.group(1) or "") + f"&#{ord(m.group(2) or m.group(3))};", _literal(" ".join(text.split()))))


def _render(text: str) -> str:
    best = None
    for tag, pattern in _PATTERNS:
        match = pattern.search(text)
        if match and (best is None or match.start() < best[1].start()):
            best = (tag, match)
    if best is None:
        return _literal(text)
    tag, match = best
    before, after = text[: match.start()], text[match.end() :]
    inner = _render(match.group(1))
    if tag == "a":
        href = html.escape(match.group(2), quote=True)
        element = f'<a href="{href}">{inner}</a>'
    else:
        element = f"<{tag}>{inner}</{tag}>"
    return _literal(before) + element + _render(after)


_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=])")


def inline(text: str) -> Markup:
    """Render the allowed inline Markdown in `text` to safe HTML."""
    rendered = _render(" ".join(text.split()))
    # Data text often lands at the start of a Markdown line: keep "1." or "-" from making a list or rule.
    rendered = _LINE_START.sub(lambda m: (m.group(1) or "") + f"&#{ord(m.group(2) or m.group(3))};", rendered)
    return Markup(rendered)


def plain(text: str) -> str:
    """The text without Markdown marks, for titles, attributes and front matter."""
    for _tag, pattern in _PATTERNS:
        text = pattern.sub(r"\1", text)
    return text


_MARKUP = str.maketrans({"<": "&lt;", ">": "&gt;", '"': "&quot;"})


def front_matter_text(text: str) -> str:
    """Text for front matter, which site tools print into pages and attributes as it is: no marks, and no < > " left.

    `&` is left alone, so escaping twice changes nothing (the schemas refuse entities such as &amp;).
    """
    return " ".join(plain(text).split()).translate(_MARKUP)


def tooltip_text(text: str) -> str:
    """Text for a tooltip, which the theme shows as HTML: no marks, one line, and no angle brackets at all."""
    return " ".join(plain(text).split()).replace("<", "‹").replace(">", "›")
