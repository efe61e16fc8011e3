"""Where each key and value of a parsed file starts: :class:`SourceMap` (the data and a side
table of positions), and :class:`PositionScan`, which finds the positions of a text whose data
came without them (copkit's line reader, copkit's cache) by walking the C parser's events only
as far as a finding asks."""

from __future__ import annotations

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
            entry = scan.entry(node, part)
            if scan.failed:
                return (0, 0)
            if entry is None:
                return best
            kl, kc, vl, vc, node = entry
            last = i == len(loc) - 1
            best = (kl, kc) if (key and last) else (vl, vc) if last else (kl, kc)
        return best


class _Node:
    """The positions in one mapping or list, as far as the scan has read it: key or index ->
    (key line, key col, value line, value col, the value's own node or None)."""

    __slots__ = ("closed", "table")

    def __init__(self) -> None:
        self.table: dict[Any, tuple[int, int, int, int, _Node | None]] = {}
        self.closed = False


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
        # the open containers: (node, is a mapping), and each one's pending key
        self._open: list[tuple[_Node, bool]] = []
        self._keys: list[tuple[str, int, int] | None] = []

    def top(self) -> _Node | None:
        """The node of the top-level value (None for a scalar or an empty text)."""
        while not self._started and self._loader is not None:
            self._step(None, None)
        return self.root

    def entry(self, node: _Node, part: Any) -> tuple[int, int, int, int, _Node | None] | None:
        """The entry ``part`` of ``node``, reading on until it is read or ``node`` closed."""
        table = node.table
        while part not in table and not node.closed and self._loader is not None:
            self._step(node, part)
        return table.get(part)

    def _step(self, node: _Node | None, part: Any) -> None:
        """Walk events until ``part`` is in ``node`` or ``node`` is closed (until the top-level
        value starts, without a node), or the text ends."""
        yaml = self._yaml
        loader = self._loader
        scalar, alias = yaml.ScalarEvent, yaml.AliasEvent
        mapping, sequence = yaml.MappingStartEvent, yaml.SequenceStartEvent
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        stream_end = yaml.StreamEndEvent
        opened, keys = self._open, self._keys
        table = node.table if node is not None else None
        try:
            while True:
                event = loader.get_event()
                kind = type(event)
                if event is None or kind is stream_end:
                    self._finish()
                    return
                if kind in ends:
                    done, _ = opened.pop()
                    keys.pop()
                    done.closed = True
                    if done is node:
                        return
                    continue
                if kind is not scalar and kind is not alias and kind is not mapping \
                        and kind is not sequence:
                    continue
                mark = event.start_mark
                vline, vcol = mark.line + 1, mark.column + 1
                child = _Node() if kind is mapping or kind is sequence else None
                if not opened:
                    if self._started:  # a second document: parse refuses the file
                        self._fail()
                        return
                    self._started = True
                    self.root, self.root_pos = child, (vline, vcol)
                else:
                    parent, is_map = opened[-1]
                    if is_map:
                        pending = keys[-1]
                        if pending is None:
                            if kind is not scalar:  # a key that is a list or a mapping
                                self._fail()
                                return
                            keys[-1] = (event.value, vline, vcol)
                            continue
                        parent.table[pending[0]] = (pending[1], pending[2], vline, vcol, child)
                        keys[-1] = None
                    else:
                        parent.table[len(parent.table)] = (vline, vcol, vline, vcol, child)
                if child is not None:
                    opened.append((child, kind is mapping))
                    keys.append(None)
                if node is None:
                    if self._started:
                        return
                elif table is not None and part in table:
                    return
        except yaml.YAMLError:
            self._fail()

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
