"""Level 2, evaluation (indicators.md): what do members get from the community? E1 to E3
from the surveys of the period, E4 from the practices' status (`copkit.indicators.knowledge`)
and the learning agenda.
"""

from __future__ import annotations

from collections import Counter

from copkit.i18n.msg import Msg, Percent, cat, joined
from copkit.indicators.context import Context
from copkit.indicators.knowledge import practice_figures
from copkit.indicators.model import Figure, Indicator, Table, mean, nodata, pct, word
from copkit.model import schemas as s

FEW = 10  # fewer responses than this: the survey figures carry a caution


# ---------------------------------------------------------------- E1..E3 surveys
def e1_satisfaction(c: Context) -> Indicator:
    i = Indicator("E1", Msg('Satisfaction and ownership'),
                  Msg("Answers to survey questions marked satisfaction or ownership: mean on the "
                      "question's scale, distribution, number of answers; response rate = "
                      "responses / invited."), "evaluation")
    surveys, psurveys = c.surveys
    _survey_figures(i, surveys, psurveys, ("satisfaction", "ownership"))
    i.figures.append(_response_rate(surveys, psurveys))
    _confidence(i, surveys)
    return i


def e2_relationships(c: Context) -> Indicator:
    i = Indicator("E2", Msg('Relationships strengthened'),
                  Msg('Answers to questions marked relationships; co-attendance ties and ties '
                      'across organisations against the previous period.'), "evaluation")
    surveys, psurveys = c.surveys
    _survey_figures(i, surveys, psurveys, ("relationships",))
    _confidence(i, surveys)
    i.figures.append(Figure(Msg('co-attendance ties'), len(c.now.ties),
                            previous=len(c.before.ties)))
    i.figures.append(Figure(Msg('ties across organisations'), c.cross_now,
                            previous=c.cross_before))
    return i


def e3_capacity(c: Context) -> Indicator:
    i = Indicator("E3", Msg('Capacity and improvements in practice'),
                  Msg('Answers to questions marked capacity or practice-change; open answers '
                      'quoted without names.'), "evaluation")
    surveys, psurveys = c.surveys
    _survey_figures(i, surveys, psurveys, ("capacity", "practice-change"))
    _confidence(i, surveys)
    return i


def _confidence(i: Indicator, surveys: list[s.Survey]) -> None:
    """How far the survey figures can be trusted: the responses against the invited, and a
    caution when fewer than FEW members answered (a figure from one answer is that answer,
    never a percentage of the community)."""
    if not surveys:
        return
    responses = sum(len(sv.responses) for sv in surveys)
    invited = sum(sv.invited or 0 for sv in surveys if sv.invited)
    said = sum(len(sv.responses) for sv in surveys if sv.invited)
    line = Msg('Surveys of the period: %(responses)s response(s)', responses=responses)
    if invited:
        line = cat(line, Msg('; %(said)s of %(invited)s invited answered (%(n)s)',
                             said=said, invited=invited, n=Percent(said / invited)))
    i.notes.append(cat(line, "."))
    if responses < FEW:
        i.notes.append(Msg('Caution: n = %(responses)s; fewer than %(FEW)s members answered, so '
                           'these figures are an indication, not a measure of the community.',
                           responses=responses, FEW=FEW))


def _response_rate(surveys: list[s.Survey], psurveys: list[s.Survey]) -> Figure:
    def rate(svs: list[s.Survey]) -> float | None:
        invited = sum(sv.invited or 0 for sv in svs if sv.invited)
        return pct(sum(len(sv.responses) for sv in svs if sv.invited), invited)

    value = rate(surveys)
    reason = None if value is not None else (
        Msg('no survey in this period') if not surveys else Msg('no survey says how many were '
                                                                'invited'))
    return Figure(Msg('response rate'), value, reason, unit="%", previous=rate(psurveys),
                  compared=True)


def _survey_figures(i: Indicator, surveys: list[s.Survey], psurveys: list[s.Survey],
                    kinds: tuple[str, ...]) -> None:
    if not surveys:
        i.figures.append(nodata(Msg('survey answers'), Msg('no survey in this period')))
        return
    found = False
    for kind in kinds:
        found = _scale_figures(i, surveys, psurveys, kind) or found
    found = _quotes(i, surveys, kinds) or found
    if not found:
        i.figures.append(nodata(Msg('survey answers'),
                                cat(Msg("no question of this period's surveys asks about "),
                                    joined(Msg(' or '), (word(k) for k in kinds)))))


