"""The membership chart starts with the CoP (#16): no month before the charter's `started`,
even when the period began earlier."""

from __future__ import annotations

import datetime as _dt

from copkit.model.load import load_cop
from copkit.output.report import build_report
from copkit.periods import parse_period
from tests.conftest import ROOT


def membership(name: str, period: str) -> tuple[_dt.date, list[str]]:
    cop = load_cop(ROOT / "examples" / name).cop
    assert cop.charter is not None and cop.charter.started is not None
    today = _dt.date(2026, 11, 30)
    context = build_report(cop, parse_period(period, today=today), today=today)
    chart = next(c for c in context["charts"] if c["name"] == "membership")
    return cop.charter.started, [day for day, _ in chart["data"]]


def test_no_month_before_the_cop_started() -> None:
    started, days = membership("camafu-fire-management", "2025")  # started 2025-04-10
    assert started == _dt.date(2025, 4, 10)
    assert days == ["2025-04-30", "2025-05-31", "2025-06-30", "2025-07-31", "2025-08-31",
                    "2025-09-30", "2025-10-31", "2025-11-30", "2025-12-31"]


def test_a_period_after_the_start_keeps_every_month() -> None:
    started, days = membership("led-units", "2026")  # started 2025-03-15
    assert started < _dt.date(2026, 1, 1)
    assert days[0] == "2026-01-31" and days[-1] == "2026-11-30" and len(days) == 11
