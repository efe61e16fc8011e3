"""Control characters: refused in what people type or import, escaped in what copkit prints.

A control character (ESC, NUL, a carriage return, the C1 range, DEL) or a bidirectional
override (U+202A-U+202E, U+2066-U+2069) in a name would reach the terminal of whoever lists
the members: ``ESC [31m`` recolours it, an override reorders what they read. Values typed on
the command line or read from a CSV file are refused when they hold one (a line break and a
tab are allowed only in multi-line fields such as notes); values already in the files are
escaped (``\\x1b``) wherever copkit prints them in a table or a search result.
"""

from __future__ import annotations

import re

_NAMES = {"\x00": "NUL", "\t": "a tab", "\n": "a line break", "\r": "a carriage return",
          "\x1b": "ESC", "\x7f": "DEL", "\x08": "a backspace", "\x0b": "a vertical tab",
          "\x0c": "a form feed"}
_BAD = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_BAD_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def control_char(text: str, multiline: bool = False) -> tuple[int, str] | None:
    """The index and the character of the first control character of ``text`` (line breaks
    and tabs are allowed when ``multiline``), or None."""
    m = (_BAD_MULTILINE if multiline else _BAD).search(text)
    return (m.start(), m.group()) if m else None


def describe(ch: str) -> str:
    """'ESC (U+001B)', 'a line break (U+000A)'..."""
    code = f"U+{ord(ch):04X}"
    if ch in _NAMES:
        return f"{_NAMES[ch]} ({code})"
    if "\u202a" <= ch <= "\u2069":
        return f"a bidirectional text override ({code})"
    return f"the control character {code}"


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def printable(text: str, multiline: bool = False) -> str:
    """``text`` with each control character written as an escape (``\\x1b``, ``\\u202e``),
    so that printing it cannot drive the terminal; line breaks and tabs are kept when
    ``multiline``."""
    pattern = _BAD_MULTILINE if multiline else _BAD
    return pattern.sub(_escape, text) if pattern.search(text) else text


def printable_json(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with the characters JSON
    leaves raw — DEL, the C1 range, bidirectional overrides — written as ``\\uXXXX``."""
    return re.sub("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]",
                  lambda m: f"\\u{ord(m.group()):04x}", text)
