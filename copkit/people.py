"""Matching people named in a file or on the command line to the CoP's members.

In order: the member id itself; the email address (case-insensitive); the name with accents,
case, punctuation and word order folded away ("LÓPEZ, María" is "María López"); two or more
words that all belong to one member's name ("Juan Pérez" is "Juan Pérez Mamani"); then a fuzzy
match on the folded name (rapidfuzz), accepted only when it is clearly better than any other.
Two members that fit equally well make the match *ambiguous*: it is reported, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

MatchKind = Literal["id", "email", "name", "fuzzy", "ambiguous", "none"]

FUZZY_CUTOFF = 88.0   # token-sort ratio needed for a fuzzy match
FUZZY_MARGIN = 4.0    # how much better than the runner-up it must be

_TRANSLIT = str.maketrans({
    "ß": "ss", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ł": "l",
    "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "þ": "th", "ı": "i",
})


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff"
                        "\ufe20-\ufe2f]+")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case ASCII words: accents removed, punctuation turned into spaces."""
    text = str(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
        text = _COMBINING.sub("", text).casefold()
        if not text.isascii():  # letters that decompose after case folding (rare)
            text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    else:
        text = text.lower()
    return " ".join(_NOT_WORD.sub(" ", text).split())


def name_key(name: str) -> str:
    """A folded name with its words sorted, so word order does not matter."""
    return " ".join(sorted(fold(name).split()))


def email_key(email: str | None) -> str:
    return (email or "").strip().casefold()


@dataclass
class Match:
    kind: MatchKind
    member_id: str | None = None
    candidates: list[str] = field(default_factory=list)
    score: float = 0.0

    @property
    def found(self) -> bool:
        return self.member_id is not None


class PeopleIndex:
    """Members by id, email and folded name, for matching names and emails to them."""

    def __init__(self, members: Iterable[Mapping[str, Any]]) -> None:
        self.ids: dict[str, Mapping[str, Any]] = {}
        self.by_email: dict[str, list[str]] = {}
        self.by_name: dict[str, list[str]] = {}
        for m in members:
            mid = m.get("id")
            if not isinstance(mid, str):
                continue
            self.ids[mid] = m
            email = email_key(m.get("email") if isinstance(m.get("email"), str) else None)
            if email:
                self.by_email.setdefault(email, []).append(mid)
            name = m.get("name")
            if isinstance(name, str) and name_key(name):
                self.by_name.setdefault(name_key(name), []).append(mid)
        self._choices = list(self.by_name)

    def add(self, member: Mapping[str, Any]) -> None:
        """Make a member added during an import findable by the rows after it."""
        mid = str(member["id"])
        self.ids[mid] = member
        email = email_key(member.get("email"))
        if email:
            self.by_email.setdefault(email, []).append(mid)
        key = name_key(str(member.get("name", "")))
        if key:
            if key not in self.by_name:
                self._choices.append(key)
            self.by_name.setdefault(key, []).append(mid)

    def match(self, name: str | None = None, email: str | None = None,
              member_id: str | None = None) -> Match:
        if member_id and member_id in self.ids:
            return Match("id", member_id, [member_id], 100.0)
        key_email = email_key(email)
        if key_email:
            found = self.by_email.get(key_email, [])
            if len(found) == 1:
                return Match("email", found[0], found, 100.0)
            if len(found) > 1:
                return Match("ambiguous", None, sorted(found), 100.0)
        if name and name.strip() in self.ids:
            return Match("id", name.strip(), [name.strip()], 100.0)
        key = name_key(name or "")
        if not key:
            return Match("none")
        found = self.by_name.get(key, [])
        if len(found) == 1:
            return Match("name", found[0], found, 100.0)
        if len(found) > 1:
            return Match("ambiguous", None, sorted(found), 100.0)
        return self._part_of_name(key) or self._fuzzy(key)

    def _part_of_name(self, key: str) -> Match | None:
        """Two or more words that all belong to one member's name: "Juan Pérez" is "Juan Pérez
        Mamani" (people with two surnames or several given names often write fewer)."""
        words = set(key.split())
        if len(words) < 2:
            return None
        ids = sorted({mid for choice in self._choices if words <= set(choice.split())
                      for mid in self.by_name[choice]})
        if len(ids) == 1:
            return Match("name", ids[0], ids, 100.0)
        if len(ids) > 1:
            return Match("ambiguous", None, ids, 100.0)
        return None

    def _fuzzy(self, key: str) -> Match:
        if not self._choices:
            return Match("none")
        from rapidfuzz import fuzz, process

        best = process.extract(key, self._choices, scorer=fuzz.token_sort_ratio,
                               score_cutoff=FUZZY_CUTOFF - FUZZY_MARGIN, limit=3)
        if not best or best[0][1] < FUZZY_CUTOFF:
            return Match("none")
        top_key, top_score = best[0][0], float(best[0][1])
        close = [k for k, score, _ in best if top_score - float(score) < FUZZY_MARGIN]
        ids = sorted({mid for k in close for mid in self.by_name[k]})
        if len(ids) > 1:
            return Match("ambiguous", None, ids, top_score)
        return Match("fuzzy", self.by_name[top_key][0], ids, top_score)
