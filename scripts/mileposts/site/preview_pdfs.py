"""Printable checklists under `mkdocs serve`: rendered in the background, so a saved edit shows at once.

Rendering a changed checklist's sheets and both trainer packs takes seconds, and
`mkdocs serve` would hold every page until they were done. So the preview builds its
pages as with MILEPOSTS_PDF=0 (unless MILEPOSTS_PDF is set), and this module renders
the printables afterwards in a background thread, through the same cache as
`mkdocs build`. They appear in the served site a moment later (the checklist pages'
download buttons work), a sheet that no longer fits on one page is reported in the
terminal as the build would report it, and the next build finds the cache warm.
One render runs at a time; a newer edit supersedes one still waiting.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import MutableMapping
from pathlib import Path

from ..core.problems import DataError
from ..kinds.base import Playbook
from ..printing.run import render_printables
from .pages import print_set

SWITCH = "MILEPOSTS_PDF"
_lock = threading.Lock()
_latest = 0


def defer_for_preview(environ: MutableMapping[str, str] | None = None) -> bool:
    """Build pages without PDFs (rendered in the background instead), unless MILEPOSTS_PDF was set; True if deferred."""
    values = os.environ if environ is None else environ
    if SWITCH in values:
        return False
    values[SWITCH] = "0"
    return True


def render_in_background(playbook: Playbook, root: Path, site_dir: Path, log: logging.Logger) -> threading.Thread:
    """Render the printables of `playbook` (cached) in a thread, then copy them into the served `site_dir`."""
    global _latest
    _latest += 1
    generation = _latest

    def work() -> None:
        with _lock:
            if generation != _latest:
                return  # a newer edit came in while this one waited
            try:
                files = render_printables(print_set(playbook), root).files
            except DataError as error:
                log.error("The printable checklists could not be made:\n%s", error.report())
                return
            except Exception as error:  # the preview goes on without PDFs
                log.warning("The printable checklists could not be made (%s); the preview has none.", error)
                return
            if generation != _latest:
                return
            for site_path, source in files.items():
                target = Path(site_dir) / site_path
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
            log.info("Printable checklists ready in the preview (%d files).", len(files))

    thread = threading.Thread(target=work, name="mileposts-preview-pdfs", daemon=True)
    thread.start()
    return thread
