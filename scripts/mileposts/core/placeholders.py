"""Placeholder text left from a `_template.yml`: caught by validate, so it is never published.

A file copied from `data/<folder>/_template.yml` (by hand, by the scaffold, or from the
"Add a checklist" link) starts valid, so the template's example sentences could go out
as they are. Every text of a data file that is still, word for word, one of its
template's example sentences (seven words or more: ids, labels and short titles such
as "Finish" may well stay as they are) is a problem, with the fix in the message.
"""

from __future__ import annotations

from pathlib import Path

from .problems import Problem
from .textcheck import normal_form
from .yamldata import YamlFile, strings
from .yamlfile import load_yaml

TEMPLATE_NAME = "_template.yml"
MIN_WORDS = 7  # shorter texts (ids, section titles, labels) may well stay as they are


def template_for(root: Path, relative: str) -> str | None:
    """The `_template.yml` beside a data file (relative path), or None (none there, or the file is a template itself)."""
    path = Path(relative)
    if path.name.startswith("_"):
        return None
    template = path.parent / TEMPLATE_NAME
    return template.as_posix() if (root / template).is_file() else None


def _long(text: str) -> bool:
    return len(text.split()) >= MIN_WORDS


def placeholder_problems(root: Path, parsed: YamlFile) -> list[Problem]:
    """A problem for every text of `parsed` still the same as one of its template's example sentences."""
    template = template_for(root, parsed.path)
    if template is None or parsed.data is None:
        return []
    examples = {normal_form(text) for _, text in strings(load_yaml(root / template, template).data) if _long(text)}
    problems = []
    for path, text in strings(parsed.data):
        if _long(text) and normal_form(text) in examples:
            shown = text if len(text) <= 50 else text[:47] + "..."
            message = (
                f"expected your own words, found the template's example text {shown!r}; "
                "replace it with your own words (the comment above it in the file says what goes here)"
            )
            problems.append(parsed.problem(path, message))
    return problems
