"""Build into a folder of its own, then swap it into place: an interrupted or failed build leaves the old site whole.

A site generator writes hundreds of files one by one. Stopped half-way (Ctrl-C, a
failed check, a full disk) it would leave a site/ with zero-byte stand-ins and pages
from two builds. So a build writes into `.<name>.building-<pid>` beside the real folder
and, only once it has finished without error, swaps it in: the old folder is renamed
aside, the new one renamed into place, and the old one removed. Two builds at once each
build into their own folder and swap in turn (the swap holds a lock on the parent
folder), so both succeed and the last to finish wins. Leftovers of a build that was
killed outright are removed by the next one.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

from ..core.atomic import alive

BUILDING, OLD = ".building-", ".old-"


class StagedDir:
    """A folder built beside `target` and swapped into its place by `commit`, or removed by `discard`."""

    def __init__(self, target: Path):
        self.target = Path(target).resolve()
        self.parent = self.target.parent
        self.parent.mkdir(parents=True, exist_ok=True)
        self._remove_leftovers()
        self.owner = os.getpid()  # a forked child (the offline copy's build) must never swap or remove it
        self.path = self.parent / f".{self.target.name}{BUILDING}{self.owner}"
        shutil.rmtree(self.path, ignore_errors=True)
        self.path.mkdir()

    def _remove_leftovers(self) -> None:
        """Remove the staging folders of builds of this target whose process is gone."""
        for prefix in (BUILDING, OLD):
            for leftover in self.parent.glob(f".{self.target.name}{prefix}*"):
                pid = leftover.name.rsplit("-", 1)[-1]
                if pid.isdigit() and not alive(int(pid)):
                    shutil.rmtree(leftover, ignore_errors=True)

    def commit(self) -> Path:
        """Swap the finished folder into place (under a lock on the parent folder); returns the target."""
        if os.getpid() != self.owner:
            return self.target
        descriptor = os.open(self.parent, os.O_RDONLY)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            old = self.parent / f".{self.target.name}{OLD}{os.getpid()}"
            if self.target.exists() or self.target.is_symlink():
                os.replace(self.target, old)
            os.replace(self.path, self.target)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            os.close(descriptor)  # releases the lock
        return self.target

    def discard(self) -> None:
        """Remove the unfinished folder; the target is left as it was."""
        if os.getpid() == self.owner:
            shutil.rmtree(self.path, ignore_errors=True)
