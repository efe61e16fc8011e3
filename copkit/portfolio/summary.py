"""The portfolio report's data, from the DuckDB tables: one row per CoP with the headline
figures (this period and the previous one) and the ten health lines side by side, the CoPs
flagged as outliers and why, totals across CoPs (money per currency, never summed across
currencies; members counted once across CoPs by their pseudonymous email hash with
`dedupe`), and the sources that could not be exported."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from copkit.i18n import N_
from copkit.portfolio.build import Done
from copkit.portfolio.db import Member

SCHEMA = "copkit-portfolio"
SCHEMA_VERSION = 1
# the headline figures: column key, indicator, figure keys (added together), label, unit
HEADLINE = (
    ("members", "M1", ("members",), N_("members"), ""),
    ("core_active", "M2", ("core", "active"), N_("core + active"), ""),
    ("meetings", "M3", ("meetings-held",), N_("meetings held"), ""),
    ("expected", "M3", ("meetings-expected",), N_("meetings expected"), ""),
    ("attendance", "M3", ("mean-attendance-rate",), N_("attendance rate"), "%"),
    ("practices", "M5", ("practices-added",), N_("practices added"), ""),
    ("overdue", "M6", ("overdue",), N_("actions overdue"), ""),
    ("satisfaction", "E1", ("satisfaction-mean",), N_("satisfaction"), ""),
)
NO_MEETING_DAYS = 90          # outlier: no meeting in this many days up to today
CORE_FALL = 0.5               # outlier: the core fell to half the previous period's or less
CORE_FLOOR = 3                # ... from at least this many core members
OVERDUE_SHARE = 1 / 3         # outlier: more than this share of the actions due are overdue
OVERDUE_FLOOR = 2             # ... and at least this many


def build(db: Any, members: list[Member], failures: list[Done], period: dict[str, Any],
          today: _dt.date, dedupe: bool) -> dict[str, Any]:
    figures = _figures(db)
    health = _health(db)
    last = dict(db.execute("SELECT cop, max(date) FROM meetings WHERE date <= $t GROUP BY cop",
                           {"t": today}).fetchall())
    cops = []
    for m in members:
        row = _row(m, figures.get(m.cop, {}), health.get(m.cop, []))
        row["outliers"] = _outliers(figures.get(m.cop, {}), last.get(m.cop), today)
        cops.append(row)
    return {
        "schema": SCHEMA, "schema_version": SCHEMA_VERSION, "today": today.isoformat(),
        "period": period,
        "columns": [{"key": k, "label": label, "unit": unit}
                    for k, _i, _f, label, unit in HEADLINE],
        "factors": _factors(db),
        "cops": cops,
        "outliers": [{"cop": c["id"], "name": c["name"], "reasons": c["outliers"]}
                     for c in cops if c["outliers"]],
        "totals": _totals(db, members, period, today, dedupe),
        "failures": [{"source": f.source, "why": f.failure} for f in failures],
    }


def _figures(db: Any) -> dict[str, dict[tuple[str, str], tuple[float | None, float | None]]]:
    out: dict[str, dict[tuple[str, str], tuple[float | None, float | None]]] = {}
    for cop, ind, fig, value, previous in db.execute(
            "SELECT cop, indicator, figure, value, previous FROM indicators").fetchall():
        out.setdefault(cop, {})[(ind, fig)] = (value, previous)
    return out


def _sum(found: dict[tuple[str, str], tuple[float | None, float | None]], ind: str,
         keys: tuple[str, ...], at: int) -> float | None:
    values = [found.get((ind, k), (None, None))[at] for k in keys]
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


def _row(m: Member, found: dict[tuple[str, str], tuple[float | None, float | None]],
         health: list[str]) -> dict[str, Any]:
    figures = {}
    for key, ind, keys, _label, unit in HEADLINE:
        now, before = _sum(found, ind, keys, 0), _sum(found, ind, keys, 1)
        arrow = "" if now is None or before is None else \
            "↑" if now > before else "↓" if now < before else "="
        figures[key] = {"value": now, "previous": before, "arrow": arrow, "unit": unit}
    d = m.done
    return {"id": m.cop, "name": d.name, "source": d.source, "commit": d.commit,
            "errors": d.errors, "cached": d.cached, "figures": figures, "health": health}


def _health(db: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for cop, status in db.execute("SELECT cop, status FROM health ORDER BY cop, number"
                                  ).fetchall():
        out.setdefault(cop, []).append(status)
    return out


def _factors(db: Any) -> list[dict[str, Any]]:
    return [{"number": n, "factor": f} for n, f in db.execute(
        "SELECT number, any_value(factor) FROM health GROUP BY number ORDER BY number"
    ).fetchall()]


def _outliers(found: dict[tuple[str, str], tuple[float | None, float | None]],
              last: _dt.date | None, today: _dt.date) -> list[dict[str, Any]]:
    """What flags a CoP: no meeting in 90 days, a collapsing core, overdue actions (each
    as a kind and its figures, for the template to word)."""
    out: list[dict[str, Any]] = []
    if last is None or (today - last).days > NO_MEETING_DAYS:
        out.append({"kind": "no-meeting", "days": NO_MEETING_DAYS,
                    "last": last.isoformat() if last else None})
    core, before = found.get(("M2", "core"), (None, None))
    if core is not None and before is not None and before >= CORE_FLOOR and \
            core <= before * CORE_FALL:
        out.append({"kind": "core-collapsing", "now": int(core), "before": int(before)})
    overdue = found.get(("M6", "overdue"), (None, None))[0]
    due_now = found.get(("M6", "actions-due"), (None, None))[0]
    if overdue is not None and due_now and overdue >= OVERDUE_FLOOR and \
            overdue / due_now > OVERDUE_SHARE:
        out.append({"kind": "overdue-actions", "overdue": int(overdue), "due": int(due_now)})
    return out


def _totals(db: Any, members: list[Member], period: dict[str, Any], today: _dt.date,
            dedupe: bool) -> dict[str, Any]:
    start, end = (_dt.date.fromisoformat(period[k]) for k in ("start", "end"))
    asof = min(end, today)
    p = {"s": start, "e": end, "a": asof}
    current = ("FROM members WHERE (joined IS NULL OR joined <= $a) AND "
               "(left_on IS NULL OR left_on >= $a)")
    one = db.execute(f"SELECT count(*) {current}", {"a": asof}).fetchone()
    totals: dict[str, Any] = {
        "cops": len(members), "members": one[0] if one else 0,
        "meetings": _scalar(db, "SELECT count(*) FROM meetings WHERE date BETWEEN $s AND $e",
                            p),
        "attendance": _scalar(db, "SELECT count(*) FROM attendance WHERE date BETWEEN $s "
                              "AND $e", p),
        "practices": _scalar(db, "SELECT count(*) FROM practice_events WHERE event = 'added'"
                             " AND date BETWEEN $s AND $e", p),
        "money": _money(db, p),
        "people": None,
    }
    if dedupe:
        row = db.execute(
            "SELECT count(DISTINCT coalesce(person, 'h:' || email_hash, cop || '/' || member)),"
            " count(*) FILTER (WHERE person IS NOT NULL OR email_hash IS NOT NULL) "
            f"{current}", {"a": asof}).fetchone()
        totals["people"] = {"people": row[0], "matched": row[1]} if row else None
    return totals


def _scalar(db: Any, sql: str, params: dict[str, Any]) -> int:
    used = {k: v for k, v in params.items() if f"${k}" in sql}
    row = db.execute(sql, used).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _money(db: Any, p: dict[str, Any]) -> list[dict[str, Any]]:
    """Budget and spent of the activities overlapping the period, per currency."""
    overlap = ("coalesce(start_date, end_date) <= $e AND coalesce(end_date, start_date) "
               ">= $s")
    rows = db.execute(
        "SELECT currency, sum(budget), sum(spent) FROM ("
        f"SELECT budget_currency AS currency, budget, NULL AS spent FROM activities WHERE "
        f"budget IS NOT NULL AND {overlap} UNION ALL "
        f"SELECT spent_currency, NULL, spent FROM activities WHERE spent IS NOT NULL AND "
        f"{overlap}) GROUP BY currency ORDER BY currency", {"s": p["s"], "e": p["e"]}
    ).fetchall()
    return [{"currency": c, "budget": b or 0.0, "spent": s or 0.0} for c, b, s in rows]
