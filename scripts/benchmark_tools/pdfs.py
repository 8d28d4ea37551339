"""PDF render time per checklist, measured by calling the printing engine (scripts/mileposts/printing/pdf.py) directly.

The probe runs in a child process inside the project copy, so it uses that copy's code
and data. Per checklist it lays out and writes both sheets (A4 and US Letter) and the
preview image, on one core, with no cache: the cost a changed checklist adds to a build
(the trainer packs, which hold every checklist, come on top). Then it does the same for
every session kit's printables (its guide, role-play cards and commitment cards), and
reports their total and their pages: what the kits add to a clean build, on one core.
WeasyPrint's start-up (fonts) is timed once, apart.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from .project import MKDOCS_ENV, wait_for_quiet

PROBE = r"""
import json, sys, time
from pathlib import Path
root = Path(sys.argv[1]); limit = int(sys.argv[2])
sys.path.insert(0, str(root / "scripts"))
try:
    from mileposts.kinds.checklists import sheet_html
    from mileposts.kinds.playbook import load_playbook
    from mileposts.printing import pdf
    from mileposts.printing.printable import SheetJob
    missing = [name for name in ("render_sheet_job", "layout") if not hasattr(pdf, name)]
except ImportError as error:
    missing = [f"mileposts.printing ({error})"]
if missing:
    print(json.dumps({"available": False, "reason": "not available: no " + ", ".join(missing)}))
    sys.exit(0)
playbook = load_playbook(root)
css_path = root / "docs" / "assets" / "print.css"
css = css_path.read_text(encoding="utf-8")
base_url = css_path.parent.as_uri() + "/"
start = time.perf_counter()
pdf.layout("<p>warm-up</p>", css, base_url)  # loads WeasyPrint's fonts once, as each worker process does
startup = time.perf_counter() - start
samples = {}
for checklist_id in list(playbook.checklists)[: limit or None]:
    start = time.perf_counter()
    html = sheet_html(playbook, playbook.checklists[checklist_id])
    job = SheetJob(html, css, base_url, preview=True)
    try:
        result = pdf.render_sheet_job(job)  # laid out once: the A4 and US Letter PDFs and the preview
    except Exception as error:
        print(json.dumps({"available": False, "reason": f"not available: render_sheet_job failed ({error!r})"}))
        sys.exit(0)
    if not result.fits:
        print(json.dumps({"available": False, "reason": f"{checklist_id} does not fit on one page"}))
        sys.exit(0)
    samples[checklist_id] = time.perf_counter() - start
kits = {}
try:  # the session kits' printables (guide, role-play cards, commitment cards), where the project has the kind
    from mileposts.kinds import sessions
except ImportError:
    sessions = None
if sessions is not None:
    for printable in sessions.KIND.printables(playbook):
        start = time.perf_counter()
        job = SheetJob(printable.html(), css, base_url, preview="preview" in printable.outputs, pages=printable.pages)
        result = pdf.render_sheet_job(job)
        kits[printable.name] = [time.perf_counter() - start, result.pages]
print(json.dumps({"available": True, "samples": samples, "startup_s": startup, "kits": kits}))
"""


def render_times(project: Path, limit: int = 0) -> dict:
    """Median seconds to render one checklist's printables (A4 + Letter + preview) on one core."""
    command = [sys.executable, "-c", PROBE, str(project), str(limit)]
    wait_for_quiet()
    environment = {**MKDOCS_ENV, "PYTHONPATH": str(project / "scripts") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    result = subprocess.run(command, cwd=project, env=environment, capture_output=True, text=True, timeout=1800)
    if result.returncode != 0 or not result.stdout.strip():
        return {"available": False, "reason": "the PDF probe failed: " + (result.stderr.strip().splitlines() or ["no output"])[-1]}
    report = json.loads(result.stdout.strip().splitlines()[-1])
    if report.get("available"):
        values = list(report["samples"].values())
        report["median_s"] = statistics.median(values)
        report["checklists"] = len(values)
        kits = report.get("kits") or {}
        if kits:
            report["kits_total_s"] = sum(seconds for seconds, _ in kits.values())
            report["kits_pages"] = sum(pages for _, pages in kits.values())
            report["kits_printables"] = len(kits)
    return report
