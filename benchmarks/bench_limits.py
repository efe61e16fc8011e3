"""Benchmark for files at copkit's reading limits: a write command, `copkit check`, `copkit
report` (Markdown, to the screen) and `copkit member list`, on a members.yaml too large to read
or too large to rewrite whole.

Issue #13: with a 7 MB members.yaml written on one line (`members: [{...}, {...}, ...]`),
`copkit member add` took 97 s and 1.1 GB (ruamel.yaml rewrote the whole file); with a 10 MB
members.yaml (over the 8 MiB limit that `copkit check` refuses), it wrote and committed 10 MB.
Target: each command below finishes in under 5 s and 500 MB, the write commands refusing the
file without writing anything (checked here: the file's bytes and the commit count stay).

Each case is the real CLI run as a subprocess several times; the figures are the median wall
time and the largest peak resident memory of those runs (the child's ru_maxrss, the counter
resource.getrusage(RUSAGE_CHILDREN) sums up, read per child with os.wait4). A last line gives
the 0.5 MB one-line list, the largest that copkit still rewrites whole, for comparison.

Run: python benchmarks/bench_limits.py [--keep DIR] [--runs N]
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

from generate import as_installed

COPKIT = [sys.executable, "-m", "copkit"]
TARGET_S = 5.0
TARGET_MB = 500.0
CHARTER = "name: Limits CoP\ngoals:\n  - {id: g1, statement: Keep the records readable}\n"
MEMBER = "  - id: member-{0}\n    name: Member {0}\n    email: member{0}@example.org\n" \
         "    joined: 2026-01-10\n"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                          text=True).stdout


def one_line(count: int, last: str | None = None) -> str:
    """members.yaml as one flow list on one line: ``count`` members (the last one ``last``,
    when given)."""
    items = [f"{{id: m-{i}, name: Member {i}, joined: 2026-01-10}}" for i in range(count)]
    if last is not None:
        items[-1] = last
    return f"members: [{', '.join(items)}]\n"


def block(megabytes: float) -> str:
    """members.yaml as copkit writes it, one member after another, about ``megabytes`` MB."""
    out = ["members:\n"]
    size, i = 9, 0
    while size < megabytes * 1e6:
        out.append(MEMBER.format(i))
        size += len(out[-1])
        i += 1
    return "".join(out)


def make_cop(base: Path, name: str, members: str) -> Path:
    root = base / name
    root.mkdir(parents=True, exist_ok=True)
    (root / "charter.yaml").write_text(CHARTER, encoding="utf-8")
    (root / "members.yaml").write_text(members, encoding="utf-8")
    if not (root / ".git").exists():
        git(root, "init", "-q", "-b", "main")
        git(root, "config", "user.name", "Bench Facilitator")
        git(root, "config", "user.email", "bench@example.org")
        (root / ".git" / "info" / "exclude").write_text("/.copkit/\n", encoding="utf-8")
    git(root, "add", "-A")
    if git(root, "status", "--porcelain").strip():
        git(root, "commit", "-q", "-m", "benchmark CoP")
    return root


def run_once(cmd: list[str]) -> tuple[float, float, int, str, float]:
    """Wall seconds, peak resident MB, exit code, first line of standard error, and CPU
    seconds (user + system: what a busy shared machine inflates less than the wall time)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read().decode("utf-8", errors="replace")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    return (elapsed, usage.ru_maxrss / 1024, proc.returncode, (err.splitlines() or [""])[0],
            usage.ru_utime + usage.ru_stime)


