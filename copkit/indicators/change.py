"""Level 3, impact (indicators.md), in the organisations and in the problem: I4
organisations strengthened (evidence records of organisations.yaml and adoptions of
practices), I5 staff professionalism (capacity questions of surveys, paired by member), I6
change in the problem (the charter's outcome measures against their baseline).
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from copkit.i18n.msg import Msg, capped, cat
from copkit.i18n.msg import day as day_cell
from copkit.indicators.context import Context
from copkit.indicators.model import Figure, Indicator, Table, mean, nodata
from copkit.model import schemas as s
from copkit.periods import Period

FEW = 10  # fewer answers than this: figures are indications, and say so
CAUTION = (Msg('fewer than %(FEW)s members answered: read these figures as an indication, not as '
               'a measure of the whole community', FEW=FEW))


# ---------------------------------------------------------------- I4
def i4_organisations(c: Context) -> Indicator:
    i = Indicator("I4", Msg('Organisations strengthened'),
                  Msg('Organisations of organisations.yaml with evidence of new capacity dated in '
                      'the period: evidence records (practices adopted, staff trained, survey '
                      'items, stories, policies, resources) and adoptions of practices whose '
                      'organisation names them.'), "impact")
    if not c.cop.organisations:
        i.figures.append(nodata(Msg('organisations strengthened'),
                                Msg('organisations.yaml lists no organisation')))
        return i
    now, before = _capacity(c, c.period), _capacity(c, c.prev)
    i.figures.append(Figure(Msg('organisations strengthened'), len(now),
                            previous=len(before)))
    i.figures.append(Figure(Msg('organisations'), len(c.cop.organisations), better=""))
    staff = sum(ev.staff or 0 for ev in c.evidence[0] if ev.kind == "staff-trained")
    pstaff = sum(ev.staff or 0 for ev in c.evidence[1] if ev.kind == "staff-trained")
    i.figures.append(Figure(Msg('staff trained'), staff, previous=pstaff))
    kinds = ("practice-adopted", "staff-trained", "survey", Msg('other evidence'))
    rows = []
    for org in c.cop.organisations:
        got = now.get(org.id)
        if got:
            rows.append([org.name, *(str(got[k]) for k in kinds)])
    i.tables.append(Table(Msg('Evidence of new capacity by organisation'),
                          ["organisation", Msg('practices adopted'), Msg('staff trained (records)'),
                           Msg('survey items'), Msg('other evidence')], rows))
    return i


def _capacity(c: Context, period: Period) -> dict[str, Counter[str]]:
    """Organisation id -> evidence of the period by kind (an adoption recorded on a practice
    and an evidence record of the same practice and organisation count once)."""
    out: dict[str, Counter[str]] = defaultdict(Counter)
    seen: set[tuple[str, str]] = set()
    for ev in c.cop.evidence:
        if ev.date in period and ev.organisation in c.orgs.by_id:
            kind = ev.kind if ev.kind in ("practice-adopted", "staff-trained", "survey") \
                else Msg('other evidence')
            out[ev.organisation][kind] += 1
            if ev.practice:
                seen.add((ev.organisation, ev.practice))
    for p in c.cop.practices:
        for ad in p.adoptions:
            org = c.orgs.match(ad.organisation)
            if org and ad.date is not None and ad.date in period and \
                    (org, p.id) not in seen:
                seen.add((org, p.id))
                out[org]["practice-adopted"] += 1
    return dict(out)


# ---------------------------------------------------------------- I5
@dataclass
class Pairing:
    earlier: s.Survey
    later: s.Survey
    changes: dict[str, float]          # respondent -> later mean - earlier mean
    unpaired: tuple[list[float], list[float]]  # every answer, earlier and later


def _capacity_means(sv: s.Survey) -> tuple[dict[str, float], list[float]]:
    """Per respondent, the mean of their answers to the rated capacity questions; and every
    such answer."""
    questions = [q for q in sv.questions if q.indicator == "capacity" and q.scale]
    per: dict[str, float] = {}
    every: list[float] = []
    for r in sv.responses:
        values = [float(a) for q in questions
                  if isinstance(a := r.answers.get(q.id), (int, float))]
        every += values
        if r.respondent and values:
            per[r.respondent] = sum(values) / len(values)
    return per, every


def pairing(c: Context) -> Pairing | str:
    """The first survey with a rated capacity question (the baseline) and the last one of
    the period, their answers paired by respondent; or why there is nothing to compare."""
    rated = [sv for sv in c.cop.surveys if sv.date <= c.as_of and any(
        q.indicator == "capacity" and q.scale for q in sv.questions)]
    later = [sv for sv in rated if sv.date in c.period]
    if not later:
        return Msg('no survey of the period asks a rated capacity question')
    last = later[-1]
    if rated[0] is last:
        return Msg('no earlier survey asks a rated capacity question to compare with')
    first = rated[0]
    before, every_before = _capacity_means(first)
    after, every_after = _capacity_means(last)
    changes = {m: after[m] - before[m] for m in sorted(set(before) & set(after))}
    return Pairing(first, last, changes, (every_before, every_after))


def i5_professionalism(c: Context) -> Indicator:
    i = Indicator("I5", Msg('Staff professionalism'),
                  Msg("Members' self-assessed capacity (survey questions marked capacity, on a "
                      "scale) in the last survey of the period against the first survey that "
                      "asked, paired by member where the same member answered both."), "impact")
    p = pairing(c)
    if isinstance(p, str):
        i.figures.append(nodata(Msg('capacity change'), p))
        return i
    i.notes.append(Msg('Compared: %(title)s (%(date)s) and %(title2)s (%(date2)s).',
                       title=p.earlier.title, date=p.earlier.date, title2=p.later.title,
                       date2=p.later.date))
    if p.changes:
        ch = list(p.changes.values())
        i.figures.append(Figure(Msg('capacity change per member (mean, paired)'), mean(ch),
                                unit=Msg('points'), better="up"))
        i.figures.append(Figure(Msg('members paired (n)'), len(ch), better=""))
        i.figures.append(Figure(Msg('members reporting more capacity'), sum(x > 0 for x in ch)))
        i.figures.append(Figure(Msg('members reporting less capacity'), sum(x < 0 for x in ch),
                                better="down"))
        n = len(ch)
    else:
        a, b = p.unpaired
        n = min(len(a), len(b))
        i.figures.append(Figure(Msg('capacity change (mean of all answers, not paired)'),
                                (mean(b) or 0) - (mean(a) or 0) if a and b else None,
                                Msg('no answer in one of the two surveys'), unit=Msg('points')))
        i.notes.append(Msg('No member answered both surveys under their id: the two means may '
                           'come from different people.'))
    if n < FEW:
        i.notes.append(Msg('Caution: n = %(n)s; %(CAUTION)s.', n=n, CAUTION=CAUTION))
    return i


# ---------------------------------------------------------------- I6
def latest(measure: s.OutcomeMeasure, day: _dt.date, baseline: bool = False
           ) -> s.MeasureValue | None:
    """The measure's last value dated on or before ``day`` (the baseline counts as one when
    ``baseline``: the value known on that day)."""
    dated = [v for v in measure.values if v.date <= day]
    if baseline and measure.baseline is not None and measure.baseline.date <= day:
        dated.append(measure.baseline)
    return max(dated, key=lambda v: v.date) if dated else None


def i6_problem(c: Context) -> Indicator:
    i = Indicator("I6", Msg('Change in the problem'),
                  Msg("The charter's outcome measures of the problem the community addresses: the "
                      "latest value known on the day the period is judged on (the baseline until "
                      "a later value is recorded), against the baseline."), "impact")
    measures = c.charter.outcome_measures if c.charter else []
    if not measures:
        i.figures.append(nodata(Msg('outcome measures'), Msg('the charter defines no outcome '
                                                             'measure')))
        return i
    rows = []
    for m in measures:
        now = latest(m, c.as_of)
        known, before = latest(m, c.as_of, baseline=True), latest(m, c.pas_of, baseline=True)
        unit = f" ({m.unit})" if m.unit else ""
        i.figures.append(Figure(f"{m.name}{unit}", known.value if known else None,
                                Msg('no value recorded by %(as_of)s',
                                    as_of=c.as_of), better=m.better or "",
                                previous=before.value if before else None, compared=True))
        rows.append(_measure_row(m, now))
    i.tables.append(Table(Msg('Outcome measures against their baseline'),
                          ["measure", "baseline", "latest", "change", "source"], rows))
    missing = [m.id for m in measures if m.baseline is None]
    if missing:
        i.notes.append(Msg('No baseline for %(join)s: their change cannot be measured (it is not '
                           'counted from 0).', join=capped(', ', missing)))
    return i


def _measure_row(m: s.OutcomeMeasure, now: s.MeasureValue | None) -> list[str]:
    base = m.baseline
    shown = cat(_num(base.value), " (", day_cell(base.date), ")") if base else Msg('no baseline')
    if now is None:
        return [str(m.name), shown, Msg('no value yet'), "—", ""]
    change: str
    if base is None:
        change = Msg('no baseline')
    else:
        delta = now.value - base.value
        change = f"{'+' if delta > 0 else ''}{_num(delta)}"
        if base.value:
            change += f" ({delta / abs(base.value):+.0%})"
        if m.better and delta:
            change = cat(change, " ", Msg("better") if (delta > 0) == (m.better == "up")
                         else Msg("worse"))
    return [str(m.name), shown, cat(_num(now.value), " (", day_cell(now.date), ")"), change,
            str(now.source or "")]


def _num(v: float) -> str:
    return f"{int(v)}" if float(v).is_integer() else f"{v:.1f}"
