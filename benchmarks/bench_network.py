"""Benchmark for the learning network of issue #17 (E7, the network picture, M9 and the
other indicators it added) on the large synthetic CoP (1,000 members, 520 meetings of 25).

Targets: the report with them at most 1.5 s slower than the report without them (the
commit before #17), whole process, started as a user would; peak memory under 300 MB.

Both sides run from git worktrees of committed code (`git worktree add`), never from the
working tree: by default HEAD against the parent of the first commit whose message names
#17 (`--new REV`, `--baseline REV` to choose). Each round runs the two one after the other,
so that the shared machine's load weighs on both alike.

Run: python benchmarks/bench_network.py [--keep DIR] [--runs 5] [--baseline REV] [--new REV]
Prints, for the report to the screen (no chart) and written with every chart drawn again, the
median wall time of each side, the difference against the 1.5 s target, the peak resident
memory; then, in this process, how long the network's parts take at 12 months and 10 years.
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

from bench_export import git, worktree
from generate import generate_cop

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-15"  # the generated CoP's last meeting
TARGET_EXTRA = 1.5
# runs a command and prints its children's peak resident memory (KiB on Linux) on stderr
_MEASURE = ("import resource, subprocess, sys\n"
            "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
            "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
            "sys.stderr.write(f'PEAK {peak}\\n')\n"
            "sys.exit(code)\n")


def run(tree: Path, args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one copkit process from ``tree``."""
    cmd = [sys.executable, "-m", "copkit", *args]
    start = time.perf_counter()
    # run from a neutral folder: from the repository, `-m copkit` would import its copkit
    done = subprocess.run([sys.executable, "-c", _MEASURE, *cmd],
                          env={**env, "PYTHONPATH": str(tree)}, stderr=subprocess.PIPE,
                          text=True, check=False, cwd=tempfile.gettempdir())
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed ({tree}): {' '.join(args)}\n{done.stderr}")
    return wall, int(done.stderr.rsplit("PEAK ", 1)[1].split()[0]) / 1024


def compare(label: str, trees: dict[str, Path], args: list[str], env: dict[str, str],
            runs: int, redraw: Path | None = None) -> float:
    """Both sides, ``runs`` rounds each (plus one to warm the parse cache); the difference
    of the medians. ``redraw``: the chart cache folder, emptied before each run."""
    times: dict[str, list[float]] = {k: [] for k in trees}
    peaks: list[float] = []
    for tree in trees.values():
        run(tree, args, env)
    for _ in range(runs):
        for name, tree in trees.items():
            if redraw is not None:
                shutil.rmtree(redraw / "charts", ignore_errors=True)
            wall, peak = run(tree, args, env)
            times[name].append(wall)
            peaks.append(peak)
    base, new = (statistics.median(times[k]) for k in ("baseline", "new"))
    extra = new - base
    print(f"{label:<38} baseline {base:5.2f} s | with #17 {new:5.2f} s | extra {extra:+5.2f} s "
          f"(target < {TARGET_EXTRA} s: {'ok' if extra < TARGET_EXTRA else 'OVER'}) | "
          f"peak memory {max(peaks):.0f} MB (target < 300 MB: "
          f"{'ok' if max(peaks) < 300 else 'OVER'})")
    for name in trees:
        print(f"{'':<38}   {name}: {', '.join(f'{t:.2f}' for t in times[name])}")
    return extra


def parts(tree: Path, base: Path) -> None:
    """In a child process of the new tree: each part of the network, 12 months, 10 years."""
    code = f"""
import datetime as dt, time
from pathlib import Path
from copkit.model.load import load_cop
from copkit.indicators.context import Context
from copkit.indicators import network as net, flows
from copkit.periods import Period
cop = load_cop(Path({str(base)!r})).cop
day = dt.date(2026, 11, 15)
t = time.perf_counter(); import networkx; imp = time.perf_counter() - t
print(f"  import networkx: {{imp:.2f}} s")
for label, start in (("12 months", dt.date(2025, 11, 16)), ("10 years", dt.date(2016, 11, 16))):
    c = Context(cop, Period(start, day, label), day)
    t0 = time.perf_counter(); c.now.weights; t1 = time.perf_counter(); c.now.graph
    t2 = time.perf_counter(); s = c.network; t3 = time.perf_counter(); c.picture
    t4 = time.perf_counter(); net.e7_network(c); t5 = time.perf_counter(); flows.m9_flows(c)
    t6 = time.perf_counter()
    how = f"sampled, k={{s.sampled}}" if s.sampled else "exact"
    print(f"  {{label}}: {{len(s.nodes)}} members, {{s.ties:,}} ties | pairs {{t1 - t0:.2f}} s, "
          f"graph {{t2 - t1:.2f}} s, figures and betweenness ({{how}}) {{t3 - t2:.2f}} s, "
          f"picture layout {{t4 - t3:.2f}} s, E7 rest (previous period) {{t5 - t4:.2f}} s, "
          f"M9 {{t6 - t5:.2f}} s | network total {{t6 - t0:.2f}} s")
"""
    subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(tree)},
                   check=True, cwd=tempfile.gettempdir())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", help="the commit without #17 (default: the parent of "
                        "the first commit naming #17)")
    parser.add_argument("--new", default="HEAD", help="the commit with #17 (default HEAD)")
    args = parser.parse_args()
    first = git("log", "--reverse", "--format=%H", "--grep=(#17)").split()
    baseline = args.baseline or (first[0] + "^" if first else "HEAD^")
    trees = {"baseline": worktree(baseline), "new": worktree(args.new)}
    print(f"baseline {git('rev-parse', '--short', baseline)}, new "
          f"{git('rev-parse', '--short', args.new)}; {dt.date.today()}; load "
          f"{os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    base = args.keep or Path(tempfile.mkdtemp()) / "big-cop"
    if not (base / "charter.yaml").exists():
        print(f"generated {base}: {generate_cop(base)}")
    cache = Path(tempfile.mkdtemp(prefix="copkit-cache-"))
    # byte-compiled, as an installed copkit runs (see benchmarks/README.md)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update({"COPKIT_TODAY": TODAY, "COPKIT_CACHE_DIR": str(cache)})
    out = Path(tempfile.mkdtemp(prefix="copkit-report-"))
    common = ["report", "--cop", str(base)]
    compare("report --format md to the screen", trees, [*common, "--format", "md"], env,
            args.runs)
    compare("report --format md, charts redrawn", trees,
            [*common, "--format", "md", "--out", str(out / "r.md"), "--force"], env,
            args.runs, redraw=cache)
    print("\nthe network's parts, in one process of the new tree:")
    parts(trees["new"], base)


if __name__ == "__main__":
    main()
