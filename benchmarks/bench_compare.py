"""Two (or more) copkit checkouts side by side, in one run: each row of the README's
performance table timed in each, the runs alternating between them (base, head, head, base,
...), so that a busy shared machine weighs on all alike.

Usage::

    git worktree add /tmp/wt-base <commit>   # e.g. the commit before a restructuring
    git worktree add /tmp/wt-head HEAD
    python benchmarks/bench_compare.py /tmp/wt-base /tmp/wt-head [MORE ...] [--runs 5]
        [--work DIR] [--only WORDS]

Each side runs as ``python -m copkit`` with its checkout first on ``sys.path`` (PYTHONPATH and
the working folder), byte-compiled as pip installs it, with its own cache folder and its own
copy of every CoP (the write commands change them alike on both sides). The data are the
benchmarks' own: the large CoP of ``generate.py`` (1,000 members, 1,635 files), its 5,000-commit
history, a 20,000-row roster (``bench_imports``), a 300-row attendance report
(``bench_records``) and the files at the size limits (``bench_limits``).

Printed per row: the minimum and median wall seconds of each side, the median CPU seconds
(user + system, what a busy machine inflates less), the peak resident memory, and head/base
of the medians (each later checkout against the first). A row a side cannot run says why
instead of a figure.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_imports import members_of as roster_members
from bench_imports import write_roster
from bench_limits import block, one_line
from bench_limits import make_cop as limits_cop
from bench_records import attendance_csv, meetings_of, members_of, prepare
from generate import generate_history

TODAY = "2026-11-15"  # the generated CoP's last meeting
# a wrapper that runs a command and prints the peak memory of it and its children (a report
# draws its charts in a child process)
_PEAK = ("import resource, subprocess, sys\n"
         "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
         "sys.stderr.write(f'PEAK {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\\n')\n"
         "sys.exit(code)\n")


@dataclass
class Side:
    name: str
    checkout: Path
    work: Path
    env: dict[str, str] = field(default_factory=dict)

    def cop(self, what: str) -> Path:
        return self.work / f"{what}-{self.name}"


@dataclass
class Sample:
    wall: float
    cpu: float
    peak_mb: float
    code: int
    err: str


@dataclass
class Case:
    """A table row: ``argv(side, i)`` gives the copkit arguments of run ``i``;
    ``env(side, i)`` extra environment; ``ok`` the exit codes that count as a run."""

    label: str
    argv: Callable[[Side, int], list[str]]
    env: Callable[[Side, int], dict[str, str]] = lambda side, i: {}
    ok: tuple[int, ...] = (0,)
    warm: bool = True  # one untimed run on each side first
    runs: int | None = None
    peak_of_children: bool = False
    after: Callable[[Side], None] | None = None  # after each run (e.g. put a file back)
    timeout: float = 120.0


def run_once(side: Side, case: Case, i: int) -> Sample:
    cmd = [sys.executable, "-m", "copkit", *case.argv(side, i)]
    if case.peak_of_children:
        cmd = [sys.executable, "-c", _PEAK, *cmd]
    env = {**side.env, **case.env(side, i)}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=side.checkout, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    assert proc.stderr is not None
    timer = threading.Timer(case.timeout, proc.kill)  # a run that never ends is a finding
    timer.start()
    try:
        err = proc.stderr.read().decode("utf-8", errors="replace")
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
        if case.after is not None:
            case.after(side)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if wall >= case.timeout:
        err += f"\nstopped after {case.timeout:.0f} s"
    peak = usage.ru_maxrss / 1024
    if case.peak_of_children and "PEAK " in err:
        err, _, tail = err.rpartition("PEAK ")
        peak = int(tail.split()[0]) / 1024
    return Sample(wall, usage.ru_utime + usage.ru_stime, peak, code, err.strip())


def measure(case: Case, sides: list[Side], runs: int) -> dict[str, list[Sample] | str]:
    out: dict[str, list[Sample] | str] = {s.name: [] for s in sides}
    if case.warm:
        for side in sides:
            sample = run_once(side, case, -1)
            if sample.code not in case.ok:
                out[side.name] = _why(sample)
    for i in range(case.runs or runs):
        order = sides if i % 2 == 0 else sides[::-1]
        for side in order:
            got = out[side.name]
            if isinstance(got, str):
                continue
            sample = run_once(side, case, i)
            if sample.code not in case.ok:
                out[side.name] = _why(sample)
            else:
                got.append(sample)
    return out


def _why(sample: Sample) -> str:
    last = (sample.err.splitlines() or [""])[-1]
    return f"exit {sample.code}: {last[:70]}"


# ---------------------------------------------------------------- the data
def build_data(work: Path, sides: list[str]) -> dict[str, object]:
    """The CoPs both sides use (made once, kept in ``work``), and a copy of each per side."""
    big = work / "big"
    start = time.perf_counter()
    prepare(big)  # generate.generate_cop, in a git repository with one commit
    history = work / "history"
    if not (history / ".git").exists():
        generate_history(history, commits=5000)
    limits = work / "limits"
    seven = limits_cop(limits, "one-line-7mb", one_line(126_000))
    ten = limits_cop(limits, "block-10mb", block(10.5))
    members = members_of(big)
    roster = work / "roster-20000.csv"
    if not roster.exists():
        write_roster(roster, roster_members(big), 20000)
    for name in sides:
        for what, src in (("big", big), ("history", history), ("seven", seven), ("ten", ten)):
            dest = work / f"{what}-{name}"
            if dest.exists():
                shutil.rmtree(dest)
            shutil.copytree(src, dest, symlinks=True)
    print(f"data ready in {work} ({time.perf_counter() - start:.0f} s)")
    return {"members": members, "meetings": meetings_of(big), "roster": roster,
            "history": history}


def git_out(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=True).stdout.strip()


def cases(data: dict[str, object], work: Path) -> list[Case]:
    members = data["members"]
    meetings = data["meetings"]
    assert isinstance(members, list) and isinstance(meetings, list)
    history = data["history"]
    assert isinstance(history, Path)
    last_day = dt.date.fromisoformat(git_out(history, "log", "-1", "--format=%as", "HEAD"))
    year_ago = last_day.replace(year=last_day.year - 1)
    old = git_out(history, "log", "-1", "--format=%H", f"--before={year_ago} 23:59:59", "HEAD")
    new = git_out(history, "rev-parse", "HEAD")
    csvs = work / "attendance"
    csvs.mkdir(exist_ok=True)
    words = ("budget", "unit", "hearing", "budget hearing", "gestion")

    def cop(what: str) -> Callable[[Side], list[str]]:
        return lambda side: ["--cop", str(side.cop(what))]

    big, hist = cop("big"), cop("history")

    def fresh_cache(side: Side, i: int) -> dict[str, str]:
        folder = Path(tempfile.mkdtemp(prefix=f"cache-{side.name}-", dir=work))
        return {"COPKIT_CACHE_DIR": str(folder)}

    def attend(side: Side, i: int) -> list[str]:
        meeting = meetings[len(meetings) // 2 + i]
        text = (side.cop("big") / "meetings" / f"{meeting}.yaml").read_text(encoding="utf-8")
        person = next(str(m["id"]) for m in members[::-1] if str(m["id"]) not in text)
        return ["meeting", "attend", meeting, person, *big(side)]

    def attendance(side: Side, i: int) -> list[str]:
        path = csvs / f"participants-{i + 1}.csv"
        if not path.exists():
            attendance_csv(path, members[(i + 1) * 5:], f"2031-01-{11 + i:02d}")
        return ["import", "attendance", str(path), "--title", f"Benchmark call {i + 1}",
                "--add-unknown", "guests", "--yes", *big(side)]

    def restore(what: str, name: str) -> Callable[[Side], None]:
        saved: dict[str, bytes] = {}

        def put_back(side: Side) -> None:
            path = side.cop(what) / name
            key = str(path)
            if key not in saved:  # the first call comes after the first run: read before
                saved[key] = subprocess.run(["git", "-C", str(side.cop(what)), "show",
                                             f"HEAD:{name}"], capture_output=True,
                                            check=True).stdout
            path.write_bytes(saved[key])
        return put_back

    no_cache = {"COPKIT_NO_CACHE": "1"}
    today = {"COPKIT_TODAY": TODAY}
    out = work / "out"
    out.mkdir(exist_ok=True)
    report = ["report", "--force"]
    return [
        Case("check, parse cache warm", lambda s, i: ["check", *big(s)], ok=(0, 1)),
        Case("check, no cache", lambda s, i: ["check", *big(s)], lambda s, i: no_cache,
             ok=(0, 1)),
        Case("check, first run (empty cache folder)", lambda s, i: ["check", *big(s)],
             fresh_cache, ok=(0, 1), warm=False),
        Case("--help", lambda s, i: ["--help"]),
        Case("member add", lambda s, i: ["member", "add", f"Benchmark Person {i + 1}",
                                         "--email", f"bench{i + 1}@example.org", "--role",
                                         "participant", *big(s)], warm=False),
        Case("member update", lambda s, i: ["member", "update",
                                            str(members[len(members) // 2 + i + 1]["id"]),
                                            "--hours", str(4 + i), *big(s)], warm=False),
        Case("meeting attend", attend, warm=False),
        Case("member list --format json", lambda s, i: ["member", "list", "--format", "json",
                                                        *big(s)]),
        Case("import attendance, 300 rows", attendance, warm=False),
        Case("import members, 20,000 rows (--no-commit)",
             lambda s, i: ["import", "members", str(data["roster"]), "--yes", "--no-commit",
                           *big(s)], after=restore("big", "members.yaml"), runs=3, warm=False,
             timeout=300),
        Case("find WORD (warm)", lambda s, i: ["find", *words[i % len(words)].split(),
                                               *big(s)], ok=(0, 1)),
        Case("find WORD, no index / no cache", lambda s, i: ["find", *words[i % len(words)]
                                                             .split(), *big(s)],
             lambda s, i: no_cache, ok=(0, 1)),
        Case("find WORD, first run (empty cache folder)",
             lambda s, i: ["find", "budget", *big(s)], fresh_cache, ok=(0, 1), warm=False),
        Case("report --format md, later runs",
             lambda s, i: [*report, "--format", "md", "--out", str(out / f"r-{s.name}.md"),
                           *big(s)], lambda s, i: today),
        Case("report --format pdf, 12 months",
             lambda s, i: [*report, "--format", "pdf", "--out", str(out / f"r-{s.name}.pdf"),
                           *big(s)], lambda s, i: today),
        Case("report --format pdf, 10 years (peak memory)",
             lambda s, i: [*report, "--format", "pdf", "--from", "2016-01-01", "--out",
                           str(out / f"r10-{s.name}.pdf"), *big(s)], lambda s, i: today,
             peak_of_children=True, runs=3),
        Case("history, first run (no history cache)", lambda s, i: ["history", *hist(s)],
             lambda s, i: {"COPKIT_HISTORY_CACHE": "0"}),
        Case("history, later runs", lambda s, i: ["history", *hist(s)]),
        Case("diff, two commits a year apart", lambda s, i: ["diff", old, new, *hist(s)]),
        Case("check, 7 MB one-line members.yaml", lambda s, i: ["check", *cop("seven")(s)],
             ok=(0, 1), runs=3),
        Case("report, 7 MB one-line members.yaml", lambda s, i: ["report", *cop("seven")(s)],
             ok=(0, 1), runs=3),
        Case("member list, 7 MB one-line members.yaml",
             lambda s, i: ["member", "list", *cop("seven")(s)], ok=(0, 1), runs=3),
        Case("member add, 7 MB one-line (refused)",
             lambda s, i: ["member", "add", "Zoe Quispe", *cop("seven")(s)], ok=(1,), runs=3),
        Case("check, 10 MB members.yaml (refused)", lambda s, i: ["check", *cop("ten")(s)],
             ok=(1,), runs=3),
        Case("member add, 10 MB members.yaml (refused)",
             lambda s, i: ["member", "add", "Zoe Quispe", *cop("ten")(s)], ok=(1,), runs=3),
    ]


# ---------------------------------------------------------------- the table
def row(case: Case, got: dict[str, list[Sample] | str]) -> str:
    cells = []
    medians: list[float | None] = []
    for name in got:
        samples = got[name]
        if isinstance(samples, str) or not samples:
            cells.append(f"{samples or 'no run':>38}")
            medians.append(None)
            continue
        walls = [s.wall for s in samples]
        med = statistics.median(walls)
        medians.append(med)
        cpu = statistics.median(s.cpu for s in samples)
        peak = max(s.peak_mb for s in samples)
        cells.append(f"{min(walls):6.2f} {med:6.2f} {cpu:6.2f} {peak:6.0f} MB")
    base = medians[0]
    ratios = [f"{m / base:5.2f}" if base and m else "    -" for m in medians[1:]]
    return f"{case.label:<44} {'   '.join(cells)}   {' '.join(ratios)}"


def as_installed(checkout: Path) -> None:
    compileall.compile_dir(str(checkout / "copkit"), quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkouts", type=Path, nargs="+",
                        help="the checkouts: the first is the base, the others compared with it")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, help="build the data here and keep it")
    parser.add_argument("--only", help="rows whose label holds this text (comma-separated)")
    args = parser.parse_args()
    work = (args.work or Path(tempfile.mkdtemp(prefix="copkit-compare-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # measured as pip installs copkit
    if len(args.checkouts) < 2:
        parser.error("give at least two checkouts")
    sides = []
    names = ["base", *(f"head{n if n > 1 else ''}" for n in range(1, len(args.checkouts)))]
    for name, checkout in zip(names, args.checkouts, strict=True):
        checkout = checkout.resolve()
        as_installed(checkout)
        cache = work / f"cache-{name}"
        cache.mkdir(exist_ok=True)
        env = {**os.environ, "PYTHONPATH": str(checkout), "COPKIT_CACHE_DIR": str(cache)}
        env.pop("COPKIT_DIR", None)
        sides.append(Side(name, checkout, work, env))
        commit = git_out(checkout, "log", "-1", "--format=%h %cs %s")
        print(f"{name}: {checkout} at {commit[:90]}")
    data = build_data(work, names)
    chosen = cases(data, work)
    if args.only:
        wanted = [w.strip() for w in args.only.split(",")]
        chosen = [c for c in chosen if any(w in c.label for w in wanted)]
    print(f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}; {args.runs} runs alternating unless a row "
          "says fewer")
    print(f"{'':<44} " + "   ".join(f"{n + ': min   median  CPU    peak':>38}" for n in names)
          + "   " + " ".join(f"{n}/base" for n in names[1:]))
    for case in chosen:
        print(row(case, measure(case, sides, args.runs)), flush=True)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
