"""A practice's year: its status moving forward, each move dated in its ``status_log`` (so the
report counts a move in the period it happened, whatever day it was committed), and the
organisations that adopted it (``adoptions``). The ``revise`` hook of the practice kind
(:mod:`copkit.records.kinds`): it turns ``--status``/``--on`` and ``practice adopt``'s
options into the record's new fields."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from copkit.errors import RecordError, UsageError
from copkit.periods import today
from copkit.records.context import Context
from copkit.records.dated import forward, not_before_start
from copkit.records.values import check_text


def revise_practice(ctx: Context, record_id: str, current: Mapping[str, Any],
                    values: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """The values an update writes: a new status logged with its day (``--on``, default
    today), an adoption added (``adopt``)."""
    values = dict(values)
    on = extra.get("on")
    old = current.get("status") or "draft"
    if "status" in values and values["status"] != old:
        forward("practice", old, values["status"], bool(extra.get("force")))
        day = on or today()
        _not_before_added(current, day, "--on")
        not_before_start(ctx, day, "--on")
        values["status_log"] = _logged(current, old, values["status"], day)
    elif on is not None and "status" not in values and "adoption" not in extra:
        raise UsageError("--on dates a change of --status: give the new --status too",
                         f"copkit practice update {record_id} --status tested --on {on}")
    adoption = extra.get("adoption")
    if adoption:
        day = on or today()
        _not_before_added(current, day, "--on")
        not_before_start(ctx, day, "--on")
        values["adoptions"] = _adopted(current, dict(adoption), day)
    return values


def _logged(current: Mapping[str, Any], old: str, new: str, day: _dt.date
            ) -> list[dict[str, Any]]:
    """The status log with the move to ``new`` on ``day``. A practice logged for the first
    time that is not a draft any more starts its log with its status on its ``added`` day
    (before the first entry, a practice with a log is a draft)."""
    log = [dict(e) for e in current.get("status_log") or [] if isinstance(e, Mapping)]
    added = current.get("added")
    if not log and old != "draft" and isinstance(added, _dt.date) and added <= day:
        log.append({"status": old, "date": added})
    last = log[-1].get("date") if log else None
    if isinstance(last, _dt.date) and day < last:
        raise RecordError(f"--on {day}: the practice's status log already has a change on "
                          f"{last}, after this day",
                          "changes are logged in the order they happened: give a date on or "
                          f"after {last}")
    log.append({"status": new, "date": day})
    return log


def _adopted(current: Mapping[str, Any], adoption: dict[str, Any], day: _dt.date
             ) -> list[dict[str, Any]]:
    organisation = str(adoption.get("organisation") or "").strip()
    if not organisation:
        raise UsageError("--organisation: say which organisation adopted the practice")
    check_text(organisation, "--organisation")
    adoptions = [dict(a) for a in current.get("adoptions") or [] if isinstance(a, Mapping)]
    for a in adoptions:
        if str(a.get("organisation") or "").strip().casefold() == organisation.casefold() \
                and a.get("date") == day:
            raise RecordError(f"{organisation} is already recorded adopting the practice on "
                              f"{day}", "nothing to add; give another --on for another "
                              "adoption")
    entry: dict[str, Any] = {"organisation": organisation, "date": day}
    if adoption.get("evidence"):
        entry["evidence"] = check_text(str(adoption["evidence"]), "--evidence", True)
    adoptions.append(entry)
    return adoptions


def _not_before_added(current: Mapping[str, Any], day: _dt.date, flag: str) -> None:
    added = current.get("added")
    if isinstance(added, _dt.date) and day < added:
        raise RecordError(f"{flag} {day}: the practice was added on {added}, after this day",
                          f"give a date on or after {added}, or correct --added")
