"""The network picture of the report (`copkit.output.charts`, kind "network"): members as
dots at the places the indicators worked out (a spring layout with a fixed seed, so a member
keeps about the same place from one period to the next), coloured by organisation, the ties
as grey lines (darker for more meetings together), brokers larger and circled; names only as
`copkit.output.report` gave them (the audience's rules: an empty label names nobody).

Data: [nodes, edges]; a node [label, organisation, x, y, broker], an edge [i, j, meetings].
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from copkit.i18n import N_

# colour-blind-safe colours for the largest organisations; the rest share the grey
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442",
           "#000000")
OTHER = "#b0b0b0"


def draw_network(ax: Any, data: Any, words: Callable[[str], str] = str) -> None:
    """Draw the picture on `ax`; `words` translates copkit's words in it (the legend's
    "other organisations")."""
    nodes, edges = data
    if not nodes:
        return
    from matplotlib.collections import LineCollection

    orgs = [str(n[1]) for n in nodes]
    ranked = [o for o, _ in sorted(Counter(orgs).items(), key=lambda kv: (-kv[1], kv[0]))]
    colour = {o: PALETTE[k] for k, o in enumerate(ranked[:len(PALETTE)])}
    xy = [(float(n[2]), float(n[3])) for n in nodes]
    heaviest = max((float(e[2]) for e in edges), default=1.0)
    lines = [(xy[int(e[0])], xy[int(e[1])]) for e in edges]
    alphas = [0.15 + 0.6 * float(e[2]) / heaviest for e in edges]
    ax.add_collection(LineCollection(lines, colors=[(0.4, 0.4, 0.4, a) for a in alphas],
                                     linewidths=0.6, zorder=1))
    groups: list[tuple[str, list[int]]] = [
        (o, [k for k, x in enumerate(orgs) if x == o]) for o in ranked[:len(PALETTE)]]
    groups.append(("", [k for k, x in enumerate(orgs) if x not in colour]))
    for org, members in groups:
        if not members:
            continue
        ax.scatter([xy[k][0] for k in members], [xy[k][1] for k in members],
                   s=[90 if nodes[k][4] else 30 for k in members],
                   c=colour.get(org, OTHER), edgecolors=["#000000" if nodes[k][4] else "white"
                                                         for k in members],
                   linewidths=0.8, zorder=2,
                   label=_short(org) if org else words(N_("other organisations")))
    for k, n in enumerate(nodes):
        if n[0]:
            ax.annotate(str(n[0]), xy[k], xytext=(4, 3), textcoords="offset points",
                        fontsize=7, zorder=3)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.margins(0.08)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=7,
              handletextpad=0.3)


def _short(name: str, width: int = 30) -> str:
    return name if len(name) <= width else name[:width - 1] + "…"
