"""The benchmark's report: the measurements and the budgets as the table `./scripts/benchmark` prints."""

from __future__ import annotations

from . import budgets
from .breakdown import describe
from .search_quality import SETS


def _kb(value: float) -> str:
    return f"{value / 1024:,.1f} KB"


def _mb(value: float) -> str:
    return f"{value / 1e6:,.1f} MB"


def table(results: dict, checks: list[budgets.Check]) -> str:
    """The results as a plain-text table."""
    machine = results["machine"]
    lines = [f"Mileposts benchmark, {results['date']}, {machine['cores']} cores, Python {machine['python']}"]
    busiest = max(machine["load_average_at_start"], machine.get("load_average_at_end", 0))
    if busiest > 0.5 * (machine["cores"] or 1):
        lines.append(f"WARNING: the machine was busy (load average up to {busiest:.1f}): times are inflated; run again when it is idle.")
    lines.append("")
    real = results.get("real")
    if real:
        lines += [
            f"Real playbook ({real['checklists']} checklists, {real['html_pages']} HTML pages, {real['pdf_files']} PDFs, "
            f"{_mb(real['site_bytes'])}), median of {len(real['runs_s']['no_pdf'])} clean builds:",
            f"  with PDFs, nothing cached    {real['build_pdf_cold_s']:6.2f} s   (CPU {real['cpu_s']['pdf_cold']:.1f} s)",
            f"  without PDFs                 {real['build_no_pdf_s']:6.2f} s   (CPU {real['cpu_s']['no_pdf']:.1f} s)",
            f"  with PDFs, warm PDF cache    {real['build_pdf_warm_s']:6.2f} s   (CPU {real['cpu_s']['pdf_warm']:.1f} s)",
            *(describe(real["breakdown"]) if "breakdown" in real else []),
            "",
        ]
    serve = results.get("serve")
    if serve:
        if "median_s" in serve:
            samples = ", ".join(f"{s:.2f}" for s in serve["samples_s"])
            rebuilds = ", ".join(f"{s:.2f}" for s in serve["rebuild_s"])
            lines += [
                f"mkdocs serve, checklist edit to page: median {serve['median_s']:.2f} s, worst {serve['max_s']:.2f} s ({samples})",
                f"  of which the rebuild itself, as MkDocs reports it: {rebuilds} s",
            ]
            if "pdf_ready_median_s" in serve:
                lines.append(
                    f"  the checklist's PDF, rendered in the background, changed after {serve['pdf_ready_median_s']:.2f} s (median)"
                )
            lines.append("")
        else:
            lines += [f"mkdocs serve: {serve.get('error')}", ""]
    pdf = results.get("pdf")
    if pdf:
        if pdf.get("available"):
            lines += [
                f"PDF render per checklist (A4 + Letter + preview, one core): median {pdf['median_s']:.2f} s"
                f" over {pdf['checklists']} checklists (WeasyPrint start-up {pdf['startup_s']:.2f} s, once per process)",
                "",
            ]
            if pdf.get("kits_printables"):
                lines[-1:-1] = [
                    f"PDF render of the session kits (one core): {pdf['kits_total_s']:.2f} s for {pdf['kits_printables']} printables"
                    f" ({pdf['kits_pages']} pages, {pdf['kits_total_s'] / max(1, pdf['kits_pages']):.2f} s a page)"
                ]
        else:
            lines += [f"PDF render per checklist: {pdf.get('reason', 'not available')}", ""]
    scale = results.get("scale")
    if scale:
        lines.append("Scale (synthetic checklists added to the real ones; builds without PDFs):")
        lines.append(
            f"  {'added':>6} {'build':>8} {'(CPU)':>8} {'s/checklist':>12} {'site':>10} {'HTML/checklist':>15}"
            f" {'search index':>13} {'peak RSS':>9} {'PDFs (cold)':>12}"
        )
        for row in scale["runs"]:
            pdf_cell = (
                f"{row['pdf_s']:.1f} s"
                if "pdf_s" in row
                else (
                    f"~{scale['pdf_extrapolated'][str(row['synthetic'])]:.0f} s*"
                    if str(row["synthetic"]) in scale.get("pdf_extrapolated", {})
                    else "-"
                )
            )
            lines.append(
                f"  {row['synthetic']:>6} {row['build_s']:>6.1f} s {row['build_cpu_s']:>6.1f} s {row['s_per_checklist'] * 1000:>9.1f} ms"
                f" {_mb(row['site_bytes']):>10}"
                f" {_kb(row['html_bytes_per_checklist_page']):>15} {_kb(row['search_index_bytes']):>13} {row['peak_rss_mb']:>6.0f} MB"
                f" {pdf_cell:>12}"
            )
        if "marginal_s_per_checklist" in scale:
            lines.append(f"  marginal build cost: {scale['marginal_s_per_checklist'] * 1000:.1f} ms per added checklist")
        for row in scale["runs"]:
            if "pdf_error" in row:
                lines.append(f"  PDF build with {row['synthetic']} added failed: " + " / ".join(row["pdf_error"]))
        if "pdf_extrapolated_from" in scale:
            lines.append(f"  * extrapolated from the PDF cost per checklist measured with {scale['pdf_extrapolated_from']} added")
        lines.append("")
    weight = results.get("weight")
    if weight:
        if "skipped" in weight:
            lines += [f"Page weight: skipped ({weight['skipped']})", ""]
        else:
            lines.append("Page weight, first visit (all responses, gzip):")
            for name, row in weight.items():
                lines.append(f"  {name:<10} {_kb(row['gzip_bytes']):>10} gzip ({_kb(row['raw_bytes'])} raw, {row['requests']} requests)")
            lines.append("")
    precache = results.get("precache")
    if precache:
        lines += [
            f"Service worker precache: {precache['files']} files, {precache['bytes'] / 1e6:.1f} MB (downloaded once, in the background)",
            "",
        ]
    search = results.get("search")
    if search:
        lines.append("Search, in Chromium: share of queries with a right page first / in the top three:")
        for label, sets in (("", search), ("without keywords, ", search.get("without_keywords", {}))):
            for name in SETS:
                for where, row in sets.get(name, {}).items():
                    lines.append(
                        f"  {label}{name} set ({row['queries']} queries), {where}: top-1 {row['top1']:.1%}, top-3 {row['top3']:.1%}"
                    )
        lines.append("")
    lighthouse = results.get("lighthouse")
    if lighthouse:
        if "skipped" in lighthouse:
            lines += [f"Lighthouse: skipped ({lighthouse['skipped']})", ""]
        else:
            lines.append(
                f"Lighthouse {lighthouse['version']}, mobile, median of {lighthouse['runs']} runs (perf / a11y / best practices / SEO):"
            )
            for name, row in lighthouse["pages"].items():
                s = row["scores"]
                lines.append(f"  {name:<10} {s['performance']:>4g} {s['accessibility']:>4g} {s['best-practices']:>4g} {s['seo']:>4g}")
                lines.extend(f"      lost points: {item}" for item in row["failing"])
            lines.append("")
    lines.append("Budgets:")
    for check in checks:
        mark = {True: "ok  ", False: "FAIL", None: "skip"}[check.ok]
        lines.append(f"  {mark} {check.name}: {check.value} (budget {check.limit})")
    return "\n".join(lines)
