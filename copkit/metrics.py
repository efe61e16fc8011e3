"""The indicators of indicators.md, computed from a loaded CoP for a period. PURE: no I/O.

Every figure is a `Figure`: a value, or no value and the reason ("no survey in this period"),
never a 0 standing in for missing data. Attendance is indexed once per period (one pass over
the meetings), so the cost is linear in the number of attendance records.

What only the git history knows (the status a practice had on a past day, membership by
quarter where members have no `joined` date, the day such a member was first listed) and the
quarterly trends (`copkit.history.trends`: observed levels of participation by quarter) are
read by the caller (`copkit.report`) and passed in as a `History`; this module never runs git.
Without it, figures that need it say "no data" and why.

A figure is compared with the previous period of the same length (`Figure.previous`, an arrow)
when that makes sense: `compared` is False for a figure whose previous value would say nothing
(today's status of an activity, the size of today's agenda) and for every figure when the
previous period lies wholly or mostly before the CoP started (charter `started`). A compared
figure whose previous period has nothing to count from has `previous` None: "no data".
"""

from __future__ import annotations

import bisect
import datetime as _dt
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from typing import TYPE_CHECKING, Any

from copkit import schemas as s
from copkit.periods import Period
from copkit.repo import Cop

if TYPE_CHECKING:
    from copkit.history import Trends

FREQUENCY_DAYS = {"weekly": 7, "fortnightly": 14, "monthly": 30.4375, "bimonthly": 60.875,
                  "quarterly": 91.3125, "biannual": 182.625, "annual": 365.25}
LEVELS = ("core", "active", "peripheral", "inactive")
CYCLES = ("immediate", "potential", "applied", "realized", "transformative")
STATUSES = ("draft", "tested", "evaluated")
QUARTERS_SHOWN = 8  # quarters in the practices-per-quarter chart
UNKNOWN = "?"       # a practice's status on a day the records and the history do not know


@dataclass
class Figure:
    label: str
    value: float | int | None
    reason: str | None = None      # why there is no value
    previous: float | int | None = None
    unit: str = ""                 # "%" shows value*100
    better: str = "up"             # "up", "down" or "" (no judgement)
    compared: bool = False         # a previous value was worked out (None there: no data)

    def __post_init__(self) -> None:
        if self.previous is not None:
            self.compared = True

    @property
    def has_data(self) -> bool:
        return self.value is not None

    def show(self, value: float | int | None = None) -> str:
        v = self.value if value is None else value
        if v is None:
            return f"no data ({self.reason})" if self.reason else "no data"
        if self.unit == "%":
            return f"{v * 100:.0f}%"
        unit = f" {self.unit}" if self.unit else ""
        if isinstance(v, float) and not v.is_integer():
            return f"{v:.1f}{unit}"
        return f"{int(v)}{unit}"

    @property
    def shown(self) -> str:
        return self.show()

    @property
    def previous_shown(self) -> str:
        """The previous value; "no data" when compared but nothing to count from; "" when
        the figure is not compared."""
        if not self.compared:
            return ""
        return "no data" if self.previous is None else self.show(self.previous)

    @property
    def arrow(self) -> str:
        if not self.compared or self.value is None or self.previous is None:
            return ""
        if self.value > self.previous:
            return "↑"
        if self.value < self.previous:
            return "↓"
        return "="

    def uncompare(self) -> None:
        self.previous, self.compared = None, False


@dataclass
class Indicator:
    id: str
    title: str
    definition: str
    level: str
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[str]]


@dataclass
class MemberLevel:
    member: s.Member
    observed: str
    attended: int
    facilitated: int
    practices: int
    leads: bool


@dataclass
class Metrics:
    cop_name: str
    period: Period
    previous: Period
    today: _dt.date
    indicators: list[Indicator]
    levels: list[MemberLevel]
    series: dict[str, Any]
    # why the period is not compared with the previous one (None: it is)
    no_comparison: str | None = None
    # notes on the quality of the data, for the whole report (the history's, say)
    notes: list[str] = field(default_factory=list)
    # what each chart's series holds, where it is not the usual ("members at each quarter
    # end, from the git history")
    series_described: dict[str, str] = field(default_factory=dict)

    @property
    def compared(self) -> bool:
        return self.no_comparison is None

    def by_id(self, ident: str) -> Indicator:
        return next(i for i in self.indicators if i.id == ident)

    def level(self, name: str) -> list[Indicator]:
        return [i for i in self.indicators if i.level == name]


# ---------------------------------------------------------------- what git adds
@dataclass(frozen=True)
class StatusEvent:
    """A practice's status changed in a commit of `day`: `before` None when the commit added
    the file, `after` None when it removed it."""
    day: _dt.date
    before: str | None
    after: str | None


@dataclass
class StatusHistory:
    """Practices' status changes from git, complete from `since` on (commits made on or after
    that day), oldest first per practice id; `tracked`: the practice ids committed at HEAD."""
    since: _dt.date
    events: dict[str, list[StatusEvent]] = field(default_factory=dict)
    tracked: frozenset[str] = frozenset()


@dataclass
class History:
    """What the git history adds to the records, read by the caller and passed in.

    `in_git` False: the CoP folder is not in a git repository (or has no commit yet);
    `trends`: `copkit.history.trends()` (the quarterly series; it works from the records
    alone outside git, where only the membership of undated members needs the history);
    `statuses`: the practices' status changes since the previous period started;
    `listed`: for members with no `joined` date added to members.yaml after its first
    commit, the day of the first commit whose members.yaml lists them (None: not worked out);
    `listed_first`: those already in its first commit, of day `first_listed` (git cannot tell
    when they joined: they were members by then);
    `notes`: what the reader should know about where these came from."""
    in_git: bool
    trends: Trends | None = None
    statuses: StatusHistory | None = None
    notes: list[str] = field(default_factory=list)
    listed: dict[str, _dt.date] | None = None
    listed_first: frozenset[str] = frozenset()
    first_listed: _dt.date | None = None


