"""Odd git states a write command meets (issue #13): a detached HEAD, a stale index.lock,
uncommitted edits of the user's in the file the command rewrites, a record file that is a
symbolic link, and what an interrupted command left (check names it, repair ends it)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from .conftest import git
from .records_cop import small_cop

Cli = Callable[..., Result]


@pytest.fixture
def cop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-22")
    return small_cop(tmp_path)


def head(root: Path) -> str:
    return git(root, "rev-parse", "HEAD").strip()


def test_detached_head_refused_nothing_written(cop: Path, cli: Cli) -> None:
    git(cop, "checkout", "-q", "--detach")
    before = (cop / "members.yaml").read_bytes()
    sha = head(cop)
    result = cli("member", "add", "Nadia Flores", "--cop", str(cop))
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: HEAD is detached (at commit {sha[:10]}), so a commit would belong to no "
        "branch\n"
        "  hint: go back to a branch first (`git switch main`, or `git switch -c NEW-BRANCH` "
        "to keep working from here), or pass --no-commit to write the files without "
        "committing\n")
    assert (cop / "members.yaml").read_bytes() == before and head(cop) == sha
    assert git(cop, "status", "--porcelain", "--untracked-files=all") == ""
    # --no-commit writes anyway
    assert cli("member", "add", "Nadia Flores", "--no-commit", "--cop", str(cop)).exit_code == 0
    assert b"nadia-flores" in (cop / "members.yaml").read_bytes()


def test_stale_index_lock_named_with_its_fix(cop: Path, cli: Cli) -> None:
    lock = cop / ".git" / "index.lock"
    lock.write_bytes(b"")
    before = (cop / "members.yaml").read_bytes()
    result = cli("member", "add", "Nadia Flores", "--cop", str(cop))
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {lock} exists but no git process is running: a git command that was stopped "
        "left it behind\n"
        f"  hint: remove it (rm '{lock}') and run the command again\n")
    assert (cop / "members.yaml").read_bytes() == before
    lock.unlink()
    assert cli("member", "add", "Nadia Flores", "--cop", str(cop)).exit_code == 0


def test_users_uncommitted_edit_not_swept_into_copkits_commit(cop: Path, cli: Cli) -> None:
    members = cop / "members.yaml"
    edited = members.read_text(encoding="utf-8") + "# my own note, not committed\n"
    members.write_text(edited, encoding="utf-8")
    sha = head(cop)
    result = cli("member", "add", "Nadia Flores", "--cop", str(cop))
    assert result.exit_code == 1
    assert result.stderr == (
        "error: members.yaml has changes of yours that are not committed, and copkit's commit "
        "would take them in\n"
        "  hint: commit them first (git commit -- members.yaml), or run again with "
        "`copkit --include-changes ...` to commit them together, or with --no-commit\n")
    assert members.read_text(encoding="utf-8") == edited and head(cop) == sha
    # asked for, the edit goes in with copkit's change
    result = cli("--include-changes", "member", "add", "Nadia Flores", "--cop", str(cop))
    assert result.exit_code == 0, result.output
    committed = git(cop, "show", "HEAD:members.yaml")
    assert "# my own note, not committed" in committed and "nadia-flores" in committed


def test_edit_in_another_file_is_left_alone(cop: Path, cli: Cli) -> None:
    charter = cop / "charter.yaml"
    charter.write_text(charter.read_text(encoding="utf-8") + "# draft\n", encoding="utf-8")
    assert cli("member", "add", "Nadia Flores", "--cop", str(cop)).exit_code == 0
    assert git(cop, "show", "--name-only", "--format=", "HEAD").split() == ["members.yaml"]
    assert git(cop, "status", "--porcelain").splitlines() == [" M charter.yaml"]


def test_symlinked_record_file_is_written_through(cop: Path, cli: Cli) -> None:
    real = cop / "people" / "members.yaml"
    real.parent.mkdir()
    os.replace(cop / "members.yaml", real)
    os.symlink("people/members.yaml", cop / "members.yaml")
    git(cop, "add", "-A")
    git(cop, "commit", "-q", "-m", "members in a folder of their own")
    result = cli("member", "add", "Nadia Flores", "--cop", str(cop))
    assert result.exit_code == 0, result.output
    assert (cop / "members.yaml").is_symlink()
    assert os.readlink(cop / "members.yaml") == "people/members.yaml"
    assert "nadia-flores" in real.read_text(encoding="utf-8")
    assert git(cop, "status", "--porcelain", "--untracked-files=all") == ""


def test_check_names_what_an_interrupted_command_left_and_repair_ends_it(
        cop: Path, cli: Cli) -> None:
    journal = cop / ".git" / "copkit" / "journal.json"
    journal.parent.mkdir(parents=True, exist_ok=True)
    temp = cop / ".members.yaml.copkit-0123456789ab.tmp"
    temp.write_text("members: []\n", encoding="utf-8")
    journal.write_text(json.dumps({"state": "prepare", "txid": "0123456789ab"}),
                       encoding="utf-8")
    old = cop / "meetings" / ".2026-05-10-x.yaml.k3j_9a2b.tmp"  # an older copkit's temp
    old.write_text("x", encoding="utf-8")
    result = cli("check", "--cop", str(cop))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "error[interrupted-write] a copkit command was interrupted before it finished writing "
        "(its journal is still there)",
        "  hint: run `copkit repair` (any command that writes does the same first): it "
        "finishes the change or rolls it back, and says which"]
    assert [line.split(": ")[0] for line in lines if "leftover-temp" in line] == [
        f"{cop}/.members.yaml.copkit-0123456789ab.tmp",
        f"{cop}/meetings/.2026-05-10-x.yaml.k3j_9a2b.tmp"]
    result = cli("repair", "--cop", str(cop))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "copkit rolled back an interrupted command: its unfinished files were removed "
        "(.members.yaml.copkit-0123456789ab.tmp); the records are as they were before it",
        "removed meetings/.2026-05-10-x.yaml.k3j_9a2b.tmp, a temporary file copkit left "
        "while saving"]
    assert not journal.exists() and not temp.exists() and not old.exists()
    assert cli("repair", "--cop", str(cop)).stdout == (
        "nothing to repair: no interrupted copkit command left anything behind\n")


def test_a_write_command_finishes_a_journal_first_and_says_so(cop: Path) -> None:
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "COPKIT_FAULT"}
    killed = subprocess.run(
        [sys.executable, "-m", "copkit", "member", "add", "Nadia Flores", "--cop", str(cop)],
        env={**env, "COPKIT_FAULT": "kill:5"}, capture_output=True, text=True)
    assert killed.returncode == -9
    assert git(cop, "log", "-1", "--format=%s").strip() != "copkit: add member nadia-flores"
    after = subprocess.run(
        [sys.executable, "-m", "copkit", "member", "add", "Omar Next", "--cop", str(cop)],
        env=env, capture_output=True, text=True)
    assert after.returncode == 0, after.stderr
    assert git(cop, "log", "-2", "--format=%s").splitlines() == [
        "copkit: add member omar-next", "copkit: add member nadia-flores"]
    sha = git(cop, "rev-parse", "HEAD~1").strip()
    assert after.stderr == (
        "note: copkit finished an interrupted command ('copkit: add member nadia-flores'): "
        f"members.yaml written, committed as {sha[:10]}\n")
    assert git(cop, "log", "-1", "--format=%b", "HEAD~1").strip() == (
        "members.yaml: member nadia-flores added\n"
        "(completed by copkit after the command was interrupted)")
