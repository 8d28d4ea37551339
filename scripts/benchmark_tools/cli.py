"""Run every measurement, print a table, write the JSON results and exit non-zero when a budget fails."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from . import budgets
from .breakdown import cold_build_breakdown
from .lighthouse import lighthouse_scores
from .pdfs import render_times
from .project import ROOT, BuildFailed, checklist_ids, copy_project, run_build, tree_bytes
from .report import table
from .search_quality import search_quality, without_keywords
from .serve import edit_latency
from .synthetic import write_synthetic
from .weight import page_weights

PAGES = {"home": "", "framework": "frameworks/mile-model/", "checklist": "checklists/service-recovery/"}


def precache_size(site: Path) -> dict:
    """What the service worker downloads on a first visit, to keep for use offline (sw.js lists it)."""
    from mileposts.site.pwa import precache

    cache = precache(site)
    return {"files": len(cache.entries), "bytes": cache.total_bytes}


def say(message: str) -> None:
    """Progress, on stderr, so stdout keeps only the table."""
    print(f"[benchmark] {message}", file=sys.stderr, flush=True)


def measure_real(project: Path, work: Path, runs: int) -> tuple[dict, Path]:
    """Clean builds of the real playbook (medians): with PDFs from nothing, without PDFs, and with PDFs again.

    The first build of each run starts with no .cache/ at all, like a fresh clone (no PDFs,
    no compiled templates); the other two reuse what it left there, as a contributor's
    second build would.
    """
    times: dict[str, list[float]] = {"no_pdf": [], "pdf_cold": [], "pdf_warm": []}
    cpu: dict[str, list[float]] = {"no_pdf": [], "pdf_cold": [], "pdf_warm": []}
    site = work / "real-site"
    for run in range(1, runs + 1):
        say(f"real playbook, run {run}/{runs}: with PDFs and nothing cached, without PDFs, with PDFs cached")
        shutil.rmtree(project / ".cache", ignore_errors=True)
        for name, pdf in (("pdf_cold", True), ("no_pdf", False), ("pdf_warm", True)):
            build = run_build(project, site, pdf=pdf)
            times[name].append(build.seconds)
            cpu[name].append(build.cpu_seconds)
    say("real playbook: one more clean build with PDFs, timing each process and each PDF job")
    breakdown = cold_build_breakdown(project, work / "breakdown-site")
    shutil.rmtree(work / "breakdown-site", ignore_errors=True)
    pages = list(site.rglob("*.html"))
    pdfs = list((site / "pdf").rglob("*.pdf")) if (site / "pdf").exists() else []
    result = {
        "build_no_pdf_s": statistics.median(times["no_pdf"]),
        "build_pdf_cold_s": statistics.median(times["pdf_cold"]),
        "build_pdf_warm_s": statistics.median(times["pdf_warm"]),
        "runs_s": times,
        "cpu_s": {name: statistics.median(values) for name, values in cpu.items()},
        "checklists": len(checklist_ids(project)),
        "html_pages": len(pages),
        "pdf_files": len(pdfs),
        "site_bytes": tree_bytes(site),
        "breakdown": breakdown,
    }
    return result, site


def measure_scale(work: Path, counts: list[int], pdf_counts: list[int], project_root: Path) -> dict:
    """Builds of copies with `counts` synthetic checklists added (no PDFs); PDF cost measured at `pdf_counts`."""
    rows = []
    for count in counts:
        project = copy_project(work / f"scale-{count}", project_root)
        ids = write_synthetic(project, count)
        total = len(checklist_ids(project))
        say(f"scale: {count} synthetic checklists ({total} in all), build without PDFs")
        site = work / f"scale-{count}-site"
        build = run_build(project, site, pdf=False)
        pages = [site / "checklists" / i / "index.html" for i in ids]
        index = site / "search" / "search_index.json"
        row = {
            "synthetic": count,
            "checklists": total,
            "build_s": build.seconds,
            "build_cpu_s": build.cpu_seconds,
            "s_per_checklist": build.seconds / total,
            "site_bytes": tree_bytes(site),
            "html_bytes_per_checklist_page": statistics.mean(p.stat().st_size for p in pages),
            "search_index_bytes": index.stat().st_size if index.exists() else 0,
            "peak_rss_mb": build.peak_rss_mb,
        }
        if count in pdf_counts:
            say(f"scale: {count} synthetic checklists, build with PDFs (cold cache)")
            try:
                with_pdfs = run_build(project, site, pdf=True)
            except BuildFailed as error:
                row["pdf_error"] = str(error).splitlines()[-3:]
            else:
                row["build_pdf_cold_s"] = with_pdfs.seconds
                row["pdf_s"] = with_pdfs.seconds - build.seconds
                row["pdf_s_per_checklist"] = row["pdf_s"] / total
                row["pdf_peak_rss_mb"] = with_pdfs.peak_rss_mb
        rows.append(row)
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(project, ignore_errors=True)
    result: dict = {"runs": rows}
    measured = [r for r in rows if "pdf_s_per_checklist" in r]
    if measured:
        basis = max(measured, key=lambda r: r["checklists"])
        result["pdf_extrapolated"] = {
            f"{r['synthetic']}": round(basis["pdf_s_per_checklist"] * r["checklists"], 1) for r in rows if "pdf_s" not in r
        }
        result["pdf_extrapolated_from"] = basis["synthetic"]
    if len(rows) >= 2:
        first, last = rows[0], rows[-1]
        result["marginal_s_per_checklist"] = (last["build_s"] - first["build_s"]) / (last["checklists"] - first["checklists"])
    return result


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command-line options."""
    parser = argparse.ArgumentParser(prog="benchmark", description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmark-results.json", help="where to write the JSON results")
    parser.add_argument("--quick", action="store_true", help="skip the 1,000-checklist scale run (and PDFs at 100)")
    parser.add_argument("--skip-lighthouse", action="store_true", help="do not run Lighthouse")
    parser.add_argument("--runs", type=int, default=3, help="clean builds of the real playbook per variant (median taken)")
    parser.add_argument("--project", type=Path, default=ROOT, help=argparse.SUPPRESS)
    parser.add_argument("--scales", default="", help=argparse.SUPPRESS)  # e.g. "10,100": the synthetic counts to build
    parser.add_argument("--keep", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--only", default="real,serve,pdf,scale,weight,search,lighthouse", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def measure(args: argparse.Namespace, work: Path, results: dict) -> None:
    """Run the measurements chosen by `args` in the folder `work`, adding them to `results`."""
    only = set(args.only.split(","))
    real = copy_project(work / "real", args.project)
    site = None
    if "real" in only:
        results["real"], site = measure_real(real, work, args.runs)
    if "serve" in only:
        say("mkdocs serve: edit a checklist and time the page")
        results["serve"] = edit_latency(copy_project(work / "serve", args.project), "service-recovery")
    if "pdf" in only:
        say("PDF render time per checklist")
        results["pdf"] = render_times(real)
    if "scale" in only:
        counts = [int(n) for n in args.scales.split(",")] if args.scales else [10, 100] if args.quick else [10, 100, 1000]
        results["scale"] = measure_scale(work, counts, [n for n in counts if n <= (10 if args.quick else 100)], args.project)
    if site is None and ({"weight", "search", "lighthouse"} & only):
        site = work / "real-site"
        run_build(real, site, pdf=True)
    if "weight" in only:
        say("page weight in headless Chromium")
        results["weight"] = page_weights(site, PAGES)
        results["precache"] = precache_size(site)
    if "search" in only:
        say("search quality: both query sets typed into the search box, online and offline; then without keywords")
        results["search"] = search_quality(site)
        results["search"]["without_keywords"] = without_keywords(work)
    if "lighthouse" in only and not args.skip_lighthouse:
        say("Lighthouse (mobile), 5 runs per page")
        results["lighthouse"] = lighthouse_scores(site, PAGES)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 when every measured budget holds, 1 when one fails, 2 when a build fails."""
    args = parse_args(argv)
    results: dict = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average_at_start": round(os.getloadavg()[0], 2),
        },
        "options": {"quick": args.quick, "skip_lighthouse": args.skip_lighthouse, "runs": args.runs},
    }
    work = Path(tempfile.mkdtemp(prefix="mileposts-benchmark-"))
    if args.keep:
        say(f"working in {work} (kept)")
    try:
        measure(args, work, results)
    except BuildFailed as error:
        print(error, file=sys.stderr)
        return 2
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    results["machine"]["load_average_at_end"] = round(os.getloadavg()[0], 2)
    checks = budgets.check_budgets(results)
    results["budgets"] = budgets.as_json(checks)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results, checks))
    print(f"\nResults written to {args.out}")
    failed = [c.name for c in checks if c.ok is False]
    if failed:
        print("\nBudgets failed:\n" + "\n".join(f"  - {name}" for name in failed), file=sys.stderr)
        return 1
    return 0
