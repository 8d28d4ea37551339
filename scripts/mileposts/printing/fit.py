"""Whether a laid-out sheet fits its page, and how to say so when it does not.

A sheet that runs over is usually its own data (too many or too long items), and the
problem names its file. But the header (title, summary, pause point) and the foot
(completion block, sources, site name and licence) can grow from text in other files:
`part_heights` measures both, and a printable's `cause` (given by its kind) can then
point at the text that made them grow, where the fix is.
"""

from __future__ import annotations

from ..core.problems import Problem

PX_PER_MM = 96 / 25.4
PARTS = {"mp-sheet-header": "header", "mp-sheet-foot": "foot"}
# The tallest a part grows on the real checklists is about 47 mm (header) and 43 mm (foot).
LIMITS_MM = {"header": 60.0, "foot": 50.0}


def part_heights(document) -> dict[str, float]:
    """The height in mm of the first page's header and foot (WeasyPrint layout boxes)."""
    heights: dict[str, float] = {}
    stack = list(document.pages[0]._page_box.children)
    while stack:
        box = stack.pop()
        element = getattr(box, "element", None)
        classes = (element.get("class") or "").split() if element is not None else []
        for css_class, part in PARTS.items():
            if css_class in classes and box.position_y is not None:
                heights[part] = max(heights.get(part, 0.0), box.margin_height() / PX_PER_MM)
        stack.extend(getattr(box, "children", None) or [])
    return heights


def grown(heights: dict[str, float]) -> str | None:
    """'foot' or 'header' when that part outgrew its usual height, else None."""
    for part in ("foot", "header"):
        if heights.get(part, 0.0) > LIMITS_MM[part]:
            return part
    return None


NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def layout_problem(path: str, pages: int, over: float, what: str, advice: str, allowed: int = 1) -> Problem:
    """The problem reported for a sheet that does not fit on its printed pages (the area A4 and US Letter share)."""
    percent = max(1, round(over * 100))
    foot = "its content running into the foot of the page (its sign-off, sources and QR code)"
    found = f"it {pages} pages" if pages > allowed else foot
    count = NUMBERS.get(allowed, str(allowed))
    where = "one printed page" if allowed == 1 else f"{count} printed pages at most"
    return Problem(
        path,
        1,
        1,
        "layout",
        f"expected {what} to fit on {where} (A4 or US Letter), found {found} (about {percent}% of a page too long); {advice}",
    )
