"""The executive summary at the top of every report: what a programme manager reads first.

`build(context)` takes the report's data (the structure of `copkit report --format json`,
after the audience rules) and picks from it, without computing anything new:

- the headline figures, each with its previous value and arrow: members, observed core and
  active members, meetings held against expected, the attendance rate, practices added,
  actions done on time, satisfaction (a figure the report does not hold is left out; one
  without data says why);
- the health scorecard as one line per success factor (number, factor, status);
- up to three highlights: a goal with evidence, a practice adopted by an organisation, a
  story of value (each only when the report holds one).

Every text here is one of copkit's words (translated by the templates' ``t`` filter) or
text from the records (names, titles: never translated).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from copkit.i18n import N_
from copkit.output.audience import WITHHELD

# (label, indicator, figure key): the headline figures, in the order shown
HEADLINES = (
    (N_("Members"), "M1", "members"),
    (N_("Core and active members (observed)"), "M2", ("core", "active")),
    (N_("Meetings held"), "M3", "meetings-held"),
    (N_("Attendance rate"), "M3", "mean-attendance-rate"),
    (N_("Practices added"), "M5", "practices-added"),
    (N_("Actions done on time"), "M6", "on-time-rate"),
    (N_("Satisfaction (mean, 1 to 5)"), "E1", "satisfaction-mean"),
)
MAX_HIGHLIGHTS = 3


def build(context: dict[str, Any]) -> dict[str, Any]:
    """The summary of the report whose data is `context`."""
    figures = _figures(context)
    headlines = [h for h in (_headline(label, figures.get(ind, {}), key)
                             for label, ind, key in HEADLINES) if h is not None]
    health = [{"number": h["number"], "factor": h["factor"], "status": h["status"]}
              for h in (context.get("health") or [])]
    return {"headlines": headlines, "health": health, "highlights": _highlights(context)}


def _figures(context: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """Each indicator's figures by key."""
    return {i["id"]: {f["key"]: f for f in i["figures"]}
            for lv in context.get("levels", []) for i in lv["indicators"]}


def _headline(label: str, figures: dict[str, dict[str, Any]],
              key: str | tuple[str, ...]) -> dict[str, Any] | None:
    if isinstance(key, tuple):
        return _sum(label, [figures[k] for k in key if k in figures]) \
            if all(k in figures for k in key) else None
    f = figures.get(key)
    if f is None:
        return None
    out = {"label": label, "value": f["value"], "has_data": f["has_data"],
           "reason": f["reason"], "previous": f["previous"] if f["compared"] else "",
           "arrow": f["arrow"], "judgement": f["judgement"], "of": ""}
    expected = figures.get("meetings-expected")
    if key == "meetings-held" and expected is not None and expected["has_data"]:
        out["of"] = expected["value"]  # "11 of 11 expected"
    return out


def _sum(label: str, parts: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Several counts as one headline (core + active)."""
    if not parts or not all(p["has_data"] for p in parts):
        return None
    now = sum(p["number"] for p in parts)
    compared = all(p["previous_number"] is not None for p in parts)
    before = sum(p["previous_number"] for p in parts) if compared else None
    arrow = "" if before is None else "↑" if now > before else "↓" if now < before else "="
    judgement = {"↑": "better", "↓": "worse"}.get(arrow, "")
    return {"label": label, "value": str(now), "has_data": True, "reason": "",
            "previous": "" if before is None else str(before), "arrow": arrow,
            "judgement": judgement, "of": ""}


def _highlights(context: dict[str, Any]) -> list[dict[str, str]]:
    out = []
    goal = _row(_table(context, "I2", "statement", "evidence"),
                lambda cells: bool(cells.get("evidence")))
    if goal:
        out.append({"kind": N_("A goal with evidence"), "text": goal.get("statement", ""),
                    "detail": goal["evidence"]})
    adopted = _row(_table(context, "I3", "organisation", "practices"))
    if adopted:
        out.append({"kind": N_("A practice adopted"), "text": adopted.get("practices", ""),
                    "detail": adopted.get("organisation", "")})
    story = _row(_table(context, "I1", "title", "member"))
    if story:
        out.append({"kind": N_("A story of value"),
                    "text": story.get("story", "") or story.get("title", ""),
                    "detail": _teller(story.get("member", ""))})
    return out[:MAX_HIGHLIGHTS]


def _table(context: dict[str, Any], indicator: str, *columns: str) -> dict[str, Any] | None:
    """The first table of `indicator` with these columns: found by its header (copkit's
    words, the same in every language), not its title (in the report's language)."""
    for lv in context.get("levels", []):
        for i in lv["indicators"]:
            if i["id"] != indicator:
                continue
            for t in i["tables"]:
                if all(c in t["header"] for c in columns):
                    return t  # type: ignore[no-any-return]
    return None


def _teller(name: str) -> str:
    """Who told a story, when the audience may name them: the highlight shows it in brackets,
    and a withheld name is in brackets already ("((name withheld))" read wrong)."""
    return "" if name == WITHHELD or (name.startswith("(") and name.endswith(")")) else name


def _row(table: dict[str, Any] | None,
         wanted: Callable[[dict[str, str]], bool] = bool) -> dict[str, str] | None:
    """The first row of `table` (by column name) that is `wanted`."""
    for row in (table["rows"] if table else []):
        cells = dict(zip(table["header"], row, strict=False)) if table else {}
        if wanted(cells):
            return cells
    return None
