"""The checklists (data/checklists/<id>.yml, one file per checklist): pause point, type, sections of items.

Adds a page per checklist (ticks that remember, downloads) and the checklists index, a
one-page sheet per checklist (the same fragment as the page, for A4 and US Letter, with a
preview, an entry in the trainer pack and a card on the printables page), the
`<!-- mileposts:checklists ... -->` marker, and checklists.json (documented on docs/data.md).
Files whose names start with "_" (the template) are checked but never published.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from markupsafe import Markup

from ..core.links import Linker, link
from ..core.problems import Problem
from ..core.rules import action_problem, case_problem, date_problem, verb_problem
from ..core.tags import AUDIENCES
from ..core.templates import render
from ..core.textcheck import normal_form
from ..core.yamlfile import YamlFile, load_yaml
from ..printing.fit import LIMITS_MM, grown
from ..printing.pdf import metadata_date
from ..printing.printable import PAPERS, PREVIEW, Listing, PackEntry, Printable
from ..scaffold import add_checklist_url
from .base import GeneratedPage, Kind, LoadContext, Marker, PageContext, Playbook
from .checklist_checks import colon_item_problems, item_texts, link_problems, page_title, pause_point_problems
from .checklist_records import Checklist, Item, Section, in_order, online_url
from .sources import known_source_problems

FILES = "data/checklists/*.yml"
TEMPLATE = "data/checklists/_template.yml"
INDEX_SOURCE = "scripts/mileposts/templates/checklists/index.md"
FORMAT_VERSION = 1  # of checklists.json; bump when a field is renamed or removed
EXPORT = "checklists.json"
MIN_WHEN = 20  # characters: a pause point someone can recognise ("Before a shift" is too vague to spot)


class ChecklistsKind(Kind):
    """One file per checklist; items start with a verb and appear once; sources are known; dates are real."""

    name = "checklists"
    files = (FILES,)
    schema = "checklist.schema.json"

    def load(self, context: LoadContext) -> dict[str, Checklist] | None:
        """Every published checklist by id (the template and other "_" files are checked only); None if one is invalid."""
        checklists: dict[str, Checklist] = {}
        valid = True
        try:  # for the index's "Add a checklist" link, which opens GitHub's editor with it filled in
            self.template_text: str | None = (context.root / TEMPLATE).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            self.template_text = None
        for relative in context.listed.get(FILES, []):
            checklist = self._one(Path(relative).stem, context.file(relative, self.schema), context)
            valid = valid and checklist is not None
            if checklist is not None and not checklist.id.startswith("_"):
                checklists[checklist.id] = checklist
        return checklists if valid else None

    def _one(self, checklist_id: str, parsed: YamlFile, context: LoadContext) -> Checklist | None:
        raw = parsed.data if isinstance(parsed.data, dict) else {}
        known_source_problems(context, parsed, ("sources",), raw.get("sources"))
        message = date_problem(raw.get("reviewed"))
        if message:
            context.problems.append(parsed.problem(("reviewed",), message))
        when = raw.get("when")
        if isinstance(when, str) and 10 <= len(when.strip()) < MIN_WHEN:
            message = f"expected a pause point of at least {MIN_WHEN} characters that names a moment, found {len(when.strip())}: {when!r}"
            context.problems.append(
                parsed.problem(("when",), message + "; say when, e.g. 'Before you call back a customer who complained'")
            )
        colons = colon_item_problems(parsed, raw)
        if colons:  # said once, in words: not also as the schema's "unknown field 'Say'" and "'text' missing"
            faulty = {p.field for p in colons}
            context.problems[:] = [
                p for p in context.problems if p.path != parsed.path or not any(p.field.startswith(f + ".") for f in faulty)
            ]
            context.problems.extend(colons)
        seen: dict[str, str] = {}
        for s, i, text in item_texts(raw):
            where = ("sections", s, "items", i)
            message = verb_problem(text) or action_problem(text) or case_problem(text)
            if message:
                context.problems.append(parsed.problem(where, message))
            key = normal_form(text)
            if key in seen:
                context.problems.append(parsed.problem(where, f"expected each item once, found the same text as {seen[key]}"))
            seen.setdefault(key, f"sections[{s}].items[{i}]")
        if isinstance(raw.get("sections"), list):
            context.problems.extend(pause_point_problems(parsed, raw))
        context.problems.extend(link_problems(parsed, raw, context.root))
        if not parsed.valid:
            return None
        sections = [
            Section(s["title"], [Item(e) if isinstance(e, str) else Item(**e) for e in s["items"]], s.get("when")) for s in raw["sections"]
        ]
        fields = {k: v for k, v in raw.items() if k != "sections"}
        checklist = Checklist(id=checklist_id, path=parsed.path, sections=sections, **fields)
        if checklist.framework_page:
            checklist.framework_title = page_title(context.root / "docs" / checklist.framework_page)
        return checklist

    def pages(self, playbook: Playbook, context: PageContext) -> list[GeneratedPage]:
        """A page per checklist (out of the navigation: the index lists them), and the checklists index."""
        pages = []
        for checklist in playbook.checklists.values():
            url = Linker.from_page(checklist.page, context.directory_urls)
            fragment = Markup(render("checklists/fragment.html", **fragment_context(playbook, checklist, url, pdf_links=True)))
            markdown = render("checklists/page.md", checklist=checklist, fragment=fragment, href=functools.partial(link, checklist.page))
            pages.append(GeneratedPage(checklist.page, markdown, checklist.path, in_nav=False, sources_box=False, from_record=True))
        template = getattr(self, "template_text", None)
        add_url = add_checklist_url(playbook.site.repo_url, playbook.site.branch, template) if template else None
        index = render(
            "checklists/index.md",
            checklists=in_order(playbook.checklists),
            audiences=list(AUDIENCES.items()),
            add_url=add_url,
            site=playbook.site,
            suggest_url=f"{playbook.site.repo_url.rstrip('/')}/issues/new?template=suggest-checklist.yml",
        )
        # The pencil opens the index's own words, never the template (a contributor would overwrite it).
        pages.append(GeneratedPage("checklists/index.md", index, INDEX_SOURCE))
        return pages

    def citations(self, playbook: Playbook) -> list[tuple[str, str, str]]:
        """Each checklist, under each source it names."""
        return [(s, f"{c.title} (checklist)", c.page) for c in in_order(playbook.checklists) for s in c.sources]

    def printables(self, playbook: Playbook) -> list[Printable]:
        """A one-page sheet per checklist, with a preview, an entry in the trainer pack and a card on the printables page."""
        printables = []
        for checklist in in_order(playbook.checklists):
            outputs = {paper: f"pdf/{checklist.id}-{paper}.pdf" for paper in PAPERS} | {PREVIEW: f"pdf/previews/{checklist.id}.png"}
            sections = len(checklist.sections)
            alt = (
                f"Preview of the printed sheet “{checklist.title}”: {checklist.type_label}, {len(checklist.items)} tick boxes "
                f"in {sections} section{'s' if sections != 1 else ''}, with a completion block and a QR code"
            )
            printables.append(
                Printable(
                    name=checklist.id,
                    source=checklist.path,
                    html=functools.partial(sheet_html, playbook, checklist),
                    outputs=outputs,
                    what="the checklist",
                    advice="shorten items or notes, or split it",
                    data_files=(checklist.path, "data/sources.yml", "data/site.yml"),
                    cause=functools.partial(grown_sheet_problem, playbook=playbook, checklist=checklist),
                    pack=PackEntry(checklist.title, checklist.when, checklist.type_label, checklist.reviewed),
                    listing=Listing(checklist.title, checklist.summary, checklist.when, checklist.page, alt),
                )
            )
        return printables

    def markers(self) -> dict[str, Marker]:
        """`checklists` with one of ids=, audience= or tag=: cards linking to the checklists."""
        return {"checklists": Marker(checklists_marker, frozenset({"ids", "audience", "tag"}))}

    def exports(self, playbook: Playbook) -> dict[str, str]:
        """checklists.json: every published checklist, sorted by id, in the documented field order."""
        data = playbook.site.export_header("checklists", FORMAT_VERSION)
        data["audiences"] = dict(AUDIENCES)
        data["checklists"] = [_record(playbook, playbook.checklists[i]) for i in sorted(playbook.checklists)]
        return {EXPORT: json.dumps(data, ensure_ascii=False, indent=2) + "\n"}


def _record(playbook: Playbook, checklist: Checklist) -> dict:
    return {
        "id": checklist.id,
        "title": checklist.title,
        "summary": checklist.summary,
        "when": checklist.when,
        "type": checklist.type,
        "type_label": checklist.type_label,
        "type_reason": checklist.type_reason,
        "audience": list(checklist.audience),
        "tags": list(checklist.tags),
        "reviewed": checklist.reviewed,
        "ticks_reset": checklist.ticks_reset,
        "framework": checklist.framework,
        "words": checklist.words,
        "url": online_url(playbook.site, checklist),
        "sources": [playbook.sources[s].record() for s in checklist.sources],
        "sections": [
            {
                "title": section.title,
                "when": section.when,
                "items": [{"id": item.id, "text": item.text, "note": item.note, "critical": item.critical} for item in section.items],
            }
            for section in checklist.sections
        ],
    }


def fragment_context(playbook: Playbook, checklist: Checklist, url: Linker, pdf_links: bool) -> dict:
    """What templates/checklists/fragment.html needs: shared by the web page and the printed sheet."""
    return {
        "checklist": checklist,
        "sources": [playbook.sources[s] for s in checklist.sources],
        "url": url,
        "online_url": online_url(playbook.site, checklist),
        "site": playbook.site,
        "pdf_links": pdf_links,
    }


def sheet_html(playbook: Playbook, checklist: Checklist) -> str:
    """The standalone HTML of one checklist's printable sheet (for both papers): the page's fragment, links made absolute."""
    context = fragment_context(playbook, checklist, Linker(playbook.site.site_url), pdf_links=False)
    return render("checklists/sheet.html", date=metadata_date(checklist.reviewed), **context)


def grown_sheet_problem(root: Path, heights: dict[str, float], playbook: Playbook, checklist: Checklist) -> Problem | None:
    """When a sheet's foot or header outgrew its usual height: the problem at the text that made it grow."""
    part = grown(heights)
    if part == "foot":
        longest, source_id = max((len(playbook.sources[s].title), s) for s in checklist.sources)
        site = playbook.site
        size = f"its foot {heights['foot']:.0f} mm tall (usually under {LIMITS_MM['foot']:.0f} mm)"
        if longest >= len(site.name) + len(site.licence):
            index = list(playbook.sources).index(source_id)
            line, column = load_yaml(root / "data/sources.yml", "data/sources.yml").where((index, "title"))
            message = (
                f"expected {checklist.path} to fit on one printed page, found {size}, "
                f"mostly because of this source title of {longest} characters; shorten it"
            )
            return Problem("data/sources.yml", line, column, f"[{index}].title", message)
        line, column = load_yaml(root / "data/site.yml", "data/site.yml").where(("name",))
        message = f"expected {checklist.path} to fit on one printed page, found {size}, from the site name and licence; shorten them"
        return Problem("data/site.yml", line, column, "name", message)
    if part == "header":
        line, column = load_yaml(root / checklist.path, checklist.path).where(("summary",))
        message = (
            f"expected the sheet to fit on one printed page, found its header {heights['header']:.0f} mm tall "
            f"(usually under {LIMITS_MM['header']:.0f} mm); shorten the title, summary or when"
        )
        return Problem(checklist.path, line, column, "summary", message)
    return None


def checklists_marker(attributes: dict[str, str], src: str, playbook: Playbook) -> str:
    """Cards for the checklists a marker picks; ValueError saying what is wrong with it."""
    if len(attributes) != 1:
        raise ValueError(f"expected exactly one of ids, audience or tag, found {', '.join(attributes) or 'none'}")
    ((key, value),) = attributes.items()
    checklists = playbook.checklists
    if key == "ids":
        unknown = [i for i in value.split() if i not in checklists]
        if unknown:
            raise ValueError(f"expected checklist ids from data/checklists/, found unknown {', '.join(unknown)}")
        chosen = [checklists[i] for i in value.split()]
    elif key == "audience":
        if value not in AUDIENCES:
            raise ValueError(f"expected an audience ({', '.join(AUDIENCES)}), found {value!r}")
        chosen = [c for c in checklists.values() if value in c.audience]
    else:
        chosen = [c for c in checklists.values() if value in c.tags]
    if not chosen:
        raise ValueError(f"expected at least one checklist with {key}={value!r}, found none")
    return render("checklists/cards.md", checklists=chosen, href=lambda c: link(src, c.page))


KIND = ChecklistsKind()
