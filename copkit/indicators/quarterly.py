"""The quarterly trends of the report's charts (`Trends`), from the records and what the git
history says about each quarter (`Snapshots`: in practice `copkit.git.quarters.quarter_snapshots`,
wired by the caller; this module never runs git): membership (from joined/left dates; for
members with no joined date, from the members list at each quarter's last commit), observed
participation levels (as M2 observes them), and practices added (from `added`; else the day
the file was first committed).
"""

from __future__ import annotations

import bisect
import datetime as _dt
from collections.abc import Collection, Mapping, Sequence
from typing import Protocol

from copkit.indicators.context import observed_levels, window
from copkit.indicators.model import LEVELS, Quarter, Trends
from copkit.model import schemas as s
from copkit.model.load import Cop
from copkit.periods import Period


class Snapshots(Protocol):
    """What the git history says about each quarter of the CoP's life: the quarters (oldest
    first; none when the records and the history hold no date), for each one the ids on the
    members list at its last commit (`listed`, None when every member has a `joined` date),
    the day each practice file was first committed, and notes on where these came from."""

    @property
    def quarters(self) -> Sequence[Period]: ...

    @property
    def listed(self) -> Sequence[Collection[str]] | None: ...

    @property
    def practice_days(self) -> Mapping[str, _dt.date]: ...

    @property
    def notes(self) -> Sequence[str]: ...


def trends(cop: Cop, snapshots: Snapshots, levels_since: _dt.date | None = None) -> Trends:
    """Quarterly series over `snapshots.quarters`. ``levels_since``: the levels are observed
    only for the quarters ending on or after that day (a chart of the last few quarters needs
    no more; earlier ones count 0 at each level)."""
    if not snapshots.quarters:
        return Trends([], list(snapshots.notes))
    quarters = list(snapshots.quarters)
    listed = snapshots.listed
    practice_dates = [d for d in (p.added or snapshots.practice_days.get(p.id)
                                  for p in cop.practices) if d is not None]
    undated = {m.id for m in cop.members if m.joined is None} if listed is not None else set()
    first_listed: dict[str, int] = {}
    for qi, ids in enumerate(listed or ()):
        for ident in ids:
            first_listed.setdefault(ident, qi)
    meeting_days = sorted(m.date for m in cop.meetings)
    total = sum(1 for d in practice_dates if d < quarters[0].start)
    out: list[Quarter] = []
    for qi, q in enumerate(quarters):
        present, joined, left = _membership(cop, q, qi, listed, first_listed, undated)
        added = sum(1 for d in practice_dates if q.start <= d <= q.end)
        total += added
        meetings = bisect.bisect_right(meeting_days, q.end) - \
            bisect.bisect_left(meeting_days, q.start)
        levels = dict.fromkeys(LEVELS, 0)
        if levels_since is None or q.end >= levels_since:
            # the levels as the report's M2 observes them, counted over the members on the
            # list at the quarter's end
            for lv in observed_levels(cop, window(cop, q), present):
                levels[lv.observed] += 1
        out.append(Quarter(q.label, q.start, q.end, len(present), joined, left, meetings,
                           levels, added, total))
    return Trends(out, list(snapshots.notes))


def _membership(cop: Cop, q: Period, qi: int, listed: Sequence[Collection[str]] | None,
                first_listed: dict[str, int], undated: set[str]
                ) -> tuple[list[s.Member], int, int]:
    """The members at the end of quarter `q` (number `qi`), and how many joined and left in
    it. A member with no `joined` date is a member while on the members list (`listed`) and
    joins in the quarter whose list first names them (not in the first quarter shown).
    `undated`: the ids of those members when the lists are known (else none)."""
    present: list[s.Member] = []
    joined = left = 0
    on_list = listed[qi] if listed is not None else ()
    for m in cop.members:
        if m.id in undated:
            member = m.id in on_list and m.is_member_on(q.end)
            if first_listed.get(m.id) == qi and qi > 0:
                joined += 1
        else:
            member = m.is_member_on(q.end)
            if m.joined is not None and q.start <= m.joined <= q.end:
                joined += 1
        if m.left is not None and q.start <= m.left <= q.end:
            left += 1
        if member:
            present.append(m)
    return present, joined, left
