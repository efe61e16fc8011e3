"""Where each key and value of a parsed file starts: :class:`SourceMap` (the data and a side
table of positions), and :class:`PositionScan`, which finds the positions of a text whose data
came without them (copkit's line reader, copkit's cache) by walking the C parser's events only
as far as a finding asks."""

from __future__ import annotations

import sys
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from copkit.yaml.scalars import Pos, YamlProblem


@dataclass
class SourceMap:
    """The parsed data of one file and where each of its keys and values starts."""

    path: str
    data: Any
    # id(container) -> {key or index: (key line, key col, value line, value col)}
    positions: dict[int, dict[Any, tuple[int, int, int, int]]] = field(default_factory=dict)
    root: Pos = (1, 1)
    # When the data came without positions (copkit's line reader, or copkit's cache): the
    # file's text, or how to read it again. Positions are then found on first use, by walking
    # the parser's events only as far as the path asked for (:class:`PositionScan`); the data
    # is never read again nor replaced.
    text: str | Callable[[], str] | None = field(default=None, repr=False)
    _scan: PositionScan | None = field(default=None, repr=False, compare=False)

    @property
    def has_positions(self) -> bool:
        """Whether the positions came with the data (the full parser read the file)."""
        return self.text is None

    def locate(self, loc: Sequence[Any], key: bool = False) -> Pos:
        """Position of the value (or of its key) at ``loc``; the nearest existing parent's
        position when the path does not exist (a missing field points at its record)."""
        if self.text is not None:
            return self._scanned(self.text, loc, key)
        node = self.data
        best: Pos = self.root
        for i, part in enumerate(loc):
            table = self.positions.get(id(node))
            if table is None or part not in table:
                return best
            kl, kc, vl, vc = table[part]
            last = i == len(loc) - 1
            best = (kl, kc) if (key and last) else (vl, vc) if last else (kl, kc)
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return best
        return best

    def _scanned(self, source: str | Callable[[], str], loc: Sequence[Any], key: bool) -> Pos:
        """:meth:`locate` through the scan of the text (the same answers as the tables the
        full parser makes)."""
        scan = self._scan
        if scan is None:
            try:
                text = source() if callable(source) else source
            except YamlProblem:
                return (0, 0)
            scan = self._scan = PositionScan(text)
        node = scan.top()
        if scan.failed:
            return (0, 0)
        best: Pos = scan.root_pos
        for i, part in enumerate(loc):
            if node is None:
                return best
            place = scan.place(node, part)
            if scan.failed:
                return (0, 0)
            if place < 0:
                return best
            kl, kc, vl, vc = node.at(place)
            last = i == len(loc) - 1
            best = (kl, kc) if (key and last) else (vl, vc) if last else (kl, kc)
            node = node.kid(place)
        return best


# a mapping's keys are looked up in a list up to this many (most records), in a dict beyond
_FEW_KEYS = 8


class _Node:
    """The positions in one mapping or list, as far as the scan has read it, held compactly
    (a 7 MB list of 126,000 records is scanned whole for a finding at its end): the numbers
    in one array, a mapping's keys in a list (shared by the mappings with the same keys, once
    read), the nodes of the values that are mappings or lists apart."""

    __slots__ = ("closed", "keys", "kids", "pos")

    def __init__(self, mapping: bool) -> None:
        # a mapping's keys in order (a dict of key -> place once it has many); None: a list
        self.keys: list[str] | tuple[str, ...] | dict[str, int] | None = [] if mapping else None
        # per entry, key line, key col, value line, value col; per item of a list, line, col
        self.pos = array("q")
        # place -> the node of a value that is a mapping or a list (None for a scalar)
        self.kids: list[_Node | None] | None = None
        self.closed = False

    def place(self, part: Any) -> int:
        """The place of entry ``part`` among those read so far, or -1."""
        keys = self.keys
        if keys is None:
            return part if isinstance(part, int) and 0 <= part < len(self.pos) >> 1 else -1
        if isinstance(keys, dict):
            return keys.get(part, -1)
        try:
            return keys.index(part)
        except ValueError:
            return -1

    def at(self, place: int) -> tuple[int, int, int, int]:
        """(key line, key col, value line, value col) of the entry at ``place``."""
        pos = self.pos
        if self.keys is None:
            line, col = pos[2 * place], pos[2 * place + 1]
            return line, col, line, col
        i = 4 * place
        return pos[i], pos[i + 1], pos[i + 2], pos[i + 3]

    def kid(self, place: int) -> _Node | None:
        kids = self.kids
        return kids[place] if kids is not None and place < len(kids) else None

    def add_entry(self, key: str, kl: int, kc: int, vl: int, vc: int,
                  child: _Node | None) -> int:
        """Add an entry of a mapping; its place."""
        pos = self.pos
        place = len(pos) >> 2
        pos.append(kl)
        pos.append(kc)
        pos.append(vl)
        pos.append(vc)
        keys = self.keys
        if isinstance(keys, list):
            keys.append(key)
            if len(keys) > _FEW_KEYS:
                self.keys = {k: i for i, k in reversed(list(enumerate(keys)))}
        elif isinstance(keys, dict):
            keys.setdefault(key, place)
        self._kid(place, child)
        return place

    def add_item(self, line: int, col: int, child: _Node | None) -> int:
        """Add an item of a list; its place."""
        pos = self.pos
        place = len(pos) >> 1
        pos.append(line)
        pos.append(col)
        self._kid(place, child)
        return place

    def _kid(self, place: int, child: _Node | None) -> None:
        if child is not None:
            kids = self.kids
            if kids is None:
                kids = self.kids = []
            kids.extend([None] * (place - len(kids)))
            kids.append(child)


