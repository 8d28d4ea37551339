"""Render the Jinja templates in scripts/mileposts/templates/, escaping everything, strict about undefined names.

The same fragment is used by a web page and its printed sheet; print is a stylesheet
switch. Data reaches templates untrusted: the filters below are the only ways to print
it (`text` for plain words, `inline` for the little Markdown data may use, `front_matter`
for what a site tool prints into attributes as it is).
"""

from __future__ import annotations

import html
import json
from functools import cache, lru_cache
from pathlib import Path

import jinja2
import segno
from markupsafe import Markup

from .inline import front_matter_text, inline, literal, plain
from .tags import tag_label

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
COMPILED = Path(__file__).resolve().parents[3] / ".cache" / "jinja-mileposts"  # outside docs/ and data/, like the PDF cache


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
    try:
        COMPILED.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(COMPILED))  # compiled templates, checked against their source
    except OSError:
        pass  # a read-only checkout compiles the templates each time
    env.filters["inline"] = inline
    env.filters["text"] = literal
    env.filters["plain"] = plain
    env.filters["front_matter"] = front_matter_text
    env.filters["label"] = tag_label
    env.filters["yaml"] = lambda value: Markup(json.dumps(value, ensure_ascii=False))
    env.globals["qr_svg"] = qr_svg
    env.globals["web_link"] = web_link
    return env


def render(template: str, **context) -> str:
    """Render one template (a path under templates/, e.g. 'checklists/page.md') with the given context."""
    return environment().get_template(template).render(**context)


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
