"""Report periods: the forms of --period and --from/--to, the previous period, bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from copkit.errors import UsageError
from copkit.periods import (
    Period,
    last_12_months,
    parse_period,
    quarter,
    quarter_label,
    quarter_named,
    quarter_of,
    quarters,
    quarters_back,
)

D = dt.date
TODAY = D(2026, 11, 20)


@pytest.mark.parametrize(("text", "start", "end", "label", "days"), [
    ("2026", D(2026, 1, 1), D(2026, 12, 31), "2026", 365),
    ("2024", D(2024, 1, 1), D(2024, 12, 31), "2024", 366),          # leap year
    ("2026-Q1", D(2026, 1, 1), D(2026, 3, 31), "2026-Q1", 90),
    ("2026-q3", D(2026, 7, 1), D(2026, 9, 30), "2026-Q3", 92),      # lower-case q accepted
    ("2026-Q4", D(2026, 10, 1), D(2026, 12, 31), "2026-Q4", 92),
    ("2026-02", D(2026, 2, 1), D(2026, 2, 28), "2026-02", 28),
    ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "2024-02", 29),
    ("2026-12", D(2026, 12, 1), D(2026, 12, 31), "2026-12", 31),
    (" 2026-05 ", D(2026, 5, 1), D(2026, 5, 31), "2026-05", 31),    # spaces around
])
def test_named_periods(text: str, start: dt.date, end: dt.date, label: str, days: int) -> None:
    p = parse_period(text, today=TODAY)
    assert (p.start, p.end, p.label, p.days) == (start, end, label, days)
    assert p.slug == label


@pytest.mark.parametrize(("text", "prev_label", "prev_start", "prev_end"), [
    ("2026", "2025", D(2025, 1, 1), D(2025, 12, 31)),
    ("2026-Q1", "2025-Q4", D(2025, 10, 1), D(2025, 12, 31)),   # across the year
    ("2026-Q3", "2026-Q2", D(2026, 4, 1), D(2026, 6, 30)),
    ("2026-01", "2025-12", D(2025, 12, 1), D(2025, 12, 31)),
    ("2026-03", "2026-02", D(2026, 2, 1), D(2026, 2, 28)),     # shorter month: the month before
])
def test_previous_of_named_periods(text: str, prev_label: str, prev_start: dt.date,
                                   prev_end: dt.date) -> None:
    prev = parse_period(text, today=TODAY).previous()
    assert (prev.label, prev.start, prev.end) == (prev_label, prev_start, prev_end)


def test_range_and_its_previous() -> None:
    # 2026-01-15 .. 2026-06-30 is 17 + 28 + 31 + 30 + 31 + 30 = 167 days; the previous range
    # ends on 2026-01-14 and starts 166 days earlier: back 14 days to 2025-12-31, then
    # 31 (Dec) + 30 (Nov) + 31 (Oct) + 30 (Sep) = 122 to 2025-08-31, and 30 more: 2025-08-01.
    p = parse_period(start="2026-01-15", end="2026-06-30", today=TODAY)
    assert (p.start, p.end, p.days, p.kind) == (D(2026, 1, 15), D(2026, 6, 30), 167, "range")
    assert p.label == "2026-01-15 to 2026-06-30"
    assert p.slug == "2026-01-15_2026-06-30"
    prev = p.previous()
    assert (prev.start, prev.end, prev.days) == (D(2025, 8, 1), D(2026, 1, 14), 167)


def test_default_is_the_last_12_months() -> None:
    # 2025-11-21 .. 2026-11-20: 365 days ending today
    p = parse_period(today=TODAY)
    assert (p.start, p.end, p.days) == (D(2025, 11, 21), TODAY, 365)
    assert p.previous().end == D(2025, 11, 20)
    assert p.previous().days == 365


def test_last_12_months_on_29_february() -> None:
    # 2028-02-29 has no twin in 2027: the year starts on 2027-03-01 (the day after 02-28)
    p = last_12_months(D(2028, 2, 29))
    assert (p.start, p.end) == (D(2027, 3, 1), D(2028, 2, 29))


def test_from_only_runs_to_today_and_to_only_starts_a_year_before() -> None:
    p = parse_period(start="2026-06-01", today=TODAY)
    assert (p.start, p.end) == (D(2026, 6, 1), TODAY)
    q = parse_period(end="2026-06-30", today=TODAY)
    assert (q.start, q.end) == (D(2025, 7, 1), D(2026, 6, 30))


def test_one_day_period() -> None:
    p = parse_period(start="2026-05-10", end="2026-05-10", today=TODAY)
    assert p.days == 1
    assert D(2026, 5, 10) in p
    assert D(2026, 5, 11) not in p
    assert "2026-05-10" not in p   # a string is not a day
    assert p.previous() == Period(D(2026, 5, 9), D(2026, 5, 9), "2026-05-09 to 2026-05-09")


@pytest.mark.parametrize(("kwargs", "message", "hint"), [
    ({"text": "2026-13"}, "--period '2026-13' is not a year, quarter or month", "2026-Q3"),
    ({"text": "2026-Q5"}, "--period '2026-Q5' is not a year, quarter or month", "--from"),
    ({"text": "last year"}, "--period 'last year' is not a year", "--period 2026"),
    ({"text": ""}, "--period '' is not a year", "e.g."),
    ({"text": "0000"}, "--period '0000' is not a year", "e.g."),
    ({"text": "0999-Q1"}, "--period '0999-Q1' is not a year", "e.g."),
    ({"start": "2026-02-30"}, "--from '2026-02-30' is not a date", "YYYY-MM-DD"),
    ({"end": "10/05/2026"}, "--to '10/05/2026' is not a date", "YYYY-MM-DD"),
    ({"start": "2026-07-01", "end": "2026-06-30"},
     "--from 2026-07-01 is after --to 2026-06-30", "starts at --from"),
    ({"start": "2027-01-01"}, "--from 2027-01-01 is after today (2026-11-20)", "--to"),
    ({"text": "2026", "start": "2026-01-01"}, "give either --period or --from/--to", None),
    ({"start": "0001-01-01", "end": "0001-12-31"}, "starts too early", "after 1000-01-01"),
])
def test_bad_periods(kwargs: dict[str, str], message: str, hint: str | None) -> None:
    with pytest.raises(UsageError) as err:
        parse_period(today=TODAY, **kwargs)  # type: ignore[arg-type]
    assert message in err.value.message
    if hint:
        assert err.value.hint is not None and hint in err.value.hint
    assert err.value.exit_code == 2


@given(st.dates(min_value=D(1100, 1, 1), max_value=D(9000, 1, 1)),
       st.integers(min_value=0, max_value=800))
def test_previous_range_has_the_same_length_and_touches(start: dt.date, length: int) -> None:
    end = start + dt.timedelta(days=length)
    p = parse_period(start=start.isoformat(), end=end.isoformat(), today=end)
    prev = p.previous()
    assert prev.days == p.days
    assert prev.end + dt.timedelta(days=1) == p.start


@given(st.dates(min_value=D(1100, 1, 1), max_value=D(9000, 1, 1)))
def test_named_periods_hold_the_day_and_chain(day: dt.date) -> None:
    for text in (f"{day.year}", f"{day.year}-Q{(day.month - 1) // 3 + 1}",
                 f"{day.year}-{day.month:02d}"):
        p = parse_period(text, today=day)
        assert day in p
        assert p.previous().end + dt.timedelta(days=1) == p.start


# ---------------------------------------------------------------- quarter arithmetic
def test_quarter_helpers() -> None:
    assert quarter_of(dt.date(2026, 11, 22)) == (2026, 4)
    assert (quarter(2026, 4).start, quarter(2026, 4).end) == (dt.date(2026, 10, 1),
                                                              dt.date(2026, 12, 31))
    assert (quarter(2025, 1).start, quarter(2025, 1).end) == (dt.date(2025, 1, 1),
                                                              dt.date(2025, 3, 31))
    assert quarter_label(dt.date(2026, 11, 22)) == "2026-Q4"
    assert quarter(*quarter_of(dt.date(2026, 2, 28))) == quarter(2026, 1)
    assert quarter_named("2026-Q3") == quarter(2026, 3)


def test_quarters_back() -> None:
    assert quarters_back(dt.date(2026, 11, 22), 1) == dt.date(2026, 10, 1)
    assert quarters_back(dt.date(2026, 11, 22), 4) == dt.date(2026, 1, 1)
    assert quarters_back(dt.date(2026, 2, 1), 2) == dt.date(2025, 10, 1)
    assert quarters_back(dt.date(2026, 2, 1), 9) == dt.date(2024, 1, 1)


def test_quarters_between_two_days() -> None:
    assert [q.label for q in quarters(dt.date(2025, 11, 30), dt.date(2026, 4, 1))] == [
        "2025-Q4", "2026-Q1", "2026-Q2"]
    assert [q.label for q in quarters(dt.date(2026, 5, 1), dt.date(2026, 6, 30))] == ["2026-Q2"]
    assert quarters(dt.date(2026, 7, 1), dt.date(2026, 6, 30)) == []


@given(st.dates(min_value=dt.date(1001, 1, 1), max_value=dt.date(9998, 12, 31)))
def test_the_quarter_holding_a_day(day: dt.date) -> None:
    q = quarter(*quarter_of(day))
    assert day in q and q.kind == "quarter" and q.label == quarter_label(day)
    assert quarter_named(q.label) == q
    assert quarters(day, day) == [q]
    assert quarters_back(day, 2) == q.previous().start
