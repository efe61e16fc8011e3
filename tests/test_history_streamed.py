"""history: the words of a cold run, where git lists the commits while they are worded (the
streamed walk), are the words of the walk over a complete timeline, and the streamed log
reader gives what the one-call reader gives."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from copkit.git import log
from copkit.git.history import HistoryEntry, history
from copkit.git.log import Commit, read_log, stream_log
from copkit.git.runner import Git
from copkit.git.words import WordsJob, word_commits

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


def _words(entries: list[HistoryEntry]) -> list[tuple[str, list[str], list[str]]]:
    return [(e.sha, [c.text for c in e.changes], e.problems) for e in entries]


def test_streamed_walk_words_as_the_complete_timeline(example_cop: Callable[..., Path]) -> None:
    repo = example_cop("led-units")
    _commit_edits(repo)
    streamed = history(repo, use_cache=False)
    g = Git(repo)
    commits = read_log(g, "HEAD")[::-1]  # the complete timeline, oldest first
    walked = word_commits(WordsJob(g, commits, ["HEAD"], True), commits)
    assert [e.sha for e in streamed] == [c.sha for c in commits]
    assert len(streamed) == 8
    for entry in streamed:
        assert [c.text for c in entry.changes] == [w[6] for w in walked[entry.sha][0]]
    assert any("extra-5 joined" in c.text for c in streamed[-2].changes)
    assert any("renamed to 2026-01-01-renamed" in c.text for c in streamed[-1].changes)
    # --since words only the later commits, and lists only them
    day = streamed[-1].date.date()
    assert _words(history(repo, since=day, use_cache=False)) == \
        [w for w, e in zip(_words(streamed), streamed, strict=True) if e.date.date() >= day]


def test_log_stream_reads_what_one_call_reads(example_cop: Callable[..., Path]) -> None:
    repo = example_cop("led-units")
    _commit_edits(repo)
    g = Git(repo)

    def shape(commits: list[Commit]) -> list[tuple[object, ...]]:
        return [(c.sha, c.parents, c.author, c.email, c.date, c.subject,
                 [(f.status, f.old_path, f.new_path, f.old_sha, f.new_sha) for f in c.files])
                for c in commits]

    whole = shape(read_log(g, "HEAD"))
    assert shape(list(stream_log(g, "HEAD"))) == whole
    # git's output cut anywhere (inside a header, a path, between two NULs) reads the same
    real_read = os.read
    for size in (1, 2, 7, 61, 4096):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(log.os, "read", lambda fd, n, size=size: real_read(fd, min(n, size)))
            assert shape(list(stream_log(g, "HEAD"))) == whole, size


def test_an_unknown_path_in_a_cold_run_is_no_history(example_cop: Callable[..., Path]) -> None:
    repo = example_cop("led-units")
    assert history(repo, path="meetings/none.yaml", use_cache=False) == []
    assert history(repo, since=dt.date(2999, 1, 1), use_cache=False) == []
