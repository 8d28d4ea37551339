"""The Mileposts command line, runnable without MkDocs: validate data, render pages and PDFs.

Whatever goes wrong ends in plain words and a non-zero exit, never a traceback: data
problems as `path:line:column: field: expected ..., found ...` (exit 1), a wrong path or
argument as `path: expected ..., found ...` (exit 2), Ctrl-C with exit 130. Files are
written atomically, so an interrupted command leaves no half-written file.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

from . import ci
from .core.atomic import write_atomically
from .core.problems import DataError
from .kinds import KINDS
from .kinds.playbook import load_playbook
from .printing.fonts import font_problems
from .printing.pdf import enabled as pdf_enabled
from .scaffold import new_checklist, next_steps
from .site.build import SiteBuild
from .site.stage import stage


class UsageError(Exception):
    """A path or argument the user got wrong: reported as one plain line, exit 2."""


def _root(args) -> Path:
    """The repository root, checked to hold data/ and docs/."""
    root = Path(args.root).resolve()
    missing = [name for name in ("data", "docs") if not (root / name).is_dir()]
    if missing:
        found = "no such folder" if not root.exists() else ("a file" if not root.is_dir() else f"no {' or '.join(missing)}/ in it")
        raise UsageError(f"{args.root}: expected a Mileposts repository (a folder with data/ and docs/), found {found}")
    return root


def _out_dir(root: Path, given: str) -> Path:
    """The output folder, made if needed; never docs/ or data/ (or inside them), never an existing file."""
    out = Path(given).resolve()
    for protected in (root / "docs", root / "data"):
        if out == protected or protected in out.parents:
            raise UsageError(
                f"{given}: expected a folder outside {protected.name}/, found one inside it: builds never modify docs/ or data/"
            )
    if out.exists() and not out.is_dir():
        raise UsageError(f"{given}: expected a folder to write into, found a file")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"{given}: expected a folder Mileposts can create, found {_reason(error)}") from None
    if not os.access(out, os.W_OK):
        raise UsageError(f"{given}: expected a folder Mileposts can write to, found it read-only")
    return out


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def _write_all(out: Path, files: dict[str, bytes | str]) -> None:
    """Write each file (path relative to `out`) atomically, making folders as needed."""
    for relative, content in files.items():
        target = out / relative
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, content)
        except OSError as error:
            raise UsageError(f"{target}: expected a file Mileposts can write, found {_reason(error)}") from None


def cmd_validate(args) -> int:
    """Check every data file and the docs' front matter and markers; print every problem."""
    root = _root(args)
    github = args.format == "github" or (args.format == "auto" and ci.in_github_actions())
    try:
        build = SiteBuild.load(root, root / "docs")  # loading checks every marker too
        if pdf_enabled():  # what the printed sheets could not draw (needs this machine's fonts)
            problems = font_problems(root, sorted({f for p in build.print_set().printables for f in p.data_files}))
            if problems:
                raise DataError(problems)
    except DataError as error:
        if github:
            print("\n".join(ci.report(error.problems)))
        raise
    if github:
        ci.report([])
    counts = [kind.count(build.playbook.records[kind.name]) for kind in KINDS]
    print(f"OK: {', '.join(c for c in counts if c)}, {len(build.docs)} pages.")
    return 0


def cmd_pages(args) -> int:
    """Write the generated Markdown pages into a folder (for another site generator, or to inspect)."""
    root = _root(args)
    build = SiteBuild.load(root, root / "docs")
    out = _out_dir(root, args.out)
    _write_all(out, {src: build.finished(src) for src in build.generated})
    print(f"Wrote {len(build.generated)} pages to {out}")
    return 0


def cmd_stage(args) -> int:
    """Write a finished docs tree and a mkdocs.yml without hooks into a folder, for any MkDocs-compatible engine."""
    root = _root(args)
    build = SiteBuild.load(root, root / "docs")
    out = _out_dir(root, args.out)
    try:
        written = stage(build, out, workers=args.jobs)
    except OSError as error:
        raise UsageError(f"{args.out}: expected a folder Mileposts can write the staged tree into, found {_reason(error)}") from None
    print(f"Staged {written.pages} pages and {written.files} other files in {out}; build it with: mkdocs build -f {out / 'mkdocs.yml'}")
    return 0


def cmd_precache(args) -> int:
    """Write sw.js, the service worker that keeps every file of a built site for use offline, into that site."""
    from .site.pwa import PRECACHE_BUDGET_BYTES, write_worker

    site = Path(args.site).resolve()
    if not (site / "index.html").is_file():
        found = "no such folder" if not site.is_dir() else "no index.html in it"
        raise UsageError(f"{args.site}: expected a built site (a folder with index.html), found {found}")
    try:
        cache = write_worker(site)
    except OSError as error:
        raise UsageError(f"{args.site}: expected a site folder Mileposts can write sw.js into, found {_reason(error)}") from None
    size, budget = cache.total_bytes / 1e6, PRECACHE_BUDGET_BYTES / 1e6
    print(f"Wrote {site / 'sw.js'}: {len(cache.entries)} files precached, {size:.1f} MB (budget {budget:.0f} MB)")
    return 0 if cache.total_bytes <= PRECACHE_BUDGET_BYTES else 1


