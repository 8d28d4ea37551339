"""Last-updated dates: from git history, with the file's own date when there is no history."""

from __future__ import annotations

import os
import subprocess

from mileposts.core.history import git_dates, human_date, last_updated


def test_dates_come_from_the_latest_commit_touching_each_file(tmp_path):
    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "a.md"
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t"}
    env["GIT_COMMITTER_EMAIL"] = "t@example.org"

    def commit(text, day):
        page.write_text(text)
        dated = {**env, "GIT_AUTHOR_DATE": f"{day}T12:00:00Z", "GIT_COMMITTER_DATE": f"{day}T12:00:00Z"}
        subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True, env=dated)
        subprocess.run(["git", "commit", "-qm", "x"], cwd=tmp_path, check=True, env=dated)

    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    commit("one", "2025-01-02")
    commit("two", "2026-03-04")
    dates = git_dates(tmp_path)
    assert dates["docs/a.md"] == "2026-03-04"
    assert human_date(last_updated(tmp_path, "docs/a.md", dates)) == "4 March 2026"


def test_without_git_history_the_file_modification_date_is_used(tmp_path):
    page = tmp_path / "docs" / "a.md"
    page.parent.mkdir()
    page.write_text("x")
    os.utime(page, (1700000000, 1700000000))  # 2023-11-14
    assert git_dates(tmp_path) == {}
    assert last_updated(tmp_path, "docs/a.md", {}) == "2023-11-14"
    assert last_updated(tmp_path, "docs/missing.md", {}) == ""


def test_built_pages_show_when_they_were_last_updated(built_site):
    for page in ["index.html", "checklists/service-recovery/index.html", "quotes/index.html"]:
        text = (built_site / page).read_text(encoding="utf-8")
        assert "Last updated" in text and "md-source-file" in text, page
