"""Members: what adding or changing one checks (an email belongs to one member, nobody leaves
before joining), and recording that a member left."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from copkit.errors import RecordError
from copkit.periods import today
from copkit.records.context import MEMBERS, Context, unknown_record
from copkit.records.ids import check_id
from copkit.records.writing import Outcome, commit, precheck_git, update_item
from copkit.yaml import store

MEMBER_FIELDS = ("id", "name", "organisation", "country", "roles", "level", "email", "phone",
                 "preferred_channel", "joined", "left", "interests", "expertise",
                 "responsibilities", "time_commitment_hours_per_month", "consent")


def member_item(ctx: Context, member_id: str) -> int:
    """The index of member ``member_id`` in members.yaml; an error naming the closest id
    when there is none."""
    check_id(member_id, "the member id")
    index = ctx.list_file(MEMBERS).find("members", member_id)
    if index is None:
        raise unknown_record("member", member_id, ctx.member_ids, "copkit member list")
    return index


def check_email_free(ctx: Context, member_id: str, values: dict[str, Any]) -> None:
    """The email in ``values`` belongs to no member but ``member_id`` (case ignored)."""
    email = values.get("email")
    if not email:
        return
    wanted = email.strip().casefold()
    lf = ctx.list_file(MEMBERS)
    scan = lf.quick_scan("members", "email")
    if scan is not None:
        owners = [lf.item("members", i).get("id") for i, value in scan
                  if value.casefold() == wanted]
    else:
        owners = [m.get("id") for m in ctx.raw(MEMBERS, "members")
                  if str(m.get("email") or "").strip().casefold() == wanted]
    for owner in owners:
        if owner != member_id:
            raise RecordError(f"the email {email} already belongs to member '{owner}'",
                              "update that member instead (copkit member update)")


def check_dates(ctx: Context, member: Any, what: str) -> None:
    """Nobody leaves before joining."""
    if member.joined and member.left and member.left < member.joined:
        raise RecordError(f"cannot {what}: left ({member.left}) is before joined "
                          f"({member.joined})", "fix one of the two dates")


def leave_member(root: Path, member_id: str, day: _dt.date | None = None, *,
                 no_commit: bool = False) -> Outcome:
    """Record that a member left (members are never deleted)."""
    root = Path(root)
    precheck_git(root, no_commit)
    day = day or today()
    with store.cop_lock(root):
        ctx = Context(root)
        index = member_item(ctx, member_id)
        left = ctx.list_file(MEMBERS).item("members", index).get("left")
        if left is not None and left == day:
            return Outcome(member_id, "leave", notes=[f"'{member_id}' already left on {day}"])
        from copkit.model.schemas import Member

        def dates(obj: Any) -> None:
            if obj.joined and obj.left and obj.left < obj.joined:
                raise RecordError(f"'{member_id}' joined on {obj.joined}; they cannot leave on "
                                  f"{obj.left}", "give a later --date")

        update_item(ctx, MEMBERS, "members", index, Member, {"left": day}, (), MEMBER_FIELDS,
                    f"record that '{member_id}' left", dates)
        outcome = Outcome(member_id, "leave", [MEMBERS], f"copkit: member {member_id} left",
                          [f"{MEMBERS}: {member_id} left on {day}"])
        if left is not None:
            outcome.notes.append(f"the date they left changed from {left} to {day}")
        return commit(root, outcome, no_commit)
