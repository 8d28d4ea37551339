"""checklists.json and quotes.json: published at the site root, deterministic, and documented on docs/data.md."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from mileposts.kinds import checklists, quotes
from mileposts.kinds.playbook import load_playbook

CHECKLISTS_FILE, QUOTES_FILE, FORMAT_VERSION = checklists.EXPORT, quotes.EXPORT, checklists.FORMAT_VERSION


def checklists_json(playbook) -> str:
    return checklists.KIND.exports(playbook)[CHECKLISTS_FILE]


def quotes_json(playbook) -> str:
    return quotes.KIND.exports(playbook)[QUOTES_FILE]


def quote_id(quote) -> str:
    return quote.id


@pytest.fixture(scope="module")
def playbook(repo_root):
    return load_playbook(repo_root)


@pytest.fixture(scope="module")
def data_page(repo_root) -> str:
    return (repo_root / "docs" / "data.md").read_text(encoding="utf-8")


def documented_fields(markdown: str, heading: str) -> set[str]:
    """The `field` names in the first column of the tables under a heading of docs/data.md."""
    section = markdown.split(heading, 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z_]+)` \|", section, re.MULTILINE))


def json_examples(markdown: str) -> list[dict]:
    return [json.loads(block) for block in re.findall(r"```json\n(.*?)```", markdown, re.DOTALL)]


def test_both_files_are_published_at_the_site_root_exactly_as_exported(built_site, playbook):
    assert (built_site / CHECKLISTS_FILE).read_text(encoding="utf-8") == checklists_json(playbook)
    assert (built_site / QUOTES_FILE).read_text(encoding="utf-8") == quotes_json(playbook)


def test_the_export_is_deterministic(repo_root, playbook):
    again = load_playbook(repo_root)
    assert checklists_json(again) == checklists_json(playbook)
    assert quotes_json(again) == quotes_json(playbook)


def test_checklists_json_holds_every_checklist_with_stable_item_ids(playbook):
    data = json.loads(checklists_json(playbook))
    assert (data["format"], data["version"]) == ("mileposts-checklists", FORMAT_VERSION)
    assert data["site"] == playbook.site.site_url
    ids = [c["id"] for c in data["checklists"]]
    assert ids == sorted(playbook.checklists), "every published checklist, sorted by id (none of the _template)"
    for record in data["checklists"]:
        checklist = playbook.checklists[record["id"]]
        items = [item for section in record["sections"] for item in section["items"]]
        assert [(i["id"], i["text"], i["note"]) for i in items] == [(i.id, i.text, i.note) for i in checklist.items]
        assert record["url"] == f"{playbook.site.site_url}checklists/{checklist.id}/"
        assert set(record["audience"]) <= set(data["audiences"])
        assert [s["id"] for s in record["sources"]] == checklist.sources


def test_quotes_json_holds_every_quote_in_order_with_unique_ids(playbook):
    data = json.loads(quotes_json(playbook))
    assert (data["format"], data["version"]) == ("mileposts-quotes", FORMAT_VERSION)
    assert [(q["text"], q["author"]) for q in data["quotes"]] == [(q.text, q.author) for q in playbook.quotes]
    assert [q["id"] for q in data["quotes"]] == [quote_id(q) for q in playbook.quotes]
    assert len({q["id"] for q in data["quotes"]}) == len(data["quotes"])
    for record, quote in zip(data["quotes"], playbook.quotes, strict=True):
        assert (record["source"] or {}).get("id") == quote.source


def test_every_field_is_documented_on_the_data_page(playbook, data_page):
    checklists = json.loads(checklists_json(playbook))
    quotes = json.loads(quotes_json(playbook))
    common = documented_fields(data_page, "## Both files start the same way")
    assert {"format", "version", "site", "licence", "licence_url"} == common
    checklist = checklists["checklists"][0]
    checklist_fields = documented_fields(data_page, "## checklists.json")
    section = checklist["sections"][0]
    item = section["items"][0]
    source = checklist["sources"][0]
    assert set(checklist) | set(section) | set(item) | set(source) <= checklist_fields
    assert set(quotes["quotes"][0]) <= documented_fields(data_page, "## quotes.json")
    assert set(checklists) - common == {"audiences", "checklists"} and "`audiences`" in data_page
    assert set(quotes) - common == {"note", "quotes"}


def test_the_examples_on_the_data_page_match_the_real_data(playbook, data_page):
    checklists_example, quotes_example = json_examples(data_page)
    real = {c["id"]: c for c in json.loads(checklists_json(playbook))["checklists"]}
    for example in checklists_example["checklists"]:
        actual = real[example["id"]]
        assert list(example) == list(actual), "the example lists the fields in the file's order"
        for key in ("title", "summary", "when", "type", "type_label", "audience", "tags", "url", "sources"):
            assert example[key] == actual[key], key
        real_items = {i["id"]: i for s in actual["sections"] for i in s["items"]}
        for section in example["sections"]:
            for item in section["items"]:
                assert real_items[item["id"]] == item
    real_quotes = {q["id"]: q for q in json.loads(quotes_json(playbook))["quotes"]}
    for example in quotes_example["quotes"]:
        assert example == real_quotes[example["id"]]
    assert list(checklists_example) == list(json.loads(checklists_json(playbook)))


def test_every_worksheet_spreadsheet_is_listed_on_the_data_page_and_holds_its_columns(built_site, playbook, data_page):
    logs = [w for w in playbook.worksheets.values() if w.csv]
    assert logs, "at least one worksheet is published as a spreadsheet"
    section = data_page.split("## Worksheet spreadsheets", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| \[[^\]]+\]\((worksheets/[a-z0-9-]+\.csv)\)", section, re.MULTILINE))
    assert listed == {w.export for w in logs}
    for sheet in logs:
        raw = (built_site / sheet.export).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and raw.endswith(b"\r\n") and raw.count(b"\r\n") == 1
        assert raw.decode("utf-8-sig").rstrip("\r\n").split(",") == [c.name for c in sheet.columns]


def test_the_data_page_is_in_the_reference_section_and_links_both_files(repo_root, built_site):
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)  # MkDocs' !ENV and !relative
    nav = yaml.load((repo_root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)["nav"]
    reference = next(entry["Reference"] for entry in nav if isinstance(entry, dict) and "Reference" in entry)
    assert "data.md" in reference
    page = (built_site / "data" / "index.html").read_text(encoding="utf-8")
    assert 'href="../checklists.json"' in page and 'href="../quotes.json"' in page