def cmd_pdf(args) -> int:
    """Render every checklist's one-page A4 and US Letter PDFs, previews and trainer packs into a folder, without MkDocs."""
    from .printing.run import render_printables
    from .site.outputs import claim_problems, generated_claims
    from .site.pages import print_set

    root = _root(args)
    printed = print_set(load_playbook(root))
    problems = claim_problems(generated_claims([], printed.printables, {}, printed.packs))
    if problems:
        raise DataError(problems)
    out = _out_dir(root, args.out)
    started = time.perf_counter()
    files = render_printables(printed, root, workers=args.jobs).files
    _write_all(out, {site_path.removeprefix("pdf/"): source.read_bytes() for site_path, source in files.items()})
    pdfs = sum(1 for path in files if path.endswith(".pdf"))
    print(f"Wrote {pdfs} PDFs and {len(files) - pdfs} previews to {out} in {time.perf_counter() - started:.1f}s")
    return 0


def cmd_new(args) -> int:
    """Start a new checklist from data/checklists/_template.yml and say what to fill in."""
    try:
        path = new_checklist(_root(args), args.title)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    print(next_steps(path))
    return 0


def cmd_from_issue(args) -> int:
    """Turn a "Suggest a checklist" issue (its body saved as a file) into data/checklists/<id>.yml, then validate."""
    import datetime

    from .core.atomic import create_atomically
    from .from_issue import IssueError, checklist_from_issue, checklist_yaml, form_labels

    root = _root(args)
    try:
        body = Path(args.issue).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        found = _reason(error) if isinstance(error, OSError) else "text that is not UTF-8"
        raise UsageError(f"{args.issue}: expected the issue's text saved as a UTF-8 file, found {found}") from None
    try:
        checklist_id, data = checklist_from_issue(body, form_labels(root))
    except IssueError as error:
        raise UsageError(f"{args.issue}: {error}") from None
    shown = re.sub(r"[^\w.-]", "_", Path(args.issue).name)
    reviewed = args.reviewed or datetime.date.today().isoformat()
    relative = f"data/checklists/{checklist_id}.yml"
    try:
        create_atomically(root / relative, checklist_yaml(data, reviewed, shown))
    except FileExistsError:
        raise UsageError(f"{relative}: expected a new file, found one already there; edit it, or change the title in the issue") from None
    print(f"Wrote {relative}. Checking it ...")
    load_playbook(root)  # every problem, located, with the fix (DataError: exit 1, the file stays for you to fix)
    print(f"OK: {relative} is valid. Read it through, then preview it with ./scripts/serve")
    return 0


def _date(text: str) -> str:
    """A YYYY-MM-DD date."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise argparse.ArgumentTypeError(f"expected a date written YYYY-MM-DD, found {text!r}")
    return text


def _jobs(text: str) -> int:
    """A worker count: a whole number from 1 to 64."""
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise argparse.ArgumentTypeError(f"expected a whole number of worker processes from 1 to 64, found {text!r}")
    return int(text)


def parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per task."""
    main_parser = argparse.ArgumentParser(prog="python -m mileposts", description=__doc__.split("\n\n")[0])
    main_parser.add_argument("--root", default=".", help="the repository root (default: current folder)")
    sub = main_parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help=cmd_validate.__doc__)
    validate.add_argument(
        "--format",
        choices=("auto", "text", "github"),
        default="auto",
        help="github: also print GitHub annotations and write a job summary (default: when GITHUB_ACTIONS=true)",
    )
    validate.set_defaults(run=cmd_validate)
    pages = sub.add_parser("pages", help=cmd_pages.__doc__)
    pages.add_argument("out", help="folder to write the pages into (must not be docs/ or data/)")
    pages.set_defaults(run=cmd_pages)
    pdf = sub.add_parser("pdf", help=cmd_pdf.__doc__)
    pdf.add_argument("out", help="folder to write the PDFs into (must not be docs/ or data/); previews go in its previews/")
    pdf.add_argument("--jobs", type=_jobs, default=None, help="worker processes (default: one per core)")
    pdf.set_defaults(run=cmd_pdf)
    staged = sub.add_parser("stage", help=cmd_stage.__doc__)
    staged.add_argument("out", help="folder to write the finished tree into: OUT/docs, OUT/overrides and OUT/mkdocs.yml")
    staged.add_argument("--jobs", type=_jobs, default=None, help="worker processes for the PDFs (default: one per core)")
    staged.set_defaults(run=cmd_stage)
    precache = sub.add_parser("precache", help=cmd_precache.__doc__)
    precache.add_argument("site", help="a site built from the staged tree by any engine")
    precache.set_defaults(run=cmd_precache)
    new = sub.add_parser("new", help=cmd_new.__doc__)
    new.add_argument("title", help='the checklist\'s title, e.g. "Welcome a returning customer"')
    new.set_defaults(run=cmd_new)
    from_issue = sub.add_parser("from-issue", help=cmd_from_issue.__doc__)
    from_issue.add_argument("issue", help='the body of a "Suggest a checklist" issue, saved as a file (e.g. ISSUE.md)')
    from_issue.add_argument("--reviewed", type=_date, default=None, help="the review date to write (default: today)")
    from_issue.set_defaults(run=cmd_from_issue)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    """Run a command; every failure is printed plainly, with no traceback, and a non-zero exit."""
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return 1
    except UsageError as error:
        print(error, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrupted: nothing was left half-written.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    except OSError as error:
        where = error.filename or "mileposts"
        print(f"{where}: expected a file or folder Mileposts can use, found {_reason(error)}", file=sys.stderr)
        return 2
    except Exception as error:  # a bug: say so plainly; MILEPOSTS_DEBUG=1 shows where
        if os.environ.get("MILEPOSTS_DEBUG"):
            raise
        print(
            f"mileposts: an unexpected error ({type(error).__name__}: {error}). This is a bug in Mileposts: please report it",
            file=sys.stderr,
        )
        print("with the command you ran. Run it again with MILEPOSTS_DEBUG=1 to see where it happened.", file=sys.stderr)
        return 70
