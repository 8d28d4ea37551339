"""Data problems in the browser under `mkdocs serve`: an error page naming each file and line, gone once the file is fixed.

Without this, a rebuild that fails on a data file leaves the browser on the old page,
and the server "appears stuck until build errors are resolved" (MkDocs' words): the
only clue is in the terminal, which a contributor previewing a checklist may not watch.
mkdocs_hooks.py records the problems of a failed rebuild here and clears them when a
rebuild loads cleanly; `install` makes the server answer every page with a page that
lists them (each value escaped), tells open browsers to reload onto it, and lets them
reload again, onto the fixed page, when the next rebuild succeeds.

A module of its own, imported once: MkDocs loads the hooks file afresh for every
rebuild, so state kept there would not outlive the rebuild that set it.
"""

from __future__ import annotations

import html
import threading
from pathlib import Path

_lock = threading.Lock()
_problems: list = []  # mileposts.core.problems.Problem of the last failed rebuild; empty when it loaded cleanly
_root: Path | None = None


def record(problems: list, root: Path) -> None:
    """Remember the problems of a rebuild that failed on the data."""
    global _root
    with _lock:
        _problems[:] = problems
        _root = root


def clear() -> None:
    """The data loaded cleanly: pages are served as built again."""
    with _lock:
        _problems.clear()


def current() -> list:
    """The problems to show, if any."""
    with _lock:
        return list(_problems)


def _source_line(root: Path | None, relative: str, line: int) -> str | None:
    """Line `line` of a file of the repository, or None (outside the repository, unreadable, or no such line)."""
    if root is None:
        return None
    path = (root / relative).resolve()
    if root.resolve() not in path.parents:
        return None
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    except OSError:
        return None
    return lines[line - 1] if 0 < line <= len(lines) else None


def error_page(problems: list, root: Path | None = None) -> str:
    """The page shown instead of every page while the data has problems."""
    count = len(problems)
    items = []
    for problem in problems:
        where = f"{problem.path}, line {problem.line}, column {problem.column}"
        field = f"<code>{html.escape(problem.field)}</code>: " if problem.field else ""
        source = _source_line(root, problem.path, problem.line)
        shown = f"<pre><code>{problem.line}: {html.escape(source)}</code></pre>" if source is not None else ""
        items.append(f"<li><p><strong>{html.escape(where)}</strong></p><p>{field}{html.escape(problem.message)}</p>{shown}</li>")
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Mileposts data has {count} problem{'s' if count != 1 else ''}</title>"
        "<style>body{font:1rem/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}"
        "h1{color:#a00000}li{margin-bottom:1.25rem}pre{background:#f4f4f4;padding:.5rem;overflow-x:auto}</style>"
        "</head><body><main>"
        f"<h1>Mileposts data has {count} problem{'s' if count != 1 else ''}</h1>"
        "<p>The preview is paused until these are fixed. Save the file and this page reloads by itself.</p>"
        f"<ol>{''.join(items)}</ol></main></body></html>"
    )


def _is_page(path: str) -> bool:
    last = path.rsplit("/", 1)[-1]
    return path.endswith("/") or last.endswith(".html") or "." not in last


def install(server) -> None:
    """Make `server` (MkDocs' LiveReloadServer) show the error page while the data has problems."""
    if getattr(server, "_mileposts_errors", False) or not all(hasattr(server, a) for a in ("_serve_request", "_epoch_cond")):
        return  # already installed, or a MkDocs whose server works differently: the terminal still says it all
    server._mileposts_errors = True
    build, serve = server.builder, server._serve_request

    def builder(*args, **kwargs):
        try:
            return build(*args, **kwargs)
        except Exception:
            if current():  # let waiting pages through, and open browsers reload onto the error page
                with server._epoch_cond:
                    server._visible_epoch = server._wanted_epoch
                    server._epoch_cond.notify_all()
            raise

    def serve_request(environ, start_response):
        path = environ.get("PATH_INFO", "")
        problems = current()
        if problems and not path.startswith("/livereload/") and _is_page(path):
            with server._epoch_cond:
                epoch = server._visible_epoch
            content = server._inject_js_into_html(error_page(problems, _root).encode("utf-8"), epoch)
            start_response(
                "500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(content)))]
            )
            return [content]
        return serve(environ, start_response)

    server.builder = builder
    server._serve_request = serve_request
