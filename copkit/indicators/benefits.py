"""Level 2, evaluation (indicators.md): what members bring and what they need. E5, the
benefits members bring (contributions by organisation, the expertise members list); E6, the
needs members stated in surveys (the baseline data), set against the learning agenda.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from copkit.i18n.msg import Msg, joined
from copkit.indicators.context import Context, in_period_members
from copkit.indicators.health import _words
from copkit.indicators.model import Figure, Indicator, Table, mean, nodata
from copkit.indicators.monitoring import contributions
from copkit.indicators.network import org_label, org_of
from copkit.model import schemas as s
from copkit.text import fold


# ---------------------------------------------------------------- E5
def e5_benefits(c: Context) -> Indicator:
    i = Indicator("E5", Msg('Benefits members bring'),
                  Msg('What the members of the period bring, by organisation: contributions '
                      '(practices, actions owned, meetings facilitated, as in M4) and the '
                      'expertise members list in members.yaml.'), "evaluation")
    members = in_period_members(c.cop, c.period)
    if not members:
        i.figures.append(nodata(Msg('organisations contributing'), Msg('no member in this period')))
        return i
    _, now = contributions(c.now)
    _, before = contributions(c.before)
    orgs: dict[str, list[s.Member]] = defaultdict(list)
    for m in members:
        orgs[org_label(c, org_of(c, m.id))].append(m)
    pmembers = in_period_members(c.cop, c.prev)
    i.figures.append(Figure(Msg('organisations contributing'),
                            len({org_of(c, m.id) for m in members if now[m.id]}),
                            previous=len({org_of(c, m.id) for m in pmembers if before[m.id]})))
    expertise = _expertise(members)
    i.figures.append(Figure(Msg('areas of expertise'), len(expertise), better=""))
    i.figures.append(Figure(Msg('members listing expertise'),
                            sum(1 for m in members if m.expertise), better=""))
    rows = sorted(([org, str(len(ms)), str(sum(1 for m in ms if now[m.id])),
                    str(sum(now[m.id] for m in ms)),
                    joined(', ', sorted(_expertise(ms), key=fold))]
                   for org, ms in orgs.items()), key=lambda r: (-int(r[3]), fold(r[0])))
    i.tables.append(Table(Msg('Contributions by organisation'),
                          ["organisation", "members", Msg('members contributing'),
                           "contributions", "expertise"], rows))
    i.tables.append(Table(Msg('Expertise members bring'), ["expertise", "members",
                                                      Msg('members contributing')],
                          [[name, str(len(ids)), str(sum(1 for x in ids if now[x]))]
                           for name, ids in sorted(expertise.items(),
                                                   key=lambda kv: (-len(kv[1]),
                                                                   fold(kv[0])))]))
    return i


def _expertise(members: list[s.Member]) -> dict[str, list[str]]:
    """Each area of expertise (as first written; case and accents ignored) and its members."""
    names: dict[str, str] = {}
    out: dict[str, list[str]] = defaultdict(list)
    for m in members:
        for e in dict.fromkeys(fold(str(x)) for x in m.expertise):
            if e:
                name = names.setdefault(e, next(str(x) for x in m.expertise
                                                 if fold(str(x)) == e))
                out[name].append(m.id)
    return dict(out)


# ---------------------------------------------------------------- E6
def e6_needs(c: Context) -> Indicator:
    i = Indicator("E6", Msg("Members' needs"),
                  Msg('The needs members stated in the latest survey with questions marked needs '
                      '(the baseline), each set against the learning agenda: the open topics '
                      'whose title or questions share a word with it, or none.'),
                  "evaluation")
    asked = [sv for sv in c.cop.surveys if sv.date <= c.as_of
             and any(q.indicator == "needs" for q in sv.questions)]
    if not asked:
        i.figures.append(nodata(Msg('needs stated'), Msg('no survey asks about needs')))
        return i
    sv = asked[-1]
    topics = [t for t in c.cop.agenda.topics if t.status != "dropped"]
    rows = [[need, n, _covering(need, topics)] for need, n in _needs(sv)]
    covered = sum(1 for r in rows if r[2] != "none")
    i.figures.append(Figure(Msg('needs stated'), len(rows), better=""))
    i.figures.append(Figure(Msg('needs the agenda covers'), covered))
    i.figures.append(Figure(Msg('needs no topic covers'), len(rows) - covered, better="down"))
    i.tables.append(Table(Msg('Needs (%(title)s, %(date)s) against the agenda',
                              title=sv.title, date=sv.date),
                          ["need", "answers", Msg('agenda topics')], rows))
    if len(sv.responses) < 10:
        i.notes.append(Msg("Caution: n = %(n)s; fewer than 10 members answered, so these needs "
                           "may not be the community's.", n=len(sv.responses)))
    return i


def _needs(sv: s.Survey) -> list[tuple[str, str]]:
    """(need, answers): the written answers to open needs questions, grouped when the same
    (case and accents ignored); a rated needs question is one need, its mean answer shown."""
    out: list[tuple[str, str]] = []
    for q in sv.questions:
        if q.indicator != "needs":
            continue
        answers = [r.answers[q.id] for r in sv.responses if q.id in r.answers]
        if q.scale:
            values = [float(a) for a in answers if isinstance(a, (int, float))]
            avg = mean(values)
            out.append((str(q.text), Msg('%(n)s (mean %(avg).1f/%(scale)s)',
                                         n=len(values), avg=avg, scale=q.scale)
                        if avg is not None else "0"))
            continue
        said: Counter[str] = Counter()
        first: dict[str, str] = {}
        for a in answers:
            text = str(a).strip()
            if text:
                said[fold(text)] += 1
                first.setdefault(fold(text), text)
        out += [(first[k], str(n)) for k, n in sorted(said.items(), key=lambda kv: -kv[1])]
    return out


# words too common in a community's needs and topics to link one to the other
_COMMON = frozenset(('member members community communities meeting meetings more each\nsupport '
                     'help need needs miembros comunidad reunion reuniones apoyo ayuda membres '
                     'communaute\nreunion besoin').split())


def _covering(need: str, topics: list[s.Topic]) -> str:
    words = _words(need) - _COMMON
    hits = [t.id for t in topics
            if words & (_words(str(t.title)).union(*(_words(str(q)) for q in t.questions)))]
    return joined(', ', hits) if hits else Msg('none')
