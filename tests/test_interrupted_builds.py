"""An interrupted, failed or doubled build leaves nothing broken, and no PDF ever clips text or draws empty boxes.

Run as a person would: Ctrl-C (SIGINT to the whole process group, as a terminal sends it)
and SIGTERM in the middle of a real build, a build that fails, two builds started at
once in one checkout. Then the PDFs: a word too long for its line, Chinese and Japanese
text, an emoji, and a source title so long that a sheet no longer fits.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import MKDOCS_ENV, copy_project
from mileposts.core.problems import DataError
from mileposts.kinds.playbook import load_playbook
from mileposts.printing.run import render_printables
from mileposts.site.pages import print_set


def tree(folder: Path) -> dict[str, str]:
    """Each file under `folder` and a hash of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(project: Path, site: Path, **env: str) -> subprocess.Popen:
    """Start `mkdocs build` in its own process group, as a terminal would run it."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)]
    return subprocess.Popen(
        command, cwd=project, env={**MKDOCS_ENV, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )


def broken_leftovers(project: Path, site: Path) -> list[str]:
    """Zero-byte files in the site or the PDF cache, temporary files, and unfinished build folders."""
    folders = [folder for folder in (site, project / ".cache" / "pdf") if folder.exists()]
    found = [p.as_posix() for folder in folders for p in folder.rglob("*") if p.is_file() and p.stat().st_size == 0 and p.name != ".lock"]
    found += [p.as_posix() for p in (project / ".cache" / "pdf").glob("*") if ".tmp-" in p.name or p.name.endswith(".part")]
    found += [p.as_posix() for p in site.parent.glob(f".{site.name}.*")]
    return found


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def old_site(project, tmp_path) -> tuple[Path, dict]:
    """A site built earlier (no PDFs, quick), and its files as they are before the interrupted build."""
    site = tmp_path / "site"
    process = build(project, site, MILEPOSTS_PDF="0", MILEPOSTS_OFFLINE="0")
    assert process.wait(timeout=300) == 0, process.stderr.read()
    return site, tree(site)


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_build_leaves_the_old_site_whole_and_nothing_half_written(project, old_site, how):
    site, before = old_site
    process = build(project, site)  # PDFs from a cold cache: seconds of work to interrupt
    deadline = time.monotonic() + 120
    while not list((project / ".cache" / "pdf").glob("*.pdf")) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "the build finished before it could be interrupted"
    os.killpg(process.pid, how)
    process.wait(timeout=120)
    output = process.stdout.read() + process.stderr.read()
    assert process.returncode != 0
    assert tree(site) == before, "the site must be the old one, whole"
    assert broken_leftovers(project, site) == [], output
    assert "Traceback" not in output, output


def test_a_failed_build_leaves_the_old_site_as_it_was(project, old_site):
    site, before = old_site
    path = project / "data" / "checklists" / "service-recovery.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("type: read-do", "type: sometimes"), encoding="utf-8")
    process = build(project, site, MILEPOSTS_PDF="0")
    assert process.wait(timeout=300) != 0
    assert tree(site) == before
    assert broken_leftovers(project, site) == []


def test_two_builds_at_once_in_one_checkout_both_succeed(project, tmp_path):
    warm = build(project, tmp_path / "warm", MILEPOSTS_OFFLINE="0")  # the PDF cache holds all but one sheet
    assert warm.wait(timeout=600) == 0, warm.stderr.read()
    path = project / "data" / "checklists" / "service-recovery.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("Apologise once, plainly", "Apologise once, simply"), encoding="utf-8")
    site = tmp_path / "site"
    first, second = build(project, site), build(project, site)
    for process in (first, second):
        assert process.wait(timeout=600) == 0, process.stderr.read()
    assert (site / "index.html").is_file() and (site / "pdf" / "service-recovery-a4.pdf").stat().st_size > 1000
    assert (site / "mileposts-offline.zip").stat().st_size > 100_000
    assert broken_leftovers(project, site) == []
    assert len(list((project / ".cache" / "pdf").glob("service-recovery-a4-*.pdf"))) == 1, "one version of each file once both are done"


# ------------------------------------------------------------------------------------ PDFs


def _one_sheet(project: Path, old: str = "", new: str = "", checklist: str = "service-recovery") -> dict:
    """Render one checklist's sheet (service-recovery's unless told), with `old` changed to `new`; returns the PDF files by site path."""
    path = project / "data" / "checklists" / f"{checklist}.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is no longer in {path.name}: pick text it has"
    path.write_text(text.replace(old, new), encoding="utf-8")
    playbook = load_playbook(project)
    playbook = playbook.replace(checklists={checklist: playbook.checklists[checklist]}, assessment=None, sessions={})
    printables = print_set(playbook)
    printables.printables = [p for p in printables.printables if p.pack is not None]
    return render_printables(printables, project, workers=1).files


def _characters(pdf: bytes):
    """(character, left, right) of every character on the first page, in points, and the page's width."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    page = document[0]
    text = page.get_textpage()
    width = page.get_width()
    found = [(text.get_text_range(i, 1), *text.get_charbox(i)[::2]) for i in range(text.count_chars())]
    document.close()
    return found, width


