"""Benchmark for the foundation: `copkit check` on a large synthetic CoP, against round-trip
loading every file with ruamel.yaml, and the start-up time of `copkit --help`.

Targets (issue #2): check < 1.5 s wall; at least 5x faster than ruamel round-trip loading;
`copkit --help` < 0.25 s. Run: python benchmarks/bench_check.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import as_installed, generate_cop


def wall(cmd: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                       env={**os.environ, **(env or {})})
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def first_runs(cmd: list[str], runs: int) -> float:
    """Median wall time of a first check: each run with a new, empty cache folder (as after a
    clone), so it parses every file and writes the cache."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="copkit-cache-") as cache:
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           check=False, env={**os.environ, "COPKIT_CACHE_DIR": cache})
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def ruamel_load_all(root: Path) -> float:
    from ruamel.yaml import YAML

    start = time.perf_counter()
    for path in sorted(root.rglob("*.yaml")):
        YAML(typ="rt").load(path.read_text(encoding="utf-8"))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(as_installed())
    base = args.keep or Path(tempfile.mkdtemp()) / "big-cop"
    if not (base / "charter.yaml").exists():
        counts = generate_cop(base)
    else:
        counts = {"files": sum(1 for _ in base.rglob("*.yaml"))}
    size = sum(p.stat().st_size for p in base.rglob("*.yaml"))
    copkit = [sys.executable, "-m", "copkit"]
    subprocess.run([*copkit, "check", "--cop", str(base)], capture_output=True, check=False)
    check = wall([*copkit, "check", "--cop", str(base)], args.runs)
    cold = wall([*copkit, "check", "--cop", str(base)], args.runs, {"COPKIT_NO_CACHE": "1"})
    first = first_runs([*copkit, "check", "--cop", str(base)], args.runs)
    help_time = wall([*copkit, "--help"], 5)
    ruamel = ruamel_load_all(base)
    result = subprocess.run([*copkit, "check", "--cop", str(base)], capture_output=True,
                            text=True, check=False)
    print(f"large CoP: {counts.get('files')} files, {size / 1e6:.2f} MB of YAML")
    print(f"copkit check exit code: {result.returncode} "
          f"({result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ''})")
    print(f"{'measure':44} {'value':>9}  target")
    print(f"{'copkit check, parse cache warm (wall, median)':44} {check:8.2f}s  < 1.50 s")
    print(f"{'copkit check, no cache (COPKIT_NO_CACHE=1)':44} {cold:8.2f}s  < 1.50 s")
    print(f"{'copkit check, first run (empty cache folder)':44} {first:8.2f}s  < 1.50 s")
    print(f"{'ruamel.yaml round-trip load of every file':44} {ruamel:8.2f}s")
    print(f"{'speed-up of check (no cache) over ruamel':44} {ruamel / cold:8.1f}x  >= 5x")
    print(f"{'copkit --help (wall, median)':44} {help_time:8.2f}s  < 0.25 s")


if __name__ == "__main__":
    main()
