"""The health scorecard: ten success factors, each ok / watch / at risk, with evidence.

The ten lines come from indicators.md ("Health"): the success factors of seed 000 and the
lessons learnt of seed 002. Each line is computed from the loaded CoP and the metrics of a
period (`copkit.indicators.compute`), says what it counted (the evidence, with the numbers, so
a reader can check it by hand) and what to do about it (the suggestion). PURE: no I/O.

`copkit check` warns about the lines at risk through `copkit.health.advise`, which says where
in the files each would be fixed.

Thresholds, in one place so that the README can state them:

1. facilitator: ok when a current member with the facilitator (or co-facilitator) role attended
   or facilitated a meeting in the last RECENT_DAYS days of the period; watch when only earlier
   in the period; at risk otherwise (no such member, or never seen).
2. shared concerns: open topics (planned / in progress) tied to a goal, and members with an
   interest that names an open topic (its id) or shares a word of 4+ letters with its title or
   questions (accents and case ignored). ok when at least half of
   both; at risk when no open topic is tied to a goal; watch otherwise.
3. regular schedule: the longest gap between meetings of the period (and from the last one to
   the period's end or today) against the charter's meeting_frequency: ok up to 1.5 times the
   frequency, watch up to 3 times, at risk beyond or with no meeting.
4. distributed leadership: ok with 2+ facilitators and half the open topics led; at risk with
   at most one facilitator and no open topic led; watch otherwise.
5. participation: ok when both core and non-core (active or peripheral) members are observed
   and members.yaml declares levels (recognised); at risk when either is missing, or when the
   period holds nothing to observe a level from (no meeting, practice or topic session);
   watch when both are present but no member has a declared level.
6. dialogue with outsiders: guests or external practices in the period: ok; none in the period
   but some in the previous one: watch; none in either, or none and the previous period not
   compared (it lies before the CoP started): at risk.
7. organisations: ok when every organisation has 2+ current members; at risk when half or more
   hang on one member; watch otherwise.
8. focused agenda: ok with 1-3 topics in progress; watch with 0 or 4-5; at risk with 6+.
9. time commitment: current members with a role other than participant: ok when all state
   time_commitment_hours_per_month; watch when at least half do; at risk otherwise.
10. review: ok while the last review is within its cycle and not due in the next DUE_SOON_DAYS
    days; watch when due soon, or never reviewed but the CoP started less than a cycle ago;
    at risk when overdue or never reviewed.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from copkit.i18n.msg import Msg, Plural, capped, cat, joined, period_name
from copkit.indicators.model import FREQUENCY_DAYS, Figure, Indicator, Metrics, word

if TYPE_CHECKING:
    from copkit.model.load import Cop

OK, WATCH, AT_RISK = "ok", "watch", Msg('at risk')
STATUSES = (OK, WATCH, AT_RISK)

RECENT_DAYS = 90
DUE_SOON_DAYS = 30
FACILITATOR_ROLES = ("facilitator", "co-facilitator")
OPEN_TOPICS = ("planned", "in-progress")

# number -> (short name used in finding codes, factor as shown in a report)
FACTORS: dict[int, tuple[str, str]] = {
    1: ("facilitator", Msg('An active facilitator')),
    2: ("shared-concerns", Msg('Shared concerns')),
    3: ("schedule", Msg('A regular schedule')),
    4: ("leadership", Msg('Distributed leadership')),
    5: ("participation", Msg('Core and peripheral participation')),
    6: ("outsiders", Msg('Dialogue with outsiders')),
    7: ("organisations", Msg('More than one member per organisation')),
    8: ("agenda-focus", Msg('A focused agenda')),
    9: ("time-commitment", Msg('Time commitment defined')),
    10: ("review", Msg('The plan reviewed within its cycle')),
    11: ("key-person", Msg('No key-person risk')),
}


@dataclass
class HealthLine:
    number: int
    factor: str
    status: str  # "ok" | "watch" | "at risk"
    evidence: str
    suggestion: str

    @property
    def code(self) -> str:
        """The finding code of this line: ``health-<short name>``."""
        return f"health-{FACTORS[self.number][0]}"


def scorecard(cop: Cop, metrics: Metrics) -> list[HealthLine]:
    """The eleven lines of the health scorecard for the metrics' period, in order."""
    ctx = _Context(cop, metrics)
    return [fn(ctx) for fn in (_facilitator, _shared_concerns, _schedule, _leadership,
                               _participation, _outsiders, _organisations, _agenda_focus,
                               _time_commitment, _review, _key_person)]


