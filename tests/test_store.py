"""The writer: byte-identical round trips, in-place edits that keep comments, atomic writes,
a lock between processes."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copkit.cli.init import init_cop
from copkit.edit.store import cop_lock, edit, write_text
from copkit.errors import ConflictError, RecordError
from copkit.yaml.read import parse

from .conftest import EXAMPLES


def all_yaml_files() -> list[Path]:
    return sorted(EXAMPLES.rglob("*.yaml")) if EXAMPLES.is_dir() else []


@pytest.mark.parametrize("path", all_yaml_files(), ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_unedited_round_trip_is_byte_identical(path: Path) -> None:
    doc = edit(path)
    assert doc.dumps() == path.read_text(encoding="utf-8")


def test_scaffold_round_trips_and_edits_keep_comments(tmp_path: Path) -> None:
    init_cop(tmp_path / "c", name="X", commit=False)
    charter = tmp_path / "c" / "charter.yaml"
    original = charter.read_text(encoding="utf-8")
    doc = edit(charter)
    assert doc.dumps() == original
    doc.data["ways_of_working"]["meeting_frequency"] = "monthly"
    doc.data["ways_of_working"]["channels"].append("email")
    assert doc.save() is True
    text = charter.read_text(encoding="utf-8")
    assert "# How often will members meet?" in text
    assert "meeting_frequency: monthly" in text
    assert "  channels:\n    - email\n" in text
    changed = [ln for ln in text.splitlines() if ln not in original.splitlines()]
    assert changed == ["  channels:", "    - email", "  meeting_frequency: monthly"]


def test_save_refuses_when_file_changed_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("members: []\n", encoding="utf-8")
    doc = edit(path)
    doc.data["members"].append({"id": "a", "name": "A"})
    path.write_text("members: []  # someone else\n", encoding="utf-8")
    with pytest.raises(ConflictError):
        doc.save()
    assert path.read_text(encoding="utf-8") == "members: []  # someone else\n"


def test_write_text_exclusive_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    write_text(path, "one: 1\n", exclusive=True)
    with pytest.raises(RecordError):
        write_text(path, "two: 2\n", exclusive=True)
    assert path.read_text(encoding="utf-8") == "one: 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]  # no temp file left behind


def test_write_text_is_atomic_on_failure(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("safe: true\n", encoding="utf-8")

    class Boom(str):
        def encode(self, *args: object, **kwargs: object) -> bytes:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_text(path, Boom("x"))
    assert path.read_text(encoding="utf-8") == "safe: true\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


def test_lock_excludes_a_second_writer(tmp_path: Path) -> None:
    entered = threading.Event()
    release = threading.Event()

    def holder() -> None:
        with cop_lock(tmp_path):
            entered.set()
            release.wait(5)

    thread = threading.Thread(target=holder)
    thread.start()
    entered.wait(5)
    try:
        with pytest.raises(ConflictError) as info, cop_lock(tmp_path, timeout=0.2):
            pass
        assert "another copkit command" in info.value.message
    finally:
        release.set()
        thread.join()
    with cop_lock(tmp_path, timeout=0.2):
        pass



def test_new_files_follow_the_umask_and_old_ones_keep_their_mode(tmp_path: Path) -> None:
    """Records and reports are shared files: a new one is 0644 under the usual umask (the
    temporary file behind the atomic write is 0600), an existing one keeps its own mode."""
    import os

    old = os.umask(0o022)
    try:
        fresh = tmp_path / "report.md"
        write_text(fresh, "# Report\n")
        assert fresh.stat().st_mode & 0o777 == 0o644
        private = tmp_path / "private.yaml"
        private.write_text("a: 1\n", encoding="utf-8")
        private.chmod(0o600)
        write_text(private, "a: 2\n")
        assert private.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old)


def test_the_lock_lives_in_the_git_folder(tmp_path: Path) -> None:
    """In a repository the lock never shows in `git status` (a copied example had an
    untracked .copkit/ after the first record command); outside git it is .copkit/lock."""
    import subprocess

    repo = tmp_path / "cop"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    with cop_lock(repo):
        pass
    assert (repo / ".git" / "copkit" / "lock").is_file()
    assert not (repo / ".copkit").exists()
    status = subprocess.run(["git", "-C", str(repo), "status", "--porcelain"], check=True,
                            capture_output=True, text=True).stdout
    assert status == ""
    loose = tmp_path / "loose"
    loose.mkdir()
    with cop_lock(loose):
        pass
    assert (loose / ".copkit" / "lock").is_file()


TRICKY = st.sampled_from(["NO", "yes", "010", "+51 984 000 000", "+51984", "#hash", "a: b",
                          "- dash", "José Ñúñez", "@at", "=SUM(A1)", "", " lead", "trail ",
                          "null", "~", "2026-02-30", "line\nbreak", "tab\there", "'q'", '"dq"',
                          "{x}", "[y]", "*star", "&amp", "!bang", "%pct", "`tick`"])


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=TRICKY | st.text(max_size=30))
def test_any_text_written_reads_back_the_same(tmp_path: Path, value: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("# keep me\nmembers:\n  - id: a  # the id\n    name: A\n", encoding="utf-8")
    doc = edit(path)
    doc.data["members"][0]["name"] = value
    doc.save()
    text = path.read_text(encoding="utf-8")
    assert "# keep me" in text and "# the id" in text
    assert parse(text).data["members"][0]["name"] == value


@pytest.mark.parametrize("spelling", ["null", "~", ""])
def test_an_edit_keeps_the_files_spelling_of_empty_values(tmp_path: Path, spelling: str) -> None:
    path = tmp_path / "members.yaml"
    after = f" {spelling}" if spelling else ""
    path.write_text(f"members:\n  - id: ana\n    left:{after}\n  - id: bo\n    left:{after}\n",
                    encoding="utf-8")
    doc = edit(path)
    doc.data["members"][1]["name"] = "Bo"
    doc.data["members"].append({"id": "cy", "left": None})
    assert doc.save()
    text = path.read_text(encoding="utf-8")
    assert text.count(f"left:{after}\n") == 3
    assert "null" not in text or spelling == "null"
