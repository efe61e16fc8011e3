"""Record files read in pieces: a file cut at its top-level keys and each block list cut into its
items, with C-speed splits only; each distinct piece of text (a member, an attendee, a survey
answer) parsed once in a whole history. Pieces in the simple shapes copkit writes are read by
:mod:`copkit.fastyaml`, the rest by yamlread. A cut that does not parse as exactly one piece
means the whole file is parsed instead, so the data is always what yamlread gives."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from copkit.yaml.read import MAX_FILE_BYTES, decode, load_data
from copkit.yaml.scalars import YamlProblem

PIECES_MIN_BYTES = 16 * 1024
SEGMENT_START = re.compile(rb"\n(?=[A-Za-z_])")
_SEQ_KEY = re.compile(rb"([A-Za-z_][A-Za-z0-9_-]*):[ \t]*(?:#[^\n]*)?\r?")
QUIET = re.compile(rb"(?:[ \t]*(?:#[^\n]*)?\r?(?:\n|\Z))*")
_FIRST = re.compile(rb"^( *)([^ \t\r\n#])", re.M)


class Fallback(Exception):
    """A piece cut wrong (or a file not in the shape the cut expects): parse it whole."""


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
    starts = [m.start() + 1 for m in SEGMENT_START.finditer(raw)]
    if raw[:1].isalpha() or raw[:1] == b"_":
        starts.insert(0, 0)
    elif not starts or not QUIET.fullmatch(raw, 0, starts[0]):
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
                if QUIET.fullmatch(pieces[0]):
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
            except Fallback:
                pass
        return load_data(decode(raw), relpath)

    def from_segments(self, segments: list[Segment] | None, relpath: str) -> dict[str, Any]:
        if not segments:
            raise Fallback
        data: dict[str, Any] = {}
        for seg in segments:
            if seg.indent is None:
                value = self.piece(None, seg.items[0], relpath)
                ((key, val),) = value.items()
            else:
                key = seg.key.decode("ascii")
                val = [self.piece(seg.indent, p, relpath) for p in seg.items] or None
            if key in data:
                raise Fallback
            data[key] = val
        return data

    def mapping(self, text: bytes, relpath: str) -> dict[str, Any]:
        """Some consecutive top-level keys of a file, parsed; Fallback when they are not a
        mapping on their own (a cut inside a quoted text, say)."""
        try:
            data = load_data(text.decode("utf-8"), relpath)
        except (YamlProblem, UnicodeDecodeError):
            raise Fallback from None
        if not isinstance(data, dict):
            raise Fallback
        return data

    def piece(self, indent: bytes | None, piece: bytes, relpath: str) -> Any:
        """The data of one piece cut by :func:`split_segments`: a list item (``indent`` given)
        or a one-key mapping; Fallback when the text is not exactly that."""
        key = (indent, piece)
        hit = self.pieces.get(key)
        if hit is None:
            text = piece if indent is None else indent + b"- " + piece + b"\n"
            try:
                data = load_data(text.decode("utf-8"), relpath)
            except (YamlProblem, UnicodeDecodeError):
                raise Fallback from None
            if indent is None:
                if not isinstance(data, dict) or len(data) != 1:
                    raise Fallback
                hit = (data,)
            else:
                if not isinstance(data, list) or len(data) != 1:
                    raise Fallback
                hit = (data[0],)
            self.pieces[key] = hit
        return hit[0]


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
