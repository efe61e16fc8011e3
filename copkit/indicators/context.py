"""What the indicators share: a period's pass over the records (`Window`), the roster, the
observed levels, and the `Context` of one computation, each part worked out on first use.

Attendance is indexed once per period (one pass over the meetings), so the cost is linear in
the number of attendance records. Whatever only some indicators need (the pairs of members who
met, the levels of the previous period, the surveys...) is a `functools.cached_property`:
computing M2 and M7 alone (the health advice of `copkit check`) costs what those two need.
"""

from __future__ import annotations

import bisect
import datetime as _dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations
from typing import Any

from copkit.i18n.msg import Msg
from copkit.indicators.model import History, MemberLevel
from copkit.model import schemas as s
from copkit.model.load import Cop
from copkit.model.organisations import OrgIndex
from copkit.periods import Period


# ---------------------------------------------------------------- the attendance index
@dataclass
class Window:
    """One pass over the meetings of a period: who attended, facilitated, owned what."""
    period: Period
    meetings: list[s.Meeting]
    attended: Counter[str]
    facilitated: Counter[str]
    practices: list[s.Practice]
    contributed: Counter[str]
    # the leads of the topics taken up in the period (a meeting's topic or a session), not
    # dropped
    leads: set[str] = field(default_factory=set)

    @cached_property
    def weights(self) -> Counter[tuple[str, str]]:
        """Each pair of members who attended a meeting of the period together, with the
        number of meetings they attended together (the network of E7), found on first use
        (the health advice and the quarterly trends do not need them, and a year of meetings
        of 25 makes some 80,000 pairs)."""
        pairs: Counter[tuple[str, str]] = Counter()
        for m in self.meetings:
            pairs.update(combinations(sorted(set(m.attendees)), 2))
        return pairs

    @cached_property
    def graph(self) -> Any:
        """The period's co-attendance network, a networkx graph (E7), built on first use:
        the members who attended as nodes, in the order they first appear, and the pairs of
        :attr:`weights` as weighted edges (networkx is imported here, on first use)."""
        import networkx as nx

        g = nx.Graph()
        for m in self.meetings:
            g.add_nodes_from(m.attendees)
        g.add_weighted_edges_from((a, b, n) for (a, b), n in self.weights.items())
        return g

    @cached_property
    def ties(self) -> set[tuple[str, str]]:
        """The pairs of members who attended a meeting of the period together (M4, E2)."""
        return set(self.weights)

    @property
    def observed_anything(self) -> bool:
        """Whether the period holds anything to observe a level from."""
        return bool(self.meetings or self.contributed or self.leads)


def window(cop: Cop, period: Period) -> Window:
    """The period's pass over the records."""
    first, last = period.start, period.end
    meetings = [m for m in cop.meetings if first <= m.date <= last]
    attended: Counter[str] = Counter()
    facilitated: Counter[str] = Counter()
    discussed: set[str] = set()
    for m in meetings:
        attended.update(sorted(set(m.attendees)))
        if m.facilitator:
            facilitated[m.facilitator] += 1
        discussed.update(m.topics)
    practices = [p for p in cop.practices if p.added is not None and first <= p.added <= last]
    contributed: Counter[str] = Counter()
    for p in practices:
        contributed.update(set(p.contributors))
    leads = {t.lead for t in cop.agenda.topics if t.lead and t.status != "dropped"
             and (t.id in discussed or any(d in period for d in t.sessions))}
    return Window(period, meetings, attended, facilitated, practices, contributed, leads)


class Roster:
    """Members on a day in O(log n): joined and left dates sorted once. `joined` gives a day
    for members with no `joined` date (from git); without one they count from the start."""

    def __init__(self, members: list[s.Member],
                 joined: dict[str, _dt.date] | None = None) -> None:
        dated = joined or {}
        self.joined = sorted(m.joined or dated.get(m.id) or _dt.date.min for m in members)
        self.left = sorted(m.left for m in members if m.left is not None)

    def on(self, day: _dt.date) -> int:
        # is_member_on: joined <= day and (left is None or left >= day)
        return bisect.bisect_right(self.joined, day) - bisect.bisect_left(self.left, day)


def in_period_members(cop: Cop, period: Period) -> list[s.Member]:
    """Members at some point of the period."""
    return [m for m in cop.members
            if (m.joined is None or m.joined <= period.end)
            and (m.left is None or m.left >= period.start)]


