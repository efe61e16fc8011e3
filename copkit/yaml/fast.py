"""A pure-Python reader for the simple YAML that copkit and other tools write, for
``copkit history`` and a cold ``check``.

``copkit history`` reads thousands of small texts (each record of each commit). Most of them
are plain shapes: block mappings and sequences of records (indented under their key as
copkit writes them, or at the key's own indent as PyYAML and ruamel write them), one-line
flow lists and maps of plain words, ``|`` notes, and strings folded over several lines, plain
or quoted, with double-quoted escapes. For those, a line loop is several times faster than
walking PyYAML's events (:func:`copkit.yaml.read.parse`).

:func:`load_simple` returns exactly what ``read.parse(text).data`` returns (the same
``SrcInt``/``SrcFloat``/date/None/str values, key order and lists), or raises
:class:`NotSimple` for anything outside that subset or that it is not sure of; the caller then
falls back to ``read.parse``, which also gives the proper error for bad YAML. A wrong
answer here is a bug; a ``NotSimple`` only costs time. So this module refuses rather than
interprets: tabs, ``\\r`` and other unusual characters, comments after values, anchors,
aliases, tags, ``>`` and ``|+``/``|2`` block scalars, unknown escapes, a folded string with a
blank line or comment inside a plain one or a line not indented, duplicate keys, document
markers and directives, ``?`` keys, keys that are not plain words (quoted keys included),
values holding ``': '`` or ``' #'`` or ending in ``':'``, flow collections over several lines
or holding anything but plain words, uneven indentation, nesting as deep as
:data:`copkit.yaml.scalars.MAX_DEPTH`.

How it is fast: each line outside block scalars is classified once (its indentation, its key,
its value already resolved) and the classification is remembered by the line's text, since
history reads the same lines in many versions of the same files. The scalars kept there are
immutable (str, None, bool, dates, SrcInt and SrcFloat by convention), so one object may be
handed out for many texts; flat flow lists and mappings are kept as tuples and built afresh
for every text, other flow collections are kept as text and read again each time. Per line,
a few str methods and set lookups; regexes only for what is new.
"""

from __future__ import annotations

from typing import Any

from copkit.yaml.fast_flow import MAP, NESTED, SEQ, flow, flow_build
from copkit.yaml.fast_text import (
    BAD_CHAR,
    KEY_LINE,
    SPECIAL_FIRST,
    NotSimple,
    literal,
    plain_more,
    quote_end,
    quoted_more,
    scalar,
)
from copkit.yaml.scalars import MAX_DEPTH

__all__ = ["NotSimple", "load_simple"]


# the first characters of a key (saves trying KEY_LINE on other values after a dash)
_KEY_FIRST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")


# What a line is (the second item of its classification):
_BLANK = 0  # blank or a comment: (-1, _BLANK, None, None, None)
_KEY = 1  # `key: value`: (indentation, _KEY, key, value kind, value)
_ITEM = 2  # `- value`: (indentation, _ITEM, None, value kind, value)
_ITEM_MAP = 3  # `- key: value`: (indentation, _ITEM_MAP, key column, the _KEY classification
#                of `key: value` at that column, None)
_OTHER = 4  # anything else: (indentation, _OTHER, why it is not simple, None, None)
# Value kinds, and what the value item holds:
_SCALAR = 0  # the value
_EMPTY = 1  # None (the value is on the next lines, or null)
_LITERAL = 2  # a block scalar: True for |-, False for |
_SEQ = SEQ  # a flow sequence of scalars: a tuple of them (fast_flow)
_MAP = MAP  # a flow mapping of scalars: a tuple of (key, value) pairs
_NESTED = NESTED  # another flow collection: its text
_QSTART = 6  # a quoted scalar that goes on after its line: (its quote, the text after it)

_Line = tuple[int, int, Any, Any, Any]
_BLANK_LINE: _Line = (-1, _BLANK, None, None, None)


# Classifications of lines by their text, and resolve_plain's answers by text. Both are cleared
# when full; their values are never changed, so sharing them between threads is harmless.
_LINES: dict[str, _Line] = {}
_LINES_MAX = 50_000



def load_simple(text: str) -> Any:
    """The data of a YAML text in copkit's simple subset, exactly as ``read.parse`` gives
    it; raises :class:`NotSimple` for anything else."""
    # every line is either classified (and its characters checked there) or in a block scalar
    # (checked with the block scalar's text)
    lines = text.split("\n")
    i, line = _next(lines, 0)
    if line is None:
        return None  # only blank lines and comments
    value, i, line = _node(lines, i, line, 1)
    if line is not None:
        raise NotSimple("text after the end of the top-level collection")
    return value


