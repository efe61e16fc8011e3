"""`compute`: every indicator of a period against the previous period of the same length.

Every figure is a `Figure`: a value, or no value and the reason ("no survey in this period"),
never a 0 standing in for missing data. What only the git history knows is read by the caller
(`copkit.report`) and passed in as a `History`; the indicators never run git. Without it,
figures that need it say "no data" and why.

A figure is compared with the previous period of the same length (`Figure.previous`, an arrow)
when that makes sense: `compared` is False for a figure whose previous value would say nothing
(today's status of an activity, the size of today's agenda) and for every figure when the
previous period lies wholly or mostly before the CoP started (charter `started`). A compared
figure whose previous period has nothing to count from has `previous` None: "no data".
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection
from typing import Any

from copkit.i18n.msg import Msg, period_name
from copkit.indicators.context import Context
from copkit.indicators.model import History, Metrics
from copkit.indicators.registry import INDICATORS
from copkit.indicators.series import chart_series
from copkit.model.load import Cop
from copkit.periods import Period


def compute(cop: Cop, period: Period, today: _dt.date | None = None,
            history: History | None = None,
            indicators: Collection[str] | None = None) -> Metrics:
    """Every indicator for `period` against the previous period of the same length.
    `history` is what git adds (see `History`); without it, what needs it is "no data".
    `indicators` keeps only those (ids such as "M2"), and leaves out the charts' series: the
    health advice of `copkit check` needs two indicators, not the pairs of members who met."""
    today = today or _dt.date.today()
    c = Context(cop, period, today, history)
    inds = [fn(c) for ident, fn in INDICATORS if indicators is None or ident in indicators]
    no_comparison = comparison(cop, c.prev, today)
    if no_comparison:
        for ind in inds:
            for fg in ind.figures:
                fg.uncompare()
    notes = list(history.notes) if history else []
    series: dict[str, Any] = {}
    described: dict[str, str] = {}
    if indicators is None:
        series, described, chart_notes = chart_series(c)
        notes += chart_notes
    return Metrics(cop.name, period, c.prev, today, inds, c.levels, series, no_comparison,
                   notes, described)


def comparison(cop: Cop, prev: Period, today: _dt.date) -> str | None:
    """Why a period is not compared with the previous one (`prev`), or None when it is: the
    previous period lies wholly or mostly (more than half its days) before the CoP started
    (charter `started`), so its figures would measure a community that did not exist yet;
    or it has not begun (a period in the future)."""
    if prev.start > today:
        return Msg('Not compared with the previous period (%(label)s): it has not begun yet.',
                   label=period_name(prev))
    started = cop.charter.started if cop.charter else None
    if started is None or started <= prev.start:
        return None
    before = (min(started, prev.end + _dt.timedelta(days=1)) - prev.start).days
    if before >= prev.days:
        return (Msg('Not compared with the previous period (%(label)s): the community started on '
                    '%(started)s, after it ended.', label=period_name(prev), started=started))
    if 2 * before > prev.days:
        return (Msg('Not compared with the previous period (%(label)s): the community started on '
                    '%(started)s, so %(before)s of its %(days)s days come before the start.',
                    label=period_name(prev), started=started, before=before, days=prev.days))
    return None
