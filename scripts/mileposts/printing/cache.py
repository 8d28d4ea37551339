"""A content-addressed file cache for the printables, kept in <root>/.cache/pdf/ (outside docs/ and data/).

Each file's name carries a hash of everything it is made from (the rendered HTML, which
holds the checklist's data, the templates' output and site.yml's addresses; the print
CSS; the WeasyPrint, pydyf and pypdfium2 versions; the renderer's own code), so a file
is re-rendered only when one of those changes, and `mkdocs serve` stays fast. Files are
written atomically, so two builds sharing the cache never see half a file.

Older versions of a file are removed only when no other build is using the cache: each
run holds a shared lock on `.lock` while it plans, renders and copies files, and drops
the stale versions of what it stored once it can take the lock alone. So `mkdocs serve`
rendering an edited checklist never deletes a file that a `mkdocs build` beside it is
about to copy.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from ..core.atomic import alive

TEMPORARY = ".tmp-"  # a file being written: ".tmp-<pid>-..."


# The code whose changes must invalidate every cached file.
_RENDERER_FILES = ("pdf.py", "papers.py", "cache.py", "pack.py", "printable.py")  # and the versions below, pypdf included


@lru_cache(maxsize=1)
def tool_fingerprint() -> str:
    """The versions of the rendering libraries and a hash of the renderer's code."""
    parts = []
    for name in ("weasyprint", "pydyf", "pypdf", "pypdfium2", "pillow"):
        try:
            parts.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}=missing")
    here = Path(__file__).resolve().parent
    for name in _RENDERER_FILES:
        path = here / name
        parts.append(hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else name + ":missing")
    return "\n".join(parts)


def cache_key(*parts: str | bytes) -> str:
    """A hex digest of the tool fingerprint and `parts`, each length-prefixed so they cannot run together."""
    digest = hashlib.sha256()
    for part in (tool_fingerprint(), *parts):
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(f"{len(data)}:".encode())
        digest.update(data)
    return digest.hexdigest()


class PdfCache:
    """Files named `<name>-<key>.<ext>` in one folder: look one up, store one, drop stale versions."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.stored: dict[str, Path] = {}  # name -> the version stored by this run
        self._lock: int | None = None

    def sweep(self, mine: bool = False) -> None:
        """Remove temporary files left by runs that were killed mid-write (and this run's own, when `mine`)."""
        for leftover in self.directory.glob(f"{TEMPORARY}*"):
            pid = leftover.name[len(TEMPORARY) :].split("-", 1)[0]
            if pid.isdigit() and ((mine and int(pid) == os.getpid()) or not alive(int(pid))):
                leftover.unlink(missing_ok=True)

    def hold(self) -> None:
        """Take the shared lock: while it is held, no run removes stale files (see the module docstring)."""
        if self._lock is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            self.sweep()
            self._lock = os.open(self.directory / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
            fcntl.flock(self._lock, fcntl.LOCK_SH)

    def release(self) -> None:
        """Give the shared lock back; if no other run holds it, drop the stale versions of what this run stored."""
        if self.directory.is_dir():
            self.sweep(mine=True)  # a write cut short by Ctrl-C between creating its file and writing it
        if self._lock is None:
            return
        try:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            try:
                fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return  # another run is using the cache: a later run tidies up
            for name, keep in self.stored.items():
                self._drop_stale(name, keep)
            self.stored.clear()
        finally:
            os.close(self._lock)
            self._lock = None

    def path(self, name: str, key: str, ext: str) -> Path:
        """Where the file `name` made from inputs hashed to `key` lives (whether or not it exists yet)."""
        return self.directory / f"{name}-{key[:24]}.{ext}"

    def get(self, name: str, key: str, ext: str) -> Path | None:
        """The cached file, or None when it has not been rendered from these inputs."""
        path = self.path(name, key, ext)
        return path if path.is_file() else None

    def put(self, name: str, key: str, ext: str, data: bytes) -> Path:
        """Store `data` atomically and return its path; older versions of `name` go when the run releases the cache."""
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.path(name, key, ext)
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=f"{TEMPORARY}{os.getpid()}-", suffix="." + ext)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.stored[name] = path
        if self._lock is None:  # used without hold(): tidy up at once, as before
            self._drop_stale(name, path)
            self.stored.pop(name)
        return path

    def _drop_stale(self, name: str, keep: Path) -> None:
        """Remove other versions of `name` (same name, other key), so the cache holds one file per output."""
        for other in self.directory.glob(f"{name}-*.{keep.suffix.lstrip('.')}"):
            stem_key = other.stem[len(name) + 1 :]
            if other != keep and len(stem_key) == 24 and all(c in "0123456789abcdef" for c in stem_key):
                other.unlink(missing_ok=True)
