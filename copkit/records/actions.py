"""The actions agreed at meetings, across meetings: listed (``copkit action list``) and marked
done on their day (``copkit action done MEETING-ID N``), which the report's M6 counts (done,
done by the due date). An action is named by its meeting and its number there (1 for the
first); marking it done changes that one item in place, comments elsewhere kept."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from copkit.edit import store
from copkit.errors import RecordError
from copkit.records.context import Context
from copkit.records.dated import not_before_start
from copkit.records.meetings import find_meeting
from copkit.records.values import validate
from copkit.records.writing import Outcome, commit, open_record, precheck_git, set_field

ACTION_FIELDS = ("action", "owner", "due", "done")
COLUMNS = ("meeting", "n", "action", "owner", "due", "done", "state")


def list_actions(root: Path, today: _dt.date) -> tuple[list[dict[str, Any]], list[str]]:
    """Every action of every meeting, oldest meeting first, each with its meeting, its
    number, and its state (done, overdue: due before today and not done, open); and the
    meeting files that could not be read (check names their problems)."""
    rows: list[dict[str, Any]] = []
    unreadable: list[str] = []
    for relpath, data in _meetings(Path(root), unreadable):
        actions = data.get("actions")
        for n, item in enumerate(actions if isinstance(actions, list) else [], start=1):
            if isinstance(item, dict):
                rows.append(_row(relpath, n, item, today))
    return rows, unreadable


def _meetings(root: Path, unreadable: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, data) of the meeting files that hold actions, read with the fast reader (a
    file that does not mention ``actions:`` is not parsed)."""
    from copkit.model.load import folder_files
    from copkit.yaml.read import load_data, read_text
    from copkit.yaml.scalars import YamlProblem

    for relpath in folder_files(root, "meetings"):
        try:
            text = read_text(root / relpath)
        except (OSError, YamlProblem):
            unreadable.append(relpath)
            continue
        if "actions:" not in text:
            continue
        try:
            data = load_data(text, relpath)
        except YamlProblem:
            unreadable.append(relpath)
            continue
        if isinstance(data, dict):
            yield relpath, data


def _row(relpath: str, n: int, item: dict[str, Any], today: _dt.date) -> dict[str, Any]:
    due, done = item.get("due"), item.get("done")
    state = "done" if done else "overdue" if isinstance(due, _dt.date) and due < today \
        else "open"
    return {"meeting": relpath[len("meetings/"):-len(".yaml")], "n": n,
            "action": item.get("action"), "owner": item.get("owner"), "due": due,
            "done": done, "state": state}


def mark_done(root: Path, meeting_id: str, number: int, on: _dt.date, *,
              no_commit: bool = False) -> Outcome:
    """Action ``number`` (1 for the first) of meeting ``meeting_id`` done on ``on``: not
    before the meeting agreed it, nor before the CoP started."""
    from copkit.model.schemas import Meeting

    root = Path(root)
    precheck_git(root, no_commit)
    with store.cop_lock(root):
        ctx = Context(root)
        relpath = find_meeting(ctx, meeting_id)
        doc = open_record(root, relpath)
        actions = doc.data.get("actions")
        count = len(actions) if isinstance(actions, list) else 0
        if not 1 <= number <= count:
            raise RecordError(
                f"meeting '{meeting_id}' has {count or 'no'} action{'' if count == 1 else 's'}"
                f", so there is no action {number}",
                (f"give a number from 1 to {count}" if count else
                 f"add one with copkit meeting update {meeting_id} --action TEXT")
                + " (copkit action list shows them)", f"{relpath}:1:1")
        item = actions[number - 1]
        meeting_day = doc.data.get("date")
        if isinstance(meeting_day, _dt.date) and on < meeting_day:
            raise RecordError(f"--on {on}: the action was agreed at the meeting of "
                              f"{meeting_day}, after this day",
                              f"give a date on or after {meeting_day}")
        not_before_start(ctx, on, "--on")
        outcome = Outcome(meeting_id, "done")
        if item.get("done") == on:
            outcome.notes.append(f"nothing changed: action {number} was already done on {on}")
            return outcome
        before = item.get("done")
        set_field(item, "done", on, ACTION_FIELDS)
        validate(Meeting, _plain(doc.data), f"mark action {number} of '{meeting_id}' done")
        doc.save()
        outcome.paths = [relpath]
        outcome.subject = f"copkit: action {number} of meeting {meeting_id} done"
        outcome.body = [f"{relpath}: actions[{number}] ({item.get('action')}): done "
                        + (f"{before} -> {on}" if before else f"on {on}")]
        return commit(root, outcome, no_commit)


def _plain(data: Any) -> Any:
    from copkit.edit.splice import to_plain

    return to_plain(data)
