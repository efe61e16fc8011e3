"""The `practice_events` table: when each practice was added, each move of its status, each
adoption. A practice's own record says it first (`added`, `status_log`, an adoption's
`date`); where it does not, the day of the commit from the git history, read as the report
reads it (`copkit.output.report_history`), over the whole history."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from copkit.indicators import StatusHistory
    from copkit.model import schemas as s
    from copkit.model.load import Cop

Row = dict[str, Any]
_ALL_SINCE = _dt.date(1971, 1, 1)  # before any CoP's records


class GitStatuses:
    """Every practice's status changes in the git history, in two halves like the report's
    `HistoryReader` (whose reading it is, over the whole history): created before the CoP
    loads, so that git's log runs meanwhile; `result(cop)` finishes (None: not in git, or
    not needed because every practice has its own `status_log` and `added` day)."""

    def __init__(self, root: Path, today: _dt.date) -> None:
        from copkit.output.report_history import HistoryReader
        from copkit.periods import Period

        # the reader reads from the start of the period before the one given: a period
        # ending today whose previous one starts on _ALL_SINCE
        end = max(today, _ALL_SINCE + _dt.timedelta(days=2))
        half = Period(end - (end - _ALL_SINCE) // 2, end, "all")
        self._reader = HistoryReader(root, half, today, trends=False)

    def result(self, cop: Cop) -> StatusHistory | None:
        if not cop.practices:
            self.close()
            return None
        history = self._reader.result(cop)
        return history.statuses if history.in_git else None

    def close(self) -> None:
        self._reader.close()

    def __enter__(self) -> GitStatuses:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def practice_events(cop: Cop, statuses: StatusHistory | None) -> tuple[list[Row], dict[str,
                                                                                     Any]]:
    """The rows, and the day each practice was added (for the `practices` table)."""
    from copkit.model.organisations import OrgIndex

    orgs = OrgIndex(cop.organisations)
    rows: list[Row] = []
    added: dict[str, Any] = {}
    for p in cop.practices:
        git = statuses.events.get(p.id, []) if statuses is not None else []
        day, source, status = _added(p, git)
        added[p.id] = day
        if day is not None:
            rows.append(_row(p.id, day, "added", status, None, None, source))
        rows += _moves(p, git)
        rows += [{**_row(p.id, a.date, "adopted", None, None, str(a.organisation), "record"),
                  "organisation_id": orgs.match(str(a.organisation))} for a in p.adoptions]
    return rows, added


def _row(practice: str, day: _dt.date | None, event: str, status: str | None,
         previous: str | None, organisation: str | None, source: str) -> Row:
    return {"practice": practice, "date": day, "event": event, "status": status,
            "previous_status": previous, "organisation": organisation,
            "organisation_id": None, "source": source}


def _added(p: s.Practice, git: list[Any]) -> tuple[_dt.date | None, str, str | None]:
    """The day the practice was added, where that comes from, and its status then (None:
    not known). With the record's `added` day and no `status_log`, git's first status is
    that day's only when the file was first committed then (or the day after, across time
    zones), as E4 reads it: a file committed later may hold a status reached since."""
    first = next((e for e in git if e.before is None and e.after is not None), None)
    if p.added is not None:
        if p.status_log:  # a log entry of the `added` day says its first status
            return p.added, "record", next((e.status for e in p.status_log
                                            if e.date <= p.added), "draft")
        known = first is not None and first.day <= p.added + _dt.timedelta(days=1)
        return p.added, "record", first.after if known and first is not None else None
    if first is not None:
        return first.day, "git", first.after
    return None, "", None


def _moves(p: s.Practice, git: list[Any]) -> list[Row]:
    """Status moves: the record's `status_log` when it has one, else git's."""
    if p.status_log:
        rows, before = [], "draft"
        for change in sorted(p.status_log, key=lambda c: c.date):
            rows.append(_row(p.id, change.date, "status", change.status, before, None,
                             "record"))
            before = change.status
        return rows
    return [_row(p.id, e.day, "status", e.after, e.before, None, "git")
            for e in git if e.before is not None and e.after is not None]
