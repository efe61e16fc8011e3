"""Benchmark for `copkit report` (issue #5) on the large synthetic CoP.

Targets: `copkit report --format md` under 2 s wall, `--format pdf` under 3 s (whole process,
started as a user would), peak memory under 300 MB; metrics computation linear in the number of
attendance records (1x, 2x, 4x meetings).

Run: python benchmarks/bench_report.py [--keep DIR] [--runs 3]
Prints wall times (first run with empty caches, then the median of --runs with the parse cache
and the chart cache warm; "charts redrawn" empties the chart cache before each run, as when the
figures changed), the peak resident memory of the copkit process (the chart child is smaller),
and the metrics time per attendance record at each size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import as_installed, generate_cop

COPKIT = str(Path(sys.executable).with_name("copkit"))
TODAY = "2026-11-15"  # the generated CoP's last meeting
# runs a command and prints its children's peak resident memory (KiB on Linux) on stderr
_MEASURE = ("import resource, subprocess, sys\n"
            "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
            "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
            "sys.stderr.write(f'PEAK {peak}\\n')\n"
            "sys.exit(code)\n")


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one copkit process."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], env=env,
                          stderr=subprocess.PIPE, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{done.stderr}")
    peak_kib = int(done.stderr.rsplit("PEAK ", 1)[1].split()[0])
    return wall, peak_kib / 1024


def bench_command(label: str, cmd: list[str], env: dict[str, str], runs: int,
                  target: float, redraw: bool = False) -> float:
    """`runs` first runs, each with a new, empty cache folder, then `runs` runs with the parse
    cache and (unless `redraw`: as after a change of the figures) the chart cache warm."""
    # first runs: each with a new, empty cache folder (as after a clone): every file parsed,
    # every chart drawn
    firsts, peaks = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="copkit-cache-") as fresh:
            w, p = run(cmd, {**env, "COPKIT_CACHE_DIR": fresh})
        firsts.append(w)
        peaks.append(p)
    first = statistics.median(firsts)
    cache = tempfile.mkdtemp(prefix="copkit-cache-")
    warm_env = {**env, "COPKIT_CACHE_DIR": cache}
    run(cmd, warm_env)  # fills the cache
    times = []
    for _ in range(runs):
        if redraw:
            shutil.rmtree(Path(cache) / "charts", ignore_errors=True)
        w, p = run(cmd, warm_env)
        times.append(w)
        peaks.append(p)
    median = statistics.median(times)
    peak = max(peaks)
    verdict = "ok" if median < target else "OVER"
    first_verdict = "ok" if first < target else "OVER"
    print(f"{label:<34} first runs (empty cache) median {first:5.2f} s ({first_verdict}) | "
          f"later runs median {median:5.2f} s "
          f"(target < {target:.0f} s: {verdict}) | runs {', '.join(f'{t:.2f}' for t in times)}"
          f" | peak memory {peak:.0f} MB (target < 300 MB: "
          f"{'ok' if peak < 300 else 'OVER'})")
    return peak


def bench_metrics(base: Path, runs: int) -> None:
    from copkit.indicators import compute
    from copkit.model.load import load_cop
    from copkit.periods import Period

    print("\nmetrics.compute over every meeting (2006-01-01 to 2026-11-15), by size:")
    per_record = []
    for scale in (1, 2, 4):
        folder = base.parent / f"scale-{scale}"
        if not (folder / "charter.yaml").exists():
            generate_cop(folder, scale=scale)
        cop = load_cop(folder).cop
        records = sum(len(m.attendees) for m in cop.meetings)
        period = Period(dt.date(2006, 1, 1), dt.date(2026, 11, 15), "all")
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            compute(cop, period, dt.date(2026, 11, 15))
            times.append(time.perf_counter() - start)
        t = statistics.median(times)
        per_record.append(t / records * 1e6)
        print(f"  {scale}x: {len(cop.meetings):5d} meetings, {records:6d} attendance records: "
              f"{t * 1000:7.1f} ms (median of {runs}), {per_record[-1]:.2f} µs per record")
    ratio = per_record[-1] / per_record[0]
    print(f"  time per record at 4x / at 1x = {ratio:.2f} "
          f"({'linear' if ratio < 1.5 else 'NOT linear'}: 1.0 is exactly linear)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(as_installed())
    base = args.keep or Path(tempfile.mkdtemp()) / "big-cop"
    if not (base / "charter.yaml").exists():
        counts = generate_cop(base)
        print(f"generated {base}: {counts}")
    env = {**os.environ, "COPKIT_TODAY": TODAY}
    out = Path(tempfile.mkdtemp(prefix="copkit-report-"))
    print(f"load: {os.getloadavg()[0]:.1f} (1-minute load average, {os.cpu_count()} cores)\n")
    peaks = []
    common = [COPKIT, "report", "--cop", str(base), "--force"]
    peaks.append(bench_command("report --format md (12 months)",
                               [*common, "--format", "md", "--out", str(out / "r.md")],
                               env, args.runs, 2))
    peaks.append(bench_command("report --format md, charts redrawn",
                               [*common, "--format", "md", "--out", str(out / "r.md")],
                               env, args.runs, 2, redraw=True))
    peaks.append(bench_command("report --format md to stdout", [*common, "--format", "md"],
                               env, args.runs, 2))
    peaks.append(bench_command("report --format html",
                               [*common, "--format", "html", "--out", str(out / "r.html")],
                               env, args.runs, 2))
    peaks.append(bench_command("report --format pdf (12 months)",
                               [*common, "--format", "pdf", "--out", str(out / "r.pdf")],
                               env, args.runs, 3))
    peaks.append(bench_command("report --format pdf, charts redrawn",
                               [*common, "--format", "pdf", "--out", str(out / "r.pdf")],
                               env, args.runs, 3, redraw=True))
    peaks.append(bench_command("report --format pdf (10 years)",
                               [*common, "--format", "pdf", "--from", "2016-01-01",
                                "--out", str(out / "r10.pdf")], env, args.runs, 3))
    print(f"\npeak memory of any copkit process (or its chart child): {max(peaks):.0f} MB "
          f"(target < 300 MB: {'ok' if max(peaks) < 300 else 'OVER'})")
    pages = (out / "r.pdf").read_bytes().count(b"/Type /Page\n") or \
        (out / "r.pdf").read_bytes().count(b"/Type/Page")
    print(f"PDF size {(out / 'r.pdf').stat().st_size / 1024:.0f} KB"
          + (f", {pages} pages" if pages else ""))
    bench_metrics(base, args.runs)


if __name__ == "__main__":
    main()
