"""A review recorded in the charter, and who normally records it."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from copkit.edit.lists import append_keeping_comments
from copkit.planning.charter import CHARTER, edit_charter
from copkit.records.writing import to_yaml


def default_reviewer(cop: Any, today: _dt.date) -> str | None:
    """The first current facilitator, who normally leads the review."""
    for m in cop.members:
        if "facilitator" in m.roles and (m.left is None or m.left > today):
            return str(m.id)
    return None


def write_review(root: Path, day: _dt.date, by: str | None,
                 summary: str | None) -> tuple[list[str], list[str]]:
    """Append ``{date, by, summary}`` to charter.yaml's review.log (in place) and set
    review.last_reviewed. Returns (paths written, change lines)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    # two distinct date objects: ruamel would write one object used twice as an anchor
    entry: dict[str, Any] = {"date": _dt.date.fromordinal(day.toordinal())}
    if by:
        entry["by"] = by
    if summary:
        entry["summary"] = summary

    def change(data: Any) -> list[str]:
        review = data.get("review")
        if not isinstance(review, dict):
            review = CommentedMap()
            data["review"] = review
        log = review.get("log")
        if not isinstance(log, list):
            log = CommentedSeq()
            review["log"] = log
        append_keeping_comments(log, to_yaml(entry, top=False))
        if "last_reviewed" in review:
            review["last_reviewed"] = day
        else:
            review.insert(1 if "cycle" in review else 0, "last_reviewed", day)
        who = f" by {by}" if by else ""
        return [f"{CHARTER}: review on {day.isoformat()}{who}"
                + (f": {' '.join(summary.split())}" if summary else "")]

    return [CHARTER], edit_charter(root, change)
