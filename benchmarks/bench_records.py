"""Benchmark for the record commands and imports on the large synthetic CoP.

Targets (issue #4), each the real CLI run as a subprocess, wall time:
* `copkit member list --format json` < 0.35 s (1,000 members; issue #14: read without the
  pydantic models);
* `copkit member add` < 1 s and `copkit meeting attend` < 1 s (1,000 members);
* `copkit import attendance` of a 300-row participant report < 2 s;
* the update verbs of issue #15 (meeting update, action list and done, practice update and
  adopt, topic update, charter set) < 1 s each;
* editing one record changes only the intended file (shown with `git status --porcelain`
  and `git show --numstat`).

Run: python benchmarks/bench_records.py [--keep DIR] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import as_installed, generate_cop

COPKIT = [sys.executable, "-m", "copkit"]


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                          text=True).stdout


def prepare(base: Path, contacts: str = "apart") -> None:
    """The large CoP at ``base`` (made when missing; ``contacts``: generate_cop's layout) in a
    git repository of one commit."""
    if not (base / "charter.yaml").exists():
        generate_cop(base, contacts=contacts)
    if not (base / ".git").exists():
        git(base, "init", "-q", "-b", "main")
    git(base, "config", "user.name", "Bench Facilitator")
    git(base, "config", "user.email", "bench@example.org")
    exclude = base / ".git" / "info" / "exclude"
    exclude.parent.mkdir(parents=True, exist_ok=True)
    # what copkit init's .gitignore says: the key (.copkit/hash-key) is committed
    exclude.write_text("/.copkit/lock\n/.copkit/journal.json\n", encoding="utf-8")
    git(base, "add", "-A")
    if git(base, "status", "--porcelain").strip():
        git(base, "commit", "-q", "-m", "benchmark CoP")


CPU: list[float] = []  # CPU seconds (user + system) of each run, next to its wall time


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: list[str], cwd: Path | None = None) -> tuple[float, subprocess.CompletedProcess[str]]:
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, check=False)
    elapsed = time.perf_counter() - start
    CPU.append(_children_cpu() - cpu)
    if proc.returncode != 0:
        sys.stderr.write(f"FAILED: {' '.join(cmd)}\n{proc.stdout}\n{proc.stderr}\n")
        raise SystemExit(1)
    return elapsed, proc


def members_of(root: Path) -> list[dict[str, object]]:
    from copkit.yaml.read import read_file

    data = read_file(root / "members.yaml", "members.yaml").data
    members = [m for m in data["members"] if isinstance(m, dict)]
    if (root / "contacts.yaml").is_file():  # the new layout: each member's contact details
        book = read_file(root / "contacts.yaml", "contacts.yaml").data
        found = {c["id"]: c for c in book.get("contacts") or [] if isinstance(c, dict)}
        members = [{**m, **{k: v for k, v in found.get(str(m.get("id")), {}).items()
                            if k in ("email", "phone", "preferred_channel")}}
                   for m in members]
    return members


def meetings_of(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "meetings").glob("*.yaml"))


def changed(root: Path) -> str:
    """The files the last commit changed, with lines added/removed."""
    out = git(root, "show", "--numstat", "--format=", "HEAD").strip().splitlines()
    return "; ".join(f"{p} +{a} -{d}" for a, d, p in (ln.split("\t") for ln in out))


def attendance_csv(path: Path, members: list[dict[str, object]], day: str) -> None:
    """A Zoom-like report: 300 rows, 150 people each connecting twice (some guests)."""
    lines = ["Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest"]
    people = members[:140]
    for i in range(150):
        if i < len(people):
            name, email = str(people[i].get("name")), str(people[i].get("email") or "")
        else:
            name, email = f"Visitor {i}", ""
        lines.append(f"{name},{email},{day} 14:0{i % 10}:00,{day} 14:40:00,35,No")
        lines.append(f"{name},{email},{day} 14:45:00,{day} 15:30:00,45,No")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def report(name: str, times: list[float], target: float, extra: str = "") -> None:
    """One line: median wall time against the target, each run, and the CPU time (which a
    busy shared machine inflates less than the wall time)."""
    med = statistics.median(times)
    verdict = "ok" if med < target else "OVER TARGET"
    runs = ", ".join(f"{t:.2f}" for t in times)
    cpu = CPU[-len(times):]
    print(f"{name:<36} wall median {med:4.2f} s (runs {runs}; CPU {statistics.median(cpu):.2f}"
          f" s)  target < {target:g} s: {verdict}{extra}")
    CPU.clear()


def _timed(name: str, commands: list[list[str]], target: float, base: Path) -> None:
    times = [run(c)[0] for c in commands]
    report(name, times, target, f"; last commit: {changed(base)}")


def _update_verbs(base: Path, meetings: list[str], runs: int) -> None:
    """The update verbs of issue #15, each < 1 s: a meeting's decision and action, the
    action list across every meeting and an action done, a practice's status and an
    adoption, a topic covered, a charter field."""
    cop = ["--cop", str(base)]
    picked = meetings[len(meetings) // 3:][:runs]
    practices = sorted(p.stem for p in (base / "practices").glob("*.yaml")
                       if "status: evaluated" not in p.read_text("utf-8"))[:runs]
    from copkit.yaml.read import load_data

    data = load_data((base / "learning-agenda.yaml").read_text("utf-8"))
    topics = [t["id"] for t in data["topics"]][:runs]
    _timed("copkit meeting update (--action)", [
        [*COPKIT, "meeting", "update", m, "--decision", "Benchmark decision", "--action",
         "Benchmark action", "--due", "2031-02-01", *cop] for m in picked], 1.0, base)
    t, proc = run([*COPKIT, "action", "list", "--format", "json", *cop])
    times = [t] + [run([*COPKIT, "action", "list", "--open", *cop])[0] for _ in range(runs - 1)]
    report("copkit action list", times, 1.0, f"; {len(json.loads(proc.stdout))} actions")
    numbers = []
    for m in picked:
        listed = load_data((base / "meetings" / f"{m}.yaml").read_text("utf-8"))
        numbers.append(str(len(listed.get("actions") or [])))
    _timed("copkit action done", [
        [*COPKIT, "action", "done", m, n, "--on", "2031-01-20", *cop]
        for m, n in zip(picked, numbers, strict=True)], 1.0, base)
    _timed("copkit practice update --status", [
        [*COPKIT, "practice", "update", p, "--status", "evaluated", "--on", "2031-01-15",
         *cop] for p in practices], 1.0, base)
    _timed("copkit practice adopt", [
        [*COPKIT, "practice", "adopt", p, "--organisation", "Benchmark municipality",
         "--on", "2031-01-16", *cop] for p in practices], 1.0, base)
    _timed("copkit topic update --status", [
        [*COPKIT, "topic", "update", t, "--status", "covered", "--force", *cop]
        for t in topics], 1.0, base)
    _timed("copkit charter set", [
        [*COPKIT, "charter", "set", "governance.decision_making", f"Consensus {i}", *cop]
        for i in range(runs)], 1.0, base)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(as_installed())
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} "
          "(other work on a shared machine inflates wall times)")
    base = args.keep or Path(tempfile.mkdtemp()) / "big-cop"
    start = time.perf_counter()
    prepare(base)
    CPU.clear()
    members = members_of(base)
    meetings = meetings_of(base)
    print(f"large CoP at {base}: {len(members)} members, {len(meetings)} meetings, "
          f"{sum(1 for _ in (base / 'practices').glob('*.yaml'))} practices, "
          f"members.yaml {(base / 'members.yaml').stat().st_size / 1024:.0f} KB "
          f"(prepared in {time.perf_counter() - start:.1f} s)")
    cop = ["--cop", str(base)]

    # member list
    times = []
    for _ in range(args.runs):
        t, proc = run([*COPKIT, "member", "list", "--format", "json", *cop])
        times.append(t)
    listed = len(json.loads(proc.stdout))
    report("copkit member list --format json", times, 0.35, f"; {listed} members listed")

    # member add
    times = []
    for i in range(args.runs):
        t, _ = run([*COPKIT, "member", "add", f"Benchmark Person {i}", "--email",
                    f"bench{i}@example.org", "--role", "participant", *cop])
        times.append(t)
    report("copkit member add", times, 1.0, f"; last commit: {changed(base)}")

    # member update (an item in the middle of the list)
    times = []
    for i in range(args.runs):
        mid = str(members[len(members) // 2 + i]["id"])
        t, _ = run([*COPKIT, "member", "update", mid, "--hours", str(3 + i), *cop])
        times.append(t)
    report("copkit member update", times, 1.0, f"; last commit: {changed(base)}")

    # meeting attend
    times = []
    for i in range(args.runs):
        meeting = meetings[len(meetings) // 2 + i]
        text = (base / "meetings" / f"{meeting}.yaml").read_text(encoding="utf-8")
        person = next(str(m["id"]) for m in members[::-1] if str(m["id"]) not in text)
        t, _ = run([*COPKIT, "meeting", "attend", meeting, person, *cop])
        times.append(t)
    report("copkit meeting attend", times, 1.0, f"; last commit: {changed(base)}")

    # import attendance: 300 rows into a new meeting
    times = []
    tmp = Path(tempfile.mkdtemp())
    for i in range(args.runs):
        csv_path = tmp / f"participants-{i}.csv"
        attendance_csv(csv_path, members[i * 5:], f"2031-01-{10 + i:02d}")
        t, _ = run([*COPKIT, "import", "attendance", str(csv_path), "--title",
                    f"Benchmark call {i}", "--add-unknown", "guests", "--yes", *cop])
        times.append(t)
    report("copkit import attendance (300 rows)", times, 2.0, f"; last commit: {changed(base)}")

    # find
    times = []
    for word in ("budget", "unit", "hearing")[: args.runs]:
        cpu = _children_cpu()
        start = time.perf_counter()
        subprocess.run([*COPKIT, "find", word, *cop], capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        CPU.append(_children_cpu() - cpu)
    report("copkit find WORD", times, 2.0)

    _update_verbs(base, meetings, args.runs)

    # only the intended file changes
    run([*COPKIT, "member", "update", str(members[3]["id"]), "--hours", "7.5", "--no-commit",
         *cop])
    status = git(base, "status", "--porcelain").rstrip()
    print(f"git status --porcelain after `member update --no-commit`: {status!r}")
    diff = git(base, "diff", "--numstat").strip()
    print(f"git diff --numstat: {diff!r}")
    git(base, "checkout", "-q", "--", "members.yaml")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory of one copkit process: {peak:.0f} MB")
    if not args.keep:
        print(f"(the CoP is left at {base}; pass --keep DIR to choose where)")


if __name__ == "__main__":
    main()
