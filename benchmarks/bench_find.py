"""Benchmark for `copkit find` (issue #14, item 9) on the large synthetic CoP.

Target: `copkit find WORD` with its full-text index built, < 0.3 s wall (the real CLI, started
as a user would, median of several runs). Also measured, without a target: a first run with an
empty cache folder (every file read and indexed; the search without an index took 0.8 s), a run
after editing one file (that file indexed again), a search without the index
(`COPKIT_NO_CACHE=1`: every file read, as before the index), and ripgrep on the same folders
when `rg` is installed (a case-insensitive match of the word only: no accents folded, no
fields, no ranking). Each word's output with the index is compared, byte for byte, with its
output without it.

Run: python benchmarks/bench_find.py [--keep DIR] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import as_installed, generate_cop

COPKIT = [sys.executable, "-m", "copkit"]
WORDS = ("budget", "unit", "hearing", "budget hearing", "gestion")
TARGET = 0.3  # seconds, warm


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, bytes]:
    """Wall and CPU seconds of one process, and its output. Exit code 1 is "nothing found"."""
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"failed: {' '.join(cmd)}\n{done.stderr.decode(errors='replace')}")
    return wall, _children_cpu() - cpu, done.stdout + done.stderr


def find(base: Path, words: str) -> list[str]:
    return [*COPKIT, "find", *words.split(), "--cop", str(base)]


def line(name: str, walls: list[float], cpus: list[float], target: float | None = None,
         extra: str = "") -> float:
    med = statistics.median(walls)
    runs = ", ".join(f"{t:.2f}" for t in walls)
    verdict = "" if target is None else \
        f"  target < {target:g} s: {'ok' if med < target else 'OVER TARGET'}"
    print(f"{name:<44} wall median {med:5.2f} s (runs {runs}; CPU median "
          f"{statistics.median(cpus):.2f} s){verdict}{extra}")
    return med


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(as_installed())
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} "
          "(other work on a shared machine inflates wall times)")
    base = args.keep or Path(tempfile.mkdtemp()) / "big-cop"
    if not (base / "charter.yaml").exists():
        generate_cop(base)
    files = [*base.glob("practices/*.yaml"), *base.glob("meetings/*.yaml"),
             base / "learning-agenda.yaml"]
    print(f"large CoP at {base}: {len(files)} files searched, "
          f"{sum(p.stat().st_size for p in files) / 1e6:.2f} MB")
    cache = Path(tempfile.mkdtemp(prefix="copkit-find-cache-"))
    env = {**os.environ, "COPKIT_CACHE_DIR": str(cache)}
    no_cache = {**env, "COPKIT_NO_CACHE": "1"}

    # without the index: every file read and folded on each query (as before #14)
    walls, cpus = [], []
    plain: dict[str, bytes] = {}
    for i in range(args.runs):
        words = WORDS[i % len(WORDS)]
        wall, cpu, out = run(find(base, words), no_cache)
        walls.append(wall)
        cpus.append(cpu)
        plain[words] = out
    line("copkit find WORD, no index (COPKIT_NO_CACHE)", walls, cpus)

    # first runs: each with a new, empty cache folder (every file read and indexed)
    walls, cpus = [], []
    for _ in range(args.runs):
        shutil.rmtree(cache)
        cache.mkdir()
        wall, cpu, out = run(find(base, WORDS[0]), env)
        walls.append(wall)
        cpus.append(cpu)
    index = next(cache.glob("find-*.sqlite3"))
    line("copkit find WORD, first run (empty cache)", walls, cpus,
         extra=f"; index {index.stat().st_size / 1e6:.1f} MB")

    # warm: the index built and every file unchanged
    walls, cpus = [], []
    same = True
    for i in range(max(args.runs, len(WORDS))):
        words = WORDS[i % len(WORDS)]
        wall, cpu, out = run(find(base, words), env)
        walls.append(wall)
        cpus.append(cpu)
        if words in plain:
            same = same and out == plain[words]
    warm = line("copkit find WORD, index built", walls, cpus, TARGET,
                f"; output the same as without the index: {'yes' if same else 'NO'}")

    # after editing one file (a different practice each time): that file is indexed again
    walls, cpus = [], []
    practices = sorted(base.glob("practices/*.yaml"))
    edited = []
    for i in range(args.runs):
        practice = practices[(i * 97) % len(practices)]
        edited.append((practice, practice.read_bytes()))
        with open(practice, "a", encoding="utf-8") as handle:
            handle.write(f"# benchmark edit {i}\n")
        wall, cpu, _ = run(find(base, WORDS[0]), env)
        walls.append(wall)
        cpus.append(cpu)
    line("copkit find WORD, one file edited", walls, cpus)
    for practice, data in edited:
        practice.write_bytes(data)
    run(find(base, WORDS[0]), env)
    same_after = run(find(base, WORDS[0]), env)[2] == plain.get(WORDS[0])
    print(f"output after the edits were undone, the same as without the index: "
          f"{'yes' if same_after else 'NO'}")

    rg = shutil.which("rg")
    if rg:
        walls = []
        for i in range(args.runs):
            start = time.perf_counter()
            subprocess.run([rg, "-i", "-c", WORDS[i % len(WORDS)], "practices", "meetings",
                            "learning-agenda.yaml"], cwd=base, capture_output=True,
                           check=False)
            walls.append(time.perf_counter() - start)
        med = statistics.median(walls)
        print(f"{'ripgrep -i -c WORD (no folding, no ranking)':<44} wall median {med:5.2f} s"
              f"; copkit find with the index: {warm / med:.1f}x ripgrep")
    else:
        print("ripgrep (rg) is not installed: no comparison")
    print(f"verdict: copkit find WORD with the index, {warm:.2f} s against < {TARGET:g} s: "
          f"{'met' if warm < TARGET and same else 'NOT MET'}")
    shutil.rmtree(cache, ignore_errors=True)
    if not args.keep:
        print(f"(the CoP is left at {base}; pass --keep DIR to choose where)")


if __name__ == "__main__":
    main()
