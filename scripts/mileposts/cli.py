"""The Mileposts command line, runnable without MkDocs: validate data, render pages and PDFs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import SiteBuild
from .problems import DataError
from .scaffold import new_checklist, next_steps


def _root(args) -> Path:
    return Path(args.root).resolve()


def cmd_validate(args) -> int:
    """Check every data file and the docs' front matter and markers; print every problem."""
    build = SiteBuild.load(_root(args), _root(args) / "docs")
    for page in build.docs.values():
        build.finish_markdown(page.body, page.src, page.meta, is_generated=False)
    playbook = build.playbook
    counts = f"{len(playbook.checklists)} checklists, {len(playbook.quotes)} quotes, {len(playbook.sources)} sources"
    print(f"OK: {counts}, {len(playbook.glossary)} glossary terms, {len(build.docs)} pages.")
    return 0


def cmd_pages(args) -> int:
    """Write the generated Markdown pages into a folder (for another site generator, or to inspect)."""
    build = SiteBuild.load(_root(args), _root(args) / "docs")
    out = Path(args.out).resolve()
    for protected in (_root(args) / "docs", _root(args) / "data"):
        if out == protected or protected in out.parents:
            print(f"Refusing to write generated pages into {protected}: builds never modify docs/ or data/.", file=sys.stderr)
            return 2
    for page in build.generated.values():
        target = out / page.src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    print(f"Wrote {len(build.generated)} pages to {out}")
    return 0


def cmd_pdf(args) -> int:
    """Render every checklist's one-page A4 and US Letter PDFs, previews and trainer packs into a folder, without MkDocs."""
    import time

    from .load import load_playbook
    from .printables import write_printables

    root = _root(args)
    out = Path(args.out).resolve()
    for protected in (root / "docs", root / "data"):
        if out == protected or protected in out.parents:
            print(f"Refusing to write PDFs into {protected}: builds never modify docs/ or data/.", file=sys.stderr)
            return 2
    started = time.perf_counter()
    written = write_printables(load_playbook(root), root, out, workers=args.jobs)
    pdfs = sum(1 for path in written if path.suffix == ".pdf")
    print(f"Wrote {pdfs} PDFs and {len(written) - pdfs} previews to {out} in {time.perf_counter() - started:.1f}s")
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


def parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per task."""
    main_parser = argparse.ArgumentParser(prog="python -m mileposts", description=__doc__)
    main_parser.add_argument("--root", default=".", help="the repository root (default: current folder)")
    sub = main_parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help=cmd_validate.__doc__).set_defaults(run=cmd_validate)
    pages = sub.add_parser("pages", help=cmd_pages.__doc__)
    pages.add_argument("out", help="folder to write the pages into (must not be docs/ or data/)")
    pages.set_defaults(run=cmd_pages)
    pdf = sub.add_parser("pdf", help=cmd_pdf.__doc__)
    pdf.add_argument("out", help="folder to write the PDFs into (must not be docs/ or data/); previews go in its previews/")
    pdf.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")
    pdf.set_defaults(run=cmd_pdf)
    new = sub.add_parser("new", help=cmd_new.__doc__)
    new.add_argument("title", help='the checklist\'s title, e.g. "Welcome a returning customer"')
    new.set_defaults(run=cmd_new)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    """Run a command; data problems are printed plainly, with no traceback, and exit 1."""
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return 1
