"""Charts of a report as SVG, drawn with matplotlib (imported here, only when a chart is drawn).

`svg(kind, data, title)` returns a standalone SVG document. Text stays text
(`svg.fonttype = none`), so a chart is searchable and small; the output is byte-identical
between runs (no date in the metadata, a fixed hash salt for the element ids).

Kinds and their data (what `copkit.indicators` puts in `Metrics.series`):
- "levels": [(level, count), ...] — a bar per participation level;
- "levels-by-quarter": [(quarter label, core, active, peripheral, inactive), ...] — a
  stacked bar per quarter (members at its end by observed level), each part labelled with
  its count when there is room and the total on top; a quarter whose counts are None had
  nothing to observe and is marked "no data" instead of a bar;
- "attendance": [(ISO date, attendees), ...] — a line over the meeting dates;
- "membership": [(ISO date, members), ...] — a line over month ends (or quarter ends, when
  the report takes membership from the git history);
- "practices": [(quarter label, count), ...] — a bar per quarter, 0 for a quiet quarter;
- "network": [nodes, edges] — the network picture (`copkit.output.netchart`).
With no data, the chart says "no data" in its middle instead of drawing an empty axis; a
practices chart whose quarters are all 0 says that no practice was added.

Importing matplotlib takes 0.5-1 s on a slow laptop, more than drawing four charts. A command
that will need charts starts a `Worker` first: a child process that imports matplotlib while
the command loads the CoP on the other core, then draws the charts it is sent (same `svg`
function, same bytes). If the child fails for any reason, the charts are drawn here.

The SVG of a chart depends only on its kind, data and title (and this module and matplotlib's
version), so `Worker.draw` keeps each one in the user's cache folder (`copkit.cache.cache_dir`,
never the CoP; off with COPKIT_NO_CACHE=1): a report made again with the same figures, the
usual case after fixing a typo in a record, does not import matplotlib at all.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, cast

Words = Callable[[str], str]  # copkit's words in the chart's language
KINDS = ("levels", "levels-by-quarter", "attendance", "membership", "practices", "network")
LEVELS = ("core", "active", "peripheral", "inactive")
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


def svg(kind: str, data: Any, title: str, lang: str | None = None) -> str:
    """The chart `kind` of `data` as an SVG document (text as text, deterministic); its
    title as given, its axis labels, level names and notes in `lang` (an IETF tag; None:
    English), its months named in that language."""
    if kind not in KINDS:
        raise ValueError(f"unknown chart kind {kind!r} (known: {', '.join(KINDS)})")
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    rows = [list(r) for r in (data or [])]
    if kind in ("levels-by-quarter", "practices") and lang and not lang.startswith("en"):
        rows = [[_quarter(r[0], lang), *r[1:]] for r in rows]  # "T3 2026", not "2026-Q3"
    pairs = [] if kind in ("levels-by-quarter", "network") else \
        [(str(a), float(b)) for a, b in rows]
    right = 0.98
    _ = _words(lang)
    with matplotlib.rc_context(cast(Any, _RC)):
        fig = Figure(figsize=(6.4, 5.0 if kind == "network" else 2.8))
        ax = fig.add_subplot()
        ax.set_title(title)
        if kind == "network" and rows and rows[0]:
            from copkit.output.netchart import draw_network

            draw_network(ax, rows, _)  # sets its own margins: its names are placed by them
            right = 0.0
        elif not rows or (kind == "levels-by-quarter" and all(r[1] is None for r in rows)):
            _empty(ax, _("no data in this period"))
        elif kind == "levels-by-quarter":
            _stacked(ax, rows, _)
            right = 0.86  # the legend, outside the bars on the right
        elif kind == "practices" and all(v == 0 for _, v in pairs):
            # the records say so: quiet quarters are 0, not missing data
            _empty(ax, _("no practice added in these quarters"))
        elif kind == "attendance" and all(v == 0 for _, v in pairs):
            _empty(ax, _("no attendance recorded in this period"))
        elif kind in ("levels", "practices"):
            _bars(ax, kind, pairs, _)
        else:
            _line(ax, kind, pairs, _, lang)
        # fixed margins: tight_layout measured every label again and cost ~0.1 s a chart
        if right:
            fig.subplots_adjust(left=0.1, right=right, bottom=0.13, top=0.88)
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


def _empty(ax: Any, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center",
            transform=ax.transAxes, color="#666666")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def _bars(ax: Any, kind: str, pairs: Sequence[tuple[str, float]], _: Words) -> None:
    labels = [a for a, _v in pairs]
    values = [v for _a, v in pairs]
    colours = [_COLOURS.get(a, _MAIN) for a in labels] if kind == "levels" else _MAIN
    bars = ax.bar(range(len(labels)), values, color=colours, width=0.6)
    ax.set_xticks(range(len(labels)), [_(a) for a in labels] if kind == "levels" else labels)
    ax.bar_label(bars, labels=[_number(v) for v in values], padding=2)
    ax.set_ylabel(_("members") if kind == "levels" else _("practices added"))
    ax.set_ylim(0, max([*values, 1.0]) * 1.15)
    ax.yaxis.get_major_locator().set_params(integer=True)


def _stacked(ax: Any, rows: Sequence[Sequence[Any]], _: Words) -> None:
    """One bar per quarter, its parts the members at each level (core at the bottom)."""
    labels = [str(r[0]) for r in rows]
    counts = [[float(v or 0) for v in r[1:1 + len(LEVELS)]] for r in rows]
    totals = [sum(c) for c in counts]
    top = max([*totals, 1.0])
    x = list(range(len(labels)))
    bottom = [0.0] * len(rows)
    for n, level in enumerate(LEVELS):
        values = [c[n] for c in counts]
        bars = ax.bar(x, values, bottom=bottom, color=_COLOURS[level], width=0.6, label=_(level))
        # a part too thin for its number is left unlabelled; the total says it all
        ax.bar_label(bars, labels=[_number(v) if v and v >= 0.08 * top else "" for v in values],
                     label_type="center", fontsize=7,
                     color="white" if level in ("core", "active") else "#333333")
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    for i, r in enumerate(rows):
        if r[1] is None:
            ax.text(i, 0.03 * top, _("no data"), ha="center", va="bottom", rotation=90,
                    color="#666666",
                    fontsize=7)
        else:
            ax.text(i, totals[i] + 0.02 * top, _number(totals[i]), ha="center",
                    va="bottom")
    ax.set_xticks(x, labels, fontsize=8 if len(labels) > 6 else None)
    ax.set_ylabel(_("members"))
    ax.set_ylim(0, top * 1.18)
    ax.yaxis.get_major_locator().set_params(integer=True)
    # the legend lists the levels top to bottom as the parts are stacked (inactive on top)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=8,
              handlelength=1.0, handletextpad=0.4, reverse=True)


def _line(ax: Any, kind: str, pairs: Sequence[tuple[str, float]], _: Words,
          lang: str | None = None) -> None:
    days = [_dt.date.fromisoformat(a[:10]) for a, _v in pairs]
    values = [v for _a, v in pairs]
    ax.plot(days, values, color=_MAIN, marker="o" if len(days) <= 60 else None,
            markersize=3, linewidth=1.5)
    ax.set_ylabel(_("attendees") if kind == "attendance" else _("members"))
    ax.set_ylim(0, max([*values, 1.0]) * 1.15)
    ax.yaxis.get_major_locator().set_params(integer=True)
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    if lang and not lang.startswith("en"):
        ax.xaxis.set_major_formatter(_months(lang))
        return
    ax.xaxis.set_major_formatter(
        mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]


def _words(lang: str | None) -> Words:
    """copkit's words in a chart (axis labels, level names, notes) in `lang`."""
    if not lang or lang.startswith("en"):
        return str
    from copkit.i18n import translations

    return translations(lang).gettext


