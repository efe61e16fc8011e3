"""Benchmark for the languages (issue #16): loading a catalog, and `copkit report` in each
language on the large synthetic CoP.

Target: a catalog loads in under 20 ms (compiled from its .po file on first use, in a
process of its own, imports of Babel included), and the report's targets hold in every
language (md under 2 s, pdf under 3 s on a first run).

Run: python benchmarks/bench_i18n.py [--runs 7] [--report] [--baseline COMMIT] [--later]
         [--formats md,pdf]
Prints the median cold load of each catalog (its own process each time; the figure is the
time from before `translations()` to after it, Babel's imports included) and, with
--report, the wall time of `copkit report --format md|pdf --lang L` for en, es, fr side by
side in one run (the languages alternating in each round): a first run (empty cache folder)
and, with --later, a later run (the cache folder of an earlier run of the same language),
each also as a ratio to English; beside them the first run of the report of --baseline (a
git worktree of that commit, default HEAD~1, English only there when it has no --lang; ''
for none).
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


def report_times(copkit: list[str], cop: Path, langs: list[str | None], runs: int,
                 formats: tuple[str, ...] = ("md", "pdf"), later: bool = False
                 ) -> dict[tuple[str, str, str], float]:
    """Median wall time of `copkit report` per (language, format, "first"|"later"). The
    languages alternate within each round, so that a noisy moment of the shared machine
    weighs on all of them alike. A first run has an empty cache folder (every file parsed,
    every chart drawn); a later run (``later``) reuses the language's own cache folder, made
    warm by one untimed run before the rounds."""
    times: dict[tuple[str, str, str], list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="copkit-bench-") as tmp:
        warm = {(lang or "en", fmt): f"{tmp}/warm-{lang or 'en'}-{fmt}"
                for lang in langs for fmt in formats}
        if later:
            for lang in langs:
                for fmt in formats:
                    _report(copkit, cop, lang, fmt, tmp, warm[(lang or "en", fmt)])
        for _ in range(runs):
            for fmt in formats:
                for lang in langs:
                    with tempfile.TemporaryDirectory(prefix="copkit-first-") as fresh:
                        first = _report(copkit, cop, lang, fmt, tmp, f"{fresh}/cache")
                    times.setdefault((lang or "en", fmt, "first"), []).append(first)
                    if later:
                        again = _report(copkit, cop, lang, fmt, tmp, warm[(lang or "en", fmt)])
                        times.setdefault((lang or "en", fmt, "later"), []).append(again)
    return {k: statistics.median(v) for k, v in times.items()}


def _report(copkit: list[str], cop: Path, lang: str | None, fmt: str, tmp: str,
            cache: str) -> float:
    cmd = [*copkit, "report", "--cop", str(cop), "--period", "2026", "--format", fmt,
           "--out", f"{tmp}/r.{fmt}", "--force"]
    cmd += ["--lang", lang] if lang else []
    env = {"COPKIT_TODAY": "2026-11-15", "COPKIT_CACHE_DIR": cache, "PATH": "/usr/bin:/bin"}
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--report", action="store_true")
    parser.add_argument("--baseline", default="HEAD~1",
                        help="the commit whose English report is timed beside ('' for none)")
    parser.add_argument("--formats", default="md,pdf", help="md, pdf or md,pdf")
    parser.add_argument("--later", action="store_true",
                        help="time later runs too (the language's cache folder warm)")
    args = parser.parse_args()
    for code in ("es", "fr"):
        ms = catalog_load(code, args.runs)
        print(f"catalog {code}: cold load median {ms:5.1f} ms over {args.runs} processes "
              f"({'ok' if ms < TARGET_MS else 'OVER'}, target {TARGET_MS:g} ms)")
    if args.report:
        _reports(args.runs, args.baseline, tuple(args.formats.split(",")), args.later)


def _reports(runs: int, baseline: str, formats: tuple[str, ...], later: bool) -> None:
    from generate import generate_cop

    with tempfile.TemporaryDirectory(prefix="copkit-i18n-") as tmp:
        cop = Path(tmp) / "cop"
        generate_cop(cop)
        subprocess.run(["git", "init", "-q"], cwd=cop, check=True)
        subprocess.run(["git", "add", "-A"], cwd=cop, check=True)
        subprocess.run(["git", "-c", "user.name=b", "-c", "user.email=b@x", "commit", "-q",
                        "-m", "cop"], cwd=cop, check=True)
        now = report_times([sys.executable, "-m", "copkit"], cop, ["en", "es", "fr"], runs,
                           formats, later)
        before = _baseline(baseline, cop, runs, formats, Path(tmp)) if baseline else {}
        for fmt in formats:
            target = 2.0 if fmt == "md" else 3.0
            for when in ("first", "later") if later else ("first",):
                en = now[("en", fmt, when)]
                shown = " | ".join(
                    f"{lang} {now[(lang, fmt, when)]:5.2f} s "
                    f"({now[(lang, fmt, when)] / en:4.2f}x en"
                    f"{'' if now[(lang, fmt, when)] < target else ', OVER'})"
                    for lang in ("en", "es", "fr"))
                old = before.get(("en", fmt, "first")) if when == "first" else None
                print(f"report --format {fmt}, {when} run, median of {runs}: {shown}"
                      + (f" | {baseline} (English): {old:5.2f} s" if old else "")
                      + f" [target {target:g} s]")


def _baseline(baseline: str, cop: Path, runs: int, formats: tuple[str, ...],
              tmp: Path) -> dict[tuple[str, str, str], float]:
    wt = tmp / "baseline"
    subprocess.run(["git", "worktree", "add", "-q", "--detach", str(wt), baseline],
                   cwd=ROOT, check=True)
    try:
        return report_times([sys.executable, "-c",
                             f"import sys; sys.path.insert(0, {str(wt)!r}); "
                             "from copkit.cli.main import run; sys.argv[0] = 'copkit'; "
                             "run()"], cop, [None], runs, formats)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(wt)], cwd=ROOT,
                       check=True)


if __name__ == "__main__":
    main()
