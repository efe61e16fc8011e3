"""Benchmark for `copkit export` and `copkit portfolio` (issue #19).

Targets: `copkit export` of the large synthetic CoP under 3 s (whole process, Parquet);
`copkit portfolio` of 200 synthetic CoPs of 50 members and 50 meetings under 30 s with an
empty cache (the exports in parallel processes) and under 3 s when every export is cached;
the DuckDB part (loading the tables, one query) reported on its own; memory under 1 GB (the
resident memory of the whole process tree, the export processes included, sampled every
20 ms).

Run: python benchmarks/bench_export.py [--keep DIR] [--count 200] [--runs 3] [--jobs N]
(DIR keeps the generated CoPs between runs; the portfolio's CoPs come from
benchmarks/generate_portfolio.py.)

`--baseline REV` times only the export of the large CoP, side by side: REV and `--new REV`
(default HEAD), each from a git worktree of committed code (never the working tree), one
after the other in each round so the shared machine's load weighs on both alike; every run
with an empty parse cache (cold) and then with the cache filled (warm).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import as_installed, generate_cop
from generate_portfolio import generate_portfolio

COPKIT = str(Path(sys.executable).with_name("copkit"))
REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-15"  # the generated CoPs' last meeting
QUERY = ("SELECT m.cop, count(DISTINCT m.member) AS members, count(a.member) AS attendances "
         "FROM members m LEFT JOIN attendance a ON a.cop = m.cop AND a.member = m.member "
         "GROUP BY m.cop ORDER BY m.cop")


def _tree_rss(root: int) -> int:
    """Resident memory (KiB) of `root` and every process below it, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += [c for c, p in parents.items() if p == pid]
    return total


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, peak memory of the process tree (MB), stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return wall, peak[0] / 1024, out


def verdict(value: float, target: float) -> str:
    return "ok" if value < target else "OVER"


def bench_large_export(base: Path, env: dict[str, str], runs: int) -> None:
    out = Path(tempfile.mkdtemp(prefix="copkit-export-"))
    cmd = [COPKIT, "export", "--cop", str(base), "--out", str(out), "--force"]
    run(cmd, env)  # the parse cache filled, as after any earlier command
    walls, peaks = [], []
    for _ in range(runs):
        w, p, _ = run(cmd, env)
        walls.append(w)
        peaks.append(p)
    median = statistics.median(walls)
    with tempfile.TemporaryDirectory(prefix="copkit-cache-") as fresh:
        first, _, _ = run(cmd, {**env, "COPKIT_CACHE_DIR": fresh})
    print(f"export of the large CoP (Parquet)   median {median:5.2f} s (target < 3 s: "
          f"{verdict(median, 3)}) | runs {', '.join(f'{w:.2f}' for w in walls)} | first run "
          f"(empty parse cache) {first:.2f} s | peak memory {max(peaks):.0f} MB")


def bench_portfolio(listing: Path, count: int, env: dict[str, str], runs: int,
                    jobs: int | None) -> None:
    cache = Path(tempfile.mkdtemp(prefix="copkit-portfolio-cache-"))
    penv = {**env, "COPKIT_CACHE_DIR": str(cache)}
    cmd = [COPKIT, "portfolio", "--from", str(listing), "--sql", "SELECT count(*) FROM cop",
           *(["--jobs", str(jobs)] if jobs else [])]
    cold, cold_peak, out = run(cmd, penv)
    exported = int(out.splitlines()[1])
    print(f"portfolio of {count} CoPs, cold        {cold:5.2f} s (target < 30 s: "
          f"{verdict(cold, 30)}) | {exported} CoPs exported in {jobs or os.cpu_count()} "
          f"process(es) | peak memory of the process tree {cold_peak:.0f} MB (target < "
          f"1024 MB: {verdict(cold_peak, 1024)})")
    walls, peaks = [], []
    for _ in range(runs):
        w, p, _ = run(cmd, penv)
        walls.append(w)
        peaks.append(p)
    median = statistics.median(walls)
    print(f"portfolio of {count} CoPs, cached      {median:5.2f} s (target < 3 s: "
          f"{verdict(median, 3)}) | runs {', '.join(f'{w:.2f}' for w in walls)} | peak "
          f"memory {max(peaks):.0f} MB")
    report = [*cmd[:4], "--format", "pdf", "--out", str(cache / "p.pdf"), "--force"]
    w, p, _ = run(report, penv)
    print(f"portfolio report (pdf), cached      {w:5.2f} s | peak memory {p:.0f} MB")
    bench_duckdb(listing, cache, runs)


def bench_duckdb(listing: Path, cache: Path, runs: int) -> None:
    """The DuckDB part alone, in this process, over the cached exports."""
    os.environ["COPKIT_TODAY"] = TODAY
    from copkit.periods import parse_period
    from copkit.portfolio import build, db, sources

    today = dt.date.fromisoformat(TODAY)
    period = parse_period(None, None, None, today=today)
    settings = build.Settings(cache / "portfolio", period.start, period.end, period.label,
                              period.kind, today)
    results = build.run_all(sources.read_list(listing), settings, 1)
    members = db.unique_ids(results)
    loads, queries = [], []
    for _ in range(runs):
        start = time.perf_counter()
        connection = db.connect(members)
        loads.append(time.perf_counter() - start)
        start = time.perf_counter()
        db.query(connection, QUERY)
        queries.append(time.perf_counter() - start)
        connection.close()
    print(f"DuckDB: load {len(members)} CoPs' tables {statistics.median(loads) * 1000:6.0f} ms"
          f" | members and attendances per CoP (docs/export.md's query) "
          f"{statistics.median(queries) * 1000:5.1f} ms (medians of {runs})")


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(REPO), *args], check=True, capture_output=True,
                          text=True).stdout.strip()