class PositionScan:
    """The positions of a text's keys and values, found by walking the C parser's events
    (no values are built) only as far as the paths asked for so far: a finding near the
    start of a 7 MB file reads a few events, and the next path asked goes on from where the
    last one stopped, so that however many are asked, the text is walked at most once. The
    positions are those :func:`parse` gives (its marks, the same rules)."""

    def __init__(self, text: str) -> None:
        import yaml

        self._yaml = yaml
        loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        self._loader: Any = loader_cls(text)
        self.root: _Node | None = None
        self.root_pos: Pos = (1, 1)
        self._started = False
        self.failed = False
        # the open containers, and each one's pending key (text, line, col) if a mapping
        self._open: list[_Node] = []
        self._keys: list[tuple[str, int, int] | None] = []
        # the key lists of closed mappings, one per set of keys (most records share theirs)
        self._shapes: dict[tuple[str, ...], tuple[str, ...]] = {}

    def top(self) -> _Node | None:
        """The node of the top-level value (None for a scalar or an empty text)."""
        while not self._started and self._loader is not None:
            self._step(None, None)
        return self.root

    def place(self, node: _Node, part: Any) -> int:
        """The place of entry ``part`` of ``node`` (-1: none), reading on until it is read or
        ``node`` closed."""
        place = node.place(part)
        while place < 0 and not node.closed and self._loader is not None:
            self._step(node, part)
            place = node.place(part)
        return place

    def _step(self, node: _Node | None, part: Any) -> None:
        """Walk events until an entry ``part`` is added to ``node`` or ``node`` is closed
        (until the top-level value starts, without a node), or the text ends."""
        yaml = self._yaml
        loader = self._loader
        scalar, mapping = yaml.ScalarEvent, yaml.MappingStartEvent
        values = frozenset((scalar, yaml.AliasEvent, mapping, yaml.SequenceStartEvent))
        containers = frozenset((mapping, yaml.SequenceStartEvent))
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        stream_end = yaml.StreamEndEvent
        opened, keys = self._open, self._keys
        intern = sys.intern
        try:
            while True:
                event = loader.get_event()
                kind = type(event)
                if event is None or kind is stream_end:
                    self._finish()
                    return
                if kind in ends:
                    if self._close() is node:
                        return
                    continue
                if kind not in values:
                    continue
                mark = event.start_mark
                vline, vcol = mark.line + 1, mark.column + 1
                child = _Node(kind is mapping) if kind in containers else None
                added = False
                if not opened:
                    self._start(child, vline, vcol)
                elif opened[-1].keys is None:
                    parent = opened[-1]
                    added = parent.add_item(vline, vcol, child) == part and parent is node
                else:
                    parent = opened[-1]
                    pending = keys[-1]
                    if pending is None:
                        if kind is not scalar:  # a key that is a list or a mapping
                            raise yaml.YAMLError("a key that is not a scalar")
                        keys[-1] = (intern(event.value), vline, vcol)
                        continue
                    keys[-1] = None
                    name = pending[0]
                    parent.add_entry(name, pending[1], pending[2], vline, vcol, child)
                    added = parent is node and name == part
                if child is not None:
                    opened.append(child)
                    keys.append(None)
                if added or (node is None and self._started):
                    return
        except yaml.YAMLError:
            self._fail()

    def _close(self) -> _Node:
        """Close the innermost open container (its keys shared with the mappings that have
        the same ones); it."""
        done = self._open.pop()
        self._keys.pop()
        done.closed = True
        if type(done.keys) is list:
            shape = tuple(done.keys)
            done.keys = self._shapes.setdefault(shape, shape)
        return done

    def _start(self, child: _Node | None, line: int, col: int) -> None:
        """The top-level value starts; a second one (a second document) the parser refuses."""
        if self._started:
            raise self._yaml.YAMLError("a second document")
        self._started = True
        self.root, self.root_pos = child, (line, col)

    def _fail(self) -> None:
        """The text no longer parses (it changed since its data was read): no positions."""
        self.failed = True
        self._finish()

    def _finish(self) -> None:
        loader, self._loader = self._loader, None
        self._open, self._keys = [], []
        if loader is not None:
            dispose = getattr(loader, "dispose", None)
            if dispose is not None:
                dispose()
