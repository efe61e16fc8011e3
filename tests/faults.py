"""The fault-injection harness: every write command, interrupted at each point where a crash
or a failing disk can stop it, must leave the CoP all as before or all as after.

Shared by tests/test_faults.py (a sample of the points, in CI) and benchmarks/bench_faults.py
(every point, plus kills after N milliseconds). A command's interruption points are the ones
copkit itself lists (``COPKIT_FAULT_LOG``): each journal write, file write, rename, the
``git add`` and the commit; ``COPKIT_FAULT=kill:N`` kills the process with SIGKILL at the
N-th, ``enospc:N`` / ``eio:N`` make the N-th file write fail.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.forks import Forks

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
EXAMPLE = ROOT / "examples" / "led-units"

# (name, copkit arguments): every command that writes records
COMMANDS: list[tuple[str, list[str]]] = [
    ("member add", ["member", "add", "Nadia Flores", "--email", "nadia@example.org"]),
    ("member update", ["member", "update", "rosa-quispe", "--level", "core"]),
    ("member forget", ["member", "forget", "juan-perez", "--yes"]),
    ("member merge", ["member", "merge", "maria-lopez", "rosa-quispe", "--yes"]),
    ("meeting new", ["meeting", "new", "--date", "2026-12-01", "--title", "December check-in"]),
    ("meeting attend", ["meeting", "attend", "2025-12-10-year-end-stocktake", "nadia-flores"]),
    ("meeting update --date", ["meeting", "update", "2026-04-15-how-to-method", "--date",
                               "2026-04-16"]),  # a new file, the agenda's sessions, a delete
    ("practice add", ["practice", "add", "--title", "Shared budget calendar", "--kind",
                      "method"]),
    ("import members", ["import", "members", str(DATA / "roster-bom.csv"), "--yes"]),
    ("import attendance", ["import", "attendance", str(DATA / "zoom-participants.csv"),
                           "--add-unknown", "guests", "--yes"]),
    ("import survey", ["import", "survey", str(DATA / "google-forms-survey.csv"), "--title",
                       "Pulse 2026", "--date", "2026-11-01", "--yes"]),
    ("plan set", ["plan", "set", "4", "--channels", "email,video-call", "--frequency",
                  "monthly"]),
    ("review", ["review", "--confirm-all", "--by", "maria-lopez", "--summary", "All fine"]),
    ("newsletter --record", ["newsletter", "--record", "--out", "{out}/news.md", "--force"]),
]


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                          text=True).stdout


def env() -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if not k.startswith("COPKIT_FAULT")}
    out.pop("COPKIT_DIR", None)
    return out


_TEMPLATES: dict[tuple[str, ...], Path] = {}  # made once per process, copied for each run


def fresh_cop(dest: Path, args: list[str] | None = None) -> Path:
    """The led-units example in a new git repository (one commit), with what the command
    ``args`` needs beforehand (``prepare``): a copy of one made once per process."""
    key = tuple(args[:2]) if args and args[:2] == ["meeting", "attend"] else ()
    if key not in _TEMPLATES:
        where = Path(tempfile.mkdtemp(prefix="copkit-faults-")) / "cop"
        atexit.register(shutil.rmtree, where.parent, True)
        shutil.copytree(EXAMPLE, where)
        subprocess.run(["git", "init", "-q", "-b", "main", str(where)], check=True)
        git(where, "add", "-A")
        git(where, "commit", "-q", "-m", "start")
        if args:
            prepare(where, args)
        _TEMPLATES[key] = where
    shutil.copytree(_TEMPLATES[key], dest, symlinks=True)
    return dest


# contacts.yaml's ``updated:`` stamps say when the command ran (to the second): the reference
# run and the interrupted one are seconds apart, so the stamp is the one value compared by its
# shape only (every other byte of the file is compared as written)
_STAMP = re.compile(rb'^(    updated: )"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"$', re.M)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the CoP outside .git, by relative path (contacts.yaml's run-time stamps
    masked)."""
    out = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in names:
            path = Path(folder) / name
            data = path.read_bytes()
            if path == root / "contacts.yaml":
                data = _STAMP.sub(rb'\1"STAMP"', data)
            out[path.relative_to(root).as_posix()] = data
    return out


# set (tests/test_faults.py): the commands run in children forked from one process that has
# imported copkit (tests/forks.py), not each in a new interpreter; still a process of its own
FORKS: Forks | None = None


def copkit(root: Path, args: list[str], extra_env: dict[str, str] | None = None,
           kill_after: float | None = None) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "copkit", *[a.replace("{out}", str(root.parent))
                                              for a in args], "--cop", str(root)]
    if FORKS is not None:
        return FORKS.run(argv[3:], {**env(), **(extra_env or {})}, kill_after)
    process = subprocess.Popen(argv, env={**env(), **(extra_env or {})}, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL)
    if kill_after is not None:
        try:
            process.wait(kill_after)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
    out, err = process.communicate()
    return subprocess.CompletedProcess(argv, process.returncode, out, err)


@dataclass
class Reference:
    """A command's clean run: the CoP before and after, its commit subject, its points."""

    args: list[str]
    before: dict[str, bytes]
    after: dict[str, bytes]
    subject: str
    points: list[str]


