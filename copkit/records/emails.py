"""Matching people by email when members.yaml holds only the email's keyed hash.

In a CoP in the new layout (:mod:`copkit.contacts`) members.yaml has no addresses, only
``email_hash``. :func:`people_index` gives the one matching rule of
:mod:`copkit.records.people` an index where every member's email is compared in its hashed
form (an old-layout address hashed the same way), and every email it is asked about is hashed
before the comparison: a row of an import, or an email typed on the command line, is matched
to the member whose hash it gives, with or without contacts.yaml.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from copkit.contacts.keys import Hasher, read_key
from copkit.records.people import Match, PeopleIndex, Possible, email_key


class HashedIndex(PeopleIndex):
    """A :class:`PeopleIndex` that compares emails in :meth:`Hasher.form`."""

    def __init__(self, members: Iterable[Mapping[str, Any]], hasher: Hasher) -> None:
        self.hasher = hasher
        super().__init__(members)

    def _index(self, member: Mapping[str, Any], order: int) -> None:
        super()._index(member, order)
        mid = str(member["id"])
        form = self.hasher.member_form(dict(member))
        old = self._email.get(mid, "")
        if form is None or form == old:
            return
        if old and mid in self.by_email.get(old, []):
            self.by_email[old].remove(mid)
            if not self.by_email[old]:
                del self.by_email[old]
        self._email[mid] = email_key(form)
        self.by_email.setdefault(self._email[mid], []).append(mid)

    def same_person(self, name: str | None = None, email: str | None = None,
                    member_id: str | None = None, *, part: bool = False) -> Match:
        return super().same_person(name, self.hasher.form(email), member_id, part=part)

    def possible(self, name: str, email: str | None = None, member_id: str | None = None,
                 similar: Sequence[Possible] = ()) -> list[Possible]:
        return super().possible(name, self.hasher.form(email), member_id, similar)


def people_index(root: Path, members: Iterable[Mapping[str, Any]]) -> PeopleIndex:
    """The index the record commands and imports match people with: emails compared by their
    keyed hash when the CoP has a key, as written otherwise."""
    key = read_key(Path(root))
    return PeopleIndex(members) if key is None else HashedIndex(members, Hasher(key))
