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

import datetime as _dt
import re
from typing import Any

from copkit.yaml.fast_text import (
    BAD_CHAR,
    BAD_FIRST,
    KEY_LINE,
    NotSimple,
    literal,
    plain_more,
    quote_end,
    quoted_more,
    unescape,
)
from copkit.yaml.scalars import MAX_DEPTH, SrcInt, resolve_plain

__all__ = ["NotSimple", "load_simple"]


# the first characters of a key (saves trying KEY_LINE on other values after a dash)
_KEY_FIRST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_RESOLVE_FIRST = frozenset("-+0123456789.~tTfFnN")
# of those, the ones of words, and the words resolve_plain does not keep as text
_WORD_FIRST = frozenset("~tTfFnN")
_KEYWORDS: dict[str, Any] = {
    "~": None, "null": None, "Null": None, "NULL": None,
    "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_SPECIAL_FIRST = BAD_FIRST | _RESOLVE_FIRST


# flow collections of plain scalars (no []{}"#:, no ' at the start of one), keys that are plain
# words
_FLOW_SIMPLE_SEQ = re.compile(r"\[([^\[\]{}\"#:]*)\]\Z")
_FLOW_WORD = r"[^ ,:\[\]{}\"'#](?:[^,:\[\]{}\"#]*[^ ,:\[\]{}\"#])?"  # O'Brien
_FLOW_KV = r"[A-Za-z_][A-Za-z0-9_-]{0,127}: +" + _FLOW_WORD
_FLOW_SIMPLE_MAP = re.compile(rf"\{{ *(?:{_FLOW_KV}(?: *, *{_FLOW_KV})*)? *\}}\Z")
# the entries of a flow mapping that _FLOW_SIMPLE_MAP matches
_FLOW_PAIRS = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,127}): +([^,}]*[^ ,}])")
# a flow mapping of plain or double-quoted (no escapes) scalars and of such mappings (a survey
# response); its entries (key, "quoted", the text inside a nested {...}, or a plain scalar);
# and the entries of a nested one
_FLOW_QUOTED = r'"[^"\\]*"'
_FLOW_KV1 = rf"[A-Za-z_][A-Za-z0-9_-]{{0,127}}: +(?:{_FLOW_WORD}|{_FLOW_QUOTED})"
_FLOW_MAP1 = rf"\{{ *(?:{_FLOW_KV1}(?: *, *{_FLOW_KV1})*)? *\}}"
_FLOW_KV2 = (rf"[A-Za-z_][A-Za-z0-9_-]{{0,127}}: +"
             rf"(?:{_FLOW_WORD}|{_FLOW_QUOTED}|{_FLOW_MAP1})")
_FLOW_MAP2 = re.compile(rf"\{{ *(?:{_FLOW_KV2}(?: *, *{_FLOW_KV2})*)? *\}}\Z")
_FLOW_ENTRIES2 = re.compile(
    r'([A-Za-z_][A-Za-z0-9_-]{0,127}): +'
    r'(?:("[^"\\]*")|\{([^{}"]*(?:"[^"\\]*"[^{}"]*)*)\}|([^,{}"]*[^ ,{}"]))')
_FLOW_ENTRIES1 = re.compile(
    r'([A-Za-z_][A-Za-z0-9_-]{0,127}): +(?:("[^"\\]*")|([^,}"]*[^ ,}"]))')
# any other flow collection: its quoted scalars (double-quoted without escapes), and its
# indicators
_QUOTED = re.compile(r"\"[^\"\\]*\"|'[^']*(?:''[^']*)*'")
_FLOW_SPLIT = re.compile(r"([\[\]{},])")

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
_SEQ = 3  # a flow sequence of scalars: a tuple of them
_MAP = 4  # a flow mapping of scalars: a tuple of (key, value) pairs
_NESTED = 5  # another flow collection: its text
_QSTART = 6  # a quoted scalar that goes on after its line: (its quote, the text after it)

_Line = tuple[int, int, Any, Any, Any]
_BLANK_LINE: _Line = (-1, _BLANK, None, None, None)


