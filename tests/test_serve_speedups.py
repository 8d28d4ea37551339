"""The preview's shortcuts (scripts/mkdocs_speedups.py) save time without changing what is built.

Under `mkdocs serve`, the search index reuses the entries of pages whose HTML did not
change. Two preview rebuilds, with a checklist edited in between, must parse only the
pages that changed and give exactly the index a clean build gives.
"""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import MKDOCS_ENV

REBUILDS = r"""
import json, logging, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
from material.plugins.search import plugin as search

logging.getLogger("mkdocs").setLevel(logging.ERROR)
parsed = []
feed = search.Parser.feed
search.Parser.feed = lambda self, data: (parsed.append(1), feed(self, data))[1]

def preview(site):
    config = load_config("mkdocs.yml", site_dir=site)
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/")
    count = len(parsed)
    parsed.clear()
    return count

first = preview("site-1")
path = Path("data/checklists/service-recovery.yml")
path.write_text(path.read_text(encoding="utf-8").replace("Apologise once, plainly", "Apologise once, simply"), encoding="utf-8")
second = preview("site-2")
print(json.dumps({"first": first, "second": second}))
"""


def test_preview_rebuilds_parse_only_changed_pages_and_index_exactly_as_a_clean_build(project_copy, tmp_path):
    env = {**MKDOCS_ENV, "MILEPOSTS_PDF": "0", "MILEPOSTS_OFFLINE": "0"}
    result = subprocess.run([sys.executable, "-c", REBUILDS], cwd=project_copy, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    assert counts["first"] > 30, counts  # every page parsed once
    assert 1 <= counts["second"] <= 8, counts  # the edited checklist and the few pages that list it
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "clean")]
    clean = subprocess.run(command, cwd=project_copy, env=env, capture_output=True, text=True, timeout=300)
    assert clean.returncode == 0, clean.stderr
    index = (project_copy / "site-2" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Apologise once, simply" in index
    assert json.loads(index) == json.loads((tmp_path / "clean" / "search" / "search_index.json").read_text(encoding="utf-8"))