def nodata(label: str, reason: str, **kw: Any) -> Figure:
    return Figure(label, None, reason, **kw)


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
    _ties: set[tuple[str, str]] | None = field(default=None, repr=False, compare=False)

    @property
    def ties(self) -> set[tuple[str, str]]:
        """The pairs of members who attended a meeting of the period together, found on first
        use (M4 and E2 need them; the health advice and the quarterly trends do not, and a
        year of meetings of 25 makes some 80,000 pairs)."""
        if self._ties is None:
            pairs: set[tuple[str, str]] = set()
            for m in self.meetings:
                pairs.update(combinations(sorted(set(m.attendees)), 2))
            self._ties = pairs
        return self._ties


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


def _observed_anything(w: Window) -> bool:
    """Whether the period holds anything to observe a level from."""
    return bool(w.meetings or w.contributed or w.leads)


def _pct(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


# ---------------------------------------------------------------- compute
def comparison(cop: Cop, prev: Period, today: _dt.date) -> str | None:
    """Why a period is not compared with the previous one (`prev`), or None when it is: the
    previous period lies wholly or mostly (more than half its days) before the CoP started
    (charter `started`), so its figures would measure a community that did not exist yet;
    or it has not begun (a period in the future)."""
    if prev.start > today:
        return f"Not compared with the previous period ({prev.label}): it has not begun yet."
    started = cop.charter.started if cop.charter else None
    if started is None or started <= prev.start:
        return None
    before = (min(started, prev.end + _dt.timedelta(days=1)) - prev.start).days
    if before >= prev.days:
        return (f"Not compared with the previous period ({prev.label}): the community started "
                f"on {started}, after it ended.")
    if 2 * before > prev.days:
        return (f"Not compared with the previous period ({prev.label}): the community started "
                f"on {started}, so {before} of its {prev.days} days come before the start.")
    return None


def _as_of_label(what: str, period: Period, as_of: _dt.date) -> str:
    """'members at period end', or 'members today (2026-12-02)' for a period not over."""
    return f"{what} at period end" if as_of >= period.end else f"{what} today ({as_of})"


def _dated_by_git(cop: Cop, history: History | None) -> dict[str, _dt.date]:
    """The members with no `joined` date that git dates: the day of the first commit whose
    members.yaml lists them, for those added after its first commit."""
    if history is None or not history.in_git or not history.listed:
        return {}
    return {m.id: history.listed[m.id] for m in cop.members
            if m.joined is None and m.id in history.listed}


def _member_on(m: s.Member, joined: _dt.date | None, day: _dt.date) -> bool:
    """`Member.is_member_on` with the joining day given (from the records or from git)."""
    return (joined is None or joined <= day) and (m.left is None or m.left >= day)


def _undated_note(cop: Cop, history: History | None, dated: dict[str, _dt.date]) -> str | None:
    """M1's note on members with no `joined` date: how many git dates, and how the others
    are counted."""
    undated = [m for m in cop.members if m.joined is None]
    if not undated:
        return None
    chart = "; the membership chart dates them from the git history" \
        if history is not None and history.in_git and history.trends is not None else ""
    head = f"{len(undated)} member(s) have no `joined` date: "
    if history is None or not history.in_git or history.listed is None:
        return head + "counted as members from the start" + chart + "."
    first = sum(1 for m in undated if m.id in history.listed_first)
    nowhere = len(undated) - len(dated) - first
    parts = []
    if dated:
        parts.append(f"{len(dated)} dated from git, by the first commit whose members.yaml "
                     "lists them")
    start = []
    if first:
        start.append(f"{first} already in members.yaml's first commit ({history.first_listed})")
    if nowhere:
        start.append(f"{nowhere} in no commit yet")
    if start:
        parts.append(" and ".join(start) + ", counted as members from the start (git cannot "
                     "tell when they joined)")
    return head + "; ".join(parts) + chart + "."


def _levels_by_quarter(history: History | None, period: Period, today: _dt.date
                       ) -> tuple[list[list[Any]], str, str | None]:
    """The chart of observed levels by quarter, from `copkit.history.trends` (members at each
    quarter's end by the level observed in that quarter): the last QUARTERS_SHOWN quarters up
    to the period's end (the current one up to today), each [quarter, core, active,
    peripheral, inactive], None for a quarter with nothing to observe; what the chart holds;
    and, when there is nothing to show, the note that replaces it."""
    no_chart = "No chart of observed levels by quarter: "
    if history is None:
        return [], "", no_chart + "the quarterly trends were not read."
    if history.trends is None:
        return [], "", no_chart + "the quarterly trends could not be worked out (see the " \
            "notes on the data)."
    last = min(period.end, today)
    quarters = [q for q in history.trends.quarters
                if q.end <= last or (last == today and q.start <= today)][-QUARTERS_SHOWN:]
    if not quarters:
        return [], "", no_chart + f"no quarter of the community's life up to {last}."
    rows: list[list[Any]] = []
    for q in quarters:
        seen = q.meetings > 0 or any(q.levels.get(name, 0) for name in LEVELS[:3])
        rows.append([q.label, *((q.levels.get(name, 0) if seen else None) for name in LEVELS)])
    if all(r[1] is None for r in rows):
        return [], "", no_chart + ("no meeting, practice or topic session in the "
                                   f"{len(rows)} quarter(s) from {quarters[0].label} to "
                                   f"{quarters[-1].label}.")
    described = ("members at each quarter's end by the level observed over that quarter "
                 "(thresholds as in M2)")
    if quarters[-1].end > last:
        described += f"; {quarters[-1].label} up to {last}"
    if any(r[1] is None for r in rows):
        described += "; no bar: nothing to observe in that quarter"
    return rows, described, None


def compute(cop: Cop, period: Period, today: _dt.date | None = None,
            history: History | None = None,
            indicators: Collection[str] | None = None) -> Metrics:
    """Every indicator for `period` against the previous period of the same length.
    `history` is what git adds (see `History`); without it, what needs it is "no data".
    `indicators` keeps only those (ids such as "M2"), and leaves out the charts' series: the
    health advice of `copkit check` needs two indicators, not the pairs of members who met."""
    today = today or _dt.date.today()

    def want(ident: str) -> bool:
        return indicators is None or ident in indicators

    crossed: dict[int, int] = {}

    def cross(win: Window) -> int:  # ties across organisations, counted once per window
        if id(win) not in crossed:
            crossed[id(win)] = _cross(win.ties, members)
        return crossed[id(win)]

    prev = period.previous()
    w, pw = window(cop, period), window(cop, prev)
    roster = Roster(cop.members)
    members = cop.member_index()
    charter = cop.charter
    inds: list[Indicator] = []
    levels = observed_levels(cop, w)
    # the day a period is judged on: its end, or today when it is not over
    as_of, pas_of = min(period.end, today), min(prev.end, today)

    # M1 participants
    if want("M1"):
        i = Indicator("M1", "Number of participants",
                      "Members at the end of the period, or today while it is not over (joined on "
                      "or before that day, not left), with those who joined and left during it.",
                      "monitoring")
        # members with no `joined` date: the day git first lists them, where it can tell
        dated = _dated_by_git(cop, history)
        since = {m.id: m.joined or dated.get(m.id) for m in cop.members}
        joined = [m for m in cop.members if since[m.id] is not None and since[m.id] in period]
        left = [m for m in cop.members if m.left is not None and m.left in period]
        pj = sum(1 for m in cop.members if since[m.id] is not None and since[m.id] in prev)
        pl = sum(1 for m in cop.members if m.left is not None and m.left in prev)
        at_end = [m for m in cop.members if _member_on(m, since[m.id], as_of)]
        m1_roster = Roster(cop.members, dated) if dated else roster
        i.figures += [Figure(_as_of_label("members", period, as_of), len(at_end),
                             previous=m1_roster.on(pas_of)),
                      Figure("joined", len(joined), previous=pj),
                      Figure("left", len(left), previous=pl, better="down")]
        note = _undated_note(cop, history, dated)
        if note:
            i.notes.append(note)
        orgs = Counter(m.organisation or "(no organisation)" for m in at_end)
        countries = Counter(m.country or "(no country)" for m in at_end)
        i.tables.append(Table("By organisation", ["organisation", "members"],
                              [[k, str(v)] for k, v in sorted(orgs.items(), key=_desc)]))
        i.tables.append(Table("By country", ["country", "members"],
                              [[k, str(v)] for k, v in sorted(countries.items(), key=_desc)]))
        inds.append(i)

    # M2 levels of participation
    observed, pobserved = _observed_anything(w), _observed_anything(pw)
    by_quarter, by_quarter_described, nothing_by_quarter = _levels_by_quarter(
        history, period, today)
    if want("M2"):
        mon = charter.monitoring if charter else s.Monitoring()
        core_p = f", or contributed {mon.core_practices}+ practices" if mon.core_practices else ""
        active_p = f" or contributed {mon.active_practices}+" if mon.active_practices else ""
        i = Indicator("M2", "Levels of participation",
                      f"Observed for the {len(levels)} member(s) of the period over its "
                      f"{len(w.meetings)} meeting(s): core = attended "
                      f"≥{mon.core_attendance:.0%} of those held while a member, or "
                      "facilitated, or leads a topic taken up in the "
                      f"period (a meeting's topic or a session){core_p}; active = attended "
                      f"≥{mon.active_attendance:.0%}{active_p}; peripheral = attended once; "
                      "inactive = none.", "monitoring")
        counts = Counter(lv.observed for lv in levels)
        prev_counts = Counter(lv.observed for lv in observed_levels(cop, pw))
        nothing = "no meeting, practice or topic session in the period"
        for name in LEVELS:
            # more core members is better, fewer inactive ones too; a change in the active or
            # peripheral count says nothing by itself (members moving up or down)
            better = {"core": "up", "inactive": "down"}.get(name, "")
            i.figures.append(Figure(name, counts[name] if observed else None,
                                    None if observed else nothing,
                                    previous=prev_counts[name] if pobserved else None,
                                    better=better, compared=True))
        if observed:
            declared = Counter((lv.member.level or "undeclared", lv.observed) for lv in levels)
            i.tables.append(Table("Declared level against observed level",
                                  ["declared", *LEVELS],
                                  [[d, *(str(declared[(d, o)]) for o in LEVELS)]
                                   for d in ("core", "active", "peripheral", "undeclared")
                                   if any(declared[(d, o)] for o in LEVELS)]))
            if not w.meetings:
                i.notes.append("No meeting in the period: levels rest on practices contributed "
                               "and topic sessions only.")
        if nothing_by_quarter:
            i.notes.append(nothing_by_quarter)
        inds.append(i)

    # M3 regular schedule
    if want("M3"):
        freq = charter.ways_of_working.meeting_frequency if charter else None
        started = charter.started if charter else None
        i = Indicator("M3", "Regular schedule",
                      "Meetings held in the period against the charter's meeting frequency (over "
                      "the days of the period from the community's start up to today); the "
                      "longest gap between two meetings; attendees per meeting and the share of "
                      "members who attended.", "monitoring")
        i.figures.append(Figure("meetings held", len(w.meetings), previous=len(pw.meetings)))
        if freq:
            n, first, last = _expected(period, freq, started, today)
            pn, _, _ = _expected(prev, freq, started, today)
            i.figures.append(Figure(
                f"meetings expected ({freq})"
                + (f" from {first} (the start)" if first > period.start else "")
                + (f" up to {last}" if last < period.end else ""),
                n, previous=pn, better="", compared=True))
        else:
            i.figures.append(nodata("meetings expected", "the charter sets no meeting_frequency"))
        gap = _longest_gap(w.meetings, "longest gap between meetings")
        gap.previous, gap.compared = _longest_gap(pw.meetings, "").value, True
        i.figures.append(gap)
        rates = [len(set(m.attendees)) / roster.on(m.date) for m in w.meetings if roster.on(m.date)]
        prates = [len(set(m.attendees)) / roster.on(m.date) for m in pw.meetings
                  if roster.on(m.date)]
        att = [float(len(set(m.attendees))) for m in w.meetings]
        patt = [float(len(set(m.attendees))) for m in pw.meetings]
        i.figures.append(_fig_mean("mean attendees per meeting", att, patt, "no meeting"))
        f = _fig_mean("mean attendance rate", rates, prates, "no meeting")
        f.unit = "%"
        i.figures.append(f)
        inds.append(i)

    # M4 flow of information
    if want("M4"):
        i = Indicator("M4", "Flow of information",
                      "Contributions per member (practices added, actions owned, meetings "
                      "facilitated); pairs of members who attended a meeting together; pairs "
                      "from different organisations.", "monitoring")
        actions, contrib = _contributions(w)
        _, pcontrib = _contributions(pw)
        pm = in_period_members(cop, period)
        ppm = in_period_members(cop, prev)
        i.figures.append(Figure("contributions", sum(contrib.values()),
                                previous=sum(pcontrib.values())))
        i.figures.append(Figure("members contributing", sum(1 for m in pm if contrib[m.id]),
                                previous=sum(1 for m in ppm if pcontrib[m.id])))
        i.figures.append(Figure("co-attendance ties", len(w.ties), previous=len(pw.ties)))
        i.figures.append(Figure("ties across organisations", cross(w),
                                previous=cross(pw)))
        top = sorted(((k, v) for k, v in contrib.items() if k in members), key=_desc)[:10]
        i.tables.append(Table("Top contributors",
                              ["member", "practices", "actions", "facilitated"],
                              [[k, str(w.contributed[k]), str(actions[k]), str(w.facilitated[k])]
                               for k, _ in top]))
        inds.append(i)

    # M5 documents with new knowledge
    if want("M5"):
        i = Indicator("M5", "Documents with new knowledge",
                      "Practices whose `added` date is in the period, by kind and status (as "
                      "recorded today); case studies among them.", "monitoring")
        i.figures.append(Figure("practices added", len(w.practices), previous=len(pw.practices)))
        i.figures.append(Figure("case studies", sum(p.kind == "case-study" for p in w.practices),
                                previous=sum(p.kind == "case-study" for p in pw.practices)))
        kinds = Counter(p.kind or "(no kind)" for p in w.practices)
        statuses: Counter[str] = Counter(p.status for p in w.practices)
        i.tables.append(Table("By kind", ["kind", "practices"],
                              [[k, str(v)] for k, v in sorted(kinds.items(), key=_desc)]))
        i.tables.append(Table("By status today", ["status", "practices"],
                              [[k, str(statuses[k])] for k in STATUSES]))
        undated = sum(1 for p in cop.practices if p.added is None)
        if undated:
            i.notes.append(f"{undated} practice(s) have no `added` date and are not counted.")
        inds.append(i)

    # M6 responsibilities
    if want("M6"):
        i = Indicator("M6", "Responsibilities fulfilled",
                      f"Actions (from any meeting) due in the period up to {as_of}: done, done by "
                      "their due date, overdue (not done); planning steps whose deadline has "
                      "passed.", "monitoring")
        due, done, ontime, overdue = _actions(cop, period, as_of)
        pdue, pdone, pontime, poverdue = _actions(cop, prev, pas_of)
        i.figures.append(Figure("actions due", len(due), previous=len(pdue), better=""))
        i.figures.append(Figure("done", len(done), previous=len(pdone)))
        i.figures.append(Figure("done on time", len(ontime), previous=len(pontime)))
        i.figures.append(Figure("on-time rate", _pct(len(ontime), len(due)),
                                None if due else "no action due in the period", unit="%",
                                previous=_pct(len(pontime), len(pdue)), compared=True))
        i.figures.append(Figure("overdue", len(overdue), previous=len(poverdue), better="down"))
        owners = Counter(a.owner or "(no owner)" for a in overdue)
        if overdue:
            i.tables.append(Table("Overdue actions by owner", ["owner", "actions"],
                                  [[k, str(v)] for k, v in sorted(owners.items(), key=_desc)]))
        if cop.plan is None:
            i.figures.append(nodata("plan steps past their deadline", "no plan.yaml"))
        else:
            # today's plan against today: nothing to compare with
            late, how = _late_steps(cop, today)
            i.figures.append(Figure("plan steps past their deadline (today)", len(late),
                                    better="down"))
            if late:
                i.tables.append(Table("Plan steps past their deadline",
                                      ["step", "responsible", "deadline"],
                                      [[str(st.step), st.responsible or "", str(st.deadline)]
                                       for st in late]))
            if how:
                i.notes.append(how)
        undated_actions = sum(1 for m in w.meetings for a in m.actions if a.due is None)
        if undated_actions:
            i.notes.append(f"{undated_actions} action(s) of the period's meetings have no "
                           "due date.")
        inds.append(i)

    # M7 distributed leadership
    if want("M7"):
        i = Indicator("M7", "Distributed leadership",
                      "Distinct facilitators of the period's meetings; topic leads who attended or "
                      "facilitated; guests from outside and practices from external sources.",
                      "monitoring")
        i.figures.append(Figure("distinct facilitators", len(w.facilitated),
                                previous=len(pw.facilitated)))
        leads = {t.lead for t in cop.agenda.topics if t.lead and t.status != "dropped"}
        if leads:
            i.figures.append(Figure("topic leads active",
                                    sum(1 for x in leads if w.attended[x] or w.facilitated[x]),
                                    previous=sum(1 for x in leads
                                                 if pw.attended[x] or pw.facilitated[x])))
        else:
            i.figures.append(nodata("topic leads active", "no topic has a lead"))
        i.figures.append(Figure("guests", sum(len(m.guests) for m in w.meetings),
                                previous=sum(len(m.guests) for m in pw.meetings)))
        i.figures.append(Figure("external practices",
                                sum(p.source == "external" for p in w.practices),
                                previous=sum(p.source == "external" for p in pw.practices)))
        inds.append(i)

    # M8 activities and budget
    if want("M8"):
        i = Indicator("M8", "Activities and budget",
                      "Activities overlapping the period by their status today; budget against "
                      "spent, by currency.", "monitoring")
        acts = [a for a in cop.activities if _overlaps(a, period)]
        if not cop.activities:
            i.figures.append(nodata("activities", "activities.yaml lists none"))
        else:
            # an activity's status is today's: the previous period's count would not say what
            # was planned or done then
            st: Counter[str] = Counter(a.status for a in acts)
            for name in ("planned", "under-way", "done", "cancelled"):
                i.figures.append(Figure(name, st[name], better=""))
            money: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
            for a in acts:
                if a.budget:
                    money[a.budget.currency][0] += a.budget.amount
                if a.spent:
                    money[a.spent.currency][1] += a.spent.amount
            i.tables.append(Table("Budget by currency", ["currency", "budget", "spent"],
                                  [[c, f"{b:,.2f}", f"{sp:,.2f}"]
                                   for c, (b, sp) in sorted(money.items())]))
            undated_a = sum(1 for a in cop.activities if a.start is None and a.end is None)
            if undated_a:
                i.notes.append(f"{undated_a} activity(ies) have no dates and are not counted.")
        inds.append(i)

    # E1..E3 surveys
    surveys = [sv for sv in cop.surveys if sv.date in period]
    psurveys = [sv for sv in cop.surveys if sv.date in prev]
    for ident, title, kinds_, definition in (
            ("E1", "Satisfaction and ownership", ("satisfaction", "ownership"),
             "Answers to survey questions marked satisfaction or ownership: mean on the "
             "question's scale, distribution, number of answers; response rate = responses / "
             "invited."),
            ("E2", "Relationships strengthened", ("relationships",),
             "Answers to questions marked relationships; co-attendance ties and ties across "
             "organisations against the previous period."),
            ("E3", "Capacity and improvements in practice", ("capacity", "practice-change"),
             "Answers to questions marked capacity or practice-change; open answers quoted "
             "without names.")):
        if not want(ident):
            continue
        i = Indicator(ident, title, definition, "evaluation")
        _survey_figures(i, surveys, psurveys, kinds_)
        if ident == "E1":
            i.figures.append(_response_rate(surveys, psurveys))
        if ident == "E2":
            i.figures.append(Figure("co-attendance ties", len(w.ties), previous=len(pw.ties)))
            i.figures.append(Figure("ties across organisations", cross(w),
                                    previous=cross(pw)))
        inds.append(i)

    # E4 knowledge generated
    if want("E4"):
        i = Indicator("E4", "Knowledge generated",
                      "Practices whose status moved forward (draft → tested → evaluated) during "
                      "the period: their status at its start, or when first recorded, against its "
                      "end, from the git history; practices by status at the end of the period; "
                      "agenda topics by status today and those discussed in a meeting of the "
                      "period.", "evaluation")
        _knowledge(i, cop, period, prev, as_of, pas_of, today, history)
        topics = cop.agenda.topics
        if topics:
            discussed = {t for m in w.meetings for t in m.topics}
            pdiscussed = {t for m in pw.meetings for t in m.topics}
            tst = Counter(t.status for t in topics)
            i.figures.append(Figure("agenda topics (today)", len(topics), better=""))
            i.figures.append(Figure("topics covered (today)", tst["covered"]))
            i.figures.append(Figure("topics discussed in the period",
                                    sum(t.id in discussed for t in topics),
                                    previous=sum(t.id in pdiscussed for t in topics)))
        else:
            i.figures.append(nodata("agenda topics", "the learning agenda lists no topic"))
        inds.append(i)

    # I1 value created
    stories = [st_ for st_ in cop.stories if st_.date in period]
    pstories = [st_ for st_ in cop.stories if st_.date in prev]
    if want("I1"):
        i = Indicator("I1", "Value created",
                      "Value-creation stories dated in the period, by the furthest cycle they "
                      "reach (immediate, potential, applied, realized, transformative).", "impact")
        if stories or pstories:
            far = Counter(st_.cycles.furthest() or "none" for st_ in stories)
            pfar = Counter(st_.cycles.furthest() or "none" for st_ in pstories)
            i.figures.append(Figure("stories", len(stories), previous=len(pstories)))
            for c in CYCLES:
                i.figures.append(Figure(f"reaching {c}", far[c], previous=pfar[c]))
            if far["none"]:
                i.notes.append(f"{far['none']} story(ies) of the period record no cycle yet.")
        else:
            i.figures.append(nodata("stories", "no story in this period"))
        inds.append(i)

    # I2 goals with evidence
    if want("I2"):
        i = Indicator("I2", "Goals with evidence",
                      "Each charter goal with the stories of the period linked to it and their "
                      "evidence.", "impact")
        goals = charter.goals if charter else []
        if not goals:
            i.figures.append(nodata("goals with evidence", "the charter lists no goal"))
        else:
            linked = _linked(stories)
            plinked = _linked(pstories)
            i.figures.append(Figure("goals with evidence", sum(1 for g in goals if linked[g.id]),
                                    previous=sum(1 for g in goals if plinked[g.id])))
            i.figures.append(Figure("goals", len(goals), better=""))
            i.tables.append(Table("Goals", ["goal", "statement", "stories", "evidence"],
                                  [[g.id, g.statement, str(len(linked[g.id])),
                                    "; ".join(e for st_ in linked[g.id] for e in st_.evidence)]
                                   for g in goals]))
        inds.append(i)

    # I3 institutionalised practices
    if want("I3"):
        i = Indicator("I3", "Institutionalised practices",
                      "Adoptions of practices by organisations dated in the period, by "
                      "organisation.", "impact")
        adoptions = [(p, ad) for p in cop.practices for ad in p.adoptions
                     if ad.date is not None and ad.date in period]
        padoptions = [(p, ad) for p in cop.practices for ad in p.adoptions
                      if ad.date is not None and ad.date in prev]
        if adoptions or padoptions or any(p.adoptions for p in cop.practices):
            i.figures.append(Figure("adoptions", len(adoptions), previous=len(padoptions)))
            by_org: dict[str, list[str]] = defaultdict(list)
            for p, ad in adoptions:
                by_org[ad.organisation].append(p.title)
            i.figures.append(Figure("organisations adopting", len(by_org),
                                    previous=len({ad.organisation for _, ad in padoptions})))
            i.tables.append(Table("Adoptions by organisation", ["organisation", "practices"],
                                  [[o, "; ".join(sorted(ps))] for o, ps in sorted(by_org.items())]))
            undated_ad = sum(1 for p in cop.practices for a in p.adoptions if a.date is None)
            if undated_ad:
                i.notes.append(f"{undated_ad} adoption(s) have no date and are not counted.")
        else:
            i.figures.append(nodata("adoptions", "no practice records an adoption"))
        inds.append(i)

    no_comparison = comparison(cop, prev, today)
    if no_comparison:
        for ind in inds:
            for fg in ind.figures:
                fg.uncompare()
    notes = list(history.notes) if history else []
    series: dict[str, Any] = {}
    described: dict[str, str] = {}
    if indicators is None:
        series, described, chart_notes = _series(cop, period, w, roster, levels, observed,
                                                 history, today)
        series["levels_by_quarter"] = by_quarter
        if by_quarter:
            described["levels_by_quarter"] = by_quarter_described
        notes += chart_notes
    return Metrics(cop.name, period, prev, today, inds, levels, series, no_comparison, notes,
                   described)


def _expected(period: Period, freq: str, started: _dt.date | None, today: _dt.date
              ) -> tuple[int, _dt.date, _dt.date]:
    """Meetings the frequency asks for over the days of the period the community existed
    and that have gone by: (count, first day, last day)."""
    first = max(period.start, started) if started else period.start
    last = min(period.end, today)
    days = max((last - first).days + 1, 0)
    return round(days / FREQUENCY_DAYS[freq]), first, last


def _contributions(w: Window) -> tuple[Counter[str], Counter[str]]:
    """(actions owned, all contributions) per member in a window."""
    actions: Counter[str] = Counter()
    for m in w.meetings:
        actions.update(a.owner for a in m.actions if a.owner)
    return actions, Counter(w.contributed) + actions + Counter(w.facilitated)


def _actions(cop: Cop, period: Period, as_of: _dt.date
             ) -> tuple[list[s.Action], list[s.Action], list[s.Action], list[s.Action]]:
    """Actions due in the period up to `as_of`: (due, done, done on time, not done)."""
    due = [a for m in cop.meetings for a in m.actions
           if a.due is not None and period.start <= a.due <= as_of]
    done = [a for a in due if a.done is not None]
    ontime = [a for a in done if a.done is not None and a.due is not None and a.done <= a.due]
    overdue = [a for a in due if a.done is None]
    return due, done, ontime, overdue


def _response_rate(surveys: list[s.Survey], psurveys: list[s.Survey]) -> Figure:
    def rate(svs: list[s.Survey]) -> float | None:
        invited = sum(sv.invited or 0 for sv in svs if sv.invited)
        return _pct(sum(len(sv.responses) for sv in svs if sv.invited), invited)

    value = rate(surveys)
    reason = None if value is not None else (
        "no survey in this period" if not surveys else "no survey says how many were invited")
    return Figure("response rate", value, reason, unit="%", previous=rate(psurveys),
                  compared=True)


def _linked(stories: list[s.Story]) -> dict[str, list[s.Story]]:
    linked: dict[str, list[s.Story]] = defaultdict(list)
    for st_ in stories:
        for g in st_.goals:
            linked[g].append(st_)
    return linked


# ---------------------------------------------------------------- E4: status over time
_RANK = {name: n for n, name in enumerate(STATUSES)}


def status_on(p: s.Practice, day: _dt.date, sh: StatusHistory | None,
              today: _dt.date) -> str | None:
    """The status practice `p` had at the end of `day`: a status, None when it did not exist
    yet, or UNKNOWN. Its record says today's status; an earlier one comes from the git
    history: the status before the first change made after `day`."""
    if p.added is not None and p.added > day:
        return None
    if day >= today:
        return p.status
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


def _first_status(p: s.Practice, sh: StatusHistory | None) -> str | None:
    """The status a practice had when it was created: the one it was first committed with,
    if that commit was made on its `added` day (or the day after, across time zones)."""
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


def _knowledge(i: Indicator, cop: Cop, period: Period, prev: Period, as_of: _dt.date,
               pas_of: _dt.date, today: _dt.date, history: History | None) -> None:
    """E4's practice figures: movements in the period and statuses at its end, each against
    the previous period where both are known; a note for what the history does not hold."""
    sh = history.statuses if history else None
    now, before = _side(cop, period, as_of, sh, today), _side(cop, prev, pas_of, sh, today)
    if history is None:
        reason = "the status history was not read"
    elif not history.in_git:
        reason = "the CoP folder is not in git"
    else:
        reason = "not in the git history"
    partial = False

    def add(label: str, n: int, known: int, unknown: int, pn: int, pknown: int,
            punknown: int, better: str) -> None:
        nonlocal partial
        value = n if known or not unknown else None
        previous = pn if pknown or not punknown else None
        f = Figure(label, value, None if value is not None else reason, previous=previous,
                   better=better, compared=True)
        if (unknown and known) or (punknown and pknown):
            f.uncompare()  # a count that leaves practices out is not compared
            partial = True
        i.figures.append(f)

    moved = {"moved draft → tested": [("draft", "tested")],
             "moved to evaluated": [("draft", "evaluated"), ("tested", "evaluated")]}
    for label, pairs in moved.items():
        if period.start > today:
            i.figures.append(nodata(f"practices {label}", "the period has not begun"))
            continue
        add(f"practices {label}", sum(now.moves[x] for x in pairs), now.moved_known,
            now.moved_unknown, sum(before.moves[x] for x in pairs), before.moved_known,
            before.moved_unknown, "up")
    known, pknown = sum(now.status.values()), sum(before.status.values())
    for name in STATUSES:
        add(_as_of_label(f"practices {name}", period, as_of), now.status[name], known,
            now.status_unknown, before.status[name], pknown, before.status_unknown,
            "" if name == "draft" else "up")
    if not (now.moved_unknown or before.moved_unknown):
        return
    if sh is None:
        i.notes.append("A practice's earlier status comes from the git history, and "
                       + ("the CoP folder is not in git" if history is not None else
                          "it was not read")
                       + ": only today's status is known, so movements and statuses on past "
                       "days are not counted.")
        return
    for side, p in ((now, period), (before, prev)):
        if side.status_unknown:
            i.notes.append(f"{side.moved_unknown} practice(s) left out of the figures for "
                           f"{p.label}: the git history does not hold their status then "
                           "(committed after their `added` date, or not at all).")
        elif side.moved_unknown:
            i.notes.append(f"{side.moved_unknown} practice(s) left out of the movements in "
                           f"{p.label}: the git history does not hold their status at its "
                           "start or when they were created (committed after their `added` "
                           "date, or not at all).")
    if partial:
        i.notes.append("A count that leaves practices out is not compared with the other "
                       "period.")


def _late_steps(cop: Cop, today: _dt.date) -> tuple[list[s.PlanStep], str | None]:
    """plan.yaml steps whose deadline passed and that are not done (the planning template
    says which are done). Without a usable template, every step past its deadline counts,
    and the note says so."""
    steps = [st for st in (cop.plan.steps if cop.plan else [])
             if st.deadline is not None and st.deadline < today]
    if not steps:
        return [], None
    from copkit import planning

    template, _ = planning.template_for(cop)
    if template is None:
        return steps, ("the planning template could not be read: steps past their deadline "
                       "are counted whether done or not")
    status = planning.plan_status(cop, template, today)
    done = {row.number for row in status.steps if row.done}
    return [st for st in steps if st.step not in done], None


def _desc(kv: tuple[str, int]) -> tuple[int, str]:
    return (-kv[1], kv[0])


def _cross(ties: set[tuple[str, str]], members: dict[str, s.Member]) -> int:
    n = 0
    for a, b in ties:
        ma, mb = members.get(a), members.get(b)
        if ma and mb and ma.organisation and mb.organisation and \
                ma.organisation != mb.organisation:
            n += 1
    return n


def _overlaps(a: s.Activity, period: Period) -> bool:
    start = a.start or a.end
    end = a.end or a.start
    return start is not None and end is not None and start <= period.end and end >= period.start


def _longest_gap(meetings: list[s.Meeting], label: str) -> Figure:
    days = sorted({m.date for m in meetings})
    if len(days) < 2:
        return nodata(label, "fewer than two meetings in the period", better="down",
                      unit="days")
    return Figure(label, max((b - a).days for a, b in pairwise(days)), better="down",
                  unit="days")


def _fig_mean(label: str, now: list[float], prev: list[float], why: str) -> Figure:
    return Figure(label, _mean(now), None if now else f"{why} in this period",
                  previous=_mean(prev), compared=True)


def _survey_figures(i: Indicator, surveys: list[s.Survey], psurveys: list[s.Survey],
                    kinds: tuple[str, ...]) -> None:
    if not surveys:
        i.figures.append(nodata("survey answers", "no survey in this period"))
        return
    found = False
    for kind in kinds:
        values, _, dist = _answers(surveys, kind)
        if values is None:
            continue
        found = True
        pv, _, _ = _answers(psurveys, kind)
        i.figures.append(Figure(f"{kind}: mean", _mean(values) if values else None,
                                None if values else "no answer",
                                previous=_mean(pv) if pv else None, compared=True))
        i.figures.append(Figure(f"{kind}: answers (n)", len(values), better="",
                                previous=len(pv) if pv is not None else None, compared=True))
        if dist:
            i.tables.append(Table(f"{kind}: distribution", ["answer", "count"],
                                  [[k, str(v)] for k, v in sorted(dist.items(),
                                                                  key=_answer_order)]))
        scales = sorted({q.scale for sv in surveys for q in sv.questions
                         if q.indicator == kind and q.scale is not None})
        if len(scales) > 1:
            i.notes.append(f"{kind}: the questions use different scales "
                           f"({', '.join(f'1-{sc}' for sc in scales)}): the mean mixes them; "
                           "read the distribution")
    for sv in surveys:
        for q in sv.questions:
            if q.indicator in kinds and q.scale is None:
                found = True
                for r in sv.responses:
                    a = r.answers.get(q.id)
                    if isinstance(a, str) and a.strip():
                        i.quotes.append(a.strip())
    if not found:
        i.figures.append(nodata("survey answers",
                                "no question of this period's surveys asks about "
                                + " or ".join(kinds)))


def _answers(surveys: list[s.Survey], kind: str) -> tuple[list[float] | None, list[float] | None,
                                                          Counter[str]]:
    values: list[float] | None = None
    dist: Counter[str] = Counter()
    for sv in surveys:
        for q in sv.questions:
            if q.indicator != kind or q.scale is None:
                continue
            values = values if values is not None else []
            for r in sv.responses:
                a = r.answers.get(q.id)
                if isinstance(a, bool) or not isinstance(a, (int, float)):
                    continue
                values.append(float(a))
                dist[f"{int(a) if float(a).is_integer() else a}/{q.scale}"] += 1
    return values, None, dist


def _answer_order(kv: tuple[str, int]) -> tuple[float, float]:
    value, scale = kv[0].split("/")
    return float(scale), float(value)


def _quarter_key(d: _dt.date) -> str:
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}"


