"""`python -m mileposts from-issue ISSUE.md`: a "Suggest a checklist" issue becomes a checklist file that validates."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from mileposts.core.schemas import check_schema
from mileposts.core.tags import AUDIENCES
from mileposts.core.yamlfile import parse_yaml_text
from mileposts.from_issue import FORM, form_labels

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = Path(__file__).parent / "fixtures" / "from-issue" / "suggest-checklist.md"
GOLDEN = Path(__file__).parent / "golden" / "from-issue" / "welcome-a-returning-customer.yml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for name in ("data", "docs", ".github"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "CONTRIBUTING.md", tmp_path / "CONTRIBUTING.md")
    return tmp_path


def from_issue(root: Path, body: str | Path, *extra: str) -> subprocess.CompletedProcess:
    issue = body if isinstance(body, Path) else root / "ISSUE.md"
    if not isinstance(body, Path):
        issue.write_text(body, encoding="utf-8")
    command = [sys.executable, "-m", "mileposts", "from-issue", "--reviewed", "2026-12-01", str(issue), *extra]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=300, env={"MILEPOSTS_PDF": "0", "PATH": ""})


def test_the_stored_example_issue_gives_the_golden_checklist_and_it_validates(root):
    result = from_issue(root, EXAMPLE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "is valid" in result.stdout
    written = root / "data" / "checklists" / "welcome-a-returning-customer.yml"
    assert written.read_text(encoding="utf-8") == GOLDEN.read_text(encoding="utf-8")
    validate = subprocess.run([sys.executable, "-m", "mileposts", "validate"], cwd=root, capture_output=True, text=True, timeout=300)
    assert validate.returncode == 0, validate.stderr


def test_a_second_run_refuses_to_overwrite(root):
    assert from_issue(root, EXAMPLE).returncode == 0
    again = from_issue(root, EXAMPLE)
    assert again.returncode == 2 and "expected a new file, found one already there" in again.stderr


def example_with(old: str, new: str) -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new)


INJECTIONS = [
    'Welcome back"\nsummary: injected\ntags: [evil]',
    "Welcome back: {evil: true}",
    "!!python/object/apply:os.system ['id']",
    "Welcome back\n---\nsecond: document",
    "Welcome back &x *y",
]


@pytest.mark.parametrize("title", INJECTIONS, ids=["quote-and-fields", "flow-mapping", "python-tag", "second-document", "anchor-alias"])
def test_yaml_in_the_issue_stays_text(root, title):
    body = example_with("### Title\n\nWelcome a returning customer\n", f"### Title\n\n{title}\n")
    from_issue(root, body)
    written = [p for p in (root / "data" / "checklists").glob("*.yml") if p.read_text(encoding="utf-8").count("from-issue")]
    assert len(written) == 1, "exactly one file written"
    text = written[0].read_text(encoding="utf-8")
    parsed = parse_yaml_text(text, "x.yml")
    assert parsed.problems == [], parsed.problems
    assert set(parsed.data) == {"title", "summary", "when", "type", "type_reason", "audience", "tags", "sources", "reviewed", "sections"}
    assert parsed.data["title"] == " ".join(title.split())
    assert parsed.data["tags"] == ["first-mile", "customers"]
    assert parsed.data["summary"] == "Helps front-line staff greet a customer they have served before."


def test_html_and_invisible_characters_in_the_issue_are_written_as_text_and_reported_by_validate(root):
    body = example_with("- Ask how the last visit went.", "- Ask <script>alert(1)</script> how it went.\n- Ask\u202e about\u0085 it.")
    result = from_issue(root, body)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    text = (root / "data" / "checklists" / "welcome-a-returning-customer.yml").read_text(encoding="utf-8")
    assert "\u202e" not in text and "\\u202e" in text and "\\u0085" in text
    parsed = parse_yaml_text(text, "x.yml")
    items = parsed.data["sections"][0]["items"]
    assert "Ask <script>alert(1)</script> how it went." in items
    assert "data/checklists/welcome-a-returning-customer.yml:" in result.stderr
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in result.stderr


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("### Title\n\nWelcome a returning customer\n", "### Title\n\n_No response_\n", "expected a '### Title' section"),
        (
            "### Critical items\n\nListen to the whole answer.",
            "### Critical items\n\nListen closely.",
            "expected every critical item to be one",
        ),
    ],
    ids=["no-title", "unknown-critical-item"],
)
def test_an_issue_that_cannot_be_a_checklist_says_why(root, old, new, words):
    result = from_issue(root, example_with(old, new))
    assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr
    assert not list((root / "data" / "checklists").glob("welcome*"))


def test_the_issue_form_offers_exactly_what_a_checklist_accepts():
    form = yaml.safe_load((ROOT / FORM).read_text(encoding="utf-8"))
    fields = {f["id"]: f for f in form["body"] if "id" in f}
    assert set(form_labels(ROOT)) == {"title", "summary", "when", "type", "items", "critical", "audience", "tags", "sources", "other"}
    schema = yaml.safe_load((ROOT / "data" / "schemas" / "checklist.schema.json").read_text(encoding="utf-8"))
    assert fields["tags"]["attributes"]["options"] == schema["$defs"]["tag"]["enum"]
    assert fields["audience"]["attributes"]["options"] == list(AUDIENCES.values())
    sources = yaml.safe_load((ROOT / "data" / "sources.yml").read_text(encoding="utf-8"))
    assert [o.split(":")[0] for o in fields["sources"]["attributes"]["options"]] == [s["id"] for s in sources]
    assert [o.split(" ")[0] for o in fields["type"]["attributes"]["options"]] == ["READ-DO", "DO-CONFIRM"]


def test_the_golden_file_follows_the_schema():
    parsed = parse_yaml_text(GOLDEN.read_text(encoding="utf-8"), "golden.yml")
    assert check_schema(parsed, ROOT / "data" / "schemas", "checklist.schema.json") == []
