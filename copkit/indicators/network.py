"""E7, the learning network (indicators.md): who learns with whom, from the meetings of the
period. Members are the nodes; two members are tied when they attended a meeting of the
period together, the tie weighing the number of such meetings.

networkx is imported on first use (it takes some 0.2 s to import, and `copkit check`, which
computes two indicators, never needs it). Betweenness is exact on networks of up to
EXACT_MAX_EDGES ties; beyond, it is estimated from SAMPLE_K source members drawn with the
fixed seed SEED (networkx's k-sampling), so a report is the same from one run to the next.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from copkit.i18n.msg import Count, Msg, day
from copkit.indicators.model import Figure, Indicator, Table, nodata, pct

if TYPE_CHECKING:
    from copkit.indicators.context import Context, Window

BROKERS_SHOWN = 5        # brokers listed at most
BROKER_MIN = 0.05        # a broker's betweenness is at least this (and half the highest)
DRIFT_MEETINGS = 3       # "at risk of drifting": none of the period's last N meetings
PICTURE_MAX = 150        # members drawn at most (those with the most meetings together)
EXACT_MAX_EDGES = 6_000  # above this many ties, betweenness is sampled
SAMPLE_K = 48            # source members sampled
SEED = 17                # the fixed seed of the sampling and of the picture's layout
NO_ORGANISATION = Msg('(no organisation)')


@dataclass
class Shape:
    """The network of one period, as figures."""
    nodes: list[str]                      # members who attended a meeting of the period
    ties: int
    density: float | None
    components: int
    cross_share: float | None             # ties across organisations / ties whose both ends
    isolates: list[str]                   # members on the day judged with no tie
    drifting: list[tuple[str, _dt.date, int]]  # (member, last attended, meetings attended)
    graph: Any = None
    betweenness: dict[str, float] = field(default_factory=dict)
    sampled: int | None = None            # k when betweenness was sampled
    brokers: list[str] = field(default_factory=list)


def network_of(c: Context) -> Shape:
    """The period's network (E7, the network picture, the stage self-assessment), worked out
    once per computation."""
    if "network" not in c.memo:
        c.memo["network"] = shape(c, c.now, c.as_of, brokers=True)
    found: Shape = c.memo["network"]
    return found


def picture_of(c: Context) -> tuple[list[Any], str | None]:
    """The network picture's data, and a sentence about it (why there is none), worked out
    once per computation."""
    if "picture" not in c.memo:
        c.memo["picture"] = picture(c)
    found: tuple[list[Any], str | None] = c.memo["picture"]
    return found


def org_of(c: Context, member_id: str) -> str | None:
    """The member's organisation: its organisations.yaml id when the text names one, else
    the text as written (None: no organisation)."""
    m = c.members.get(member_id)
    return c.orgs.key(m.organisation) if m else None


def org_label(c: Context, key: str | None) -> str:
    if key is None:
        return NO_ORGANISATION
    return c.orgs.name(key) if key in c.orgs.by_id else key


def shape(c: Context, w: Window, as_of: _dt.date, brokers: bool) -> Shape:
    """The figures of the network of the window ``w`` (betweenness and brokers only when
    ``brokers``: the previous period's are not compared)."""
    import networkx as nx

    g = w.graph
    n, ties = g.number_of_nodes(), g.number_of_edges()
    both = cross = 0
    org = {x: org_of(c, x) for x in g}
    for a, b in w.weights:
        oa, ob = org[a], org[b]
        if oa is not None and ob is not None:
            both += 1
            cross += oa != ob
    current = [m.id for m in c.cop.members if m.is_member_on(as_of)]
    isolates = sorted(x for x in current if x not in g or g.degree(x) == 0)
    s = Shape(sorted(g.nodes), ties, nx.density(g) if n > 1 else None,
              nx.number_connected_components(g) if n else 0, pct(cross, both), isolates,
              _drifting(w, current), g)
    if brokers and n > 2:
        _brokers(s, g)
    return s


def _brokers(s: Shape, g: Any) -> None:
    """Betweenness (exact, or sampled with a fixed seed on a large network) and the brokers:
    the members whose betweenness is at least BROKER_MIN and at least half the highest, at
    most BROKERS_SHOWN (in a dense network, where everyone meets everyone, there is none)."""
    import networkx as nx

    if g.number_of_edges() > EXACT_MAX_EDGES and g.number_of_nodes() > SAMPLE_K:
        s.sampled = SAMPLE_K
        s.betweenness = nx.betweenness_centrality(g, k=SAMPLE_K, seed=SEED)
    else:
        s.betweenness = nx.betweenness_centrality(g)
    top = max(s.betweenness.values(), default=0.0)
    ranked = sorted((-v, k) for k, v in s.betweenness.items()
                    if v >= BROKER_MIN and v >= top / 2)
    s.brokers = [k for _, k in ranked[:BROKERS_SHOWN]]


def _drifting(w: Window, current: list[str]) -> list[tuple[str, _dt.date, int]]:
    """Current members who attended a meeting of the period, but none of its last
    DRIFT_MEETINGS meetings (none when the period has no more meetings than that)."""
    if len(w.meetings) <= DRIFT_MEETINGS:
        return []
    recent = {a for m in w.meetings[-DRIFT_MEETINGS:] for a in m.attendees}
    last: dict[str, _dt.date] = {}
    for m in w.meetings[:-DRIFT_MEETINGS]:
        for a in m.attendees:
            last[a] = m.date
    keep = set(current)
    return sorted(((a, d, w.attended.get(a, 0)) for a, d in last.items()
                   if a in keep and a not in recent), key=lambda x: (x[1], x[0]))


# ---------------------------------------------------------------- E7
def e7_network(c: Context) -> Indicator:
    i = Indicator("E7", Msg('The learning network'),
                  Msg('Members tied by the meetings they attended together in the period: '
                      'density, separate groups, ties across organisations, brokers (who connects '
                      'otherwise separate groups), members with no tie and members drifting away.'),
                  "evaluation")
    now = network_of(c)
    _, said = picture_of(c)
    if said:
        i.notes.append(said)
    if len(now.nodes) < 2:
        i.figures.append(nodata(Msg('members in the network'), Msg('fewer than two members '
                                                                   'attended a meeting of the '
                                                                   'period: there is no network '
                                                                   'to describe')))
        return i
    before = shape(c, c.before, c.pas_of, brokers=False)
    fig = i.figures.append
    fig(Figure(Msg('members in the network'), len(now.nodes), previous=len(before.nodes)))
    fig(Figure("density", now.density, unit="%", previous=before.density, compared=True))
    fig(Figure(Msg('separate groups'), now.components, better="down",
               previous=before.components or None, compared=True))
    fig(Figure(Msg('ties across organisations (share)'), now.cross_share,
               Msg('no tie between two members who both state an organisation'), unit="%",
               previous=before.cross_share, compared=True))
    fig(Figure("brokers", len(now.brokers), better=""))
    fig(Figure(Msg('members with no tie'), len(now.isolates), better="down",
               previous=len(before.isolates)))
    fig(Figure(Msg('members at risk of drifting'), len(now.drifting), better="down",
               previous=len(before.drifting)))
    _broker_table(c, i, now)
    _without_broker(i, now)
    if now.drifting:
        i.tables.append(Table(Msg('Members at risk of drifting (none of the last '
                                  '%(DRIFT_MEETINGS)s meetings)', DRIFT_MEETINGS=DRIFT_MEETINGS),
                              ["member", Msg('last meeting attended'), Msg('meetings attended')],
                              [[m, day(d), str(n)] for m, d, n in now.drifting]))
    if now.sampled:
        i.notes.append(Msg('Betweenness estimated from %(n)d members drawn with a fixed seed '
                           '(%(seed)s): the network has %(ties)s ties, too many for an exact '
                           'count in the time of a report.', n=now.sampled, seed=str(SEED),
                           ties=Count(now.ties)))
    return i


def _broker_table(c: Context, i: Indicator, now: Shape) -> None:
    if not now.brokers:
        i.notes.append(Msg('No broker: no member stands between otherwise separate groups.'))
        return
    rows = []
    for b in now.brokers:
        reached = {org_of(c, x) for x in now.graph.neighbors(b)} - {None}
        rows.append([b, org_label(c, org_of(c, b)), f"{now.betweenness[b]:.2f}",
                     str(now.graph.degree(b)), str(len(reached))])
    i.tables.append(Table(Msg('Brokers'), ["member", "organisation", Msg('betweenness'),
                                           Msg('ties'), Msg('organisations reached')], rows))


def _without_broker(i: Indicator, now: Shape) -> None:
    import networkx as nx

    first = now.brokers[0] if now.brokers else None
    if first is None:
        return
    rest = now.graph.subgraph([x for x in now.graph if x != first])
    after = nx.number_connected_components(rest)
    if after > now.components:
        i.notes.append(Msg('Without %(first)s, the network would fall from %(components)s into '
                           '%(after)s separate groups.',
                           first=first, components=now.components, after=after))


# ---------------------------------------------------------------- the picture
def picture(c: Context) -> tuple[list[Any], str | None]:
    """The network picture's data, [nodes, edges, legend]: nodes [member, organisation, x,
    y, broker], edges [i, j, meetings together]; or [] and the sentence saying why there is
    none. The layout is a spring layout with a fixed seed on the union of this period's and
    the previous period's networks, so a member keeps about the same place between the two."""
    import networkx as nx

    now = network_of(c)
    if len(now.nodes) < 2 or now.ties == 0:
        who = Msg('one member') if len(now.nodes) == 1 else \
            Msg('no two members together') if now.nodes else Msg('no member')
        return [], Msg('No network picture: %(who)s attended a meeting of this period; a network '
                       'needs at least two members who met.', who=who)
    deg = now.graph.degree(weight="weight")
    shown = sorted(now.nodes, key=lambda x: (-deg[x], x))[:PICTURE_MAX]
    # built node by node in sorted order: a networkx subgraph view of fewer than half the
    # nodes iterates a set, whose order changes from one process to the next, and the
    # spring layout's result depends on the order of the nodes and edges it is given
    union = nx.Graph()
    union.add_nodes_from(sorted(shown))
    union.add_edges_from(_edges_among(now.graph, shown))
    union.add_edges_from(e for e in _edges_among(c.before.graph, shown)
                         if not union.has_edge(e[0], e[1]))
    pos = nx.spring_layout(union, seed=SEED, weight="weight")
    index = {x: n for n, x in enumerate(sorted(shown))}
    nodes = [[x, org_label(c, org_of(c, x)), round(float(pos[x][0]), 3),
              round(float(pos[x][1]), 3), x in now.brokers] for x in sorted(shown)]
    edges = sorted([min(index[a], index[b]), max(index[a], index[b]), int(d["weight"])]
                   for a, b, d in now.graph.subgraph(shown).edges(data=True))
    note = None
    if len(now.nodes) > PICTURE_MAX:
        note = (Msg('The network picture shows the %(PICTURE_MAX)s members with the most meetings '
                    'together, of %(n)s.', PICTURE_MAX=PICTURE_MAX, n=len(now.nodes)))
    return [nodes, edges], note


def _edges_among(g: Any, members: list[str]) -> list[tuple[str, str, dict[str, Any]]]:
    """The ties of ``g`` between two of ``members``, in sorted order."""
    keep = set(members)
    return [(a, b, dict(g[a][b])) for a in sorted(keep) if a in g
            for b in sorted(g[a]) if a < b and b in keep]

