"""Where the processor time of one clean build with PDFs goes: the main build, the offline copy's build, each PDF worker.

The probe runs `mkdocs build` in a child process inside the project copy, so it uses that
copy's code. It wraps the printing engine's job runners (the `render_*_job` and `join_*_job`
functions scripts/mileposts/printing/run.py hands its workers: sheets, the pack's cover, joins)
to time each job in the process that runs it, and the offline copy's forked build to read
its total, then reports each process's own processor time. Nothing is changed but timing:
the build makes the very files it always makes.
"""

from __future__ import annotations

import collections
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .project import MKDOCS_ENV, ROOT, copy_project, wait_for_quiet

PROBE = r"""
import functools, json, os, sys, time
log_path = sys.argv[1]
sys.path.insert(0, os.path.join(os.getcwd(), "scripts"))
def cpu():
    times = os.times()
    return times.user + times.system
def log(**record):
    with open(log_path, "a", encoding="utf-8") as out:
        out.write(json.dumps({"pid": os.getpid(), **record}) + "\n")
from mileposts.printing import run
def timed(module, name):
    runner = getattr(module, name)
    @functools.wraps(runner)
    def job(task):
        start = time.process_time()
        try:
            return runner(task)
        finally:
            log(job=name, cpu=time.process_time() - start, process_cpu=cpu())
    setattr(module, name, job)  # the pool pickles a runner by its module and name: both must be the wrapper
    setattr(run, name, job)
for name in [n for n in dir(run) if n.startswith(("render_", "join_")) and n.endswith("_job")]:  # the workers' runners
    module = sys.modules.get(getattr(run, name).__module__)
    if module is not None:
        timed(module, name)
try:
    import mkdocs_speedups
    forked = mkdocs_speedups._forked_engine
    def offline_build(*arguments):
        try:
            forked(*arguments)
        finally:
            log(job="offline", process_cpu=cpu())
    mkdocs_speedups._forked_engine = offline_build
except (ImportError, AttributeError):
    pass
sys.argv = ["mkdocs", "build", "--strict", "--clean", "-q", "-d", sys.argv[2]]
from mkdocs.__main__ import cli
start = time.perf_counter()
try:
    cli()
except SystemExit as done:
    if done.code:
        raise
times = os.times()
log(job="main", process_cpu=times.user + times.system, children_cpu=times.children_user + times.children_system,
    wall=time.perf_counter() - start)
"""


def cold_build_breakdown(project: Path, site_dir: Path) -> dict:
    """One clean build of `project` (a throwaway copy) with PDFs and no cache: processor seconds by process and by PDF job."""
    log = site_dir.parent / "breakdown.jsonl"
    log.unlink(missing_ok=True)
    shutil.rmtree(project / ".cache", ignore_errors=True)  # nothing cached, like a fresh clone
    wait_for_quiet()
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(log), str(site_dir)], cwd=project, env=MKDOCS_ENV, capture_output=True, text=True, timeout=900
    )
    if result.returncode != 0 or not log.exists():
        return {"available": False, "reason": "the build failed: " + (result.stderr.strip().splitlines() or ["no output"])[-1]}
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    main = next((r for r in records if r["job"] == "main"), None)
    if main is None:
        return {"available": False, "reason": "the build did not report"}
    offline = next((r["process_cpu"] for r in records if r["job"] == "offline"), None)
    workers: dict[int, float] = {}
    jobs: dict[str, list[float]] = collections.defaultdict(list)
    in_main: dict[str, float] = collections.defaultdict(float)
    for record in records:
        if record["job"] in ("main", "offline"):
            continue
        jobs[record["job"]].append(record["cpu"])
        if record["pid"] == main["pid"]:
            in_main[record["job"]] += record["cpu"]  # a single job runs in the build's own process
        else:
            workers[record["pid"]] = max(workers.get(record["pid"], 0.0), record["process_cpu"])
    return {
        "available": True,
        "wall_s": main["wall"],
        "cpu_s": main["process_cpu"] + main["children_cpu"],
        "main_cpu_s": main["process_cpu"],
        "main_pdf_jobs_cpu_s": dict(in_main),
        "offline_cpu_s": offline,
        "worker_cpu_s": sorted(workers.values(), reverse=True),
        "jobs": {name: {"count": len(values), "cpu_s": sum(values), "longest_s": max(values)} for name, values in jobs.items()},
    }


def describe(breakdown: dict) -> list[str]:
    """The breakdown as lines for the benchmark's table."""
    if not breakdown.get("available"):
        return [f"  where the processor time goes: not measured ({breakdown.get('reason', 'unknown')})"]
    workers = breakdown["worker_cpu_s"]
    in_main = sum(breakdown["main_pdf_jobs_cpu_s"].values())
    lines = [
        f"  one clean build with PDFs, by process: {breakdown['cpu_s']:.1f} s of processor time in {breakdown['wall_s']:.2f} s",
        f"    main build {breakdown['main_cpu_s']:.1f} s (of which PDF jobs it ran itself {in_main:.1f} s)"
        + (f", offline copy {breakdown['offline_cpu_s']:.1f} s" if breakdown["offline_cpu_s"] is not None else "")
        + f", PDF workers {sum(workers):.1f} s ({', '.join(f'{w:.1f}' for w in workers)})",
    ]
    for name, job in sorted(breakdown["jobs"].items(), key=lambda item: -item[1]["cpu_s"]):
        lines.append(f"    {name:<18} {job['count']:3d} jobs {job['cpu_s']:5.2f} s, longest {job['longest_s']:.2f} s")
    return lines


if __name__ == "__main__":  # python -m benchmark_tools.breakdown: one measurement of a copy of the project, printed
    with tempfile.TemporaryDirectory(prefix="mileposts-breakdown-") as folder:
        copy = copy_project(Path(folder) / "project", ROOT)
        print("\n".join(describe(cold_build_breakdown(copy, Path(folder) / "site"))))