# ---------------------------------------------------------------- shared facts
class _Context:
    def __init__(self, cop: Cop, metrics: Metrics) -> None:
        self.cop = cop
        self.metrics = metrics
        self.period = metrics.period
        self.today = metrics.today
        # the day the period is judged on: its end, or today if it is not over yet
        self.as_of = min(metrics.period.end, metrics.today)
        self.meetings = [m for m in cop.meetings if m.date in metrics.period
                         and m.date <= self.as_of]
        self.current = [m for m in cop.members if m.is_member_on(self.as_of)]
        self.open_topics = [t for t in cop.agenda.topics if t.status in OPEN_TOPICS]


def _line(n: int, status: str, evidence: str, suggestion: str) -> HealthLine:
    return HealthLine(n, FACTORS[n][1], status, evidence, suggestion)


# ---------------------------------------------------------------- 1. an active facilitator
def _facilitator(c: _Context) -> HealthLine:
    roles = [m for m in c.cop.members if any(r in FACILITATOR_ROLES for r in m.roles)]
    current = [m for m in roles if m.is_member_on(c.as_of)]
    if not current:
        gone = Msg(' (%(names)s left)', names=capped(', ', [m.id for m in roles])) if roles else ""
        return _line(1, AT_RISK, Msg('no current member has the facilitator role%(gone)s',
                                     gone=gone),
                     Msg("name a facilitator: add `facilitator` to a member's roles in "
                         "members.yaml (copkit member update ID --role facilitator)"))
    ids = {m.id for m in current}
    last: dict[str, _dt.date] = {}
    led: Counter[str] = Counter()
    for mt in c.meetings:  # sorted by date: the last one seen wins
        for who in ids.intersection(mt.attendees):
            last[who] = mt.date
        if mt.facilitator in ids:
            last[mt.facilitator] = max(last.get(mt.facilitator, mt.date), mt.date)
            led[mt.facilitator] += 1
    parts = []
    # the most recently seen first: when the list is capped, the five it names are the ones
    # the status rests on
    for m in sorted(current, key=lambda m: last.get(m.id, _dt.date.min), reverse=True):
        seen = last.get(m.id)
        parts.append(cat(Msg('%(id)s facilitated %(led)s of %(n)s meeting(s), ',
                             id=m.id, led=led[m.id], n=len(c.meetings)),
                         Msg('last seen %(isoformat)s',
                             isoformat=seen) if seen else Msg('not seen at a meeting')))
    evidence = cat(capped('; ', parts), Msg(' (period %(label)s)', label=period_name(c.period)))
    recent = c.as_of - _dt.timedelta(days=RECENT_DAYS - 1)
    if any(d >= recent for d in last.values()):
        return _line(1, OK, evidence, Msg('keep it up; share the facilitation with a '
                                          'co-facilitator so that the community does not hang on '
                                          'one person'))
    if last:
        return _line(1, WATCH, cat(evidence, Msg('; none in the last %(RECENT_DAYS)s days',
                                                 RECENT_DAYS=RECENT_DAYS)),
                     Msg('check that the facilitator still has the time; ask a co-facilitator to '
                         'take over the next meetings if not'))
    return _line(1, AT_RISK, evidence,
                 Msg('the facilitator has not taken part in any meeting of the period: agree on '
                     'who facilitates now and record it in members.yaml'))


# ---------------------------------------------------------------- 2. shared concerns
_STOP = frozenset(('\nthe and for with from into about their this that what when how our los '
                   'las del por para con\nuna uno unos unas que como des les une pour avec '
                   'dans sur par est aux ces leur entre\n').split())


def _words(text: str) -> set[str]:
    """The words of ``text`` folded (:func:`copkit.text.fold`), but short and common ones."""
    from copkit.text import fold

    return {w for w in fold(text).split() if len(w) >= 4 and w not in _STOP}