def _quarter(label: object, lang: str) -> object:
    """A quarter's label ("2026-Q3") as people read it in `lang` ("T3 2026")."""
    from copkit.i18n import resolve, translations
    from copkit.i18n.msg import localise, period_name
    from copkit.periods import quarter_named

    try:
        named = period_name(quarter_named(str(label)))
    except ValueError:
        return label
    language = resolve(lang, strict=False)
    return localise(named, translations(language), language.locale)


def _months(lang: str) -> Any:
    """Date ticks named in `lang` ("ene 2026", "janv. 2026"), by Babel."""
    import matplotlib.dates as mdates
    from babel.dates import format_date
    from matplotlib.ticker import FuncFormatter

    from copkit.i18n import resolve

    locale = resolve(lang, strict=False).locale
    return FuncFormatter(lambda x, _pos: format_date(
        mdates.num2date(x).date(),  # type: ignore[no-untyped-call]
        "LLL yyyy", locale=locale))


def _number(v: float) -> str:
    return f"{int(v)}" if float(v).is_integer() else f"{v:.1f}"


Request = tuple[Any, ...]  # kind, data, title (and the language, when not English)


class Worker:
    """Charts drawn in a child process started early (see the module notes)."""

    def __init__(self, hint: str | None = None) -> None:
        """`hint` names the job (e.g. the CoP folder, period and level): when the charts of its
        last run are all in the cache, no child is started, as they will most likely be the
        same again (if not, the missing ones are drawn in this process)."""
        self._proc: subprocess.Popen[bytes] | None = None
        self._hint = hashlib.sha256(hint.encode("utf-8")).hexdigest()[:32] if hint else None
        last = self._last()
        if last and all(_cached(k) is not None for k in last):
            return
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-c", "from copkit.output.charts import _serve; _serve()"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError:
            self._proc = None

    def draw(self, requests: list[Request]) -> list[str]:
        """The SVG of each (kind, data, title), in order (from the cache when there)."""
        keys = [_key(r) for r in requests]
        found = {k: _cached(k) for k in keys}
        missing = [r for r, k in zip(requests, keys, strict=True) if found[k] is None]
        drawn = self._draw(missing) if missing else []
        self.close()
        for r, text in zip(missing, drawn, strict=True):
            found[_key(r)] = text
            _store(_key(r), text)
        self._remember(keys)
        return [str(found[k]) for k in keys]

    def _last(self) -> list[str]:
        folder = _folder()
        if folder is None or self._hint is None:
            return []
        try:
            return (folder / f"last-{self._hint}.txt").read_text(encoding="ascii").split()
        except (OSError, UnicodeDecodeError):
            return []

    def _remember(self, keys: list[str]) -> None:
        folder = _folder()
        if folder is None or self._hint is None:
            return
        with contextlib.suppress(OSError):
            tmp = folder / f".last-{self._hint}.{os.getpid()}.tmp"
            tmp.write_text("\n".join(keys) + "\n", encoding="ascii")
            os.replace(tmp, folder / f"last-{self._hint}.txt")

    def _draw(self, requests: list[Request]) -> list[str]:
        proc, self._proc = self._proc, None
        if proc is not None:
            try:
                payload = json.dumps([list(r) for r in requests]).encode("utf-8")
                out, _ = proc.communicate(payload, timeout=120)
                svgs = json.loads(out.decode("utf-8")) if proc.returncode == 0 else None
                if isinstance(svgs, list) and len(svgs) == len(requests):
                    return [str(x) for x in svgs]
            except (OSError, ValueError, subprocess.TimeoutExpired):
                proc.kill()
                proc.wait()
        return [svg(*r) for r in requests]

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


