"""The files a build may read from docs/ and data/: regular files with safe names, nothing reached through a link.

MkDocs follows symbolic links, so one link under docs/ could publish any file the
machine can read (`docs/secrets.md -> ~/.ssh/id_rsa`), and a linked folder could publish
the whole repository, .git included. Contributors never need links (a browser cannot
even make one), so every symbolic link under these folders is refused, with the place it
points to; so is a name the site would turn into a broken or deceptive address.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .problems import Problem

PATH_PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*$")  # a file or folder name: no spaces, quotes, '#', '%' or '?'
PAGE_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\.md$")  # a page's file name: it becomes the page's address


def _shown(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def link_problem(root: Path, path: Path) -> Problem:
    """The problem for a symbolic link found at `path`, saying whether it points outside the repository."""
    target = Path(os.readlink(path))
    resolved = (path.parent / target).resolve()
    where = "outside the repository" if not resolved.is_relative_to(root.resolve()) else "elsewhere in the repository"
    message = (
        f"expected a regular file or folder, found a symbolic link to {target.as_posix()} ({where}); put a copy of the file here instead"
    )
    return Problem(_shown(root, path), 1, 1, "", message)


def checked_files(root: Path, folder: Path, name_ok: re.Pattern = PATH_PART) -> tuple[list[Path], list[Problem]]:
    """Every regular file under `folder` (sorted; hidden names skipped), and a problem for each link or unsafe name.

    Folders are walked without following links; a refused name's folder is not entered.
    """
    root, folder = Path(root), Path(folder)
    problems: list[Problem] = []
    if folder.is_symlink():
        return [], [link_problem(root, folder)]
    if not folder.is_dir():
        return [], [Problem(_shown(root, folder), 1, 1, "", "expected a folder here, found none")]
    files: list[Path] = []
    for current, dirs, names in os.walk(folder, followlinks=False):
        base = Path(current)
        for name in sorted(dirs):
            path = base / name
            if path.is_symlink():
                problems.append(link_problem(root, path))
                dirs.remove(name)
            elif name.startswith("."):
                dirs.remove(name)
            elif not name_ok.match(name):
                problems.append(_name_problem(root, path, "folder"))
                dirs.remove(name)
        for name in sorted(names):
            path = base / name
            if name.startswith("."):
                continue
            if path.is_symlink():
                problems.append(link_problem(root, path))
            elif not name_ok.match(name):
                problems.append(_name_problem(root, path, "file"))
            elif path.is_file():
                files.append(path)
    return sorted(files), problems


def _name_problem(root: Path, path: Path, what: str) -> Problem:
    message = f"expected a {what} name of letters, digits, '.', '_' and '-' only, found {path.name!r}; rename it"
    return Problem(_shown(root, path), 1, 1, "", message)
