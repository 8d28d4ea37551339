"""The benchmark's own helpers (scripts/benchmark_tools): cheap checks only; the benchmark itself is not a test."""

from __future__ import annotations

import shutil

import yaml

from benchmark_tools.budgets import check_budgets
from benchmark_tools.serve import edited_checklist
from benchmark_tools.synthetic import write_synthetic
from mileposts.kinds.playbook import load_playbook


def _data_copy(repo_root, tmp_path):
    """Only data/ of the project: what load_playbook reads."""
    project = tmp_path / "project"
    shutil.copytree(repo_root / "data", project / "data")
    return project


def test_synthetic_checklists_pass_every_data_check(repo_root, tmp_path):
    project = _data_copy(repo_root, tmp_path)
    ids = write_synthetic(project, 40)
    playbook = load_playbook(project)  # schema, verbs, unique items, known sources: raises DataError on any problem
    assert set(ids) <= set(playbook.checklists)


def test_synthetic_checklists_are_the_size_of_real_ones(repo_root, tmp_path):
    project = _data_copy(repo_root, tmp_path)
    write_synthetic(project, 40)
    real = [yaml.safe_load(p.read_text()) for p in (repo_root / "data" / "checklists").glob("[!_]*.yml")]
    fake = [yaml.safe_load(p.read_text()) for p in (project / "data" / "checklists").glob("synthetic-*.yml")]

    def mean_items(checklists):
        return sum(len(s["items"]) for c in checklists for s in c["sections"]) / len(checklists)

    assert 0.7 < mean_items(fake) / mean_items(real) < 1.3


def test_synthetic_checklists_are_repeatable(repo_root, tmp_path):
    first, second = _data_copy(repo_root, tmp_path / "a"), _data_copy(repo_root, tmp_path / "b")
    write_synthetic(first, 5)
    write_synthetic(second, 5)
    for path in (first / "data" / "checklists").glob("synthetic-*.yml"):
        assert path.read_text() == (second / "data" / "checklists" / path.name).read_text()


def test_the_serve_benchmark_edit_keeps_the_checklist_valid(repo_root, tmp_path):
    # The edit the serve benchmark saves to service-recovery.yml (scripts/benchmark_tools/cli.py) must load, or the
    # benchmark waits in vain for a page that only shows the data error.
    project = _data_copy(repo_root, tmp_path)
    path = project / "data" / "checklists" / "service-recovery.yml"
    before = load_playbook(project).checklists["service-recovery"]
    path.write_text(edited_checklist(path.read_text(encoding="utf-8"), "Benchmarkword1x8000"), encoding="utf-8")
    after = load_playbook(project).checklists["service-recovery"]
    assert after.items[0].text == "Check the Benchmarkword1x8000 item before anything else."
    assert [(i.note, i.critical) for i in after.items] == [(i.note, i.critical) for i in before.items]
    assert [i.text for i in after.items[1:]] == [i.text for i in before.items[1:]]


def test_budgets_fail_and_skip_as_documented():
    results = {
        "real": {"build_pdf_cold_s": 6.0, "build_pdf_warm_s": 2.1, "build_no_pdf_s": 2.0},
        "scale": {
            "runs": [
                {"synthetic": 100, "build_s": 8.0, "html_bytes_per_checklist_page": 40_000},
                {"synthetic": 1000, "build_s": 50.0, "html_bytes_per_checklist_page": 52_000},
            ]
        },
        "lighthouse": {"skipped": "no Node"},
        "precache": {"files": 230, "bytes": 16_000_000},
    }
    checks = {c.name: c.ok for c in check_budgets(results)}
    assert checks["Kept for offline use by the service worker (230 files)"] is False
    results["precache"]["bytes"] = 11_000_000
    assert {c.name: c.ok for c in check_budgets(results)}["Kept for offline use by the service worker (230 files)"] is True
    assert checks["Real playbook: clean build, PDFs included (cold cache)"] is False
    assert checks["Real playbook: warm PDF cache, added over a build without PDFs"] is True
    assert checks["1,000 checklists: clean build (no PDFs)"] is True
    assert checks["HTML bytes per checklist page, 100 -> 1,000 checklists"] is False
    assert not any("Lighthouse" in name for name in checks)


def test_search_budgets_hold_for_each_query_set_and_place():
    row = {"queries": 10, "top1": 0.8}
    results = {
        "search": {"tuned": {"online": {**row, "top3": 1.0}}, "heldout": {"online": {**row, "top3": 0.9}, "offline": {**row, "top3": 0.95}}}
    }
    checks = {c.name: c.ok for c in check_budgets(results)}
    assert checks["Search, tuned query set, online: a right page in the top three"] is True
    assert checks["Search, heldout query set, online: a right page in the top three"] is False
    assert checks["Search, heldout query set, offline: a right page in the top three"] is True


def test_the_no_keyword_copy_loses_every_keyword_and_keeps_the_synonyms(tmp_path):
    from benchmark_tools.search_quality import strip_keywords

    (tmp_path / "docs").mkdir()
    (tmp_path / "data").mkdir()
    page = "---\ntitle: A\nkeywords: [one, two,\n  three]\nsearch:\n  boost: 2\n---\n\n# A\n"
    (tmp_path / "docs" / "a.md").write_text(page, encoding="utf-8")
    header = "# yaml-language-server: $schema=schemas/search.schema.json\n"
    (tmp_path / "data" / "search.yml").write_text(
        header + "checklists/x.md: [a b]\nsynonyms:\n  - [refund, money back]\n", encoding="utf-8"
    )
    strip_keywords(tmp_path)
    assert (tmp_path / "docs" / "a.md").read_text(encoding="utf-8") == "---\ntitle: A\nsearch:\n  boost: 2\n---\n\n# A\n"
    assert (tmp_path / "data" / "search.yml").read_text(encoding="utf-8") == header + "synonyms:\n- - refund\n  - money back\n"
