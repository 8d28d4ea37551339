"""The playbook's checklists and quotes as JSON, for people who reuse them in other tools.

Published at the site root as checklists.json and quotes.json, and documented on
docs/data.md. The output is deterministic: the same data gives the same bytes
(no build time, fixed key order, checklists sorted by id, quotes in file order),
so a diff of two exports shows only real changes.

Text fields hold the text as written in data/, which may use the little inline
Markdown the playbook allows (**bold**, *italic*, [links](https://...)) and nothing else.
Bump FORMAT_VERSION when a field is renamed or removed; adding a field does not.
"""

from __future__ import annotations

import hashlib
import json
import re

from .model import AUDIENCES, TYPES, Checklist, Playbook, Quote, Source

FORMAT_VERSION = 1
CHECKLISTS_FILE = "checklists.json"
QUOTES_FILE = "quotes.json"


def quote_id(quote: Quote) -> str:
    """A stable id for a quote, from its text and author (like a checklist item's id)."""
    normal = re.sub(r"\s+", " ", f"{quote.text}\n{quote.author}".strip().lower())
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()[:10]


def _source(source: Source) -> dict:
    return {
        "id": source.id,
        "title": source.title,
        "author": source.author,
        "organisation": source.organisation,
        "credit": source.credit,
        "date": source.date,
        "url": source.url,
    }


def _header(playbook: Playbook, kind: str) -> dict:
    site = playbook.site
    return {
        "format": f"mileposts-{kind}",
        "version": FORMAT_VERSION,
        "site": site.site_url,
        "licence": site.licence,
        "licence_url": site.licence_url,
    }


def checklist_record(playbook: Playbook, checklist: Checklist) -> dict:
    """One checklist as a plain mapping, in the documented field order."""
    return {
        "id": checklist.id,
        "title": checklist.title,
        "summary": checklist.summary,
        "when": checklist.when,
        "type": checklist.type,
        "type_label": TYPES[checklist.type][0],
        "audience": list(checklist.audience),
        "tags": list(checklist.tags),
        "reviewed": checklist.reviewed,
        "url": playbook.site.page_url(f"checklists/{checklist.id}/"),
        "sources": [_source(playbook.sources[s]) for s in checklist.sources],
        "sections": [
            {"title": section.title, "items": [{"id": item.id, "text": item.text, "note": item.note} for item in section.items]}
            for section in checklist.sections
        ],
    }


def quote_record(playbook: Playbook, quote: Quote) -> dict:
    """One quote as a plain mapping, in the documented field order."""
    return {
        "id": quote_id(quote),
        "text": quote.text,
        "author": quote.author,
        "context": quote.context,
        "tags": list(quote.tags),
        "source": _source(playbook.sources[quote.source]) if quote.source else None,
    }


def _dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def checklists_json(playbook: Playbook) -> str:
    """checklists.json: every published checklist, sorted by id."""
    data = _header(playbook, "checklists")
    data["audiences"] = dict(AUDIENCES)
    data["checklists"] = [checklist_record(playbook, playbook.checklists[i]) for i in sorted(playbook.checklists)]
    return _dump(data)


def quotes_json(playbook: Playbook) -> str:
    """quotes.json: every quote, in the order of data/quotes.yml."""
    data = _header(playbook, "quotes")
    data["note"] = "Quotations remain the words of their authors; the licence covers the selection, context notes and ids."
    data["quotes"] = [quote_record(playbook, quote) for quote in playbook.quotes]
    return _dump(data)


def exports(playbook: Playbook) -> dict[str, str]:
    """Every export file, keyed by its path in the built site."""
    return {CHECKLISTS_FILE: checklists_json(playbook), QUOTES_FILE: quotes_json(playbook)}
