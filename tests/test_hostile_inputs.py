"""Every bad input ends in `path:line:column: field: expected ..., found ...`, all of them in one run, and no traceback.

Written as a careless contributor or an attacker would: broken YAML of every class in
every kind of file, text that no output can hold, front matter of the wrong shape, paths
that lead out of the repository, names that would replace other pages, files the build
would ignore, and command lines that point at the wrong place. Each case runs the real
command line (`python -m mileposts validate`) or the real build, and checks the exact
location and the words of the message.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MKDOCS_ENV, copy_project
from mileposts.cli import main

LOCATED = re.compile(r"^(?:data|docs)/[^:]+:\d+:\d+: (?:[^:]+: )?expected .+, found .+$")
FILES = {  # one file of each kind, and the line a value is appended or replaced on
    "checklist": "data/checklists/service-recovery.yml",
    "worksheet": "data/worksheets/recovery-log.yml",
    "quotes": "data/quotes.yml",
    "glossary": "data/glossary.yml",
    "sources": "data/sources.yml",
    "site": "data/site.yml",
    "assessment": "data/assessment.yml",
    "search": "data/search.yml",
    "page": "docs/stories.md",
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("pristine") / "project")


@pytest.fixture
def project(pristine, tmp_path) -> Path:
    """A fresh copy of the project for one case (copied from a module-wide copy: fast)."""
    target = tmp_path / "project"
    subprocess.run(["cp", "-a", str(pristine), str(target)], check=True)
    return target


def validate(project: Path, *extra: str) -> subprocess.CompletedProcess:
    """`python -m mileposts --root PROJECT validate`, run in this process (the same main(), without a Python start-up)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(project), *extra, "validate"])
    return subprocess.CompletedProcess(["validate"], code, out.getvalue(), err.getvalue())


def problems_of(result: subprocess.CompletedProcess) -> list[str]:
    """The problem lines of a failed run, after checking it failed plainly."""
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output, output
    lines = result.stderr.strip().splitlines()
    assert re.fullmatch(r"\d+ problems? in Mileposts data\.", lines[-1]), lines[-1]
    for line in lines[:-1]:
        assert LOCATED.match(line), f"not located: {line}"
    return lines[:-1]


def break_line(project: Path, relative: str, line: int, text: str) -> None:
    """Replace line `line` (1-based) of a file with `text` (which may hold several lines, or raw bytes as latin-1 escapes)."""
    path = project / relative
    lines = path.read_bytes().split(b"\n")
    lines[line - 1] = text.encode("utf-8", "surrogatepass")
    path.write_bytes(b"\n".join(lines))


def first_line_of(project: Path, relative: str, prefix: str) -> int:
    lines = (project / relative).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.lstrip("- ").startswith(prefix))


# -------------------------------------------------------------------------------- YAML of every class

BROKEN = {
    # name: (the line's new text given its old one, expected column or None, words)
    "nul-byte": (lambda old: old + "\x00", None, "control character U+0000 NUL"),
    "bell": (lambda old: old.replace(":", ": \x07", 1), None, "control character U+0007 BEL"),
    "tab-indent": (lambda old: "\t" + old, 1, "expected spaces at the start of the line, found a tab"),
    "unclosed-quote": (lambda old: old.split(":")[0] + ': "unclosed', None, "quote"),
    "bad-escape": (lambda old: old.split(":")[0] + ': "\\q"', None, "found unknown escape character 'q'"),
    "lone-surrogate": (lambda old: old.split(":")[0] + ': "a \\ud800 b"', None, "lone surrogate U+D800"),
    "escaped-bell": (lambda old: old.split(":")[0] + ': "a \\a b"', None, "control character U+0007 BEL"),
    "zero-width-space": (lambda old: old.split(":")[0] + ": a\u200bb", None, "U+200B ZERO WIDTH SPACE"),
    "bidi-override": (lambda old: old.split(":")[0] + ": \u202egnp.exe", None, "U+202E RIGHT-TO-LEFT OVERRIDE"),
    "huge-integer": (lambda old: old.split(":")[0] + ": " + "9" * 5000, None, "number of a sensible size"),
    "huge-hex": (lambda old: old.split(":")[0] + ": 0x" + "f" * 5000, None, "number of a sensible size"),
    "infinity": (lambda old: old.split(":")[0] + ": .inf", None, "finite number"),
    "deep-nesting": (lambda old: old.split(":")[0] + ": " + "[" * 500 + "]" * 500, None, "at most 20 levels of nesting"),
    "python-tag": (lambda old: old.split(":")[0] + ": !!python/object/apply:os.system [id]", None, "found the tag"),
    "binary-tag": (lambda old: old.split(":")[0] + ": !!binary aGVsbG8=", None, "found the tag"),
    "alias": (lambda old: old.split(":")[0] + ": *nowhere", None, "alias"),
    "second-document": (lambda old: old + "\n---\nextra: 1", None, "single document"),
}
KIND_LINES = {  # the line of each kind's file that the cases break (a simple `key: value` line)
    "checklist": "summary:",
    "worksheet": "when:",
    "quotes": "author:",
    "glossary": "definition:",
    "sources": "title:",
    "site": "licence:",
    "assessment": "reviewed:",
    "search": "checklists/index.md:",
    "page": "description:",
}


