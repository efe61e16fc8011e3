"""One-line flow collections for the fast reader (:mod:`copkit.yaml.fast`): ``[a, b]`` and
``{k: v}`` of plain words kept as tuples by the line they are on (:func:`flow`), and any other
collection of plain and quoted scalars and of such collections built anew each time it is read
(:func:`flow_build`); anything else is :class:`NotSimple`."""

from __future__ import annotations

import re
from typing import Any

from copkit.yaml.fast_text import RESOLVED, SPECIAL_FIRST, UNKNOWN, NotSimple
from copkit.yaml.fast_text import word as _word
from copkit.yaml.scalars import MAX_DEPTH

__all__ = ["MAP", "NESTED", "SEQ", "flow", "flow_build"]

# what flow() says a collection is (value kinds of fast's line classifications)
SEQ = 3  # a flow sequence of plain scalars: a tuple of them
MAP = 4  # a flow mapping of plain scalars: a tuple of (key, value) pairs
NESTED = 5  # another flow collection: its text, for flow_build

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


def flow(text: str) -> tuple[int, Any]:
    """The value kind and value of a flow collection that is all of ``text``: for anything
    but flat collections of plain scalars, the text, read anew each time it is used."""
    special = SPECIAL_FIRST
    if text[0] == "[":
        m = _FLOW_SIMPLE_SEQ.match(text)
        if m is not None:
            inner = m.group(1)
            words = [part.strip(" ") for part in inner.split(",")]
            if "" in words:
                if len(words) == 1:
                    return SEQ, ()
                raise NotSimple("an empty entry in a flow sequence")
            if "'" not in inner or all(word[0] != "'" for word in words):  # women's groups
                return SEQ, tuple([_word(word) if word[0] in special else word
                                    for word in words])
    elif (text.find("{", 1) < 0 and '"' not in text
          and _FLOW_SIMPLE_MAP.match(text) is not None):
        pairs = _FLOW_PAIRS.findall(text)
        if len({key for key, _ in pairs}) != len(pairs):
            raise NotSimple("duplicate key")
        return MAP, tuple([(key, _word(word) if word[0] in special else word)
                            for key, word in pairs])
    return NESTED, text


def flow_build(text: str, depth: int) -> Any:  # noqa: C901 - hot loop: one pass per piece, its state kept local
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
    special = SPECIAL_FIRST
    resolved = RESOLVED.get
    out: dict[str, Any] = {}
    value: Any
    for key, quoted, inner, word in _FLOW_ENTRIES2.findall(text):
        if key in out:
            raise NotSimple("duplicate key")
        if quoted:
            out[key] = quoted[1:-1]
        elif word:
            if word[0] in special:
                value = resolved(word, UNKNOWN)
                out[key] = _word(word) if value is UNKNOWN else value
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
                    value = resolved(word2, UNKNOWN)  # the answer to a question, most likely
                    nested[key2] = _word(word2) if value is UNKNOWN else value
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
    if entry[0] in SPECIAL_FIRST:
        return _word(entry)
    return entry
