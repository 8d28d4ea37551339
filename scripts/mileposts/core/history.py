"""When each file was last changed: from git history, or the file's own date without it.

One `git log` call covers the whole repository, so the cost does not grow with the
number of pages. In a source tarball (no .git) the file's modification date is used.
"""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path


def git_dates(root: Path) -> dict[str, str]:
    """Map each path git knows (relative to `root`) to the ISO date of its latest commit."""
    try:
        result = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--no-renames", "--", "docs", "data", "CONTRIBUTING.md"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, str] = {}
    current = ""
    for line in result.stdout.splitlines():
        if line.startswith("\0"):
            current = line[1:]
        elif line.strip():
            dates.setdefault(line.strip(), current)  # newest commit comes first
    return dates


def last_updated(root: Path, repo_path: str, dates: dict[str, str]) -> str:
    """The date `repo_path` last changed: its latest commit, else its modification time."""
    if repo_path in dates:
        return dates[repo_path]
    path = root / repo_path
    if path.exists():
        return datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC).date().isoformat()
    return ""


def human_date(iso: str) -> str:
    """'2026-11-23' as '23 November 2026'."""
    day = datetime.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"
