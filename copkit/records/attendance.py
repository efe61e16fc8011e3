"""Who attended a meeting: people named by member id, email or name (matched as
:mod:`copkit.records.people` says), guests, and people added as members on the way; written
into the meeting file (and members.yaml) in one commit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copkit.edit import store
from copkit.edit.lists import append_keeping_comments
from copkit.edit.splice import to_plain
from copkit.errors import UsageError
from copkit.periods import as_day
from copkit.records.context import MEMBERS, Context, require_refs
from copkit.records.ids import unique_id
from copkit.records.meetings import (
    MEETING_FIELDS,
    find_meeting,
    guest_key,
    parse_guest,
    split_guest,
)
from copkit.records.people import PeopleIndex, describe_all, error_for, split_person
from copkit.records.values import check_text, clean, record_dump, validate
from copkit.records.writing import (
    Outcome,
    commit,
    open_record,
    precheck_git,
    set_field,
    to_yaml,
)
from copkit.text import slugify


@dataclass
class Attendance:
    """People to add to a meeting: member ids, guests, and people to add as members first."""

    attendees: list[str] = field(default_factory=list)
    guests: list[dict[str, str]] = field(default_factory=list)
    new_members: list[dict[str, Any]] = field(default_factory=list)


def add_to_meeting(ctx: Context, meeting_id: str, attendance: Attendance,
                   extra: Mapping[str, Any] | None = None) -> tuple[list[str], list[str]]:
    """Write the attendance into the meeting file (and new members into members.yaml).
    Returns (files written, change lines). Call under the lock."""
    from copkit.model.schemas import Meeting

    relpath = find_meeting(ctx, meeting_id)
    doc = open_record(ctx.root, relpath)
    data = doc.data
    current = to_plain(data)
    new_ids, body = _add_new_members(ctx, attendance.new_members, current.get("date"))
    present = set(current.get("attendees") or [])
    add_ids = [m for m in dict.fromkeys([*attendance.attendees, *new_ids]) if m not in present]
    add_guests = _new_guests(current.get("guests") or [], attendance.guests)
    _extend(data, "attendees", add_ids)
    _extend(data, "guests", add_guests)
    for key, value in (extra or {}).items():
        if value is not None and current.get(key) in (None, "", []):
            set_field(data, key, value, MEETING_FIELDS)
    validate(Meeting, to_plain(data), f"update meeting {meeting_id}")
    missing = ctx.missing_members(a for a in add_ids if a not in new_ids)
    if missing:
        require_refs(missing[:1], ctx.member_ids, "member", "attendees")
    if add_ids:
        body.append(f"{relpath}: attendees + " + ", ".join(add_ids))
    if add_guests:
        body.append(f"{relpath}: guests + " + ", ".join(g["name"] for g in add_guests))
    written: list[str] = []
    if doc.changed:
        if new_ids:
            ctx.list_file(MEMBERS).save()
            written.append(MEMBERS)
        doc.save()
        written.append(relpath)
    return written, body


def _add_new_members(ctx: Context, people: Sequence[Mapping[str, Any]],
                     since: Any) -> tuple[list[str], list[str]]:
    """Add ``people`` to members.yaml (not saved yet), members since the meeting's date:
    their new ids, and a change line each."""
    if not people:
        return [], []
    from copkit.model.schemas import Member
    from copkit.records.members import ContactSink

    taken = ctx.member_ids
    new_ids: list[str] = []
    items: list[Any] = []
    sink = ContactSink(ctx)  # the new layout: an email goes to contacts.yaml
    for values in people:
        mid = unique_id(slugify(str(values["name"])) or "member", taken | set(new_ids))
        values = {"joined": since, **clean(values)}  # a member since then
        sink.take(mid, values)
        obj = validate(Member, {"id": mid, **clean(values)}, f"add member '{mid}'")
        items.append(to_yaml(record_dump(obj)))
        new_ids.append(mid)
    ctx.list_file(MEMBERS).extend("members", items)
    sink.save()
    return new_ids, [f"{MEMBERS}: member {mid} added" for mid in new_ids]


def _new_guests(known: Iterable[Any], guests: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    """The guests not already listed (names folded, a trailing '(Organisation)' removed:
    'Carlos Ramos (PROMPERU)' is the guest Carlos Ramos), each once."""
    names = {guest_key(str(g.get("name", ""))) for g in known if isinstance(g, dict)}
    out = []
    for g in map(split_guest, guests):
        if guest_key(g["name"]) not in names:
            names.add(guest_key(g["name"]))
            out.append(g)
    return out


def membership_notes(ctx: Context, day: Any, attendee_ids: Iterable[str],
                     relpath: str) -> list[str]:
    """Check's attendance-outside-membership finding for each attendee who was not a member
    on ``day`` (joined after it, or left before it): said when the attendance is written,
    which it is anyway (records are often entered late)."""
    from copkit.checks.content import outside_membership
    from copkit.records.ids import parse_day

    wanted = set(attendee_ids)
    if not wanted or day is None:
        return []
    day = parse_day(day, "date")
    out = []
    for m in ctx.raw(MEMBERS, "members"):
        if m.get("id") in wanted:
            found = outside_membership(str(m["id"]), day, as_day(m.get("joined")),
                                       as_day(m.get("left")))
            if found:
                out.append(f"{relpath + ': ' if relpath else ''}{found[0]} (written anyway; "
                           f"hint: {found[1]})")
    return out


def new_meeting_notes(ctx: Context, obj: Any) -> list[str]:
    """What ``meeting new`` says after writing: check's finding for each attendee who was not
    a member on the meeting's day (members.yaml as the command read it to name them: not
    read again)."""
    return membership_notes(ctx, obj.date, obj.attendees, "")


def meeting_day(ctx: Context, relpath: str) -> Any:
    """The date of the meeting at ``relpath``, as its file says now."""
    return to_plain(open_record(ctx.root, relpath).data).get("date")


def _extend(data: Any, key: str, items: list[Any]) -> None:
    """Add ``items`` at the end of the meeting's list ``key`` (made when it has none)."""
    if not items:
        return
    seq = data.get(key)
    if not isinstance(seq, list):
        set_field(data, key, items, MEETING_FIELDS)
        return
    if key == "guests":
        if not seq and hasattr(seq, "fa"):
            seq.fa.set_block_style()
        # a new guest written as the one before it is (block or one line)
        block = bool(seq) and hasattr(seq[-1], "fa") and not seq[-1].fa.flow_style()
        items = [to_yaml(g, top=block) for g in items]
    for item in items:  # the comments after the list stay after it
        append_keeping_comments(seq, item)


