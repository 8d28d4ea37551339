"""Characters no value in data/ or front matter may hold, and the normal form used to compare texts.

Every text a contributor writes ends up in a web page, an attribute, a PDF, JSON and
the offline copy. Some characters cannot be written to those at all (a lone surrogate
from a "\\ud800" escape cannot be encoded as UTF-8), and some are invisible or deceptive:
control characters, zero-width spaces and joiners, bidirectional overrides that make
text display in another order than it is stored, private-use and unassigned code points
that no font draws. The loader refuses all of them in every value and key, with the
position and the code point, so a reviewer never has to spot what cannot be seen.
"""

from __future__ import annotations

import unicodedata

ALLOWED_CONTROLS = frozenset("\n\t")
CONTROL_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "BACKSPACE",
    0x0B: "VERTICAL TAB",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x85: "NEXT LINE",
}
# Unicode general categories refused: controls, format characters (zero-width, bidi), surrogates,
# private use, unassigned, and the line and paragraph separators.
REFUSED_CATEGORIES = {
    "Cc": "the control character",
    "Cf": "the invisible formatting character",
    "Cs": "a lone surrogate",
    "Co": "the private-use character",
    "Cn": "the unassigned code point",
    "Zl": "the line separator",
    "Zp": "the paragraph separator",
}


def describe_character(character: str) -> str:
    """'U+200B ZERO WIDTH SPACE' style name of one character, for messages."""
    code = ord(character)
    name = CONTROL_NAMES.get(code) or unicodedata.name(character, "")
    return f"U+{code:04X}" + (f" {name}" if name else "")


def bad_character(text: str) -> tuple[int, str] | None:
    """The index and a description of the first refused character in `text`, or None when it is clean."""
    for index, character in enumerate(text):
        if character in ALLOWED_CONTROLS:
            continue
        category = unicodedata.category(character)
        if category in REFUSED_CATEGORIES:
            return index, f"{REFUSED_CATEGORIES[category]} {describe_character(character)}"
    return None


def text_problem(text: str) -> str | None:
    """The 'expected ..., found ...' message for text holding a refused character, or None."""
    found = bad_character(text)
    if found is None:
        return None
    index, what = found
    return f"expected visible text only, found {what} at character {index + 1}; delete it (most editors do not show it)"


def normal_form(text: str) -> str:
    """Text as compared for duplicates: compatibility-normalised (NFKC), case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())