def _quarter_start(label: str) -> _dt.date:
    year, q = label.split("-Q")
    return _dt.date(int(year), 3 * int(q) - 2, 1)


def _quarter_labels(first: _dt.date, last: _dt.date) -> list[str]:
    """The quarters from the one holding `first` to the one holding `last`, as 2026-Q3."""
    y, q = first.year, (first.month - 1) // 3 + 1
    end = (last.year, (last.month - 1) // 3 + 1)
    out = []
    while (y, q) <= end:
        out.append(f"{y}-Q{q}")
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    return out


def _series(cop: Cop, period: Period, w: Window, roster: Roster, levels: list[MemberLevel],
            observed: bool, history: History | None, today: _dt.date
            ) -> tuple[dict[str, Any], dict[str, str], list[str]]:
    """Data for the charts, what a chart holds where it is not the usual, and notes on it.

    Membership is counted at each month end of the period up to today, from the `joined`
    and `left` dates; when some members have no `joined` date and the git history is known,
    at each quarter end from the history (`copkit.history.trends`: who was on the members
    list then). Practices are counted per quarter over the last QUARTERS_SHOWN quarters up
    to the period's end (from the CoP's start, or its first practice), a quiet quarter
    showing 0; practices with no `added` date are dated by the commit that added them when
    the history is known."""
    described: dict[str, str] = {}
    notes: list[str] = []
    lv = Counter(x.observed for x in levels)
    attendance = [(m.date.isoformat(), len(set(m.attendees))) for m in w.meetings]
    last = min(period.end, today)
    trends = history.trends if history is not None and history.in_git else None
    undated_members = sum(1 for m in cop.members if m.joined is None)
    months: list[tuple[str, int]] = []
    if undated_members and trends is not None:
        for q in trends.quarters:
            if q.end < period.start or q.start > last:
                continue
            if q.end <= last:
                months.append((q.end.isoformat(), q.members))
            elif q.end >= today and period.end >= today:
                months.append((today.isoformat(), q.members))  # the current list
        described["membership"] = ("members at each quarter end, from the git history "
                                   "(members with no joined date: the members list then)")
    else:
        d = _dt.date(period.start.year, period.start.month, 1)
        while d <= last:
            nxt = _dt.date(d.year + (d.month == 12), 1 if d.month == 12 else d.month + 1, 1)
            end = min(nxt - _dt.timedelta(days=1), last)
            months.append((end.isoformat(), roster.on(end)))
            d = nxt
        if undated_members and history is not None and not history.in_git:
            notes.append(f"{undated_members} member(s) have no `joined` date and the CoP "
                         "folder is not in git: the membership chart counts them as members "
                         "from the start.")

    undated_practices = sum(1 for p in cop.practices if p.added is None)
    counts: Counter[str] = Counter(_quarter_key(p.added) for p in cop.practices
                                   if p.added is not None and p.added <= last)
    if undated_practices and trends is not None:
        counts = Counter({q.label: q.practices_added for q in trends.quarters
                          if q.start <= last})
        described["practices"] = ("practices added in each quarter (with no `added` date: "
                                  "the day their file was first committed)")
    started = cop.charter.started if cop.charter else None
    busy = sorted(k for k, v in counts.items() if v)
    first = started or (_quarter_start(busy[0]) if busy else None)
    labels = _quarter_labels(first, last)[-QUARTERS_SHOWN:] if first and first <= last else []
    practices = [(label, counts[label]) for label in labels]
    return ({"levels": [(name, lv[name]) for name in LEVELS] if observed else [],
             "attendance": attendance, "membership": months, "practices": practices},
            described, notes)
