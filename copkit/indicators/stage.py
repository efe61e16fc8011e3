"""S1, the stage self-assessment (indicators.md): for the stage the charter names
(potential, coalescing, maturing, stewardship, transformation), the signs the records show
of being in that stage, and of being ready for the next. The stages are the phases through
which a community of practice usually moves; the signs are copkit's reading of each phase
in records (meetings, agenda, practices, adoptions, stories, outcome measures).

Each sign is a small function of the indicators' `Context`, returning whether the records
show it and the evidence (numbers a reader can check).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from copkit.i18n.msg import Msg, Plural, cat, joined
from copkit.indicators.context import Context
from copkit.indicators.model import FREQUENCY_DAYS, Figure, Indicator, Table, nodata, word

STAGES = ("potential", "coalescing", "maturing", "stewardship", "transformation")
Sign = Callable[[Context], tuple[bool, str]]


def _n_members(n: int) -> str:
    return Plural('%(n)s member', '%(n)s members', n)


def _n_organisations(n: int) -> str:
    return Plural('%(n)s organisation', '%(n)s organisations', n)


def _n_practices(n: int) -> str:
    return Plural('%(n)s practice', '%(n)s practices', n)


def _domain(c: Context) -> tuple[bool, str]:
    ch = c.charter
    ok = bool(ch and (ch.domain.statement or ch.purpose))
    return ok, Msg('the charter states its domain or purpose') if ok else \
        Msg('the charter states no domain or purpose')


def _members(c: Context) -> tuple[bool, str]:
    n = c.roster.on(c.as_of)
    return n >= 3, Msg('%(n)s on %(as_of)s', n=_n_members(n), as_of=c.as_of)


def _facilitator(c: Context) -> tuple[bool, str]:
    who = [m.id for m in c.cop.members if m.is_member_on(c.as_of)
           and any(r in ("facilitator", "co-facilitator") for r in m.roles)]
    return bool(who), Msg('facilitating: %(join)s', join=joined(', ', who)) if who \
        else Msg('no facilitator named')


def _meetings(c: Context) -> tuple[bool, str]:
    n = len(c.now.meetings)
    return n >= 3, Msg('%(n)s in the period', n=Plural('%(n)s meeting', '%(n)s meetings', n))


def _agenda(c: Context) -> tuple[bool, str]:
    topics = [t for t in c.cop.agenda.topics if t.status != "dropped"]
    return bool(topics), Msg('%(n)s on the learning agenda',
                               n=Plural('%(n)s topic', '%(n)s topics', len(topics)))


def _practices(c: Context) -> tuple[bool, str]:
    n = len(c.cop.practices)
    return n >= 1, Msg('%(n)s recorded', n=_n_practices(n))


def _regular(c: Context) -> tuple[bool, str]:
    freq = c.charter.ways_of_working.meeting_frequency if c.charter else None
    days = sorted({m.date for m in c.now.meetings})
    if freq is None or len(days) < 3:
        return False, Msg('no meeting frequency in the charter') if freq is None else \
            Msg('%(n)s: too few to see a schedule',
                n=Plural('%(n)s meeting day', '%(n)s meeting days', len(days)))
    gap = max(max((b - a).days for a, b in pairwise(days)),
              (c.as_of - days[-1]).days)
    ok = gap <= 1.5 * FREQUENCY_DAYS[freq]
    return ok, Msg('longest gap %(gap)s days, %(freq)s meetings planned', gap=gap, freq=word(freq))


def _tested(c: Context) -> tuple[bool, str]:
    n = sum(p.status in ("tested", "evaluated") for p in c.cop.practices)
    return n >= 1, Msg('%(n)s tested or evaluated', n=_n_practices(n))


def _core_orgs(c: Context) -> tuple[bool, str]:
    orgs = {c.orgs.key(lv.member.organisation) for lv in c.levels if lv.observed == "core"}
    orgs.discard(None)
    return len(orgs) >= 3, Msg('core members from %(n)s', n=_n_organisations(len(orgs)))


def _shared_lead(c: Context) -> tuple[bool, str]:
    n = len(c.now.facilitated)
    return n >= 2, Msg('%(n)s facilitated meetings of the period', n=_n_members(n))


def _adopted(c: Context) -> tuple[bool, str]:
    orgs = {ad.organisation for p in c.cop.practices for ad in p.adoptions}
    return len(orgs) >= 1, Msg('practices adopted by %(n)s', n=_n_organisations(len(orgs)))


def _newcomers(c: Context) -> tuple[bool, str]:
    n = sum(1 for m in c.cop.members if m.joined and m.joined in c.period)
    return n >= 1, Msg('%(n)s joined in the period', n=_n_members(n))


def _stories(c: Context) -> tuple[bool, str]:
    n = sum(1 for st in c.cop.stories if st.cycles.furthest() in ("realized",
                                                                  "transformative"))
    return n >= 1, Msg('%(n)s reach realized or transformative value',
                             n=Plural('%(n)s story', '%(n)s stories', n))


def _evidence(c: Context) -> tuple[bool, str]:
    orgs = {ev.organisation for ev in c.cop.evidence}
    return len(orgs) >= 2, Msg('evidence of change in %(n)s', n=_n_organisations(len(orgs)))


def _outcomes(c: Context) -> tuple[bool, str]:
    measures = c.charter.outcome_measures if c.charter else []
    moved = [m.id for m in measures if m.baseline is not None and m.values]
    return bool(moved), Msg('%(n)s with a baseline and a later value',
                            n=Plural('%(n)s outcome measure', '%(n)s outcome measures', len(moved)))


def _reviewed(c: Context) -> tuple[bool, str]:
    rv = c.charter.review if c.charter else None
    days = [d for d in ([rv.last_reviewed] if rv and rv.last_reviewed else [])
            + [e.date for e in (rv.log if rv else [])]]
    return bool(days), Msg('last review %(max)s',
                           max=max(days)) if days else Msg('no review recorded')


@dataclass(frozen=True)
class SignSpec:
    text: str
    sign: Sign


SIGNS: dict[str, tuple[SignSpec, ...]] = {
    "potential": (SignSpec(Msg('a domain or purpose written down'), _domain),
                  SignSpec(Msg('at least three members'), _members),
                  SignSpec(Msg('a facilitator named'), _facilitator)),
    "coalescing": (SignSpec(Msg('at least three meetings in the period'), _meetings),
                   SignSpec(Msg('a learning agenda with topics'), _agenda),
                   SignSpec(Msg('a first practice recorded'), _practices)),
    "maturing": (SignSpec(Msg('the regular schedule held'), _regular),
                 SignSpec(Msg('practices tested'), _tested),
                 SignSpec(Msg('a core of several organisations'), _core_orgs),
                 SignSpec(Msg('facilitation shared'), _shared_lead)),
    "stewardship": (SignSpec(Msg('practices adopted by organisations'), _adopted),
                    SignSpec(Msg('newcomers joining'), _newcomers),
                    SignSpec(Msg('the plan reviewed'), _reviewed)),
    "transformation": (SignSpec(Msg('stories of realized or transformative value'), _stories),
                       SignSpec(Msg('organisations with evidence of change'), _evidence),
                       SignSpec(Msg('outcome measures that moved from a baseline'), _outcomes)),
}


def s1_stage(c: Context) -> Indicator:
    i = Indicator("S1", Msg('Stage self-assessment'),
                  Msg('For the stage the charter names, the signs the records show of being in '
                      'it, and of being ready for the next.'), "stage")
    stage = c.charter.stage if c.charter else None
    if stage is None or stage == "closed":
        i.figures.append(nodata(Msg('signs of the stage'), Msg('the charter names no stage')
                                if stage is None else Msg('the community is closed')))
        i.notes.append(Msg('Set `stage` in charter.yaml (potential, coalescing, maturing, '
                           'stewardship or transformation) to see the signs of that stage.'))
        return i
    n = STAGES.index(stage)
    shown = STAGES[n:n + 2]
    rows = []
    for name in shown:
        got = [(spec.text, *spec.sign(c)) for spec in SIGNS[name]]
        label = cat(Msg('signs of %(name)s', name=word(name)),
                    Msg(' (the next stage)') if name != stage else "")
        i.figures.append(Figure(label, sum(ok for _, ok, _ in got), better=""))
        rows += [[word(name), text, Msg('yes') if ok else Msg('not yet'), evidence]
                 for text, ok, evidence in got]
    i.tables.append(Table(Msg('Signs in the records'), ["stage", "sign", "shown", "evidence"],
                          rows))
    i.notes.append(verdict(stage, rows))
    return i


def verdict(stage: str, rows: list[list[str]]) -> str:
    """One sentence: in the stage or not yet, ready for the next or not."""
    here = [r for r in rows if r[0] == stage]
    nxt = [r for r in rows if r[0] != stage]
    have = sum(r[2] == "yes" for r in here)
    text = (Msg('The records show %(have)s of %(n)s signs of %(stage)s',
                have=have, n=len(here), stage=word(stage)))
    if nxt:
        ready = sum(r[2] == "yes" for r in nxt)
        text = cat(text, cat(Msg(', and %(ready)s of %(n)s of %(nxt)s: ',
                         ready=ready, n=len(nxt), nxt=word(nxt[0][0])),
                     Msg('ready to move on') if ready * 2 > len(nxt) and have == len(here)
                    else Msg('not ready for the next stage yet')))
    return cat(text, ".")
