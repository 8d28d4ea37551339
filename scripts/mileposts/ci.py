"""Problems as a pull request shows them: GitHub annotations on the lines at fault, and a short job summary.

`python -m mileposts validate --format github` (the default when GITHUB_ACTIONS=true)
prints one `::error file=...,line=...,col=...,title=...::message` line per problem, which
GitHub turns into a note on that line of the pull request's changed files, and appends a
plain-words summary to $GITHUB_STEP_SUMMARY, the page a contributor sees first when a
check fails. Every value is escaped as GitHub's workflow commands require, so a data file
cannot inject a command of its own, and Markdown in the summary is escaped too.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from .core.problems import Problem

SUMMARY_ENV = "GITHUB_STEP_SUMMARY"
MAX_IN_SUMMARY = 50  # problems listed in the summary; the annotations carry all of them
MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def escape_data(text: str) -> str:
    """A workflow command's message, escaped (% first, then the line breaks)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value, escaped (the message's escapes, and ':' and ',')."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem) -> str:
    """The `::error ...::` line for one problem."""
    title = f"{problem.field}: problem in this file" if problem.field else "Problem in this file"
    properties = {"file": problem.path, "line": str(problem.line), "col": str(problem.column), "title": title}
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::error {joined}::{escape_data(problem.message)}"


def _plain(text: str) -> str:
    """Untrusted text for the summary's Markdown: HTML escaped, Markdown characters backslashed, on one line."""
    return MARKDOWN.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))


def summary(problems: list[Problem]) -> str:
    """The job summary in plain words: what is wrong, where, and how to fix it from the browser."""
    if not problems:
        return "## Mileposts: every data file is fine\n\nNo problems found in the checklists and other data files.\n"
    count = len(problems)
    files = sorted({p.path for p in problems})
    lines = [
        f"## Mileposts found {count} problem{'s' if count != 1 else ''} in {len(files)} file{'s' if len(files) != 1 else ''}",
        "",
        "Each problem is also shown on its line under **Files changed** in the pull request.",
        "To fix one: open the file on GitHub, press the pencil, change the line named below, and commit to the same branch.",
        "The checks run again by themselves.",
        "",
    ]
    for problem in problems[:MAX_IN_SUMMARY]:
        field = f" ({_plain(problem.field)})" if problem.field else ""
        lines.append(f"- **{_plain(problem.path)}**, line {problem.line}{field}: {_plain(problem.message)}")
    if count > MAX_IN_SUMMARY:
        lines.append(f"- and {count - MAX_IN_SUMMARY} more: see the annotations")
    return "\n".join(lines) + "\n"


def in_github_actions() -> bool:
    """True when running as a GitHub Actions step."""
    return os.environ.get("GITHUB_ACTIONS", "").lower() == "true"


def report(problems: list[Problem]) -> list[str]:
    """The annotation lines for `problems`; the summary goes to $GITHUB_STEP_SUMMARY when it is set."""
    target = os.environ.get(SUMMARY_ENV)
    if target:
        with Path(target).open("a", encoding="utf-8") as handle:
            handle.write(summary(problems))
    return [annotation(p) for p in problems]
