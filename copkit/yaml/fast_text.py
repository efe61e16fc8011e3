"""The scalars of the fast reader (:mod:`copkit.yaml.fast`): a plain or quoted scalar alone
on its line (:func:`scalar`; a plain word resolved as the full parser resolves it,
:func:`word`, remembered by its text), ``|`` block scalars, and plain and quoted scalars folded
over lines as PyYAML and ruamel write long strings (with double-quoted escapes); the syntax of
plain scalars; and :class:`NotSimple`, how any part of the fast reader says "leave this to
the full parser"."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from copkit.yaml.scalars import SrcInt, resolve_plain

__all__ = ["BAD_CHAR", "BAD_FIRST", "KEY_LINE", "RESOLVED", "SPECIAL_FIRST", "UNKNOWN",
           "NotSimple", "literal", "plain_more", "quote_end", "quoted_more", "scalar", "unescape",
           "word"]


class NotSimple(Exception):
    """The text is outside the simple subset :func:`load_simple` reads: use read.parse."""


# Characters that need a closer look than this module gives: anything that is not printable for
# libyaml, line breaks other than \n (\r, NEL, LS, PS), the byte-order mark, tabs.
BAD_CHAR = re.compile(
    r"[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")

# `key:` or `key: ` at the start of a line's content (after its indentation), before the value
KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,127}):(?: +|\Z)")

# plain scalars: characters that cannot start one (YAML indicators), and the first characters
# that resolve_plain may turn into something other than the text itself
BAD_FIRST = frozenset("?:,[]{}#&*!|>'\"%@`")
_RESOLVE_FIRST = frozenset("-+0123456789.~tTfFnN")
# of those, the ones of words, and the words resolve_plain does not keep as text
_WORD_FIRST = frozenset("~tTfFnN")
_KEYWORDS: dict[str, Any] = {
    "~": None, "null": None, "Null": None, "NULL": None,
    "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
SPECIAL_FIRST = BAD_FIRST | _RESOLVE_FIRST

# resolve_plain's answers by text (cleared when full; the values are never changed, so sharing
# them between threads is harmless)
RESOLVED: dict[str, Any] = {}
_RESOLVED_MAX = 50_000
UNKNOWN = object()

# a line of spaces only, in a block scalar's text
_SPACE_LINE = re.compile(r"^ +$", re.MULTILINE)


def plain_more(lines: list[str], start: int, owner: int) -> tuple[Any, int]:
    """A plain scalar that starts on line ``start`` (a value of a collection at column
    ``owner``) and goes on over the next lines, indented more, without blank lines (as PyYAML
    and ruamel fold long strings); and the index of the line after it."""
    raw = _raw_value(lines[start])
    if not raw or raw[0] in BAD_FIRST:
        raise NotSimple("uneven indentation")  # text under a quoted scalar or a collection
    parts = [raw]
    n = len(lines)
    j = start + 1
    while j < n:
        text = lines[j]
        content = text.lstrip(" ")
        if not content or len(text) - len(content) <= owner:
            break
        if not text.isprintable() and BAD_CHAR.search(text) is not None:
            raise NotSimple("a character that needs the full parser")
        content = content.rstrip(" ")
        if (content[0] in BAD_FIRST or content[0] == "-" or ": " in content
                or " #" in content or content[-1] == ":"):
            raise NotSimple("a plain scalar line that needs the full parser")
        parts.append(content)
        j += 1
    if j == start + 1:
        raise NotSimple("uneven indentation")  # a blank line or a comment before the text
    return resolve_plain(" ".join(parts)), j


def _raw_value(text: str) -> str:
    """The text of the scalar written on the line ``text`` after its ``- `` and ``key: ``,
    without the spaces around it."""
    content = text.strip(" ")
    if content[:1] == "-" and content[1:2] in ("", " "):
        content = content[1:].lstrip(" ")
    m = KEY_LINE.match(content)
    return content[m.end():] if m is not None else content


def literal(lines: list[str], i: int, owner: int, strip: bool) -> tuple[str, int]:
    """A ``|`` (clip) or ``|-`` (strip) block scalar whose header ended line ``i - 1``, in a
    collection at column ``owner``; and the index of the line after it (and after its trailing
    blank lines)."""
    n = len(lines)
    start = i
    longest_blank = 0
    while i < n:
        line = lines[i]
        content = line.lstrip(" ")
        if content:
            break
        if len(line) > longest_blank:
            longest_blank = len(line)
        i += 1
    else:
        content = ""
    indent = len(lines[i]) - len(content) if i < n else 0
    if i == n or indent <= owner:
        # an empty block scalar: the next line with text is not indented under the key
        if longest_blank > owner:
            raise NotSimple("an empty block scalar followed by indented blank lines")
        return "", start
    if longest_blank > indent:
        raise NotSimple("a blank line in a block scalar indented more than its text")
    prefix = " " * indent
    parts = [""] * (i - start)  # the leading blank lines
    add = parts.append
    end = i
    while end < n:
        line = lines[end]
        if line.startswith(prefix):
            add(line[indent:])
        elif line.strip(" "):
            break  # a line with text, indented less: the end of the block scalar
        else:
            add("")  # a blank line indented less
        end += 1
    while not parts[-1]:
        parts.pop()  # the trailing blank lines (the first line has text)
    last = start + len(parts) - 1  # the last line with text
    value = "\n".join(parts)
    one_line = value.replace("\n", " ")
    if not one_line.isprintable() and BAD_CHAR.search(one_line) is not None:
        raise NotSimple("a character that needs the full parser")
    if "\n " in value and _SPACE_LINE.search(value) is not None:
        # a line of more spaces than the indentation is text for YAML: leave it to PyYAML
        raise NotSimple("a line of spaces in a block scalar")
    if not strip and last < n - 1:
        # clip: the line break after the last line of text is kept, when there is one
        value += "\n"
    return value, end


# the escapes of double-quoted scalars (as PyYAML reads them)
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_ESCAPES = {"0": "\0", "a": "\x07", "b": "\x08", "t": "\t", "n": "\n", "v": "\x0b",
            "f": "\x0c", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
            "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
# the text of a double-quoted scalar up to its closing quote, or its line's end
_DQ_BODY = re.compile(r'(?:[^"\\]|\\.)*')


def _unescape_one(m: re.Match[str]) -> str:
    code = m.group(1)
    if len(code) == 1:
        try:
            return _ESCAPES[code]
        except KeyError:
            raise NotSimple("an unknown escape") from None
    point = int(code[1:], 16)
    if 0xD800 <= point <= 0xDFFF or point > 0x10FFFF:
        raise NotSimple("an escape of a surrogate")
    return chr(point)


def unescape(text: str) -> str:
    """The text of a piece of a double-quoted scalar, its escapes read."""
    return _ESCAPE.sub(_unescape_one, text) if "\\" in text else text


def quote_end(quote: str, text: str) -> int:
    """Where the quoted scalar whose text (after the opening quote) starts ``text`` ends: the
    index of its closing quote, or -1 when it goes on after this line."""
    if quote == "'":
        at = text.find("'")
        while at >= 0 and text[at + 1:at + 2] == "'":
            at = text.find("'", at + 2)
        return at
    end = _DQ_BODY.match(text).end()  # type: ignore[union-attr]  # it matches ''
    if end < len(text) and text[end] == '"':
        return end
    return -1


def quoted_more(lines: list[str], i: int, owner: int, start: tuple[str, str]) -> tuple[str, int]:
    """A quoted scalar that starts on line ``i`` (a value of a collection at column ``owner``)
    and goes on over the next lines, indented more; and the index of the line after it. Its
    lines are folded as YAML folds them: one line break becomes a space, n blank lines n line
    breaks; in a double-quoted scalar a ``\\`` at the end of a line joins the lines."""
    quote, first = start
    double = quote == '"'
    pieces = [first]
    blanks = [0]
    n = len(lines)
    j = i + 1
    count = 0
    while True:
        if j >= n:
            raise NotSimple("a quoted scalar not closed")
        text = lines[j]
        j += 1
        if not text.isprintable() and BAD_CHAR.search(text) is not None:
            raise NotSimple("a character that needs the full parser")
        content = text.lstrip(" ")
        if not content:
            count += 1
            continue
        if len(text) - len(content) <= owner:
            raise NotSimple("a quoted scalar's line not indented")
        end = quote_end(quote, content)
        blanks.append(count)
        count = 0
        if end >= 0:
            if content[end + 1:].strip(" "):
                raise NotSimple("text after a quoted scalar")
            pieces.append(content[:end])
            break
        pieces.append(content)
    return _fold(pieces, blanks, double), j


def _fold(pieces: list[str], blanks: list[int], double: bool) -> str:
    """The value of a quoted scalar written over lines: their texts (without the quotes, and
    the spaces before the text of each line but the first) and the number of blank lines
    before each."""
    out: list[str] = []
    joined = False  # the piece before ended with an escaped line break
    last = len(pieces) - 1
    for k, piece in enumerate(pieces):
        if k:
            if joined:
                if blanks[k]:
                    raise NotSimple("blank lines after an escaped line break")
            else:
                out.append("\n" * blanks[k] if blanks[k] else " ")
        joined = False
        if k < last:
            stripped = piece.rstrip(" ")
            if double and (len(stripped) - len(stripped.rstrip("\\"))) % 2:
                if len(stripped) != len(piece):
                    raise NotSimple("an escaped space at the end of a line")
                joined = True
                stripped = stripped[:-1]
            piece = stripped
        if double:
            piece = unescape(piece)
        elif "''" in piece:
            piece = piece.replace("''", "'")
        out.append(piece)
    return "".join(out)


def scalar(rest: str) -> Any:
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
        return word(rest)
    return rest


def word(text: str) -> Any:
    """A plain scalar starting with one of SPECIAL_FIRST: resolve_plain(text), remembered, or
    NotSimple for a YAML indicator. The caller has checked the rest of it."""
    try:
        return RESOLVED[text]
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
    if len(RESOLVED) >= _RESOLVED_MAX:
        RESOLVED.clear()
    RESOLVED[text] = value
    return value
