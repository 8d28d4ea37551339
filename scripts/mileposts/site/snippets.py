"""Include files into pages the way pymdownx.snippets does (`--8<-- "CONTRIBUTING.md"` on a line of its own), before the site tool runs.

Done by the generator rather than left to the Markdown extension, so the included text
is finished like the rest of the page (first-use glossary tooltips) and a staged tree
needs neither the extension nor the included file. Only the simple form is read here:
a whole file of the repository, named relative to its root. A file outside the
repository, a link, or a file that does not exist is a problem at the line that names it.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..core.problems import DataError, Problem

SNIPPET = re.compile(r'^--8<-- "([^"\n]+)"[ \t]*$', re.MULTILINE)


def include_snippets(markdown: str, root: Path, src: str, first_line: int = 1) -> str:
    """`markdown` with each whole-file snippet line replaced by that file's text; DataError naming each bad one."""
    problems: list[Problem] = []
    root = Path(root).resolve()

    def include(match: re.Match) -> str:
        name = match.group(1)
        path = root / name
        line = first_line + markdown.count("\n", 0, match.start())
        if ".." in Path(name).parts or path.is_symlink() or not path.resolve().is_relative_to(root) or not path.is_file():
            message = f"expected a file of the repository to include, found {name!r}, which is missing, a link or outside it"
            problems.append(Problem(f"docs/{src}", line, 1, "snippet", message))
            return ""
        return path.read_text(encoding="utf-8").rstrip("\n")

    result = SNIPPET.sub(include, markdown)
    if problems:
        raise DataError(problems)
    return result
