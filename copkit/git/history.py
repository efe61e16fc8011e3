"""The CoP's memory, read from git: the timeline of changes to the records in words
(:func:`history`), the changes between two points in history (:func:`semantic_diff`), the
commit of the last review, and the committed versions of the members list."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copkit.errors import UsageError
from copkit.git.blobs import Blobs
from copkit.git.cache import WordsCache
from copkit.git.log import Commit, FileChange, raw_entries, read_log
from copkit.git.pieces import Parser
from copkit.git.reader import Reader, sorted_changes
from copkit.git.runner import Git, resolve_revision
from copkit.git.semdiff import Change, kind_of, kind_rank
from copkit.git.words import Words, WordsJob, no_cycle_collection, streamed_words, word_commits
from copkit.yaml.scalars import YamlProblem

__all__ = [
    "Change", "DiffResult", "Git", "HistoryEntry", "commit_before", "describe_commit",
    "diff_revisions", "history", "history_notes", "last_review_commit", "member_versions",
    "resolve_revision", "semantic_diff",
]


# ---------------------------------------------------------------- semantic diff
@dataclass
class DiffResult:
    """The changes between two revisions, and the files that could not be read."""

    old: str | None
    new: str | None
    changes: list[Change]
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new or "working tree",
                "changes": [c.to_dict() for c in self.changes], "problems": self.problems}


def semantic_diff(root: Path, old: str | None, new: str | None = None) -> DiffResult:
    """The changes to the CoP's records from revision ``old`` (None: an empty CoP) to revision
    ``new`` (None: the working tree, including files not yet committed)."""
    git = Git(root)
    old_sha = resolve_revision(git, old) if old is not None else None
    new_sha = resolve_revision(git, new) if new is not None else None
    problems: list[str] = []
    changes: list[Change] = []
    where_old = f"at {old_sha[:10]}" if old_sha else "before"
    where_new = f"at {new_sha[:10]}" if new_sha else "in the working tree"
    with Blobs(git) as blobs:
        reader = Reader(git, blobs, Parser())
        if old_sha is None and new_sha is None:
            from copkit.model.load import record_files

            entries = [FileChange("A", None, rel, None, None) for rel, _ in record_files(root)]
        else:
            base = old_sha or git.empty_tree()
            args = ["diff", "--raw", "-z", "-M", "--no-abbrev", "--relative", "--no-ext-diff",
                    base]
            if new_sha is not None:
                args.append(new_sha)
            entries = raw_entries(git.out(*args, "--", "."))
            if new_sha is None:
                untracked = git.out("ls-files", "-z", "--others", "--exclude-standard", "--",
                                    ".")
                entries += [FileChange("A", None, p.decode("utf-8", "surrogateescape"), None,
                                        None) for p in untracked.split(b"\0") if p]
        entries.sort(key=lambda e: (_path_rank(e.new_path or e.old_path or ""),
                                    e.new_path or e.old_path or ""))
        for entry in entries:
            changes.extend(reader.compare(entry, where_old, where_new, problems,
                                          new_worktree=new_sha is None))
    return DiffResult(old_sha, new_sha, sorted_changes(changes), problems)


def _path_rank(relpath: str) -> int:
    kind = kind_of(relpath)
    return kind_rank(kind[0]) if kind else 99


def diff_revisions(root: Path, old: str | None, new: str | None = None) -> list[Change]:
    """Semantic diff of the CoP's records between two revisions (old None = an empty CoP; new
    None = the working tree). Files that do not parse are left out; see :func:`semantic_diff`
    for the list of them."""
    return semantic_diff(root, old, new).changes


def commit_before(root: Path, day: _dt.date) -> str | None:
    """The last commit made on or before ``day`` (for --since), or None when there is none."""
    git = Git(root)
    if not git.has_head:
        return None
    out = git.out("log", "-1", "--format=%H", f"--before={day.isoformat()} 23:59:59", "HEAD",
                  "--")
    sha = out.decode().strip()
    return sha or None


# ---------------------------------------------------------------- the timeline
@dataclass
class HistoryEntry:
    """One commit, with its changes to the records in words."""

    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    date: _dt.datetime
    subject: str
    changes: list[Change] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def merge(self) -> bool:
        return len(self.parents) > 1

    def to_dict(self, json_ready: bool = True) -> dict[str, Any]:
        return {"commit": self.sha, "parents": list(self.parents), "author": self.author,
                "date": self.date.isoformat(), "subject": self.subject, "merge": self.merge,
                "changes": [c.to_dict(json_ready) for c in self.changes],
                "problems": self.problems}


def _timeline(git: Git, args: list[str], known: Words, since: _dt.date | None
              ) -> tuple[list[Commit], bool]:
    """The commits oldest first, with their changed files where they will be needed. When
    most commits' words are already cached, the log is read without files (fast) and only the
    new commits' files are asked for, in one more call. The flag says whether every commit
    carries its files."""
    if not known:
        commits = read_log(git, *args)
        commits.reverse()
        return commits, True
    commits = read_log(git, *args, raw=False)
    commits.reverse()
    missing = [c for c in commits
               if c.sha not in known and (since is None or c.date.date() >= since)]
    if len(missing) > max(50, len(commits) // 10):
        commits = read_log(git, *args)
        commits.reverse()
        return commits, True
    for c in commits:
        c.set_files([])
    if missing:
        listed = read_log(git, "--no-walk=unsorted", "--stdin",
                          stdin="".join(c.sha + "\n" for c in missing).encode("ascii"))
        files = {c.sha: c.files for c in listed}
        for c in missing:
            c.set_files(files.get(c.sha, []))
    return commits, False


def _cop_path(root: Path, path: str) -> str:
    """A PATH argument as a path inside the CoP folder (posix), refusing one outside it."""
    candidate = Path(path)
    full = candidate if candidate.is_absolute() else (Path.cwd() / candidate)
    if not full.exists() and not candidate.is_absolute():
        full = root / candidate
    try:
        rel = full.resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        raise UsageError(f"{path} is not inside the CoP folder {root}",
                         "give a path like members.yaml or meetings/2026-05-10-x.yaml") \
            from None
    return rel


def history(root: Path, path: str | None = None, member: str | None = None,
            since: _dt.date | None = None, use_cache: bool = True) -> list[HistoryEntry]:
    """The timeline of changes to the CoP's records, oldest first.

    ``path`` keeps the commits that touched that file or folder (a file is followed across
    renames); ``member`` keeps the changes about that member (their record, or a meeting,
    practice or topic naming them); ``since`` keeps the commits made on or after that day.
    Merge commits are listed without changes: each change is shown once, in the commit that
    made it. ``use_cache``: read and keep the words of past commits in the repository's git
    folder (:class:`~copkit.git.cache.WordsCache`).
    """
    git = Git(root)
    if not git.has_head:
        return []
    args: list[str] = []  # oldest first is done here: git's --reverse breaks --follow
    spec = "."
    if path is not None:
        spec = _cop_path(root, path) or "."
        if spec != "." and (Path(root) / spec).is_file():
            args.append("--follow")
    # at the top of the repository with no PATH, no pathspec: git log is twice as fast
    limit = ["--", spec] if spec != "." or git.prefix else []
    cache = WordsCache(git) if path is None and use_cache else None
    known = cache.load() if cache is not None else {}
    log_args = [*args, "HEAD", *limit]
    if not known:  # every commit to word: list and word them at once
        with no_cycle_collection():
            commits, fresh = streamed_words(git, log_args, since)
    else:
        commits, complete = _timeline(git, log_args, known, since)
        todo = [c for c in commits
                if (since is None or c.date.date() >= since) and c.sha not in known]
        fresh = word_commits(WordsJob(git, commits, log_args, complete), todo)
    if cache is not None and fresh:
        cache.save({**{c.sha: known[c.sha] for c in commits if c.sha in known}, **fresh})
    return _entries(commits, known, fresh, since, member)


def _entries(commits: list[Commit], known: Words, fresh: Words, since: _dt.date | None,
             member: str | None) -> list[HistoryEntry]:
    """The commits made on or after ``since``, with their words (``known`` from the cache,
    ``fresh`` just worked out); with ``member``, only those with changes about them."""
    entries: list[HistoryEntry] = []
    for commit in commits:
        if since is not None and commit.date.date() < since:
            continue
        entry = HistoryEntry(commit.sha, commit.parents, commit.author, commit.email,
                             commit.date, commit.subject)
        words = known.get(commit.sha) or fresh.get(commit.sha)
        if words is not None:
            entry.changes = [Change(*c) for c in words[0]]
            entry.problems = list(words[1])
        if member is not None:
            entry.changes = [c for c in entry.changes if c.mentions(member)]
            if not entry.changes:
                continue
        entries.append(entry)
    return entries


def history_notes(root: Path) -> list[str]:
    """Things the reader of a history should know (a shallow clone hides older commits)."""
    git = Git(root)
    if git.has_head and git.shallow:
        return ["this is a shallow clone: the history starts at the oldest commit fetched "
                "(run `git fetch --unshallow` for all of it)"]
    return []


def last_review_commit(root: Path) -> str | None:
    """The commit that recorded the latest review (a new entry in the charter's review.log, or
    a change of review.last_reviewed); None when no commit did."""
    git = Git(root)
    if not git.has_head:
        return None
    commits = read_log(git, "--first-parent", "HEAD", "--", "charter.yaml")
    parser = Parser()
    with Blobs(git) as blobs:
        reader = Reader(git, blobs, parser)
        for commit in commits:  # newest first
            for fc in commit.files:
                if fc.new_path != "charter.yaml" or fc.new_sha is None:
                    continue
                try:
                    new = reader.data("charter.yaml", fc.new_sha)
                except YamlProblem:
                    continue
                old: Any = None
                if fc.old_sha is not None:
                    try:
                        old = reader.data("charter.yaml", fc.old_sha)
                    except YamlProblem:
                        old = None
                if _review_of(new) != _review_of(old) and _review_grew(old, new):
                    return commit.sha
    return None


def _review_of(data: Any) -> tuple[Any, int]:
    review = data.get("review") if isinstance(data, dict) else None
    if not isinstance(review, dict):
        return (None, 0)
    log = review.get("log")
    return (review.get("last_reviewed"), len(log) if isinstance(log, list) else 0)


def _review_grew(old: Any, new: Any) -> bool:
    (old_last, old_n), (new_last, new_n) = _review_of(old), _review_of(new)
    return new_n > old_n or (new_last is not None and new_last != old_last)


def member_versions(git: Git) -> list[tuple[_dt.date, str]]:
    """(commit day, blob id) of every committed version of members.yaml, oldest first."""
    out: list[tuple[_dt.date, str]] = []
    for commit in reversed(read_log(git, "--first-parent", "HEAD", "--", "members.yaml")):
        for fc in commit.files:
            if fc.new_path == "members.yaml":
                if fc.new_sha:
                    out.append((commit.date.date(), fc.new_sha))
    return out


def describe_commit(root: Path, sha: str | None) -> str:
    """A commit as people read it: short id, day and subject ("the working tree" for None)."""
    if sha is None:
        return "the working tree"
    out = Git(root).out("log", "-1", "--format=%aI%x00%s", sha, "--").decode("utf-8", "replace")
    when, _, subject = out.strip().partition("\0")
    return f"{sha[:10]} ({when[:10]}, {subject})" if when else sha[:10]