_SALT: str | None = None
CACHE_FILES = 200  # charts kept in the cache; the oldest go first


def _key(request: Request) -> str:
    global _SALT
    if _SALT is None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            mpl = version("matplotlib")
        except PackageNotFoundError:  # pragma: no cover
            mpl = "?"
        _SALT = hashlib.sha256(Path(__file__).read_bytes() + mpl.encode()).hexdigest()
    text = json.dumps([_SALT, *request], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _folder() -> Path | None:
    if os.environ.get("COPKIT_NO_CACHE"):
        return None
    from copkit.model.cache import charts_dir

    return charts_dir()


def _cached(key: str) -> str | None:
    folder = _folder()
    if folder is None:
        return None
    try:
        text = (folder / f"{key}.svg").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return text if text.rstrip().endswith("</svg>") else None


def _store(key: str, text: str) -> None:
    folder = _folder()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{key}.{os.getpid()}.tmp"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, folder / f"{key}.svg")
        files = [*folder.glob("*.svg"), *folder.glob("last-*.txt")]
        if len(files) > CACHE_FILES:
            files.sort(key=lambda p: p.stat().st_mtime)
            for old in files[:len(files) - CACHE_FILES]:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only means drawing again next time


def _serve() -> None:
    """The child's side: import matplotlib now, then draw what arrives on stdin (JSON)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.artist

    # set() docstrings of every Artist class are built at import (~0.2 s); never read here
    matplotlib.artist.kwdoc = lambda artist: ""
    import matplotlib.dates
    import matplotlib.figure

    requests = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    out = [svg(*r) for r in requests]
    sys.stdout.buffer.write(json.dumps(out).encode("utf-8"))
    sys.stdout.flush()
