"""The ``revise`` hooks of topics, activities and stories (:mod:`copkit.records.kinds`): what
an update writes beyond the fields given. A status moves forward unless ``--force``; a
session, a story's date and its evidence are not before the CoP started, and sessions and
evidence are added to those recorded."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from copkit.records.context import Context
from copkit.records.dated import forward, not_before_start
from copkit.records.values import check_text


def revise_topic(ctx: Context, record_id: str, current: Mapping[str, Any],
                 values: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """A topic's status moves forward; ``--session`` dates are added to its sessions."""
    values = dict(values)
    if "status" in values:
        forward("topic", current.get("status") or "planned", values["status"],
                bool(extra.get("force")))
    sessions = list(current.get("sessions") or [])
    added = False
    for day in extra.get("sessions") or []:
        not_before_start(ctx, day, "--session")
        if day not in sessions:
            sessions.append(day)
            added = True
    if added:
        values["sessions"] = sorted(sessions, key=str)
    return values


def revise_activity(ctx: Context, record_id: str, current: Mapping[str, Any],
                    values: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """An activity's status moves forward (planned, under-way, done or cancelled)."""
    if "status" in values:
        forward("activity", current.get("status") or "planned", values["status"],
                bool(extra.get("force")))
    return values


def revise_story(ctx: Context, record_id: str, current: Mapping[str, Any],
                 values: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """A story's date is not before the CoP started; ``--evidence`` is added to what is
    recorded."""
    values = dict(values)
    if "date" in values:
        not_before_start(ctx, values["date"], "--date")
    evidence = [check_text(e, "--evidence", True) for e in extra.get("evidence") or []
                if e not in (current.get("evidence") or [])]
    if evidence:
        values["evidence"] = [*(current.get("evidence") or []), *evidence]
    return values