@pytest.mark.parametrize("kind", KIND_LINES)
@pytest.mark.parametrize("case", BROKEN)
def test_broken_yaml_of_every_class_in_every_kind_is_located(project, kind, case):
    relative = FILES[kind]
    line = first_line_of(project, relative, KIND_LINES[kind])
    old = (project / relative).read_text(encoding="utf-8").splitlines()[line - 1]
    change, column, words = BROKEN[case]
    if kind == "page" and case == "second-document":
        pytest.skip("in front matter a '---' line ends the front matter: the rest is the page's text")
    break_line(project, relative, line, change(old))
    found = problems_of(validate(project))
    here = [p for p in found if p.startswith(f"{relative}:")]
    assert here, "\n".join(found)
    assert any(words in p for p in here), "\n".join(here)
    lines = {int(p.split(":")[1]) for p in here}
    assert line in lines or (case == "second-document" and line + 1 in lines), "\n".join(here)
    if column is not None:
        assert any(p.split(":")[2] == str(column) for p in here), "\n".join(here)


def test_a_file_with_several_problems_reports_them_all_in_one_run(project):
    relative = FILES["checklist"]
    text = (project / relative).read_text(encoding="utf-8")
    text = text.replace("type: read-do", "type: read-and-do")  # schema
    text, dates = re.subn(r"(?m)^reviewed: \d{4}-\d{2}-\d{2}$", "reviewed: 2026-02-30", text)  # a date that does not exist
    assert dates == 1
    text = text.replace("- Apologise once, plainly", "- The apology is given once, plainly")  # the verb rule
    (project / relative).write_text(text, encoding="utf-8")
    found = "\n".join(problems_of(validate(project)))
    assert "type: expected one of read-do, do-confirm" in found
    assert "reviewed: expected a real calendar date, found '2026-02-30'" in found
    assert "expected one action starting with a verb" in found


def test_schema_problems_and_checklist_practice_problems_come_in_the_same_run(project):
    relative = FILES["checklist"]
    text = (project / relative).read_text(encoding="utf-8")
    text = re.sub(r"(?m)^type_reason: .*\n", "", text)  # the schema: a required field missing
    text = re.sub(r"(?m)^        critical: true\n", "", text)  # the practice: no critical item
    text = text.replace(
        "      - Apologise once,", "      - Check the order number with them.\n      - Apologise once,"
    )  # ten items at one pause point
    (project / relative).write_text(text, encoding="utf-8")
    found = "\n".join(problems_of(validate(project)))
    assert "type_reason: expected the field 'type_reason', found it missing" in found
    assert "expected at least one item marked `critical: true`" in found
    assert "when: expected at most 9 items at this pause point" in found


def test_problems_in_data_and_in_pages_come_in_the_same_run(project):
    break_line(project, FILES["checklist"], first_line_of(project, FILES["checklist"], "type:"), "type: sometimes")
    break_line(project, FILES["page"], first_line_of(project, FILES["page"], "title:"), "title: 5")
    found = problems_of(validate(project))
    assert {p.split(":")[0] for p in found} == {FILES["checklist"], FILES["page"]}


# -------------------------------------------------------------------------------- front matter

