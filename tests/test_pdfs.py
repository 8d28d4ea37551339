"""The printable checklists: one page each in A4 and US Letter, every item on it, deterministic, cached.

Also the trainer packs, the Printables page, and a build that refuses an overlong checklist
with a plain message naming the file, the paper size and how much is over.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import run_mkdocs_build
from mileposts.core.inline import plain
from mileposts.kinds.checklist_records import in_order
from mileposts.kinds.checklists import sheet_html as checklist_sheet_html
from mileposts.kinds.playbook import load_playbook
from mileposts.printing.pack import FRONT_PAGES, in_pack, max_front_pages
from mileposts.printing.pdf import layout, metadata_date, overflow
from mileposts.printing.printable import PAPERS
from mileposts.printing.run import planned_paths
from mileposts.printing.run import render_printables as render_print_set
from mileposts.site.pages import print_set


def render_printables(playbook, *args, **kwargs):
    return render_print_set(print_set(playbook), *args, **kwargs)


def sheet_html(playbook, checklist_id: str) -> str:
    return checklist_sheet_html(playbook, playbook.checklists[checklist_id])


def pack_order(playbook) -> list[str]:
    return [c.id for c in in_order(playbook.checklists)]


SIZES = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}


@pytest.fixture(scope="module")
def playbook(repo_root):
    return load_playbook(repo_root)


def normal(text: str) -> str:
    """Text with whitespace collapsed and line breaks after hyphens undone, for comparing with the data."""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).replace("\u00ad", ""))
    return re.sub(r"(\w)- (\w)", r"\1-\2", text).strip()


def pdf_text(path: Path) -> str:
    return normal(" ".join(page.extract_text() for page in PdfReader(path).pages))


def trimmed(playbook, *ids: str):
    """The playbook with only the given checklists (smaller, faster renders): no self-assessment, worksheets or session kits."""
    return playbook.replace(checklists={i: playbook.checklists[i] for i in ids}, assessment=None, worksheets={}, sessions={})


def pack_sheets(playbook) -> list:
    """The trainer pack's printables, in pack order (session kits, then checklists), each taking its `pages`."""
    return in_pack(print_set(playbook).printables)


def front_pages(reader: PdfReader, playbook) -> int:
    """How many pages the pack's cover and contents take: what its sheets leave (the contents may run on)."""
    sheets = pack_sheets(playbook)
    front = len(reader.pages) - sum(p.pages for p in sheets)
    assert FRONT_PAGES <= front <= max_front_pages(len(sheets)), f"the cover and contents take {front} pages"
    first = reader.pages[front].extract_text()
    assert normal(plain(sheets[0].pack.title.split(": ", 1)[-1]))[:30] in normal(first), "the first sheet follows the front pages"
    return front


def checklist_pages(reader: PdfReader, playbook) -> dict[str, int]:
    """The pack's page index of each checklist's sheet, counting every sheet's pages before it."""
    page, where = front_pages(reader, playbook), {}
    for printable in pack_sheets(playbook):
        if printable.name in playbook.checklists:
            where[printable.name] = page
        page += printable.pages
    return where


def overlong_checklist() -> str:
    """A checklist that keeps every rule (nine items per pause point, one action each, a critical item) and is far too long to print."""
    sections = []
    for s in range(6):
        items = "\n".join(
            f"      - text: Check that step {s + 1}.{i + 1} of the long routine was done well by the person in charge of it.\n"
            f"        note: Look carefully, because skipping this step is how small service misses become big ones."
            + ("\n        critical: true" if s == i == 0 else "")
            for i in range(9)
        )
        when = f"    when: At the end of part {s + 1} of the long routine, before the next part starts.\n" if s else ""
        sections.append(f"  - title: Part {s + 1} of the routine\n{when}    items:\n{items}")
    return (
        "# yaml-language-server: $schema=../schemas/checklist.schema.json\n"
        "title: A checklist far too long for one page\n"
        "summary: Made on purpose to run over one printed page, so the build must stop.\n"
        "when: Whenever a test needs a checklist that cannot fit on one page.\n"
        "type: read-do\n"
        "type_reason: Read step by step, because the routine is long and a test needs every step.\n"
        "audience: [trainers]\n"
        "tags: [training]\n"
        "sources: [extra-mile-essay]\n"
        "reviewed: 2026-01-01\n"
        "sections:\n" + "\n".join(sections) + "\n"
    )