def _shared_concerns(c: _Context) -> HealthLine:
    topics = c.open_topics
    if not topics:
        return _line(2, AT_RISK if not c.cop.agenda.topics else WATCH,
                     Msg('the learning agenda has no planned or in-progress topic'),
                     Msg('ask the members what questions they share and add them as topics to '
                         'learning-agenda.yaml, each tied to a goal of the charter '
                         '(copkit topic add)'))
    goals = {g.id for g in c.cop.charter.goals} if c.cop.charter else set()
    tied = [t for t in topics if any(g in goals for g in t.goals)]
    topic_words: set[str] = set()
    for t in topics:
        topic_words |= _words(str(t.title))
        for q in t.questions:
            topic_words |= _words(str(q))
    with_interests = [m for m in c.current if m.interests]
    topic_ids = {t.id for t in topics}
    meeting = [m for m in with_interests
               if any(str(i).strip() in topic_ids or _words(str(i)) & topic_words
                      for i in m.interests)]
    evidence = (Msg('%(n)s of %(plural)s tied to a goal; %(n2)s of %(n3)s members who list '
                    'interests have one that meets an open topic',
                    n=len(tied), plural=Plural('%(n)s open topic', '%(n)s open topics',
                                               len(topics)), n2=len(meeting),
                    n3=len(with_interests)))
    if not with_interests:
        evidence = (Msg('%(n)s of %(plural)s tied to a goal; no current member lists interests',
                        n=len(tied), plural=Plural('%(n)s open topic', '%(n)s open topics',
                                                   len(topics))))
    if not tied:
        return _line(2, AT_RISK, evidence,
                     Msg('tie each topic to the charter goal it serves (goals: in '
                         'learning-agenda.yaml)'))
    if 2 * len(tied) >= len(topics) and with_interests and 2 * len(meeting) >= len(
            with_interests):
        return _line(2, OK, evidence, Msg('keep asking members what they want to learn next'))
    todo = []
    if 2 * len(tied) < len(topics):
        todo.append(Msg("tie the remaining topics to the charter's goals"))
    todo.append(Msg('ask the members what they want to learn and record it (interests: in '
                    'members.yaml), then check that the agenda meets it'))
    return _line(2, WATCH, evidence, joined('; ', todo))


# ---------------------------------------------------------------- 3. a regular schedule
def _schedule(c: _Context) -> HealthLine:
    freq = c.cop.charter.ways_of_working.meeting_frequency if c.cop.charter else None
    days = sorted({m.date for m in c.meetings})
    if not days:
        return _line(3, AT_RISK, Msg('no meeting in the period %(label)s',
                                     label=period_name(c.period)),
                     Msg('plan the next meeting and record it (copkit meeting new)'))
    gaps = [(b - a).days for a, b in pairwise(days)]
    longest = max(gaps) if gaps else 0
    since_last = (c.as_of - days[-1]).days
    evidence = (Msg('%(plural)s in %(label)s; longest gap between meetings %(longest)s days; '
                    '%(since_last)s days since the last one (%(isoformat)s)',
                    plural=Plural('%(n)s meeting day', '%(n)s meeting days', len(days)),
                    label=period_name(c.period), longest=longest, since_last=since_last,
                    isoformat=days[-1]))
    if not freq:
        return _line(3, WATCH, cat(evidence, Msg('; the charter sets no meeting frequency')),
                     Msg('agree on a rhythm and set ways_of_working.meeting_frequency in '
                         'charter.yaml (monthly, quarterly...)'))
    step = FREQUENCY_DAYS[freq]
    worst = max(longest, since_last)
    evidence = cat(evidence, Msg('; %(freq)s means one every %(step).0f days, 1.5 times is '
                                  '%(n).0f', freq=word(freq), step=step, n=1.5 * step))
    if worst <= 1.5 * step:
        return _line(3, OK, evidence,
                     Msg('keep the rhythm; announce the next date at each meeting'))
    if worst <= 3 * step:
        return _line(3, WATCH, evidence,
                     Msg('a meeting was skipped: fix the dates of the next meetings in advance'))
    return _line(3, AT_RISK, evidence,
                 Msg('meetings are far rarer than %(freq)s: hold the next one soon, or change '
                     'meeting_frequency in charter.yaml to what the members can keep',
                     freq=word(freq)))


# ---------------------------------------------------------------- 4. distributed leadership
def _leadership(c: _Context) -> HealthLine:
    facilitators = Counter(m.facilitator for m in c.meetings if m.facilitator)
    topics = c.open_topics
    led = [t for t in topics if t.lead]
    evidence = (cat(Msg('%(plural)s for %(plural2)s', plural=Plural('%(n)s distinct facilitator',
                                                                    '%(n)s distinct facilitators',
                                                                    len(facilitators)),
                        plural2=Plural('%(n)s meeting', '%(n)s meetings', len(c.meetings))),
                    cat(" (", capped(', ', [f'{k} {v}' for k, v in facilitators.most_common()]),
                        ")") if facilitators else "", Msg('; %(n)s of %(plural)s with a lead',
                                                n=len(led), plural=Plural('%(n)s open topic',
                                                                          '%(n)s open topics',
                                                                          len(topics)))))
    topics_led = not topics or 2 * len(led) >= len(topics)
    if len(facilitators) >= 2 and topics_led:
        return _line(4, OK, evidence, Msg('keep rotating who facilitates and who leads a topic'))
    if len(facilitators) <= 1 and not led:
        return _line(4, AT_RISK, evidence,
                     Msg('ask members to take turns facilitating meetings and to lead a topic '
                         '(lead: in learning-agenda.yaml)'))
    return _line(4, WATCH, evidence,
                 Msg('share the load: another member facilitates the next meeting, and each open '
                     'topic gets a lead'))