FRONT = "---\ntitle: A page\ndescription: A page made up for this test, with enough words.\nEXTRA---\n\n# A page\n"
FRONT_CASES = {
    "sources-a-number": ("sources: 5\n", 4, "sources: expected a list, found the number 5"),
    "title-a-number": (None, 2, "title: expected text, found the number 5"),
    "nested-tags": ("tags: [[Zero mile]]\n", 4, "tags[0]: expected text, found a list of 1 item"),
    "unknown-tag": ("tags: [Everything]\n", 4, "tags[0]: expected a tag label"),
    "duplicate-key": ("title: Again\n", 4, "title: expected each field once, found it again (first on line 2"),
    "unknown-field": ("template: ../../etc/passwd\n", 4, "unknown field 'template'"),
    "markup-in-title": (None, 2, "title: expected plain words"),
    "boost-infinite": ("search:\n  boost: .inf\n", 5, "search.boost: expected a finite number"),
    "edit-path-missing": ("edit_path: NOPE.md\n", 4, "edit_path: expected a file of the repository, found no NOPE.md"),
    "unknown-source": ("sources: [no-such-source]\n", 4, "sources[0]: expected a source id from data/sources.yml"),
}


@pytest.mark.parametrize("case", FRONT_CASES)
def test_front_matter_of_the_wrong_shape_is_located(project, case):
    extra, line, words = FRONT_CASES[case]
    page = FRONT.replace("EXTRA", extra or "")
    if case == "title-a-number":
        page = page.replace("title: A page", "title: 5")
    if case == "markup-in-title":
        page = page.replace("title: A page", "title: A <b>page</b>")
    (project / "docs" / "made-up.md").write_text(page, encoding="utf-8")
    found = problems_of(validate(project))
    assert any(p.startswith(f"docs/made-up.md:{line}:") and words in p for p in found), "\n".join(found)


@pytest.mark.parametrize(
    ("page", "words"),
    [
        ("# No front matter at all\n", "docs/made-up.md:1:1: front matter: expected front matter between two '---' lines"),
        ("---\ntitle: Only a title\n---\n# Page\n", "docs/made-up.md:2:1: description: expected the field 'description', found it missing"),
        ("---\n- a list\n---\n# Page\n", "docs/made-up.md:2:1: expected a mapping of fields, found a list of 1 item"),
        ("title: MultiMarkdown style\ndescription: Read by MkDocs, refused here.\n\n# Page\n", "expected front matter between"),
    ],
    ids=["none", "missing-description", "a-list", "multimarkdown"],
)
def test_missing_or_odd_front_matter_is_located(project, page, words):
    (project / "docs" / "made-up.md").write_text(page, encoding="utf-8")
    assert any(words in p for p in problems_of(validate(project)))


@pytest.mark.parametrize(
    ("page", "words"),
    [
        (FRONT.replace("EXTRA", "sources: 5\n"), "docs/made-up.md:4:10: sources: expected a list, found the number 5"),
        (FRONT.replace("EXTRA", "title: Twice\n"), "docs/made-up.md:4:1: title: expected each field once, found it again"),
        (
            "---\ntitle: No description\n---\n# Page\n",
            "docs/made-up.md:2:1: description: expected the field 'description', found it missing",
        ),
        (FRONT.replace("EXTRA", "tags: [[a, b]]\n"), "docs/made-up.md:4:8: tags[0]: expected text, found a list of 2 items"),
    ],
    ids=["sources-a-number", "duplicate-key", "no-description", "nested-list"],
)
def test_the_build_reports_front_matter_problems_located_without_a_traceback(project, tmp_path, page, words):
    (project / "docs" / "made-up.md").write_text(page, encoding="utf-8")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")]
    env = {**MKDOCS_ENV, "MILEPOSTS_PDF": "0", "MILEPOSTS_OFFLINE": "0"}
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert words in result.stderr, result.stderr


# -------------------------------------------------------------------------------- names and paths


