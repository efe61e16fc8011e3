"""Health line 11, key-person risk (indicators.md): whether one or two people hold most of
the tasks that keep the community going — facilitating the period's meetings, leading open
topics of the agenda, contributing the period's practices — which tasks would stop if they
left, and which members already do part of them.

ok: nobody holds more than half the tasks and the first two hold at most two thirds;
watch: the first two hold more than two thirds, or there is no task recorded at all;
at risk: one person holds more than half.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from copkit.i18n.msg import Msg, Percent, Plural, capped, cat, joined

ONE_SHARE = 0.5        # one person above this share of the tasks: at risk
TWO_SHARE = 2 / 3      # the first two above this share: watch


def tasks(meetings: Sequence[Any], open_topics: Sequence[Any], practices: Sequence[Any],
          current: set[str]) -> dict[str, Counter[str]]:
    """Per kind of task, how many each current member holds: "facilitation" (meetings
    facilitated), "topic leads" (open topics led), "practices" (practices of the period
    contributed to)."""
    out: dict[str, Counter[str]] = {Msg('facilitation'): Counter(), Msg('topic leads'): Counter(),
                                    Msg('practices'): Counter()}
    out["facilitation"].update(m.facilitator for m in meetings if m.facilitator in current)
    out[Msg('topic leads')].update(t.lead for t in open_topics if t.lead in current)
    for p in practices:
        out["practices"].update(x for x in set(p.contributors) if x in current)
    return out


def assess(held: dict[str, Counter[str]]) -> tuple[str, str, str]:
    """(status, evidence, suggestion) of the line, "ok" / "watch" / "at risk"."""
    total: Counter[str] = Counter()
    for counts in held.values():
        total.update(counts)
    everything = sum(total.values())
    if not everything:
        return ("watch", Msg('no meeting facilitated, open topic led or practice contributed by a '
                             'current member in the period'), Msg('record who facilitates '
                                                                  'meetings and leads topics '
                                                                  '(copkit meeting new '
                                                                  '--facilitator, copkit topic '
                                                                  'add --lead)'))
    ranked = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))
    first = ranked[0]
    two = ranked[:2]
    share_one = first[1] / everything
    share_two = sum(n for _, n in two) / everything
    who = [m for m, _ in two] if share_one <= ONE_SHARE else [first[0]]
    evidence = joined('; ', (cat(Msg('%(m)s holds %(total)s of %(everything)s tasks (',
                                     m=m, total=total[m], everything=everything), joined(
        ', ', (Msg('%(k)s: %(held)s of %(sum)s', k=k, held=held[k][m], sum=sum(held[k].values()))
                                     for k in held if held[k][m])), ")") for m in who))
    if share_one > ONE_SHARE:
        status = Msg('at risk')
    elif share_two > TWO_SHARE:
        status = Msg("watch")
    else:
        return ("ok", cat(evidence, Msg('; the first two hold %(share_two)s',
                                        share_two=Percent(share_two))),
                Msg('keep sharing facilitation, topic leads and contributions'))
    return status, evidence, _suggestion(held, who)


def _and(who: list[str]) -> str:
    """One name, or two joined by "and"."""
    return Msg('%(a)s and %(b)s', a=who[0], b=who[1]) if len(who) > 1 else who[0]


def _suggestion(held: dict[str, Counter[str]], who: list[str]) -> str:
    parts = []
    for kind, counts in held.items():
        if not any(counts[m] for m in who):
            continue
        others = [m for m, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
                  if m not in who and n]
        also = (Plural('%(join)s already does part of it', '%(join)s already do part of it',
                       len(others), join=capped(', ', others, 3)) if others
                else Msg('nobody else does it yet'))
        parts.append(Msg('%(kind)s would stop if %(join)s left (%(also)s)',
                         kind=kind, join=_and(who), also=also))
    return cat(joined('; ', parts), Msg(': share these tasks with a co-facilitator or topic '
                                        'co-leads'))
