"""Session kits (data/sessions/<id>.yml, one file per kit): a ready-to-run training session on one framework.

Each kit gets a web page (at a glance, the timeline a trainer follows on a tablet, the
role-plays, the take-away card), and from the same fragments three printables: the
facilitator guide (exactly two pages: prepare, then run it), the role-play cards (a page
per role-play, customer / staff / observer to cut apart) and the commitment cards
(several to a page). The trainer pack holds them, kits first; each kit also has a pack of
its own with the sheets it uses, so a trainer prints one file for one session. Its
framework page gets a "Run a session on this" box; `sessions` lists every kit.
"""

from __future__ import annotations

import functools
import re

from markupsafe import Markup

from ..core.links import Linker, link, page_url
from ..core.templates import render
from ..printing.pdf import metadata_date
from ..printing.printable import PAPERS, PREVIEW, Listing, Pack, PackEntry, Printable
from .base import GeneratedPage, Kind, LoadContext, Marker, PageContext, Playbook
from .session_records import OWN_PRINTABLES, Session, reference_problems, session_from, timing_problems, writing_problems
from .sources import known_source_problems

FILES = "data/sessions/*.yml"
INDEX = "sessions/index.md"
GUIDE_PAGES = 2  # at most: the kit at a glance, the timeline to run it from, then what to prepare
OTHER_KINDS = {"checklist": "data/checklists/{}.yml", "worksheet": "data/worksheets/{}.yml", "assessment": "data/assessment.yml"}
H1 = re.compile(r"(?m)^# .*$")


def outputs(session: Session, part: str) -> dict[str, str]:
    """Where one of a kit's printables (guide, roleplays, commitment, kit) is published on each paper."""
    return {paper: f"pdf/sessions/{session.id}-{part}-{paper}.pdf" for paper in PAPERS}


def material_target(session: Session, printable: str | None) -> tuple[str, str] | None:
    """(docs page, PDF path on A4) a material links to, or None: a checklist's page, the kit's own sheet, ..."""
    if not printable:
        return None
    if printable in OWN_PRINTABLES:
        return session.page, outputs(session, printable)["a4"]
    kind, _, ident = printable.partition(":")
    pages = {"checklist": f"checklists/{ident}.md", "worksheet": f"worksheets/{ident}.md", "assessment": "assessment.md"}
    return pages[kind], ""


