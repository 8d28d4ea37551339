"""Render pages from the playbook with the Jinja templates in overrides/mileposts/.

The same fragment (checklist.html) is used by the web page and the printed
sheet; print is a stylesheet switch. Everything is escaped by default.
"""

from __future__ import annotations

import html
import json
import posixpath
from functools import cache, lru_cache
from pathlib import Path

import jinja2
import segno
from markupsafe import Markup

from .inline import front_matter_text, inline, literal, plain
from .model import Playbook, tag_label

TEMPLATES = Path(__file__).resolve().parents[2] / "overrides" / "mileposts"


@lru_cache(maxsize=4)
def environment(template_dir: Path = TEMPLATES) -> jinja2.Environment:
    """The Jinja environment: strict about undefined names, escaping everything."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_dir),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    compiled = template_dir.parents[1] / ".cache" / "jinja-mileposts"  # outside docs/ and data/, like the PDF cache
    try:
        compiled.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(compiled))  # compiled templates, checked against their source
    except OSError:
        pass  # a read-only checkout compiles the templates each time
    env.filters["inline"] = inline
    env.filters["text"] = literal
    env.filters["plain"] = plain
    env.filters["front_matter"] = front_matter_text
    env.globals["web_link"] = web_link
    env.filters["label"] = tag_label
    env.filters["yaml"] = lambda value: Markup(json.dumps(value, ensure_ascii=False))
    env.globals["qr_svg"] = qr_svg
    return env


def web_link(url: str, text: str | None = None) -> Markup:
    """An HTML link to an http(s) address (validated by the schemas; anything else is shown as plain text)."""
    shown = literal(text if text is not None else url)
    if not url.startswith(("https://", "http://")) or any(c in url for c in "\"'<> \t\n`"):
        return shown
    return Markup(f'<a href="{html.escape(url, quote=True)}">{shown}</a>')


@cache  # the web page, the A4 sheet and the Letter sheet all draw the same code
def qr_svg(url: str) -> Markup:
    """An inline SVG QR code for `url`, made locally (once per address and process: it is the slowest part of a page)."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=3, border=2, dark="#000", light="#fff", omitsize=True, svgclass="mp-qr")
    return Markup(svg.replace("<svg ", '<svg role="img" aria-label="QR code linking to this page online" ', 1))


def page_url(src: str, directory_urls: bool = True) -> str:
    """The site-relative URL of a docs file: 'checklists/x.md' becomes 'checklists/x/'."""
    if not src.endswith(".md"):
        return src
    stem = src[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")] if directory_urls else stem + ".html"
    return stem + "/" if directory_urls else stem + ".html"


class Linker:
    """Turns docs paths into URLs as seen from one page (relative), or from anywhere (absolute)."""

    def __init__(self, base: str, directory_urls: bool = True):
        self.base, self.directory_urls = base, directory_urls

    @classmethod
    def from_page(cls, src: str, directory_urls: bool = True) -> Linker:
        """A Linker for links written into the page generated from `src`."""
        url = page_url(src, directory_urls)
        directory = url if url.endswith("/") else posixpath.dirname(url)
        return cls("../" * len([part for part in directory.split("/") if part]), directory_urls)

    def __call__(self, src: str, anchor: str = "") -> str:
        """The URL of docs file `src` (optionally with an anchor) from where this Linker stands."""
        target = self.base + page_url(src, self.directory_urls)
        return (target or "./") + (f"#{anchor}" if anchor else "")


def link(from_src: str, to_src: str) -> str:
    """A Markdown link target from one docs page to another, both given relative to docs/."""
    anchor = ""
    if "#" in to_src:
        to_src, anchor = to_src.split("#", 1)
        anchor = "#" + anchor
    return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".") + anchor


def render(template: str, **context) -> str:
    """Render one template from overrides/mileposts/ with the given context."""
    return environment().get_template(template).render(**context)


def checklist_fragment(playbook: Playbook, checklist_id: str, url: Linker, pdf_links: bool = True) -> str:
    """The HTML of a checklist, shared by its web page and its printed sheet."""
    checklist = playbook.checklists[checklist_id]
    online_url = playbook.site.page_url(f"checklists/{checklist_id}/")
    sources = [playbook.sources[s] for s in checklist.sources]
    return render(
        "checklist.html",
        checklist=checklist,
        sources=sources,
        url=url,
        online_url=online_url,
        site=playbook.site,
        pdf_links=pdf_links,
    )


def checklist_page(playbook: Playbook, checklist_id: str, directory_urls: bool = True) -> str:
    """The Markdown page for one checklist: front matter, heading and the shared fragment."""
    checklist = playbook.checklists[checklist_id]
    url = Linker.from_page(f"checklists/{checklist_id}.md", directory_urls)
    fragment = checklist_fragment(playbook, checklist_id, url)
    return render("checklist-page.md", checklist=checklist, fragment=Markup(fragment))
