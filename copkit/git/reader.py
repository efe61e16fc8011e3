"""Reading versions of record files from git and comparing them in words: a file's data read
through :class:`~copkit.git.pieces.Parser` (each distinct text parsed once), a list file compared
only where its versions differ (:mod:`copkit.git.regions`) or as sets of items, and records
compared as data (:mod:`copkit.git.semdiff`), never as lines."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from copkit.git.log import FileChange
from copkit.git.pieces import Fallback, Layout, Parser, Segment, layout_of, split_segments
from copkit.git.regions import LIST_KINDS, region_changes
from copkit.git.semdiff import Change, compare_file, kind_of, kind_rank
from copkit.yaml.read import MAX_FILE_BYTES
from copkit.yaml.scalars import YamlProblem

if TYPE_CHECKING:
    from copkit.git.blobs import Blobs
    from copkit.git.runner import Git


def problem_text(relpath: str, problem: YamlProblem, where: str) -> str:
    pos = f":{problem.line}:{problem.column}" if problem.line else ""
    return f"{relpath}{pos}: {problem.message} ({where}); its changes there are not shown"


class Reader:
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
        # goes backwards (see copkit.git.words.plan_blobs(): the blobs it asks git for
        # ahead assume this)
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
                found = region_changes(self.parser, kind, relpath, first, second, layout,
                                        ids, swap=self.backwards)
            except Fallback:
                found = None
            if found is not None:
                changes, second_layout = found
                if second_layout is not None:
                    self._layouts[relpath] = (second_sha, second_layout)
                return changes
        if kind not in LIST_KINDS:
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
        except Fallback:
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

    def compare(self, fc: FileChange, where_old: str, where_new: str, problems: list[str],
                new_worktree: bool = False,
                old_fallback: Callable[[str, str | None], Any] | None = None,
                fast_lists: bool = False) -> list[Change]:
        old_kind = kind_of(fc.old_path) if fc.old_path else None
        new_kind = kind_of(fc.new_path) if fc.new_path else None
        if old_kind is None and new_kind is None:
            return []
        if old_kind and new_kind and old_kind[0] != new_kind[0]:
            # moved to another kind of folder: a removal and an addition
            removed = self.compare(FileChange("D", fc.old_path, None, fc.old_sha, None),
                                   where_old, where_new, problems)
            added = self.compare(FileChange("A", None, fc.new_path, None, fc.new_sha),
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
                    problems.append(problem_text(fc.old_path, problem, where_old))
                    return []
                old_data = old_fallback(fc.old_path, fc.old_sha)
                if old_data is None:
                    problems.append(problem_text(fc.old_path, problem, where_old))
                    return []
        if new_kind is not None and fc.new_path is not None:
            try:
                new_data = self.data(fc.new_path, fc.new_sha,
                                     worktree=new_worktree and fc.new_sha is None)
            except YamlProblem as problem:
                problems.append(problem_text(fc.new_path, problem, where_new))
                return []
        old_id = old_kind[1] if old_kind else None
        new_id = new_kind[1] if new_kind else None
        if old_kind is None:  # e.g. meetings/x.yml renamed to meetings/x.yaml: new to copkit
            old_data = None
        return compare_file(kind, old_data, new_data, old_id, new_id)


def sorted_changes(changes: Iterable[Change]) -> list[Change]:
    return sorted(changes, key=lambda c: kind_rank(c.kind))
