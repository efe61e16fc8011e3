"""Which organisation of organisations.yaml a text names: the one rule every part of copkit
uses to link a member's `organisation`, or an adoption's, to an organisation's record.

A text names an organisation when, folded (:func:`copkit.text.fold`: case, accents and
punctuation ignored), it is the organisation's id or its name: "Pronatura Sur", "pronatura
sur" and "pronatura-sur" all name `pronatura-sur`. Members' `organisation` stays free text
(a CoP without organisations.yaml keeps working as it did, and a roster imported from a
spreadsheet writes names, not ids); the link is made when the records are read, never written
into members.yaml.
"""

from __future__ import annotations

from collections.abc import Iterable

from copkit.model import schemas as s
from copkit.text import fold


class OrgIndex:
    """The organisations of a CoP, found by id or name."""

    def __init__(self, organisations: Iterable[s.Organisation]) -> None:
        self.by_id: dict[str, s.Organisation] = {}
        self._folded: dict[str, str] = {}
        self._keys: dict[str, str] = {}  # key() of each text asked about (E7 asks 60,000 times)
        for org in organisations:
            self.by_id.setdefault(org.id, org)
            self._folded.setdefault(fold(org.id), org.id)
            self._folded.setdefault(fold(org.name), org.id)

    def __bool__(self) -> bool:
        return bool(self.by_id)

    def match(self, text: str | None) -> str | None:
        """The id of the organisation ``text`` names, or None."""
        if not text:
            return None
        if text in self.by_id:
            return text
        return self._folded.get(fold(text))

    def name(self, org_id: str) -> str:
        org = self.by_id.get(org_id)
        return str(org.name) if org else org_id

    def key(self, text: str | None) -> str | None:
        """What groups members by organisation: the organisation's id when ``text`` names
        one, else the text as written (None for no organisation)."""
        if not text:
            return None
        found = self._keys.get(text)
        if found is None:
            found = self._keys[text] = self.match(text) or text
        return found
