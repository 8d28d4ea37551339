"""Lighthouse (mobile, the default) scores for a few pages of the built site, run against Debian's Chromium.

Lighthouse comes from npm, installed on first use into a cache folder outside the
repository (~/.cache/mileposts-lighthouse, or $MILEPOSTS_LIGHTHOUSE_DIR). Without
Node and npm this part is skipped, and the benchmark says so.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

from .project import wait_for_quiet
from .weight import CHROMIUM, static_server

VERSION = "12.8.2"  # the newest Lighthouse that runs on Node 18 and 20
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CACHE = Path(os.environ.get("MILEPOSTS_LIGHTHOUSE_DIR", Path.home() / ".cache" / "mileposts-lighthouse"))


def lighthouse_binary() -> tuple[Path | None, str]:
    """The Lighthouse command, installing it with npm when needed; or None and the reason it is missing."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        return None, "Node.js and npm are not installed, so Lighthouse cannot run (install Node 18 or newer)"
    binary = CACHE / "node_modules" / ".bin" / "lighthouse"
    package = CACHE / "node_modules" / "lighthouse" / "package.json"
    installed = json.loads(package.read_text())["version"] if package.exists() else None
    if installed != VERSION:
        CACHE.mkdir(parents=True, exist_ok=True)
        command = [npm, "install", "--prefix", str(CACHE), "--no-audit", "--no-fund", "--loglevel=error", f"lighthouse@{VERSION}"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=900)
        if result.returncode != 0 or not binary.exists():
            return None, f"npm could not install lighthouse@{VERSION}: {(result.stderr.strip().splitlines() or ['?'])[-1]}"
    return binary, ""


def _run_once(binary: Path, url: str, out: Path) -> dict:
    """One Lighthouse run of `url`: category scores (0-100) and the audits that lost points outside performance."""
    command = [
        str(binary),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run",
    ]
    environment = {**os.environ, "CHROME_PATH": CHROMIUM}
    wait_for_quiet()
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, env=environment)
    if result.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse failed on {url}: {result.stderr.strip()[-1500:]}")
    report = json.loads(out.read_text())
    scores = {name: round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    failing = []
    for name in CATEGORIES[1:]:
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit.get("score") is not None and audit["score"] < 1:
                failing.append(f"{name}: {ref['id']} ({audit.get('title', '')})")
    metrics = {
        key: report["audits"][key].get("numericValue")
        for key in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")
        if key in report["audits"]
    }
    return {"scores": scores, "failing": failing, "metrics": metrics}


def lighthouse_scores(site: Path, pages: dict[str, str], runs: int = 5) -> dict:
    """Median Lighthouse scores over `runs` runs per page (name -> site-relative URL), or why it was skipped."""
    if not Path(CHROMIUM).exists():
        return {"skipped": f"Chromium not found at {CHROMIUM} (run ./scripts/install --browser)"}
    binary, reason = lighthouse_binary()
    if binary is None:
        return {"skipped": reason}
    results: dict = {"version": VERSION, "runs": runs, "pages": {}}
    with static_server(site) as base, tempfile.TemporaryDirectory(prefix="mileposts-lighthouse-") as folder:
        for name, path in pages.items():
            attempts = [_run_once(binary, base + path, Path(folder) / f"{name}-{i}.json") for i in range(runs)]
            scores = {c: statistics.median(a["scores"][c] for a in attempts) for c in CATEGORIES}
            failing = sorted({f for a in attempts for f in a["failing"]})
            metrics = {k: statistics.median(a["metrics"][k] for a in attempts) for k in attempts[0]["metrics"]}
            results["pages"][name] = {
                "url": path,
                "scores": scores,
                "all_runs": [a["scores"] for a in attempts],
                "failing": failing,
                "metrics": metrics,
            }
    return results
