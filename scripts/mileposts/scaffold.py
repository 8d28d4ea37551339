"""Start a new checklist from data/checklists/_template.yml.

`python -m mileposts new "Welcome a returning customer"` writes
data/checklists/welcome-a-returning-customer.yml: the template with its
title and review date filled in, ready to edit. `validate` names every example sentence still
left from the template, so none is published by mistake.
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import quote

from .core.atomic import create_atomically
from .core.textcheck import text_problem

TEMPLATE = Path("data/checklists/_template.yml")
WEB_FILE_NAME = "data/checklists/your-checklist.yml"  # the contributor renames it in GitHub's editor
WEB_HEADER = (
    '# Started from the "Add a checklist" link. First change the file name above (your-checklist.yml) to your title\n'
    "# in lowercase with hyphens, e.g. welcome-a-returning-customer.yml. Then replace every placeholder below:\n"
    "# the checks on your pull request name any you missed. CONTRIBUTING.md explains each field."
)
TITLE_LENGTH = (3, 70)  # as in data/schemas/checklist.schema.json
PLAIN_WORDS = 'expected plain words, with none of < > " ` { } [ ] \\ | * _'
TITLE = re.compile(r"^[^<>\"`{}\[\]\\|*_]+$")  # plain words, as data/schemas/common.schema.json's title


def slugify(title: str) -> str:
    """The id for a title: lowercase ASCII letters and digits joined by single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _with_header(template: str, header: str) -> str:
    """The template text with its 'about this template' header (the first comment block) replaced by `header`."""
    lines = template.splitlines()
    schema_line, rest = lines[0], lines[1:]
    if rest and rest[0].startswith("#"):
        blank = next((i for i, line in enumerate(rest) if not line.strip()), len(rest))
        rest = rest[blank:]
    return "\n".join([schema_line, header, *rest]) + "\n"


def web_template(template: str) -> str:
    """What the "Add a checklist" link puts in GitHub's editor: the template, with a header for the web editor."""
    return _with_header(template, WEB_HEADER)


def add_checklist_url(repo_url: str, branch: str, template: str) -> str:
    """GitHub's new-file page with the file name and the template filled in (GitHub sends it to the visitor's fork)."""
    name, value = quote(WEB_FILE_NAME, safe="/"), quote(web_template(template), safe="")
    return f"{repo_url.rstrip('/')}/new/{quote(branch, safe='')}?filename={name}&value={value}"


def _fill(template: str, title: str, today: str) -> str:
    """The template text with its 'about this template' header replaced and title and date set."""
    header = f"# Started with `mileposts new` on {today}. Replace every placeholder; CONTRIBUTING.md explains each field."
    text = _with_header(template, header)
    # json.dumps gives a double-quoted string that YAML reads back exactly, whatever the title contains.
    text, titles = re.subn(r"(?m)^title:.*$", lambda _: "title: " + json.dumps(title, ensure_ascii=False), text, count=1)
    text, dates = re.subn(r"(?m)^reviewed:.*$", f"reviewed: {today}", text, count=1)
    if not (titles and dates):
        raise ValueError(f"{TEMPLATE} has lost its 'title:' or 'reviewed:' line; restore it before running 'new'")
    return text


def new_checklist(root: Path, title: str) -> Path:
    """Write data/checklists/<id>.yml under `root` from the template and return its path."""
    title = " ".join(title.split())
    low, high = TITLE_LENGTH
    if not low <= len(title) <= high:
        raise ValueError(f"expected a title of {low} to {high} characters, found {len(title)}: {title!r}")
    checklist_id = slugify(title)
    if not checklist_id:
        raise ValueError(f"expected a title with some letters or digits to make a file name from, found {title!r}")
    problem = text_problem(title)
    if problem or not TITLE.match(title):
        raise ValueError(f"title: {problem or PLAIN_WORDS + f', found {title!r}'}")
    path = root / "data" / "checklists" / f"{checklist_id}.yml"
    try:
        template = (root / TEMPLATE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise ValueError(
            f"{TEMPLATE.as_posix()}: expected the checklist template, found it missing or unreadable; "
            f"restore it with: git checkout -- {TEMPLATE.as_posix()}"
        ) from None
    today = datetime.date.today().isoformat()
    text = _fill(template, title, today)
    try:
        create_atomically(path, text)  # never overwrites, never leaves half a file
    except FileExistsError:
        shown = path.relative_to(root).as_posix()
        raise ValueError(f"{shown} already exists; choose another title or edit that file") from None
    except OSError as error:
        raise ValueError(
            f"{path.parent}: expected a folder to add the checklist to, found {(error.strerror or str(error)).lower()}"
        ) from None
    return path


def next_steps(path: Path) -> str:
    """What to do after `new_checklist`, in a few lines for the terminal."""
    return "\n".join(
        [
            f"Created {path.as_posix()}. Now open it and fill in:",
            "  summary   one sentence on what the checklist is for",
            "  when      the pause point: the moment to pick it up",
            "  type      read-do or do-confirm",
            "  audience, tags and sources   from the lists in the file's comments",
            "  sections  3 to 9 items each, one action per item, each starting with a verb",
            "Then check it:  .venv/bin/python -m mileposts validate  (it names any example text still left from the template)",
            "and preview it: ./scripts/serve  (http://127.0.0.1:8000)",
        ]
    )
