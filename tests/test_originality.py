"""The playbook is in its own words: no run of eight or more words copied from a source article, outside quotations and titles.

The source articles live beside the repository, in ../shared/seeds (CI has them); without them the scans are skipped.
This is a stricter cousin of ../shared/tools/copied_text.py (twelve words), which a last test runs as it is.
Quotations are left out as that tool leaves them out: Markdown block quotes ('>' lines), the bodies of
'!!! quote' and '??? quote' boxes, and data/quotes.yml; and, unlike it, words inside quotation marks
(“curly” anywhere, "straight" in a page's text, where they are not YAML's own quoting), since the
issue's rule is that a line kept close to the original is quoted and attributed. Titles are left out too, since a page may name an
article or a practice as its author does: Markdown headings, front matter 'title:' lines and YAML 'title:' fields.
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
TOOL = ROOT.parent / "shared" / "tools" / "copied_text.py"
RUN = 8  # the shortest run of shared words reported

QUOTE_BOX = re.compile(r"^(\s*)(?:!!!|\?\?\?\+?)\s+quote\b")
YAML_TITLE = re.compile(r"^\s*(?:-\s+)?title\s*:")
CURLY_QUOTED = re.compile(r"“[^”]*”")
STRAIGHT_QUOTED = re.compile(r'"[^"\n]*"')


def words(text: str) -> list[str]:
    """Lowercase words and numbers, punctuation dropped; a '?' counts as the apostrophe the extraction lost."""
    return re.sub(r"[^0-9a-z]+", " ", text.lower().replace("?", "'")).split()


@functools.cache
def seed_runs(seeds: Path, n: int = RUN) -> frozenset[tuple[str, ...]]:
    """Every run of `n` consecutive words in the source articles."""
    runs: set[tuple[str, ...]] = set()
    for seed in sorted(seeds.glob("*.txt")):
        w = words(seed.read_text(encoding="utf-8", errors="replace"))
        runs.update(tuple(w[i : i + n]) for i in range(len(w) - n + 1))
    return frozenset(runs)


def scanned_files(root: Path) -> list[Path]:
    """The pages and data files the scan reads: docs/**/*.md and data/**/*.yml, but not data/quotes.yml."""
    data = (p for p in root.glob("data/**/*") if p.suffix in {".yml", ".yaml"} and p.relative_to(root).as_posix() != "data/quotes.yml")
    return sorted(root.glob("docs/**/*.md")) + sorted(data)


def own_passages(path: Path) -> list[str]:
    """The file's own text as passages, without quotations or titles; a run never crosses a line left out."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    markdown = path.suffix == ".md"
    front_matter_end = 0
    if markdown and lines and lines[0].strip() == "---":
        front_matter_end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() in {"---", "..."}), 0)
    passages: list[list[str]] = [[]]
    box_indent: int | None = None  # the indent of the '!!! quote' line whose body we are in
    for number, line in enumerate(lines):
        indent = len(line) - len(line.lstrip())
        if box_indent is not None and (not line.strip() or indent > box_indent):
            left_out = True  # the body of a quote box (blank lines included)
        else:
            box = QUOTE_BOX.match(line)
            box_indent = len(box.group(1)) if box else None
            in_front_matter = 0 < number < front_matter_end
            left_out = (
                box is not None
                or line.lstrip().startswith(">")
                or (markdown and line.startswith("#"))
                or ((in_front_matter or not markdown) and YAML_TITLE.match(line) is not None)
            )
        if left_out:
            passages.append([])
        else:
            passages[-1].append(line)
    quoted = CURLY_QUOTED if not markdown else re.compile(f"{CURLY_QUOTED.pattern}|{STRAIGHT_QUOTED.pattern}")
    return [piece for p in passages if p for piece in quoted.split("\n".join(p)) if piece.strip()]


def copied_runs(root: Path, seeds: Path, n: int = RUN, files: list[Path] | None = None) -> list[tuple[str, str]]:
    """Each longest run of `n`+ words that a scanned file (or one of `files`) shares with the source articles, as (file, words)."""
    shingles = seed_runs(seeds, n)
    found = []
    for path in scanned_files(root) if files is None else files:
        for passage in own_passages(path):
            w = words(passage)
            i = 0
            while i <= len(w) - n:
                if tuple(w[i : i + n]) not in shingles:
                    i += 1
                    continue
                j = i + 1
                while j <= len(w) - n and tuple(w[j : j + n]) in shingles:
                    j += 1
                found.append((path.relative_to(root).as_posix(), " ".join(w[i : j + n - 1])))
                i = j + n - 1
    return found


def needs_seeds() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"the source articles are not beside the repository ({SEEDS})")


@pytest.mark.parametrize("relative", [p.relative_to(ROOT).as_posix() for p in scanned_files(ROOT)])
def test_no_page_or_data_file_shares_eight_words_in_a_row_with_a_source_article(relative):
    needs_seeds()
    found = [run for _, run in copied_runs(ROOT, SEEDS, files=[ROOT / relative])]
    for run in found:
        print(f"{relative}: {len(run.split())} words: {run}")
    listing = "\n".join(f"  {run}" for run in found)
    assert found == [], f"{relative}: {len(found)} run(s) of {RUN}+ words copied from the source articles; reword or quote them:\n{listing}"


