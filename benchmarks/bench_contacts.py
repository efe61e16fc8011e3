"""Contacts outside git (#20): the commands on the large CoP, before and after, in one run.

Three columns, the runs alternating between them (a busy shared machine weighs on all alike):

- ``base``: a checkout from before #20 (a ``git worktree``), on the large CoP as
  ``generate.py`` makes it (contacts in members.yaml: the old layout);
- ``old``: this checkout on the same CoP, still in the old layout (what a CoP that was not
  split yet pays: check now reports its contact fields);
- ``new``: this checkout on the same CoP after ``copkit contacts split`` (members.yaml with
  ``email_hash``, contacts.yaml beside it).

Usage::

    git worktree add /tmp/wt-base <commit before #20>
    git worktree add /tmp/wt-head HEAD
    python benchmarks/bench_contacts.py /tmp/wt-base --head /tmp/wt-head [--runs 5]

Printed per row: the median wall seconds of each column and new/base, then the median CPU
seconds (user + system, with git's) and new/base: a busy shared machine moves the wall time
of a run with whatever else runs, the CPU time much less. The target: no command more than
5% slower than base.

``--updates N [N ...]`` measures instead ``copkit contacts merge`` of a file that changes
every one of N existing contacts.yaml entries (a new phone, a newer stamp), in ``base`` and
``--head`` (two checkouts of the new layout, e.g. before and after the one-pass update),
alternating; the time per entry shows whether it grows with N::

    git worktree add /tmp/wt-before <commit>; git worktree add /tmp/wt-after HEAD
    python benchmarks/bench_contacts.py /tmp/wt-before --head /tmp/wt-after --updates 1000 4000
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_imports import write_roster  # noqa: E402
from bench_records import members_of, prepare  # noqa: E402

Argv = Callable[[Path, int], list[str]]


def run(checkout: Path, cache: Path, argv: list[str]) -> float:
    """The command's wall seconds (its CPU seconds, with git's, noted in ``CPU``)."""
    env = {**os.environ, "PYTHONPATH": str(checkout), "COPKIT_CACHE_DIR": str(cache),
           "COPKIT_TODAY": "2026-11-15"}
    env.pop("COPKIT_DIR", None)
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-m", "copkit", *argv], cwd=checkout, env=env,
                                stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            err.seek(0)
            raise SystemExit(f"{argv}: exit {code}: {err.read().decode()[-400:]}")
    CPU.append(usage.ru_utime + usage.ru_stime)
    return wall


# the CPU seconds of each run (user + system, the command's and its children's): on a
# shared machine under load the wall time of a run depends on what else runs, its CPU time
# much less, so both are printed
CPU: list[float] = []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path, help="a checkout from before #20")
    parser.add_argument("--head", type=Path, default=HERE.parent,
                        help="the checkout with #20 (default: this one; a worktree of HEAD "
                        "keeps others' uncommitted edits out)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--updates", type=int, nargs="+",
                        help="time contacts merge updating this many existing entries instead")
    args = parser.parse_args()
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    work = (args.work or Path(tempfile.mkdtemp(prefix="copkit-contacts-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    head = args.head.resolve()
    base = args.base.resolve()
    for checkout in (base, head):
        compileall.compile_dir(str(checkout / "copkit"), quiet=1)
    if args.updates:
        return updates(base, head, work, args.updates, args.runs)
    big = work / "big"
    prepare(big, contacts="inline")  # the old layout: base reads it, "new" splits it
    members = members_of(big)
    roster = work / "roster.csv"
    if not roster.exists():
        write_roster(roster, members, 20000)  # type: ignore[arg-type]
    columns: dict[str, tuple[Path, Path]] = {}
    for name, checkout in (("base", base), ("old", head), ("new", head)):
        cop = work / f"cop-{name}"
        if cop.exists():
            shutil.rmtree(cop)
        shutil.copytree(big, cop, symlinks=True)
        (work / f"cache-{name}").mkdir(exist_ok=True)
        columns[name] = (checkout, cop)
    new_cop = columns["new"][1]
    # the key is committed: the benchmark CoP's exclude keeps only the lock out
    (new_cop / ".git" / "info" / "exclude").write_text("/.copkit/lock\n", encoding="utf-8")
    run(head, work / "cache-new", ["contacts", "split", "--cop", str(new_cop)])
    status = subprocess.run(["git", "-C", str(new_cop), "status", "--porcelain"],
                            capture_output=True, text=True, check=True).stdout
    assert not status.strip() and (new_cop / "contacts.yaml").exists(), status
    middle = str(members[len(members) // 2]["id"])
    email = str(members[len(members) // 3]["email"])
    rows: list[tuple[str, Argv, bool]] = [
        ("check", lambda cop, i: ["check", "--cop", str(cop)], False),
        ("member add --email", lambda cop, i: ["member", "add", f"Bench Person {i}", "--email",
                                               f"bench{i}@example.org", "--cop", str(cop)],
         True),
        ("member update --hours", lambda cop, i: ["member", "update", middle, "--hours",
                                                  str(3 + i), "--cop", str(cop)], True),
        ("member list", lambda cop, i: ["member", "list", "--cop", str(cop)], False),
        ("member list --include-contacts",
         lambda cop, i: ["member", "list", "--include-contacts", "--cop", str(cop)], False),
        ("meeting new --attendee EMAIL",
         lambda cop, i: ["meeting", "new", "--date", f"2027-01-{10 + i:02d}", "--title",
                         f"Bench {i}", "--attendee", email, "--cop", str(cop)], True),
        ("import members 20,000 rows (--no-commit)",
         lambda cop, i: ["import", "members", str(roster), "--yes", "--no-commit", "--cop",
                         str(cop)], False),
        ("report --format md", lambda cop, i: ["report", "--format", "md", "--cop", str(cop)],
         False),
        ("newsletter", lambda cop, i: ["newsletter", "--cop", str(cop)], False),
    ]
    print(f"base: {base}; head: {head}; {args.runs} runs alternating; load "
          f"{os.getloadavg()[0]:.1f}")
    print(f"{'wall s (median)':<42}{'base':>8}{'old':>8}{'new':>8}   new/base"
          f"   CPU s: base   old   new   new/base")
    for label, argv, writes in rows:
        times: dict[str, list[float]] = {n: [] for n in columns}
        cpu: dict[str, list[float]] = {n: [] for n in columns}
        saved = {n: (c / "contacts.yaml").read_bytes() if (c / "contacts.yaml").exists()
                 else None for n, (_, c) in columns.items()}
        for name, (checkout, cop) in columns.items():  # warm the caches, untimed
            if not writes:
                run(checkout, work / f"cache-{name}", argv(cop, 0))
        for i in range(args.runs):
            order = list(columns) if i % 2 == 0 else list(reversed(columns))
            for name in order:
                checkout, cop = columns[name]
                times[name].append(run(checkout, work / f"cache-{name}", argv(cop, i + 1)))
                cpu[name].append(CPU[-1])
                if "import members" in label:  # the CoP as it was, contacts.yaml too
                    subprocess.run(["git", "-C", str(cop), "checkout", "-q", "--", "."],
                                   check=True)
                    kept = saved[name]
                    if kept is None:
                        (cop / "contacts.yaml").unlink(missing_ok=True)
                    else:
                        (cop / "contacts.yaml").write_bytes(kept)
        med = {n: statistics.median(t) for n, t in times.items()}
        used = {n: statistics.median(t) for n, t in cpu.items()}
        print(f"{label:<42}{med['base']:>8.2f}{med['old']:>8.2f}{med['new']:>8.2f}"
              f"   {med['new'] / med['base']:>8.2f}   {used['base']:>10.2f}{used['old']:>6.2f}"
              f"{used['new']:>6.2f}   {used['new'] / used['base']:>8.2f}", flush=True)
    print(f"load at the end {os.getloadavg()[0]:.1f}")
    return 0


def _entries(n: int, phone: str, stamp: str) -> str:
    return "contacts:\n" + "".join(
        f"  - id: member-{i}\n    email: member{i}@example.org\n    phone: \"{phone} {i:06d}\"\n"
        f"    updated: \"{stamp}\"\n" for i in range(n))


def updates(base: Path, head: Path, work: Path, sizes: list[int], runs: int) -> int:
    """contacts merge of N changed entries into a contacts.yaml of N, in both checkouts."""
    print(f"base: {base}; head: {head}; {runs} runs alternating; load "
          f"{os.getloadavg()[0]:.1f}")
    print(f"{'contacts merge, entries updated':<34}{'base':>9}{'head':>9}   head/base"
          f"   ms/entry base, head")
    for n in sizes:
        mine = _entries(n, "+51 984", "2026-01-01T00:00:00Z")
        theirs = work / f"theirs-{n}.yaml"
        theirs.write_text(_entries(n, "+51 985", "2026-06-01T00:00:00Z"), encoding="utf-8")
        cops = {}
        for name, checkout in (("base", base), ("head", head)):
            cop = work / f"merge-{name}-{n}"
            if cop.exists():
                shutil.rmtree(cop)
            run(checkout, work / f"cache-{name}", ["init", str(cop), "--name", "Bench"])
            cops[name] = (checkout, cop)
        times: dict[str, list[float]] = {"base": [], "head": []}
        for i in range(runs):
            for name in (["base", "head"] if i % 2 == 0 else ["head", "base"]):
                checkout, cop = cops[name]
                (cop / "contacts.yaml").write_text(mine, encoding="utf-8")
                times[name].append(run(checkout, work / f"cache-{name}",
                                       ["contacts", "merge", str(theirs), "--cop", str(cop)]))
                got = (cop / "contacts.yaml").read_text(encoding="utf-8")
                if got.count("+51 985") != n:
                    raise SystemExit(f"{name}: the merge did not update all {n} entries")
        med = {k: statistics.median(v) for k, v in times.items()}
        print(f"{n:<34}{med['base']:>9.2f}{med['head']:>9.2f}   {med['head'] / med['base']:>9.2f}"
              f"   {1000 * med['base'] / n:.2f}, {1000 * med['head'] / n:.2f}", flush=True)
    print(f"load at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
