"""The preview's shortcuts (scripts/mkdocs_speedups.py) save time without changing what is built.

Under `mkdocs serve`, a page whose Markdown did not change keeps its HTML, and the search
index reuses the entries of pages whose HTML did not change. Two preview rebuilds, with
a checklist edited in between, must convert and parse only the pages that changed, and
give exactly the pages and the index that a build without the shortcuts gives.
"""

from __future__ import annotations

import json
import re
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
import markdown
parsed, converted = [], []
feed, convert = search.Parser.feed, markdown.Markdown.convert
search.Parser.feed = lambda self, data: (parsed.append(1), feed(self, data))[1]
markdown.Markdown.convert = lambda self, text: (converted.append(1), convert(self, text))[1]

def preview(site, command):
    config = load_config("mkdocs.yml", site_dir=site)
    config.plugins.on_startup(command=command, dirty=False)
    try:  # as `mkdocs build` and `mkdocs serve` do
        build(config, serve_url="http://127.0.0.1:8000/")
    finally:
        config.plugins.on_shutdown()
    counts = {"parsed": len(parsed), "converted": len(converted)}
    parsed.clear(), converted.clear()
    return counts

if sys.argv[1] == "serve":
    first = preview("site-1", "serve")
    path = Path("data/checklists/service-recovery.yml")
    path.write_text(path.read_text(encoding="utf-8").replace("Apologise once, plainly", "Apologise once, simply"), encoding="utf-8")
    print(json.dumps({"first": first, "second": preview("site-2", "serve")}))
else:
    preview("site-3", "build")
"""


def test_preview_rebuilds_redo_only_changed_pages_and_build_exactly_what_a_plain_build_does(project_copy):
    env = {**MKDOCS_ENV, "MILEPOSTS_PDF": "0", "MILEPOSTS_OFFLINE": "0"}
    run = [sys.executable, "-c", REBUILDS]
    result = subprocess.run([*run, "serve"], cwd=project_copy, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    assert counts["first"]["converted"] > 30 and counts["first"]["parsed"] > 30, counts  # every page, once
    for work in ("converted", "parsed"):  # the edited checklist and the few pages that list it
        assert 1 <= counts["second"][work] <= 8, counts
    plain = subprocess.run([*run, "build"], cwd=project_copy, env=env, capture_output=True, text=True, timeout=300)
    assert plain.returncode == 0, plain.stderr
    previewed, built = project_copy / "site-2", project_copy / "site-3"
    pages = sorted(p.relative_to(built) for p in built.rglob("*.html"))
    assert len(pages) > 30 and pages == sorted(p.relative_to(previewed) for p in previewed.rglob("*.html"))
    pwa = re.compile(r'\n\s*<link rel="manifest".*?<script src="[^"]*assets/install\.js" defer></script>', re.S)
    for page in pages:  # the same pages, except that a preview never installs the service worker (it would cache live edits)
        previewed_html, built_html = (previewed / page).read_text(encoding="utf-8"), (built / page).read_text(encoding="utf-8")
        assert "manifest.webmanifest" not in previewed_html and "manifest.webmanifest" in built_html, page
        assert previewed_html == pwa.sub("", built_html, count=1), page
    index = (previewed / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Apologise once, simply" in index
    assert json.loads(index) == json.loads((built / "search" / "search_index.json").read_text(encoding="utf-8"))


SWITCHED_OFF = r"""
import sys
sys.path.insert(0, "scripts")
import mkdocs_speedups as speedups
from mkdocs.structure.pages import Page
from material.plugins.search.plugin import SearchIndex
speedups.WRITTEN_FOR = {**speedups.WRITTEN_FOR, "mkdocs-material": "0.0.0"}  # as after an upgrade nobody checked
speedups.apply("serve")
class Theme:
    def get_env(self): return "untouched"
class Config:
    config_file_path = "mkdocs.yml"
    theme = Theme()
config = Config()
speedups.quick_theme_env(config)
patched = [hasattr(Page, "_mileposts_remembered"), hasattr(SearchIndex, "_mileposts_remembered")]
print(speedups.versions_match(), *patched, config.theme.get_env())
"""


def test_the_speed_ups_switch_themselves_off_for_versions_they_were_not_written_for(repo_root):
    result = subprocess.run(
        [sys.executable, "-c", SWITCHED_OFF], cwd=repo_root, env=MKDOCS_ENV, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "False", "untouched"]


def test_the_speed_ups_are_written_for_the_pinned_versions(repo_root):
    import mkdocs_speedups

    pins = (repo_root / "requirements.txt").read_text(encoding="utf-8")
    for name, version in mkdocs_speedups.WRITTEN_FOR.items():
        assert f"\n{name}=={version} " in pins, f"{name}: the speed-ups are written for {version}, requirements.txt pins another"
