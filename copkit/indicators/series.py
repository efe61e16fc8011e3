"""The data of the report's charts (`Metrics.series`), what a chart holds where it is not the
usual, and notes on it. From the records and, where given, the quarterly trends.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from typing import Any

from copkit.i18n.msg import Msg, cat, period_name
from copkit.indicators.context import Context
from copkit.indicators.model import LEVELS, QUARTERS_SHOWN, History, Trends
from copkit.periods import Period, month, quarter_label, quarter_named, quarters


def levels_by_quarter(history: History | None, period: Period, today: _dt.date
                      ) -> tuple[list[list[Any]], str, str | None]:
    """The chart of observed levels by quarter, from the trends (`History.trends`: members at
    each quarter's end by the level observed in that quarter): the last QUARTERS_SHOWN
    quarters up to the period's end (the current one up to today), each [quarter, core,
    active, peripheral, inactive], None for a quarter with nothing to observe; what the chart
    holds; and, when there is nothing to show, the note that replaces it."""
    no_chart = Msg('No chart of observed levels by quarter: ')
    if history is None:
        return [], "", cat(no_chart, Msg('the quarterly trends were not read.'))
    if history.trends is None:
        return [], "", cat(no_chart, Msg('the quarterly trends could not be worked out (see the '
                                         'notes on the data).'))
    last = min(period.end, today)
    shown = [q for q in history.trends.quarters
             if q.end <= last or (last == today and q.start <= today)][-QUARTERS_SHOWN:]
    if not shown:
        return [], "", cat(no_chart, Msg("no quarter of the community's life up to %(last)s.",
                                         last=last))
    rows: list[list[Any]] = []
    for q in shown:
        seen = q.meetings > 0 or any(q.levels.get(name, 0) for name in LEVELS[:3])
        rows.append([q.label, *((q.levels.get(name, 0) if seen else None) for name in LEVELS)])
    if all(r[1] is None for r in rows):
        return [], "", cat(no_chart, Msg('no meeting, practice or topic session in the %(n)s '
                                         'quarter(s) from %(label)s to %(label2)s.',
                                         n=len(rows), label=_named(shown[0].label),
                                         label2=_named(shown[-1].label)))
    described = (Msg("members at each quarter's end by the level observed over that quarter "
                     "(thresholds as in M2)"))
    if shown[-1].end > last:
        described = cat(described, Msg('; %(label)s up to %(last)s',
                                       label=_named(shown[-1].label), last=last))
    if any(r[1] is None for r in rows):
        described = cat(described, Msg('; no bar: nothing to observe in that quarter'))
    return rows, described, None


def _named(label: str) -> str:
    """A quarter's label ("2026-Q3") as people read it in the report's language."""
    return period_name(quarter_named(label))


def chart_series(c: Context) -> tuple[dict[str, Any], dict[str, str], list[str]]:
    """Data for the charts, what a chart holds where it is not the usual, and notes on it.

    Membership is counted at each month end of the period up to today, from the `joined`
    and `left` dates; when some members have no `joined` date and the git history is known,
    at each quarter end from the history (the trends: who was on the members list then).
    Practices are counted per quarter over the last QUARTERS_SHOWN quarters up to the
    period's end (from the CoP's start, or its first practice), a quiet quarter showing 0;
    practices with no `added` date are dated by the commit that added them when the history
    is known. The levels by quarter are `levels_by_quarter`'s."""
    described: dict[str, str] = {}
    notes: list[str] = []
    lv = Counter(x.observed for x in c.levels)
    attendance = [(m.date.isoformat(), len(set(m.attendees))) for m in c.now.meetings]
    trends = c.history.trends if c.history is not None and c.history.in_git else None
    members = _membership(c, trends, described, notes)
    practices = _practices(c, trends, described)
    by_quarter, by_quarter_described, _ = levels_by_quarter(c.history, c.period, c.today)
    series = {"levels": [(name, lv[name]) for name in LEVELS] if c.now.observed_anything
              else [],
              "attendance": attendance, "membership": members, "practices": practices,
              "levels_by_quarter": by_quarter}
    if by_quarter:
        described["levels_by_quarter"] = by_quarter_described
    from copkit.indicators.network import picture_of

    series["network"] = picture_of(c)[0]
    return series, described, notes


def _membership(c: Context, trends: Trends | None, described: dict[str, str],
                notes: list[str]) -> list[tuple[str, int]]:
    """Members at each month end of the period up to today, from the month the CoP started
    (its charter's `started`) when that is later (or, with members with no `joined` date and
    the history known, at each quarter end from the trends)."""
    last = c.as_of
    undated = sum(1 for m in c.cop.members if m.joined is None)
    months: list[tuple[str, int]] = []
    # no month (or quarter) before the CoP started: the chart starts with the CoP (#16)
    started = c.charter.started if c.charter and c.charter.started else None
    first = max(c.period.start, started) if started else c.period.start
    if undated and trends is not None:
        for q in trends.quarters:
            if q.end < first or q.start > last:
                continue
            if q.end <= last:
                months.append((q.end.isoformat(), q.members))
            elif q.end >= c.today and c.period.end >= c.today:
                months.append((c.today.isoformat(), q.members))  # the current list
        described["membership"] = (Msg('members at each quarter end, from the git history '
                                       '(members with no joined date: the members list then)'))
        return months
    d = _dt.date(first.year, first.month, 1)
    while d <= last:
        end = min(month(d.year, d.month).end, last)
        months.append((end.isoformat(), c.roster.on(end)))
        d = month(d.year, d.month).end + _dt.timedelta(days=1)
    if undated and c.history is not None and not c.history.in_git:
        notes.append(Msg('%(undated)s member(s) have no `joined` date and the CoP folder is not '
                         'in git: the membership chart counts them as members from the start.',
                         undated=undated))
    return months


def _practices(c: Context, trends: Trends | None, described: dict[str, str]
               ) -> list[tuple[str, int]]:
    """Practices added in each of the last QUARTERS_SHOWN quarters up to the period's end."""
    last = c.as_of
    counts: Counter[str] = Counter(quarter_label(p.added) for p in c.cop.practices
                                   if p.added is not None and p.added <= last)
    if trends is not None and any(p.added is None for p in c.cop.practices):
        counts = Counter({q.label: q.practices_added for q in trends.quarters
                          if q.start <= last})
        described["practices"] = (Msg('practices added in each quarter (with no `added` date: the '
                                      'day their file was first committed)'))
    started = c.charter.started if c.charter else None
    busy = sorted(k for k, v in counts.items() if v)
    first = started or (quarter_named(busy[0]).start if busy else None)
    shown = quarters(first, last)[-QUARTERS_SHOWN:] if first and first <= last else []
    return [(q.label, counts[q.label]) for q in shown]
