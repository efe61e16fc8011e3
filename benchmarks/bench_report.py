"""Benchmark for `copkit report` (issue #5) on the large synthetic CoP.

Targets: `copkit report --format md` under 2 s wall, `--format pdf` under 3 s (whole process,
started as a user would), peak memory under 300 MB; metrics computation linear in the number of
attendance records (1x, 2x, 4x meetings).

Run: python benchmarks/bench_report.py [--keep DIR] [--runs 3]
     python benchmarks/bench_report.py --compare CHECKOUT CHECKOUT [...] [--keep DIR] [--runs 7]
Prints wall times (first run with empty caches, then the median of --runs with the parse cache
and the chart cache warm; "charts redrawn" empties the chart cache before each run, as when the
figures changed), the peak resident memory of the copkit process (the chart child is smaller),
and the metrics time per attendance record at each size.

``--compare`` times instead, in each checkout (``git worktree add /tmp/wt-x <commit>`` first),
run as ``python -m copkit`` with the checkout on ``sys.path`` and a cache folder of its own:
the newsletter (its default days) and the report in Markdown and PDF, later runs (parse and chart
caches warm) and first runs (an empty cache folder each), and the PDF of 10 years (its peak
memory is the README's; ``--only`` picks rows), the runs alternating between the
checkouts (a, b, b, a, ...) so that a busy machine weighs on all alike. Printed per row and
checkout: min and median wall seconds, median CPU seconds (user + system of the process and its
children), peak memory, and each checkout's median against the first's.
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


_TIMED = ("import resource, subprocess, sys\n"
          "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
          "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
          "sys.stderr.write(f'PEAK {r.ru_maxrss} CPU {r.ru_utime + r.ru_stime}\\n')\n"
          "sys.exit(code)\n")


def _timed(checkout: Path, args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak MB of `python -m copkit ARGS` in `checkout`."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _TIMED, sys.executable, "-m", "copkit", *args],
                          cwd=checkout, env={**env, "PYTHONPATH": str(checkout)},
                          stderr=subprocess.PIPE, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed in {checkout}: {' '.join(args)}\n{done.stderr}")
    tail = done.stderr.rsplit("PEAK ", 1)[1].split()
    return wall, float(tail[2]), int(tail[0]) / 1024


def compare(checkouts: list[Path], base: Path, runs: int, only: list[str]) -> None:
    """The newsletter and the report in each checkout, side by side (see the docstring)."""
    import compileall

    work = Path(tempfile.mkdtemp(prefix="copkit-report-compare-"))
    env = {**os.environ, "COPKIT_TODAY": TODAY}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # byte-compiled, as pip installs copkit
    for checkout in checkouts:
        compileall.compile_dir(checkout / "copkit", quiet=1)
        commit = subprocess.run(["git", "-C", str(checkout), "log", "-1", "--format=%h %s"],
                                capture_output=True, text=True, check=False).stdout.strip()
        print(f"{checkout}: {commit[:90]}")
    cop = ["--cop", str(base)]
    rows = [("newsletter (its default days)", ["newsletter", *cop], True),
            ("report --format md, later runs", ["report", "--force", "--format", "md", *cop],
             True),
            ("report --format md, first run", ["report", "--force", "--format", "md", *cop],
             False),
            ("report --format pdf, later runs", ["report", "--force", "--format", "pdf", *cop],
             True),
            ("report --format pdf, first run", ["report", "--force", "--format", "pdf", *cop],
             False),
            ("report --format pdf, 10 years", ["report", "--force", "--format", "pdf", "--from",
                                               "2016-01-01", *cop], True)]
    if only:
        rows = [r for r in rows if any(w in r[0] for w in only)]
    print(f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, load average "
          f"{os.getloadavg()[0]:.1f} ({os.cpu_count()} cores), {runs} runs alternating")
    for label, args, warm in rows:
        _compare_row(label, args, warm, checkouts, work, env, runs)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


def _compare_row(label: str, args: list[str], warm: bool, checkouts: list[Path], work: Path,
                 env: dict[str, str], runs: int) -> None:
    samples: dict[int, list[tuple[float, float, float]]] = {i: [] for i in range(len(checkouts))}
    caches = {i: work / f"cache-{i}" for i in samples}
    suffix = ".pdf" if "pdf" in args else ".md"

    def once(i: int, n: int) -> tuple[float, float, float]:
        cache = caches[i] if warm else Path(tempfile.mkdtemp(prefix=f"cache-{i}-{n}-", dir=work))
        out = ["--out", str(work / f"out-{i}{suffix}")] if args[0] == "report" else []
        return _timed(checkouts[i], [*args, *out], {**env, "COPKIT_CACHE_DIR": str(cache)})

    if warm:
        for i in samples:
            once(i, -1)  # fills the parse cache and the chart cache
    for n in range(runs):
        order = list(samples) if n % 2 == 0 else list(samples)[::-1]
        for i in order:
            samples[i].append(once(i, n))
    cells, medians = [], []
    for i in samples:
        walls = [s[0] for s in samples[i]]
        medians.append(statistics.median(walls))
        cells.append(f"{min(walls):5.2f} {medians[-1]:5.2f} "
                     f"cpu {statistics.median(s[1] for s in samples[i]):5.2f} "
                     f"{max(s[2] for s in samples[i]):4.0f} MB")
    ratios = " ".join(f"{m / medians[0]:.2f}x" for m in medians[1:])
    print(f"{label:<34} " + " | ".join(cells) + f" | vs first: {ratios}", flush=True)


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
    parser.add_argument("--compare", type=Path, nargs="+", metavar="CHECKOUT",
                        help="time the newsletter and the report in these checkouts, side by "
                             "side (the first is the base)")
    parser.add_argument("--only", help="with --compare: the rows whose label holds one of "
                                       "these words (comma-separated)")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp()) / "big-cop"
    if not (base / "charter.yaml").exists():
        counts = generate_cop(base)
        print(f"generated {base}: {counts}")
    if args.compare:
        compare([c.resolve() for c in args.compare], base, args.runs,
                [w.strip() for w in (args.only or "").split(",") if w.strip()])
        return
    print(as_installed())
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
