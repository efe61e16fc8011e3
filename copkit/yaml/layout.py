"""The layout of a long top-level block list in a file's lines, read without parsing the file
(:class:`copkit.edit.splice.ListFile`'s quick paths): where each item starts, where the list
ends, an item's lines without the blank lines and comments after it, and the lines that
name an item's id or hold a one-line field. Plain text work: whatever is edited with it is
checked by parsing a window around the edit.

A block list's items start on the lines that begin with a dash at the list's indentation
(block scalars and nested values are indented further, comments start with '#'), and the
list ends at the next line that starts at column 0.
"""

from __future__ import annotations

import re

# (0-based first lines of the items, end of the list, dash indentation)
Layout = tuple[list[int], int, int]


def block_list(lines: list[str], key: str) -> Layout | None:
    """The :data:`Layout` of the top-level block list ``key`` in ``lines`` (kept ends); None
    when the list is not a plain block list of mappings written once."""
    head = re.compile(rf"^{re.escape(key)}[ \t]*:[ \t]*(?:#.*)?$")
    heads = [i for i, ln in enumerate(lines) if ln[:1] == key[:1] and
             head.match(ln.rstrip("\r\n"))]
    if len(heads) != 1:
        return None
    starts: list[int] = []
    dash = -1
    end = len(lines)
    for i in range(heads[0] + 1, len(lines)):
        ln = lines[i]
        stripped = ln.lstrip(" ")
        if not stripped.strip() or stripped[0] == "#":
            continue
        indent = len(ln) - len(stripped)
        if indent == 0 and stripped[0] != "-":
            end = i
            break
        if stripped[0] == "-" and stripped[1:2] in (" ", "\n", "\r", ""):
            if dash < 0:
                dash = indent
            if indent == dash:
                if stripped[1:].lstrip()[:1] in ("{", "[", "&", "*", "!", "|", ">"):
                    return None
                starts.append(i)
                continue
        if dash < 0 or indent <= dash:
            return None
    return (starts, end, dash) if starts else None


def without_trailing(lines: list[str], start: int, stop: int, dash: int) -> int:
    """The end of the item on lines [start, stop) without the blank lines after it and the
    comments after it at the list's indentation ``dash`` or less (they belong to what
    follows)."""
    while stop > start + 1:
        last = lines[stop - 1]
        stripped = last.strip()
        indent = len(last) - len(last.lstrip(" "))
        if not stripped or (stripped.startswith("#") and indent <= dash):
            stop -= 1
        else:
            break
    return stop


def item_span(lines: list[str], layout: Layout, index: int) -> tuple[int, int]:
    """0-based [start, end) lines of item ``index`` of a list laid out as ``layout``."""
    starts, end, dash = layout
    start = starts[index]
    stop = starts[index + 1] if index + 1 < len(starts) else end
    return start, without_trailing(lines, start, stop, dash)


def id_lines(item_id: str) -> re.Pattern[str]:
    """The lines naming ``item_id`` as an item's ``id:`` (quoted or not, after a dash or
    not), in a text searched with ``finditer``."""
    return re.compile(rf"^[ \t]*(?:-[ \t]+)?id:[ \t]*[\"']?{re.escape(item_id)}"
                      rf"[\"']?[ \t]*(?:#.*)?\r?$", re.M)


def field_lines(field: str) -> re.Pattern[str]:
    """The one-line ``field: value`` lines, the value (unquoted, to a space or '#') its
    group 1."""
    return re.compile(rf"^[ \t]*(?:-[ \t]+)?{re.escape(field)}:[ \t]*[\"']?"
                      r"([^\"'\s#]+)[\"']?", re.M)


def offsets(lines: list[str], start: int, end: int) -> tuple[int, int]:
    """The character offsets in the text of lines [start, end)."""
    a = sum(len(x) for x in lines[:start])
    return a, a + sum(len(x) for x in lines[start:end])


def plain_line_ends(text: str) -> tuple[str, bool]:
    """``text`` with Windows line ends made plain (ruamel writes \\n), and whether it had
    them, so that the edited lines can be given the file's own line ends back."""
    if "\r\n" in text and text.count("\r\n") == text.count("\n"):
        return text.replace("\r\n", "\n"), True
    return text, False


def line_ends(text: str, crlf: bool) -> str:
    """``text`` with the line ends :func:`plain_line_ends` found."""
    return text.replace("\n", "\r\n") if crlf else text
