"""Level 1, monitoring (indicators.md): are the planned activities happening? M1 to M8, one
function each, from the `Context` of a computation.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict
from itertools import pairwise

from copkit.i18n.msg import Msg, Percent, cat, joined, money
from copkit.indicators.context import Context, Roster, Window, as_of_label, in_period_members
from copkit.indicators.model import (
    FREQUENCY_DAYS,
    LEVELS,
    STATUSES,
    Figure,
    History,
    Indicator,
    Table,
    counted,
    desc,
    mean,
    nodata,
    pct,
    word,
)
from copkit.indicators.series import levels_by_quarter
from copkit.model import schemas as s
from copkit.model.load import Cop
from copkit.periods import Period


# ---------------------------------------------------------------- M1 participants
def m1_participants(c: Context) -> Indicator:
    i = Indicator("M1", Msg('Number of participants'),
                  Msg('Members at the end of the period, or today while it is not over (joined on '
                      'or before that day, not left), with those who joined and left during it.'),
                  "monitoring")
    members = c.cop.members
    # members with no `joined` date: the day git first lists them, where it can tell
    dated = _dated_by_git(c.cop, c.history)
    since = {m.id: m.joined or dated.get(m.id) for m in members}
    joined = [m for m in members if since[m.id] is not None and since[m.id] in c.period]
    left = [m for m in members if m.left is not None and m.left in c.period]
    pj = sum(1 for m in members if since[m.id] is not None and since[m.id] in c.prev)
    pl = sum(1 for m in members if m.left is not None and m.left in c.prev)
    at_end = [m for m in members if _member_on(m, since[m.id], c.as_of)]
    roster = Roster(members, dated) if dated else c.roster
    i.figures += [Figure(as_of_label(Msg("members"), c.period, c.as_of), len(at_end),
                         previous=roster.on(c.pas_of)),
                  Figure("joined", len(joined), previous=pj),
                  Figure("left", len(left), previous=pl, better="down")]
    note = _undated_note(c.cop, c.history, dated)
    if note:
        i.notes.append(note)
    orgs = Counter(m.organisation or Msg('(no organisation)') for m in at_end)
    countries = Counter(m.country or Msg('(no country)') for m in at_end)
    i.tables.append(Table(Msg('By organisation'), ["organisation", "members"], counted(orgs)))
    i.tables.append(Table(Msg('By country'), ["country", "members"], counted(countries)))
    return i


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
    chart = Msg('; the membership chart dates them from the git history') \
        if history is not None and history.in_git and history.trends is not None else ""
    head = Msg('%(n)s member(s) have no `joined` date: ', n=len(undated))
    if history is None or not history.in_git or history.listed is None:
        return cat(head, Msg('counted as members from the start'), chart, ".")
    first = sum(1 for m in undated if m.id in history.listed_first)
    nowhere = len(undated) - len(dated) - first
    parts = []
    if dated:
        parts.append(Msg('%(n)s dated from git, by the first commit whose members.yaml lists them',
                         n=len(dated)))
    start = []
    if first:
        start.append(Msg("%(first)s already in members.yaml's first commit (%(first_listed)s)",
                         first=first, first_listed=history.first_listed))
    if nowhere:
        start.append(Msg('%(nowhere)s in no commit yet', nowhere=nowhere))
    if start:
        both = Msg('%(a)s and %(b)s', a=start[0], b=start[1]) if len(start) == 2 else start[0]
        parts.append(cat(both, Msg(', counted as members from the start (git cannot tell when '
                                   'they joined)')))
    return cat(head, joined('; ', parts), chart, ".")


# ---------------------------------------------------------------- M2 levels of participation
def m2_levels(c: Context) -> Indicator:
    mon = c.monitoring
    core_p = Msg(', or contributed %(core_practices)s+ practices',
                 core_practices=mon.core_practices) if mon.core_practices else ""
    active_p = Msg(' or contributed %(active_practices)s+',
                   active_practices=mon.active_practices) if mon.active_practices else ""
    i = Indicator("M2", Msg('Levels of participation'),
                  Msg("Observed for the %(n)s member(s) of the period over its %(n2)s meeting(s): "
                      "core = attended ≥%(core_attendance)s of those held while a member, or "
                      "facilitated, or leads a topic taken up in the period (a meeting's topic or "
                      "a session)%(core_p)s; active = attended "
                      "≥%(active_attendance)s%(active_p)s; peripheral = attended once; inactive = "
                      "none.",
                      n=len(c.levels), n2=len(c.now.meetings),
                      core_attendance=Percent(mon.core_attendance), core_p=core_p,
                      active_attendance=Percent(mon.active_attendance), active_p=active_p),
                  "monitoring")
    observed, pobserved = c.now.observed_anything, c.before.observed_anything
    counts = Counter(lv.observed for lv in c.levels)
    prev_counts = Counter(lv.observed for lv in c.previous_levels)
    nothing = Msg('no meeting, practice or topic session in the period')
    for name in LEVELS:
        # more core members is better, fewer inactive ones too; a change in the active or
        # peripheral count says nothing by itself (members moving up or down)
        better = {"core": "up", "inactive": "down"}.get(name, "")
        i.figures.append(Figure(name, counts[name] if observed else None,
                                None if observed else nothing,
                                previous=prev_counts[name] if pobserved else None,
                                better=better, compared=True))
    if observed:
        declared = Counter((lv.member.level or "undeclared", lv.observed) for lv in c.levels)
        i.tables.append(Table(Msg('Declared level against observed level'),
                              ["declared", *LEVELS],
                              [[Msg(d), *(str(declared[(d, o)]) for o in LEVELS)]
                               for d in ("core", "active", "peripheral", "undeclared")
                               if any(declared[(d, o)] for o in LEVELS)]))
        if not c.now.meetings:
            i.notes.append(Msg('No meeting in the period: levels rest on practices contributed '
                               'and topic sessions only.'))
    _, _, nothing_by_quarter = levels_by_quarter(c.history, c.period, c.today)
    if nothing_by_quarter:
        i.notes.append(nothing_by_quarter)
    return i


# ---------------------------------------------------------------- M3 regular schedule
def m3_schedule(c: Context) -> Indicator:
    freq = c.charter.ways_of_working.meeting_frequency if c.charter else None
    started = c.charter.started if c.charter else None
    i = Indicator("M3", Msg('Regular schedule'),
                  Msg("Meetings held in the period against the charter's meeting frequency (over "
                      "the days of the period from the community's start up to today); the "
                      "longest gap between two meetings; attendees per meeting and the share of "
                      "members who attended."), "monitoring")
    w, pw, roster = c.now, c.before, c.roster
    i.figures.append(Figure(Msg('meetings held'), len(w.meetings), previous=len(pw.meetings)))
    if freq:
        n, first, last = _expected(c.period, freq, started, c.today)
        pn, _, _ = _expected(c.prev, freq, started, c.today)
        i.figures.append(Figure(
            cat(Msg('meetings expected (%(freq)s)',
                    freq=word(freq)), Msg(' from %(first)s (the start)',
                                    first=first) if first > c.period.start else "",
                Msg(' up to %(last)s', last=last) if last < c.period.end else ""),
            n, previous=pn, better="", compared=True))
    else:
        i.figures.append(nodata(Msg('meetings expected'), Msg('the charter sets no '
                                                              'meeting_frequency')))
    gap = _longest_gap(w.meetings, Msg('longest gap between meetings'))
    gap.previous, gap.compared = _longest_gap(pw.meetings, "").value, True
    i.figures.append(gap)
    rates = [len(set(m.attendees)) / roster.on(m.date) for m in w.meetings if roster.on(m.date)]
    prates = [len(set(m.attendees)) / roster.on(m.date) for m in pw.meetings
              if roster.on(m.date)]
    att = [float(len(set(m.attendees))) for m in w.meetings]
    patt = [float(len(set(m.attendees))) for m in pw.meetings]
    i.figures.append(_fig_mean(Msg('mean attendees per meeting'), att, patt, Msg('no meeting')))
    f = _fig_mean(Msg('mean attendance rate'), rates, prates, Msg('no meeting'))
    f.unit = "%"
    i.figures.append(f)
    return i


def _expected(period: Period, freq: str, started: _dt.date | None, today: _dt.date
              ) -> tuple[int, _dt.date, _dt.date]:
    """Meetings the frequency asks for over the days of the period the community existed
    and that have gone by: (count, first day, last day)."""
    first = max(period.start, started) if started else period.start
    last = min(period.end, today)
    days = max((last - first).days + 1, 0)
    return round(days / FREQUENCY_DAYS[freq]), first, last


def _longest_gap(meetings: list[s.Meeting], label: str) -> Figure:
    days = sorted({m.date for m in meetings})
    if len(days) < 2:
        return nodata(label, Msg('fewer than two meetings in the period'), better="down",
                      unit=Msg('days'))
    return Figure(label, max((b - a).days for a, b in pairwise(days)), better="down",
                  unit=Msg('days'))


def _fig_mean(label: str, now: list[float], prev: list[float], why: str) -> Figure:
    return Figure(label, mean(now), None if now else Msg('%(why)s in this period', why=why),
                  previous=mean(prev), compared=True)


# ---------------------------------------------------------------- M4 flow of information
def m4_information(c: Context) -> Indicator:
    i = Indicator("M4", Msg('Flow of information'),
                  Msg('Contributions per member (practices added, actions owned, meetings '
                      'facilitated); pairs of members who attended a meeting together; pairs from '
                      'different organisations.'), "monitoring")
    w, pw = c.now, c.before
    actions, contrib = contributions(w)
    _, pcontrib = contributions(pw)
    pm = in_period_members(c.cop, c.period)
    ppm = in_period_members(c.cop, c.prev)
    i.figures.append(Figure("contributions", sum(contrib.values()),
                            previous=sum(pcontrib.values())))
    i.figures.append(Figure(Msg('members contributing'), sum(1 for m in pm if contrib[m.id]),
                            previous=sum(1 for m in ppm if pcontrib[m.id])))
    i.figures.append(Figure(Msg('co-attendance ties'), len(w.ties), previous=len(pw.ties)))
    i.figures.append(Figure(Msg('ties across organisations'), c.cross_now,
                            previous=c.cross_before))
    top = sorted(((k, v) for k, v in contrib.items() if k in c.members), key=desc)[:10]
    i.tables.append(Table(Msg('Top contributors'),
                          ["member", "practices", "actions", "facilitated"],
                          [[k, str(w.contributed[k]), str(actions[k]), str(w.facilitated[k])]
                           for k, _ in top]))
    return i


def contributions(w: Window) -> tuple[Counter[str], Counter[str]]:
    """(actions owned, all contributions) per member in a window."""
    actions: Counter[str] = Counter()
    for m in w.meetings:
        actions.update(a.owner for a in m.actions if a.owner)
    return actions, Counter(w.contributed) + actions + Counter(w.facilitated)


# ---------------------------------------------------------------- M5 documents
def m5_documents(c: Context) -> Indicator:
    i = Indicator("M5", Msg('Documents with new knowledge'),
                  Msg('Practices whose `added` date is in the period, by kind and status (as '
                      'recorded today); case studies among them.'), "monitoring")
    now, before = c.now.practices, c.before.practices
    i.figures.append(Figure(Msg('practices added'), len(now), previous=len(before)))
    i.figures.append(Figure(Msg('case studies'), sum(p.kind == "case-study" for p in now),
                            previous=sum(p.kind == "case-study" for p in before)))
    kinds: Counter[str] = Counter(word(p.kind) if p.kind else Msg('(no kind)') for p in now)
    statuses: Counter[str] = Counter(p.status for p in now)
    i.tables.append(Table(Msg('By kind'), ["kind", "practices"], counted(kinds)))
    i.tables.append(Table(Msg('By status today'), ["status", "practices"],
                          [[word(k), str(statuses[k])] for k in STATUSES]))
    undated = sum(1 for p in c.cop.practices if p.added is None)
    if undated:
        i.notes.append(Msg('%(undated)s practice(s) have no `added` date and are not counted.',
                           undated=undated))
    return i


# ---------------------------------------------------------------- M6 responsibilities
def m6_responsibilities(c: Context) -> Indicator:
    i = Indicator("M6", Msg('Responsibilities fulfilled'),
                  Msg('Actions (from any meeting) due in the period up to %(as_of)s: done, done '
                      'by their due date, overdue (not done); planning steps whose deadline has '
                      'passed.', as_of=c.as_of), "monitoring")
    due, done, ontime, overdue = _actions(c.cop, c.period, c.as_of)
    pdue, pdone, pontime, poverdue = _actions(c.cop, c.prev, c.pas_of)
    i.figures.append(Figure(Msg('actions due'), len(due), previous=len(pdue), better=""))
    i.figures.append(Figure("done", len(done), previous=len(pdone)))
    i.figures.append(Figure(Msg('done on time'), len(ontime), previous=len(pontime)))
    i.figures.append(Figure(Msg('on-time rate'), pct(len(ontime), len(due)),
                            None if due else Msg('no action due in the period'), unit="%",
                            previous=pct(len(pontime), len(pdue)), compared=True))
    i.figures.append(Figure("overdue", len(overdue), previous=len(poverdue), better="down"))
    owners = Counter(a.owner or Msg('(no owner)') for a in overdue)
    if overdue:
        i.tables.append(Table(Msg('Overdue actions by owner'), ["owner", "actions"],
                              counted(owners)))
    _plan_steps(i, c.cop, c.today)
    undated_actions = sum(1 for m in c.now.meetings for a in m.actions if a.due is None)
    if undated_actions:
        i.notes.append(Msg("%(undated_actions)s action(s) of the period's meetings have no due "
                           "date.", undated_actions=undated_actions))
    return i


def _actions(cop: Cop, period: Period, as_of: _dt.date
             ) -> tuple[list[s.Action], list[s.Action], list[s.Action], list[s.Action]]:
    """Actions due in the period up to `as_of`: (due, done, done on time, not done)."""
    due = [a for m in cop.meetings for a in m.actions
           if a.due is not None and period.start <= a.due <= as_of]
    done = [a for a in due if a.done is not None]
    ontime = [a for a in done if a.done is not None and a.due is not None and a.done <= a.due]
    overdue = [a for a in due if a.done is None]
    return due, done, ontime, overdue


def _plan_steps(i: Indicator, cop: Cop, today: _dt.date) -> None:
    """M6's plan steps past their deadline (today's plan against today: not compared)."""
    if cop.plan is None:
        i.figures.append(nodata(Msg('plan steps past their deadline'), Msg('no plan.yaml')))
        return
    late, how = _late_steps(cop, today)
    i.figures.append(Figure(Msg('plan steps past their deadline (today)'), len(late),
                            better="down"))
    if late:
        i.tables.append(Table(Msg('Plan steps past their deadline'),
                              ["step", "responsible", "deadline"],
                              [[str(st.step), st.responsible or "", str(st.deadline)]
                               for st in late]))
    if how:
        i.notes.append(how)


def _late_steps(cop: Cop, today: _dt.date) -> tuple[list[s.PlanStep], str | None]:
    """plan.yaml steps whose deadline passed and that are not done (the planning template
    says which are done). Without a usable template, every step past its deadline counts,
    and the note says so."""
    steps = [st for st in (cop.plan.steps if cop.plan else [])
             if st.deadline is not None and st.deadline < today]
    if not steps:
        return [], None
    from copkit.steps.status import plan_status
    from copkit.steps.templates import template_for

    template, _ = template_for(cop)
    if template is None:
        return steps, (Msg('the planning template could not be read: steps past their deadline '
                           'are counted whether done or not'))
    status = plan_status(cop, template, today)
    done = {row.number for row in status.steps if row.done}
    return [st for st in steps if st.step not in done], None


# ---------------------------------------------------------------- M7 distributed leadership
def m7_leadership(c: Context) -> Indicator:
    i = Indicator("M7", Msg('Distributed leadership'),
                  Msg("Distinct facilitators of the period's meetings; topic leads who attended "
                      "or facilitated; guests from outside and practices from external sources."),
                  "monitoring")
    w, pw = c.now, c.before
    i.figures.append(Figure(Msg('distinct facilitators'), len(w.facilitated),
                            previous=len(pw.facilitated)))
    leads = {t.lead for t in c.cop.agenda.topics if t.lead and t.status != "dropped"}
    if leads:
        i.figures.append(Figure(Msg('topic leads active'),
                                sum(1 for x in leads if w.attended[x] or w.facilitated[x]),
                                previous=sum(1 for x in leads
                                             if pw.attended[x] or pw.facilitated[x])))
    else:
        i.figures.append(nodata(Msg('topic leads active'), Msg('no topic has a lead')))
    i.figures.append(Figure("guests", sum(len(m.guests) for m in w.meetings),
                            previous=sum(len(m.guests) for m in pw.meetings)))
    i.figures.append(Figure(Msg('external practices'),
                            sum(p.source == "external" for p in w.practices),
                            previous=sum(p.source == "external" for p in pw.practices)))
    return i


# ---------------------------------------------------------------- M8 activities and budget
def m8_activities(c: Context) -> Indicator:
    i = Indicator("M8", Msg('Activities and budget'),
                  Msg('Activities overlapping the period by their status today; budget against '
                      'spent, by currency.'), "monitoring")
    cop = c.cop
    if not cop.activities:
        i.figures.append(nodata("activities", Msg('activities.yaml lists none')))
        return i
    acts = [a for a in cop.activities if _overlaps(a, c.period)]
    # an activity's status is today's: the previous period's count would not say what was
    # planned or done then
    st: Counter[str] = Counter(a.status for a in acts)
    for name in ("planned", "under-way", "done", "cancelled"):
        i.figures.append(Figure(name, st[name], better=""))
    spend: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for a in acts:
        if a.budget:
            spend[a.budget.currency][0] += a.budget.amount
        if a.spent:
            spend[a.spent.currency][1] += a.spent.amount
    i.tables.append(Table(Msg('Budget by currency'), ["currency", "budget", "spent"],
                          [[cur, money(b, cur), money(sp, cur)]
                           for cur, (b, sp) in sorted(spend.items())]))
    undated = sum(1 for a in cop.activities if a.start is None and a.end is None)
    if undated:
        i.notes.append(Msg('%(undated)s activity(ies) have no dates and are not counted.',
                           undated=undated))
    return i


def _overlaps(a: s.Activity, period: Period) -> bool:
    start = a.start or a.end
    end = a.end or a.start
    return start is not None and end is not None and start <= period.end and end >= period.start