def _scale_figures(i: Indicator, surveys: list[s.Survey], psurveys: list[s.Survey],
                   kind: str) -> bool:
    """The mean, the number and the distribution of the answers on a scale to the questions
    of `kind`; False when no question of the surveys asks about it on a scale."""
    values, dist = _answers(surveys, kind)
    if values is None:
        return False
    pv, _ = _answers(psurveys, kind)
    i.figures.append(Figure(Msg('%(kind)s: mean', kind=word(kind)),
                            mean(values) if values else None,
                            None if values else Msg('no answer'),
                            previous=mean(pv) if pv else None, compared=True))
    i.figures.append(Figure(Msg('%(kind)s: answers (n)', kind=word(kind)), len(values), better="",
                            previous=len(pv) if pv is not None else None, compared=True))
    if dist:
        i.tables.append(Table(Msg('%(kind)s: distribution', kind=word(kind)), ["answer", "count"],
                              [[k, str(v)] for k, v in sorted(dist.items(),
                                                              key=_answer_order)]))
    scales = sorted({q.scale for sv in surveys for q in sv.questions
                     if q.indicator == kind and q.scale is not None})
    if len(scales) > 1:
        i.notes.append(Msg('%(kind)s: the questions use different scales (%(join)s): the mean '
                           'mixes them; read the distribution',
                           kind=word(kind), join=joined(', ', (f'1-{sc}' for sc in scales))))
    return True


def _quotes(i: Indicator, surveys: list[s.Survey], kinds: tuple[str, ...]) -> bool:
    """The open answers to the questions of `kinds`, quoted; False when there is no such
    question."""
    found = False
    for sv in surveys:
        for q in sv.questions:
            if q.indicator in kinds and q.scale is None:
                found = True
                for r in sv.responses:
                    a = r.answers.get(q.id)
                    if isinstance(a, str) and a.strip():
                        i.quotes.append(a.strip())
    return found


def _answers(surveys: list[s.Survey], kind: str) -> tuple[list[float] | None, Counter[str]]:
    """The answers on a scale to the questions of `kind` (None: no such question) and their
    distribution ("4/5": count)."""
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
    return values, dist


def _answer_order(kv: tuple[str, int]) -> tuple[float, float]:
    value, scale = kv[0].split("/")
    return float(scale), float(value)


# ---------------------------------------------------------------- E4 knowledge generated
def e4_knowledge(c: Context) -> Indicator:
    i = Indicator("E4", Msg('Knowledge generated'),
                  Msg("Practices whose status moved forward (draft → tested → evaluated) during "
                      "the period: their status at its start, or when first recorded, against its "
                      "end, from each practice's dated status log, else from the git history; "
                      "practices by status at the end of the period; agenda topics by status "
                      "today and those discussed in a meeting of the period."), "evaluation")
    practice_figures(i, c)
    _knowledge_answers(i, c)
    topics = c.cop.agenda.topics
    if not topics:
        i.figures.append(nodata(Msg('agenda topics'), Msg('the learning agenda lists no topic')))
        return i
    discussed = {t for m in c.now.meetings for t in m.topics}
    pdiscussed = {t for m in c.before.meetings for t in m.topics}
    tst = Counter(t.status for t in topics)
    i.figures.append(Figure(Msg('agenda topics (today)'), len(topics), better=""))
    i.figures.append(Figure(Msg('topics covered (today)'), tst["covered"]))
    i.figures.append(Figure(Msg('topics discussed in the period'),
                            sum(t.id in discussed for t in topics),
                            previous=sum(t.id in pdiscussed for t in topics)))
    return i


def _knowledge_answers(i: Indicator, c: Context) -> None:
    """Survey questions marked knowledge (what members learnt), when the period's surveys
    ask one: as the other survey figures."""
    surveys, psurveys = c.surveys
    if any(q.indicator == "knowledge" for sv in surveys for q in sv.questions):
        _scale_figures(i, surveys, psurveys, "knowledge")
        _quotes(i, surveys, ("knowledge",))
