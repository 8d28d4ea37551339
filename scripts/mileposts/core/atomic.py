"""Write files so that nobody, not even an interrupted build, ever sees half of one.

Each file is written under a temporary name in its own folder and moved into place in
one step (os.replace), so a reader finds the old file or the new one, never a zero-byte
or truncated file; on any error or Ctrl-C the temporary file is removed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _temporary(path: Path, data: bytes) -> str:
    """Write `data` to a new temporary file beside `path`; its name."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


def write_atomically(path: Path, data: bytes | str) -> Path:
    """Replace (or create) `path` with `data` in one step; text is written as UTF-8."""
    path = Path(path)
    temporary = _temporary(path, data.encode("utf-8") if isinstance(data, str) else data)
    try:
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def create_atomically(path: Path, data: bytes | str) -> Path:
    """Create `path` with `data` in one step; FileExistsError (and nothing written) if it already exists."""
    path = Path(path)
    temporary = _temporary(path, data.encode("utf-8") if isinstance(data, str) else data)
    try:
        os.link(temporary, path)  # fails if `path` exists, so nothing is ever overwritten
    finally:
        Path(temporary).unlink(missing_ok=True)
    return path


def alive(pid: int) -> bool:
    """Whether process `pid` still runs: a temporary file or folder named after a process that does not is a leftover."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
