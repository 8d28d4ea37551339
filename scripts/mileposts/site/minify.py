"""Our own stylesheets and scripts as readers' browsers get them: without the comments and indentation written for contributors.

docs/assets/*.css and *.js explain themselves at length; on a phone that is a fifth of a
first visit. What is left out is only what cannot change what the file does: CSS comments,
JavaScript comments that take whole lines, indentation and blank lines. Line breaks stay,
so JavaScript's automatic semicolons fall where they did. (The scripts use no multi-line
template strings, and no string holds a comment marker at the start of a line: a test
checks every file still parses and behaves.) Vendored files (assets/vendor/) are left as they are.
"""

from __future__ import annotations

import re

CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
JS_BLOCK_COMMENT = re.compile(r"^[ \t]*/\*.*?\*/[ \t]*$", re.S | re.M)  # a comment that starts and ends its lines
JS_LINE_COMMENT = re.compile(r"^[ \t]*//[^\n]*$", re.M)


def _lines(text: str) -> str:
    """Each line without its indentation and trailing spaces; no blank lines."""
    return "".join(line.strip() + "\n" for line in text.splitlines() if line.strip())


def minify_css(text: str) -> str:
    """A stylesheet without comments, indentation or blank lines."""
    return _lines(CSS_COMMENT.sub("", text))


def minify_js(text: str) -> str:
    """A script without its whole-line comments, indentation or blank lines (every line break between code kept)."""
    return _lines(JS_LINE_COMMENT.sub("", JS_BLOCK_COMMENT.sub("", text)))


def is_own_asset(path: str) -> bool:
    """Whether site path `path` is one of our own stylesheets or scripts (assets/*.css, assets/*.js; not the theme's or vendored)."""
    return re.fullmatch(r"assets/[\w.-]+\.(css|js)", path) is not None


def minified(path: str, text: str) -> str | None:
    """The file at site path `path` as browsers get it, or None when it is not one of our own stylesheets or scripts."""
    if not is_own_asset(path):
        return None
    return minify_css(text) if path.endswith(".css") else minify_js(text)