def worktree(rev: str) -> Path:
    """A worktree of `rev` under the temporary folder (made once per commit, shared by the
    benchmarks that compare commits)."""
    sha = git("rev-parse", rev)
    path = Path(tempfile.gettempdir()) / f"wt-bench-{sha[:10]}"
    if not (path / "copkit").is_dir():
        git("worktree", "add", "--detach", "-f", str(path), sha)
    return path


def _cpu_run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """`run`, with the CPU seconds (user and system) of the process and its children (git):
    a figure the other programs of a busy machine change much less than the wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, peak, _ = run(cmd, env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, peak, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def side_by_side(big: Path, env: dict[str, str], runs: int, baseline: str, new: str) -> None:
    """The export of the large CoP from two commits' worktrees, alternating, cold and warm;
    wall and CPU seconds."""
    trees = {rev: worktree(rev) for rev in (baseline, new)}
    names = {rev: f"{rev} ({git('rev-parse', '--short', rev)})" for rev in trees}
    out = Path(tempfile.mkdtemp(prefix="copkit-export-"))
    # byte-compiled, as an installed copkit runs; from a neutral folder, so that `-m copkit`
    # imports the worktree's copkit
    env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cold: dict[str, list[float]] = {rev: [] for rev in trees}
    warm: dict[str, list[float]] = {rev: [] for rev in trees}
    cpu: dict[str, list[float]] = {rev: [] for rev in trees}
    peaks: dict[str, float] = dict.fromkeys(trees, 0.0)
    for tree in trees.values():  # byte-compile each tree once
        run([sys.executable, "-m", "copkit", "--help"], {**env, "PYTHONPATH": str(tree)})
    for _ in range(runs):
        for rev, tree in trees.items():
            cmd = [sys.executable, "-m", "copkit", "export", "--cop", str(big), "--out",
                   str(out / rev.replace("/", "_")), "--force"]
            with tempfile.TemporaryDirectory(prefix="copkit-cache-") as fresh:
                tenv = {**env, "PYTHONPATH": str(tree), "COPKIT_CACHE_DIR": fresh}
                w, p, c = _cpu_run(cmd, tenv)
                cold[rev].append(w)
                cpu[rev].append(c)
                w2, p2, _ = run(cmd, tenv)
                warm[rev].append(w2)
                peaks[rev] = max(peaks[rev], p, p2)
    for rev in trees:
        c, w = statistics.median(cold[rev]), statistics.median(warm[rev])
        print(f"export of the large CoP, {names[rev]:24} cold (empty parse cache) median "
              f"{c:5.2f} s (target < 3 s: {verdict(c, 3)}) | CPU {statistics.median(cpu[rev]):5.2f}"
              f" s | warm median {w:5.2f} s | cold runs "
              f"{', '.join(f'{x:.2f}' for x in cold[rev])} | peak memory {peaks[rev]:.0f} MB")
    gain = statistics.median(cold[baseline]) - statistics.median(cold[new])
    spared = statistics.median(cpu[baseline]) - statistics.median(cpu[new])
    print(f"cold: {new} is {gain:+.2f} s faster than {baseline} and spends {spared:+.2f} s "
          f"less CPU (medians of {runs} rounds; load {os.getloadavg()[0]:.1f} at the end)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--baseline", help="time only the export of the large CoP, this "
                        "commit against --new, side by side")
    parser.add_argument("--new", default="HEAD")
    args = parser.parse_args()
    print(as_installed())
    base = args.keep or Path(tempfile.mkdtemp(prefix="copkit-bench-"))
    big = base / "big-cop"
    if not (big / ".git").is_dir():
        generate_cop(big)
        for step in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "r"]):
            subprocess.run(["git", "-C", str(big), *step], check=True,
                           env={**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL":
                                "b@example.org", "GIT_COMMITTER_NAME": "b",
                                "GIT_COMMITTER_EMAIL": "b@example.org"})
    if args.baseline:
        env = {**os.environ, "COPKIT_TODAY": TODAY}
        env.pop("COPKIT_EXPORT_KEY", None)
        print(f"load: {os.getloadavg()[0]:.1f} (1-minute load average, {os.cpu_count()} "
              f"cores), {dt.datetime.now():%Y-%m-%d %H:%M}\n")
        side_by_side(big, env, args.runs, args.baseline, args.new)
        return
    start = time.perf_counter()
    generate_portfolio(base / "portfolio", args.count)
    print(f"generated: the large CoP and {args.count} CoPs of 50 members and 50 meetings in "
          f"{base} ({time.perf_counter() - start:.0f} s)")
    env = {**os.environ, "COPKIT_TODAY": TODAY,
           "COPKIT_CACHE_DIR": tempfile.mkdtemp(prefix="copkit-cache-")}
    env.pop("COPKIT_EXPORT_KEY", None)
    print(f"load: {os.getloadavg()[0]:.1f} (1-minute load average, {os.cpu_count()} cores), "
          f"{dt.datetime.now():%Y-%m-%d %H:%M}\n")
    bench_large_export(big, env, args.runs)
    bench_portfolio(base / "portfolio" / "cops.txt", args.count, env, args.runs, args.jobs)


if __name__ == "__main__":
    main()
