"""Writing CSV for spreadsheets, safely: a cell that starts with = + - @ (or a tab or carriage
return) would be run as a formula by Excel or LibreOffice, so it is prefixed with a '; a control
character or a bidirectional override (ESC, U+202E...) is escaped by copkit.text.printable, as
in a table, since the CSV goes to a terminal as often as to a spreadsheet. Every CSV copkit
writes goes through :func:`to_csv`."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from copkit.text import printable

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """The text of one cell, defused if a spreadsheet would take it for a formula, its control
    characters escaped (a line break and a tab are kept: a cell may hold lines)."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    text = printable(str(value), multiline=True)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """CSV text (comma-separated, quoted where needed, \\n line ends) with a header row."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([safe_cell(c) for c in columns])
    for row in rows:
        writer.writerow([safe_cell(row.get(c)) for c in columns])
    return buf.getvalue()
