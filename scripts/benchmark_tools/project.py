"""Throwaway copies of the project, timed MkDocs builds of them, and measurements of the built site."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MKDOCS_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
SKIP_PARTS = {".git", ".venv", ".cache", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache"}
SKIP_TOP = {"site"}  # the built site at the root (scripts/mileposts/site/ is code)


class BuildFailed(RuntimeError):
    """A build of a project copy failed; the message carries MkDocs' output."""


def project_files(root: Path = ROOT) -> list[str]:
    """The project's files as the working tree has them: tracked and new, minus what git ignores."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split("\0")
    except (OSError, subprocess.CalledProcessError):
        listed = [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]
    kept = [p for p in listed if p and not SKIP_PARTS.intersection(Path(p).parts) and Path(p).parts[0] not in SKIP_TOP]
    return sorted(p for p in kept if (root / p).is_file())


def copy_project(target: Path, root: Path = ROOT) -> Path:
    """Copy the project's working tree (not .git, .venv, site/ or caches) into `target`."""
    for relative in project_files(root):
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / relative, destination)
    return target


@dataclass
class Build:
    """One timed build: wall-clock seconds, processor seconds (all processes) and the peak resident memory."""

    seconds: float
    peak_rss_mb: float
    cpu_seconds: float = 0.0


def run_build(project: Path, site_dir: Path, pdf: bool = True, env: dict | None = None) -> Build:
    """A strict, clean `mkdocs build` of `project` into `site_dir`, as a child process, timed."""
    environment = {**MKDOCS_ENV, **(env or {})}
    if not pdf:
        environment["MILEPOSTS_PDF"] = "0"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-q", "-d", str(site_dir)]
    log = site_dir.parent / f"{site_dir.name}.log"
    wait_for_quiet()
    with log.open("w") as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=project, env=environment, stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise BuildFailed(f"mkdocs build failed in {project}:\n{log.read_text(errors='replace')[-4000:]}")
    # ru_maxrss is in kilobytes on Linux (bytes on macOS); wait4 covers the child and what it waited for.
    scale = 1 if sys.platform == "darwin" else 1024
    return Build(seconds, usage.ru_maxrss * scale / 1e6, usage.ru_utime + usage.ru_stime)


def _cpu_times() -> tuple[int, int] | None:
    """(idle, total) jiffies of all processors since boot, from /proc/stat (Linux), or None elsewhere."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    return fields[3] + (fields[4] if len(fields) > 4 else 0), sum(fields)


_waited = [0.0]  # seconds spent waiting so far in this run
WAIT_IN_ALL = 600.0


def wait_for_quiet(max_wait: float = 60.0, idle: float = 0.85, window: float = 1.0) -> bool:
    """Wait (up to `max_wait` s) until the processors are at least `idle` idle over `window` s; False if they never were.

    Other work on the machine (a test run, a second build) makes every time longer, so each
    timed step starts on a quiet machine when it can; a run waits 10 minutes in all at most.
    """
    before = _cpu_times()
    if before is None:
        return True
    start = time.monotonic()
    deadline = start + min(max_wait, max(0.0, WAIT_IN_ALL - _waited[0]))
    try:
        while True:
            time.sleep(window)
            after = _cpu_times()
            total = after[1] - before[1]
            if total and (after[0] - before[0]) / total >= idle:
                return True
            if time.monotonic() > deadline:
                return False
            before = after
    finally:
        _waited[0] += time.monotonic() - start


def tree_bytes(path: Path) -> int:
    """Total bytes of the files under `path`."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def checklist_ids(project: Path) -> list[str]:
    """The ids of the published checklists in `project` (files not starting with '_')."""
    return sorted(p.stem for p in (project / "data" / "checklists").glob("*.yml") if not p.stem.startswith("_"))
