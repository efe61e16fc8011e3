"""The indicators of indicators.md, computed from a loaded CoP for a period. PURE: no I/O.

Every figure is a `Figure`: a value, or no value and the reason ("no survey in this period"),
never a 0 standing in for missing data. Attendance is indexed once per period (one pass over
the meetings), so the cost is linear in the number of attendance records.
"""

from __future__ import annotations

import bisect
import datetime as _dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from typing import Any

from copkit import schemas as s
from copkit.periods import Period
from copkit.repo import Cop

FREQUENCY_DAYS = {"weekly": 7, "fortnightly": 14, "monthly": 30.4375, "bimonthly": 60.875,
                  "quarterly": 91.3125, "biannual": 182.625, "annual": 365.25}
LEVELS = ("core", "active", "peripheral", "inactive")
CYCLES = ("immediate", "potential", "applied", "realized", "transformative")


@dataclass
class Figure:
    label: str
    value: float | int | None
    reason: str | None = None      # why there is no value
    previous: float | int | None = None
    unit: str = ""                 # "%" shows value*100
    better: str = "up"             # "up", "down" or "" (no judgement)

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
        return "" if self.previous is None else self.show(self.previous)

    @property
    def arrow(self) -> str:
        if self.value is None or self.previous is None:
            return ""
        if self.value > self.previous:
            return "↑"
        if self.value < self.previous:
            return "↓"
        return "="


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

    def by_id(self, ident: str) -> Indicator:
        return next(i for i in self.indicators if i.id == ident)

    def level(self, name: str) -> list[Indicator]:
        return [i for i in self.indicators if i.level == name]


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
    ties: set[tuple[str, str]]


def window(cop: Cop, period: Period) -> Window:
    meetings = [m for m in cop.meetings if m.date in period]
    attended: Counter[str] = Counter()
    facilitated: Counter[str] = Counter()
    ties: set[tuple[str, str]] = set()
    for m in meetings:
        people = sorted(set(m.attendees))
        attended.update(people)
        if m.facilitator:
            facilitated[m.facilitator] += 1
        ties.update(combinations(people, 2))
    practices = [p for p in cop.practices if p.added is not None and p.added in period]
    contributed: Counter[str] = Counter()
    for p in practices:
        contributed.update(set(p.contributors))
    return Window(period, meetings, attended, facilitated, practices, contributed, ties)


class Roster:
    """Members on a day in O(log n): joined and left dates sorted once."""

    def __init__(self, members: list[s.Member]) -> None:
        self.joined = sorted(m.joined or _dt.date.min for m in members)
        self.left = sorted(m.left for m in members if m.left is not None)

    def on(self, day: _dt.date) -> int:
        # is_member_on: joined <= day and (left is None or left >= day)
        return bisect.bisect_right(self.joined, day) - bisect.bisect_left(self.left, day)


def in_period_members(cop: Cop, period: Period) -> list[s.Member]:
    """Members at some point of the period."""
    return [m for m in cop.members
            if (m.joined is None or m.joined <= period.end)
            and (m.left is None or m.left >= period.start)]


def observed_levels(cop: Cop, w: Window) -> list[MemberLevel]:
    """The observed level of each member of the period. The attendance rate is taken over the
    meetings held while the member was a member (joined..left), so that someone who joined in
    the period's last month is not judged on the meetings before they arrived."""
    mon = cop.charter.monitoring if cop.charter else s.Monitoring()
    leads = {t.lead for t in cop.agenda.topics if t.lead and t.status != "dropped"}
    days = [mt.date for mt in w.meetings]  # sorted: cop.meetings is sorted by date
    out = []
    for m in in_period_members(cop, w.period):
        a, f, p = w.attended[m.id], w.facilitated[m.id], w.contributed[m.id]
        lo = bisect.bisect_left(days, m.joined) if m.joined else 0
        hi = bisect.bisect_right(days, m.left) if m.left else len(days)
        n = max(hi - lo, 0)
        rate = a / n if n else 0.0
        lead = m.id in leads
        if (n and rate >= mon.core_attendance) or f or lead or p >= max(mon.core_practices, 1):
            level = "core"
        elif (n and rate >= mon.active_attendance) or p >= max(mon.active_practices, 1):
            level = "active"
        elif a >= 1:
            level = "peripheral"
        else:
            level = "inactive"
        out.append(MemberLevel(m, level, a, f, p, lead))
    return out


