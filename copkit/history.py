"""The CoP's memory, read from git: a timeline of changes in words, a semantic diff between two
points in history, and quarterly trends for the report's charts.

How git is read, and why:

* the whole timeline comes from ONE ``git log --raw -M -z`` call (the list of files each commit
  changed, with the blob ids before and after, renames found); never one call per file, which is
  a hundred times slower on a real history;
* the walk goes newest commit first, the order git rebuilds a file's versions fastest (it
  keeps older versions as deltas against newer ones); on a first run the log is read as git
  writes it, and a thread plans each commit's blobs while the walk words the ones before; a
  long history's first run is cut in two at a pinned commit, the older part worded by a
  forked second process with its own git processes, on a machine with two cores or more;
* the blobs a walk needs are streamed, in order, by one ``git cat-file --batch`` process
  (no round trip per blob); a file's version is held, since it is the other side of the
  next change the walk meets;
* a change to a file is compared only where the two versions differ: their common start and
  end are found by comparing blocks of bytes, and only the list items (a member, an attendee,
  a survey answer) or the top-level keys in between are parsed, each distinct piece of text
  once; files are parsed whole when that does not apply (a new file, a reshaped one). The
  benchmark's ``--verify`` checks that both ways give the same words. Pieces in the simple
  shapes copkit writes are read by :mod:`copkit.fastyaml`, the rest by yamlread;
* records are compared as data (:mod:`copkit.semdiff`), never as lines;
* the words of each commit are cached in ``.git/copkit/`` (a commit never changes), so later
  runs read the log without files and only work out new commits;
* a revision typed by the user is validated and resolved with ``rev-parse --verify
  --end-of-options``; it never reaches git as an option.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import os
import re
import subprocess
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from copkit.errors import GitError, NotACopError, UsageError
from copkit.semdiff import Change, compare_file, kind_of, kind_rank
from copkit.yamlread import MAX_FILE_BYTES, YamlProblem, decode, load_data

if TYPE_CHECKING:
    from copkit.repo import Cop
    from copkit.schemas import Member

__all__ = [
    "Change", "DiffResult", "HistoryEntry", "Quarter", "Trends", "commit_before",
    "diff_revisions", "history", "last_review_commit", "resolve_revision", "semantic_diff",
    "trends",
]

ZERO_SHA = re.compile(r"^0+$")
_REV_OK = re.compile(r"^[A-Za-z0-9_./@{}^~:+-]+$")
_SEP = "\x01"


# ---------------------------------------------------------------- running git
class Git:
    """git run in the CoP folder (``git -C root``), with errors turned into GitError."""

    def __init__(self, root: Path) -> None:
        root = Path(root)
        if not root.is_dir():
            raise NotACopError(f"{root} is not a folder", "give the CoP folder with --cop DIR")
        self.root = root
        self._shallow: bool | None = None
        self._head: str | None = None  # HEAD's commit id; "" when there is none
        try:
            out = self.run("rev-parse", "--is-inside-work-tree", "--show-prefix",
                           "--absolute-git-dir", check=False)
        except FileNotFoundError:
            raise GitError("git is not installed or cannot be run",
                           "install git (https://git-scm.com/downloads) and try again") from None
        lines = out[1].split(b"\n")
        if out[0] != 0 or lines[0].strip() != b"true":
            raise GitError(
                f"{root} is not in a git repository, so it has no history",
                "copkit keeps the CoP's history in git: run `git init` and `git add -A && "
                "git commit -m start` in the CoP folder (copkit init does this for a new CoP)")
        # the CoP folder's path inside the repository ("" at its top)
        self.prefix = lines[1].decode("utf-8", "surrogateescape").strip() if len(lines) > 1 \
            else ""
        self.git_dir = Path(lines[2].decode("utf-8", "surrogateescape").strip()) \
            if len(lines) > 2 and lines[2].strip() else None

    def argv(self, *args: str) -> list[str]:
        """The command line of ``git args`` run in the CoP folder (pathspecs taken literally)."""
        return ["git", "--literal-pathspecs", "-C", str(self.root), *args]

    @staticmethod
    def env() -> dict[str, str]:
        """git's environment: never a prompt for credentials, messages in English."""
        return dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C")

    def popen(self, *args: str, stdin: int | None = None, stderr: int = subprocess.DEVNULL,
              bufsize: int = -1) -> subprocess.Popen[bytes]:
        """``git args`` started with its output on a pipe, for a caller that reads it as it
        comes."""
        return subprocess.Popen(self.argv(*args), stdin=stdin, stdout=subprocess.PIPE,
                                stderr=stderr, env=self.env(), bufsize=bufsize)

    def run(self, *args: str, check: bool = True, stdin: bytes | None = None
            ) -> tuple[int, bytes, bytes]:
        proc = subprocess.run(self.argv(*args), input=stdin, capture_output=True,
                              env=self.env())
        if check and proc.returncode != 0:
            detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise GitError(f"git {args[0]} failed: {detail[-1] if detail else proc.returncode}",
                           "check `git status` in the CoP folder")
        return proc.returncode, proc.stdout, proc.stderr

    def out(self, *args: str) -> bytes:
        return self.run(*args)[1]

    @property
    def shallow(self) -> bool:
        if self._shallow is None:
            self._shallow = self.out("rev-parse", "--is-shallow-repository").strip() == b"true"
        return self._shallow

    @property
    def head(self) -> str | None:
        """The id of the commit HEAD named when first asked; None before the first commit."""
        if self._head is None:
            code, out, _ = self.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}",
                                    check=False)
            self._head = out.decode("ascii", "replace").strip() if code == 0 else ""
        return self._head or None

    @property
    def has_head(self) -> bool:
        return self.head is not None

    def empty_tree(self) -> str:
        return self.out("hash-object", "-t", "tree", "--stdin").decode().strip()


def resolve_revision(git: Git, rev: str) -> str:
    """The commit id a revision names; a clear error when it names none. The text is checked
    first and passed after ``--end-of-options``, so it can never act as an option."""
    text = rev.strip()
    if not text or text.startswith("-") or not _REV_OK.match(text) or ".." in text:
        raise GitError(f"'{rev}' is not a revision copkit understands",
                       "give a commit id (like 3f2a9c1), a branch or tag name, or HEAD~3; "
                       "or use --since DATE")
    if not git.has_head:
        raise GitError("the repository has no commits yet, so there is no history to compare",
                       "commit the CoP first: git add -A && git commit -m start")
    code, out, _ = git.run("rev-parse", "--verify", "--quiet", "--end-of-options",
                           f"{text}^{{commit}}", check=False)
    if code != 0:
        hint = "see the commits with `copkit history` or `git log --oneline`"
        if git.shallow:
            hint = ("this is a shallow clone, so older commits are missing: run "
                    "`git fetch --unshallow` to get the whole history")
        raise GitError(f"unknown revision '{rev}': no commit has that name", hint)
    return out.decode().strip()


