"""Why a printed sheet does not fit its page: the part that grew, and the text that made it grow.

A sheet that runs over is usually a checklist with too many or too long items, and the
problem names its file. But the header (title, summary, pause point) and the foot
(completion block, sources, site name and licence) can grow too, from text in other
files: a source title of two hundred characters, a long site name. Then the problem
points at that text, in data/sources.yml or data/site.yml, where the fix is.
"""

from __future__ import annotations

from pathlib import Path

from .model import Checklist, Playbook
from .problems import Problem
from .yamlfile import load_yaml

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


def _where(root: Path, relative: str, path: tuple) -> tuple[int, int]:
    return load_yaml(root / relative, relative).where(path)


def cause_problem(root: Path, playbook: Playbook, checklist: Checklist, heights: dict[str, float]) -> Problem | None:
    """The problem at the text that made the header or foot outgrow its usual height; None when neither did."""
    foot, header = heights.get("foot", 0.0), heights.get("header", 0.0)
    if foot > LIMITS_MM["foot"]:
        titles = [(len(playbook.sources[s].title), s) for s in checklist.sources]
        longest, source_id = max(titles)
        site = playbook.site
        grown = f"its foot {foot:.0f} mm tall (usually under {LIMITS_MM['foot']:.0f} mm)"
        if longest >= len(site.name) + len(site.licence):
            index = list(playbook.sources).index(source_id)
            line, column = _where(root, "data/sources.yml", (index, "title"))
            message = (
                f"expected {checklist.path} to fit on one printed page, found {grown}, mostly because of this source title "
                f"of {longest} characters; shorten it"
            )
            return Problem("data/sources.yml", line, column, f"[{index}].title", message)
        line, column = _where(root, "data/site.yml", ("name",))
        message = f"expected {checklist.path} to fit on one printed page, found {grown}, from the site name and licence; shorten them"
        return Problem("data/site.yml", line, column, "name", message)
    if header > LIMITS_MM["header"]:
        line, column = _where(root, checklist.path, ("summary",))
        message = (
            f"expected the sheet to fit on one printed page, found its header {header:.0f} mm tall "
            f"(usually under {LIMITS_MM['header']:.0f} mm); shorten the title, summary or when"
        )
        return Problem(checklist.path, line, column, "summary", message)
    return None