# ---------------------------------------------------------------- 5. core and peripheral
def _participation(c: _Context) -> HealthLine:
    m2 = c.metrics.by_id("M2")
    if not any(f.has_data for f in m2.figures):
        return _line(5, AT_RISK, cat(Msg('nothing to observe levels from in %(label)s: ',
                                         label=period_name(c.period)),
                                     m2.figures[0].reason or Msg('no data')),
                     Msg('meet, and record the meetings (copkit meeting new), so that members can '
                         'take part at the level that suits them'))
    counts = Counter(lv.observed for lv in c.metrics.levels)
    core = counts["core"]
    outer = counts["active"] + counts["peripheral"]
    declared = sum(1 for lv in c.metrics.levels if lv.member.level)
    evidence = (Msg('observed: %(core)s core, %(active)s active, %(peripheral)s peripheral, '
                    '%(inactive)s inactive; %(declared)s of %(n)s members have a declared level '
                    'in members.yaml',
                    core=core, active=counts['active'], peripheral=counts['peripheral'],
                    inactive=counts['inactive'], declared=declared, n=len(c.metrics.levels)))
    if not core or not outer:
        missing = Msg('no core member') if not core else Msg('no active or peripheral member')
        return _line(5, AT_RISK, cat(evidence, "; ", missing),
                     Msg('a community needs a core that drives it and others who take part at '
                         'their own pace: invite inactive members personally, and share the '
                         'organising with the most active ones'))
    if not declared:
        return _line(5, WATCH, evidence,
                     Msg("recognise each member's level of participation (level: core, active or "
                         "peripheral in members.yaml); peripheral participation is legitimate"))
    return _line(5, OK, evidence, Msg('compare declared and observed levels with the members once '
                                      'a year'))


# ---------------------------------------------------------------- 6. outsiders
def _outsiders(c: _Context) -> HealthLine:
    m7 = c.metrics.by_id("M7")
    guests = _figure(m7, "guests")
    external = _figure(m7, Msg('external practices'))
    g, e = int(guests.value or 0), int(external.value or 0)
    pg, pe = int(guests.previous or 0), int(external.previous or 0)
    evidence = (cat(Msg('%(plural)s at meetings and %(plural2)s in %(label)s ',
                        plural=Plural('%(n)s guest', '%(n)s guests', g),
                        plural2=Plural('%(n)s external practice', '%(n)s external practices', e),
                        label=period_name(c.period)),
                    Msg('(previous period: %(pg)s and %(pe)s)', pg=pg, pe=pe)
                    if guests.compared else
                   Msg('(not compared with the previous period)')))
    if g or e:
        return _line(6, OK, evidence, Msg('keep inviting people from outside who know something '
                                          'the members need'))
    if pg or pe:
        return _line(6, WATCH, evidence, Msg('invite an outside expert to a coming meeting, or '
                                             'add a useful external guide as a practice (source: '
                                             'external)'))
    return _line(6, AT_RISK, evidence,
                 Msg('the community talks only to itself: invite an outside expert, visit another '
                     'community, or record a useful external document (source: external)'))


def _figure(ind: Indicator, label: str) -> Figure:
    return next(f for f in ind.figures if f.label == label)


# ---------------------------------------------------------------- 7. organisations
def _organisations(c: _Context) -> HealthLine:
    orgs = Counter(str(m.organisation) for m in c.current if m.organisation)
    lone = sorted(o for o, n in orgs.items() if n == 1)
    if not orgs:
        return _line(7, WATCH, Msg('no current member states an organisation'),
                     Msg("record each member's organisation in members.yaml"))
    evidence = (cat(Plural('%(n)s of %(plural)s has a single member',
                           '%(n)s of %(plural)s have a single member', len(lone),
                           plural=Plural('%(n)s organisation', '%(n)s organisations',
                                         len(orgs))),
                    cat(": ", capped(', ', lone)) if lone else ""))
    if not lone:
        return _line(7, OK, evidence, Msg('keep at least two people per organisation, one of them '
                                          'a permanent staff member'))
    sugg = (Msg('invite a second person from each of these organisations, so that the link does '
                'not depend on one contact who may move on'))
    if 2 * len(lone) >= len(orgs):
        return _line(7, AT_RISK, evidence, sugg)
    return _line(7, WATCH, evidence, sugg)


