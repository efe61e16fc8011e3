"""Who each row of a file is: the member it *is* by the rule of :mod:`copkit.records.people` (the
same email; or the same folded name when the row or the member has no email; in attendance
reports also part of one member's name), never a guess between two; and, for a row that is
not a member, the members it is close to (``Item.possible``), found for the whole file in one
indexed pass. A close name is never a match by itself: the user says so (:func:`same_as`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from copkit.errors import RecordError
from copkit.imports.plan import EMAIL_LIKE, Item, Plan, Status
from copkit.imports.table import Row, Table
from copkit.records.people import PeopleIndex
from copkit.text import slugify


def match_row(index: PeopleIndex, row: Row, name: str, email: str | None, part: bool = False
           ) -> tuple[Status, Any]:
    """The member the row *is* (:meth:`PeopleIndex.same_person`); ``part``: a row may give
    part of a member's name (attendance reports)."""
    match = index.same_person(name or None, email, row.get("id") or None, part=part)
    if match.kind == "none" and name and "(" in name:
        # Zoom writes "Name (Original Name)": try each of the two names
        outer, _, inner = name.partition("(")
        for candidate in (inner.rstrip(") "), outer.strip()):
            other = index.same_person(candidate or None, email, part=part)
            if other.kind != "none":
                match = other
                break
    if match.kind == "ambiguous":
        return "ambiguous", match
    if match.member_id:
        match.possible = []
        return "matched", match
    return "unmatched", match


def how(match: Any) -> str:
    return {"id": "by id", "email": "by email", "name": "by name",
            "part": "by part of the name"}.get(match.kind, "")


def flag_possible(index: PeopleIndex, items: Sequence[Item]) -> None:
    """Fill ``possible`` of ``items``: the members (and the people added before them from
    this file) they may be, similar names found in one pass. A row named only by an email
    is matched by its email alone."""
    items = [i for i in items if i.name and not EMAIL_LIKE.match(i.name)]
    added = [i.member_id if i.status == "new" else None for i in items]
    similar = index.similar([(i.name, mid) for i, mid in zip(items, added, strict=True)])
    for item, mid, close in zip(items, added, similar, strict=True):
        item.possible = index.possible(item.name, item.values.get("email"), mid, close)


def same_as(plan: Plan, item: Item, member_id: str) -> None:
    """The user says the person of ``item`` is member ``member_id``: matched, not added;
    rows matched to the new member it would have been now name ``member_id``."""
    dropped = item.member_id if item.status == "new" else None
    item.status, item.member_id, item.how, item.possible = "matched", member_id, \
        "as you said", []
    if item.response is not None:
        item.response["respondent"] = member_id
    for other in plan.items:
        if dropped and other.member_id == dropped:
            other.member_id = member_id
        other.possible = [p for p in other.possible if p.member_id != dropped]
    if plan.kind == "attendance":
        one_item_a_member(plan)


def one_item_a_member(plan: Plan) -> None:
    """A person matched twice (once by email, once by name) is one attendee."""
    seen: dict[str, Item] = {}
    for item in list(plan.items):
        if item.member_id and item.member_id in seen:
            first = seen[item.member_id]
            first.rows += item.rows
            if item.minutes is not None:
                first.minutes = (first.minutes or 0) + item.minutes
            plan.items.remove(item)
        elif item.member_id:
            seen[item.member_id] = item


def new_id(name: str, index: PeopleIndex) -> str:
    """:func:`copkit.records.ids.unique_id` for a new person, without copying the ids each time
    (a roster of 20,000 rows adds as many)."""
    base = slugify(name) or "member"
    mid, n = base, 2
    while mid in index.ids:
        mid, n = f"{base}-{n}", n + 1
    return mid


def row_name(row: Row) -> str:
    name = row.get("name")
    if not name and (row.get("first_name") or row.get("last_name")):
        name = f"{row.get('first_name')} {row.get('last_name')}".strip()
    # Zoom writes "Name (Original Name)": keep the name people chose
    return " ".join(name.split())


def require_names(table: Table) -> None:
    """A roster or a participant report needs names: one column, or first and last."""
    if "name" in table.columns or {"first_name", "last_name"} & set(table.columns):
        return
    raise RecordError(
        "no column for 'name' in the header (columns: "
        + ", ".join(f"'{h}'" for h in table.header if h) + ")",
        "rename the column holding names, or name it with --map 'Your column=name'",
        f"{table.display}:{table.header_line}:1")