def _pct(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


# ---------------------------------------------------------------- compute
def compute(cop: Cop, period: Period, today: _dt.date | None = None) -> Metrics:
    today = today or _dt.date.today()
    prev = period.previous()
    w, pw = window(cop, period), window(cop, prev)
    roster = Roster(cop.members)
    members = cop.member_index()
    charter = cop.charter
    inds: list[Indicator] = []
    levels = observed_levels(cop, w)

    # M1 participants
    i = Indicator("M1", "Number of participants",
                  "Members at the end of the period (joined on or before it, not left), "
                  "with those who joined and left during it.", "monitoring")
    joined = [m for m in cop.members if m.joined is not None and m.joined in period]
    left = [m for m in cop.members if m.left is not None and m.left in period]
    pj = sum(1 for m in cop.members if m.joined is not None and m.joined in prev)
    pl = sum(1 for m in cop.members if m.left is not None and m.left in prev)
    at_end = [m for m in cop.members if m.is_member_on(period.end)]
    i.figures += [Figure("members at period end", len(at_end), previous=roster.on(prev.end)),
                  Figure("joined", len(joined), previous=pj),
                  Figure("left", len(left), previous=pl, better="down")]
    no_joined = sum(1 for m in cop.members if m.joined is None)
    if no_joined:
        i.notes.append(f"{no_joined} member(s) have no `joined` date: counted as members "
                       "from the start.")
    orgs = Counter(m.organisation or "(no organisation)" for m in at_end)
    countries = Counter(m.country or "(no country)" for m in at_end)
    i.tables.append(Table("By organisation", ["organisation", "members"],
                          [[k, str(v)] for k, v in sorted(orgs.items(), key=_desc)]))
    i.tables.append(Table("By country", ["country", "members"],
                          [[k, str(v)] for k, v in sorted(countries.items(), key=_desc)]))
    inds.append(i)

    # M2 levels of participation
    mon = charter.monitoring if charter else s.Monitoring()
    i = Indicator("M2", "Levels of participation",
                  f"Observed over the {len(w.meetings)} meeting(s) of the period: core = attended "
                  f"≥{mon.core_attendance:.0%} of those held while a member, or facilitated "
                  "or leads a topic or contributed "
                  f"{mon.core_practices}+ practices; active = attended ≥{mon.active_attendance:.0%}"
                  f" or contributed {mon.active_practices}+; peripheral = attended once; "
                  "inactive = none.", "monitoring")
    counts = Counter(lv.observed for lv in levels)
    prev_counts = Counter(lv.observed for lv in observed_levels(cop, pw))
    for name in LEVELS:
        i.figures.append(Figure(name, counts[name], previous=prev_counts[name],
                                better="down" if name == "inactive" else "up"))
    declared = Counter((lv.member.level or "undeclared", lv.observed) for lv in levels)
    i.tables.append(Table("Declared level against observed level",
                          ["declared", *LEVELS],
                          [[d, *(str(declared[(d, o)]) for o in LEVELS)]
                           for d in ("core", "active", "peripheral", "undeclared")
                           if any(declared[(d, o)] for o in LEVELS)]))
    if not w.meetings:
        i.notes.append("No meeting in the period: levels rest on contributions only.")
    inds.append(i)

    # M3 regular schedule
    freq = charter.ways_of_working.meeting_frequency if charter else None
    i = Indicator("M3", "Regular schedule",
                  "Meetings held in the period against the charter's meeting frequency; the "
                  "longest gap between two meetings; attendees per meeting and the share of "
                  "members who attended.", "monitoring")
    i.figures.append(Figure("meetings held", len(w.meetings), previous=len(pw.meetings)))
    elapsed = max((min(period.end, today) - period.start).days + 1, 0)
    if freq:
        # only the days of the period gone by: a year not over yet expects fewer meetings
        i.figures.append(Figure(f"meetings expected ({freq})" + (
            f" up to {today}" if elapsed < period.days else ""),
            round(elapsed / FREQUENCY_DAYS[freq]), better=""))
    else:
        i.figures.append(nodata("meetings expected", "the charter sets no meeting_frequency"))
    i.figures.append(_longest_gap(w.meetings, "longest gap between meetings"))
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
    i = Indicator("M4", "Flow of information",
                  "Contributions per member (practices added, actions owned, meetings "
                  "facilitated); pairs of members who attended a meeting together; pairs "
                  "from different organisations.", "monitoring")
    actions: Counter[str] = Counter()
    for m in w.meetings:
        actions.update(a.owner for a in m.actions if a.owner)
    contrib = Counter(w.contributed) + actions + Counter(w.facilitated)
    pm = in_period_members(cop, period)
    i.figures.append(Figure("contributions", sum(contrib.values())))
    i.figures.append(Figure("members contributing", sum(1 for m in pm if contrib[m.id])))
    i.figures.append(Figure("co-attendance ties", len(w.ties), previous=len(pw.ties)))
    cross = _cross(w.ties, members)
    i.figures.append(Figure("ties across organisations", cross,
                            previous=_cross(pw.ties, members)))
    top = sorted(((k, v) for k, v in contrib.items() if k in members), key=_desc)[:10]
    i.tables.append(Table("Top contributors",
                          ["member", "practices", "actions", "facilitated"],
                          [[k, str(w.contributed[k]), str(actions[k]), str(w.facilitated[k])]
                           for k, _ in top]))
    inds.append(i)

    # M5 documents with new knowledge
    i = Indicator("M5", "Documents with new knowledge",
                  "Practices whose `added` date is in the period, by kind and status; case "
                  "studies among them.", "monitoring")
    i.figures.append(Figure("practices added", len(w.practices), previous=len(pw.practices)))
    i.figures.append(Figure("case studies", sum(p.kind == "case-study" for p in w.practices),
                            previous=sum(p.kind == "case-study" for p in pw.practices)))
    kinds = Counter(p.kind or "(no kind)" for p in w.practices)
    statuses = Counter(p.status for p in w.practices)
    i.tables.append(Table("By kind", ["kind", "practices"],
                          [[k, str(v)] for k, v in sorted(kinds.items(), key=_desc)]))
    i.tables.append(Table("By status", ["status", "practices"],
                          [[k, str(statuses[k])] for k in ("draft", "tested", "evaluated")]))
    undated = sum(1 for p in cop.practices if p.added is None)
    if undated:
        i.notes.append(f"{undated} practice(s) have no `added` date and are not counted.")
    inds.append(i)

    # M6 responsibilities
    as_of = min(period.end, today)
    i = Indicator("M6", "Responsibilities fulfilled",
                  f"Actions (from any meeting) due in the period up to {as_of}: done, done by "
                  "their due date, overdue (not done); planning steps whose deadline has "
                  "passed.", "monitoring")
    due = [a for m in cop.meetings for a in m.actions
           if a.due is not None and period.start <= a.due <= as_of]
    done = [a for a in due if a.done is not None]
    ontime = [a for a in done if a.done is not None and a.due is not None and a.done <= a.due]
    overdue = [a for a in due if a.done is None]
    i.figures.append(Figure("actions due", len(due), better=""))
    i.figures.append(Figure("done", len(done)))
    i.figures.append(Figure("done on time", len(ontime)))
    i.figures.append(Figure("on-time rate", _pct(len(ontime), len(due)),
                            None if due else "no action due in the period", unit="%"))
    i.figures.append(Figure("overdue", len(overdue), better="down"))
    owners = Counter(a.owner or "(no owner)" for a in overdue)
    if overdue:
        i.tables.append(Table("Overdue actions by owner", ["owner", "actions"],
                              [[k, str(v)] for k, v in sorted(owners.items(), key=_desc)]))
    if cop.plan is None:
        i.figures.append(nodata("plan steps past their deadline", "no plan.yaml"))
    else:
        late, how = _late_steps(cop, today)
        i.figures.append(Figure("plan steps past their deadline", len(late), better="down"))
        if late:
            i.tables.append(Table("Plan steps past their deadline",
                                  ["step", "responsible", "deadline"],
                                  [[str(st.step), st.responsible or "", str(st.deadline)]
                                   for st in late]))
        if how:
            i.notes.append(how)
    undated_actions = sum(1 for m in w.meetings for a in m.actions if a.due is None)
    if undated_actions:
        i.notes.append(f"{undated_actions} action(s) of the period's meetings have no due date.")
    inds.append(i)

    # M7 distributed leadership
    i = Indicator("M7", "Distributed leadership",
                  "Distinct facilitators of the period's meetings; topic leads who attended or "
                  "facilitated; guests from outside and practices from external sources.",
                  "monitoring")
    i.figures.append(Figure("distinct facilitators", len(w.facilitated),
                            previous=len(pw.facilitated)))
    leads = {t.lead for t in cop.agenda.topics if t.lead and t.status != "dropped"}
    active_leads = {x for x in leads if w.attended[x] or w.facilitated[x]}
    i.figures.append(Figure("topic leads active", len(active_leads)) if leads
                     else nodata("topic leads active", "no topic has a lead"))
    i.figures.append(Figure("guests", sum(len(m.guests) for m in w.meetings),
                            previous=sum(len(m.guests) for m in pw.meetings)))
    i.figures.append(Figure("external practices",
                            sum(p.source == "external" for p in w.practices),
                            previous=sum(p.source == "external" for p in pw.practices)))
    inds.append(i)

    # M8 activities and budget
    i = Indicator("M8", "Activities and budget",
                  "Activities overlapping the period by status; budget against spent, by "
                  "currency.", "monitoring")
    acts = [a for a in cop.activities if _overlaps(a, period)]
    if not cop.activities:
        i.figures.append(nodata("activities", "activities.yaml lists none"))
    else:
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
        i = Indicator(ident, title, definition, "evaluation")
        _survey_figures(i, surveys, psurveys, kinds_)
        if ident == "E1":
            invited = sum(sv.invited or 0 for sv in surveys if sv.invited)
            resp = sum(len(sv.responses) for sv in surveys if sv.invited)
            i.figures.append(Figure("response rate", _pct(resp, invited),
                                    None if invited else
                                    ("no survey in this period" if not surveys
                                     else "no survey says how many were invited"), unit="%"))
        if ident == "E2":
            i.figures.append(Figure("co-attendance ties", len(w.ties), previous=len(pw.ties)))
            i.figures.append(Figure("ties across organisations", cross,
                                    previous=_cross(pw.ties, members)))
        inds.append(i)

    # E4 knowledge generated
    i = Indicator("E4", "Knowledge generated",
                  "Practices by status at the end of the period (draft → tested → evaluated); "
                  "agenda topics by status and those discussed in a meeting of the period.",
                  "evaluation")
    existing = [p for p in cop.practices if p.added is None or p.added <= period.end]
    pexisting = [p for p in cop.practices if p.added is None or p.added <= prev.end]
    for stname in ("draft", "tested", "evaluated"):
        i.figures.append(Figure(f"practices {stname}",
                                sum(p.status == stname for p in existing),
                                previous=sum(p.status == stname for p in pexisting),
                                better="" if stname == "draft" else "up"))
    topics = cop.agenda.topics
    if topics:
        discussed = {t for m in w.meetings for t in m.topics}
        tst = Counter(t.status for t in topics)
        i.figures.append(Figure("agenda topics", len(topics), better=""))
        i.figures.append(Figure("topics covered", tst["covered"]))
        i.figures.append(Figure("topics discussed in the period",
                                sum(t.id in discussed for t in topics)))
    else:
        i.figures.append(nodata("agenda topics", "the learning agenda lists no topic"))
    i.notes.append("Status is read from today's records: a practice's earlier status is in "
                   "the git history, not here.")
    inds.append(i)

    # I1 value created
    stories = [st_ for st_ in cop.stories if st_.date in period]
    pstories = [st_ for st_ in cop.stories if st_.date in prev]
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
    i = Indicator("I2", "Goals with evidence",
                  "Each charter goal with the stories of the period linked to it and their "
                  "evidence.", "impact")
    goals = charter.goals if charter else []
    if not goals:
        i.figures.append(nodata("goals with evidence", "the charter lists no goal"))
    else:
        linked: dict[str, list[s.Story]] = defaultdict(list)
        for st_ in stories:
            for g in st_.goals:
                linked[g].append(st_)
        i.figures.append(Figure("goals with evidence", sum(1 for g in goals if linked[g.id])))
        i.figures.append(Figure("goals", len(goals), better=""))
        i.tables.append(Table("Goals", ["goal", "statement", "stories", "evidence"],
                              [[g.id, g.statement, str(len(linked[g.id])),
                                "; ".join(e for st_ in linked[g.id] for e in st_.evidence)]
                               for g in goals]))
    inds.append(i)

    # I3 institutionalised practices
    i = Indicator("I3", "Institutionalised practices",
                  "Adoptions of practices by organisations dated in the period, by "
                  "organisation.", "impact")
    adoptions = [(p, ad) for p in cop.practices for ad in p.adoptions
                 if ad.date is not None and ad.date in period]
    padopt = sum(1 for p in cop.practices for a in p.adoptions
                 if a.date is not None and a.date in prev)
    if adoptions or padopt or any(p.adoptions for p in cop.practices):
        i.figures.append(Figure("adoptions", len(adoptions), previous=padopt))
        by_org: dict[str, list[str]] = defaultdict(list)
        for p, ad in adoptions:
            by_org[ad.organisation].append(p.title)
        i.figures.append(Figure("organisations adopting", len(by_org)))
        i.tables.append(Table("Adoptions by organisation", ["organisation", "practices"],
                              [[o, "; ".join(sorted(ps))] for o, ps in sorted(by_org.items())]))
        undated_ad = sum(1 for p in cop.practices for a in p.adoptions if a.date is None)
        if undated_ad:
            i.notes.append(f"{undated_ad} adoption(s) have no date and are not counted.")
    else:
        i.figures.append(nodata("adoptions", "no practice records an adoption"))
    inds.append(i)

    series = _series(cop, period, w, roster, levels)
    return Metrics(cop.name, period, prev, today, inds, levels, series)


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
                  previous=_mean(prev))


