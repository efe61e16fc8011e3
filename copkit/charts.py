"""Charts of a report as SVG, drawn with matplotlib (imported here, only when a chart is drawn).

`svg(kind, data, title)` returns a standalone SVG document. Text stays text
(`svg.fonttype = none`), so a chart is searchable and small; the output is byte-identical
between runs (no date in the metadata, a fixed hash salt for the element ids).

Kinds and their data (what `copkit.metrics` puts in `Metrics.series`):
- "levels": [(level, count), ...] — a bar per participation level;
- "attendance": [(ISO date, attendees), ...] — a line over the meeting dates;
- "membership": [(ISO date, members), ...] — a line over month ends;
- "practices": [(quarter label, count), ...] — a bar per quarter.
With no data, the chart says "no data" in its middle instead of drawing an empty axis.

Importing matplotlib takes 0.5-1 s on a slow laptop, more than drawing four charts. A command
that will need charts starts a `Worker` first: a child process that imports matplotlib while
the command loads the CoP on the other core, then draws the charts it is sent (same `svg`
function, same bytes). If the child fails for any reason, the charts are drawn here.
"""

from __future__ import annotations

import datetime as _dt
import io
import json
import re
import subprocess
import sys
from collections.abc import Sequence
from types import TracebackType
from typing import Any, cast

KINDS = ("levels", "attendance", "membership", "practices")
_COLOURS = {"core": "#1b6a8f", "active": "#4fa3c7", "peripheral": "#a9d3e6",
            "inactive": "#d0d0d0"}
_MAIN = "#1b6a8f"
_RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "copkit",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial", "sans-serif"],
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "figure.dpi": 72,
    "path.simplify": True,
    "text.parse_math": False,  # a `$` in a label stays a dollar sign
}


def svg(kind: str, data: Any, title: str) -> str:
    """The chart `kind` of `data` as an SVG document (text as text, deterministic)."""
    if kind not in KINDS:
        raise ValueError(f"unknown chart kind {kind!r} (known: {', '.join(KINDS)})")
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    pairs = [(str(a), float(b)) for a, b in (data or [])]
    with matplotlib.rc_context(cast(Any, _RC)):
        fig = Figure(figsize=(6.4, 2.8))
        ax = fig.add_subplot()
        ax.set_title(title)
        if not pairs or (kind != "levels" and all(v == 0 for _, v in pairs) and
                         kind != "membership"):
            _empty(ax)
        elif kind in ("levels", "practices"):
            _bars(ax, kind, pairs)
        else:
            _line(ax, kind, pairs)
        # fixed margins: tight_layout measured every label again and cost ~0.1 s a chart
        fig.subplots_adjust(left=0.1, right=0.98, bottom=0.13, top=0.88)
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": "copkit"})
    return _tidy(out.getvalue())


def inline(document: str) -> str:
    """An SVG document made ready to paste into HTML: no XML declaration or doctype."""
    text = re.sub(r"^<\?xml[^>]*\?>\s*", "", document)
    text = re.sub(r"^<!DOCTYPE[^>]*>\s*", "", text)
    return text


def _tidy(text: str) -> str:
    # matplotlib writes its version into a comment; keep output stable across versions
    text = re.sub(r"<!-- Created with matplotlib \(https://matplotlib.org/\) -->\n", "", text)
    return re.sub(r"<dc:creator>.*?</dc:creator>", "", text, flags=re.S)


def _empty(ax: Any) -> None:
    ax.text(0.5, 0.5, "no data in this period", ha="center", va="center",
            transform=ax.transAxes, color="#666666")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def _bars(ax: Any, kind: str, pairs: Sequence[tuple[str, float]]) -> None:
    labels = [a for a, _ in pairs]
    values = [v for _, v in pairs]
    colours = [_COLOURS.get(a, _MAIN) for a in labels] if kind == "levels" else _MAIN
    bars = ax.bar(range(len(labels)), values, color=colours, width=0.6)
    ax.set_xticks(range(len(labels)), labels)
    ax.bar_label(bars, labels=[_number(v) for v in values], padding=2)
    ax.set_ylabel("members" if kind == "levels" else "practices added")
    ax.set_ylim(0, max([*values, 1.0]) * 1.15)
    ax.yaxis.get_major_locator().set_params(integer=True)


def _line(ax: Any, kind: str, pairs: Sequence[tuple[str, float]]) -> None:
    days = [_dt.date.fromisoformat(a[:10]) for a, _ in pairs]
    values = [v for _, v in pairs]
    ax.plot(days, values, color=_MAIN, marker="o" if len(days) <= 60 else None,
            markersize=3, linewidth=1.5)
    ax.set_ylabel("attendees" if kind == "attendance" else "members")
    ax.set_ylim(0, max([*values, 1.0]) * 1.15)
    ax.yaxis.get_major_locator().set_params(integer=True)
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(
        mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]


def _number(v: float) -> str:
    return f"{int(v)}" if float(v).is_integer() else f"{v:.1f}"


Request = tuple[str, Any, str]  # kind, data, title


class Worker:
    """Charts drawn in a child process started early (see the module notes)."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[bytes] | None
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-c", "from copkit.charts import _serve; _serve()"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError:
            self._proc = None

    def draw(self, requests: list[Request]) -> list[str]:
        """The SVG of each (kind, data, title), in order."""
        proc, self._proc = self._proc, None
        if proc is not None:
            try:
                payload = json.dumps([[k, d, t] for k, d, t in requests]).encode("utf-8")
                out, _ = proc.communicate(payload, timeout=120)
                svgs = json.loads(out.decode("utf-8")) if proc.returncode == 0 else None
                if isinstance(svgs, list) and len(svgs) == len(requests):
                    return [str(x) for x in svgs]
            except (OSError, ValueError, subprocess.TimeoutExpired):
                proc.kill()
                proc.wait()
        return [svg(kind, data, title) for kind, data, title in requests]

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.kill()
            proc.wait()

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def _serve() -> None:
    """The child's side: import matplotlib now, then draw what arrives on stdin (JSON)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates
    import matplotlib.figure

    requests = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    out = [svg(kind, data, title) for kind, data, title in requests]
    sys.stdout.buffer.write(json.dumps(out).encode("utf-8"))
    sys.stdout.flush()