# ------------------------------------------------------------------ the sheets in the built site


@pytest.mark.parametrize("paper", list(PAPERS))
def test_every_checklist_pdf_is_one_page_of_the_right_size_with_its_title_and_every_item(built_site, playbook, paper):
    assert playbook.checklists
    width, height = SIZES[paper]
    for checklist_id, checklist in playbook.checklists.items():
        path = built_site / "pdf" / f"{checklist_id}-{paper}.pdf"
        reader = PdfReader(path)
        assert len(reader.pages) == 1, f"{path.name}: {len(reader.pages)} pages"
        box = reader.pages[0].mediabox
        assert abs(float(box.width) - width) <= 1 and abs(float(box.height) - height) <= 1, f"{path.name}: {box}"
        text = pdf_text(path)
        assert normal(plain(checklist.title)) in text, path.name
        for item in checklist.items:
            assert normal(plain(item.text)) in text, f"{path.name}: missing item {item.text!r}"
        for expected in ("Completed by", "Date", "Initials", f"Reviewed {checklist.reviewed}", checklist.type_label):
            assert expected in text, f"{path.name}: missing {expected!r}"
        assert playbook.site.licence in text
        assert playbook.site.page_url(f"checklists/{checklist_id}/") in text.replace(" ", "")


def text_heights(path: Path, *needles: str) -> dict[str, float]:
    """Where each needle's text starts on page 1, as a fraction of the page height from the top."""
    page = PdfReader(path).pages[0]
    top, height = float(page.mediabox.top), float(page.mediabox.height)
    found: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        for needle in needles:
            if needle in text and needle not in found:
                found[needle] = (top - (tm[5] * cm[3] + cm[5])) / height

    page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("paper", list(PAPERS))
def test_the_completion_block_and_footer_stand_at_the_foot_of_every_sheet_below_the_last_item(built_site, playbook, paper):
    for checklist_id, checklist in playbook.checklists.items():
        path = built_site / "pdf" / f"{checklist_id}-{paper}.pdf"
        last = " ".join(normal(plain(checklist.items[-1].text)).split()[:3])
        heights = text_heights(path, "Completed by", "Sources:", "When to use it", last)
        assert heights["Completed by"] > 0.78, f"{path.name}: completion block at {heights['Completed by']:.2f} of the page"
        assert heights["When to use it"] < heights[last] < heights["Completed by"] < heights["Sources:"], (path.name, heights)


