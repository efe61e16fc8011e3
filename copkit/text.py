"""Control characters: refused in what people type or import, escaped in what copkit prints.

A control character (ESC, NUL, a carriage return, the C1 range, DEL) or a bidirectional
override or isolate (U+202A-U+202E, U+2066-U+2069) in a name would reach the terminal of
whoever lists the members: ``ESC [31m`` recolours it, an override reorders what they read.
Values typed on the command line or read from a CSV file are refused when they hold one (a
line break and a tab are allowed only in multi-line fields such as notes); values already in
the files are reported by ``copkit check`` and escaped (``\\x1b``) wherever copkit prints or
writes them: tables, search results, findings, CSV, JSON, and the context of every report and
newsletter template (:func:`printable_tree`), so Markdown, HTML, Typst and the charts get
the escaped text.

Invisible characters (zero-width space, joiners, U+2060, U+FEFF inside text, and the
left-to-right and right-to-left marks U+200E/U+200F) do not drive a terminal and are part of
some scripts (Persian spells words with U+200C, emoji sequences use U+200D, right-to-left text
uses the marks), so documents keep them; but in a name they make two names look identical,
so :func:`invisible_char` finds the ones no script needs there, and ``printable(...,
invisible=True)`` shows them wherever copkit points at a problem.

**Folding and slugs.** The one way copkit compares text with accents, case and punctuation
ignored is :func:`fold` ("LÓPEZ, María" -> "lopez maria"): people matching, imports, find, the
health scorecard's shared words and the order of names in a report all use it. The one way it
makes an id or a file name from a name or a title is :func:`slugify`, the same fold joined by
hyphens ("Straße Øster" -> "strasse-oster"): the record commands, imports and the file names
``copkit check`` suggests.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, TypeVar, cast

T = TypeVar("T")

_NAMES = {"\x00": "NUL", "\t": "a tab", "\n": "a line break", "\r": "a carriage return",
          "\x1b": "ESC", "\x7f": "DEL", "\x08": "a backspace", "\x0b": "a vertical tab",
          "\x0c": "a form feed", "\u200b": "a zero-width space",
          "\u200c": "a zero-width non-joiner", "\u200d": "a zero-width joiner",
          "\u200e": "a left-to-right mark", "\u200f": "a right-to-left mark",
          "\u2060": "a word joiner", "\ufeff": "a zero-width no-break space"}
_CONTROLS = "\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_INVISIBLES = "\u200b-\u200f\u2060\ufeff"
_BAD = re.compile(f"[{_CONTROLS}]")
_BAD_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_BAD_INVISIBLE = re.compile(f"[{_CONTROLS}{_INVISIBLES}]")
_BAD_MULTILINE_INVISIBLE = re.compile(
    f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069{_INVISIBLES}]")
_INVISIBLE = re.compile(f"[{_INVISIBLES}]")
# the joiners and marks a script needs between two of its own characters (Persian, Indic
# scripts, emoji, Hebrew and Arabic); between Latin letters or at an edge they hide
_JOINERS = frozenset("\u200c\u200d\u200e\u200f")


def control_char(text: str, multiline: bool = False) -> tuple[int, str] | None:
    """The index and the character of the first control character of ``text`` (line breaks
    and tabs are allowed when ``multiline``), or None."""
    m = (_BAD_MULTILINE if multiline else _BAD).search(text)
    return (m.start(), m.group()) if m else None


def control_chars(text: str, multiline: bool = False) -> list[tuple[int, str]]:
    """The index and the character of every control character of ``text`` (see
    :func:`control_char`)."""
    return [(m.start(), m.group())
            for m in (_BAD_MULTILINE if multiline else _BAD).finditer(text)]


def invisible_char(text: str) -> tuple[int, str] | None:
    """The index and the character of the first invisible character of ``text`` that makes
    it look like another text (a zero-width space, U+2060, U+FEFF anywhere; a joiner or a
    direction mark unless it sits between two non-ASCII characters, where a script needs
    it), or None."""
    for m in _INVISIBLE.finditer(text):
        i, ch = m.start(), m.group()
        if ch in _JOINERS and 0 < i < len(text) - 1 and not text[i - 1].isascii() \
                and not text[i + 1].isascii():
            continue
        return i, ch
    return None


def describe(ch: str) -> str:
    """'ESC (U+001B)', 'a line break (U+000A)', 'a zero-width space (U+200B)'..."""
    code = f"U+{ord(ch):04X}"
    if ch in _NAMES:
        return f"{_NAMES[ch]} ({code})"
    if "\u202a" <= ch <= "\u2069":
        return f"a bidirectional text override ({code})"
    return f"the control character {code}"


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def printable(text: str, multiline: bool = False, *, invisible: bool = False) -> str:
    """``text`` with each control character written as an escape (``\\x1b``, ``\\u202e``),
    so that printing it cannot drive the terminal; line breaks and tabs are kept when
    ``multiline``; the invisible characters too are escaped when ``invisible`` (in a message
    that points at a problem, so the reader sees why two names differ)."""
    if invisible:
        pattern = _BAD_MULTILINE_INVISIBLE if multiline else _BAD_INVISIBLE
    else:
        pattern = _BAD_MULTILINE if multiline else _BAD
    return pattern.sub(_escape, text) if pattern.search(text) else text


def printable_tree(value: T) -> T:
    """A copy of ``value`` (dicts, lists and tuples, nested) with every string, keys too,
    through :func:`printable` (line breaks and tabs kept): the context of a template, made
    safe once where record text enters it. Anything else (numbers, dates, None) is kept."""
    return cast(T, _tree(value))


def _tree(value: Any) -> Any:
    if isinstance(value, str):
        return printable(value, multiline=True) if not value.isprintable() else value
    if isinstance(value, dict):
        return {_tree(k): _tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tree(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_tree(v) for v in value)
    return value


def printable_json(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with the characters JSON
    leaves raw — DEL, the C1 range, bidirectional overrides — written as ``\\uXXXX``."""
    return re.sub("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]",
                  lambda m: f"\\u{ord(m.group()):04x}", text)


# ---------------------------------------------------------------- folding and slugs
# letters that do not decompose into an ASCII letter and an accent (NFKD leaves them whole)
TRANSLIT = str.maketrans({
    "ß": "ss", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ł": "l",
    "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "þ": "th", "ı": "i",
})
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff"
                        "\ufe20-\ufe2f]+")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case ASCII words, one space apart: accents removed, the letters of
    :data:`TRANSLIT` transliterated (ß -> ss, ø -> o), punctuation and letters of other
    scripts turned into spaces."""
    text = str(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(TRANSLIT))
        text = _COMBINING.sub("", text).casefold()
        if not text.isascii():  # letters that decompose after case folding (rare)
            text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    else:
        text = text.lower()
    return " ".join(_NOT_WORD.sub(" ", text).split())


def slugify(text: str, max_length: int = 60) -> str:
    """An id from a name or a title, the words of :func:`fold` joined by hyphens and cut at a
    word to at most ``max_length`` characters: 'María López' -> 'maria-lopez', 'Straße
    Øster' -> 'strasse-oster'; '' when the text holds no letter or digit."""
    slug = ""
    for word in fold(text).split():
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length and slug:
            break
        slug = candidate[:max_length]
    return slug.strip("-")
