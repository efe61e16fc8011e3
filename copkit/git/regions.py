"""Comparing two versions of a file only where they differ: their common start and end are
found by comparing blocks of bytes, and only the list items (a member, an attendee, a survey
answer) or the top-level keys in between are cut, parsed and compared."""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass

from copkit.git.pieces import QUIET, SEGMENT_START, Layout, Parser
from copkit.git.semdiff import Change, compare_file

# the files that are a list of records (members, topics, activities): their items are compared
# as sets, so a new order of the records is no change (in a record's own list, it is worded)
LIST_KINDS = frozenset(("members", "learning-agenda", "activities"))


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


def region_changes(parser: Parser, kind: str, relpath: str, old: bytes, new: bytes,
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
    region = _Region.find(layout, old, new, p, s)
    if region is None:
        return None
    how = _How(parser, kind, relpath, ids, swap)
    if region.first < 0:
        if kind in LIST_KINDS:
            return None
        return region.whole_keys(how, old, new), None
    return region.items(how, old, new)


@dataclass(frozen=True)
class _How:
    """How a region's changes are worded: the file's kind and path, its records' ids, and
    whether the versions come latest first (``swap``)."""

    parser: Parser
    kind: str
    relpath: str
    ids: tuple[str | None, str | None]
    swap: bool


@dataclass(frozen=True)
class _Region:
    """Where two versions of a file differ: from byte ``p`` to ``old_end`` of the first
    version (``new_end`` of the second), starting in its top-level key ``i``."""

    layout: Layout       # the first version's
    i: int
    p: int
    old_end: int
    new_end: int
    seg_start: int       # where key i starts, and ends, in the first version
    seg_end: int
    delta: int           # how much longer the second version is
    sep: bytes           # what starts each of key i's items; b"" when it holds no block list
    first: int           # where the item holding the first difference starts; -1: none

    @classmethod
    def find(cls, layout: Layout, old: bytes, new: bytes, p: int, s: int) -> _Region | None:
        old_end, new_end = len(old) - s, len(new) - s
        starts = layout.starts
        # the segment holding the byte before the first difference: text inserted right
        # before a key (an item appended to the list above it) belongs to the segment it
        # follows; a new top-level key there is caught by the check of the changed bytes below
        i = bisect.bisect_right(starts, max(p - 1, 0)) - 1
        if i < 0:
            return None
        seg_start = starts[i]
        seg_end = starts[i + 1] if i + 1 < len(starts) else len(old)
        delta = len(new) - len(old)
        indent = layout.indents[i]
        # one key's change: the difference ends inside segment i and adds no top-level key
        # (only the changed bytes can hold a new one: the rest is the same as in the old
        # version)
        one_key = old_end <= seg_end and not SEGMENT_START.search(
            new, max(seg_start, p - 1), min(new_end + 1, seg_end + delta))
        sep = b"\n" + indent + b"- " if indent is not None else b""
        first = old.rfind(sep, seg_start, p) if indent is not None and one_key else -1
        return cls(layout, i, p, old_end, new_end, seg_start, seg_end, delta, sep, first)

    def whole_keys(self, how: _How, old: bytes, new: bytes) -> list[Change]:
        """The changes of the top-level keys the difference spans: both versions of just
        those keys parsed and compared."""
        starts = self.layout.starts
        j = max(self.i, bisect.bisect_right(starts, max(self.old_end - 1, self.p)) - 1)
        end = starts[j + 1] if j + 1 < len(starts) else len(old)
        before_keys = how.parser.mapping(old[self.seg_start:end], how.relpath)
        after_keys = how.parser.mapping(new[self.seg_start:end + self.delta], how.relpath)
        if how.swap:
            before_keys, after_keys = after_keys, before_keys
        return compare_file(how.kind, before_keys, after_keys, *how.ids)

    def pieces(self, old: bytes, new: bytes) -> tuple[list[bytes], list[bytes]] | None:
        """The texts of the items from the first changed one to the last, in each version;
        None when the difference does not end where an item ends in both."""
        sep, seg_end, delta = self.sep, self.seg_end, self.delta
        b_old = old.find(sep, self.old_end, seg_end)
        b_old = seg_end if b_old < 0 else b_old
        b_new = new.find(sep, self.new_end, seg_end + delta)
        b_new = seg_end + delta if b_new < 0 else b_new
        if b_new - b_old != delta:
            return None
        old_pieces = old[self.first:b_old].split(sep)[1:]
        new_pieces = new[self.first:b_new].split(sep)[1:]
        if b_old == seg_end:
            if not old_pieces or not new_pieces:
                return None
            old_pieces[-1] = old_pieces[-1][:-1]
            new_pieces[-1] = new_pieces[-1][:-1]
        return old_pieces, new_pieces

    def items(self, how: _How, old: bytes, new: bytes
              ) -> tuple[list[Change], Layout | None] | None:
        """The changes of the items between the common start and end of a block list, and
        the second version's layout; None when the difference is not of that shape."""
        indent = self.layout.indents[self.i]
        assert indent is not None
        found = self.pieces(old, new)
        if found is None:
            return None
        old_pieces, new_pieces = found
        # the items only one side has, counting repeats (two identical survey answers are two)
        old_count, new_count = Counter(old_pieces), Counter(new_pieces)
        gone, come = old_count - new_count, new_count - old_count
        if not gone and not come and old_pieces != new_pieces and how.kind not in LIST_KINDS:
            return None  # only the order changed: a record's list says "reordered"
        key = self.layout.keys[self.i].decode("ascii", "replace")
        piece, relpath = how.parser.piece, how.relpath
        before = {key: [piece(indent, x, relpath) for x in _take(old_pieces, gone)]}
        after = {key: [piece(indent, x, relpath) for x in _take(new_pieces, come)]}
        if how.kind not in LIST_KINDS and \
                any(isinstance(v, dict) for v in (*before[key], *after[key])):
            # a record's list of mappings (adoptions, actions) is worded by a key only when
            # that key is unique in the whole list, which the changed items alone cannot tell:
            # compare all its items (each distinct item text is parsed once in the history)
            old_all = _items_of(old, self.seg_start, self.seg_end, self.sep)
            new_all = _items_of(new, self.seg_start, self.seg_end + self.delta, self.sep)
            if old_all is None or new_all is None:
                return self.whole_keys(how, old, new), None
            before = {key: [piece(indent, x, relpath) for x in old_all]}
            after = {key: [piece(indent, x, relpath) for x in new_all]}
        if how.swap:
            before, after = after, before
        return compare_file(how.kind, before, after, *how.ids), self.moved()

    def moved(self) -> Layout:
        """The second version's layout: the keys after key i moved by ``delta``."""
        starts, i = self.layout.starts, self.i
        return Layout((*starts[:i + 1], *(x + self.delta for x in starts[i + 1:])),
                      self.layout.keys, self.layout.indents)


def _items_of(raw: bytes, start: int, end: int, sep: bytes) -> list[bytes] | None:
    """The texts of the items of the block list held by the top-level key at
    ``raw[start:end]``, cut as :func:`split_segments` cuts them; None when the key's line
    is not followed by items alone."""
    eol = raw.find(b"\n", start, end)
    if eol < 0:
        return None
    pieces = raw[eol:end].split(sep)
    if len(pieces) < 2 or not QUIET.fullmatch(pieces[0]):
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
