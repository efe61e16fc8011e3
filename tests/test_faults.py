"""Fault injection: each write command killed (SIGKILL) at sampled points where a crash can
stop it, and with a full disk at a file write, must leave the CoP all as before or all as
after once `copkit repair` (which every writing command runs first) has run; every file
readable, no journal or temporary file left, the commit the command's own, the next command
working. The kills run copkit in a process of its own (the process boundary is the point);
the full disk runs it in the test's process. benchmarks/bench_faults.py runs every point of
every command, each in its own process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import faults
from tests.faults import COMMANDS, interrupted, reference, sample
from tests.forks import Forks


@pytest.fixture(autouse=True)
def forked(forks: Forks) -> Iterator[None]:
    """Each copkit run a process of its own, forked from one that imported copkit once (a
    new interpreter each time cost ~0.4 s of imports per run; the kill is the same SIGKILL)."""
    faults.FORKS = forks
    yield
    faults.FORKS = None


@pytest.mark.parametrize(("name", "args"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_interrupted_command_leaves_all_or_nothing(name: str, args: list[str],
                                                   tmp_path: Path) -> None:
    ref = reference(tmp_path, args)
    assert ref.after != ref.before  # the command changes something
    assert "journal" in ref.points and "rename" in ref.points
    faults = sample(ref, name)
    assert len(faults) == 3
    # the kills in a process of their own; the full disk (the process goes on) in this one
    verdicts = [interrupted(tmp_path, ref, fault, own_process=fault.startswith("kill"))
                for fault in faults]
    assert [(v.fault, v.why) for v in verdicts if not v.held] == []
    # the kill before the journal's "apply" rolls back, the one after finishes
    assert [v.why for v in verdicts] == ["as before", "as after", "as before"]
    assert verdicts[2].returncode == 1  # the full disk is a user error, not a crash


def test_kill_while_running_then_repair(tmp_path: Path) -> None:
    """A kill at an arbitrary moment (not at a chosen point) holds as well."""
    args = dict(COMMANDS)["member forget"]
    ref = reference(tmp_path, args)
    for ms in (150, 400):
        verdict = interrupted(tmp_path, ref, kill_after=ms / 1000)
        assert verdict.held, verdict.why


def test_twenty_writers_at_once_lose_nothing(tmp_path: Path, forks: Forks) -> None:
    """Twenty copkit processes writing to one CoP at once: each change lands, one commit
    each, every file readable, nothing left over."""
    from copkit.checks.run import check_cop
    from copkit.yaml.read import read_file
    from tests.faults import env, fresh_cop, git

    root = fresh_cop(tmp_path / "cop")
    commands = []
    for i in range(20):
        if i % 3 == 0:
            commands.append(["member", "add", f"Writer Person {i}"])
        elif i % 3 == 1:
            commands.append(["topic", "add", "--title", f"Writer topic {i}"])
        else:
            commands.append(["meeting", "new", "--date", f"2026-12-{i:02d}", "--title",
                             f"Writer meeting {i}"])
    children = [forks.start([*c, "--cop", str(root)], env()) for c in commands]
    for child in children:
        done = forks.wait(child)
        assert done.returncode == 0, done.stderr
    members = {m["id"] for m in read_file(root / "members.yaml", "members.yaml")
               .data["members"]}
    topics = {t["id"] for t in read_file(root / "learning-agenda.yaml",
                                         "learning-agenda.yaml").data["topics"]}
    assert {f"writer-person-{i}" for i in range(0, 20, 3)} <= members
    assert {f"writer-topic-{i}" for i in range(1, 20, 3)} <= topics
    assert all((root / "meetings" / f"2026-12-{i:02d}-writer-meeting-{i}.yaml").is_file()
               for i in range(2, 20, 3))
    assert git(root, "rev-list", "--count", "HEAD").strip() == "21"
    assert git(root, "status", "--porcelain", "--untracked-files=all") == ""
    assert [f for f in check_cop(root)[1] if f.severity == "error"] == []