def _survey_figures(i: Indicator, surveys: list[s.Survey], psurveys: list[s.Survey],
                    kinds: tuple[str, ...]) -> None:
    if not surveys:
        i.figures.append(nodata("survey answers", "no survey in this period"))
        return
    found = False
    for kind in kinds:
        values, pvalues, dist = _answers(surveys, kind)
        if values is None:
            continue
        found = True
        i.figures.append(Figure(f"{kind}: mean", _mean(values) if values else None,
                                None if values else "no answer", previous=_mean(pvalues or [])
                                if pvalues else None))
        i.figures.append(Figure(f"{kind}: answers (n)", len(values), better=""))
        if dist:
            i.tables.append(Table(f"{kind}: distribution", ["answer", "count"],
                                  [[k, str(v)] for k, v in sorted(dist.items(),
                                                                  key=_answer_order)]))
        pv, _, _ = _answers(psurveys, kind)
        if pv:
            i.figures[-2].previous = _mean(pv)
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


def _series(cop: Cop, period: Period, w: Window, roster: Roster,
            levels: list[MemberLevel]) -> dict[str, Any]:
    """Data for the charts."""
    lv = Counter(x.observed for x in levels)
    attendance = [(m.date.isoformat(), len(set(m.attendees))) for m in w.meetings]
    # membership at each month end of the period
    months = []
    d = _dt.date(period.start.year, period.start.month, 1)
    while d <= period.end:
        nxt = _dt.date(d.year + (d.month == 12), 1 if d.month == 12 else d.month + 1, 1)
        end = min(nxt - _dt.timedelta(days=1), period.end)
        months.append((end.isoformat(), roster.on(end)))
        d = nxt
    quarters: Counter[str] = Counter(_quarter_key(p.added) for p in cop.practices
                                     if p.added is not None and p.added <= period.end)
    qs = sorted(quarters.items())[-8:]
    return {"levels": [(name, lv[name]) for name in LEVELS], "attendance": attendance,
            "membership": months, "practices": qs}
