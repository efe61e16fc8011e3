"""``copkit import attendance``: a video-call participant report (Zoom, Teams, Meet) into a
meeting, recorded or new (its date and title from the file). One person may appear several
times (reconnections): they count once, their durations added up. People who are not
members are skipped, or added as members or as guests (``--add-unknown``).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from copkit.errors import RecordError, UsageError
from copkit.imports.columns import (
    ATTENDANCE_COLUMNS,
    MEETING_DATE_NAMES,
    MEETING_TITLE_NAMES,
    NAME_FIELDS,
)
from copkit.imports.mapping import parse_map
from copkit.imports.matching import (
    flag_possible,
    how,
    match_row,
    new_id,
    one_item_a_member,
    require_names,
    row_name,
)
from copkit.imports.plan import Item, Plan
from copkit.imports.table import Row, Table, read_table
from copkit.imports.values import datetime_of, day_first, email_of, minutes_of, parse_datetime
from copkit.records.attendance import (
    Attendance,
    add_to_meeting,
    meeting_day,
    membership_notes,
)
from copkit.records.context import Context
from copkit.records.ids import check_id, meeting_id, meeting_path
from copkit.records.meetings import find_meeting
from copkit.records.people import PeopleIndex, name_key
from copkit.records.values import record_dump, validate
from copkit.records.writing import Outcome, write_new
from copkit.text import fold

KIND = "attendance"
COLUMNS = ATTENDANCE_COLUMNS

Span = tuple[_dt.datetime | None, _dt.datetime | None]  # the first join, the last leave


def plan(root: Path, path: Path, mapping: Sequence[str] = (), *,
         meeting_id: str | None = None, title: str | None = None,
         add_unknown: str | None = None, meeting_format: str = "virtual") -> Plan:
    """The plan of importing the participant report ``path`` into meeting ``meeting_id``, or
    into a new meeting (``title``: the topic in the file's summary, or 'Meeting')."""
    root = Path(root)
    if add_unknown not in (None, "members", "guests"):
        raise UsageError(f"--add-unknown {add_unknown}: expected members or guests")
    if meeting_id is not None:
        check_id(meeting_id, "--meeting")
    user_map = parse_map(mapping, list(ATTENDANCE_COLUMNS))
    table = read_table(path, ATTENDANCE_COLUMNS, [], user_map, one_of=NAME_FIELDS)
    require_names(table)
    ctx = Context(root)
    index = ctx.people()
    plan = Plan(KIND, root, table, add_unknown=add_unknown)
    dayfirst = day_first([r.get("join") for r in table.rows] +
                         [r.get("leave") for r in table.rows])
    span = _read_people(plan, index, dayfirst)
    one_item_a_member(plan)
    _add_unknown(plan, index, add_unknown)
    flag_possible(index, [i for i in plan.items if i.status != "matched"])
    if meeting_id is not None:
        plan.target = find_meeting(ctx, meeting_id, "--meeting")
        plan.record = {"id": meeting_id}
    else:
        _new_meeting(plan, span, dayfirst, title, meeting_format)
    if any(i.rows > 1 for i in plan.items):
        merged = sum(i.rows - 1 for i in plan.items)
        plan.notes.append(f"{merged} reconnection row(s) merged into the same person "
                          "(durations added up)")
    return plan


def _read_people(plan: Plan, index: PeopleIndex, dayfirst: bool) -> Span:
    """An item of ``plan`` for each person of the report (a reconnection, the same email or
    name again, adds to the person's item); returns the first join and the last leave."""
    people: dict[str, Item] = {}
    first_join: _dt.datetime | None = None
    last_leave: _dt.datetime | None = None
    for row in plan.table.rows:
        name = row_name(row)
        email = email_of(row)
        if not name and not email:
            continue
        join, leave, minutes = _times(row, dayfirst)
        first_join = min(filter(None, [first_join, join]), default=None)
        last_leave = max(filter(None, [last_leave, leave]), default=None)
        key = f"@{email.casefold()}" if email else f"#{name_key(name)}"
        # what the file says about the person, kept if they are added as a member
        given = {k: v for k, v in (("email", email),
                                   ("organisation", row.get("organisation"))) if v}
        if key in people:  # a reconnect: the same person again
            item = people[key]
            item.rows += 1
            if minutes is not None:
                item.minutes = (item.minutes or 0) + minutes
            for k, v in given.items():
                item.values.setdefault(k, v)
            continue
        status, match = match_row(index, row, name, email, part=True)
        item = Item(row.line, row.where("name"), name or email or "", status, match.member_id,
                    how(match), match.candidates, minutes, values=given)
        people[key] = item
        plan.items.append(item)
    return first_join, last_leave


def _times(row: Row, dayfirst: bool
           ) -> tuple[_dt.datetime | None, _dt.datetime | None, float | None]:
    """When the row's person joined and left, and for how many minutes (the duration
    column, or the time between joining and leaving)."""
    join = datetime_of(row, "join", dayfirst)
    leave = datetime_of(row, "leave", dayfirst)
    minutes = minutes_of(row, "duration")
    if minutes is None and join and leave:
        minutes = max(0.0, (leave - join).total_seconds() / 60)
    return join, leave, minutes


def _add_unknown(plan: Plan, index: PeopleIndex, add_unknown: str | None) -> None:
    """The people who are not members: guests or new members, as ``--add-unknown`` says."""
    for item in plan.items:
        if item.status != "unmatched":
            continue
        if add_unknown == "guests":
            item.status = "guest"
        elif add_unknown == "members":
            item.status = "new"
            item.member_id = new_id(item.name, index)
            index.add({"id": item.member_id, "name": item.name, **item.values})


def _new_meeting(plan: Plan, span: Span, dayfirst: bool, title: str | None,
                 meeting_format: str) -> None:
    """A new meeting file as the plan's target: its date from the first join (or the
    report's summary), its title given or from the summary, its duration from the span."""
    table = plan.table
    first_join, last_leave = span
    day = first_join.date() if first_join else _preamble_date(table, dayfirst)
    if day is None:
        raise RecordError(
            "the file gives no date for the meeting (no join times)",
            "pass --meeting ID to add the attendance to a recorded meeting",
            f"{table.display}:{table.header_line}:1")
    title = title or _preamble_value(table, MEETING_TITLE_NAMES) or "Meeting"
    mid = meeting_id(day, title)  # the name copkit meeting new gives it
    relpath = meeting_path(mid)
    if (plan.root / relpath).exists():
        raise RecordError(
            f"a meeting on {day} with this title is already recorded in {relpath}",
            f"add the attendance to it with --meeting {mid}, or give another --title",
            f"{relpath}:1:1")
    plan.target, plan.target_new = relpath, True
    record: dict[str, Any] = {"date": day, "title": title, "format": meeting_format}
    if first_join and last_leave and last_leave > first_join:
        record["duration_minutes"] = round((last_leave - first_join).total_seconds() / 60)
    plan.record = record


def _preamble_value(table: Table, names: Sequence[str]) -> str | None:
    """A value from the summary above the header (Zoom: a header row, then a value row)."""
    rows = table.preamble
    wanted = {fold(n) for n in names}
    for row in rows:  # "Topic: value" or "Topic,value" lines
        if len(row) >= 2 and fold(row[0].text) in wanted and row[1].text.strip():
            return row[1].text.strip()
    for i, row in enumerate(rows[:-1]):  # a header row, then a value row
        for j, cell in enumerate(row):
            if fold(cell.text) in wanted and j < len(rows[i + 1]) and rows[i + 1][j].text.strip():
                return rows[i + 1][j].text.strip()
    return None


def _preamble_date(table: Table, dayfirst: bool) -> _dt.date | None:
    value = _preamble_value(table, MEETING_DATE_NAMES)
    parsed = parse_datetime(value, dayfirst) if value else None
    return parsed.date() if parsed else None


def write(plan: Plan, ctx: Context) -> Outcome:
    """Create the meeting (when new) and add the plan's attendees, guests and new members."""
    from copkit.model.schemas import Meeting

    att = _attendance(plan)
    written: list[str] = []
    body: list[str] = []
    if plan.target_new:
        mid = Path(plan.target).stem
        obj = validate(Meeting, plan.record, f"create meeting {mid}")
        write_new(plan.root, plan.target, record_dump(obj))
        written.append(plan.target)
        body.append(f"{plan.target}: new meeting '{obj.title}'")
    else:
        mid = str(plan.record["id"])
    try:
        more, lines = add_to_meeting(ctx, mid, att)
    except BaseException:
        if plan.target_new:  # leave nothing half-done behind
            (plan.root / plan.target).unlink(missing_ok=True)
        raise
    written += [p for p in more if p not in written]
    body += lines
    outcome = Outcome(mid, "import", written,
                      f"copkit: import attendance into meeting {mid}", body)
    outcome.notes += membership_notes(ctx, meeting_day(ctx, plan.target), att.attendees,
                                      plan.target)
    return outcome


def _attendance(plan: Plan) -> Attendance:
    """Who the plan adds to the meeting: members, guests, people added as members."""
    att = Attendance()
    for item in plan.items:
        if item.status == "matched" and item.member_id:
            att.attendees.append(item.member_id)
        elif item.status == "guest":
            guest = {"name": item.name}
            if item.values.get("organisation"):
                guest["organisation"] = item.values["organisation"]
            att.guests.append(guest)
        elif item.status == "new":
            # the email and organisation the file gives: the next import matches by email
            att.new_members.append({"name": item.name, **item.values})
    return att
