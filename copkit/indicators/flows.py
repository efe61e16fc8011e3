"""M9, participation flows (indicators.md), after the CHAOSS project's community metrics:
how members move between newcomer, occasional, regular and core participation from the
previous period to this one, and the absence factor (the fewest members who account for half
of all facilitation and contributions).
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter

from copkit.i18n.msg import Msg, share
from copkit.indicators.context import Context
from copkit.indicators.model import Figure, Indicator, MemberLevel, Table, nodata, pct
from copkit.indicators.monitoring import contributions

STEPS = ("absent", "newcomer", "occasional", "regular", "core")
_FROM_LEVEL = {"core": "core", "active": "regular", "peripheral": "occasional",
               "inactive": "absent"}


def categories(levels: list[MemberLevel], first_seen: dict[str, _dt.date],
               period_start: _dt.date) -> dict[str, str]:
    """Each member's step in a period: core and regular from the observed level (M2: core,
    active); a member whose first meeting ever falls in the period and who is not core or
    regular is a newcomer; other attenders are occasional; the rest absent."""
    out = {}
    for lv in levels:
        step = _FROM_LEVEL[lv.observed]
        seen = first_seen.get(lv.member.id)
        if step == "occasional" and seen is not None and seen >= period_start:
            step = "newcomer"
        out[lv.member.id] = step
    return out


def _first_seen(c: Context) -> dict[str, _dt.date]:
    first: dict[str, _dt.date] = {}
    for m in c.cop.meetings:  # sorted by date
        for a in m.attendees:
            first.setdefault(a, m.date)
    return first


def m9_flows(c: Context) -> Indicator:
    i = Indicator("M9", Msg('Participation flows'),
                  Msg('Members by step of participation (newcomer, occasional, regular, core) in '
                      'the previous period and in this one, and how many moved up or down; the '
                      'absence factor: the fewest members who account for half of all '
                      'facilitation and contributions.'), "monitoring")
    if not (c.now.observed_anything or c.before.observed_anything):
        i.figures.append(nodata(Msg('members moving up'), Msg('nothing to observe participation '
                                                              'from in this period or the '
                                                              'previous one')))
        return i
    first = _first_seen(c)
    now = categories(c.levels, first, c.period.start)
    before = categories(c.previous_levels, first, c.prev.start)
    flows: Counter[tuple[str, str]] = Counter()
    for mid in set(now) | set(before):
        flows[(before.get(mid, "absent"), now.get(mid, "absent"))] += 1
    rank = {s: n for n, s in enumerate(STEPS)}
    up = sum(n for (a, b), n in flows.items() if rank[b] > rank[a])
    down = sum(n for (a, b), n in flows.items() if rank[b] < rank[a])
    stayed = sum(n for (a, b), n in flows.items() if a == "newcomer" and b != "absent")
    newcomers = sum(n for (a, _), n in flows.items() if a == "newcomer")
    i.figures.append(Figure(Msg('members moving up'), up))
    i.figures.append(Figure(Msg('members moving down'), down, better="down"))
    i.figures.append(Figure(Msg('newcomers of the previous period still taking part'),
                            pct(stayed, newcomers), Msg('no newcomer in the previous period'),
                            unit="%"))
    i.tables.append(Table(Msg('Flows from the previous period (rows) to this one (columns)'),
                          [Msg('previous period'), *STEPS],
                          [[Msg(a), *(str(flows[(a, b)]) for b in STEPS)] for a in STEPS]))
    _absence_factor(c, i)
    return i


def absence_factor(counts: Counter[str]) -> tuple[int, list[tuple[str, int]]]:
    """The fewest members whose contributions make at least half the total, and who they
    are (most first, then by id); (0, []) when there is nothing."""
    total = sum(counts.values())
    taken: list[tuple[str, int]] = []
    running = 0
    for mid, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if total == 0 or 2 * running >= total:
            break
        taken.append((mid, n))
        running += n
    return len(taken), taken


def _absence_factor(c: Context, i: Indicator) -> None:
    _, now = contributions(c.now)
    _, before = contributions(c.before)
    factor, who = absence_factor(+now)
    pfactor, _ = absence_factor(+before)
    total = sum(now.values())
    i.figures.append(Figure(Msg('absence factor'), factor or None,
                            Msg('no facilitation or contribution in the period'),
                            previous=pfactor or None, compared=True))
    if who:
        i.tables.append(Table(Msg('Members who hold half of facilitation and contributions'),
                              ["member", "contributions", "share"],
                              [[m, str(n), share(n / total)] for m, n in who]))