# ---------------------------------------------------------------- reading blobs
class Blobs:
    """``git cat-file --batch`` processes reading blobs by id.

    :meth:`prefetch` gives the ids a walk will ask for, in order: a second process is fed them
    all at once by a thread, so their contents stream without a round trip per blob; any other
    id is read on demand from the first process."""

    def __init__(self, git: Git) -> None:
        self.git = git
        self._proc: subprocess.Popen[bytes] | None = None
        self._stream: subprocess.Popen[bytes] | None = None
        self._planned: dict[str, int] = {}
        self._ahead: dict[str, bytes | None] = {}
        self._order: list[str] = []
        self._next = 0
        self._writer: Any = None

    def _spawn(self) -> subprocess.Popen[bytes]:
        return self.git.popen("cat-file", "--batch", stdin=subprocess.PIPE, bufsize=1 << 16)

    def start(self) -> None:
        """Begin a plan that grows while the walk goes on (:meth:`add`, then :meth:`finish`),
        for a walk that starts before git has listed every commit."""
        self._stream = self._spawn()
        self._widen(self._stream)

    def add(self, shas: Iterable[str]) -> None:
        """Ask the streaming process for more blobs, in the order they will be read (from the
        thread that plans the walk; a blob already asked for is not asked again)."""
        stream = self._stream
        if stream is None or stream.stdin is None:
            return
        lines = []
        for sha in shas:
            if sha not in self._planned:
                self._planned[sha] = len(self._order)
                self._order.append(sha)
                lines.append(sha + "\n")
        if lines:
            try:
                stream.stdin.write("".join(lines).encode("ascii"))
                stream.stdin.flush()
            except (OSError, ValueError):  # the walk stopped early; nothing more to send
                pass

    def finish(self) -> None:
        """The plan is complete: git may end the stream once it has written every blob."""
        stream = self._stream
        if stream is not None and stream.stdin is not None and not stream.stdin.closed:
            try:
                stream.stdin.close()
            except OSError:
                pass

    @staticmethod
    def _widen(proc: subprocess.Popen[bytes]) -> None:
        try:  # a larger pipe moves big blobs with fewer switches between the two processes
            import fcntl

            fcntl.fcntl(proc.stdout.fileno(),  # type: ignore[union-attr]
                        getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
        except (ImportError, OSError, AttributeError):
            pass

    def prefetch(self, shas: Iterable[str]) -> None:
        import threading

        order = list(dict.fromkeys(s for s in shas if s))
        if not order:
            return
        self._order = order
        self._planned = {sha: i for i, sha in enumerate(order)}
        self._stream = self._spawn()
        self._widen(self._stream)
        stdin: IO[bytes] = self._stream.stdin  # type: ignore[assignment]
        payload = "".join(sha + "\n" for sha in order).encode("ascii")

        def feed() -> None:
            try:
                stdin.write(payload)
                stdin.close()
            except OSError:  # the reader stopped early; nothing more to send
                pass

        self._writer = threading.Thread(target=feed, daemon=True)
        self._writer.start()

    @staticmethod
    def _answer(stdout: IO[bytes]) -> bytes | None:
        header = stdout.readline().split()
        if len(header) != 3:
            return None
        size = int(header[2])
        data = stdout.read(size)
        stdout.read(1)
        return data

    def read(self, sha: str) -> bytes | None:
        if sha in self._ahead:
            return self._ahead.pop(sha)
        index = self._planned.get(sha)
        if index is not None and index >= self._next and self._stream is not None:
            stdout: IO[bytes] = self._stream.stdout  # type: ignore[assignment]
            while self._next <= index:
                got = self._order[self._next]
                self._next += 1
                data = self._answer(stdout)
                if got == sha:
                    return data
                self._ahead[got] = data
        if self._proc is None:
            self._proc = self._spawn()
        stdin: IO[bytes] = self._proc.stdin  # type: ignore[assignment]
        stdin.write(sha.encode("ascii") + b"\n")
        stdin.flush()
        return self._answer(self._proc.stdout)  # type: ignore[arg-type]

    def close(self) -> None:
        for name in ("_proc", "_stream"):
            proc = getattr(self, name)
            if proc is None:
                continue
            setattr(self, name, None)
            try:
                if proc.stdin and not proc.stdin.closed and (name == "_proc"
                                                             or self._writer is None):
                    proc.stdin.close()
                if proc.stdout:
                    proc.stdout.close()
                proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                proc.kill()
                proc.wait()
        if self._writer is not None:
            self._writer.join(timeout=5)
            self._writer = None

    def __enter__(self) -> Blobs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ---------------------------------------------------------------- parsing, with caches
_LIST_KINDS = frozenset(("members", "learning-agenda", "activities"))
PIECES_MIN_BYTES = 16 * 1024
_SEGMENT_START = re.compile(rb"\n(?=[A-Za-z_])")
_SEQ_KEY = re.compile(rb"([A-Za-z_][A-Za-z0-9_-]*):[ \t]*(?:#[^\n]*)?\r?")
_QUIET = re.compile(rb"(?:[ \t]*(?:#[^\n]*)?\r?(?:\n|\Z))*")
_FIRST = re.compile(rb"^( *)([^ \t\r\n#])", re.M)


class _Fallback(Exception):
    pass


@dataclass(frozen=True)
class Segment:
    """One top-level key of a file, as text: a block list cut into its items, or the whole
    segment (a scalar or a mapping) as one piece."""

    key: bytes
    indent: bytes | None          # the items' indentation; None: not a block list
    items: tuple[bytes, ...]      # each item's text after "<indent>- "; or the whole segment
    unique: frozenset[bytes]


def _key_starts(raw: bytes) -> list[int] | None:
    """Where each top-level key of a file starts (a line starting with a letter or _); None
    when the file does not end with a line end or has more than comments before its first
    key."""
    if not raw.endswith(b"\n"):
        return None
    starts = [m.start() + 1 for m in _SEGMENT_START.finditer(raw)]
    if raw[:1].isalpha() or raw[:1] == b"_":
        starts.insert(0, 0)
    elif not starts or not _QUIET.fullmatch(raw, 0, starts[0]):
        return None
    return starts


def split_segments(raw: bytes) -> list[Segment] | None:
    """A record file cut at its top-level keys, and each block list cut into its items, with
    C-speed splits only (no loop over lines). None when the file does not start like a mapping.
    A cut may still be wrong (a key-like line inside a quoted text, say): :class:`Parser`
    refuses any piece that does not parse as exactly one item or one key, and then parses the
    whole file instead, so the result is always what :func:`copkit.yamlread.parse` gives."""
    starts = _key_starts(raw)
    if starts is None:
        return None
    out: list[Segment] = []
    bounds = [*starts, len(raw)]
    for i in range(len(starts)):
        seg = raw[bounds[i]:bounds[i + 1]]
        eol = seg.find(b"\n")
        head = seg if eol < 0 else seg[:eol]
        match = _SEQ_KEY.fullmatch(head)
        if match is not None and eol >= 0:
            body = seg[eol:]
            first = _FIRST.search(body)
            if first is not None and first.group(2) == b"-" and \
                    body[first.end(2):first.end(2) + 1] in (b" ", b"\n", b"\r"):
                indent = first.group(1)
                pieces = body.split(b"\n" + indent + b"- ")
                if _QUIET.fullmatch(pieces[0]):
                    # every piece without its last line end, which the parse gives back (so a
                    # "|" text keeps its newline, and an item reads the same in any place)
                    pieces[-1] = pieces[-1][:-1]
                    items = tuple(pieces[1:])
                    unique = frozenset(items)
                    if len(unique) == len(items):
                        out.append(Segment(match.group(1), indent, items, unique))
                        continue
        key = head.split(b":", 1)[0]
        out.append(Segment(key, None, (seg,), frozenset((seg,))))
    return out


class Parser:
    """Parses record files: each distinct file text once, and a large file piece by piece,
    each distinct piece (a member, a survey response...) once."""

    def __init__(self) -> None:
        self.by_sha: dict[str, Any] = {}
        self.pieces: dict[tuple[bytes | None, bytes], Any] = {}

    def parse_blob(self, sha: str, raw: bytes | None, relpath: str) -> Any:
        """The data of a blob; raises YamlProblem (cached too) when it does not parse."""
        hit = self.by_sha.get(sha)
        if hit is None:
            try:
                if raw is None:
                    raise YamlProblem("unreadable", "the file cannot be read from git")
                hit = ("ok", self.parse_bytes(raw, relpath))
            except YamlProblem as problem:
                hit = ("problem", problem)
            self.by_sha[sha] = hit
        if hit[0] == "problem":
            raise hit[1]
        return hit[1]

    def parse_bytes(self, raw: bytes, relpath: str, segments: list[Segment] | None = None
                    ) -> Any:
        if len(raw) > MAX_FILE_BYTES:
            raise YamlProblem("file-too-large",
                              f"the file is {len(raw) / 1e6:.1f} MB, over copkit's limit")
        if len(raw) >= PIECES_MIN_BYTES and not raw.startswith(b"\xef\xbb\xbf"):
            try:
                return self.from_segments(segments or split_segments(raw), relpath)
            except _Fallback:
                pass
        return load_data(decode(raw), relpath)

    def from_segments(self, segments: list[Segment] | None, relpath: str) -> dict[str, Any]:
        if not segments:
            raise _Fallback
        data: dict[str, Any] = {}
        for seg in segments:
            if seg.indent is None:
                value = self.piece(None, seg.items[0], relpath)
                ((key, val),) = value.items()
            else:
                key = seg.key.decode("ascii")
                val = [self.piece(seg.indent, p, relpath) for p in seg.items] or None
            if key in data:
                raise _Fallback
            data[key] = val
        return data

    def mapping(self, text: bytes, relpath: str) -> dict[str, Any]:
        """Some consecutive top-level keys of a file, parsed; _Fallback when they are not a
        mapping on their own (a cut inside a quoted text, say)."""
        try:
            data = load_data(text.decode("utf-8"), relpath)
        except (YamlProblem, UnicodeDecodeError):
            raise _Fallback from None
        if not isinstance(data, dict):
            raise _Fallback
        return data

    def piece(self, indent: bytes | None, piece: bytes, relpath: str) -> Any:
        """The data of one piece cut by :func:`split_segments`: a list item (``indent`` given)
        or a one-key mapping; _Fallback when the text is not exactly that."""
        key = (indent, piece)
        hit = self.pieces.get(key)
        if hit is None:
            text = piece if indent is None else indent + b"- " + piece + b"\n"
            try:
                data = load_data(text.decode("utf-8"), relpath)
            except (YamlProblem, UnicodeDecodeError):
                raise _Fallback from None
            if indent is None:
                if not isinstance(data, dict) or len(data) != 1:
                    raise _Fallback
                hit = (data,)
            else:
                if not isinstance(data, list) or len(data) != 1:
                    raise _Fallback
                hit = (data[0],)
            self.pieces[key] = hit
        return hit[0]


def _problem_text(relpath: str, problem: YamlProblem, where: str) -> str:
    pos = f":{problem.line}:{problem.column}" if problem.line else ""
    return f"{relpath}{pos}: {problem.message} ({where}); its changes there are not shown"


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


@dataclass(frozen=True)
class _FileChange:
    status: str          # A, D, M, R (T counts as M)
    old_path: str | None
    new_path: str | None
    old_sha: str | None
    new_sha: str | None  # None with a path: read the working tree


def _parse_raw(tokens: Sequence[bytes], start: int) -> tuple[_FileChange | None, int]:
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
        return _FileChange("A", None, path1, None, new_sha), nxt
    if letter == "D":
        return _FileChange("D", path1, None, old_sha, None), nxt
    if letter == "R":
        return _FileChange("R", path1, path2, old_sha, new_sha), nxt
    if letter == "C":
        return _FileChange("A", None, path2, None, new_sha), nxt
    return _FileChange("M", path1, path1, old_sha, new_sha), nxt


def _raw_entries(out: bytes) -> list[_FileChange]:
    tokens = out.split(b"\0")
    entries: list[_FileChange] = []
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


@dataclass(frozen=True)
class Layout:
    """Where a file's top-level keys start, and the indentation of each one's list items
    (None for a key that does not hold a block list)."""

    starts: tuple[int, ...]
    keys: tuple[bytes, ...]
    indents: tuple[bytes | None, ...]


def layout_of(raw: bytes) -> Layout | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        return None
    starts = _key_starts(raw)
    if starts is None:
        return None
    keys: list[bytes] = []
    indents: list[bytes | None] = []
    bounds = [*starts, len(raw)]
    for i in range(len(starts)):
        eol = raw.find(b"\n", bounds[i], bounds[i + 1])
        head = raw[bounds[i]:eol]
        match = _SEQ_KEY.fullmatch(head)
        indent = None
        if match is not None:
            first = _FIRST.search(raw, eol, bounds[i + 1])
            if first is not None and first.group(2) == b"-" and \
                    raw[first.end(2):first.end(2) + 1] == b" ":
                indent = first.group(1)
        keys.append(head.split(b":", 1)[0])
        indents.append(indent)
    return Layout(tuple(starts), tuple(keys), tuple(indents))


_BLOCK = 4096


def common_ends(old: bytes, new: bytes) -> tuple[int, int]:
    """The lengths of the longest common start of two byte strings and of their longest
    common end that does not overlap it, found by comparing blocks that double in size (a
    one-line change in the middle of a 450 KB file takes a few dozen comparisons), then
    halving."""
    n = min(len(old), len(new))
    p, size = 0, _BLOCK
    while p + size <= n and old[p:p + size] == new[p:p + size]:
        p += size
        size *= 2
    lo, hi = p, min(p + size, n)
    while lo < hi:  # old[:lo] == new[:lo]; the answer is at most hi
        mid = (lo + hi + 1) // 2
        if old[lo:mid] == new[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    p = lo
    room = n - p  # the common end may not reach into the common start
    lo_old, lo_new = len(old), len(new)
    s, size = 0, _BLOCK
    while s + size <= room and \
            old[lo_old - s - size:lo_old - s] == new[lo_new - s - size:lo_new - s]:
        s += size
        size *= 2
    lo, hi = s, min(s + size, room)
    while lo < hi:  # the last lo bytes are equal; the answer is at most hi
        mid = (lo + hi + 1) // 2
        if old[lo_old - mid:lo_old - lo] == new[lo_new - mid:lo_new - lo]:
            lo = mid
        else:
            hi = mid - 1
    return p, lo


def _region_changes(parser: Parser, kind: str, relpath: str, old: bytes, new: bytes,
                    layout: Layout, ids: tuple[str | None, str | None] = (None, None),
                    swap: bool = False) -> tuple[list[Change], Layout | None] | None:
    """The changes between two versions of a file that differ inside one top-level key:
    only what lies between their common start and end is cut, parsed and compared (the items
    of a block list there, or else that key's text). None when the difference is not of
    that shape (the caller then compares the files another way). ``layout`` is the first
    version's; the layout returned, the second's.

    With ``swap``, ``old`` is the later version and ``new`` the earlier (a walk going back in
    time holds the later one's layout): the cut is the same, and the changes are still worded
    from the earlier version to the later."""
    p, s = common_ends(old, new)
    if p == len(old) == len(new):
        return [], layout
    old_end, new_end = len(old) - s, len(new) - s
    starts = layout.starts
    # the segment holding the byte before the first difference: text inserted right before a
    # key (an item appended to the list above it) belongs to the segment it follows; a new
    # top-level key there is caught by the check of the changed bytes below
    i = bisect.bisect_right(starts, max(p - 1, 0)) - 1
    if i < 0:
        return None
    seg_start = starts[i]
    seg_end = starts[i + 1] if i + 1 < len(starts) else len(old)
    delta = len(new) - len(old)
    indent = layout.indents[i]
    # one key's change: the difference ends inside segment i and adds no top-level key (only
    # the changed bytes can hold a new one: the rest is the same as in the old version)
    one_key = old_end <= seg_end and \
        not _SEGMENT_START.search(new, max(seg_start, p - 1), min(new_end + 1, seg_end + delta))
    sep = b"\n" + indent + b"- " if indent is not None else b""
    a = old.rfind(sep, seg_start, p) if indent is not None and one_key else -1

    def whole_keys() -> tuple[list[Change], Layout | None]:
        # the top-level keys the difference spans: parse both versions of just those
        j = max(i, bisect.bisect_right(starts, max(old_end - 1, p)) - 1)
        end = starts[j + 1] if j + 1 < len(starts) else len(old)
        before_keys = parser.mapping(old[seg_start:end], relpath)
        after_keys = parser.mapping(new[seg_start:end + delta], relpath)
        if swap:
            before_keys, after_keys = after_keys, before_keys
        return compare_file(kind, before_keys, after_keys, *ids), None

    if a < 0:
        if kind in _LIST_KINDS:
            return None
        return whole_keys()
    moved = Layout((*starts[:i + 1], *(x + delta for x in starts[i + 1:])), layout.keys,
                   layout.indents)
    assert indent is not None
    b_old = old.find(sep, old_end, seg_end)
    b_old = seg_end if b_old < 0 else b_old
    b_new = new.find(sep, new_end, seg_end + delta)
    b_new = seg_end + delta if b_new < 0 else b_new
    if b_new - b_old != delta:
        return None
    old_pieces = old[a:b_old].split(sep)[1:]
    new_pieces = new[a:b_new].split(sep)[1:]
    if b_old == seg_end:
        if not old_pieces or not new_pieces:
            return None
        old_pieces[-1] = old_pieces[-1][:-1]
        new_pieces[-1] = new_pieces[-1][:-1]
    # the items only one side has, counting repeats (two identical survey answers are two)
    old_count, new_count = Counter(old_pieces), Counter(new_pieces)
    gone, come = old_count - new_count, new_count - old_count
    if not gone and not come and old_pieces != new_pieces and kind not in _LIST_KINDS:
        return None  # only the order changed: a record's list says "reordered"
    key = layout.keys[i].decode("ascii", "replace")
    before = {key: [parser.piece(indent, x, relpath) for x in _take(old_pieces, gone)]}
    after = {key: [parser.piece(indent, x, relpath) for x in _take(new_pieces, come)]}
    if kind not in _LIST_KINDS and any(isinstance(v, dict) for v in (*before[key], *after[key])):
        # a record's list of mappings (adoptions, actions) is worded by a key only when that
        # key is unique in the whole list, which the changed items alone cannot tell: compare
        # all its items (each distinct item text is parsed once in the whole history)
        old_all = _items_of(old, seg_start, seg_end, sep)
        new_all = _items_of(new, seg_start, seg_end + delta, sep)
        if old_all is None or new_all is None:
            return whole_keys()
        before = {key: [parser.piece(indent, x, relpath) for x in old_all]}
        after = {key: [parser.piece(indent, x, relpath) for x in new_all]}
    if swap:
        before, after = after, before
    return compare_file(kind, before, after, *ids), moved


def _items_of(raw: bytes, start: int, end: int, sep: bytes) -> list[bytes] | None:
    """The texts of the items of the block list held by the top-level key at
    ``raw[start:end]``, cut as :func:`split_segments` cuts them; None when the key's line
    is not followed by items alone."""
    eol = raw.find(b"\n", start, end)
    if eol < 0:
        return None
    pieces = raw[eol:end].split(sep)
    if len(pieces) < 2 or not _QUIET.fullmatch(pieces[0]):
        return None
    pieces[-1] = pieces[-1][:-1]
    return pieces[1:]


def _take(pieces: list[bytes], wanted: Counter[bytes]) -> list[bytes]:
    """The pieces counted in ``wanted``, in their order."""
    out = []
    for piece in pieces:
        if wanted[piece] > 0:
            wanted[piece] -= 1
            out.append(piece)
    return out


class _Reader:
    """Reads and compares versions of record files."""

    def __init__(self, git: Git, blobs: Blobs, parser: Parser, backwards: bool = False) -> None:
        self.git = git
        self.blobs = blobs
        self.parser = parser
        # the walk goes from the newest commit to the oldest: each change's new version is
        # held (it was the old one of the change after it), its old version is read
        self.backwards = backwards
        self._segments: dict[str, list[Segment] | None] = {}
        self._raws: dict[str, bytes | None] = {}
        # the last version of each path read from git: a file's new version is its next
        # change's old one, or its old version the previous change's new one when the walk
        # goes backwards (see _words(): the blobs it asks git for ahead assume this)
        self.last: dict[str, tuple[str, bytes | None]] = {}
        self._layouts: dict[str, tuple[str, Layout | None]] = {}  # path -> its last layout

    def raw(self, sha: str, path: str) -> bytes | None:
        """A blob's bytes."""
        last = self.last.get(path)
        if last is not None and last[0] == sha:
            return last[1]
        if sha in self._raws:  # a version kept aside: the held one stays held
            return self._raws[sha]
        data = self.blobs.read(sha)
        if last is not None:  # the version it replaces may still be asked for whole
            if len(self._raws) >= 8:
                self._raws.pop(next(iter(self._raws)))
            self._raws[last[0]] = last[1]
        self.last[path] = (sha, data)
        return data

    def segments(self, sha: str, path: str) -> list[Segment] | None:
        """A file's top-level keys and list items as text (the last few versions are kept)."""
        if sha in self._segments:
            return self._segments[sha]
        raw = self.raw(sha, path)
        found = split_segments(raw) if raw is not None and len(raw) <= MAX_FILE_BYTES \
            and not raw.startswith(b"\xef\xbb\xbf") else None
        if len(self._segments) >= 8:
            self._segments.pop(next(iter(self._segments)))
        self._segments[sha] = found
        return found

    def list_changes(self, kind: str, relpath: str, old_sha: str, new_sha: str,
                     ids: tuple[str | None, str | None] = (None, None)) -> list[Change] | None:
        """The changes between two versions of a list file, parsing only the items whose text
        differs; None when the fast ways do not apply (the caller parses both whole).

        First way: the bytes both versions share at their start and end are found by
        comparing blocks, and only the items between are cut and compared. Second way: both
        files are cut into all their items and the sets of item texts are compared."""
        # the version the walk holds first (its layout too), then the one it reads
        first_sha, second_sha = (new_sha, old_sha) if self.backwards else (old_sha, new_sha)
        first = self.raw(first_sha, relpath)
        second = self.raw(second_sha, relpath)
        if first is None or second is None:
            return None
        held = self._layouts.get(relpath)
        layout = held[1] if held is not None and held[0] == first_sha else layout_of(first)
        if layout is not None and second.endswith(b"\n"):
            try:
                found = _region_changes(self.parser, kind, relpath, first, second, layout,
                                        ids, swap=self.backwards)
            except _Fallback:
                found = None
            if found is not None:
                changes, second_layout = found
                if second_layout is not None:
                    self._layouts[relpath] = (second_sha, second_layout)
                return changes
        if kind not in _LIST_KINDS:
            return None
        return self._set_changes(kind, relpath, old_sha, new_sha)

    def _set_changes(self, kind: str, relpath: str, old_sha: str, new_sha: str
                     ) -> list[Change] | None:
        old = self.segments(old_sha, relpath)
        new = self.segments(new_sha, relpath) if old is not None else None
        if old is None or new is None:
            return None
        before: dict[str, list[Any]] = {}
        after: dict[str, list[Any]] = {}
        old_by = {seg.key: seg for seg in old}
        new_by = {seg.key: seg for seg in new}
        if len(old_by) != len(old) or len(new_by) != len(new):
            return None
        try:
            for name in dict.fromkeys([*old_by, *new_by]):
                o, n = old_by.get(name), new_by.get(name)
                if o is not None and n is not None and o.items == n.items and \
                        o.indent == n.indent:
                    continue
                if (o is not None and o.indent is None) or (n is not None and n.indent is None):
                    return None  # not a block list on one side: compare the whole files
                key = name.decode("ascii")
                o_set = o.unique if o is not None else frozenset()
                n_set = n.unique if n is not None else frozenset()
                if o is not None and n is not None and o.indent != n.indent:
                    return None
                if o is not None and o.unique - n_set:
                    gone = o.unique - n_set
                    before[key] = [self.parser.piece(o.indent, p, relpath) for p in o.items
                                   if p in gone]
                if n is not None and n.unique - o_set:
                    come = n.unique - o_set
                    after[key] = [self.parser.piece(n.indent, p, relpath) for p in n.items
                                  if p in come]
        except _Fallback:
            return None
        return compare_file(kind, before, after)

    def data(self, relpath: str, sha: str | None, worktree: bool = False) -> Any:
        if worktree:
            path = self.git.root / relpath
            try:
                raw = path.read_bytes()
            except OSError as exc:
                raise YamlProblem("unreadable", f"cannot read the file: {exc.strerror}") \
                    from None
            return self.parser.parse_bytes(raw, relpath)
        if sha is None:
            return None
        if sha in self.parser.by_sha:
            return self.parser.parse_blob(sha, None, relpath)
        return self.parser.parse_blob(sha, self.raw(sha, relpath), relpath)

    def compare(self, fc: _FileChange, where_old: str, where_new: str, problems: list[str],
                new_worktree: bool = False, old_fallback: Any = None,
                fast_lists: bool = False) -> list[Change]:
        old_kind = kind_of(fc.old_path) if fc.old_path else None
        new_kind = kind_of(fc.new_path) if fc.new_path else None
        if old_kind is None and new_kind is None:
            return []
        if old_kind and new_kind and old_kind[0] != new_kind[0]:
            # moved to another kind of folder: a removal and an addition
            removed = self.compare(_FileChange("D", fc.old_path, None, fc.old_sha, None),
                                   where_old, where_new, problems)
            added = self.compare(_FileChange("A", None, fc.new_path, None, fc.new_sha),
                                 where_old, where_new, problems, new_worktree)
            return removed + added
        kind = (new_kind or old_kind)[0]  # type: ignore[index]
        if fast_lists and fc.status == "M" and fc.old_sha and fc.new_sha \
                and fc.old_path == fc.new_path:
            ident = new_kind[1] if new_kind else None
            quick = self.list_changes(kind, fc.new_path or "", fc.old_sha, fc.new_sha,
                                      (ident, ident))
            if quick is not None:
                return quick
        old_data: Any = None
        new_data: Any = None
        if self.backwards and new_kind is not None and fc.new_path and fc.new_sha:
            self.raw(fc.new_sha, fc.new_path)  # read in the walk's order: the old one is held
        if old_kind is not None and fc.old_path is not None:
            try:
                old_data = self.data(fc.old_path, fc.old_sha)
            except YamlProblem as problem:
                if old_fallback is None:
                    problems.append(_problem_text(fc.old_path, problem, where_old))
                    return []
                old_data = old_fallback(fc.old_path, fc.old_sha)
                if old_data is None:
                    problems.append(_problem_text(fc.old_path, problem, where_old))
                    return []
        if new_kind is not None and fc.new_path is not None:
            try:
                new_data = self.data(fc.new_path, fc.new_sha,
                                     worktree=new_worktree and fc.new_sha is None)
            except YamlProblem as problem:
                problems.append(_problem_text(fc.new_path, problem, where_new))
                return []
        old_id = old_kind[1] if old_kind else None
        new_id = new_kind[1] if new_kind else None
        if old_kind is None:  # e.g. meetings/x.yml renamed to meetings/x.yaml: new to copkit
            old_data = None
        return compare_file(kind, old_data, new_data, old_id, new_id)


def _sorted(changes: Iterable[Change]) -> list[Change]:
    return sorted(changes, key=lambda c: kind_rank(c.kind))


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
        reader = _Reader(git, blobs, Parser())
        if old_sha is None and new_sha is None:
            from copkit.repo import record_files

            entries = [_FileChange("A", None, rel, None, None) for rel, _ in record_files(root)]
        else:
            base = old_sha or git.empty_tree()
            args = ["diff", "--raw", "-z", "-M", "--no-abbrev", "--relative", "--no-ext-diff",
                    base]
            if new_sha is not None:
                args.append(new_sha)
            entries = _raw_entries(git.out(*args, "--", "."))
            if new_sha is None:
                untracked = git.out("ls-files", "-z", "--others", "--exclude-standard", "--",
                                    ".")
                entries += [_FileChange("A", None, p.decode("utf-8", "surrogateescape"), None,
                                        None) for p in untracked.split(b"\0") if p]
        entries.sort(key=lambda e: (_path_rank(e.new_path or e.old_path or ""),
                                    e.new_path or e.old_path or ""))
        for entry in entries:
            changes.extend(reader.compare(entry, where_old, where_new, problems,
                                          new_worktree=new_sha is None))
    return DiffResult(old_sha, new_sha, _sorted(changes), problems)


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


class _Commit:
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
        self._files: list[_FileChange] | None = None

    @property
    def files(self) -> list[_FileChange]:
        if self._files is None:
            out: list[_FileChange] = []
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


_LOG_FORMAT = f"--format={_SEP}%H%x00%P%x00%an%x00%ae%x00%aI%x00%s"
# the files each commit changed, with the blob ids before and after, renames found
_RAW = ("--raw", "-M", "--no-abbrev", "--relative", "--no-ext-diff")


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


def _log(git: Git, *args: str, raw: bool = True, stdin: bytes | None = None
         ) -> list[_Commit]:
    """Commits with their changed files, from ONE ``git log --raw`` call (``raw=False``:
    without the files, which is several times faster)."""
    diff = _RAW if raw else ()
    out = git.run("log", "-z", *diff, _LOG_FORMAT, *args, stdin=stdin)[1]
    tokens = out.split(b"\0")
    commits: list[_Commit] = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i].lstrip(b"\n")
        if tok.startswith(_SEP.encode()) and i + 5 < n:
            if commits:
                commits[-1]._span = (commits[-1]._span[0], i)
            commits.append(_Commit(*_header(tokens, i), tokens, i + 6))
            i += 6
        elif tok.startswith(b":"):
            # skip the entry: its paths are decoded later, if ever (a rename has two)
            i += 3 if tok.rsplit(b" ", 1)[-1][:1] in (b"R", b"C") else 2
        else:
            i += 1
    if commits:
        commits[-1]._span = (commits[-1]._span[0], n)
    return commits


def _log_stream(git: Git, *args: str) -> Iterator[_Commit]:
    """The commits of ONE ``git log --raw`` call, newest first, each given as soon as git has
    written it (the walk starts while git is still listing older commits)."""
    proc = git.popen("log", "-z", *_RAW, _LOG_FORMAT, *args, stderr=subprocess.PIPE)
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
                        yield _Commit(*head, files, 0, len(files))
                    head = _header(tokens, i)
                    files = []
                    i += 6
                else:
                    files.append(tok)
                    i += 1
            if not chunk:
                break
        if head is not None:
            yield _Commit(*head, files, 0, len(files))
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


def _timeline(git: Git, args: list[str], known: dict[str, Any], since: _dt.date | None
              ) -> tuple[list[_Commit], bool]:
    """The commits oldest first, with their changed files where they will be needed. When
    most commits' words are already cached, the log is read without files (fast) and only the
    new commits' files are asked for, in one more call. The flag says whether every commit
    carries its files."""
    if not known:
        commits = _log(git, *args)
        commits.reverse()
        return commits, True
    commits = _log(git, *args, raw=False)
    commits.reverse()
    missing = [c for c in commits
               if c.sha not in known and (since is None or c.date.date() >= since)]
    if len(missing) > max(50, len(commits) // 10):
        commits = _log(git, *args)
        commits.reverse()
        return commits, True
    for c in commits:
        c._files = []
    if missing:
        listed = _log(git, "--no-walk=unsorted", "--stdin",
                      stdin="".join(c.sha + "\n" for c in missing).encode("ascii"))
        files = {c.sha: c.files for c in listed}
        for c in missing:
            c._files = files.get(c.sha, [])
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
            since: _dt.date | None = None, use_cache: bool = True,
            jobs: int | None = None) -> list[HistoryEntry]:
    """The timeline of changes to the CoP's records, oldest first.

    ``path`` keeps the commits that touched that file or folder (a file is followed across
    renames); ``member`` keeps the changes about that member (their record, or a meeting,
    practice or topic naming them); ``since`` keeps the commits made on or after that day.
    Merge commits are listed without changes: each change is shown once, in the commit that
    made it. ``jobs``: how many processes may word the commits when nothing is cached (None:
    two for a long history on a machine with ``SPLIT_MIN_CORES`` cores or more, else one).
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
    cache = _HistoryCache(git) if path is None and use_cache else None
    known = cache.load() if cache is not None else {}
    log_args = [*args, "HEAD", *limit]
    if not known:  # every commit to word: list and word them at once
        with _no_cycle_collection():
            commits, fresh = _cold_words(git, log_args, since, jobs)
    else:
        commits, complete = _timeline(git, log_args, known, since)
        todo = [c for c in commits
                if (since is None or c.date.date() >= since) and c.sha not in known]
        fresh = _words(_WordsJob(git, commits, log_args, complete), todo)
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
    if cache is not None and fresh:
        cache.save({**{c.sha: known[c.sha] for c in commits if c.sha in known}, **fresh})
    return entries


Words = dict[str, tuple[list[tuple[Any, ...]], list[str]]]


@dataclass
class _WordsJob:
    """What the wording of some commits needs: the whole timeline (for the last version of a
    file that parsed), the log arguments, and whether the timeline carries every commit's
    files."""

    git: Git
    commits: list[_Commit]
    log_args: list[str]
    complete: bool


def _plan(commit: _Commit, held: dict[str, str]) -> list[str]:
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


class _Wording:
    """Words commits newest first (git stores a file's older versions as deltas against newer
    ones, so it rebuilds them several times faster in that order: the benchmark's 5,000
    commits take 1.0 s of git's time instead of 1.8 s oldest first)."""

    def __init__(self, job: _WordsJob, blobs: Blobs) -> None:
        self.job = job
        self.reader = _Reader(job.git, blobs, Parser(), backwards=True)
        # every blob seen at each path, so a version that does not parse can be compared
        # with the last one that did
        self.seen: dict[str, list[str]] = {}

    def last_good(self, relpath: str, sha: str | None) -> Any:
        if not self.seen:  # every version of every path, in order (only needed here)
            everything = self.job.commits
            if not self.job.complete:
                everything = _log(self.job.git, *self.job.log_args)
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

    def words(self, commit: _Commit) -> tuple[list[tuple[Any, ...]], list[str]]:
        """The changes of one commit against its first parent, file by file."""
        short = commit.sha[:10]
        problems: list[str] = []
        changes: list[Change] = []
        for fc in commit.files:
            changes.extend(self.reader.compare(
                fc, f"before {short}", f"at {short}", problems,
                old_fallback=self.last_good, fast_lists=True))
        return ([(c.kind, c.record, c.action, c.field, c.old, c.new, c.text)
                 for c in _sorted(changes)], problems)


def _words(job: _WordsJob, todo: list[_Commit]) -> Words:
    """Compare each commit of ``todo`` with its parent, file by file, in words."""
    walk = todo[::-1]
    held: dict[str, str] = {}
    plan = [sha for commit in walk for sha in _plan(commit, held)]
    with Blobs(job.git) as blobs:
        blobs.prefetch(plan)
        wording = _Wording(job, blobs)
        return {commit.sha: wording.words(commit) for commit in walk}


def _streamed_words(git: Git, log_args: list[str], since: _dt.date | None,
                    window: Sequence[str] = ()) -> tuple[list[_Commit], Words]:
    """Every commit (oldest first) and the words of those made on or after ``since``, with
    nothing known beforehand: git lists the commits (newest first) while they are worded,
    and a thread plans the blobs each one needs and asks git for them ahead, so listing,
    reading blobs and wording all go on at once. ``window``: git log options that list only
    some of the commits (``--max-count=N``, ``--skip=N``)."""
    import queue
    import threading

    commits: list[_Commit] = []
    fresh: Words = {}
    ready: queue.Queue[_Commit | BaseException | None] = queue.Queue()
    stop = threading.Event()
    with Blobs(git) as blobs:
        blobs.start()

        def planner() -> None:
            held: dict[str, str] = {}
            try:
                for commit in _log_stream(git, *window, *log_args):
                    if stop.is_set():
                        break
                    if since is None or commit.date.date() >= since:
                        blobs.add(_plan(commit, held))
                    ready.put(commit)
            except BaseException as exc:  # given to the walk, which raises it
                ready.put(exc)
            else:
                ready.put(None)
            finally:
                blobs.finish()

        thread = threading.Thread(target=planner, daemon=True)
        thread.start()
        wording = _Wording(_WordsJob(git, [], log_args, False), blobs)
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


SPLIT_MIN_COMMITS = 400  # below this, a second process costs more than it saves
# the percentage of the commits, the newest, worded by the first process: the newest are
# the heaviest (the files have grown), so 45% takes about as long as the older 55%
SPLIT_SHARE = 45
# the benchmark's 5,000 commits on two cores: 1.49-1.63 s in one process, 1.25-1.32 s split,
# in a repository packed by git gc (git rebuilds the file versions with 0.1 s of CPU, so the
# wording is all the work); 1.83 s against 1.75 s in fast-import's pack, where git needs
# 0.8 s of CPU and one process already keeps both cores busy
SPLIT_MIN_CORES = 2


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
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


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _cold_words(git: Git, log_args: list[str], since: _dt.date | None, jobs: int | None
                ) -> tuple[list[_Commit], Words]:
    """Every commit (oldest first) and the words of those to show, when none is cached: a
    long history is cut in two, the older part worded by a second process (see
    :func:`_forked_words`), the rest as :func:`_streamed_words` does it."""
    if jobs is None:
        jobs = 2 if _cores() >= SPLIT_MIN_CORES else 1
    if jobs > 1 and since is None:
        split = _forked_words(git, log_args)
        if split is not None:
            return split
    return _streamed_words(git, log_args, since)


def _forked_words(git: Git, log_args: list[str]) -> tuple[list[_Commit], Words] | None:
    """The words of every commit, worded by two processes at once: this one words the newest
    commits (``git log --max-count``) while a forked copy of it words the older ones
    (``--skip``), each with its own git processes, and sends them back through a pipe. The
    two lists meet exactly because both name the same commit, not HEAD (which a commit made
    meanwhile would move). None when this cannot be done here (no fork, a thread running,
    a short history, a renamed file followed); if the second process fails, this one words
    its part too, so the words are always those one process gives."""
    import pickle
    import threading

    if not hasattr(os, "fork") or threading.active_count() != 1 or "--follow" in log_args \
            or "HEAD" not in log_args:
        return None
    tip = git.head
    if tip is None or not re.fullmatch(r"[0-9a-f]{40,64}", tip):
        return None
    pinned = [tip if arg == "HEAD" else arg for arg in log_args]
    try:
        total = int(git.out("rev-list", "--count", *pinned).strip() or b"0")
    except (GitError, ValueError):
        return None
    if total < SPLIT_MIN_COMMITS:
        return None
    newest = max(1, total * SPLIT_SHARE // 100)
    older = (f"--skip={newest}",)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the second process: word the older commits, send them, and end; when
        code = 1  # it fails it sends nothing, and the first process words them instead
        try:
            os.close(read_end)
            commits, fresh = _streamed_words(git, pinned, None, older)
            with os.fdopen(write_end, "wb") as out:
                pickle.dump(([(c.sha, c.parents, c.author, c.email, c.date, c.subject)
                              for c in commits], fresh), out,
                            protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)  # no exit handlers, no flushing of the first process's buffers
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as pipe:
            commits, fresh = _streamed_words(git, pinned, None, (f"--max-count={newest}",))
            try:
                payload: Any = pickle.load(pipe)
            except Exception:  # the second process failed or died: nothing came
                payload = None
    except BaseException:
        import signal

        try:
            os.kill(pid, signal.SIGTERM)
        except OSError:
            pass
        raise
    finally:
        os.waitpid(pid, 0)
    if payload is not None:
        before = [_Commit(sha, parents, author, email, date, subject, [], 0)
                  for sha, parents, author, email, date, subject in payload[0]]
        fresh_before: Words = payload[1]
    else:
        before, fresh_before = _streamed_words(git, pinned, None, older)
    if len(before) + len(commits) != total:  # not two halves of one list: word it whole
        return _streamed_words(git, log_args, None)
    return before + commits, {**fresh_before, **fresh}


class _HistoryCache:
    """The changes of each commit (tuples of Change's fields), kept in the repository's git
    folder (``.git/copkit/``): a commit never changes, so its words are computed once and later runs
    of ``copkit history`` only work out the new commits. The file is tied to copkit's version
    and to the code that words the changes; any problem reading or writing it just means the
    words are computed again. (It is a pickle: it lives beside git's hooks, which run code
    anyway, and a clone never copies it.) ``COPKIT_HISTORY_CACHE=0`` turns it off."""

    def __init__(self, git: Git) -> None:
        self.path: Path | None = None
        if git.git_dir is None or os.environ.get("COPKIT_HISTORY_CACHE", "1") == "0":
            return
        import hashlib

        from copkit import __version__, semdiff, yamlread

        digest = hashlib.sha1(f"{__version__}\0{git.prefix}".encode())
        for module in (__file__, semdiff.__file__, yamlread.__file__):
            try:
                digest.update(Path(module).read_bytes())
            except OSError:
                return
        self.path = git.git_dir / "copkit" / f"history-{digest.hexdigest()[:20]}.pickle"

    def load(self) -> dict[str, tuple[list[tuple[Any, ...]], list[str]]]:
        if self.path is None:
            return {}
        import pickle

        try:
            with open(self.path, "rb") as handle:
                data = pickle.load(handle)
        except Exception:  # missing, truncated or from another version: compute again
            return {}
        return data if isinstance(data, dict) else {}

    def save(self, data: dict[str, tuple[list[tuple[Any, ...]], list[str]]]) -> None:
        if self.path is None:
            return
        import pickle
        import tempfile

        try:
            self.path.parent.mkdir(exist_ok=True)
            for stale in self.path.parent.glob("history-*.pickle"):
                if stale != self.path:
                    stale.unlink()
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".history-")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
        except OSError:
            return


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
    commits = _log(git, "--first-parent", "HEAD", "--", "charter.yaml")
    parser = Parser()
    with Blobs(git) as blobs:
        reader = _Reader(git, blobs, parser)
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


# ---------------------------------------------------------------- trends by quarter
LEVELS = ("core", "active", "peripheral", "inactive")


@dataclass(frozen=True)
class Quarter:
    """One quarter of the CoP's life, as plain figures for a chart."""

    label: str                 # 2026-Q3
    start: _dt.date
    end: _dt.date
    members: int               # members at the quarter's end
    joined: int
    left: int
    meetings: int              # meetings held in the quarter
    levels: dict[str, int]     # observed levels of the members at the quarter's end
    practices_added: int
    practices_total: int       # practices added up to the quarter's end

    def to_dict(self) -> dict[str, Any]:
        return {"quarter": self.label, "start": self.start.isoformat(),
                "end": self.end.isoformat(), "members": self.members, "joined": self.joined,
                "left": self.left, "meetings": self.meetings, "levels": dict(self.levels),
                "practices_added": self.practices_added,
                "practices_total": self.practices_total}


@dataclass(frozen=True)
class Trends:
    """Quarterly series for the report's charts, and notes on where the figures came from."""

    quarters: list[Quarter]
    notes: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"quarters": [q.to_dict() for q in self.quarters], "notes": list(self.notes)}

    def series(self, name: str) -> list[Any]:
        """One column as a list (``members``, ``practices_added``, ``core``...)."""
        if name in LEVELS:
            return [q.levels[name] for q in self.quarters]
        return [getattr(q, name) for q in self.quarters]

    @property
    def labels(self) -> list[str]:
        return [q.label for q in self.quarters]


def quarter_of(day: _dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, q: int) -> tuple[_dt.date, _dt.date]:
    start = _dt.date(year, 3 * (q - 1) + 1, 1)
    end_month = 3 * q
    nxt = _dt.date(year + (end_month == 12), end_month % 12 + 1, 1)
    return start, nxt - _dt.timedelta(days=1)


def _quarters(first: _dt.date, last: _dt.date) -> list[tuple[str, _dt.date, _dt.date]]:
    out = []
    year, q = quarter_of(first)
    end_y, end_q = quarter_of(last)
    while (year, q) <= (end_y, end_q):
        start, end = quarter_bounds(year, q)
        out.append((f"{year}-Q{q}", start, end))
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return out


def member_versions(git: Git) -> list[tuple[_dt.date, str]]:
    """(commit day, blob id) of every committed version of members.yaml, oldest first."""
    out: list[tuple[_dt.date, str]] = []
    for commit in reversed(_log(git, "--first-parent", "HEAD", "--", "members.yaml")):
        for fc in commit.files:
            if fc.new_path == "members.yaml":
                if fc.new_sha:
                    out.append((commit.date.date(), fc.new_sha))
    return out


def _practice_add_days(git: Git) -> dict[str, _dt.date]:
    """The day each practice file was first committed (for practices with no ``added``)."""
    days: dict[str, _dt.date] = {}
    for commit in reversed(_log(git, "--diff-filter=AR", "HEAD", "--", "practices")):
        for fc in commit.files:
            if fc.new_path and fc.new_path.startswith("practices/"):
                stem = fc.new_path[len("practices/"):].removesuffix(".yaml")
                days.setdefault(stem, commit.date.date())
    return days


def quarters_back(day: _dt.date, n: int) -> _dt.date:
    """The first day of the quarter ``n - 1`` quarters before the one holding ``day`` (n=1:
    that quarter's own first day)."""
    year, q = quarter_of(day)
    index = year * 4 + (q - 1) - (n - 1)
    return quarter_bounds(index // 4, index % 4 + 1)[0]


def trends(root: Path, cop: Cop, until: _dt.date | None = None,
           levels_since: _dt.date | None = None,
           versions: list[tuple[_dt.date, str]] | None = None) -> Trends:
    """Quarterly series: membership (from joined/left dates; for members with no joined date,
    from the members list at each quarter's last commit), observed participation levels, and
    practices added (from ``added``; else the day the file was first committed).
    ``levels_since``: the levels are observed only for the quarters ending on or after that
    day (a chart of the last few quarters needs no more; earlier ones count 0 at each level).
    ``versions``: members.yaml's committed versions (:func:`member_versions`), when the
    caller has read them already."""
    from copkit.metrics import observed_levels as member_levels
    from copkit.metrics import window
    from copkit.periods import Period

    today = until or _dt.date.today()
    notes: list[str] = []
    git: Git | None
    try:
        git = Git(root)
        if not git.has_head:
            git = None
    except GitError:
        git = None
    undated = [m for m in cop.members if m.joined is None]
    practice_days: dict[str, _dt.date] = {}
    if git is None or not undated:
        versions = []
    elif versions is None:
        versions = member_versions(git)
    if git is not None and any(p.added is None for p in cop.practices):
        practice_days = _practice_add_days(git)
    # the first quarter: the earliest date the records or the history know of
    candidates: list[_dt.date] = []
    if cop.charter and cop.charter.started:
        candidates.append(cop.charter.started)
    candidates += [m.joined for m in cop.members if m.joined]
    candidates += [m.date for m in cop.meetings[:1]]
    candidates += [p.added for p in cop.practices if p.added]
    candidates += [d for d, _ in versions[:1]]
    candidates += list(practice_days.values())
    candidates = [d for d in candidates if d <= today]
    if not candidates:
        return Trends([], ["no dates in the records yet: nothing to show over time"])
    quarters = _quarters(min(candidates), today)
    if len(quarters) > 80:
        quarters = quarters[-80:]
        notes.append("only the last 20 years are shown")

    # members with no joined date: who was on the list at each quarter's last commit
    listed: list[set[str] | None] = []
    undated_ids = {m.id for m in undated}
    if undated:
        parser = Parser()
        blobs = Blobs(git) if git is not None else None
        try:
            vi = -1
            cache: dict[str, set[str]] = {}
            for _label, _start, end in quarters:
                if end >= today or git is None:
                    listed.append({m.id for m in cop.members})
                    continue
                while vi + 1 < len(versions) and versions[vi + 1][0] <= end:
                    vi += 1
                if vi < 0:
                    listed.append(set())
                    continue
                sha = versions[vi][1]
                if sha not in cache:
                    try:
                        assert blobs is not None
                        data = parser.parse_blob(sha, blobs.read(sha), "members.yaml")
                        items = data.get("members") if isinstance(data, dict) else None
                        cache[sha] = {str(i.get("id")) for i in items or []
                                      if isinstance(i, dict)}
                    except YamlProblem:
                        cache[sha] = set()
                        notes.append(f"members.yaml does not parse in the version of {end}; "
                                     "members with no joined date are not counted there")
                listed.append(cache[sha])
        finally:
            if blobs is not None:
                blobs.close()
        where = "the members list at each quarter's last commit" if git is not None else \
            "the current members list (the folder has no git history)"
        notes.append(f"{len(undated)} member(s) have no joined date: they are counted from "
                     f"{where}")

    practice_dates: list[_dt.date] = []
    missing_practices = 0
    for p in cop.practices:
        day = p.added or practice_days.get(p.id)
        if day is None:
            missing_practices += 1
        else:
            practice_dates.append(day)
    if practice_days and any(p.added is None for p in cop.practices):
        notes.append("practices with no 'added' date are dated by the commit that added them")
    if missing_practices:
        notes.append(f"{missing_practices} practice(s) have no date and are left out of the "
                     "practices series")

    first_listed: dict[str, int] = {}
    for qi, ids in enumerate(listed):
        for ident in ids or ():
            first_listed.setdefault(ident, qi)

    out: list[Quarter] = []
    meeting_days = sorted(m.date for m in cop.meetings)
    total = sum(1 for d in practice_dates if d < quarters[0][1])
    for qi, (label, start, end) in enumerate(quarters):
        members: list[str] = []
        present: list[Member] = []
        joined = left = 0
        for m in cop.members:
            if m.id in undated_ids:
                on_list = m.id in (listed[qi] or set()) and m.is_member_on(end)
                if first_listed.get(m.id) == qi and qi > 0:
                    joined += 1
            else:
                on_list = m.is_member_on(end)
                if m.joined is not None and start <= m.joined <= end:
                    joined += 1
            if m.left is not None and start <= m.left <= end:
                left += 1
            if on_list:
                members.append(m.id)
                present.append(m)
        added = sum(1 for d in practice_dates if start <= d <= end)
        total += added
        # the levels as the report's M2 observes them (metrics.observed_levels), counted over
        # the members on the list at the quarter's end
        levels = dict.fromkeys(LEVELS, 0)
        meetings = bisect.bisect_right(meeting_days, end) - \
            bisect.bisect_left(meeting_days, start)
        if levels_since is None or end >= levels_since:
            w = window(cop, Period(start, end, label, "quarter"))
            for lv in member_levels(cop, w, present):
                levels[lv.observed] += 1
        out.append(Quarter(label, start, end, len(members), joined, left, meetings, levels,
                           added, total))
    return Trends(out, notes)


def iter_changes(entries: Iterable[HistoryEntry]) -> Iterator[tuple[HistoryEntry, Change]]:
    for entry in entries:
        for change in entry.changes:
            yield entry, change


def describe_commit(root: Path, sha: str | None) -> str:
    """A commit as people read it: short id, day and subject ("the working tree" for None)."""
    if sha is None:
        return "the working tree"
    out = Git(root).out("log", "-1", "--format=%aI%x00%s", sha, "--").decode("utf-8", "replace")
    when, _, subject = out.strip().partition("\0")
    return f"{sha[:10]} ({when[:10]}, {subject})" if when else sha[:10]
