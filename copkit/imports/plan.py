"""A plan: every row of the file, matched to the CoP's members and sorted into *new* (will
be added), *matched* (already a member), *ambiguous* (fits two members: never guessed),
*unmatched* (not a member: skipped, or kept anonymous) and *guest*; and what the import will
write, into which file. The CLI shows it (:mod:`~copkit.imports.preview`) and only
:func:`copkit.imports.apply.apply` writes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from copkit.imports.table import Table
from copkit.records.people import Possible
from copkit.text import printable

Status = Literal["new", "matched", "ambiguous", "unmatched", "guest"]


@dataclass
class Item:
    """One person (or response) of the file, and what the import will do with it."""

    line: int
    where: str
    name: str
    status: Status
    member_id: str | None = None
    how: str = ""
    candidates: list[str] = field(default_factory=list)
    minutes: float | None = None
    rows: int = 1
    values: dict[str, Any] = field(default_factory=dict)
    possible: list[Possible] = field(default_factory=list)  # may be one of these members
    response: dict[str, Any] | None = None  # a survey row's response


@dataclass
class Plan:
    kind: str
    root: Path
    table: Table
    items: list[Item] = field(default_factory=list)
    target: str = ""                 # the file the import writes into
    target_new: bool = False
    record: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    add_unknown: str | None = None

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)

    @property
    def possible(self) -> list[Item]:
        """The rows that may be members (or rows) they are not matched to."""
        return [i for i in self.items if i.possible and i.status != "matched"]

    @property
    def ambiguous(self) -> list[Item]:
        return [i for i in self.items if i.status == "ambiguous"]

    def has_changes(self) -> bool:
        if self.kind == "survey":
            return bool(self.record.get("responses"))
        return any(i.status in ("new", "guest") or (i.status == "matched"
                                                    and self.kind != "members")
                   for i in self.items)


EMAIL_LIKE = re.compile(r"^([^@\s]+)@([^@\s]+)$")


def label(name: str) -> str:
    """How the preview names a person: the name, or, when the file gave only an email, a
    masked form of it (m***@example.org) -- the preview shows no contact details."""
    m = EMAIL_LIKE.match(name.strip())
    if m:
        return f"{m.group(1)[0]}***@{m.group(2)}"
    return printable(name)