def in_process(root: Path, args: list[str], extra_env: dict[str, str]
               ) -> subprocess.CompletedProcess[str]:
    """The command through copkit's CLI in this process (for a fault that does not end the
    process: a failing disk), as ``copkit`` would run it."""
    from typer.testing import CliRunner

    from copkit.cli.main import app
    from copkit.yaml import txn

    txn.reset_faults()
    argv = [*[a.replace("{out}", str(root.parent)) for a in args], "--cop", str(root)]
    result = CliRunner().invoke(app, argv, env={**extra_env, "COPKIT_DIR": None},
                                prog_name="copkit")
    err = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        err += "Traceback: " + "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(argv, result.exit_code, result.stdout, err)


def reference(work: Path, args: list[str]) -> Reference:
    """Run the command once uninterrupted in a fresh copy (in ``work``) and record it."""
    root = fresh_cop(work / "reference", args)
    before = snapshot(root)
    log = work / "points.log"
    result = copkit(root, args, {"COPKIT_FAULT_LOG": str(log)})
    assert result.returncode == 0, result.stderr
    subject = git(root, "log", "-1", "--format=%s").strip()
    points = log.read_text().split() if log.exists() else []
    return Reference(args, before, snapshot(root), subject, points)


def prepare(root: Path, args: list[str]) -> None:
    """What a command needs beforehand (meeting attend: the member it adds)."""
    if args[:2] == ["meeting", "attend"]:
        result = copkit(root, ["member", "add", "Nadia Flores", "--email",
                               "nadia@example.org"])
        assert result.returncode == 0, result.stderr


@dataclass
class Outcome:
    fault: str
    returncode: int
    held: bool
    why: str


def interrupted(work: Path, ref: Reference, fault: str | None = None,
                kill_after: float | None = None, own_process: bool = True) -> Outcome:
    """Run the command with ``fault`` (or a kill after ``kill_after`` seconds) in a fresh
    copy, then `copkit repair`, and judge: all as before or all as after, every file readable,
    nothing left, the commit (if any) the command's own, and the next command works.
    ``own_process=False`` runs it in this process (not for a kill)."""
    name = fault or f"kill after {(kill_after or 0) * 1000:.0f} ms"
    root = fresh_cop(work / name.replace(":", "-").replace(" ", "-"), ref.args)
    start = git(root, "rev-parse", "HEAD").strip()
    extra = {"COPKIT_FAULT": fault} if fault else {}
    if own_process:
        result = copkit(root, ref.args, extra, kill_after=kill_after)
    else:
        assert not (fault or "").startswith("kill") and kill_after is None
        result = in_process(root, ref.args, extra)
    if result.returncode not in (0, 1, -signal.SIGKILL):
        return Outcome(name, result.returncode, False, f"exit {result.returncode}: "
                       f"{result.stderr}")
    if "internal error" in result.stderr or "Traceback" in result.stderr:
        return Outcome(name, result.returncode, False, result.stderr)
    from copkit.edit import store

    try:
        store.repair(root)
    except Exception as exc:
        return Outcome(name, result.returncode, False, f"repair: {exc}")
    return Outcome(name, result.returncode, *judge(root, ref, start))


def judge(root: Path, ref: Reference, start: str) -> tuple[bool, str]:
    from copkit.checks.run import check_cop
    from copkit.records.kinds import add

    now = snapshot(root)
    head = git(root, "rev-parse", "HEAD").strip()
    status = git(root, "status", "--porcelain", "--untracked-files=all").strip()
    if now == ref.before:
        if head != start:
            return False, "files as before, but a commit was made"
    elif now == ref.after:
        subject = git(root, "log", "-1", "--format=%s").strip()
        if subject != ref.subject:
            return False, f"files as after, but HEAD is {subject!r}"
    else:
        changed = sorted(k for k in set(now) | set(ref.before)
                         if now.get(k) != ref.before.get(k) and now.get(k) != ref.after.get(k))
        return False, f"neither before nor after: {changed}"
    if status:
        return False, f"git status not clean: {status}"
    bad = [f for f in check_cop(root)[1]
           if f.code in ("yaml-syntax", "interrupted-write", "leftover-temp")]
    if bad:
        return False, f"check: {bad}"
    try:
        add("member", root, {"name": "Omar Next"})
    except Exception as exc:
        return False, f"the next command failed: {exc}"
    return True, "as after" if now == ref.after else "as before"


def sample(ref: Reference, name: str) -> list[str]:
    """Three faults for CI: a kill before the journal says "apply" (rolled back), a kill after
    it (finished), and a full disk at a file write; which of each kind is drawn from the
    command's name, so that the sample differs between commands but not between runs."""
    points = ref.points
    first_apply = _index_of_apply(points)
    before = list(range(1, first_apply + 1))
    after = list(range(first_apply + 1, len(points) + 1))
    writes = points.count("write")
    pick = sum(name.encode())
    out = []
    if before:
        out.append(f"kill:{before[pick % len(before)]}")
    if after:
        out.append(f"kill:{after[pick % len(after)]}")
    if writes:
        out.append(f"enospc:{1 + pick % writes}")
    return out


def every_fault(ref: Reference) -> list[str]:
    """Every kill point, and a full disk and an I/O error at every file write."""
    writes = ref.points.count("write")
    return ([f"kill:{n}" for n in range(1, len(ref.points) + 1)]
            + [f"{kind}:{n}" for kind in ("enospc", "eio") for n in range(1, writes + 1)])


def _index_of_apply(points: list[str]) -> int:
    """How many points come before the journal's "apply" (the second journal write of the
    command's first transaction), that one included."""
    seen = 0
    for n, point in enumerate(points, 1):
        if point == "journal":
            seen += 1
            if seen == 2:
                return n
    return len(points)
