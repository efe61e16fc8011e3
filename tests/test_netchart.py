"""The network picture's names (#16): at most MAX_LABELS, brokers first, then the members with
the most meetings together, and no two names, nor a name and a named member's dot, the title or
the legend, overlapping as matplotlib's renderer measures them."""

from __future__ import annotations

import itertools
import math
import re
from typing import Any

from copkit.output import charts, netchart


def crowd(n: int = 40) -> list[Any]:
    """`n` named members packed on a small spiral (their names cannot all fit), one broker
    (member 7), ties from everyone to the first five and to the broker."""
    nodes = [[f"Member number {k:02d}", f"Org {k % 10}", round(0.02 * k * math.cos(k), 3),
              round(0.02 * k * math.sin(k), 3), k == 7] for k in range(n)]
    ties = {(min(a, b), max(a, b)): 1 + (b < 5) for a in range(n) for b in (0, 1, 2, 3, 4, 7)
            if a != b}
    return [nodes, [[a, b, w] for (a, b), w in sorted(ties.items())]]


def drawn(data: list[Any]) -> tuple[Any, list[Any]]:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 5.0), dpi=72)
    ax = fig.add_subplot()
    ax.set_title("Who learns with whom")
    netchart.draw_network(ax, data)
    return fig, [t for t in ax.texts if t.get_text()]


def test_at_most_max_labels_names_and_none_overlap() -> None:
    fig, texts = drawn(crowd())
    renderer = netchart._renderer(fig)
    boxes = [t.get_window_extent(renderer) for t in texts]
    assert 0 < len(texts) <= netchart.MAX_LABELS
    assert texts[0].get_text() == "Member number 07"  # the broker is named first
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)
    ax = fig.axes[0]
    others = [ax.title.get_window_extent(renderer), ax.get_legend().get_window_extent(renderer)]
    for box in boxes:
        assert not any(box.overlaps(o) for o in others)
        assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1  # inside the picture
        assert fig.bbox.y0 <= box.y0 and box.y1 <= fig.bbox.y1


def test_names_go_to_the_broker_then_the_most_meetings_together() -> None:
    nodes, edges = crowd(12)
    order = netchart.ranked(nodes, edges)
    assert order[:6] == [7, 0, 1, 2, 3, 4]
    nodes[3][0] = ""  # a member the audience may not name is never ranked
    assert 3 not in netchart.ranked(nodes, edges)


def test_the_svg_holds_at_most_max_labels_names() -> None:
    svg = charts.svg("network", crowd(), "Who learns with whom")
    names = re.findall(r"Member number \d\d", svg)
    assert "Member number 07" in names and len(set(names)) <= netchart.MAX_LABELS
    assert "Org 0" in svg and "brokers" in svg  # the legend: organisations, the circled dots
