"""Benchmark for the languages (issue #16): loading a catalog, and `copkit report` in each
language on the large synthetic CoP.

Target: a catalog loads in under 20 ms (compiled from its .po file on first use, in a
process of its own, imports of Babel included), and the report's targets hold in every
language (md under 2 s, pdf under 3 s on a first run).

Run: python benchmarks/bench_i18n.py [--runs 7] [--report] [--baseline COMMIT]
Prints the median cold load of each catalog (its own process each time; the figure is the
time from before `translations()` to after it, Babel's imports included) and, with
--report, the first-run wall time of `copkit report --format md|pdf --lang L` for en, es,
fr, side by side with the report of --baseline (a git worktree of that commit, default
HEAD~1, English only there when it has no --lang).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 20.0
_LOAD = ("import time, sys\n"
         "import copkit.i18n as i\n"
         "t = time.perf_counter(); c = i.translations(sys.argv[1]); c.gettext('Our meetings')\n"
         "print((time.perf_counter() - t) * 1000)\n")


def catalog_load(code: str, runs: int, python: str = sys.executable) -> float:
    times = [float(subprocess.run([python, "-c", _LOAD, code], capture_output=True,
                                  text=True, check=True, cwd=ROOT).stdout)
             for _ in range(runs)]
    return statistics.median(times)


def report_times(copkit: list[str], cop: Path, langs: list[str | None],
                 runs: int) -> dict[tuple[str, str], float]:
    out = {}
    for lang in langs:
        for fmt in ("md", "pdf"):
            times = []
            for _ in range(runs):
                with tempfile.TemporaryDirectory(prefix="copkit-bench-") as tmp:
                    cmd = [*copkit, "report", "--cop", str(cop), "--period", "2026",
                           "--format", fmt, "--out", f"{tmp}/r.{fmt}"]
                    cmd += ["--lang", lang] if lang else []
                    env = {"COPKIT_TODAY": "2026-11-15", "COPKIT_CACHE_DIR": f"{tmp}/cache",
                           "PATH": "/usr/bin:/bin"}
                    start = time.perf_counter()
                    subprocess.run(cmd, env=env, check=True, capture_output=True)
                    times.append(time.perf_counter() - start)
            out[(lang or "en", fmt)] = statistics.median(times)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--report", action="store_true")
    parser.add_argument("--baseline", default="HEAD~1")
    args = parser.parse_args()
    for code in ("es", "fr"):
        ms = catalog_load(code, args.runs)
        print(f"catalog {code}: cold load median {ms:5.1f} ms over {args.runs} processes "
              f"({'ok' if ms < TARGET_MS else 'OVER'}, target {TARGET_MS:g} ms)")
    if args.report:
        _reports(args.runs, args.baseline)


def _reports(runs: int, baseline: str) -> None:
    from generate import generate_cop

    with tempfile.TemporaryDirectory(prefix="copkit-i18n-") as tmp:
        cop = Path(tmp) / "cop"
        generate_cop(cop)
        subprocess.run(["git", "init", "-q"], cwd=cop, check=True)
        subprocess.run(["git", "add", "-A"], cwd=cop, check=True)
        subprocess.run(["git", "-c", "user.name=b", "-c", "user.email=b@x", "commit", "-q",
                        "-m", "cop"], cwd=cop, check=True)
        wt = Path(tmp) / "baseline"
        subprocess.run(["git", "worktree", "add", "-q", "--detach", str(wt), baseline],
                       cwd=ROOT, check=True)
        try:
            now = report_times([sys.executable, "-m", "copkit"], cop, ["en", "es", "fr"], runs)
            before = report_times([sys.executable, "-c",
                                   f"import sys; sys.path.insert(0, {str(wt)!r}); "
                                   "from copkit.cli.main import run; sys.argv[0] = 'copkit'; "
                                   "run()"], cop, [None], runs)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(wt)], cwd=ROOT,
                           check=True)
        for (lang, fmt), secs in sorted(now.items()):
            target = 2.0 if fmt == "md" else 3.0
            print(f"report --format {fmt} --lang {lang}: first run median {secs:5.2f} s "
                  f"({'ok' if secs < target else 'OVER'}, target {target:g} s) | "
                  f"{baseline} (English): {before[('en', fmt)]:5.2f} s")


if __name__ == "__main__":
    main()
