"""Addresses between pages: a docs path ('checklists/x.md') as a site URL, relative to another page or absolute."""

from __future__ import annotations

import posixpath


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