# Classifications of lines by their text, and resolve_plain's answers by text. Both are cleared
# when full; their values are never changed, so sharing them between threads is harmless.
_LINES: dict[str, _Line] = {}
_LINES_MAX = 50_000
_RESOLVED: dict[str, Any] = {}
_RESOLVED_MAX = 50_000
_UNKNOWN = object()


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
    return _flow_build(value, depth + 1)


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
    if (first not in _SPECIAL_FIRST and rest[-1] != " " and rest[-1] != ":"
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
            return (indent, kind, key, *_flow(rest))
        return (indent, kind, key, _SCALAR, _scalar(rest))
    except NotSimple as exc:
        return (indent, _OTHER, str(exc), None, None)


def _scalar(rest: str) -> Any:
    """A plain or quoted scalar that is all of ``rest`` (no spaces around it)."""
    first = rest[0]
    if first in BAD_FIRST:
        if first == '"':
            if len(rest) < 2 or rest[-1] != '"':
                raise NotSimple("a double-quoted scalar not alone on its line")
            inner = rest[1:-1]
            if quote_end('"', inner + '"') != len(inner):
                raise NotSimple("a double-quoted scalar not alone on its line")
            return unescape(inner)
        if first == "'":
            if len(rest) < 2 or rest[-1] != "'":
                raise NotSimple("a single-quoted scalar not alone on its line")
            inner = rest[1:-1]
            if "'" in inner:
                if "'" in inner.replace("''", ""):
                    raise NotSimple("a single-quoted scalar not alone on its line")
                inner = inner.replace("''", "'")
            return inner
        raise NotSimple("a YAML indicator")
    if ": " in rest or " #" in rest or rest[-1] == ":":
        raise NotSimple("a plain scalar with ': ', ' #' or a final ':'")
    if first in _RESOLVE_FIRST:
        return _word(rest)
    return rest


def _word(text: str) -> Any:
    """A plain scalar starting with one of _SPECIAL_FIRST: resolve_plain(text), remembered, or
    NotSimple for a YAML indicator. The caller has checked the rest of it."""
    try:
        return _RESOLVED[text]
    except KeyError:
        pass
    first = text[0]
    if first in _WORD_FIRST:
        # what resolve_plain does with these: null, booleans, or the text
        return _KEYWORDS.get(text, text)
    if first in BAD_FIRST or (first == "-" and (len(text) == 1 or text[1] == " ")):
        raise NotSimple("a YAML indicator")
    value: Any
    if text.isdigit() and text.isascii():
        value = SrcInt(int(text), text)  # as resolve_plain reads [0-9]+
    elif (len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii()
          and (digits := text[:4] + text[5:7] + text[8:]).isdigit()):
        # as resolve_plain reads [0-9]{4}-[0-9]{2}-[0-9]{2} (not an int nor a float)
        try:
            value = _dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        except ValueError:
            value = text  # an impossible date stays text
    else:
        value = resolve_plain(text)
    if len(_RESOLVED) >= _RESOLVED_MAX:
        _RESOLVED.clear()
    _RESOLVED[text] = value
    return value


def _flow(text: str) -> tuple[int, Any]:
    """The value kind and value of a flow collection that is all of ``text``: for anything
    but flat collections of plain scalars, the text, read anew each time it is used."""
    special = _SPECIAL_FIRST
    if text[0] == "[":
        m = _FLOW_SIMPLE_SEQ.match(text)
        if m is not None:
            inner = m.group(1)
            words = [part.strip(" ") for part in inner.split(",")]
            if "" in words:
                if len(words) == 1:
                    return _SEQ, ()
                raise NotSimple("an empty entry in a flow sequence")
            if "'" not in inner or all(word[0] != "'" for word in words):  # women's groups
                return _SEQ, tuple([_word(word) if word[0] in special else word
                                    for word in words])
    elif (text.find("{", 1) < 0 and '"' not in text
          and _FLOW_SIMPLE_MAP.match(text) is not None):
        pairs = _FLOW_PAIRS.findall(text)
        if len({key for key, _ in pairs}) != len(pairs):
            raise NotSimple("duplicate key")
        return _MAP, tuple([(key, _word(word) if word[0] in special else word)
                            for key, word in pairs])
    return _NESTED, text


def _flow_build(text: str, depth: int) -> Any:  # noqa: C901 - hot loop: one pass per piece, its state kept local
    """A new list or dict for the flow collection that is all of ``text``, at ``depth``:
    collections of plain and quoted scalars (no escapes) and of such collections."""
    # one loop over the pieces of the text, kept whole (76 lines, complexity 23): it runs for
    # every nested flow collection history reads, and its state (the open collections, what
    # the last piece closed) is what a split would have to pass around on every piece
    if text[0] == "{" and _FLOW_MAP2.match(text) is not None:
        return _flow_map2(text, depth)
    quoted: list[str] = []
    if '"' in text or "'" in text:
        # each quoted scalar becomes one NUL (which no line holds), to be a whole entry
        quoted = [q[1:-1] if q[0] == '"' else q[1:-1].replace("''", "'")
                  for q in _QUOTED.findall(text)]
        text = _QUOTED.sub("\0", text)
        if '"' in text or "'" in text:
            raise NotSimple("a quote inside a plain scalar, or an escape")
        quoted.reverse()
    pieces = _FLOW_SPLIT.split(text)  # texts and the indicators between them
    if pieces[-1].strip(" "):
        raise NotSimple("text after a flow collection")
    root: Any = None
    container: Any = None  # the innermost open collection
    is_map = False
    stack: list[tuple[Any, bool]] = []
    opened = False  # a collection has just opened (it may close at once)
    closed = False  # the entry before the next indicator is a collection that has just closed
    for k in range(1, len(pieces), 2):
        entry = pieces[k - 1].strip(" ")
        sep = pieces[k]
        if sep == "[" or sep == "{":
            new: Any = [] if sep == "[" else {}
            if closed:
                raise NotSimple("two entries without a comma")
            if container is None:
                if root is not None or entry:
                    raise NotSimple("text around a flow collection")
                root = new
            elif is_map:
                key = entry[:-1]
                if entry[-1:] != ":" or not _is_key(key) or key in container:
                    raise NotSimple("not a `key: ` before a flow collection")
                container[key] = new
            else:
                if entry:
                    raise NotSimple("two entries without a comma")
                container.append(new)
            if depth + len(stack) >= MAX_DEPTH:
                raise NotSimple("deeply nested")
            stack.append((container, is_map))
            container = new
            is_map = sep == "{"
            opened = True
            continue
        if container is None:
            raise NotSimple("text after a flow collection")
        if entry:
            if closed:
                raise NotSimple("two entries without a comma")
            if is_map:
                at = entry.find(": ")
                key = entry[:at]
                if at < 0 or not _is_key(key) or key in container:
                    raise NotSimple("not a `key: value` entry in a flow mapping")
                container[key] = _flow_scalar(entry[at + 2:].lstrip(" "), quoted)
            else:
                container.append(_flow_scalar(entry, quoted))
        elif not closed and not (opened and sep != ","):
            raise NotSimple("an empty entry in a flow collection")
        opened = False
        if sep == ",":
            closed = False
            continue
        if (sep == "}") != is_map:
            raise NotSimple("a flow collection closed by the wrong bracket")
        container, is_map = stack.pop()
        closed = True
    if container is not None or root is None:
        raise NotSimple("a flow collection not closed on its line")
    return root


def _flow_map2(text: str, depth: int) -> dict[str, Any]:
    """A new dict for a flow mapping that _FLOW_MAP2 matches, at ``depth``."""
    special = _SPECIAL_FIRST
    resolved = _RESOLVED.get
    out: dict[str, Any] = {}
    value: Any
    for key, quoted, inner, word in _FLOW_ENTRIES2.findall(text):
        if key in out:
            raise NotSimple("duplicate key")
        if quoted:
            out[key] = quoted[1:-1]
        elif word:
            if word[0] in special:
                value = resolved(word, _UNKNOWN)
                out[key] = _word(word) if value is _UNKNOWN else value
            else:
                out[key] = word
        else:
            if depth + 1 >= MAX_DEPTH:
                raise NotSimple("deeply nested")
            nested: dict[str, Any] = {}
            for key2, quoted2, word2 in _FLOW_ENTRIES1.findall(inner):
                if key2 in nested:
                    raise NotSimple("duplicate key")
                if quoted2:
                    nested[key2] = quoted2[1:-1]
                elif word2[0] in special:
                    value = resolved(word2, _UNKNOWN)  # the answer to a question, most likely
                    nested[key2] = _word(word2) if value is _UNKNOWN else value
                else:
                    nested[key2] = word2
            out[key] = nested
    return out


def _is_key(key: str) -> bool:
    """Whether ``key`` is a plain word ([A-Za-z_][A-Za-z0-9_-]*, at most 128 characters)."""
    return (0 < len(key) <= 128 and key.isascii() and key[0] != "-"
            and key.replace("-", "_").isidentifier())


def _flow_scalar(entry: str, quoted: list[str]) -> Any:
    """An entry of a flow collection, stripped: a NUL for the next quoted scalar, or a plain
    scalar."""
    if entry == "\0":
        return quoted.pop()
    if ":" in entry or "#" in entry or "\0" in entry:
        raise NotSimple("a flow scalar holding ':', '#' or a quoted part")
    if entry[0] in _SPECIAL_FIRST:
        return _word(entry)
    return entry
