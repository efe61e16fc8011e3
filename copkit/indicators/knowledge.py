"""E4's practice figures: the status a practice had on a past day, from its record (today's
status, and its own `status_log` of dated moves where it has one) and, for a practice without
a log, the status changes the git history holds (`History.statuses`), read by the caller.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from dataclasses import dataclass, field

from copkit.i18n.msg import Msg, cat, period_name
from copkit.indicators.context import Context, as_of_label
from copkit.indicators.model import (
    STATUSES,
    UNKNOWN,
    Figure,
    History,
    Indicator,
    StatusHistory,
    nodata,
)
from copkit.model import schemas as s
from copkit.model.load import Cop
from copkit.periods import Period

_RANK = {name: n for n, name in enumerate(STATUSES)}
_MOVES = {Msg('moved draft → tested'): [("draft", "tested")],
          Msg('moved to evaluated'): [("draft", "evaluated"), ("tested", "evaluated")]}


def status_on(p: s.Practice, day: _dt.date, sh: StatusHistory | None,
              today: _dt.date) -> str | None:
    """The status practice `p` had at the end of `day`: a status, None when it did not exist
    yet, or UNKNOWN. Its record says today's status; an earlier one comes from the git
    history: the status before the first change made after `day`."""
    if p.added is not None and p.added > day:
        return None
    if day >= today:
        return p.status
    if p.status_log:
        return _logged_on(p, day, sh, today)
    if sh is None or day < sh.since - _dt.timedelta(days=1):
        return UNKNOWN
    events = sh.events.get(p.id, [])
    nxt = next((e for e in events if e.day > day), None)
    if nxt is not None:
        if nxt.before is not None:
            return nxt.before
        # the file was committed later: before that, git knows nothing of it
        return None if p.added is None else UNKNOWN
    if p.id in sh.tracked or events:
        return p.status
    return None if p.added is None else UNKNOWN  # never committed


def _logged_on(p: s.Practice, day: _dt.date, sh: StatusHistory | None,
               today: _dt.date) -> str | None:
    """The status at the end of `day` of a practice with a status log: the last entry on or
    before it; before the first, a draft (since its `added` day; with no `added` day, the
    git history says when it existed)."""
    reached = [e for e in p.status_log if e.date <= day]
    if reached:
        return max(reached, key=lambda e: e.date).status
    if p.added is not None:
        return "draft"
    first = p.status_log[0].date
    # no `added` day: the git history's status, capped at a draft before the log starts
    known = status_on(p.model_copy(update={"status_log": [], "status": "draft"}),
                      min(day, first), sh, today) if sh is not None else UNKNOWN
    return None if known is None else "draft" if known != UNKNOWN else UNKNOWN


def _first_status(p: s.Practice, sh: StatusHistory | None) -> str | None:
    """The status a practice had when it was created: the first entry of its status log on
    its `added` day (a draft otherwise), or the one it was first committed with, if that
    commit was made on its `added` day (or the day after, across time zones)."""
    if p.status_log and p.added is not None:
        return next((e.status for e in p.status_log if e.date <= p.added), "draft")
    if sh is None:
        return UNKNOWN
    add = next((e for e in sh.events.get(p.id, []) if e.before is None and e.after), None)
    if add is None or (p.added is not None and add.day > p.added + _dt.timedelta(days=1)):
        return UNKNOWN
    return add.after


@dataclass
class _Side:
    """E4 over one period: counts from the practices whose status is known, and how many
    practices were left out because it is not."""
    moves: Counter[tuple[str, str]] = field(default_factory=Counter)
    moved_known: int = 0
    moved_unknown: int = 0
    status: Counter[str] = field(default_factory=Counter)
    status_unknown: int = 0


def _side(cop: Cop, period: Period, as_of: _dt.date, sh: StatusHistory | None,
          today: _dt.date) -> _Side:
    out = _Side()
    before_start = period.start - _dt.timedelta(days=1)
    for p in cop.practices:
        end = status_on(p, as_of, sh, today)
        if end is None:
            continue
        if end == UNKNOWN:
            out.status_unknown += 1
            out.moved_unknown += 1
            continue
        out.status[end] += 1
        begin = status_on(p, before_start, sh, today)
        if begin is None:
            begin = _first_status(p, sh)
        if begin == UNKNOWN or begin is None:
            out.moved_unknown += 1
            continue
        out.moved_known += 1
        if _RANK.get(end, 0) > _RANK.get(begin, 0):
            out.moves[(begin, end)] += 1
    return out


def practice_figures(i: Indicator, c: Context) -> None:
    """E4's practice figures: movements in the period and statuses at its end, each against
    the previous period where both are known; a note for what the history does not hold."""
    sh = c.history.statuses if c.history else None
    now = _side(c.cop, c.period, c.as_of, sh, c.today)
    before = _side(c.cop, c.prev, c.pas_of, sh, c.today)
    reason = _no_status(c.history)
    partial = False
    for label, pairs in _MOVES.items():
        if c.period.start > c.today:
            i.figures.append(nodata(Msg('practices %(label)s', label=label),
                                    Msg('the period has not begun')))
            continue
        partial |= _add(i, Msg('practices %(label)s', label=label), reason, "up",
                        (sum(now.moves[x] for x in pairs), now.moved_known, now.moved_unknown),
                        (sum(before.moves[x] for x in pairs), before.moved_known,
                         before.moved_unknown))
    known, pknown = sum(now.status.values()), sum(before.status.values())
    for name in STATUSES:
        partial |= _add(i, as_of_label(_BY_STATUS[name], c.period, c.as_of),
                        reason,
                        "" if name == "draft" else "up",
                        (now.status[name], known, now.status_unknown),
                        (before.status[name], pknown, before.status_unknown))
    _notes(i, c, (now, before), partial)


# E4's figure of each status (a whole label: "prácticas en borrador", not a word put in)
_BY_STATUS = {"draft": Msg('practices draft'), "tested": Msg('practices tested'),
              "evaluated": Msg('practices evaluated')}


def _no_status(history: History | None) -> str:
    """Why a count of practices by status on a past day has no value."""
    if history is None:
        return Msg('the status history was not read')
    if not history.in_git:
        return Msg('the CoP folder is not in git')
    return Msg('not in the git history')


def _add(i: Indicator, label: str, reason: str, better: str, now: tuple[int, int, int],
         before: tuple[int, int, int]) -> bool:
    """A figure from (count, practices known, practices unknown) in each period: no value
    when none is known, not compared when either count leaves practices out (then True)."""
    (n, known, unknown), (pn, pknown, punknown) = now, before
    value = n if known or not unknown else None
    previous = pn if pknown or not punknown else None
    f = Figure(label, value, None if value is not None else reason, previous=previous,
               better=better, compared=True)
    partial = bool((unknown and known) or (punknown and pknown))
    if partial:
        f.uncompare()  # a count that leaves practices out is not compared
    i.figures.append(f)
    return partial


def _notes(i: Indicator, c: Context, sides: tuple[_Side, _Side], partial: bool) -> None:
    """What the git history does not hold, said once for each period it leaves out."""
    now, before = sides
    if not (now.moved_unknown or before.moved_unknown):
        return
    if c.history is None or c.history.statuses is None:
        i.notes.append(cat(Msg("A practice's earlier status comes from the git history, and "),
                           Msg('the CoP folder is not in git') if c.history is not None else
                          Msg('it was not read'), Msg(": only today's status is known, so "
                                                      "movements and statuses on past days are "
                                                      "not counted.")))
        return
    for side, p in ((now, c.period), (before, c.prev)):
        if side.status_unknown:
            i.notes.append(Msg('%(moved_unknown)s practice(s) left out of the figures for '
                               '%(label)s: the git history does not hold their status then '
                               '(committed after their `added` date, or not at all).',
                               moved_unknown=side.moved_unknown, label=period_name(p)))
        elif side.moved_unknown:
            i.notes.append(Msg('%(moved_unknown)s practice(s) left out of the movements in '
                               '%(label)s: the git history does not hold their status at its '
                               'start or when they were created (committed after their `added` '
                               'date, or not at all).',
                               moved_unknown=side.moved_unknown, label=period_name(p)))
    if partial:
        i.notes.append(Msg('A count that leaves practices out is not compared with the other '
                           'period.'))
