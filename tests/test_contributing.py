"""The contributor path: the template, the scaffold, the pre-commit hooks and the GitHub workflows."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from filled_template import fill
from mileposts.core.problems import DataError
from mileposts.kinds.playbook import load_playbook
from mileposts.scaffold import new_checklist, next_steps, slugify
from mileposts.site.build import SiteBuild

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_LINE = "# yaml-language-server: $schema=../schemas/checklist.schema.json"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A scratch root holding a copy of the repository's data/."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


def test_template_is_valid_and_not_published():
    template = ROOT / "data" / "checklists" / "_template.yml"
    assert template.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE
    playbook = load_playbook(ROOT)
    assert "_template" not in playbook.checklists
    assert playbook.checklists, "the real checklists should still be published"


def test_scaffold_creates_a_checklist_that_validates_once_its_placeholders_are_replaced(data_copy: Path):
    path = new_checklist(data_copy, "Welcome a returning customer")
    assert path == data_copy / "data" / "checklists" / "welcome-a-returning-customer.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == SCHEMA_LINE
    assert f"reviewed: {datetime.date.today().isoformat()}" in lines
    with pytest.raises(DataError) as raised:  # the template's example sentences are never published
        load_playbook(data_copy)
    assert {p.path for p in raised.value.problems} == {"data/checklists/welcome-a-returning-customer.yml"}
    assert all("expected your own words, found the template's example text" in p.message for p in raised.value.problems)
    assert {p.field for p in raised.value.problems} >= {"summary", "when", "sections[0].items[0]"}
    path.write_text(fill(path.read_text(encoding="utf-8"), strict=False), encoding="utf-8")

    playbook = load_playbook(data_copy)
    checklist = playbook.checklists["welcome-a-returning-customer"]
    assert checklist.title == "Welcome a returning customer"

    shutil.copytree(ROOT / "docs", data_copy / "docs")
    shutil.copy(ROOT / "CONTRIBUTING.md", data_copy / "CONTRIBUTING.md")
    build = SiteBuild.load(data_copy, data_copy / "docs")
    assert "checklists/welcome-a-returning-customer.md" in build.generated

    message = next_steps(path)
    assert "welcome-a-returning-customer.yml" in message
    assert "mileposts validate" in message


def test_scaffold_keeps_odd_titles_intact(data_copy: Path):
    title = "Café hand-over: the ‘#1’ rule"
    path = new_checklist(data_copy, title)
    path.write_text(fill(path.read_text(encoding="utf-8"), strict=False), encoding="utf-8")
    assert load_playbook(data_copy).checklists["cafe-hand-over-the-1-rule"].title == title


def test_scaffold_refuses_duplicates_and_titles_without_letters(data_copy: Path):
    existing = data_copy / "data" / "checklists" / "service-recovery.yml"
    before = existing.read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="already exists"):
        new_checklist(data_copy, "Service recovery")
    assert existing.read_text(encoding="utf-8") == before

    new_checklist(data_copy, "Welcome a returning customer")
    with pytest.raises(ValueError, match="already exists"):
        new_checklist(data_copy, "Welcome a  returning customer!")
    with pytest.raises(ValueError, match="letters or digits"):
        new_checklist(data_copy, "?!?")


def test_slugify():
    assert slugify("  Welcome a returning customer ") == "welcome-a-returning-customer"
    assert slugify("Crème brûlée -- a 2nd try!") == "creme-brulee-a-2nd-try"
    assert slugify("—") == ""


def test_every_pre_commit_hook_passes(tmp_path: Path):
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (e.g. a source tarball): pre-commit needs git to list the files")
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True, check=True
    )
    files = [name for name in listed.stdout.decode("utf-8").split("\0") if name and (ROOT / name).is_file()]
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit"), "SKIP": ""}
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "pre-commit"), "run", "--color", "never", "--files", *files],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    passed = [line for line in result.stdout.splitlines() if line.rstrip().endswith("Passed")]
    assert len(passed) == len(hooks), f"every hook should run and pass, not be skipped:\n{result.stdout}"


def test_pre_commit_config_runs_offline_from_the_venv():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    for repo in config["repos"]:
        assert repo["repo"] == "local"
        for hook in repo["hooks"]:
            assert hook["language"] == "unsupported", hook["id"]
            assert hook["entry"].startswith(".venv/bin/"), hook["id"]


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_valid_and_pinned(path: Path):
    text = path.read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert workflow["permissions"] == {"contents": "read"}
    for step in _steps(workflow):
        if "uses" in step:
            assert PINNED.match(step["uses"]), f"{path.name}: {step['uses']} is not pinned to a full commit SHA"
    for line in text.splitlines():
        if "uses:" in line:
            assert re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), f"{path.name}: add the version as '# vX.Y.Z': {line.strip()}"


@pytest.mark.parametrize("name", ["test.yml", "deploy.yml"])
def test_workflow_runs_the_readme_test_command_and_builds(name: str):
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    runs = [step.get("run", "").strip() for step in _steps(workflow)]
    assert "./scripts/test" in runs
    assert runs.index("./scripts/build") > runs.index("./scripts/test")
    checkout = next(step for step in _steps(workflow) if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0, "full history gives each page its last-updated date"
    readme = ROOT / "README.md"
    if readme.exists():
        assert "./scripts/test" in readme.read_text(encoding="utf-8")


def test_workflow_triggers_and_deploy_permissions():
    test = yaml.safe_load((ROOT / ".github" / "workflows" / "test.yml").read_text(encoding="utf-8"))
    triggers = test.get("on", test.get(True))  # PyYAML reads a bare `on` key as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    assert any(step.get("uses", "").startswith("actions/upload-artifact@") for step in _steps(test))

    deploy = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    triggers = deploy.get("on", deploy.get(True))
    assert triggers["push"]["branches"] == ["main"] and "pull_request" not in triggers
    assert deploy["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    used = " ".join(step.get("uses", "") for step in _steps(deploy))
    for action in ("actions/configure-pages@", "actions/upload-pages-artifact@", "actions/deploy-pages@"):
        assert action in used


def test_issue_forms_are_valid():
    folder = ROOT / ".github" / "ISSUE_TEMPLATE"
    for name in ("content-suggestion.yml", "something-broken.yml", "suggest-checklist.yml"):
        form = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
        assert form["name"] and form["description"] and form["body"]
        ids = [field["id"] for field in form["body"] if "id" in field]
        assert len(ids) == len(set(ids)), f"{name}: field ids must be unique"
    assert "contact_links" in yaml.safe_load((folder / "config.yml").read_text(encoding="utf-8"))


def test_contributing_guide_has_no_relative_links():
    """CONTRIBUTING.md is also included into docs/contributing.md, where relative links would break."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s]+)\)", text)
    assert targets
    for target in targets:
        assert target.startswith("https://"), f"use a full https:// address, not {target!r}"
    for command in ("./scripts/serve", "./scripts/test", "mileposts validate", "mileposts new", "pre-commit install"):
        assert command in text
