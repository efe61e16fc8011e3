"""The rules every dated change of a record keeps (``practice update --status``, ``practice
adopt``, ``topic update --session``, ``action done``, ``meeting update --date``...): a date is
not before the CoP started (charter.yaml's ``started``), and a status moves forward unless
``--force`` says the step back is meant."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from copkit.errors import RecordError, UsageError
from copkit.periods import as_day
from copkit.records.context import CHARTER, Context, inside

# the order of each kind's statuses: a move to a lower rank is a step back
RANKS: dict[str, dict[str, int]] = {
    "practice": {"draft": 0, "tested": 1, "evaluated": 2},
    "topic": {"planned": 0, "in-progress": 1, "covered": 2, "dropped": 2},
    "activity": {"planned": 0, "under-way": 1, "done": 2, "cancelled": 2},
}


def started(ctx: Context) -> _dt.date | None:
    """The day the CoP started (charter.yaml's ``started``), None when not written or not a
    date (check reports that)."""
    from copkit.yaml.read import read_data
    from copkit.yaml.scalars import YamlProblem

    path = inside(ctx.root, CHARTER)
    if not path.is_file():
        return None
    try:
        data = read_data(path, CHARTER)
    except (YamlProblem, OSError):
        return None
    return as_day(data.get("started") if isinstance(data, dict) else None)


def not_before_start(ctx: Context, day: _dt.date | None, flag: str) -> None:
    """A dated change is refused when its date is before the CoP started."""
    start = started(ctx)
    if day is None or start is None or day >= start:
        return
    raise RecordError(f"{flag} {day}: the CoP started on {start}, so nothing can happen "
                      "in it before that day",
                      f"give a date on or after {start}, or change the start with copkit "
                      f"charter set started {day}")


def forward(kind: str, old: Any, new: Any, force: bool, flag: str = "--status") -> None:
    """A status moves forward (draft -> tested -> evaluated...); a step back is refused
    unless ``force``."""
    ranks = RANKS[kind]
    if force or old == new or old not in ranks or new not in ranks:
        return
    if ranks[new] < ranks[old]:
        raise UsageError(f"{flag} {new}: the {kind} is {old} already, and {new} would be a "
                         "step back",
                         f"add --force if the {kind} really went back to {new}")
