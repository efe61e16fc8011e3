"""A practice's status log (``status_log``, written by ``copkit practice update --status``)
agrees with itself and with the practice's ``status``: the report counts each move in the
period of its day, so a log out of order, going back, or ending on another status than the
practice's own gives the M&E figures a story the records do not tell. Each is a warning at
the entry's path:line:col, with the fix."""

from __future__ import annotations

from typing import get_args

from copkit.model.findings import Finding
from copkit.model.load import Cop
from copkit.model.schemas import Practice, PracticeStatus

CODE = "status-log"
RANK = {status: i for i, status in enumerate(get_args(PracticeStatus))}


def status_log_findings(cop: Cop) -> list[Finding]:
    out: list[Finding] = []
    for practice in cop.practices:
        if practice.status_log:
            out.extend(_practice(cop, practice))
    return out


def _practice(cop: Cop, p: Practice) -> list[Finding]:
    path = f"practices/{p.id}.yaml"
    out = []
    log = p.status_log
    for i in range(1, len(log)):
        before, entry = log[i - 1], log[i]
        if entry.date < before.date:
            out.append(cop.finding(
                CODE, f"status_log[{i}] ({entry.status} on {entry.date}) is dated before the "
                f"entry above it ({before.status} on {before.date})", path,
                ["status_log", i, "date"],
                "fix the date, or put the entries in the order of their days (the report "
                "counts each move in the period of its day)", "warning"))
        if RANK[entry.status] < RANK[before.status]:
            out.append(cop.finding(
                CODE, f"status_log[{i}] goes back from {before.status} to {entry.status} "
                f"on {entry.date}", path, ["status_log", i, "status"],
                "fix the entry if it is a mistake; if the practice really went back, "
                "leave it (copkit practice update --status ... --force records such a move)",
                "warning"))
    last = log[-1]
    if last.status != p.status:
        out.append(cop.finding(
            CODE, f"status is {p.status}, but the last status_log entry says {last.status} "
            f"(on {last.date})", path, ["status"],
            f"add the move to status_log with its day (- {{status: {p.status}, date: "
            f"YYYY-MM-DD}}), or set status to {last.status} if the log is right", "warning"))
    return out
