"""Reading ``git log``: the commits, with the files each one changed (the blob ids before and
after, renames found), from ONE ``git log --raw -z`` call; never one call per file, which is a
hundred times slower on a real history. :func:`stream_log` gives each commit as soon as git
has written it, so a walk can start while git still lists older commits."""

from __future__ import annotations

import datetime as _dt
import os
import re
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from copkit.errors import GitError

if TYPE_CHECKING:
    from copkit.git.runner import Git

ZERO_SHA = re.compile(r"^0+$")
_SEP = "\x01"


@dataclass(frozen=True)
class FileChange:
    """One file a commit (or a diff) changed: its path and blob id before and after (None
    where it did not exist)."""

    status: str          # A, D, M, R (T counts as M)
    old_path: str | None
    new_path: str | None
    old_sha: str | None
    new_sha: str | None  # None with a path: read the working tree


def _parse_raw(tokens: Sequence[bytes], start: int) -> tuple[FileChange | None, int]:
    """One ``--raw -z`` entry starting at ``tokens[start]``; returns it and the next index."""
    meta = tokens[start].lstrip(b"\n").decode("ascii", "replace")
    parts = meta[1:].split()
    status = parts[4] if len(parts) > 4 else "M"
    letter = status[:1]
    path1 = tokens[start + 1].decode("utf-8", "surrogateescape")
    nxt = start + 2
    path2 = None
    if letter in ("R", "C"):
        path2 = tokens[start + 2].decode("utf-8", "surrogateescape")
        nxt = start + 3
    old_sha = None if ZERO_SHA.match(parts[2]) else parts[2]
    new_sha = None if ZERO_SHA.match(parts[3]) else parts[3]
    if letter == "A":
        return FileChange("A", None, path1, None, new_sha), nxt
    if letter == "D":
        return FileChange("D", path1, None, old_sha, None), nxt
    if letter == "R":
        return FileChange("R", path1, path2, old_sha, new_sha), nxt
    if letter == "C":
        return FileChange("A", None, path2, None, new_sha), nxt
    return FileChange("M", path1, path1, old_sha, new_sha), nxt


def raw_entries(out: bytes) -> list[FileChange]:
    """The files of a ``git diff --raw -z`` output."""
    tokens = out.split(b"\0")
    entries: list[FileChange] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i].lstrip(b"\n")
        if tok.startswith(b":"):
            entry, i = _parse_raw(tokens, i)
            if entry is not None:
                entries.append(entry)
        else:
            i += 1
    return entries


class Commit:
    """A commit from the log; its changed files are decoded when first asked for (a commit
    whose words are cached never needs them)."""

    __slots__ = ("_files", "_span", "_tokens", "author", "date", "email", "parents", "sha",
                 "subject")

    def __init__(self, sha: str, parents: tuple[str, ...], author: str, email: str,
                 date: _dt.datetime, subject: str, tokens: list[bytes], start: int,
                 end: int | None = None) -> None:
        self.sha, self.parents, self.author, self.email = sha, parents, author, email
        self.date, self.subject = date, subject
        self._tokens = tokens
        self._span = (start, start if end is None else end)
        self._files: list[FileChange] | None = None

    @property
    def files(self) -> list[FileChange]:
        if self._files is None:
            out: list[FileChange] = []
            i, end = self._span
            while i < end:
                if self._tokens[i].lstrip(b"\n").startswith(b":"):
                    entry, i = _parse_raw(self._tokens, i)
                    if entry is not None:
                        out.append(entry)
                else:
                    i += 1
            self._files = out
        return self._files

    def set_files(self, files: list[FileChange]) -> None:
        """Give the commit its changed files, read by another call (or none: not needed)."""
        self._files = files


LOG_FORMAT = f"--format={_SEP}%H%x00%P%x00%an%x00%ae%x00%aI%x00%s"
# the files each commit changed, with the blob ids before and after, renames found
RAW = ("--raw", "-M", "--no-abbrev", "--relative", "--no-ext-diff")


_Head = tuple[str, tuple[str, ...], str, str, _dt.datetime, str]


def _header(tokens: Sequence[bytes], i: int) -> _Head:
    """sha, parents, author, email, date and subject of the commit whose header starts at
    ``tokens[i]``."""
    sha = tokens[i].lstrip(b"\n")[1:].decode("ascii", "replace")
    parents = tuple(tokens[i + 1].decode().split())
    try:
        when = _dt.datetime.fromisoformat(tokens[i + 4].decode())
    except ValueError:
        when = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
    return (sha, parents, tokens[i + 2].decode("utf-8", "replace"),
            tokens[i + 3].decode("utf-8", "replace"), when,
            tokens[i + 5].decode("utf-8", "replace"))


def read_log(git: Git, *args: str, raw: bool = True, stdin: bytes | None = None
             ) -> list[Commit]:
    """Commits with their changed files, from ONE ``git log --raw`` call (``raw=False``:
    without the files, which is several times faster)."""
    diff = RAW if raw else ()
    out = git.run("log", "-z", *diff, LOG_FORMAT, *args, stdin=stdin)[1]
    tokens = out.split(b"\0")
    commits: list[Commit] = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i].lstrip(b"\n")
        if tok.startswith(_SEP.encode()) and i + 5 < n:
            if commits:
                commits[-1]._span = (commits[-1]._span[0], i)
            commits.append(Commit(*_header(tokens, i), tokens, i + 6))
            i += 6
        elif tok.startswith(b":"):
            # skip the entry: its paths are decoded later, if ever (a rename has two)
            i += 3 if tok.rsplit(b" ", 1)[-1][:1] in (b"R", b"C") else 2
        else:
            i += 1
    if commits:
        commits[-1]._span = (commits[-1]._span[0], n)
    return commits


def stream_log(git: Git, *args: str) -> Iterator[Commit]:
    """The commits of ONE ``git log --raw`` call, newest first, each given as soon as git has
    written it (the walk starts while git is still listing older commits)."""
    proc = git.popen("log", "-z", *RAW, LOG_FORMAT, *args, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    sep = _SEP.encode()
    tokens: list[bytes] = []
    head: _Head | None = None
    files: list[bytes] = []
    rest = b""
    try:
        while True:
            chunk = os.read(fd, 1 << 18)
            if chunk:
                tokens = (rest + chunk).split(b"\0")
                rest = tokens.pop()
            else:  # the end: what is left is whole tokens
                tokens = rest.split(b"\0") if rest else []
                rest = b""
            i, n = 0, len(tokens)
            while i < n:
                tok = tokens[i]
                if tok.lstrip(b"\n").startswith(sep):
                    if i + 5 >= n:
                        if chunk:  # the rest of the header comes with the next chunk
                            rest = b"\0".join(tokens[i:]) + b"\0" + rest
                            break
                        i += 1
                        continue
                    if head is not None:
                        yield Commit(*head, files, 0, len(files))
                    head = _header(tokens, i)
                    files = []
                    i += 6
                else:
                    files.append(tok)
                    i += 1
            if not chunk:
                break
        if head is not None:
            yield Commit(*head, files, 0, len(files))
        err = proc.stderr.read() if proc.stderr is not None else b""
        if proc.wait() != 0:
            detail = err.decode("utf-8", "replace").strip().splitlines()
            raise GitError(f"git log failed: {detail[-1] if detail else proc.returncode}",
                           "check `git status` in the CoP folder")
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdout.close()
        if proc.stderr is not None:
            proc.stderr.close()
        proc.wait()
