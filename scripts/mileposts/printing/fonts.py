"""Which characters the printed sheets can draw, so no PDF ever shows empty boxes where text should be.

WeasyPrint draws each character with the first installed font that has it (Pango asks
fontconfig), and with an empty box when none has. So before anything is printed, every
text a printable shows is checked against the fonts this machine has: DejaVu Sans (the
sheets' font: Latin, Greek, Cyrillic and most symbols) and, for Chinese, Japanese and
Korean, WenQuanYi Micro Hei, which ./scripts/install puts on Debian and Ubuntu
(`fonts-wqy-microhei`). A character no installed font has is a located problem that
names it. Colour emoji fonts are not counted: WeasyPrint cannot draw their bitmaps.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

from ..core.problems import Problem
from ..core.textcheck import describe_character
from ..core.yamldata import strings
from ..core.yamlfile import load_yaml

PRIMARY = "DejaVu Sans"
CJK_PACKAGE = "fonts-wqy-microhei"
SKIPPED_FAMILIES = ("emoji",)  # colour bitmap fonts: listed by fontconfig, not drawn by WeasyPrint


def _cmap(path: str) -> frozenset[int]:
    """The code points one font file (every font of a collection) maps to glyphs."""
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    try:
        fonts = TTCollection(path, lazy=True).fonts if path.lower().endswith((".ttc", ".otc")) else [TTFont(path, lazy=True)]
    except (TTLibError, OSError, ValueError, AssertionError):
        return frozenset()
    covered: set[int] = set()
    for font in fonts:
        try:
            covered.update(font.getBestCmap() or {})
        except Exception:  # a broken font file: it draws nothing
            continue
    return frozenset(covered)


def _fc(*arguments: str) -> str:
    """The output of a fontconfig command, or '' where fontconfig's tools are missing."""
    command = shutil.which(arguments[0])
    if command is None:
        return ""
    try:
        return subprocess.run([command, *arguments[1:]], capture_output=True, text=True, timeout=60, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


@cache
def primary_coverage() -> frozenset[int]:
    """What the sheets' own font draws (one file read: most playbooks need nothing more)."""
    path = _fc("fc-match", "-f", "%{file}", PRIMARY).strip()
    return _cmap(path) if path else frozenset()


@cache
def installed_coverage() -> frozenset[int] | None:
    """What any installed font draws; None when fontconfig's tools are missing (nothing can be said)."""
    listing = _fc("fc-list", "--format", "%{file}\t%{family}\n")
    if not listing:
        return None
    covered: set[int] = set()
    for line in sorted(set(listing.splitlines())):
        path, _, family = line.partition("\t")
        if path and not any(word in family.lower() for word in SKIPPED_FAMILIES):
            covered.update(_cmap(path))
    return frozenset(covered)


def undrawable(text: str) -> list[str]:
    """The distinct characters of `text` that no installed font can draw, in order of appearance."""
    primary = primary_coverage()
    missing = [c for c in dict.fromkeys(text) if not c.isspace() and ord(c) not in primary]
    if not missing:
        return []
    everything = installed_coverage()
    return [] if everything is None else [c for c in missing if ord(c) not in everything]


def _advice(character: str) -> str:
    if unicodedata.category(character) == "So" and ord(character) >= 0x1F000:
        return "emoji cannot be printed: say it in words"
    if any(word in unicodedata.name(character, "") for word in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL")):
        return f"install {CJK_PACKAGE} (./scripts/install does on Debian and Ubuntu), or write it another way"
    return "remove it, or install a font that has it"


def font_problems(root: Path, files: list[str]) -> list[Problem]:
    """A problem at each value of these data files (relative paths) holding a character the sheets cannot draw."""
    problems = []
    for relative in files:
        parsed = load_yaml(Path(root) / relative, relative)  # parsed once already: positions only
        for path, text in strings(parsed.data):
            missing = undrawable(text)
            if missing:
                character = missing[0]
                message = (
                    f"expected text the printed sheets can draw, found {character!r} ({describe_character(character)}), "
                    f"which no installed font has; {_advice(character)}"
                )
                problems.append(parsed.problem(path, message))
    return problems