# ---------------------------------------------------------------- 8. focused agenda
def _agenda_focus(c: _Context) -> HealthLine:
    # titles, as a reader knows the topics (ids are for the files)
    doing = [str(t.title) for t in c.cop.agenda.topics if t.status == "in-progress"]
    evidence = cat(Msg('%(plural)s in progress', plural=Plural('%(n)s topic', '%(n)s topics',
                                                               len(doing))),
                   cat(": ", capped('; ', doing)) if doing else "")
    if 1 <= len(doing) <= 3:
        return _line(8, OK, evidence,
                     Msg('finish a topic (status: covered) before opening another'))
    if not doing:
        return _line(8, WATCH, evidence,
                     Msg('choose the next topic with the members and mark it in-progress in '
                         'learning-agenda.yaml'))
    status = WATCH if len(doing) <= 5 else AT_RISK
    return _line(8, status, cat(evidence, Msg('; at most three at once keeps the agenda focused')),
                 Msg('close or postpone topics (status: covered or planned) until three or fewer '
                     'are in progress'))


# ---------------------------------------------------------------- 9. time commitment
def _time_commitment(c: _Context) -> HealthLine:
    with_roles = [m for m in c.current if any(r != "participant" for r in m.roles)]
    if not with_roles:
        return _line(9, WATCH, Msg('no current member has a role other than participant'),
                     Msg('agree who facilitates, leads topics and communicates, and record their '
                         'roles in members.yaml'))
    missing = [m.id for m in with_roles if m.time_commitment_hours_per_month is None]
    evidence = (cat(Msg('%(n)s of %(plural)s with a role state their time commitment',
                        n=len(with_roles) - len(missing), plural=Plural('%(n)s member',
                                                                        '%(n)s members',
                                                                        len(with_roles))),
                    Msg('; missing: %(names)s', names=capped(', ', missing)) if missing else ""))
    if not missing:
        return _line(9, OK, evidence, Msg('check the hours against reality at the next review'))
    sugg = (Msg('agree with each of them how many hours a month the role takes and record it '
                '(time_commitment_hours_per_month in members.yaml)'))
    if 2 * len(missing) <= len(with_roles):
        return _line(9, WATCH, evidence, sugg)
    return _line(9, AT_RISK, evidence, sugg)


# ---------------------------------------------------------------- 10. review
def _review(c: _Context) -> HealthLine:
    from copkit.steps.advice import review_due
    from copkit.steps.rules import cycle_due

    latest, due, cycle = review_due(c.cop)
    day = c.today
    sugg = Msg("review the plan with the members (steps 1-8) and record it: copkit review")
    if latest is None or due is None:
        started = c.cop.charter.started if c.cop.charter else None
        if started is not None and cycle_due(started, cycle) >= day:
            return _line(10, WATCH, Msg('no review recorded yet; the CoP started on '
                                        '%(isoformat)s, the first %(cycle)s review is due by '
                                        '%(isoformat2)s',
                                        isoformat=started, cycle=word(cycle),
                                        isoformat2=cycle_due(started, cycle)), sugg)
        return _line(10, AT_RISK, Msg('no review of the plan recorded (%(cycle)s cycle)',
                                      cycle=word(cycle)), sugg)
    when = {"isoformat": latest, "cycle": word(cycle), "isoformat2": due}
    evidence = (Msg('last review %(isoformat)s; with an %(cycle)s cycle the next is due '
                    '%(isoformat2)s', **when) if cycle[:1] in "aeiou" else
                Msg('last review %(isoformat)s; with a %(cycle)s cycle the next is due '
                    '%(isoformat2)s', **when))
    if due < day:
        return _line(10, AT_RISK, cat(evidence, Msg(', %(days)s days ago', days=(day - due).days)),
                     sugg)
    if (due - day).days <= DUE_SOON_DAYS:
        return _line(10, WATCH, cat(evidence, Msg(', in %(days)s days', days=(due - day).days)),
                     sugg)
    return _line(10, OK, evidence, Msg('plan the next review in the calendar'))


# ---------------------------------------------------------------- 11. key-person risk
def _key_person(c: _Context) -> HealthLine:
    """Whether one or two people hold most facilitation, topic leads and practice
    contributions (copkit.indicators.keyperson)."""
    import copkit.indicators.keyperson as keyperson

    practices = [p for p in c.cop.practices if p.added is not None and p.added in c.period
                 and p.added <= c.as_of]
    held = keyperson.tasks(c.meetings, c.open_topics, practices, {m.id for m in c.current})
    status, evidence, suggestion = keyperson.assess(held)
    return _line(11, status, evidence, suggestion)
