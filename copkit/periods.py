"""Report periods: `2026`, `2026-Q3`, `2026-05`, `--from/--to`, default the last 12 months.

A period is a closed range of days. Its previous period has the same length in days and ends
the day before it starts (for a calendar year, quarter or month: the previous one of the kind).

This module holds copkit's only calendar arithmetic on quarters (`quarter_of`, `quarters`,
`quarters_back`...): the indicators, their charts and the quarterly trends all use it.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from copkit.errors import UsageError

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
FIRST_DAY = _dt.date(1000, 1, 1)


@dataclass(frozen=True)
class Period:
    start: _dt.date
    end: _dt.date
    label: str
    kind: str = "range"  # year, quarter, month, range

    def __contains__(self, day: object) -> bool:
        return isinstance(day, _dt.date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def quarter(self) -> int:
        """The quarter (1-4) holding the period's first day (for naming a quarter:
        `copkit.i18n.msg.period_name`)."""
        return quarter_of(self.start)[1]

    @property
    def slug(self) -> str:
        return self.label if self.kind != "range" else f"{self.start}_{self.end}"

    def previous(self) -> Period:
        if self.kind == "year":
            return year(self.start.year - 1)
        if self.kind == "quarter":
            y, q = quarter_of(self.start)
            return quarter(y - (q == 1), 4 if q == 1 else q - 1)
        if self.kind == "month":
            y, m = (self.start.year - 1, 12) if self.start.month == 1 else \
                (self.start.year, self.start.month - 1)
            return month(y, m)
        end = self.start - _dt.timedelta(days=1)
        start = end - _dt.timedelta(days=self.days - 1)
        return Period(start, end, f"{start} to {end}")

    @staticmethod
    def check(start: _dt.date, end: _dt.date) -> None:
        """Refuse a period whose previous period would fall before year 1000 (no such date
        arithmetic; no CoP records go back that far)."""
        if (start - FIRST_DAY).days < (end - start).days + 1:
            raise UsageError(f"the period {start} to {end} starts too early",
                             hint="copkit compares a period with the one before it: use "
                                  "dates after 1000-01-01")


def today() -> _dt.date:
    """Today's date (COPKIT_TODAY=YYYY-MM-DD overrides it, for tests and examples): the one
    "today" of every command."""
    import os

    forced = os.environ.get("COPKIT_TODAY")
    if forced:
        try:
            return _dt.date.fromisoformat(forced)
        except ValueError:
            raise UsageError(f"COPKIT_TODAY='{forced}' is not a date",
                             "write it as YYYY-MM-DD") from None
    return _dt.date.today()


def year(y: int) -> Period:
    return Period(_dt.date(y, 1, 1), _dt.date(y, 12, 31), f"{y}", "year")


def quarter(y: int, q: int) -> Period:
    start = _dt.date(y, 3 * q - 2, 1)
    end = _month_end(y, 3 * q)
    return Period(start, end, f"{y}-Q{q}", "quarter")


def quarter_of(day: _dt.date) -> tuple[int, int]:
    """(year, quarter) of the quarter holding `day`: 2026-11-22 is (2026, 4)."""
    return day.year, (day.month - 1) // 3 + 1


def quarter_label(day: _dt.date) -> str:
    """The label of the quarter holding `day`, as 2026-Q3 (its `Period.label`)."""
    y, q = quarter_of(day)
    return f"{y}-Q{q}"


def quarter_named(label: str) -> Period:
    """The quarter of a label such as 2026-Q3 (a quarter's `label`)."""
    y, q = label.split("-Q")
    return quarter(int(y), int(q))


def quarters(first: _dt.date, last: _dt.date) -> list[Period]:
    """The quarters from the one holding `first` to the one holding `last`, oldest first
    (none when `first` is in a later quarter than `last`)."""
    y, q = quarter_of(first)
    end = quarter_of(last)
    out = []
    while (y, q) <= end:
        out.append(quarter(y, q))
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    return out


def quarters_back(day: _dt.date, n: int) -> _dt.date:
    """The first day of the quarter ``n - 1`` quarters before the one holding ``day`` (n=1:
    that quarter's own first day)."""
    y, q = quarter_of(day)
    index = y * 4 + (q - 1) - (n - 1)
    return quarter(index // 4, index % 4 + 1).start


def month(y: int, m: int) -> Period:
    return Period(_dt.date(y, m, 1), _month_end(y, m), f"{y}-{m:02d}", "month")


def _month_end(y: int, m: int) -> _dt.date:
    nxt = _dt.date(y + (m == 12), 1 if m == 12 else m + 1, 1)
    return nxt - _dt.timedelta(days=1)


def last_12_months(today: _dt.date) -> Period:
    try:
        start = today.replace(year=today.year - 1) + _dt.timedelta(days=1)
    except ValueError:  # 29 February
        start = _dt.date(today.year - 1, 3, 1)
    return Period(start, today, f"{start} to {today}")


def as_day(value: object) -> _dt.date | None:
    """A date read from a record as it is: a date stays one, an ISO date written as text is
    read, anything else (nothing, a day that does not exist) is None. For reading records
    that may not have been checked; a typed value is read with :func:`parse_day`."""
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def parse_day(text: str, option: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option} '{text}' is not a date",
                         hint="write dates as YYYY-MM-DD, e.g. 2026-05-10") from None


def parse_period(text: str | None = None, start: str | None = None, end: str | None = None,
                 today: _dt.date | None = None) -> Period:
    """The period named by `--period` or `--from/--to` (default: the 12 months up to today)."""
    today = today or _dt.date.today()
    if text is not None and (start is not None or end is not None):
        raise UsageError("give either --period or --from/--to, not both")
    if text is not None:
        value = text.strip()
        found: Period | None = None
        if m := _YEAR.match(value):
            found = year(int(m.group(1))) if int(m.group(1)) > FIRST_DAY.year else None
        elif m := _QUARTER.match(value):
            found = quarter(int(m.group(1)), int(m.group(2))) \
                if int(m.group(1)) > FIRST_DAY.year else None
        elif (m := _MONTH.match(value)) and 1 <= int(m.group(2)) <= 12:
            found = month(int(m.group(1)), int(m.group(2))) \
                if int(m.group(1)) > FIRST_DAY.year else None
        if found is not None:
            return found
        raise UsageError(f"--period '{text}' is not a year, quarter or month",
                         hint="e.g. --period 2026, --period 2026-Q3, --period 2026-05, "
                              "or --from 2026-01-15 --to 2026-06-30")
    if start is not None or end is not None:
        d_end = parse_day(end, "--to") if end is not None else today
        d_start = parse_day(start, "--from") if start is not None else \
            last_12_months(d_end).start
        if d_start > d_end:
            to = f"--to {d_end}" if end is not None else f"today ({d_end})"
            raise UsageError(f"--from {d_start} is after {to}",
                             hint="the period starts at --from and ends at --to")
        Period.check(d_start, d_end)
        return Period(d_start, d_end, f"{d_start} to {d_end}")
    return last_12_months(today)
