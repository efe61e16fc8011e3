"""history: the words of a cold run, where git lists the commits while they are worded (the
streamed walk), are the words of the walk over a complete timeline, and the streamed log
reader gives what the one-call reader gives."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from copkit import history as h

from .conftest import git


def _commit_edits(repo: Path) -> None:
    members = repo / "members.yaml"
    text = members.read_text(encoding="utf-8")
    for n in range(6):
        text = text.replace("preferred_channel: whatsapp", "preferred_channel: email", 1)
        text += (f"  - id: extra-{n}\n    name: Extra Person {n}\n    joined: 2026-0{n + 1}-02\n")
        members.write_text(text, encoding="utf-8")
        git(repo, "commit", "-q", "-am", f"edit {n}")
    meeting = next((repo / "meetings").glob("*.yaml"))
    git(repo, "mv", str(meeting), str(meeting.with_name("2026-01-01-renamed.yaml")))
    git(repo, "commit", "-q", "-m", "rename a meeting")


def _words(entries: list[h.HistoryEntry]) -> list[tuple[str, list[str], list[str]]]:
    return [(e.sha, [c.text for c in e.changes], e.problems) for e in entries]


def test_streamed_walk_words_as_the_complete_timeline(example_cop: Callable[..., Path]) -> None:
    repo = example_cop("led-units")
    _commit_edits(repo)
    streamed = h.history(repo, use_cache=False)
    g = h.Git(repo)
    commits, complete = h._timeline(g, ["HEAD"], {}, None)
    assert complete
    walked = h._words(h._WordsJob(g, commits, ["HEAD"], True), commits)
    assert [e.sha for e in streamed] == [c.sha for c in commits]
    assert len(streamed) == 8
    for entry in streamed:
        assert [c.text for c in entry.changes] == [w[6] for w in walked[entry.sha][0]]
    assert any("extra-5 joined" in c.text for c in streamed[-2].changes)
    assert any("renamed to 2026-01-01-renamed" in c.text for c in streamed[-1].changes)
    # --since words only the later commits, and lists only them
    day = streamed[-1].date.date()
    assert _words(h.history(repo, since=day, use_cache=False)) == \
        [w for w, e in zip(_words(streamed), streamed, strict=True) if e.date.date() >= day]


def test_log_stream_reads_what_one_call_reads(example_cop: Callable[..., Path]) -> None:
    repo = example_cop("led-units")
    _commit_edits(repo)
    g = h.Git(repo)

    def shape(commits: list[h._Commit]) -> list[tuple[object, ...]]:
        return [(c.sha, c.parents, c.author, c.email, c.date, c.subject,
                 [(f.status, f.old_path, f.new_path, f.old_sha, f.new_sha) for f in c.files])
                for c in commits]

    whole = shape(h._log(g, "HEAD"))
    assert shape(list(h._log_stream(g, "HEAD"))) == whole
    # git's output cut anywhere (inside a header, a path, between two NULs) reads the same
    real_read = os.read
    for size in (1, 2, 7, 61, 4096):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(h.os, "read", lambda fd, n, size=size: real_read(fd, min(n, size)))
            assert shape(list(h._log_stream(g, "HEAD"))) == whole, size


def test_an_unknown_path_in_a_cold_run_is_no_history(example_cop: Callable[..., Path]) -> None:
    repo = example_cop("led-units")
    assert h.history(repo, path="meetings/none.yaml", use_cache=False) == []
    assert h.history(repo, since=dt.date(2999, 1, 1), use_cache=False) == []


def _forks(mp: pytest.MonkeyPatch) -> list[int]:
    """Every process forked by history, counted (the real os.fork still runs)."""
    forked: list[int] = []
    real_fork = os.fork

    def counted() -> int:
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    mp.setattr(h.os, "fork", counted)
    return forked


def test_a_long_cold_history_is_worded_by_two_processes_alike(
        example_cop: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    repo = example_cop("led-units")
    _commit_edits(repo)
    alone = h.history(repo, use_cache=False, jobs=1)
    monkeypatch.setattr(h, "SPLIT_MIN_COMMITS", 1)
    forked = _forks(monkeypatch)
    assert h.history(repo, use_cache=False, jobs=1) and not forked  # one job: no fork
    for share in (1, 50, 99):
        monkeypatch.setattr(h, "SPLIT_SHARE", share)
        split = h.history(repo, use_cache=False, jobs=2)
        assert _words(split) == _words(alone), share
        assert [(e.author, e.date, e.subject, e.parents) for e in split] == \
            [(e.author, e.date, e.subject, e.parents) for e in alone]
    assert len(forked) == 3
    # a folder's history (a pathspec, no --follow) is split the same way
    meetings = h.history(repo, path="meetings", use_cache=False, jobs=1)
    assert _words(h.history(repo, path="meetings", use_cache=False, jobs=2)) == _words(meetings)
    assert len(forked) == 4
    # a file followed across renames, and --since, are worded by one process
    h.history(repo, path="members.yaml", use_cache=False, jobs=2)
    h.history(repo, since=alone[2].date.date(), use_cache=False, jobs=2)
    assert len(forked) == 4


@pytest.mark.parametrize("how", ["raises", "dies"])
def test_a_failing_second_process_leaves_the_words_whole(
        example_cop: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    repo = example_cop("led-units")
    _commit_edits(repo)
    alone = _words(h.history(repo, use_cache=False, jobs=1))
    monkeypatch.setattr(h, "SPLIT_MIN_COMMITS", 1)
    forked = _forks(monkeypatch)
    first = os.getpid()
    real = h._streamed_words

    def failing(git: h.Git, log_args: list[str], since: dt.date | None,
                window: tuple[str, ...] = ()) -> tuple[list[h._Commit], h.Words]:
        if os.getpid() != first:  # the second process
            if how == "dies":
                os._exit(3)
            raise RuntimeError("the second process failed")
        return real(git, log_args, since, window)

    monkeypatch.setattr(h, "_streamed_words", failing)
    assert _words(h.history(repo, use_cache=False, jobs=2)) == alone
    assert len(forked) == 1


@pytest.mark.parametrize(("cores", "forks"), [(1, 0), (2, 1), (4, 1)])
def test_a_second_process_only_with_cores_to_spare(
        example_cop: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, cores: int,
        forks: int) -> None:
    repo = example_cop("led-units")
    _commit_edits(repo)
    monkeypatch.setattr(h, "SPLIT_MIN_COMMITS", 1)
    monkeypatch.setattr(h, "_cores", lambda: cores)
    forked = _forks(monkeypatch)
    assert len(h.history(repo, use_cache=False)) == 8
    assert len(forked) == forks
