"""The network picture of the report (`copkit.output.charts`, kind "network"): members as
dots at the places the indicators worked out (a spring layout with a fixed seed, so a member
keeps about the same place from one period to the next), coloured by organisation, the ties
as grey lines (darker for more meetings together, fainter the more ties there are), brokers
larger and circled; the organisations' legend under the picture.

Names: only as `copkit.output.report` gave them (the audience's rules: an empty label names
nobody), and at most `MAX_LABELS` of them, brokers first (who bridges groups), then the members
with the most meetings together; a name is written only where its box overlaps no other name,
no named member's dot, the title or the legend, as matplotlib's renderer measures them, so
that the picture stays legible at print size however many members it holds.

Data: [nodes, edges]; a node [label, organisation, x, y, broker], an edge [i, j, meetings].
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from copkit.i18n import N_

# colour-blind-safe colours for the largest organisations; the rest share the grey
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442",
           "#000000")
OTHER = "#b0b0b0"
MAX_LABELS = 12  # names written at most: more would not be legible at print size
LABEL_SIZE = 7
TIES_CLEAR = 250  # ties drawn at full strength up to this many; fainter beyond
# where a name may go, in points from its dot: right, left, above, below, then the diagonals
_SPOTS = ((6, 0, "left", "center"), (-6, 0, "right", "center"), (0, 6, "center", "bottom"),
          (0, -6, "center", "top"), (5, 5, "left", "bottom"), (-5, 5, "right", "bottom"),
          (5, -5, "left", "top"), (-5, -5, "right", "top"))


def draw_network(ax: Any, data: Any, words: Callable[[str], str] = str) -> None:
    """Draw the picture on `ax` (it sets the figure's margins itself: the names are placed
    where the renderer measures them); `words` translates copkit's words in it."""
    nodes, edges = data
    if not nodes:
        return
    xy = [(float(n[2]), float(n[3])) for n in nodes]
    _ties(ax, xy, edges)
    _dots(ax, nodes, xy, words)
    rows = -(-len(ax.get_legend_handles_labels()[1]) // 2)  # the legend's, in two columns
    ax.figure.subplots_adjust(left=0.01, right=0.99, top=0.91, bottom=0.03 + 0.032 * rows)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.margins(0.06)
    ax.autoscale_view()
    ax.set_xlim(ax.get_xlim())  # fixed now: the names are placed in these coordinates
    ax.set_ylim(ax.get_ylim())
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=2, frameon=False,
              fontsize=LABEL_SIZE, handletextpad=0.3, columnspacing=1.2)
    place_labels(ax, nodes, xy, ranked(nodes, edges))


def ranked(nodes: Sequence[Any], edges: Sequence[Any]) -> list[int]:
    """The named nodes, the first to be labelled first: brokers, then the most meetings
    together (weighted degree), then by name."""
    degree = [0.0] * len(nodes)
    for e in edges:
        degree[int(e[0])] += float(e[2])
        degree[int(e[1])] += float(e[2])
    named = [k for k, n in enumerate(nodes) if n[0]]
    return sorted(named, key=lambda k: (not nodes[k][4], -degree[k], str(nodes[k][0])))


def place_labels(ax: Any, nodes: Sequence[Any], xy: Sequence[tuple[float, float]],
                 order: Sequence[int], limit: int = MAX_LABELS) -> list[Any]:
    """Write the names of `order`'s nodes, at most `limit`, each at the first spot around its
    dot where it collides with nothing already there (else not at all); the texts written."""
    renderer = _renderer(ax.figure)
    wanted = list(order[:limit * 2])  # a name that finds no room gives its place to the next
    taken = [_box(a, renderer) for a in (ax.title, ax.get_legend()) if a is not None]
    dots = {k: _dot_box(ax, xy[k], nodes[k][4]) for k in wanted}
    frame = ax.figure.bbox
    placed: list[Any] = []
    for k in wanted:
        if len(placed) == limit:
            break
        others = [b for j, b in dots.items() if j != k]
        for dx, dy, ha, va in _SPOTS:
            text = ax.annotate(str(nodes[k][0]), xy[k], xytext=(dx, dy),
                               textcoords="offset points", ha=ha, va=va,
                               fontsize=LABEL_SIZE, zorder=4, annotation_clip=False,
                               bbox={"boxstyle": "square,pad=0.1", "fc": "white",
                                     "ec": "none", "alpha": 0.8})
            box = text.get_window_extent(renderer).padded(1.5)
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and \
                frame.y0 <= box.y0 and box.y1 <= frame.y1
            if inside and not any(box.overlaps(b) for b in taken + others):
                taken.append(box)
                placed.append(text)
                break
            text.remove()
    return placed


def _ties(ax: Any, xy: Sequence[tuple[float, float]], edges: Sequence[Any]) -> None:
    from matplotlib.collections import LineCollection

    heaviest = max((float(e[2]) for e in edges), default=1.0)
    strength = max(min(1.0, TIES_CLEAR / max(len(edges), 1)), 0.2)
    lines = [(xy[int(e[0])], xy[int(e[1])]) for e in edges]
    alphas = [(0.1 + 0.55 * float(e[2]) / heaviest) * strength for e in edges]
    ax.add_collection(LineCollection(lines, colors=[(0.4, 0.4, 0.4, a) for a in alphas],
                                     linewidths=0.6, zorder=1))


def _dots(ax: Any, nodes: Sequence[Any], xy: Sequence[tuple[float, float]],
          words: Callable[[str], str]) -> None:
    orgs = [str(n[1]) for n in nodes]
    order = [o for o, _ in sorted(Counter(orgs).items(), key=lambda kv: (-kv[1], kv[0]))]
    colour = {o: PALETTE[k] for k, o in enumerate(order[:len(PALETTE)])}
    groups: list[tuple[str, list[int]]] = [
        (o, [k for k, x in enumerate(orgs) if x == o]) for o in order[:len(PALETTE)]]
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
    if any(n[4] for n in nodes):  # the circled dots, said once in the legend
        ax.scatter([], [], s=90, c="white", edgecolors="#000000", linewidths=0.8,
                   label=words(N_("brokers")))


def _renderer(fig: Any) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    return canvas.get_renderer()  # type: ignore[no-untyped-call]


def _box(artist: Any, renderer: Any) -> Any:
    return artist.get_window_extent(renderer).padded(1.5)


def _dot_box(ax: Any, point: tuple[float, float], broker: bool) -> Any:
    from matplotlib.transforms import Bbox

    x, y = ax.transData.transform(point)
    r = (5.0 if broker else 3.0) * ax.figure.dpi / 72
    return Bbox([[x - r, y - r], [x + r, y + r]])


def _short(name: str, width: int = 48) -> str:
    return name if len(name) <= width else name[:width - 1] + "…"
