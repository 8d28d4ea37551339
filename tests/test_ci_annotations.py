"""The pull request's check: the workflow's validation step on a broken copy gives GitHub annotations and a plain summary."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import copy_project
from mileposts.ci import annotation, escape_data, escape_property, summary
from mileposts.core.problems import Problem

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "ci"
ANNOTATION = re.compile(r"^::error file=([^,]+),line=(\d+),col=(\d+),title=([^:]*)::(.+)$")


def validation_step() -> list[str]:
    """The command of the workflow's "Check the data files" step, run with this test's Python."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "test.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["test"]["steps"]
    step = next(s for s in steps if s.get("name") == "Check the data files")
    command = shlex.split(step["run"].split("&&")[-1])
    assert command[:3] == [".venv/bin/python", "-m", "mileposts"], command
    return [sys.executable, *command[1:]]


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A copy of the project with a YAML mistake in one new checklist and template placeholders in another."""
    project = copy_project(tmp_path / "project")
    shutil.copy(FIXTURES / "broken-apostrophe.yml", project / "data" / "checklists" / "welcome-back.yml")
    shutil.copy(project / "data" / "checklists" / "_template.yml", project / "data" / "checklists" / "untouched.yml")
    return project


def test_the_workflow_validation_step_annotates_every_problem_and_writes_a_summary(broken, tmp_path):
    summary_file = tmp_path / "summary.md"
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary_file), "MILEPOSTS_PDF": "0"}
    result = subprocess.run(validation_step(), cwd=broken, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    found = [ANNOTATION.match(line) for line in lines]
    assert all(found), lines
    by_file = {}
    for match in found:
        assert match is not None
        by_file.setdefault(match.group(1), []).append(match)
    assert set(by_file) == {"data/checklists/welcome-back.yml", "data/checklists/untouched.yml"}
    (apostrophe,) = by_file["data/checklists/welcome-back.yml"]
    assert (apostrophe.group(2), apostrophe.group(3)) == ("14", "14")
    assert "an apostrophe inside single quotes closes them" in apostrophe.group(5)
    assert len(by_file["data/checklists/untouched.yml"]) >= 5
    assert any(m.group(4) == "summary%3A problem in this file" for m in by_file["data/checklists/untouched.yml"])
    assert len(lines) == int(re.search(r"(\d+) problems? in Mileposts data", result.stderr).group(1))  # type: ignore[union-attr]

    text = summary_file.read_text(encoding="utf-8")
    assert text.startswith(f"## Mileposts found {len(lines)} problems in 2 files")
    assert "**data/checklists/welcome\\-back.yml**, line 14" in text
    assert "Files changed" in text and "pencil" in text


def test_a_clean_run_says_so_in_the_summary(tmp_path):
    summary_file = tmp_path / "summary.md"
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary_file), "MILEPOSTS_PDF": "0"}
    result = subprocess.run(validation_step(), cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "::error" not in result.stdout
    assert summary_file.read_text(encoding="utf-8").startswith("## Mileposts: every data file is fine")


def test_text_format_prints_no_annotations_even_in_actions(broken):
    env = {**os.environ, "GITHUB_ACTIONS": "true", "MILEPOSTS_PDF": "0"}
    command = [sys.executable, "-m", "mileposts", "validate", "--format", "text"]
    result = subprocess.run(command, cwd=broken, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1 and "::error" not in result.stdout
    assert "data/checklists/welcome-back.yml:14:14: expected the text to end at its closing '" in result.stderr


def test_workflow_commands_cannot_be_injected_through_a_message_or_a_path():
    problem = Problem("data/a,b:c.yml", 3, 4, "x", "found 100% '\r\n::error::pwned' and <b>")
    line = annotation(problem)
    assert (
        line == "::error file=data/a%2Cb%3Ac.yml,line=3,col=4,title=x%3A problem in this file::found 100%25 '%0D%0A::error::pwned' and <b>"
    )
    assert "\n" not in line and "\r" not in line
    assert escape_data("%0A") == "%250A" and escape_property("a:b,c") == "a%3Ab%2Cc"
    text = summary([problem])
    assert "<b>" not in text and "&lt;b&gt;" in text
    assert "\n::error" not in text


def test_markdown_in_a_message_does_not_become_a_link_in_the_summary():
    text = summary([Problem("data/x.yml", 1, 1, "", "found [click](https://evil.example) and ![img](x)")])
    assert "[click](" not in text and "\\[click\\]\\(" in text


def test_the_pull_request_workflow_checks_first_then_tests_and_attaches_a_browsable_preview():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "test.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["test"]["steps"]
    runs = [s.get("run", "") for s in steps]
    names = [s.get("name", "") for s in steps]
    assert names.index("Check the data files") < runs.index("./scripts/test") < runs.index("./scripts/build")
    unpack = next(s for s in steps if "mileposts-offline.zip" in s.get("run", ""))
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert steps.index(unpack) < steps.index(upload)
    assert "format('mileposts-preview-pr-{0}', github.event.pull_request.number)" in upload["with"]["name"]
    assert upload["with"]["path"] == "preview/" and upload["id"] == "preview"
    link = steps[steps.index(upload) + 1]
    assert link["env"]["PREVIEW_URL"] == "${{ steps.preview.outputs.artifact-url }}"
    assert "$PREVIEW_URL" in link["run"] and "GITHUB_STEP_SUMMARY" in link["run"] and "${{" not in link["run"]
    assert "mileposts/index.html" in link["run"]
