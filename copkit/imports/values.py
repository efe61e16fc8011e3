"""The values of CSV cells: an email, a date or date-time as spreadsheet and meeting tools
write them (day-first or month-first told from the whole column), a duration. A cell that
does not hold what its column says is a :class:`copkit.errors.RecordError` at the cell.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Sequence
from typing import Protocol

from copkit.errors import RecordError


class _Headers(Protocol):
    def header_of(self, name: str) -> str: ...


class Row(Protocol):
    """What the values read of a row (a :class:`copkit.imports.table.Row`): a field's cell on
    one line, where that cell is, and the table's header for it. A protocol, so this module
    does not import the table, which imports it."""

    @property
    def table(self) -> _Headers: ...

    def get(self, name: str) -> str: ...

    def where(self, name: str | None = None) -> str: ...

EMAIL = re.compile(r"^[^@\s<>(),;:]+@[^@\s<>(),;:]+\.[^@\s<>(),;:.]+$")


def email_of(row: Row, name: str = "email") -> str | None:
    """The row's email, or None when empty; junk is an error at the cell."""
    value = row.get(name)
    if not value:
        return None
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1].strip()
    if value.lower().startswith("mailto:"):
        value = value[7:]
    if not EMAIL.match(value):
        raise RecordError(
            f"'{value[:60]}' in column '{row.table.header_of(name)}' is not an email address",
            "fix or empty the cell; if this column does not hold emails, name the right one "
            "with --map 'Column=email'", row.where(name))
    return value


_DATE_FORMATS_TIME = ("%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p", "%I:%M:%S%p",
                      "%I:%M%p")


def _clean_datetime_text(text: str) -> str:
    text = text.strip()
    text = re.sub(r"\s*(GMT|UTC)([+-]\d{1,2}(:?\d{2})?)?$", "", text)
    text = re.sub(r"(?<=\d)T(?=\d)", " ", text)
    text = re.sub(r"(?<=\d)(Z|[+-]\d{2}:?\d{2})$", "", text)
    text = re.sub(r"\.\d+$", "", text)
    text = text.replace(",", " ")
    text = re.sub(r"\b(a\.?\s?m\.?)$", "AM", text, flags=re.I)
    text = re.sub(r"\b(p\.?\s?m\.?)$", "PM", text, flags=re.I)
    return " ".join(text.split())


def day_first(values: Sequence[str]) -> bool:
    """Whether dates like 03/04/2026 in these values are day-first (Europe, Latin America)
    or month-first (the US, and tools writing AM/PM)."""
    ampm = False
    for value in values:
        m = re.match(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})", value)
        if not m:
            continue
        a, b = int(m.group(1)), int(m.group(2))
        if a > 12 >= b:
            return True
        if b > 12 >= a:
            return False
        ampm = ampm or bool(re.search(r"[AaPp]\.?[Mm]\.?\s*$", value))
    return not ampm


def parse_datetime(text: str, dayfirst: bool) -> _dt.datetime | None:
    """A date or date-time as written by spreadsheet and meeting tools, or None."""
    text = _clean_datetime_text(text)
    if not text:
        return None
    date_part, _, time_part = text.partition(" ")
    day: _dt.date | None = None
    m = re.match(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$", date_part)
    try:
        if m:
            day = _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        else:
            m = re.match(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$", date_part)
            if m:
                a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
                y = y + 2000 if y < 100 else y
                d, mo = (a, b) if dayfirst else (b, a)
                day = _dt.date(y, mo, d)
    except ValueError:
        return None
    if day is None:
        return None
    moment = _dt.time()
    if time_part:
        time_part = time_part.upper().replace(" AM", "AM").replace(" PM", "PM")
        for fmt in _DATE_FORMATS_TIME:
            try:
                moment = _dt.datetime.strptime(time_part, fmt.replace(" %p", "%p")).time()
                break
            except ValueError:
                continue
        else:
            return None
    return _dt.datetime.combine(day, moment)


def datetime_of(row: Row, name: str, dayfirst: bool) -> _dt.datetime | None:
    value = row.get(name)
    if not value:
        return None
    parsed = parse_datetime(value, dayfirst)
    if parsed is None:
        raise RecordError(
            f"'{value[:60]}' in column '{row.table.header_of(name)}' is not a date copkit "
            "can read", "write dates as YYYY-MM-DD (2026-05-10), DD/MM/YYYY or MM/DD/YYYY, "
            "with an optional time", row.where(name))
    return parsed


def minutes_of(row: Row, name: str) -> float | None:
    """A duration in minutes: '95', '95.5', '1:35:00', '01:35', '1h 35m', '1 h 35 min 3 s'."""
    value = row.get(name)
    if not value:
        return None
    text = value.strip().lower().replace(",", ".")
    try:
        minutes = float(text)
    except ValueError:
        pass
    else:  # float() also reads inf, nan and 1e999: no meeting lasts that long
        if math.isfinite(minutes):
            return minutes
    m = re.match(r"^(\d+):(\d{1,2})(?::(\d{1,2}))?$", text)
    if m:
        h, mi, s = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
        return h * 60 + mi + s / 60
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*(h|hr|hrs|hours?|heures?|horas?|m|min|mins|"
                       r"minutes?|minutos?|s|sec|secs|seconds?|segundos?|secondes?)\b", text)
    if parts and re.fullmatch(r"[\d.\shrminutoseacd]+", text):
        total = 0.0
        for number, unit in parts:
            amount = float(number)
            if unit.startswith("h"):
                total += amount * 60
            elif unit.startswith("m"):
                total += amount
            else:
                total += amount / 60
        return total
    raise RecordError(
        f"'{value[:40]}' in column '{row.table.header_of(name)}' is not a duration",
        "write minutes (95), h:mm:ss (1:35:00) or 1h 35m", row.where(name))
