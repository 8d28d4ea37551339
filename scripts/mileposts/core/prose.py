"""Where in a page's Markdown the running text is: the only places text may be wrapped in inline HTML.

Glossary tooltips go on the first use of a term in a page, and that has to be decided in
the Markdown itself, so that any site tool builds the same page (see site/stage.py). The
running text is what Python-Markdown's abbreviation extension would look at: paragraphs,
list items, headings, table cells, block quotes, admonition bodies, in and out of
emphasis and link text. Not running text: fenced and indented code, inline code, raw HTML
blocks and tags, link and image targets, images, reference and abbreviation definitions,
attribute lists, admonition title lines and HTML comments.
"""

from __future__ import annotations

import re

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
CONTAINER = re.compile(r"^\s*(?:[-*+] |\d+[.)] |!!!|\?\?\?|===|: )")  # opens content that may be indented by four
SKIPPED_LINE = re.compile(r"^\s*(?:!!!|\?\?\?\+?|===|\*\[|\[[^\]]+\]:\s|\{:)")  # admonition titles, definitions, attr lists
HTML_LINE = re.compile(r"^\s*</?[A-Za-z!]")
# Inline pieces that are not text: code spans, HTML tags and comments, images, link targets, autolinks, attribute lists.
NOT_TEXT = re.compile(
    r"(`+)[\s\S]*?\1"  # a code span
    r"|<!--[\s\S]*?-->"  # an HTML comment
    r"|<[A-Za-z/][^>]*>"  # an HTML tag or an autolink
    r"|!\[[^\]]*\]\([^)]*\)"  # an image
    r"|\]\([^)]*\)"  # a link's target (its text stays text)
    r"|\]\[[^\]]*\]"  # a reference link's label
    r"|\{[:#.][^}]*\}"  # an attribute list
)


def prose_spans(markdown: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the running text of `markdown` (a page's body, without front matter), in order."""
    spans: list[tuple[int, int]] = []
    offset, fence, raw_html, in_container, after_blank = 0, None, False, False, True
    for line in markdown.splitlines(keepends=True):
        start, stripped = offset, line.strip()
        offset += len(line)
        if fence is not None:
            closing = FENCE.match(line)
            if closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence):
                fence = None
            continue
        opening = FENCE.match(line)
        if opening:
            fence = opening.group(1)
            continue
        if not stripped:
            raw_html, after_blank = False, True
            continue
        indented = line.startswith(("    ", "\t"))
        if not indented:
            in_container = bool(CONTAINER.match(line)) or (in_container and not after_blank)
        if raw_html or (HTML_LINE.match(line) and not _is_inline_html(stripped)):
            raw_html = raw_html or not _opens_markdown(stripped)
            after_blank = False
            continue
        if (indented and after_blank and not in_container) or SKIPPED_LINE.match(line):
            after_blank = False
            continue  # indented code, or a line that is not text
        after_blank = False
        spans += _text_spans(line, start)
    return spans


def _is_inline_html(line: str) -> bool:
    """A line that starts with an inline tag (an <abbr>, a <small>) is running text, not an HTML block."""
    return bool(re.match(r"<(?:abbr|small|strong|em|b|i|a|span|kbd|code|br)\b", line, re.I))


def _opens_markdown(line: str) -> bool:
    """Whether an HTML line opens a block whose content is Markdown (md_in_html's `markdown` attribute), or closes one."""
    return bool(re.search(r"\smarkdown(?:=\"?1\"?)?[\s>]", line)) or line.startswith("</")


def _text_spans(line: str, start: int) -> list[tuple[int, int]]:
    """The text pieces of one line (its inline code, tags, targets and attribute lists left out), as file offsets."""
    spans, position = [], 0
    heading = re.match(r"^\s{0,3}#{1,6}\s", line)
    if heading:
        position = heading.end()
    for match in NOT_TEXT.finditer(line, position):
        if match.start() > position:
            spans.append((start + position, start + match.start()))
        position = match.end()
    if position < len(line):
        spans.append((start + position, start + len(line)))
    return spans
