"""`python -m mileposts`, run as a user runs it: plain problems and exit 1 on bad data, never a traceback."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mileposts.kinds.playbook import load_playbook
from mileposts.site.build import SiteBuild

PROBLEM_LINE = re.compile(r"(data|docs)/[^:\s]+:\d+:\d+: .+")


def mileposts(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mileposts", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def set_line(path: Path, prefix: str, new: str) -> None:
    """Replace the first line of `path` that starts with `prefix`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(prefix))
    lines[index] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def test_validate_on_the_real_data_exits_zero_from_any_folder(repo_root, tmp_path):
    result = mileposts("--root", str(repo_root), "validate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: ")
    assert re.search(r"\b\d+ checklists\b", result.stdout)
    assert result.stderr == ""


def test_validate_prints_every_problem_in_a_broken_copy_and_exits_one(project_copy, tmp_path):
    data = project_copy / "data"
    set_line(data / "checklists" / "service-recovery.yml", "type:", "type: read-and-do")
    with (data / "quotes.yml").open("a", encoding="utf-8") as quotes:
        quotes.write("\n- text: A quote with no author.\n  tags: [customers]\n")
    (data / "glossary.yml").write_bytes((data / "glossary.yml").read_bytes() + b"\n- term: na\xefve\n")
    (data / "checklists" / "Bad_Name.yml").write_text("title: x\n", encoding="utf-8")
    result = mileposts("--root", str(project_copy), "validate", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "OK" not in result.stdout
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "4 problems in Mileposts data."
    problems = lines[:-1]
    assert all(PROBLEM_LINE.fullmatch(line) for line in problems), problems
    assert sorted(line.split(":", 1)[0] for line in problems) == [
        "data/checklists/Bad_Name.yml",
        "data/checklists/service-recovery.yml",
        "data/glossary.yml",
        "data/quotes.yml",
    ]
    assert any("type: expected one of read-do, do-confirm, found the text 'read-and-do'" in line for line in problems)
    assert any(".author: expected the field 'author', found it missing" in line for line in problems)
    assert any("expected UTF-8 text, found the byte 0xef" in line for line in problems)


def test_validate_names_the_file_and_line_of_a_bad_marker(project_copy, tmp_path):
    page = project_copy / "docs" / "stories.md"
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    page.write_text(text + '<!-- mileposts:video id="intro" -->\n', encoding="utf-8")
    result = mileposts("--root", str(project_copy), "validate", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    line = text.count("\n") + 1
    assert (
        f"docs/stories.md:{line}:1: marker: expected a marker named checklists, quotes, sessions or worksheets, "
        "found unknown marker 'video'" in result.stderr
    )


def test_validate_reports_broken_front_matter_and_unknown_page_sources(project_copy, tmp_path):
    docs = project_copy / "docs"
    (docs / "broken.md").write_text("---\ntitle: [unclosed\n---\n\n# Broken\n", encoding="utf-8")
    description = "description: A page made up for this test, citing a source.\n"
    (docs / "cites.md").write_text(f"---\ntitle: Cites\n{description}sources: [no-such-source]\n---\n\n# Cites\n", encoding="utf-8")
    result = mileposts("--root", str(project_copy), "validate", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(r"^docs/broken\.md:3:1: expected .+, found ", result.stderr, re.M), result.stderr
    # both pages' problems in one run
    assert "docs/cites.md:4:11: sources[0]: expected a source id from data/sources.yml (" in result.stderr
    assert "found unknown id 'no-such-source'" in result.stderr


@pytest.mark.parametrize("missing", ["data/glossary.yml", "data/site.yml"])
def test_a_missing_data_file_is_a_plain_problem_not_a_traceback(project_copy, tmp_path, missing):
    (project_copy / missing).unlink()
    result = mileposts("--root", str(project_copy), "validate", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert missing in result.stderr


def test_validate_with_a_root_that_is_not_a_playbook_fails_plainly(tmp_path):
    result = mileposts("--root", str(tmp_path / "nowhere"), "validate", cwd=tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr


def test_pages_writes_the_generated_markdown_of_every_checklist(repo_root, tmp_path):
    out = tmp_path / "out"
    result = mileposts("--root", str(repo_root), "pages", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    playbook = load_playbook(repo_root)
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    assert {f"checklists/{c}.md" for c in playbook.checklists} <= set(written)
    assert {"checklists/index.md", "quotes.md", "sources.md", "glossary.md"} <= set(written)
    assert f"Wrote {len(written)} pages" in result.stdout
    build = SiteBuild.load(repo_root, repo_root / "docs")
    for checklist_id in playbook.checklists:  # finished as the site builds them: front matter with the edit link, tooltips
        written = (out / "checklists" / f"{checklist_id}.md").read_text(encoding="utf-8")
        assert written == build.finished(f"checklists/{checklist_id}.md")
        assert f"edit_url: https://github.com/mileposts/mileposts/edit/main/data/checklists/{checklist_id}.yml" in written
    assert not (repo_root / "docs" / "checklists").exists(), "pages must never write into docs/"


@pytest.mark.parametrize("folder", ["docs", "data", "docs/checklists"])
def test_pages_refuses_to_write_into_docs_or_data(project_copy, tmp_path, folder):
    before = {name: tree_hash(project_copy / name) for name in ("docs", "data")}
    result = mileposts("--root", str(project_copy), "pages", str(project_copy / folder), cwd=project_copy)
    assert result.returncode != 0, "pages wrote into " + folder
    assert "Traceback" not in result.stderr
    assert {name: tree_hash(project_copy / name) for name in ("docs", "data")} == before


def test_pages_on_broken_data_writes_nothing_and_exits_one(project_copy, tmp_path):
    set_line(project_copy / "data" / "checklists" / "service-recovery.yml", "type:", "type: 42")
    out = tmp_path / "out"
    result = mileposts("--root", str(project_copy), "pages", str(out), cwd=tmp_path)
    assert result.returncode == 1
    assert "data/checklists/service-recovery.yml:" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_no_command_prints_usage_and_exits_two(tmp_path):
    result = mileposts(cwd=tmp_path)
    assert result.returncode == 2
    assert "usage: python -m mileposts" in result.stderr
    assert "validate" in result.stderr
