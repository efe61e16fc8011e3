"""Benchmark for `copkit site` and `copkit calendar` (issue #18) on the large synthetic CoP
(1,000 members, 520 meetings, 1,000 practices: benchmarks/generate.py), in a git repository.

Targets, each the whole process as a user starts it: the site built from nothing under 10 s
and 400 MB peak memory; built again after one practice changed under 2 s (only the pages
whose content changed are rendered and written: content hashes); `copkit calendar` under 1 s.

Run: python benchmarks/bench_site.py [--keep DIR] [--runs 3]
Prints the median wall time of --runs runs of each (parse cache warm, as on a facilitator's
laptop after the first command), the peak resident memory of the first build, and how many
files the rebuild wrote.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_report import COPKIT, TODAY, run
from generate import as_installed, generate_cop


def git_repo(folder: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(folder), "-c", "user.name=bench", "-c",
                        "user.email=bench@example.org", *args], check=True,
                       capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "large CoP")


def verdict(label: str, value: float, target: float, unit: str = "s") -> None:
    mark = "ok" if value < target else "OVER"
    print(f"{label:<52} {value:8.2f} {unit}   target < {target:g} {unit}: {mark}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(as_installed())
    base = args.keep or Path(tempfile.mkdtemp()) / "big-cop"
    if not (base / "charter.yaml").exists():
        print(f"generated {base}: {generate_cop(base)}")
        git_repo(base)
    env = {**os.environ, "COPKIT_TODAY": TODAY,
           "COPKIT_CACHE_DIR": tempfile.mkdtemp(prefix="copkit-cache-")}
    print(f"load: {os.getloadavg()[0]:.1f} (1-minute load average, {os.cpu_count()} cores)\n")
    subprocess.run([COPKIT, "check", "--cop", str(base)], env=env, capture_output=True)
    work = Path(tempfile.mkdtemp(prefix="copkit-site-"))
    site = [COPKIT, "site", "--cop", str(base)]
    fresh, peaks = [], []
    for n in range(args.runs):
        wall, peak = run([*site, "--out", str(work / f"fresh-{n}")], env)
        fresh.append(wall)
        peaks.append(peak)
    verdict("site, built from nothing (public)", statistics.median(fresh), 10)
    verdict("site, peak memory", max(peaks), 400, "MB")
    out = work / "fresh-0"
    pages = sum(1 for _ in out.rglob("*.html"))
    biggest = max(p.stat().st_size for p in out.rglob("*.html"))
    print(f"{'':<52} {pages} pages, the largest {biggest / 1000:.1f} KB")
    practice = sorted((base / "practices").glob("*.yaml"))[0]
    original = practice.read_text(encoding="utf-8")
    again = []
    try:
        for n in range(args.runs):
            practice.write_text(original.replace("title: ", f"title: (v{n}) ", 1),
                                encoding="utf-8")
            wall, _ = run([*site, "--out", str(out)], env)
            again.append(wall)
    finally:
        practice.write_text(original, encoding="utf-8")
    verdict("site, rebuilt after one practice changed", statistics.median(again), 2)
    done = subprocess.run([*site, "--out", str(out)], env=env, capture_output=True, text=True)
    print(f"{'':<52} {done.stdout.strip()[:120]}")
    cal = [run([COPKIT, "calendar", "--cop", str(base), "--out", str(work / "c.ics"),
                "--force"], env)[0] for _ in range(args.runs)]
    verdict("calendar", statistics.median(cal), 1)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
