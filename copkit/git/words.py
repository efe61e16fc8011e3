"""Wording commits: each commit's changes to the records, compared with its first parent file
by file, in words. The walk goes newest commit first, the order git rebuilds a file's versions
fastest; on a first run the log is read as git writes it, and a thread plans each commit's
blobs (one ``git cat-file --batch`` streams them, in order) while the walk words the commits
before it."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from copkit.git.blobs import Blobs
from copkit.git.log import Commit, read_log, stream_log
from copkit.git.pieces import Parser
from copkit.git.reader import Reader, sorted_changes
from copkit.git.semdiff import Change, kind_of
from copkit.yaml.scalars import YamlProblem

if TYPE_CHECKING:
    from copkit.git.runner import Git

Words = dict[str, tuple[list[tuple[Any, ...]], list[str]]]


@dataclass
class WordsJob:
    """What the wording of some commits needs: the whole timeline (for the last version of a
    file that parsed), the log arguments, and whether the timeline carries every commit's
    files."""

    git: Git
    commits: list[Commit]
    log_args: list[str]
    complete: bool


def plan_blobs(commit: Commit, held: dict[str, str]) -> list[str]:
    """The blobs a backward walk reads for ``commit``, in the order it reads them: a file's
    new version is usually the old one of the change after it, which the reader still holds
    (``held``: path -> the blob the reader holds, updated here)."""
    plan: list[str] = []
    for fc in commit.files:
        if fc.new_sha and fc.new_path and kind_of(fc.new_path) and \
                held.get(fc.new_path) != fc.new_sha:
            plan.append(fc.new_sha)
            held[fc.new_path] = fc.new_sha
        if fc.old_sha and fc.old_path and kind_of(fc.old_path):
            if held.get(fc.old_path) != fc.old_sha:
                plan.append(fc.old_sha)
            held[fc.old_path] = fc.old_sha
    return plan


class Wording:
    """Words commits newest first (git stores a file's older versions as deltas against newer
    ones, so it rebuilds them several times faster in that order: the benchmark's 5,000
    commits take 1.0 s of git's time instead of 1.8 s oldest first)."""

    def __init__(self, job: WordsJob, blobs: Blobs) -> None:
        self.job = job
        self.reader = Reader(job.git, blobs, Parser(), backwards=True)
        # every blob seen at each path, so a version that does not parse can be compared
        # with the last one that did
        self.seen: dict[str, list[str]] = {}

    def last_good(self, relpath: str, sha: str | None) -> Any:
        if not self.seen:  # every version of every path, in order (only needed here)
            everything = self.job.commits
            if not self.job.complete:
                everything = read_log(self.job.git, *self.job.log_args)
                everything.reverse()
            for past in everything:
                for fc in past.files:
                    if fc.new_path and fc.new_sha:
                        self.seen.setdefault(fc.new_path, []).append(fc.new_sha)
        shas = self.seen.get(relpath, [])
        if sha not in shas:
            return None
        idx = shas.index(sha)
        for older in reversed(shas[:idx]):
            try:
                return self.reader.data(relpath, older)
            except YamlProblem:
                continue
        return None

    def words(self, commit: Commit) -> tuple[list[tuple[Any, ...]], list[str]]:
        """The changes of one commit against its first parent, file by file."""
        short = commit.sha[:10]
        problems: list[str] = []
        changes: list[Change] = []
        for fc in commit.files:
            changes.extend(self.reader.compare(
                fc, f"before {short}", f"at {short}", problems,
                old_fallback=self.last_good, fast_lists=True))
        return ([(c.kind, c.record, c.action, c.field, c.old, c.new, c.text)
                 for c in sorted_changes(changes)], problems)


def word_commits(job: WordsJob, todo: list[Commit]) -> Words:
    """Compare each commit of ``todo`` with its parent, file by file, in words."""
    walk = todo[::-1]
    held: dict[str, str] = {}
    plan = [sha for commit in walk for sha in plan_blobs(commit, held)]
    with Blobs(job.git) as blobs:
        blobs.prefetch(plan)
        wording = Wording(job, blobs)
        return {commit.sha: wording.words(commit) for commit in walk}


def streamed_words(git: Git, log_args: list[str], since: _dt.date | None
                   ) -> tuple[list[Commit], Words]:
    """Every commit (oldest first) and the words of those made on or after ``since``, with
    nothing known beforehand: git lists the commits (newest first) while they are worded,
    and a thread plans the blobs each one needs and asks git for them ahead, so listing,
    reading blobs and wording all go on at once."""
    import queue
    import threading

    commits: list[Commit] = []
    fresh: Words = {}
    ready: queue.Queue[Commit | BaseException | None] = queue.Queue()
    stop = threading.Event()
    with Blobs(git) as blobs:
        blobs.start()

        def planner() -> None:
            held: dict[str, str] = {}
            try:
                for commit in stream_log(git, *log_args):
                    if stop.is_set():
                        break
                    if since is None or commit.date.date() >= since:
                        blobs.add(plan_blobs(commit, held))
                    ready.put(commit)
            except BaseException as exc:  # given to the walk, which raises it
                ready.put(exc)
            else:
                ready.put(None)
            finally:
                blobs.finish()

        thread = threading.Thread(target=planner, daemon=True)
        thread.start()
        wording = Wording(WordsJob(git, [], log_args, False), blobs)
        try:
            while True:
                item = ready.get()
                if item is None:
                    break
                if isinstance(item, BaseException):
                    raise item
                commits.append(item)
                if since is None or item.date.date() >= since:
                    fresh[item.sha] = wording.words(item)
        finally:
            stop.set()
            blobs.finish()
            thread.join(timeout=5)
    commits.reverse()
    return commits, fresh


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused: wording a long history makes millions of small
    objects, none in a cycle, which the collector would walk again and again for nothing
    (0.05-0.1 s of 1.3 s on the benchmark's 5,000 commits)."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