def observed_levels(cop: Cop, w: Window, members: list[s.Member] | None = None
                    ) -> list[MemberLevel]:
    """The observed level of each member of the period (indicators.md, M2). The attendance
    rate is taken over the meetings held while the member was a member (joined..left), so
    that someone who joined in the period's last month is not judged on the meetings before
    they arrived. A topic lead counts as core for a period in which the topic was taken up (a
    meeting's topic, or one of its sessions), not whatever the period. A charter threshold of
    0 practices (`core_practices: 0`, `active_practices: 0`) means contributions do not count
    towards that level: "contributed 0+ practices" would make every member core.
    ``members``: only these (default: every member at some point of the period)."""
    mon = cop.charter.monitoring if cop.charter else s.Monitoring()
    days = [mt.date for mt in w.meetings]  # sorted: cop.meetings is sorted by date
    out = []
    for m in in_period_members(cop, w.period) if members is None else members:
        # .get: a Counter's [] calls Python's __missing__ for each absent member
        a = w.attended.get(m.id, 0)
        f = w.facilitated.get(m.id, 0)
        p = w.contributed.get(m.id, 0)
        lo = bisect.bisect_left(days, m.joined) if m.joined else 0
        hi = bisect.bisect_right(days, m.left) if m.left else len(days)
        n = max(hi - lo, 0)
        rate = a / n if n else 0.0
        lead = m.id in w.leads
        if (n and rate >= mon.core_attendance) or f or lead or \
                (mon.core_practices and p >= mon.core_practices):
            level = "core"
        elif (n and rate >= mon.active_attendance) or \
                (mon.active_practices and p >= mon.active_practices):
            level = "active"
        elif a >= 1:
            level = "peripheral"
        else:
            level = "inactive"
        out.append(MemberLevel(m, level, a, f, p, lead))
    return out


def as_of_label(what: str, period: Period, as_of: _dt.date) -> str:
    """'members at period end', or 'members today (2026-12-02)' for a period not over."""
    return Msg('%(what)s at period end',
               what=what) if as_of >= period.end else Msg('%(what)s today (%(as_of)s)', what=what,
                                                          as_of=as_of)


def cross_ties(ties: set[tuple[str, str]], members: dict[str, s.Member]) -> int:
    """The pairs of members from different organisations (both stated)."""
    n = 0
    for a, b in ties:
        ma, mb = members.get(a), members.get(b)
        if ma and mb and ma.organisation and mb.organisation and \
                ma.organisation != mb.organisation:
            n += 1
    return n


# ---------------------------------------------------------------- one computation
class Context:
    """One computation of the indicators: the CoP, the period and the previous one of the
    same length, the day it is done, what git adds (`history`, None: not read); the rest is
    worked out on first use and shared by the indicators that need it."""

    def __init__(self, cop: Cop, period: Period, today: _dt.date,
                 history: History | None = None) -> None:
        self.cop = cop
        self.period = period
        self.prev = period.previous()
        self.today = today
        self.history = history
        self.charter = cop.charter
        # the day a period is judged on: its end, or today when it is not over
        self.as_of = min(period.end, today)
        self.pas_of = min(self.prev.end, today)
        # what a module of indicators works out once and shares between its indicators (the
        # network of E7, its picture): kept by that module, under its own names
        self.memo: dict[str, Any] = {}

    @cached_property
    def now(self) -> Window:
        """The period's window."""
        return window(self.cop, self.period)

    @cached_property
    def before(self) -> Window:
        """The previous period's window."""
        return window(self.cop, self.prev)

    @cached_property
    def roster(self) -> Roster:
        return Roster(self.cop.members)

    @cached_property
    def members(self) -> dict[str, s.Member]:
        return self.cop.member_index()

    @cached_property
    def monitoring(self) -> s.Monitoring:
        """The charter's thresholds of observed participation (or the defaults)."""
        return self.charter.monitoring if self.charter else s.Monitoring()

    @cached_property
    def levels(self) -> list[MemberLevel]:
        """The observed level of each member of the period."""
        return observed_levels(self.cop, self.now)

    @cached_property
    def previous_levels(self) -> list[MemberLevel]:
        return observed_levels(self.cop, self.before)

    @cached_property
    def cross_now(self) -> int:
        """Ties across organisations in the period."""
        return cross_ties(self.now.ties, self.members)

    @cached_property
    def cross_before(self) -> int:
        return cross_ties(self.before.ties, self.members)

    @cached_property
    def orgs(self) -> OrgIndex:
        """The organisations of organisations.yaml, found by id or name."""
        return OrgIndex(self.cop.organisations)

    @cached_property
    def surveys(self) -> tuple[list[s.Survey], list[s.Survey]]:
        """The surveys of the period and of the previous one."""
        return ([sv for sv in self.cop.surveys if sv.date in self.period],
                [sv for sv in self.cop.surveys if sv.date in self.prev])

    @cached_property
    def evidence(self) -> tuple[list[s.Evidence], list[s.Evidence]]:
        """The evidence records (organisations.yaml) of the period and of the previous one."""
        return ([ev for ev in self.cop.evidence if ev.date in self.period],
                [ev for ev in self.cop.evidence if ev.date in self.prev])

    @cached_property
    def stories(self) -> tuple[list[s.Story], list[s.Story]]:
        """The stories of the period and of the previous one."""
        return ([st for st in self.cop.stories if st.date in self.period],
                [st for st in self.cop.stories if st.date in self.prev])