def attend_meeting(root: Path, meeting_id: str, people: Sequence[str],
                   guests: Sequence[str] = (), *, add_unknown: str | None = None,
                   no_commit: bool = False) -> Outcome:
    """Add people (member ids, emails or names) and guests to a meeting's attendance."""
    root = Path(root)
    precheck_git(root, no_commit)
    if add_unknown not in (None, "members", "guests"):
        raise UsageError(f"--add-unknown {add_unknown}: expected members or guests")
    with store.cop_lock(root):
        ctx = Context(root)
        find_meeting(ctx, meeting_id)
        att = Attendance(guests=[parse_guest(g) for g in guests])
        maybe = _place_people(ctx, people, att, add_unknown)
        written, body = add_to_meeting(ctx, meeting_id, att)
        relpath = find_meeting(ctx, meeting_id)
        maybe += membership_notes(ctx, meeting_day(ctx, relpath), att.attendees, relpath)
        outcome = Outcome(meeting_id, "attend", written,
                          f"copkit: record attendance at meeting {meeting_id}", body,
                          notes=maybe)
        if not written:
            outcome.notes.append("nothing changed: everyone named was already recorded")
        return commit(root, outcome, no_commit)


def _place_people(ctx: Context, people: Sequence[str], att: Attendance,
                  add_unknown: str | None) -> list[str]:
    """Put each person named into ``att``: a member (found by the one resolver,
    :mod:`copkit.records.people`), or (as ``add_unknown`` says) a guest or a new member.
    Returns notes on the people who are not members but may be."""
    index: PeopleIndex | None = None
    maybe: list[str] = []
    for person in people:
        check_text(person, "the person")
        if person in ctx.fast_member_ids():  # a member id: no need to match names
            att.attendees.append(person)
            continue
        index = index or ctx.people()
        match = index.match(name=person)
        if match.kind == "ambiguous":
            raise error_for(index, person, match)
        if match.member_id:
            att.attendees.append(match.member_id)
            continue
        _place_unknown(index, person, match, att, add_unknown)
        if match.possible:
            maybe.append(f"'{person}' is not a member, possibly "
                         f"{describe_all(match.possible)}")
    return maybe


def _place_unknown(index: PeopleIndex, person: str, match: Any, att: Attendance,
                   add_unknown: str | None) -> None:
    name, email = split_person(person)
    if add_unknown == "guests" and name:
        att.guests.append({"name": name})
    elif add_unknown == "members" and name:
        att.new_members.append({"name": name, **({"email": email} if email else {})})
    else:
        raise error_for(index, person, match, otherwise=UNKNOWN_HINT)


UNKNOWN_HINT = "add them with copkit member add, or pass --add-unknown guests (or members)"