def test_a_sentence_copied_from_the_essay_into_a_page_is_found(tmp_path):
    needs_seeds()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text(
        "---\ntitle: A page\n---\n\n# A page\n\nOur own words first.\n"
        "Proactively identify potential issues or needs that customers may have.\n",
        encoding="utf-8",
    )
    assert copied_runs(tmp_path, SEEDS) == [("docs/page.md", "proactively identify potential issues or needs that customers may have")]


@pytest.fixture
def seeds(tmp_path) -> Path:
    """A made-up source article, so the scan's rules can be tested without the real ones."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "000_article.txt").write_text(
        "Alpha bravo charlie delta echo foxtrot golf hotel india juliet. Don?t stop now.", encoding="utf-8"
    )
    return folder


def page(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_eight_shared_words_are_a_run_and_seven_are_not(tmp_path, seeds):
    page(tmp_path, "docs/eight.md", "Say alpha, bravo, Charlie delta echo foxtrot golf hotel, then stop.\n")
    page(tmp_path, "docs/seven.md", "Say alpha bravo charlie delta echo foxtrot golf, then stop.\n")
    assert copied_runs(tmp_path, seeds) == [("docs/eight.md", "alpha bravo charlie delta echo foxtrot golf hotel")]


def test_a_run_is_reported_once_at_its_full_length_and_may_span_lines(tmp_path, seeds):
    page(tmp_path, "docs/page.md", "Alpha bravo charlie delta echo\nfoxtrot golf hotel india juliet don't stop.\n")
    assert copied_runs(tmp_path, seeds) == [("docs/page.md", "alpha bravo charlie delta echo foxtrot golf hotel india juliet don t stop")]


def test_data_files_are_scanned_but_not_the_quotes(tmp_path, seeds):
    page(tmp_path, "data/checklists/a-list.yml", "summary: Alpha bravo charlie delta echo foxtrot golf hotel.\n")
    page(tmp_path, "data/quotes.yml", "- text: Alpha bravo charlie delta echo foxtrot golf hotel.\n")
    assert copied_runs(tmp_path, seeds) == [("data/checklists/a-list.yml", "alpha bravo charlie delta echo foxtrot golf hotel")]


def test_quotations_and_titles_are_left_out_but_the_text_after_them_is_not(tmp_path, seeds):
    copied = "Alpha bravo charlie delta echo foxtrot golf hotel."
    page(
        tmp_path,
        "docs/page.md",
        f"---\ntitle: {copied}\n---\n\n# {copied}\n\n## {copied}\n\n> {copied}\n\n"
        f'!!! quote "Someone"\n    {copied}\n\n    {copied}\n\n'
        f"- A list item.\n\n    ??? quote\n        {copied}\n\n"
        f"???+ quote\n    {copied}\n\n"
        f"After the box, our text again: {copied}\n",
    )
    page(tmp_path, "data/checklists/a-list.yml", f"title: {copied}\nsections:\n  - title: {copied}\n    items:\n      - Something else.\n")
    assert copied_runs(tmp_path, seeds) == [("docs/page.md", "alpha bravo charlie delta echo foxtrot golf hotel")]


def test_words_in_quotation_marks_are_left_out_and_a_run_never_joins_across_them(tmp_path, seeds):
    page(tmp_path, "docs/quoted.md", 'As she put it, "alpha bravo charlie delta echo foxtrot golf hotel", and so on.\n')
    page(tmp_path, "docs/curly.md", "It says “alpha bravo charlie delta\necho foxtrot golf hotel” across a line.\n")
    page(tmp_path, "docs/split.md", "Alpha bravo charlie delta “echo” foxtrot golf hotel india.\n")
    page(tmp_path, "data/checklists/a-list.yml", 'summary: "Alpha bravo charlie delta echo foxtrot golf hotel."\n')
    page(tmp_path, "docs/open.md", "An open quote “alpha bravo charlie delta echo foxtrot golf hotel, never closed.\n")
    assert copied_runs(tmp_path, seeds) == [
        ("docs/open.md", "alpha bravo charlie delta echo foxtrot golf hotel"),
        ("data/checklists/a-list.yml", "alpha bravo charlie delta echo foxtrot golf hotel"),  # YAML's quotes are not quotation
    ]


def test_title_lines_count_only_where_they_are_titles(tmp_path, seeds):
    copied = "Alpha bravo charlie delta echo foxtrot golf hotel."
    page(tmp_path, "docs/page.md", f"---\ntitle: A page\n---\n\n# A page\n\ntitle: {copied}\n\nSee #{copied}\n")
    assert [file for file, _ in copied_runs(tmp_path, seeds)] == ["docs/page.md", "docs/page.md"]


def test_the_shared_copied_text_tool_finds_no_run_of_twelve_words():
    needs_seeds()
    if not TOOL.exists():
        pytest.skip(f"the copied-text checker is not beside the repository ({TOOL})")
    result = subprocess.run([sys.executable, str(TOOL), "--words", "12"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert result.stdout.splitlines()[-1].startswith("0 copied run(s) of 12+ words"), result.stdout[-3000:]