def test_a_word_longer_than_its_line_wraps_inside_the_paper(project):
    word = "Re" + "x" * 120
    files = _one_sheet(project, "Apologise once, plainly, without excuses.", f"Apologise {word}.")
    for paper in ("a4", "letter"):
        characters, width = _characters(files[f"pdf/service-recovery-{paper}.pdf"].read_bytes())
        drawn = "".join(c for c, *_ in characters if not c.isspace() and c != "\x02")
        assert word in drawn, "every letter is drawn, in order"
        outside = [(c, left, right) for c, left, right in characters if left < 20 or right > width - 20]
        assert outside == [], f"{paper}: text beyond the margins: {outside[:5]}"


def test_chinese_and_japanese_text_is_drawn_with_an_installed_font(project):
    from pypdf import PdfReader

    files = _one_sheet(project, "Apologise once, plainly, without excuses.", "Apologise once with 请原谅我们 or すみません.")  # one action
    pdf = files["pdf/service-recovery-a4.pdf"].read_bytes()
    fonts = {
        str(font.get_object()["/BaseFont"]) for page in PdfReader(io.BytesIO(pdf)).pages for font in page["/Resources"]["/Font"].values()
    }
    assert any("WenQuanYi" in font for font in fonts), fonts
    characters, _ = _characters(pdf)
    assert "请原谅我们" in "".join(c for c, *_ in characters)


@pytest.mark.parametrize("text", ["with a smile 🙂.", "by the sign 𓀀."], ids=["emoji", "hieroglyph"])
def test_a_character_no_font_can_draw_is_a_located_problem_not_an_empty_box(project, text):
    with pytest.raises(DataError) as caught:
        _one_sheet(project, "Apologise once, plainly, without excuses.", f"Apologise once, {text}")  # one action
    [problem] = caught.value.problems
    assert (problem.path, problem.field) == ("data/checklists/service-recovery.yml", "sections[1].items[0]")
    assert "expected text the printed sheets can draw, found" in problem.message
    assert ("emoji cannot be printed" in problem.message) == ("🙂" in text)


def test_a_sheet_that_no_longer_fits_names_the_source_title_that_made_it_grow(project):
    # A full sheet: with five sources it still fits, with their titles grown it does not.
    sheet = "onboarding-service-standards"
    checklist = project / "data" / "checklists" / f"{sheet}.yml"
    five = "[warui-last-mile-differentiator, extra-mile-essay, hbr-stop-delighting-customers, saade-second-mile, franz-extra-or-last-mile]"
    checklist.write_text(re.sub(r"(?m)^sources: .*$", f"sources: {five}", checklist.read_text(encoding="utf-8")), encoding="utf-8")
    assert _one_sheet(project, checklist=sheet), "the sheet should fit with its five sources before their titles grow"
    sources = project / "data" / "sources.yml"
    subtitle = ", and a subtitle that goes on and on for far longer than any title should"
    text = re.sub(
        r'(?m)^(  title: )"(.*)"$',
        lambda m: f'{m.group(1)}"{(m.group(2) + subtitle * 3)[:190].rstrip(" ,")}"',
        sources.read_text(encoding="utf-8"),
    )
    sources.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        _one_sheet(project, checklist=sheet)
    [problem] = caught.value.problems
    assert problem.path == "data/sources.yml" and problem.field.endswith("].title"), str(problem)
    assert "to fit on one printed page, found its foot" in problem.message and "source title of 1" in problem.message