# The block readers take the text's lines, the index and classification of a collection's first
# line, and return the collection, the index of the first line after it that is not blank or a
# comment and that line's classification (len(lines) and None at the end of the text).


def _next(lines: list[str], i: int) -> tuple[int, _Line | None]:
    """The first line from ``i`` on that is not blank or a comment, and its classification."""
    n = len(lines)
    get = _LINES.get
    while i < n:
        text = lines[i]
        line = get(text) or _classify(text)
        if line[0] >= 0:
            return i, line
        i += 1
    return n, None


def _node(lines: list[str], i: int, line: _Line, depth: int) -> tuple[Any, int, _Line | None]:
    """The block mapping or sequence whose first line is line ``i``."""
    kind = line[1]
    if kind == _KEY:
        return _mapping(lines, i, line[0], depth, line)
    if kind == _ITEM or kind == _ITEM_MAP:
        return _sequence(lines, i, line[0], depth, line)
    raise NotSimple(line[2])


def _mapping(lines: list[str], i: int, indent: int, depth: int,
             line: _Line) -> tuple[dict[str, Any], int, _Line | None]:
    """A block mapping with its keys at column ``indent``, the first one on line ``i`` (for a
    mapping that starts on a ``- `` line, after the dash) and classified as ``line``."""
    if depth >= MAX_DEPTH:
        raise NotSimple("deeply nested")
    out: dict[str, Any] = {}
    next_line: _Line | None
    while True:
        key = line[2]
        if key in out:
            raise NotSimple("duplicate key")
        kind = line[3]
        if kind == _SCALAR or kind == _QSTART:
            out[key], i, next_line = _scalar_lines(lines, i, indent, kind, line[4])
            kind = _EMPTY  # next_line is known
        elif kind == _EMPTY:
            i, next_line = _next(lines, i + 1)
            if next_line is None or next_line[0] < indent:
                out[key] = None
            elif next_line[0] > indent:
                out[key], i, next_line = _node(lines, i, next_line, depth + 1)
            elif next_line[1] == _ITEM or next_line[1] == _ITEM_MAP:
                # a sequence with its dashes at the key's column
                out[key], i, next_line = _sequence(lines, i, indent, depth + 1, next_line)
            else:
                out[key] = None
        elif kind == _LITERAL:
            out[key], i = literal(lines, i + 1, indent, line[4])
        else:
            out[key] = _flow_value(kind, line[4], depth)
            i += 1
        if kind != _EMPTY:
            i, next_line = _next(lines, i)
        if next_line is None:
            return out, i, None
        if next_line[0] != indent:
            if next_line[0] > indent:
                raise NotSimple("uneven indentation")
            return out, i, next_line
        if next_line[1] != _KEY:
            raise NotSimple(next_line[2] if next_line[1] == _OTHER else "not a `key: value`")
        line = next_line


def _sequence(lines: list[str], i: int, indent: int, depth: int,
              line: _Line) -> tuple[list[Any], int, _Line | None]:
    """A block sequence with its dashes at column ``indent``, the first one on line ``i`` and
    classified as ``line``."""
    if depth >= MAX_DEPTH:
        raise NotSimple("deeply nested")
    out: list[Any] = []
    add = out.append
    next_line: _Line | None
    while True:
        if line[1] == _ITEM:
            kind = line[3]
            if kind == _SCALAR or kind == _QSTART:
                value, i, next_line = _scalar_lines(lines, i, indent, kind, line[4])
                add(value)
                kind = _EMPTY  # next_line is known
            elif kind == _EMPTY:
                i, next_line = _next(lines, i + 1)
                if next_line is not None and next_line[0] > indent:
                    value, i, next_line = _node(lines, i, next_line, depth + 1)
                    add(value)
                else:
                    add(None)
            elif kind == _LITERAL:
                value, i = literal(lines, i + 1, indent, line[4])
                add(value)
            else:
                add(_flow_value(kind, line[4], depth))
                i += 1
        else:
            # `- key: value`: a mapping with its keys at the column of this key
            value, i, next_line = _mapping(lines, i, line[2], depth + 1, line[3])
            add(value)
            kind = _EMPTY  # next_line is known
        if kind != _EMPTY:
            i, next_line = _next(lines, i)
        if next_line is None:
            return out, i, None
        if next_line[0] != indent:
            if next_line[0] > indent:
                raise NotSimple("uneven indentation")
            return out, i, next_line
        if next_line[1] != _ITEM and next_line[1] != _ITEM_MAP:
            # the end of a sequence with its dashes at its key's column, or else not simple:
            # the caller sees a line it cannot take
            return out, i, next_line
        line = next_line