def test_items_running_into_the_completion_block_count_as_too_long_even_on_one_page(repo_root):
    """The foot is placed at the bottom of the page, so a sheet can overflow without a second page."""
    css = (repo_root / "docs" / "assets" / "print.css").read_text(encoding="utf-8")
    base = (repo_root / "docs" / "assets").as_uri() + "/"

    def sheet(body_mm: int):
        html = (
            '<html><body class="mp-pdf"><article class="mp-checklist">'
            + '<div style="height: 25mm">item</div>' * (body_mm // 25)
            + '<div class="mp-sheet-foot"><div style="height: 40mm">foot</div></div>'
            "</article></body></html>"
        )
        return layout(html, css, base)

    fits, crowded, spilled = sheet(200), sheet(250), sheet(400)
    assert len(fits.pages) == 1 and overflow(fits) == 0
    assert len(crowded.pages) == 1 and 0.08 < overflow(crowded) < 0.11  # 250mm of items and a 40mm foot on 264.4mm
    assert len(spilled.pages) == 2 and overflow(spilled) > 0.2


def test_each_sheet_is_one_layout_centred_on_both_papers(built_site, playbook):
    """A4 and US Letter carry the very same page, laid out once on the area both papers share."""
    for checklist_id in playbook.checklists:
        a4, letter = (PdfReader(built_site / "pdf" / f"{checklist_id}-{paper}.pdf").pages[0] for paper in PAPERS)
        assert a4.get_contents().get_data() == letter.get_contents().get_data(), checklist_id
        for page in (a4, letter):
            box = page.mediabox
            middle = ((float(box.left) + float(box.right)) / 2, (float(box.bottom) + float(box.top)) / 2)
            assert middle == pytest.approx((297.64, 396.0), abs=0.05), (checklist_id, box)  # the middle of 210 x 279.4 mm
            assert page.trimbox == box and page.bleedbox == box


def test_pdf_metadata_comes_from_the_data_and_the_identifier_from_the_content(built_site, playbook):
    checklist = playbook.checklists["service-recovery"]
    reader = PdfReader(built_site / "pdf" / "service-recovery-a4.pdf")
    info = reader.metadata
    assert info.title == checklist.title
    assert info["/CreationDate"] == info["/ModDate"] == "D:" + checklist.reviewed.replace("-", "")
    identifier = reader.trailer["/ID"]
    assert len(identifier) == 2 and identifier[0] == identifier[1]


def test_source_date_epoch_overrides_the_reviewed_date(playbook, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert metadata_date("2026-11-23") == "2023-11-14T22:13:20Z"
    assert 'content="2023-11-14T22:13:20Z"' in sheet_html(playbook, "service-recovery")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert metadata_date("2026-11-23") == "2026-11-23"


def test_sheets_have_a_qr_code_and_tick_boxes_a_pen_can_use(playbook, repo_root):
    page = sheet_html(playbook, "first-mile-standards")
    assert 'class="mp-pdf"' in page and "<svg" in page and "mp-qr" in page
    assert page.count('class="mp-box"') == len(playbook.checklists["first-mile-standards"].items)
    css = (repo_root / "docs" / "assets" / "print.css").read_text(encoding="utf-8")
    box = re.search(r"\.mp-checklist \.mp-box \{(.*?)\}", css, re.DOTALL).group(1)
    for side in ("width", "height"):
        size = float(re.search(rf"\b{side}: ([\d.]+)mm", box).group(1))
        assert size >= 6, f"tick box {side} {size}mm is too small for a pen"
    body = re.search(r"\.mp-checklist \.mp-text \{(.*?)\}", css, re.DOTALL).group(1)
    assert float(re.search(r"font-size: ([\d.]+)pt", body).group(1)) >= 11


def test_each_checklist_page_links_to_both_its_pdfs(built_site, playbook):
    for checklist_id in playbook.checklists:
        page = (built_site / "checklists" / checklist_id / "index.html").read_text(encoding="utf-8")
        for paper in PAPERS:
            assert f'href="../../pdf/{checklist_id}-{paper}.pdf"' in page, (checklist_id, paper)
            assert (built_site / "pdf" / f"{checklist_id}-{paper}.pdf").is_file()


# ------------------------------------------------------------------ trainer pack and printables page


@pytest.mark.parametrize("paper", list(PAPERS))
def test_trainer_pack_has_a_cover_a_contents_page_and_every_checklist_on_its_own_page(built_site, playbook, paper):
    reader = PdfReader(built_site / "pdf" / f"mileposts-trainer-pack-{paper}.pdf")
    order = pack_order(playbook)
    front = front_pages(reader, playbook)  # the cover, then the contents: one page, or more when it runs on
    where = checklist_pages(reader, playbook)
    assert sorted(where) == sorted(order) and len(order) == len(playbook.checklists)
    sheets = pack_sheets(playbook)
    width, height = SIZES[paper]
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - width) <= 1 and abs(float(page.mediabox.height) - height) <= 1
    assert "Trainer pack" in normal(reader.pages[0].extract_text())
    contents_pages = reader.pages[1:front]
    contents = normal(" ".join(page.extract_text() for page in contents_pages))
    assert contents.startswith("Contents")
    for number, page in enumerate(contents_pages, start=2):  # each front page after the cover is the contents (its header repeats)
        assert "Sheet What it is for Type Page" in normal(page.extract_text()), f"page {number} is not the contents"
    for checklist_id in order:
        checklist, number = playbook.checklists[checklist_id], where[checklist_id]
        assert normal(plain(checklist.title)) in contents
        page_text = normal(reader.pages[number].extract_text())
        assert normal(plain(checklist.title)) in page_text, f"page {number + 1} is not {checklist_id}"
        assert normal(plain(checklist.items[-1].text)) in page_text
    numbers = re.findall(r"\b(READ-DO|DO-CONFIRM) (\d+)\b", contents)
    assert numbers == [(playbook.checklists[i].type_label, str(where[i] + 1)) for i in order], "page numbers"
    links = [a for page in contents_pages for a in page.get("/Annots", []) if a.get_object().get("/Subtype") == "/Link"]
    assert len(links) >= len(sheets), "the contents should link to every sheet"
    outline = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert all(playbook.checklists[i].title in outline for i in order)
    page_of = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    targets = sorted({page_of[link.get_object()["/Dest"][0].idnum] for link in links})  # a wrapped title has two links
    starts = [front + sum(p.pages for p in sheets[:n]) for n in range(len(sheets))]
    assert targets == starts, "each contents entry opens its own sheet, at its first page"


@pytest.mark.parametrize("paper", list(PAPERS))
def test_the_packs_pages_are_the_single_sheets_themselves(built_site, playbook, paper):
    pack = PdfReader(built_site / "pdf" / f"mileposts-trainer-pack-{paper}.pdf")
    for checklist_id, number in checklist_pages(pack, playbook).items():
        sheet = PdfReader(built_site / "pdf" / f"{checklist_id}-{paper}.pdf").pages[0]
        assert pack.pages[number].get_contents().get_data() == sheet.get_contents().get_data(), checklist_id
    page = front_pages(pack, playbook)
    for printable in pack_sheets(playbook):  # a sheet of fewer pages than it may take is made up with blank ones
        own = PdfReader(built_site / printable.outputs[paper]).pages
        for n in range(printable.pages):
            data = pack.pages[page + n].get_contents()
            expected = own[n].get_contents().get_data() if n < len(own) else b""
            assert (data.get_data() if data is not None else b"") == expected, f"{printable.name}, its page {n + 1}"
        page += printable.pages


def test_every_planned_path_is_rendered_and_nothing_else(built_site, playbook):
    planned = planned_paths(print_set(playbook))
    published = sorted(p.relative_to(built_site).as_posix() for p in (built_site / "pdf").rglob("*") if p.is_file())
    assert planned == published


def test_printables_page_lists_every_checklist_with_a_preview_and_both_downloads(built_site, playbook):
    page = (built_site / "printables" / "index.html").read_text(encoding="utf-8")
    for checklist_id, checklist in playbook.checklists.items():
        image = re.search(rf'<img [^>]*src="\.\./pdf/previews/{checklist_id}\.png"[^>]*>', page)
        assert image, f"no preview of {checklist_id}"
        alt = html.unescape(re.search(r'alt="([^"]*)"', image.group(0)).group(1))
        assert plain(checklist.title) in alt and alt.startswith("Preview of the printed sheet")
        for paper in PAPERS:
            assert f'href="../pdf/{checklist_id}-{paper}.pdf"' in page, (checklist_id, paper)
        assert f'href="../checklists/{checklist_id}/"' in page
        with Image.open(built_site / "pdf" / "previews" / f"{checklist_id}.png") as preview:
            assert 280 <= preview.width <= 320 and preview.height > preview.width
    for paper in PAPERS:
        assert f'href="../pdf/mileposts-trainer-pack-{paper}.pdf"' in page


# ------------------------------------------------------------------ determinism and the cache


def test_two_renders_give_byte_identical_pdfs_and_match_the_built_site(built_site, playbook, repo_root, tmp_path):
    small = trimmed(playbook, "service-recovery", "second-mile-behaviours")
    first = render_printables(small, repo_root, cache_dir=tmp_path / "one", workers=1).files
    second = render_printables(small, repo_root, cache_dir=tmp_path / "two", workers=2).files
    assert first.keys() == second.keys()
    for site_path in first:
        assert first[site_path].read_bytes() == second[site_path].read_bytes(), site_path
    for name in ("service-recovery-a4.pdf", "second-mile-behaviours-letter.pdf", "previews/service-recovery.png"):
        assert first[f"pdf/{name}"].read_bytes() == (built_site / "pdf" / name).read_bytes(), name


def test_the_cache_skips_unchanged_checklists_and_renders_again_when_the_yaml_changes(project_copy, tmp_path):
    keep = ("service-recovery", "second-mile-behaviours")
    cache = tmp_path / "cache"
    first = render_printables(trimmed(load_playbook(project_copy), *keep), project_copy, cache_dir=cache)
    assert len(first.rendered) == 2 * len(keep) + 2
    again = render_printables(trimmed(load_playbook(project_copy), *keep), project_copy, cache_dir=cache)
    assert again.rendered == [] and again.files == first.files

    yaml = project_copy / "data" / "checklists" / "service-recovery.yml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("Apologise once, plainly", "Apologise once, simply"), encoding="utf-8")
    changed = render_printables(trimmed(load_playbook(project_copy), *keep), project_copy, cache_dir=cache)
    assert sorted(changed.rendered) == sorted(
        ["service-recovery-a4", "service-recovery-letter", "mileposts-trainer-pack-a4", "mileposts-trainer-pack-letter"]
    )
    assert "Apologise once, simply" in pdf_text(changed.files["pdf/service-recovery-a4.pdf"])
    assert len(list(cache.glob("service-recovery-a4-*.pdf"))) == 1, "stale versions should be dropped"
    assert not (project_copy / "docs" / "pdf").exists() and not list((project_copy / "data").rglob("*.pdf"))


# ------------------------------------------------------------------ an overlong checklist stops the build


def test_an_overlong_checklist_fails_the_build_naming_the_file_the_paper_and_how_much_is_over(warm_project, tmp_path):
    project_copy = warm_project
    (project_copy / "data" / "checklists" / "too-long.yml").write_text(overlong_checklist(), encoding="utf-8")
    result = run_mkdocs_build(project_copy, tmp_path / "site", offline=False)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    pattern = (
        r"data/checklists/too-long\.yml:1:1: layout: expected the checklist to fit on one printed page \(A4 or US Letter\), "
        r"found it \d+ pages \(about \d+% of a page too long\); shorten items or notes, or split it"
    )
    assert len(re.findall(pattern, output)) == 1, output
    published = tmp_path / "site" / "pdf"
    assert not list(published.glob("too-long*")), "nothing of the overlong checklist is published"
    assert not [p for p in published.rglob("*") if p.is_file() and p.stat().st_size == 0], "no empty stand-ins are left"


def test_the_pdf_command_renders_everything_without_mkdocs_and_fails_plainly_on_an_overlong_sheet(warm_project, tmp_path):
    project_copy = warm_project
    command = [sys.executable, "-m", "mileposts", "--root", str(project_copy), "pdf"]
    out = tmp_path / "pdfs"
    result = subprocess.run([*command, str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    playbook = load_playbook(project_copy)
    for checklist_id in playbook.checklists:
        for paper in PAPERS:
            assert len(PdfReader(out / f"{checklist_id}-{paper}.pdf").pages) == 1
        assert (out / "previews" / f"{checklist_id}.png").is_file()
    for paper in PAPERS:
        pack = PdfReader(out / f"mileposts-trainer-pack-{paper}.pdf")
        assert len(checklist_pages(pack, playbook)) == len(playbook.checklists)

    refused = subprocess.run([*command, str(project_copy / "docs" / "pdf")], capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and not (project_copy / "docs" / "pdf").exists()

    (project_copy / "data" / "checklists" / "too-long.yml").write_text(overlong_checklist(), encoding="utf-8")
    failed = subprocess.run([*command, str(tmp_path / "again")], capture_output=True, text=True, timeout=300)
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert "too-long.yml:1:1: layout: expected the checklist to fit on one printed page (A4 or US Letter)" in failed.stderr
