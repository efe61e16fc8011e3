"""The newsletters recorded in the charter (its `newsletters` list): where the next one starts
(`default_since`: the day after the last one recorded, else 30 days before today), the last
one (`last_recorded`), and recording one (`record`: `record_entry` appends it to the list, in
place, and the change is committed, in one transaction)."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from copkit.errors import RecordError

if TYPE_CHECKING:
    from copkit.model import schemas as s
    from copkit.model.load import Cop

DEFAULT_DAYS = 30     # without a recorded newsletter: the last 30 days


# ---------------------------------------------------------------- the period
def default_since(cop: Cop, today: _dt.date) -> _dt.date:
    """The day after the last newsletter recorded in the charter, else 30 days ago."""
    entries = cop.charter.newsletters if cop.charter is not None else []
    if entries:
        return max(e.date for e in entries) + _dt.timedelta(days=1)
    return today - _dt.timedelta(days=DEFAULT_DAYS)


def last_recorded(cop: Cop) -> s.NewsletterEntry | None:
    entries = cop.charter.newsletters if cop.charter is not None else []
    return max(entries, key=lambda e: e.date) if entries else None


# ---------------------------------------------------------------- recording
def record(cop_root: Path, day: _dt.date, since: _dt.date, title: str, *,
           no_commit: bool = False) -> str | None:
    """Record the newsletter in charter.yaml and commit it, in one transaction (a kill
    between the two is finished by the next copkit command). Returns the commit's sha."""
    from copkit.edit import store
    from copkit.git import commit as gitio

    with store.cop_lock(cop_root):
        changes = record_entry(cop_root, day, since, title)
        if no_commit:
            return None
        return gitio.commit_change(cop_root, [cop_root / "charter.yaml"], "record newsletter",
                                   day.isoformat(), changes)


def record_entry(cop_root: Path, day: _dt.date, since: _dt.date, title: str) -> list[str]:
    """Append `{date, since, title}` to charter.yaml's `newsletters` list, in place (comments
    kept, the charter validated before it is written, under the CoP's lock). Returns the
    change lines for the commit message. Refuses to record the same newsletter twice."""
    from ruamel.yaml.comments import CommentedSeq

    from copkit.edit.lists import append_keeping_comments
    from copkit.planning.charter import CHARTER, edit_charter
    from copkit.records.writing import to_yaml

    # distinct date objects: ruamel would write one object used twice as an anchor
    entry = {"date": _dt.date.fromordinal(day.toordinal()),
             "since": _dt.date.fromordinal(since.toordinal()), "title": title}

    def change(data: Any) -> list[str]:
        entries = data.get("newsletters")
        if entries is None:
            entries = CommentedSeq()
            data["newsletters"] = entries
        elif not isinstance(entries, list):
            raise RecordError("'newsletters' in charter.yaml is not a list",
                              hint="fix it first (copkit check shows where)")
        for e in entries:
            if isinstance(e, dict) and str(e.get("date")) == day.isoformat() and \
                    str(e.get("since")) == since.isoformat():
                raise RecordError(f"the newsletter from {since} to {day} is already "
                                  "recorded in charter.yaml",
                                  hint="nothing to record again; the next newsletter starts "
                                       "the day after it")
        append_keeping_comments(entries, to_yaml(entry, top=False))
        return [f"{CHARTER}: newsletter of {day.isoformat()} (from {since.isoformat()}): "
                f"{' '.join(title.split())}"]

    return edit_charter(cop_root, change)

