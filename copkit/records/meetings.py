"""Meetings: a new meeting's id (its date and the title's slug), the references a meeting
makes, a meeting named on the command line, a guest written 'Name|Organisation|Role'.
Adding people to a meeting is :mod:`copkit.records.attendance`."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from typing import Any

from copkit.errors import RecordError, UsageError
from copkit.records.context import (
    Context,
    inside,
    require_refs,
    resolve_people,
    unknown_record,
)
from copkit.records.dated import not_before_start
from copkit.records.ids import check_id, meeting_id, meeting_path, parse_day
from copkit.records.values import check_text
from copkit.text import fold
from copkit.yaml import txn

MEETING_FIELDS = ("date", "title", "time", "format", "location", "duration_minutes",
                  "facilitator", "topics", "attendees", "guests", "notes", "decisions",
                  "actions", "knowledge")


_ORGANISATION = re.compile(r"^(?P<name>.*?\S)\s*\((?P<org>[^()]+)\)\s*$")


def split_guest(guest: dict[str, str]) -> dict[str, str]:
    """'Carlos Ramos (PROMPERU)' as name Carlos Ramos, organisation PROMPERU (when the guest
    has no organisation yet); any other guest as it is."""
    m = _ORGANISATION.match(guest["name"])
    if m is None or guest.get("organisation"):
        return guest
    return {**guest, "name": m.group("name"), "organisation": m.group("org").strip()}


def guest_key(name: str) -> str:
    """A guest's name folded, a trailing '(Organisation)' removed: how guests are matched."""
    m = _ORGANISATION.match(name)
    return fold(m.group("name") if m else name)



def parse_guest(text: str) -> dict[str, str]:
    """'Name|Organisation|Role' (organisation and role optional) as a guest mapping."""
    check_text(text, "--guest")
    parts = [p.strip() for p in text.split("|")]
    guest = {"name": parts[0]}
    if len(parts) > 1 and parts[1]:
        guest["organisation"] = parts[1]
    if len(parts) > 2 and parts[2]:
        guest["role"] = parts[2]
    if not guest["name"]:
        raise UsageError(f"--guest '{text}': a guest needs a name",
                         "write --guest 'Name|Organisation|Role'")
    return split_guest(guest)


def require_date_and_title(values: Mapping[str, Any]) -> None:
    """A new meeting has a date (a real one) and a title."""
    if "date" not in values or "title" not in values:
        raise UsageError("a meeting needs a --date and a --title")
    parse_day(values["date"], "--date")


def new_meeting_id(ctx: Context, values: Mapping[str, Any], slug: str | None) -> str:
    """The id of a new meeting (``meetings/DATE-SLUG.yaml``); refused when that file exists."""
    day = parse_day(values["date"], "--date")
    new_id = meeting_id(day, str(values["title"]), slug)
    relpath = meeting_path(new_id)
    if (ctx.root / relpath).exists():
        raise RecordError(f"a meeting on {day} with this title is already recorded in "
                          f"{relpath}",
                          f"give another --slug, or add people to it with copkit meeting "
                          f"attend {new_id}", f"{relpath}:1:1")
    return new_id


def check_meeting(ctx: Context, obj: Any, what: str) -> None:
    """Every id a meeting names is a member, a topic or a practice of the CoP. The people
    are looked up in members.yaml's id lines first: the file is parsed (0.3 s for 1,000
    members) only when one of them is not found there, to say which and suggest another."""
    if ctx.missing_members([obj.facilitator, *obj.attendees, *(a.owner for a in obj.actions)]):
        members = ctx.member_ids
        require_refs([obj.facilitator], members, "member", "facilitator")
        require_refs(obj.attendees, members, "member", "attendees")
        require_refs([a.owner for a in obj.actions], members, "member", "actions")
    require_refs(obj.topics, ctx.topic_ids, "topic", "topics")
    require_refs(obj.knowledge, ctx.record_ids("practices"), "practice", "knowledge")


def find_meeting(ctx: Context, meeting_id: str, what: str = "the meeting id") -> str:
    """The path of a recorded meeting, from an id the user typed (checked to be an id and to
    name a file inside the CoP)."""
    check_id(meeting_id, what)
    relpath = meeting_path(meeting_id)
    if not txn.is_file(inside(ctx.root, relpath)):
        raise unknown_record("meeting", meeting_id, ctx.record_ids("meetings"),
                             "copkit meeting list")
    return relpath


# ---------------------------------------------------------------- meeting update
def revise_meeting(ctx: Context, record_id: str, current: Mapping[str, Any],
                   values: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """The values ``meeting update`` writes: a new date not before the CoP started, decisions
    and actions added after those recorded (an action's owner named as any person is)."""
    values = dict(values)
    if "date" in values:
        not_before_start(ctx, values["date"], "--date")
    decisions = [check_text(str(d), "--decision") for d in extra.get("decisions") or []]
    if decisions:
        values["decisions"] = [*(current.get("decisions") or []), *decisions]
    actions = [_action(ctx, a) for a in extra.get("actions") or []]
    if actions:
        values["actions"] = [*(current.get("actions") or []), *actions]
    return values


def _action(ctx: Context, given: Mapping[str, Any]) -> dict[str, Any]:
    text = str(given.get("action") or "").strip()
    if not text:
        raise UsageError("--action: say what is to be done",
                         "copkit meeting update ID --action 'Send the minutes' --owner "
                         "maria-lopez --due 2026-06-01")
    action: dict[str, Any] = {"action": check_text(text, "--action")}
    if given.get("owner"):
        action["owner"] = resolve_people(ctx, [str(given["owner"])], "--owner")[0]
    if given.get("due"):
        action["due"] = given["due"]
    return action


def renamed_id(record_id: str, current: Mapping[str, Any]) -> str | None:
    """The meeting's new id when its date changed (its file is named DATE-SLUG), else None."""
    day = current.get("date")
    if not isinstance(day, _dt.date) or record_id.startswith(day.isoformat() + "-"):
        return None
    slug = record_id[11:] if len(record_id) > 11 and record_id[10] == "-" and \
        record_id[:4].isdigit() else record_id
    return f"{day.isoformat()}-{slug}"


def move_sessions(ctx: Context, before: Mapping[str, Any], after: Mapping[str, Any]
                  ) -> list[str]:
    """A meeting moved to another day: the agenda topics it discusses that had a session on
    the old day have it on the new one (learning-agenda.yaml, edited in place). Returns the
    files changed."""
    from copkit.edit.splice import to_plain
    from copkit.records.context import AGENDA

    old, new = before.get("date"), after.get("date")
    topics = set(after.get("topics") or [])
    if not topics or old == new or not (ctx.root / AGENDA).exists():
        return []
    lf = ctx.list_file(AGENDA)
    changed = False
    for topic in sorted(topics):
        index = lf.find("topics", topic)
        if index is None:
            continue
        sessions = list(to_plain(lf.item("topics", index)).get("sessions") or [])
        if old not in sessions:
            continue
        moved = sorted({new if d == old else d for d in sessions}, key=str)
        lf.edit_item("topics", index, _sessions_setter(moved))
        changed = True
    if changed:
        lf.save()
    return [AGENDA] if changed else []


def _sessions_setter(days: list[Any]) -> Any:
    from copkit.records.writing import set_field

    def change(item: Any) -> None:
        set_field(item, "sessions", days, ())

    return change
