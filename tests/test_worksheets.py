"""Worksheets: each is a web page, a one-page sheet on both papers, a card on the printables page and, for a log, a CSV file.

Checked on the real build (every worksheet, both papers, the page, the preview, the links
from the framework pages) and on broken copies (a field of the other layout, a missing one,
an example row of the wrong width, a sheet too long for its page).
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import MKDOCS_ENV
from mileposts.core.inline import plain
from mileposts.kinds.playbook import load_playbook
from mileposts.kinds.worksheets import spreadsheet_text

LOCATED = re.compile(r"^data/worksheets/[a-z0-9-]+\.yml:\d+:\d+: ")


@pytest.fixture(scope="module")
def playbook(repo_root):
    return load_playbook(repo_root)


def test_there_are_the_four_worksheets_the_toolkit_promises_in_both_layouts(playbook):
    assert {"recovery-log", "promise-card", "journey-map", "partner-scorecard"} <= set(playbook.worksheets)
    assert {w.layout for w in playbook.worksheets.values()} == {"table", "cards"}
    assert playbook.worksheets["journey-map"].row_labels == ["Attract", "Engage", "Choose", "Commit", "Retain"]
    assert playbook.worksheets["recovery-log"].csv


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_worksheet_prints_on_one_page_of_each_paper_with_its_columns_or_fields(built_site, playbook, paper):
    size = {"a4": (595, 842), "letter": (612, 792)}[paper]
    for sheet in playbook.worksheets.values():
        reader = PdfReader(built_site / sheet.outputs()[paper])
        assert len(reader.pages) == 1, sheet.id
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == size, sheet.id
        text = " ".join(reader.pages[0].extract_text().split())
        assert plain(sheet.title) in text
        for name in [c.name for c in sheet.columns] + [f.label for f in sheet.fields] + sheet.row_labels:
            assert " ".join(name.split()) in text, f"{sheet.id}: {name!r} is not on the sheet"
        assert "mileposts.github.io/mileposts/worksheets/" + sheet.id in text.replace(" ", "")


def test_every_worksheet_has_a_preview_and_a_card_under_worksheets_on_the_printables_page(built_site, playbook):
    page = (built_site / "printables" / "index.html").read_text(encoding="utf-8")
    worksheets = page.split('id="worksheets"', 1)[1]
    for sheet in playbook.worksheets.values():
        with Image.open(built_site / sheet.outputs()["preview"]) as preview:
            assert preview.width >= 300 and 1.3 < preview.height / preview.width < 1.5
        assert f'href="../worksheets/{sheet.id}/"' in worksheets, sheet.id
        assert f"pdf/worksheets/{sheet.id}-letter.pdf" in worksheets


def test_a_worksheet_page_shows_the_sheet_the_invented_example_and_the_downloads(built_site, playbook):
    sheet = playbook.worksheets["recovery-log"]
    page = (built_site / "worksheets" / "recovery-log" / "index.html").read_text(encoding="utf-8")
    assert page.count('<th scope="col">') == len(sheet.columns) and page.count("<th>") >= len(sheet.columns)  # sheet, example
    assert "Invented example" in page
    for cell in sheet.example[0]:
        assert f"<td>{plain(cell)}</td>" in page or plain(cell) in page
    for target in (sheet.outputs()["a4"], sheet.outputs()["letter"], sheet.export):
        assert f'href="../../{target}"' in page, target
        assert (built_site / target).is_file()
    assert 'href="../../sources/#warui-last-mile-differentiator"' in page


def test_a_sheet_of_cards_lays_out_each_card_and_labelled_rows_are_row_headers(built_site):
    cards = (built_site / "worksheets" / "promise-card" / "index.html").read_text(encoding="utf-8")
    assert cards.count('<td class="mp-card">') == 4
    journey = (built_site / "worksheets" / "journey-map" / "index.html").read_text(encoding="utf-8")
    assert [m for m in re.findall(r'<th scope="row">([^<]+)</th>', journey)] == ["Attract", "Engage", "Choose", "Commit", "Retain"]


def test_the_framework_pages_the_worksheets_serve_link_to_them(built_site):
    for page, sheet in [
        ("frameworks/service-recovery", "recovery-log"),
        ("frameworks/customer-journey", "journey-map"),
        ("frameworks/last-mile-differentiator", "partner-scorecard"),
        ("toolkit", "promise-card"),
        ("toolkit/measures", "recovery-log"),
    ]:
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        assert re.search(rf'href="(\.\./)+worksheets/{sheet}/"', html), f"{page} does not link {sheet}"


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Date", "Date"),
        ("", ""),
    ],
)
def test_a_spreadsheet_cell_never_starts_a_formula(text, cell):
    assert spreadsheet_text(text) == cell


def validate(project) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-m", "mileposts", "--root", str(project), "validate"], capture_output=True, text=True, env=MKDOCS_ENV, timeout=120
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stdout + result.stderr
    return result.stderr.strip().splitlines()[:-1]


def test_a_field_of_the_other_layout_a_missing_one_and_a_short_example_row_are_all_located_in_one_run(project_copy):
    path = project_copy / "data" / "worksheets" / "recovery-log.yml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^rows: 14\n", "", text)  # a table without its rows
    text = text.replace("csv: true\n", "csv: true\ncards_per_page: 4\n")  # a card field on a table
    text = text.replace(", 3 days, 10 March; happy]", "]", 1)  # five texts for seven columns
    path.write_text(text, encoding="utf-8")
    found = validate(project_copy)
    assert all(LOCATED.match(p) for p in found), found
    assert any("rows: expected the field 'rows' for a worksheet laid out as table, found it missing" in p for p in found), found
    assert any("cards_per_page: expected no 'cards_per_page' on a worksheet laid out as table (it is for cards)" in p for p in found)
    assert any("example[0]: expected one text for each of the 7 columns, found 5" in p for p in found), found


def test_a_step_of_use_that_is_not_an_instruction_is_refused(project_copy):
    path = project_copy / "data" / "worksheets" / "journey-map.yml"
    text = path.read_text(encoding="utf-8").replace("  - Fill in each stage", "  - The team fills in each stage", 1)
    path.write_text(text, encoding="utf-8")
    assert any(p.startswith("data/worksheets/journey-map.yml:") and "use[0]" in p and "verb" in p for p in validate(project_copy))


def test_a_worksheet_too_long_for_its_page_fails_the_pdf_command_at_its_file_saying_what_to_cut(warm_project, tmp_path):
    path = warm_project / "data" / "worksheets" / "recovery-log.yml"
    text = path.read_text(encoding="utf-8").replace("rows: 14", "rows: 20")
    text = re.sub(r"(?m)^    hint: .*$", "    hint: what to write here, in some detail, so that every heading grows tall", text)
    path.write_text(text, encoding="utf-8")
    command = [sys.executable, "-m", "mileposts", "--root", str(warm_project), "pdf", str(tmp_path / "pdfs")]
    failed = subprocess.run(command, capture_output=True, text=True, env=MKDOCS_ENV, timeout=300)
    assert failed.returncode == 1 and "Traceback" not in failed.stderr, failed.stderr
    assert "data/worksheets/recovery-log.yml:1:1: layout: expected the worksheet to fit on one printed page" in failed.stderr
    assert "use fewer rows, columns or cards" in failed.stderr