class SessionsKind(Kind):
    """One file per kit; timings that add up; references that exist; a hard role-play in each."""

    name = "sessions"
    files = (FILES,)
    schema = "session.schema.json"
    counted_as = "session kits"

    def load(self, context: LoadContext) -> dict[str, Session] | None:
        """Every kit by id (None if one is invalid)."""
        sessions: dict[str, Session] = {}
        valid = True
        for relative in context.listed.get(FILES, []):
            parsed = context.file(relative, self.schema)
            raw = parsed.data if isinstance(parsed.data, dict) else {}
            known_source_problems(context, parsed, ("sources",), raw.get("sources"))
            problems = timing_problems(parsed, raw) + reference_problems(parsed, raw, context.root, context.records)
            problems += writing_problems(parsed, raw)
            context.problems.extend(problems)
            if not parsed.valid or problems:
                valid = False
                continue
            if not relative.rsplit("/", 1)[-1].startswith("_"):
                record = session_from(relative, raw, context.root)
                sessions[record.id] = record
        return sessions if valid else None

    def pages(self, playbook: Playbook, context: PageContext) -> list[GeneratedPage]:
        """A page per kit (the index links them), and the kits index."""
        pages = []
        for session in in_order(playbook.sessions):
            url = Linker.from_page(session.page, context.directory_urls)
            parts = {name: Markup(render(f"sessions/{name}.html", **fragment_context(playbook, session, url))) for name in FRAGMENTS}
            markdown = render("sessions/page.md", session=session, parts=parts, url=url, pdfs=context.pdfs, outputs=outputs)
            pages.append(GeneratedPage(session.page, markdown, session.path, in_nav=False, from_record=True))
        index = render("sessions/index.md", rows=index_rows(playbook, INDEX), site=playbook.site)
        return [*pages, GeneratedPage(INDEX, index, "scripts/mileposts/templates/sessions/index.md")]

    def citations(self, playbook: Playbook) -> list[tuple[str, str, str]]:
        """Each kit, under each article it teaches from."""
        return [(s, f"{k.title} (session kit)", k.page) for k in in_order(playbook.sessions) for s in k.sources]

    def printables(self, playbook: Playbook) -> list[Printable]:
        """Per kit: the guide of at most two pages (with a preview and a card), the role-play cards, the commitment cards."""
        printables = []
        for session in in_order(playbook.sessions):
            files = (session.path, "data/sources.yml", "data/site.yml", *(c.path for c in used_checklists(playbook, session)))

            def part(name: str, pack: tuple[str, str, str], session: Session = session, files: tuple = files, **fields) -> Printable:
                """One of the kit's printables: its name, HTML, outputs and pack entry follow from the part's name."""
                return Printable(
                    name=f"session-{session.id}-{name}",
                    source=session.path,
                    html=functools.partial(sheet_html, playbook, session, name),
                    outputs=outputs(session, name) | fields.pop("extra_outputs", {}),
                    data_files=files,
                    pack=PackEntry(*pack, session.reviewed, rank=-1),
                    **fields,
                )

            alt = f"Preview of the first page of the facilitator guide “{session.title}”"
            printables += [
                part(
                    "guide",
                    (f"Guide: {session.title}", session.summary, session.format_label),
                    extra_outputs={PREVIEW: f"pdf/previews/sessions/{session.id}.png"},
                    what="the facilitator guide (the kit at a glance, its timeline, then what to prepare)",
                    advice="shorten the steps' texts, notes or materials",
                    listing=Listing(session.title, session.summary, session.format_label, session.page, alt, "Session kits"),
                    pages=GUIDE_PAGES,
                ),
                part(
                    "roleplays",
                    (f"Role-play cards: {session.title}", "Cut apart: one set per group of three.", "Cards"),
                    what="the role-play cards (each role-play on a page of its own)",
                    advice="shorten the briefs, the observer's look-fors or the debrief questions",
                    pages=len(session.roleplays),
                ),
                part(
                    "commitment",
                    (f"Commitment cards: {session.commitment.title}", "One card each, filled in before people leave.", "Handout"),
                    what="the commitment cards",
                    advice="use fewer prompts or fewer lines",
                ),
            ]
        return printables

    def packs(self, playbook: Playbook) -> list[Pack]:
        """Per kit, one file: its guide, role-play cards and commitment cards, then the sheets it uses."""
        packs = []
        for session in in_order(playbook.sessions):
            own = tuple(f"session-{session.id}-{part}" for part in ("guide", "roleplays", "commitment"))
            used = tuple(OTHER_KINDS[p.partition(":")[0]].format(p.partition(":")[2]) for p in session.uses)
            packs.append(Pack(f"session-{session.id}-kit", outputs(session, "kit"), own + used))
        return packs

    def markers(self) -> dict[str, Marker]:
        """`sessions`: a table of every kit, by framework."""
        return {"sessions": Marker(sessions_marker, frozenset())}

    def finish_page(self, markdown: str, src: str, meta: dict, page: GeneratedPage | None, playbook: Playbook) -> str:
        """On a framework page that a kit teaches, a "Run a session on this" box under its title."""
        kits = [s for s in in_order(playbook.sessions) if s.framework == src]
        heading = H1.search(markdown)
        if not kits or page is not None or heading is None:
            return markdown
        box = render("sessions/run-this.md", kits=kits, href=lambda s: link(src, s.page))
        return markdown[: heading.end()] + "\n\n" + box + markdown[heading.end() :]


FRAGMENTS = ("glance", "prepare", "timeline", "roleplays", "commitment")


def in_order(sessions: dict[str, Session]) -> list[Session]:
    """Kits in the order of their framework, workshops before huddles, then by title."""
    return sorted(sessions.values(), key=lambda s: (s.framework, s.format != "workshop", s.title.lower()))


def used_checklists(playbook: Playbook, session: Session) -> list:
    """The checklists its role-plays draw on (their titles are printed on the cards)."""
    checklists = playbook.checklists or {}
    return [checklists[r.checklist] for r in session.roleplays if r.checklist in checklists]


def index_rows(playbook: Playbook, src: str) -> list[dict]:
    """What the kits index and the `sessions` marker show of each kit, with links from `src`."""
    return [{"session": s, "href": link(src, s.page), "framework": link(src, s.framework)} for s in in_order(playbook.sessions)]


def sessions_marker(attributes: dict[str, str], src: str, playbook: Playbook) -> str:
    """The table of every kit, linked from the page at `src`."""
    return render("sessions/index-table.md", rows=index_rows(playbook, src))


def fragment_context(playbook: Playbook, session: Session, url: Linker) -> dict:
    """What the kit's fragments need, shared by its web page and its printed sheets."""
    checklists = playbook.checklists or {}
    return {
        "session": session,
        "sources": [playbook.sources[s] for s in session.sources],
        "checklist_titles": {r.checklist: checklists[r.checklist].title for r in session.roleplays if r.checklist in checklists},
        "target": lambda printable: material_target(session, printable),
        "url": url,
        "online_url": playbook.site.page_url(page_url(session.page)),
        "site": playbook.site,
    }


def sheet_html(playbook: Playbook, session: Session, part: str) -> str:
    """The standalone HTML of one of a kit's printables: the guide, the role-play cards or the commitment cards."""
    context = fragment_context(playbook, session, Linker(playbook.site.site_url))
    return render(f"sessions/print-{part}.html", date=metadata_date(session.reviewed), **context)


KIND = SessionsKind()
