"""Edit-to-page latency under `mkdocs serve`: save a checklist's YAML, time until the served page shows it.

`mkdocs serve` runs on a throwaway copy of the project, on a free port of 127.0.0.1,
with live reload. Before each edit the benchmark waits until the server and anything
it started (the background PDF render) are idle, then rewrites the checklist's first
item with a new word and waits as a browser's live-reload script does: a long poll
that returns when a rebuild has finished, then the page, until the word is there.
It also times how long the checklist's A4 PDF takes to change in the served site.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .project import MKDOCS_ENV, free_port, wait_for_quiet


def _fetch(url: str, timeout: float = 30.0) -> bytes:
    """The body of `url` (b'' on a 404 or a connection error)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return b""


def _wait_for(url: str, found, deadline: float, interval: float = 0.01) -> float | None:
    """Poll `url` until `found(body)` is true; the moment it was, or None after `deadline`."""
    while time.perf_counter() < deadline:
        if found(_fetch(url)):
            return time.perf_counter()
        time.sleep(interval)
    return None


def _wait_like_a_browser(base: str, url: str, word: bytes, epoch: int, deadline: float) -> float | None:
    """Wait for the page to show `word` the way MkDocs' live-reload script does: one long poll per rebuild.

    /livereload/EPOCH/ID answers once a build newer than EPOCH is visible; then the page is
    fetched. Unlike polling the page itself, this adds nothing to the server's load.
    """
    while time.perf_counter() < deadline:
        answer = _fetch(f"{base}livereload/{epoch}/1", timeout=max(1.0, deadline - time.perf_counter()))
        if answer.strip().isdigit():
            epoch = int(answer)
        if word in _fetch(url):
            return time.perf_counter()
    return None


def _group_cpu_seconds(group: int) -> float | None:
    """CPU seconds used so far by the live processes of process group `group` (Linux /proc), or None elsewhere."""
    if not Path("/proc/self/stat").exists():
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # fields after the name: state ppid pgrp ... utime(11) stime(12) cutime(13) cstime(14)
            total += sum(int(x) for x in fields[11:15])
    return total / ticks


def wait_until_idle(group: int, timeout: float = 300.0, window: float = 1.0, busy: float = 0.15) -> None:
    """Wait until process group `group` uses under `busy` of a core over `window` seconds (or a fixed 5 s without /proc)."""
    before = _group_cpu_seconds(group)
    if before is None:
        time.sleep(5)
        return
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        time.sleep(window)
        after = _group_cpu_seconds(group)
        if after - before < busy * window:
            return
        before = after


def edited_checklist(original: str, word: str) -> str:
    """A checklist's YAML with its first item's text replaced by one naming `word`: an item written as
    `- text: ...` keeps its note and its `critical: true`, so the edited file passes every data check."""
    first_item = next(line for line in original.splitlines() if line.lstrip().startswith("- ") and not line.lstrip().startswith("- title:"))
    head = first_item[: first_item.index("- ") + 2]
    if first_item[len(head) :].startswith("text:"):
        head += "text: "
    return original.replace(first_item, f"{head}Check the {word} item before anything else.", 1)


def edit_latency(project: Path, checklist_id: str, trials: int = 7, timeout: float = 60.0) -> dict:
    """Serve `project` (a throwaway copy) with live reload, edit a checklist `trials` times, time each edit."""
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}"]
    log = project.parent / "serve.log"
    path = project / "data" / "checklists" / f"{checklist_id}.yml"
    original = path.read_text(encoding="utf-8")
    base = f"http://127.0.0.1:{port}/"
    url = f"{base}checklists/{checklist_id}/"
    pdf_url = f"{base}pdf/{checklist_id}-a4.pdf"
    samples: list[float] = []
    pdf_samples: list[float] = []
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=project, env=MKDOCS_ENV, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            started = time.perf_counter()
            if _wait_for(url, lambda body: b"mp-checklist" in body, started + 300, interval=0.2) is None:
                return {"error": "mkdocs serve did not come up", "log": log.read_text(errors="replace")[-2000:]}
            startup = time.perf_counter() - started
            for trial in range(1, trials + 1):
                wait_until_idle(server.pid)
                wait_for_quiet()
                old_pdf = hashlib.sha256(_fetch(pdf_url)).hexdigest()
                epoch = re.search(rb"livereload\((\d+),", _fetch(url))
                word = f"Benchmarkword{trial}x{port}"
                saved = time.perf_counter()
                path.write_text(edited_checklist(original, word), encoding="utf-8")
                if epoch:
                    seen = _wait_like_a_browser(base, url, word.encode(), int(epoch.group(1)), saved + timeout)
                else:
                    seen = _wait_for(url, lambda body, word=word: word.encode() in body, saved + timeout, interval=0.05)
                if seen is None:
                    return {"error": f"the edit did not show up within {timeout:.0f} s", "log": log.read_text(errors="replace")[-2000:]}
                samples.append(seen - saved)
                pdf = _wait_for(
                    pdf_url, lambda body, old=old_pdf: bool(body) and hashlib.sha256(body).hexdigest() != old, saved + timeout, 0.05
                )
                if pdf is not None:
                    pdf_samples.append(pdf - saved)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
            path.write_text(original, encoding="utf-8")
    builds = [float(m) for m in re.findall(r"Documentation built in ([0-9.]+) seconds", log.read_text(errors="replace"))]
    result = {
        "median_s": statistics.median(samples),
        "max_s": max(samples),
        "samples_s": samples,
        "rebuild_s": builds[1 : trials + 1],  # the first build is the start-up one
        "first_build_s": startup,
    }
    if pdf_samples:
        result["pdf_ready_median_s"] = statistics.median(pdf_samples)
        result["pdf_ready_samples_s"] = pdf_samples
    return result