def case(name: str, cmd: list[str], root: Path, runs: int) -> bool:
    """Run ``cmd`` ``runs`` times; print one line; True when the targets are met and the CoP
    is untouched (same members.yaml bytes, same commits)."""
    before = ((root / "members.yaml").read_bytes(), git(root, "rev-list", "--count", "HEAD"))
    results = [run_once(cmd) for _ in range(runs)]
    after = ((root / "members.yaml").read_bytes(), git(root, "rev-list", "--count", "HEAD"))
    wall = statistics.median(r[0] for r in results)
    peak = max(r[1] for r in results)
    untouched = before == after
    ok = wall < TARGET_S and peak < TARGET_MB and untouched
    verdict = "ok" if ok else "OVER TARGET" if untouched else "FILE CHANGED"
    runs_text = ", ".join(f"{r[0]:.2f}" for r in results)
    cpu = statistics.median(r[4] for r in results)
    print(f"{name:<40} wall median {wall:5.2f} s (runs {runs_text}; CPU {cpu:.2f} s), peak "
          f"{peak:4.0f} MB, exit {results[-1][2]}  target < {TARGET_S:g} s and "
          f"< {TARGET_MB:g} MB: {verdict}")
    print(f"{'':<40} {results[-1][3][:110]}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="build the CoPs in this folder and keep them")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(as_installed())
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} "
          "(other work on a shared machine inflates wall times)")
    base = args.keep or Path(tempfile.mkdtemp(prefix="copkit-limits-"))
    cops = {"one-line-7mb": make_cop(base, "one-line-7mb", one_line(126_000)),
            "block-10mb": make_cop(base, "block-10mb", block(10.5)),
            # the worst case for positions: a finding at the end of the line
            "one-line-7mb-bad-last": make_cop(
                base, "one-line-7mb-bad-last",
                one_line(126_000, "{id: m-last, nme: Last, joined: 2026-01-10}")),
            "one-line-0.5mb": make_cop(base, "one-line-0.5mb", one_line(9_000))}
    for name, root in cops.items():
        size = (root / "members.yaml").stat().st_size
        print(f"{name}: members.yaml {size:,} bytes ({size / 2**20:.2f} MiB) at {root}")
    ok = True
    for name in ("one-line-7mb", "block-10mb"):
        root = cops[name]
        cop = ["--cop", str(root)]
        ok &= case(f"member add, {name}", [*COPKIT, "member", "add", "Zoe Quispe", *cop],
                   root, args.runs)
        ok &= case(f"check, {name}", [*COPKIT, "check", *cop], root, args.runs)
        ok &= case(f"check, no cache, {name}",  # env execs copkit: the same process
                   ["env", "COPKIT_NO_CACHE=1", *COPKIT, "check", *cop], root, args.runs)
        ok &= case(f"report, {name}", [*COPKIT, "report", *cop], root, args.runs)
        ok &= case(f"member list, {name}", [*COPKIT, "member", "list", *cop], root,
                   args.runs)
    root = cops["one-line-7mb-bad-last"]
    cop = ["--cop", str(root)]
    ok &= case("check, one-line-7mb-bad-last", [*COPKIT, "check", *cop], root, args.runs)
    ok &= case("check, no cache, one-line-7mb-bad-last",
               ["env", "COPKIT_NO_CACHE=1", *COPKIT, "check", *cop], root, args.runs)
    root = cops["one-line-0.5mb"]
    print("for comparison, the largest list on one line copkit still rewrites whole "
          "(--no-commit, the file put back after each run):")
    original = (root / "members.yaml").read_bytes()
    times = []
    for _ in range(args.runs):
        wall, peak, code, _, cpu = run_once([*COPKIT, "member", "add", "Zoe Quispe",
                                             "--no-commit", "--cop", str(root)])
        (root / "members.yaml").write_bytes(original)
        times.append((wall, peak, code, cpu))
    print(f"{'member add, one-line-0.5mb (rewritten)':<40} wall median "
          f"{statistics.median(t[0] for t in times):5.2f} s (CPU "
          f"{statistics.median(t[3] for t in times):.2f} s), peak "
          f"{max(t[1] for t in times):4.0f} MB, exit {times[-1][2]}")
    print("every target met" if ok else "SOME TARGET NOT MET")


if __name__ == "__main__":
    main()