def _flow_value(kind: int, value: Any, depth: int) -> Any:
    """A new list or dict for a flow collection classified as ``kind`` and ``value``, the
    value of a collection at ``depth``."""
    if depth + 1 >= MAX_DEPTH:
        raise NotSimple("deeply nested")
    if kind == _SEQ:
        return list(value)
    if kind == _MAP:
        return dict(value)
    return flow_build(value, depth + 1)


def _scalar_lines(lines: list[str], i: int, owner: int, kind: int,
                  value: Any) -> tuple[Any, int, _Line | None]:
    """The scalar value (``kind`` _SCALAR or _QSTART, classified as ``value``) of line ``i``
    in a collection at column ``owner``, with the lines it goes on over (PyYAML and ruamel
    fold long strings); the index of the next line that is not blank or a comment, and its
    classification."""
    if kind == _QSTART:
        value, j = quoted_more(lines, i, owner, value)
    else:
        start = i
        i, next_line = _next(lines, i + 1)
        if next_line is None or next_line[0] <= owner:
            return value, i, next_line
        value, j = plain_more(lines, start, owner)
    i, next_line = _next(lines, j)
    return value, i, next_line


def _classify(text: str) -> _Line:
    """What the line ``text`` is (see _BLANK and the others), remembered."""
    content = text.lstrip(" ")
    indent = len(text) - len(content)
    line: _Line
    # str.isprintable() is stricter than YAML (it refuses no-break spaces, private use...)
    if not text.isprintable() and BAD_CHAR.search(text) is not None:
        line = (indent, _OTHER, "a character that needs the full parser", None, None)
    elif not content or content[0] == "#":
        line = _BLANK_LINE
    elif content[0] == "-" and content[1:2] in ("", " "):
        body = content[1:].lstrip(" ")
        if not body:
            line = (indent, _ITEM, None, _EMPTY, None)
        elif body[0] in _KEY_FIRST and (m := KEY_LINE.match(body)) is not None:
            col = len(text) - len(body)
            line = (indent, _ITEM_MAP, col, _value(col, _KEY, m.group(1), body[m.end():]), None)
            if line[3][1] == _OTHER:
                line = (indent, _OTHER, line[3][2], None, None)
        else:
            line = _value(indent, _ITEM, None, body)
    elif (m := KEY_LINE.match(content)) is not None:
        line = _value(indent, _KEY, m.group(1), content[m.end():])
    else:
        line = (indent, _OTHER, "not a `key: value` or `- item` line", None, None)
    if len(_LINES) >= _LINES_MAX:
        _LINES.clear()
    _LINES[text] = line
    return line


def _value(indent: int, kind: int, key: str | None, rest: str) -> _Line:
    """The classification of a line at ``indent`` of ``kind`` (_KEY or _ITEM) with the value
    written ``rest`` after its ``key: `` or ``- `` (and the spaces after them)."""
    if not rest:
        return (indent, kind, key, _EMPTY, None)
    first = rest[0]
    if (first not in SPECIAL_FIRST and rest[-1] != " " and rest[-1] != ":"
            and ": " not in rest and " #" not in rest):
        return (indent, kind, key, _SCALAR, rest)  # the most common value: a plain string
    raw = rest
    if rest[-1] == " ":
        rest = rest.rstrip(" ")
    try:
        if first == "'" or first == '"':
            end = quote_end(first, raw[1:])
            if end < 0:
                if first == '"' and raw != rest and rest.endswith("\\"):
                    raise NotSimple("an escaped space at the end of a line")
                return (indent, kind, key, _QSTART, (first, raw[1:]))
        if first == "|":
            if rest == "|":
                return (indent, kind, key, _LITERAL, False)
            if rest == "|-":
                return (indent, kind, key, _LITERAL, True)
            raise NotSimple("a block scalar header other than | and |-")
        if first == "[" or first == "{":
            return (indent, kind, key, *flow(rest))
        return (indent, kind, key, _SCALAR, scalar(rest))
    except NotSimple as exc:
        return (indent, _OTHER, str(exc), None, None)
