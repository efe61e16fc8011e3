"""Level 3, impact (indicators.md): what changed beyond the members? I1 to I3, from the
value-creation stories and the adoptions of practices.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from copkit.i18n.msg import Msg, cat, joined
from copkit.indicators.context import Context
from copkit.indicators.model import CYCLES, Figure, Indicator, Table, nodata, word
from copkit.model import schemas as s


def i1_value(c: Context) -> Indicator:
    i = Indicator("I1", Msg('Value created'),
                  Msg('Value-creation stories dated in the period, by the furthest cycle they '
                      'reach (immediate, potential, applied, realized, transformative).'), "impact")
    stories, pstories = c.stories
    if not (stories or pstories):
        i.figures.append(nodata("stories", Msg('no story in this period')))
        return i
    far = Counter(st.cycles.furthest() or "none" for st in stories)
    pfar = Counter(st.cycles.furthest() or "none" for st in pstories)
    i.figures.append(Figure("stories", len(stories), previous=len(pstories)))
    for cycle in CYCLES:
        i.figures.append(Figure(Msg('reaching %(cycle)s', cycle=word(cycle)), far[cycle],
                                previous=pfar[cycle]))
    if far["none"]:
        i.notes.append(Msg('%(none)s story(ies) of the period record no cycle yet.',
                           none=far['none']))
    i.tables.append(_stories_table(stories))
    return i


EXCERPT = 160  # characters of a story's narrative shown in I1's table


def _stories_table(stories: list[s.Story]) -> Table:
    """Each story of the period, grouped by the furthest cycle it reached (the furthest
    first), with its teller (a person column: the report applies the audience's rules) and
    the start of what was written for that cycle."""
    order = {c: n for n, c in enumerate(reversed(CYCLES))}
    rows = []
    for st in sorted(stories, key=lambda st: (order.get(st.cycles.furthest() or "", 99),
                                              st.date, st.title)):
        cycle = st.cycles.furthest()
        text = joined(' ', str(getattr(st.cycles, cycle) or "").split()) if cycle else ""
        if len(text) > EXCERPT:
            text = cat(text[:EXCERPT].rsplit(" ", 1)[0], " …")
        rows.append([word(cycle) if cycle else Msg('none yet'), st.title, st.member or "", text])
    return Table("Stories", ["cycle", "title", "member", "excerpt"], rows)


def i2_goals(c: Context) -> Indicator:
    i = Indicator("I2", Msg('Goals and objectives with evidence'),
                  Msg('Each charter goal with the stories of the period linked to it and their '
                      'evidence; each institutional objective of the member organisations '
                      '(organisations.yaml) with the evidence records of the period that '
                      'serve it.'),
                  "impact")
    goals = c.charter.goals if c.charter else []
    objectives = [(o, ob) for o in c.cop.organisations for ob in o.objectives]
    if not goals and not objectives:
        i.figures.append(nodata(Msg('goals with evidence'), Msg(
            'the charter lists no goal and no organisation states an objective')))
        return i
    if goals:
        _charter_goals(c, i, goals)
    if objectives:
        _objectives(c, i, objectives)
    return i


def _charter_goals(c: Context, i: Indicator, goals: list[s.Goal]) -> None:
    stories, pstories = c.stories
    linked, plinked = _linked(stories), _linked(pstories)
    i.figures.append(Figure(Msg('goals with evidence'), sum(1 for g in goals if linked[g.id]),
                            previous=sum(1 for g in goals if plinked[g.id])))
    i.figures.append(Figure("goals", len(goals), better=""))
    i.tables.append(Table("Goals", ["goal", "statement", "stories", "evidence"],
                          [[g.id, g.statement, str(len(linked[g.id])),
                            joined('; ', (e for st in linked[g.id] for e in st.evidence))]
                           for g in goals]))


def _objectives(c: Context, i: Indicator,
                objectives: list[tuple[s.Organisation, s.Objective]]) -> None:
    """The organisations' institutional objectives and the evidence records serving them."""
    now, before = c.evidence
    served: dict[tuple[str, str], list[s.Evidence]] = defaultdict(list)
    for ev in now:
        if ev.objective:
            served[(ev.organisation, ev.objective)].append(ev)
    pserved = {(ev.organisation, ev.objective) for ev in before if ev.objective}
    i.figures.append(Figure(Msg('organisation objectives with evidence'),
                            sum(1 for o, ob in objectives if served[(o.id, ob.id)]),
                            previous=sum(1 for o, ob in objectives
                                         if (o.id, ob.id) in pserved)))
    i.figures.append(Figure(Msg('organisation objectives'), len(objectives), better=""))
    i.tables.append(Table(Msg("Organisations' objectives"),
                          ["organisation", "objective", "evidence", Msg('what changed')],
                          [[o.name, ob.statement, str(len(served[(o.id, ob.id)])),
                            joined('; ', (str(ev.summary or ev.kind)
                                      for ev in served[(o.id, ob.id)]))]
                           for o, ob in objectives]))


def _linked(stories: list[s.Story]) -> dict[str, list[s.Story]]:
    linked: dict[str, list[s.Story]] = defaultdict(list)
    for st in stories:
        for g in st.goals:
            linked[g].append(st)
    return linked


def i3_adoptions(c: Context) -> Indicator:
    i = Indicator("I3", Msg('Institutionalised practices'),
                  Msg('Adoptions of practices by organisations dated in the period, by '
                      'organisation.'), "impact")
    practices = c.cop.practices
    adoptions = [(p, ad) for p in practices for ad in p.adoptions
                 if ad.date is not None and ad.date in c.period]
    padoptions = [(p, ad) for p in practices for ad in p.adoptions
                  if ad.date is not None and ad.date in c.prev]
    if not (adoptions or padoptions or any(p.adoptions for p in practices)):
        i.figures.append(nodata("adoptions", Msg('no practice records an adoption')))
        return i
    i.figures.append(Figure("adoptions", len(adoptions), previous=len(padoptions)))
    by_org: dict[str, list[str]] = defaultdict(list)
    for p, ad in adoptions:
        by_org[ad.organisation].append(p.title)
    i.figures.append(Figure(Msg('organisations adopting'), len(by_org),
                            previous=len({ad.organisation for _, ad in padoptions})))
    i.tables.append(Table(Msg('Adoptions by organisation'), ["organisation", "practices"],
                          [[o, joined('; ', sorted(ps))] for o, ps in sorted(by_org.items())]))
    undated = sum(1 for p in practices for a in p.adoptions if a.date is None)
    if undated:
        i.notes.append(Msg('%(undated)s adoption(s) have no date and are not counted.',
                           undated=undated))
    return i
