"""The performance budgets (docs/performance.md lists the same ones), checked against a benchmark's results."""

from __future__ import annotations

from dataclasses import asdict, dataclass

BUILD_WITH_PDFS_S = 5.0
WARM_PDF_OVERHEAD = 0.10
SERVE_EDIT_S = 1.0
SCALE_BUILD_S = 60.0
SCALE_HTML_DRIFT = 0.20
CHECKLIST_PAGE_GZIP_BYTES = 100 * 1024
PRECACHE_MB = 15.0  # scripts/mileposts/site/pwa.py: PRECACHE_BUDGET_BYTES, the same limit the build reports against
SEARCH_TOP3 = 0.95  # each query set, online and offline (keywords included)
LIGHTHOUSE_MINIMUM = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


@dataclass
class Check:
    """One budget: what it is, its limit, the measured value, and whether it held (None: not measured)."""

    name: str
    limit: str
    value: str
    ok: bool | None


def _scale(results: dict, count: int) -> dict | None:
    return next((row for row in results.get("scale", {}).get("runs", []) if row["synthetic"] == count), None)


def check_budgets(results: dict) -> list[Check]:
    """Every budget, checked; parts that were skipped give ok=None (neither held nor failed)."""
    checks: list[Check] = []
    real = results.get("real", {})
    if "build_pdf_cold_s" in real:
        seconds = real["build_pdf_cold_s"]
        checks.append(
            Check(
                "Real playbook: clean build, PDFs included (cold cache)",
                f"<= {BUILD_WITH_PDFS_S:.0f} s",
                f"{seconds:.2f} s",
                seconds <= BUILD_WITH_PDFS_S,
            )
        )
    if "build_pdf_warm_s" in real and "build_no_pdf_s" in real:
        overhead = real["build_pdf_warm_s"] / real["build_no_pdf_s"] - 1
        checks.append(
            Check(
                "Real playbook: warm PDF cache, added over a build without PDFs",
                f"<= {WARM_PDF_OVERHEAD:.0%}",
                f"{overhead:+.1%}",
                overhead <= WARM_PDF_OVERHEAD,
            )
        )
    serve = results.get("serve", {})
    if "median_s" in serve:
        checks.append(
            Check(
                "Checklist edit visible in mkdocs serve (median of 7 edits)",
                f"<= {SERVE_EDIT_S:.0f} s",
                f"{serve['median_s']:.2f} s (worst {serve['max_s']:.2f} s)",
                serve["median_s"] <= SERVE_EDIT_S,
            )
        )
    elif "error" in serve:
        checks.append(Check("Checklist edit visible in mkdocs serve", f"<= {SERVE_EDIT_S:.0f} s", serve["error"], False))
    big, middle = _scale(results, 1000), _scale(results, 100)
    if big:
        checks.append(
            Check(
                "1,000 checklists: clean build (no PDFs)",
                f"<= {SCALE_BUILD_S:.0f} s",
                f"{big['build_s']:.1f} s",
                big["build_s"] <= SCALE_BUILD_S,
            )
        )
        if middle:
            drift = big["html_bytes_per_checklist_page"] / middle["html_bytes_per_checklist_page"] - 1
            checks.append(
                Check(
                    "HTML bytes per checklist page, 100 -> 1,000 checklists",
                    f"within ±{SCALE_HTML_DRIFT:.0%}",
                    f"{drift:+.1%}",
                    abs(drift) <= SCALE_HTML_DRIFT,
                )
            )
    weight = results.get("weight", {})
    if "checklist" in weight:
        size = weight["checklist"]["gzip_bytes"]
        checks.append(
            Check(
                "Checklist page, first visit, gzip, all assets",
                f"<= {CHECKLIST_PAGE_GZIP_BYTES // 1024} KB",
                f"{size / 1024:.1f} KB",
                size <= CHECKLIST_PAGE_GZIP_BYTES,
            )
        )
    precache = results.get("precache", {})
    if "bytes" in precache:
        megabytes = precache["bytes"] / 1e6
        checks.append(
            Check(
                f"Kept for offline use by the service worker ({precache['files']} files)",
                f"<= {PRECACHE_MB:.0f} MB",
                f"{megabytes:.1f} MB",
                megabytes <= PRECACHE_MB,
            )
        )
    search = results.get("search", {})
    for name in ("tuned", "heldout"):
        for where, row in search.get(name, {}).items():
            checks.append(
                Check(
                    f"Search, {name} query set, {where}: a right page in the top three",
                    f">= {SEARCH_TOP3:.0%}",
                    f"{row['top3']:.1%} (top-1 {row['top1']:.1%})",
                    row["top3"] >= SEARCH_TOP3,
                )
            )
    lighthouse = results.get("lighthouse", {})
    for page, row in lighthouse.get("pages", {}).items():
        for category, minimum in LIGHTHOUSE_MINIMUM.items():
            score = row["scores"][category]
            checks.append(Check(f"Lighthouse mobile, {page}: {category}", f">= {minimum}", f"{score:g}", score >= minimum))
    return checks


def as_json(checks: list[Check]) -> list[dict]:
    """The checks as plain dicts for the JSON results."""
    return [asdict(check) for check in checks]
