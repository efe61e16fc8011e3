"""copkit.text (issue #13): the one helper that finds and escapes the characters that drive a
terminal or reorder what a reader sees, and the invisible ones that make two names look
alike."""

from __future__ import annotations

import datetime as dt

import pytest

from copkit.text import describe, invisible_char, printable, printable_tree

HOSTILE = "Rosa \x1b[31mQuispe\x1b]0;pwned\x07 \u202eRTL"
ESCAPED = "Rosa \\x1b[31mQuispe\\x1b]0;pwned\\x07 \\u202eRTL"


def test_printable_escapes_controls_and_overrides() -> None:
    assert printable(HOSTILE) == ESCAPED
    assert printable("a\tb\nc\x7f\x85\u2066d\u2069") == "a\\x09b\\x0ac\\x7f\\x85\\u2066d\\u2069"
    assert printable("a\tb\nc\r", multiline=True) == "a\tb\nc\\x0d"
    # invisible characters are text for a table (Persian needs U+200C, emoji U+200D) ...
    assert printable("Ana\u200bRuiz \u200f") == "Ana\u200bRuiz \u200f"
    # ... and escaped where copkit points at a problem
    assert printable("ana\u200b-ruiz\u200e\u2060\ufeff", invisible=True) == \
        "ana\\u200b-ruiz\\u200e\\u2060\\ufeff"
    same = "María López"
    assert printable(same) is same


def test_printable_tree_escapes_every_string_of_a_context() -> None:
    day = dt.date(2026, 5, 10)
    context = {"cop": {"name": HOSTILE}, "rows": [[HOSTILE, 3, None, 0.5, day]],
               "pair": (HOSTILE, True), HOSTILE: "key", "notes": ["one\n\ttwo\r"]}
    assert printable_tree(context) == {
        "cop": {"name": ESCAPED}, "rows": [[ESCAPED, 3, None, 0.5, day]],
        "pair": (ESCAPED, True), ESCAPED: "key", "notes": ["one\n\ttwo\\x0d"]}
    assert context["cop"] == {"name": HOSTILE}  # a copy: the records are not changed


@pytest.mark.parametrize("text, found", [
    ("Ana\u200bRuiz", (3, "\u200b")),
    ("Ana Ruiz\ufeff", (8, "\ufeff")),
    ("\u2060Ana", (0, "\u2060")),
    ("Rosa\u200cQuispe", (4, "\u200c")),          # between Latin letters: nothing to join
    ("Ana Ruiz\u200f", (8, "\u200f")),
    ("\u200eAna", (0, "\u200e")),
    ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", None),  # Persian: U+200C is spelling
    ("\U0001f469\u200d\U0001f4bb", None),          # an emoji sequence
    ("\u05e9\u05dc\u200f\u05d5\u05dd", None),      # a mark inside Hebrew text
    ("Ana Ruiz", None),
])
def test_invisible_characters(text: str, found: tuple[int, str] | None) -> None:
    assert invisible_char(text) == found


@pytest.mark.parametrize("ch, words", [
    ("\x1b", "ESC (U+001B)"),
    ("\x85", "the control character U+0085"),
    ("\u202e", "a bidirectional text override (U+202E)"),
    ("\u2067", "a bidirectional text override (U+2067)"),
    ("\u200b", "a zero-width space (U+200B)"),
    ("\u200d", "a zero-width joiner (U+200D)"),
    ("\u200f", "a right-to-left mark (U+200F)"),
    ("\u2060", "a word joiner (U+2060)"),
    ("\ufeff", "a zero-width no-break space (U+FEFF)"),
])
def test_describe(ch: str, words: str) -> None:
    assert describe(ch) == words