def test_symbolic_links_out_of_the_repository_are_refused_and_nothing_is_read(project, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secret\ndescription: A file outside the repository, never to be published.\n---\nSECRET\n")
    (project / "docs" / "leak.md").symlink_to(secret)
    (project / "docs" / "all").symlink_to("/etc")
    (project / "data" / "checklists" / "passwd.yml").symlink_to("/etc/passwd")
    (project / "data" / "checklists" / "inside.yml").symlink_to(project / "data" / "checklists" / "service-recovery.yml")
    found = problems_of(validate(project))
    for name, where in [
        ("docs/leak.md", "outside"),
        ("docs/all", "outside"),
        ("data/checklists/passwd.yml", "outside"),
        ("data/checklists/inside.yml", "elsewhere"),
    ]:
        assert any(p.startswith(f"{name}:1:1: expected a regular file or folder, found a symbolic link") and where in p for p in found), (
            name
        )
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")],
        cwd=project, env={**MKDOCS_ENV, "MILEPOSTS_PDF": "0", "MILEPOSTS_OFFLINE": "0"}, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert build.returncode != 0 and "Traceback" not in build.stderr
    assert not (tmp_path / "site").exists() or "SECRET" not in "".join(
        p.read_text(errors="replace") for p in (tmp_path / "site").rglob("*.html")
    )


@pytest.mark.parametrize(
    ("name", "clash"),
    [
        ("index", "checklists/index.md"),
        ("assessment", "pdf/assessment-a4.pdf"),
        ("mileposts-trainer-pack", "pdf/mileposts-trainer-pack-a4.pdf"),
    ],
)
def test_a_checklist_named_like_a_page_or_printable_of_the_site_is_refused(project, name, clash):
    source = project / FILES["checklist"]
    (project / "data" / "checklists" / f"{name}.yml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    found = problems_of(validate(project))
    assert any(p.startswith(f"data/checklists/{name}.yml:1:1: expected a name no other page") and clash in p for p in found), found


def test_a_worksheet_named_like_its_index_is_refused(project):
    source = project / FILES["worksheet"]
    (project / "data" / "worksheets" / "index.yml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    found = problems_of(validate(project))
    assert any(p.startswith("data/worksheets/index.yml:1:1: expected a name no other page") and "worksheets/index.md" in p for p in found)


@pytest.mark.parametrize(
    ("path", "clash"),
    [("docs/quotes.md", "quotes.md"), ("docs/checklists.json", "checklists.json"), ("docs/pdf/service-recovery-a4.pdf", "pdf/")],
)
def test_a_hand_written_file_that_a_generated_one_would_replace_is_refused(project, path, clash):
    target = project / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(FRONT.replace("EXTRA", "") if path.endswith(".md") else "{}", encoding="utf-8")
    found = problems_of(validate(project))
    assert any(p.startswith(f"{path}:1:1: expected a name no other page") and clash in p for p in found), found


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("data/checklists/shouting.YML", "expected a file name ending in .yml, found 'shouting.YML'"),
        ("data/checklists/old/service-recovery.yml", "expected each file directly in data/checklists/"),
        ("data/quote.yml", "did you mean data/quotes.yml?"),
        ("data/schemas/extra.json", "expected only files the build reads under data/"),
        ("data/checklists/with space.yml", "expected a file name of letters, digits"),
        ("data/checklists/zero\u200bwidth.yml", "expected a file name of letters, digits"),
        ("docs/Bad Name.md", "expected a file name of letters, digits"),
        ("docs/UPPER.md", "expected a page name of lowercase letters"),
        ("docs/notes.markdown", "expected a page name of lowercase letters"),
    ],
)
def test_a_file_the_build_would_ignore_or_mis_publish_is_a_problem_naming_it(project, path, words):
    target = project / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text((project / FILES["checklist"]).read_text(encoding="utf-8"), encoding="utf-8")
    found = problems_of(validate(project))
    assert any(p.startswith(f"{path}:1:1:") and words in p for p in found), "\n".join(found)


@pytest.mark.parametrize(
    ("first", "second"),
    [("Café", "Cafe\u0301"), ("Greet", "Ｇｒｅｅｔ"), ("Greet  the customer", "greet the CUSTOMER")],
    ids=["composed-and-decomposed", "fullwidth", "case-and-spaces"],
)
def test_duplicate_items_are_found_after_unicode_normalisation(project, first, second):
    relative = FILES["checklist"]
    text = (project / relative).read_text(encoding="utf-8")
    a = "Let the customer explain in full without interrupting."
    b = "Repeat back what you heard, in your own words."
    assert a in text and b in text
    text = text.replace(a, f"Check {first} the customer first.").replace(b, f"Check {second} the customer first.")
    (project / relative).write_text(text, encoding="utf-8")
    found = problems_of(validate(project))
    assert any("expected each item once, found the same text as sections[0].items[1]" in p for p in found), found


@pytest.mark.parametrize(
    ("term", "words"),
    [("!!!", "make a link anchor of its own"), ("Glossary", "make a link anchor of its own"), ("NPS!", "no other term has")],
)
def test_glossary_terms_give_distinct_non_empty_anchors(project, term, words):
    with (project / FILES["glossary"]).open("a", encoding="utf-8") as glossary:
        glossary.write(f'\n- term: "{term}"\n  definition: A term made up for this test, to check its anchor.\n')
    found = problems_of(validate(project))
    assert any(p.startswith(f"{FILES['glossary']}:") and words in p for p in found), found


def test_an_unclosed_marker_is_an_error_at_its_line(project):
    page = project / FILES["page"]
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    page.write_text(text + '<!-- mileposts:quotes tag="last-mile"\n\nThe rest of the page.\n', encoding="utf-8")
    found = problems_of(validate(project))
    line = text.count("\n") + 1
    assert f"{FILES['page']}:{line}:1: marker: expected the marker to end with -->, found it unclosed" in found


def test_a_glossary_link_to_a_page_that_does_not_exist_is_located(project):
    line = first_line_of(project, FILES["glossary"], "link:")
    break_line(project, FILES["glossary"], line, "  link: frameworks/no-such-page.md")
    found = problems_of(validate(project))
    assert any(p.startswith(f"{FILES['glossary']}:{line}:") and "found no page frameworks/no-such-page.md" in p for p in found)


# -------------------------------------------------------------------------------- the command line


def mileposts(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mileposts", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def plain_failure(result: subprocess.CompletedProcess, code: int, words: str) -> None:
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert words in result.stderr, result.stderr


def test_pages_and_pdf_into_an_existing_file_say_so(project):
    (project / "a-file").write_text("not a folder")
    plain_failure(mileposts("pages", "a-file", cwd=project), 2, "a-file: expected a folder to write into, found a file")
    plain_failure(mileposts("pdf", "a-file", cwd=project), 2, "a-file: expected a folder to write into, found a file")
    plain_failure(mileposts("pages", "a-file/below", cwd=project), 2, "a-file/below: expected a folder Mileposts can create")
    assert (project / "a-file").read_text() == "not a folder"


def test_new_without_its_template_says_how_to_restore_it(project):
    (project / "data" / "checklists" / "_template.yml").unlink()
    plain_failure(mileposts("new", "Greet a regular", cwd=project), 1, "git checkout -- data/checklists/_template.yml")
    assert not (project / "data" / "checklists" / "greet-a-regular.yml").exists()


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("--root", "no/such/place", "validate"), 2, "no/such/place: expected a Mileposts repository"),
        (("pdf", "--jobs", "0", "out"), 2, "expected a whole number of worker processes from 1 to 64, found '0'"),
        (("pages", "docs/generated"), 2, "expected a folder outside docs/"),
        (("new", "A <b>bold</b> title"), 1, "title: expected plain words"),
        (("new", "Hidden\u202eeman"), 1, "U+202E RIGHT-TO-LEFT OVERRIDE"),
        (("frobnicate",), 2, "invalid choice: 'frobnicate'"),
    ],
    ids=["root-missing", "jobs-zero", "pages-into-docs", "new-with-markup", "new-with-bidi", "unknown-command"],
)
def test_a_wrong_command_line_fails_plainly(project, args, code, words):
    plain_failure(mileposts(*args, cwd=project), code, words)


def test_validate_of_a_folder_that_is_not_a_playbook(tmp_path):
    plain_failure(mileposts("--root", str(tmp_path), "validate", cwd=tmp_path), 2, "expected a Mileposts repository")


def test_the_build_never_modifies_docs_or_data(project, tmp_path):
    before = {p: p.read_bytes() for folder in ("docs", "data") for p in (project / folder).rglob("*") if p.is_file()}
    env = {**MKDOCS_ENV, "MILEPOSTS_PDF": "0"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "s")], cwd=project, env=env, capture_output=True, timeout=300
    )
    mileposts("pages", str(tmp_path / "p"), cwd=project)
    after = {p: p.read_bytes() for folder in ("docs", "data") for p in (project / folder).rglob("*") if p.is_file()}
    assert before == after


def test_no_module_runs_under_a_python_that_lacks_the_c_yaml_loader(project):
    run = f"raise SystemExit(main(['--root', {str(project)!r}, 'validate']))"
    code = f"import yaml; del yaml.CSafeLoader; from mileposts.cli import main; {run}"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env={**os.environ})
    assert result.returncode == 0, result.stderr
