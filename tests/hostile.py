"""Hostile values, as an attacker or a careless contributor would write them, and the one scanner of built HTML.

PAYLOADS are tried in every text field of every kind of data and in page front matter
(see hostile_project.py). Each that could run script calls alert() with its own mark, so
a browser test knows which one got through. `unsafe_html` is the single helper every
output check uses: event-handler attributes, javascript:/data:/vbscript: addresses,
script elements that the theme itself does not write, and HTML inside attribute values.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

PAYLOADS = [
    '<script>alert("mp-1")</script>',
    '<img src=x onerror=alert("mp-2")>',
    '"><svg onload=alert("mp-3")>',
    "' onmouseover='alert(4)' x='",
    "[click me](javascript:alert(5))",
    "[open](data:text/html,<script>alert(6)</script>)",
    "Greet {: onclick=alert(7) }",
    '<a href="javascript:alert(8)">a link</a>',
    "&lt;img src=x onerror=alert(9)&gt;",
    "*[HTML]: <img src=x onerror=alert(10)>",
    "--8<-- /etc/passwd",
    "</title></textarea></script><img src=x onerror=alert(12)>",
    '<!-- mileposts:quotes tag="last-mile" -->',
    "![pic](javascript:alert(14))",
    '<https://evil.example/"onmouseover="alert(15)>',
    "\\<script\\>alert(16)\\</script\\>",
    "{{ 7*7 }} {% raw %} ${alert(17)}",
    "[ref][1] [1]: javascript:alert(18)",
    "<details open ontoggle=alert(19)>x</details>",
    "javascript:alert(20)",
    "vbscript:msgbox(21)",
    "<style>@import 'https://evil.example/x.css'</style>",
    '<iframe src="https://evil.example/"></iframe>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(24)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(25)">',
    '[x](https://ok.example/"onmouseover="alert(26))',
    "**<img src=x onerror=alert(27)>**",
    "[<img src=x onerror=alert(28)>](https://ok.example/)",
    "&#x3C;script&#x3E;alert(29)&#x3C;/script&#x3E;",
    "%3Cscript%3Ealert(30)%3C/script%3E",
    "| a | b |\n| - | - |\n| <b onclick=alert(31)>x</b> | y |",
    "# Heading {#x onclick=alert(32)}",
    "Tab\tand ` backtick `<img src=x onerror=alert(33)>`",
    "https://evil.example/a?x=1&y=<script>alert(34)</script>",
    "=SUM(A1:A2)",  # a spreadsheet formula, where a CSV cell starts with it
    "@SUM(A1:A2)",
    "+2+3 and -4",
]
SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href", "background", "cite",
    "ping", "manifest", "lowsrc", "dynsrc", "longdesc", "icon", "codebase", "archive", "profile", "usemap",
}  # fmt: skip
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "foreignobject"}
SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
HTML_IN_VALUE = re.compile(r"<\s*[a-zA-Z/!?]")
# What varies between builds inside the theme's own inline scripts: relative bases and the site's path.
SCRIPT_VARIABLE = re.compile(r'new URL\("[^"]*"|"base": "[^"]*"|(?<=")(?:\.\./)+|(?<=")\./')
# The one javascript: address the theme writes (a button-like link that copies a search's address).
THEME_JAVASCRIPT = {("a", "href", "javascript:void(0)", "search-share")}


def normalise_script(text: str) -> str:
    """An inline script's text with what differs from page to page (bases, site path) taken out."""
    return SCRIPT_VARIABLE.sub("", re.sub(r"\s+", " ", text.strip()))


class _Scanner(HTMLParser):
    def __init__(self, allowed_scripts: set[str]):
        super().__init__(convert_charrefs=True)
        self.allowed_scripts, self.findings = allowed_scripts, []
        self.script: list[str] | None = None
        self.script_attrs: dict = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}=...>: an event-handler attribute")
            if HTML_IN_VALUE.search(value):
                self.findings.append(f"<{tag} {name}={value[:60]!r}>: HTML inside an attribute value")
            if name in URL_ATTRIBUTES or (name == "content" and "url=" in value.lower()):
                for part in value.split(",") if name == "srcset" else [value.split("url=", 1)[-1] if name == "content" else value]:
                    match = SCHEME.match(part)
                    key = (tag, name, value, attributes.get("data-md-component"))
                    if match and f"{match.group(1).lower()}:" not in SAFE_SCHEMES and key not in THEME_JAVASCRIPT:
                        self.findings.append(f"<{tag} {name}={value[:60]!r}>: a {match.group(1)}: address")
            if name == "style" and re.search(r"url\s*\(|expression\s*\(|javascript:", value, re.I):
                self.findings.append(f"<{tag} style={value[:60]!r}>: a style that loads or runs something")
        if tag in FORBIDDEN_TAGS or (tag == "meta" and "http-equiv" in attributes):
            self.findings.append(f"<{tag}>: an element that loads or redirects to other content")
        if tag == "script":
            self.script, self.script_attrs = [], attributes

    def handle_endtag(self, tag):
        if tag == "script" and self.script is not None:
            text, src = "".join(self.script), self.script_attrs.get("src")
            if src is not None:
                if SCHEME.match(src) or src.startswith("//") or "assets/" not in src:
                    self.findings.append(f"<script src={src!r}>: a script that is not one of the site's own files")
            elif normalise_script(text) not in self.allowed_scripts:
                self.findings.append(f"<script>{text.strip()[:60]!r}: an inline script the theme does not write")
            self.script = None

    def handle_data(self, data):
        if self.script is not None:
            self.script.append(data)


def inline_scripts(html: str) -> set[str]:
    """The normalised inline scripts of a page (for the allow-list, taken from a build of clean data)."""
    found = set(re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S))
    return {normalise_script(text) for text in found}


def unsafe_html(html: str, allowed_scripts: set[str]) -> list[str]:
    """Everything in `html` that could run script or load another page's content; [] when it is safe."""
    scanner = _Scanner(allowed_scripts)
    scanner.feed(html)
    scanner.close()
    return scanner.findings


def scan_site(site: Path, allowed_scripts: set[str]) -> list[str]:
    """`unsafe_html` over every HTML page under `site`, each finding prefixed with the page."""
    findings = []
    for page in sorted(site.rglob("*.html")):
        findings += [f"{page.relative_to(site)}: {f}" for f in unsafe_html(page.read_text(encoding="utf-8"), allowed_scripts)]
    return findings
