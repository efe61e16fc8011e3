"""Matching people named in a file or on the command line to the CoP's members.

Names are compared *folded* (:func:`copkit.text.fold`: accents, case and punctuation gone) with
their words sorted (:func:`name_key`: "LÓPEZ, María" is "María López").

A row of an imported file is the **same person** as a member (:meth:`PeopleIndex.same_person`)
only when
1. the row's member id column names the member, or
2. the email is the member's (case and surrounding spaces ignored), or
3. the folded name is identical and the row or the member has no email (two people with one
   name and two emails are two people);
and, for attendance reports only (people shorten their name in a video call), when
4. two or more words of the row are all words of exactly one member's name ("Juan Pérez" is
   "Juan Pérez Mamani"): *part of the name*.
Two members that fit equally well make the match *ambiguous*: it is reported, never guessed.

Anything less is never a match, only a **possible** one (:class:`Possible`), shown to the
user to confirm or to record as someone new: the same name with another email; part of the
name (either way, when rule 4 does not apply); or a similar name, a rapidfuzz ratio of the
keys of at least :data:`FUZZY_CUTOFF`. Similar names are found for a whole file at once
(:meth:`PeopleIndex.similar`, rapidfuzz ``process.cdist`` with a cut-off), each name against
the members and the names added before it. Numbers in a name are never a typo: "Participant
12" and "Participant 21" are not compared.

Names typed on the command line or at a prompt (:meth:`PeopleIndex.match`) may also be a
member id, an email, or ``Name <email>`` (split by :func:`split_person`); they take part of a
name as above, and also a single word that only one member's name holds ("Ines" is "Inés
Mamani Quispe" when no other member's name has that word); a fragment of a word ("Mam") is
only suggested. A similar name there is
likewise only a possibility (suggested, never used). :func:`resolve` is THE resolver every
command and prompt goes through: one member id, or an error saying the same thing everywhere
(:func:`ambiguous_error`, :func:`unknown_error`): an ambiguous name lists the candidates; an
unknown one suggests the closest members before ``copkit member add``.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from copkit.errors import RecordError
from copkit.text import fold

MatchKind = Literal["id", "email", "name", "part", "ambiguous", "possible", "none"]

FUZZY_CUTOFF = 88.0   # ratio (0-100) of two name keys from which they are "similar"
MAX_POSSIBLE = 3      # possible members kept for one person, the closest first
_CHUNK = 1000         # names compared at once (a chunk x the names before it, in bytes)
_SAME_NAME = "same name, other email"
_PART = "part of the name"
_SIMILAR = "similar name"

_DIGITS = re.compile(r"[0-9]+")
_NAME_EMAIL = re.compile(r"^(?P<name>[^<>]*?)\s*<(?P<email>[^<>@\s]+@[^<>\s]+)>\s*$")
MAX_LISTED = 10       # candidates an ambiguous name lists
ADD_HINT = "add them first with copkit member add, or check the spelling"
AMBIGUOUS_HINT = "name the person by member id (copkit member list shows them)"


def split_person(text: str) -> tuple[str, str | None]:
    """'Rosa Quispe Mamani <rosa@ayllu.pe>' -> ('Rosa Quispe Mamani', 'rosa@ayllu.pe');
    'rosa@ayllu.pe' -> ('', 'rosa@ayllu.pe'); any other text -> (text, None)."""
    text = text.strip()
    m = _NAME_EMAIL.match(text)
    if m:
        return m.group("name").strip(), m.group("email")
    if "@" in text and " " not in text:
        return "", text
    return text, None


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A folded name with its words sorted, so word order does not matter (cached: an import
    looks each name up several times)."""
    return " ".join(sorted(fold(name).split()))


def email_key(email: str | None) -> str:
    return (email or "").strip().casefold()


@dataclass(frozen=True)
class Possible:
    """A member who may be the person: never used without the user saying so."""

    member_id: str
    name: str
    why: str             # "same name, other email", "part of the name" or "similar name"
    score: float = 100.0

    def describe(self) -> str:
        """'maria-gomez (91%)', 'jose-garcia (same name, other email)'."""
        detail = f"{self.score:.0f}%" if self.why == _SIMILAR else self.why
        return f"{self.member_id} ({detail})"


def describe_all(possible: Sequence[Possible]) -> str:
    return ", ".join(p.describe() for p in possible)


@dataclass
class Match:
    kind: MatchKind
    member_id: str | None = None
    candidates: list[str] = field(default_factory=list)
    score: float = 0.0
    possible: list[Possible] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.member_id is not None


class PeopleIndex:
    """Members by id, email, folded name and name word, for matching people to them."""

    def __init__(self, members: Iterable[Mapping[str, Any]]) -> None:
        self.ids: dict[str, Mapping[str, Any]] = {}
        self.by_email: dict[str, list[str]] = {}
        self.by_name: dict[str, list[str]] = {}
        self._email: dict[str, str] = {}         # member id -> email key ("" for none)
        self._order: dict[str, int] = {}         # 0: a member; n: the n-th added
        self._words: dict[str, set[str]] = {}    # word -> name keys holding it
        for m in members:
            if isinstance(m.get("id"), str):
                self._index(m, 0)

    def _index(self, member: Mapping[str, Any], order: int) -> None:
        mid = str(member["id"])
        self.ids[mid] = member
        self._order[mid] = order
        email = member.get("email")
        self._email[mid] = email_key(email if isinstance(email, str) else None)
        if self._email[mid]:
            self.by_email.setdefault(self._email[mid], []).append(mid)
        name = member.get("name")
        key = name_key(name) if isinstance(name, str) else ""
        if key:
            if key not in self.by_name:
                for word in set(key.split()):
                    self._words.setdefault(word, set()).add(key)
            self.by_name.setdefault(key, []).append(mid)

    def add(self, member: Mapping[str, Any]) -> None:
        """Make a member added during an import findable by the rows after it."""
        self._index(member, len(self._order) + 1)

    def name_of(self, member_id: str) -> str:
        return str(self.ids.get(member_id, {}).get("name") or "")

    # ------------------------------------------------------------ the same person
    def same_person(self, name: str | None = None, email: str | None = None,
                    member_id: str | None = None, *, part: bool = False) -> Match:
        """The member who *is* this person by the rules in the module notes, or why not:
        kind "ambiguous" (two fit), or "none" with any same-name members as possible."""
        if member_id and member_id in self.ids:
            return Match("id", member_id, [member_id], 100.0)
        key_email = email_key(email)
        if key_email:
            found = self.by_email.get(key_email, [])
            if len(found) == 1:
                return Match("email", found[0], found, 100.0)
            if len(found) > 1:
                return Match("ambiguous", None, sorted(found), 100.0)
        key = name_key(name or "")
        if not key:
            return Match("none")
        same = self.by_name.get(key, [])
        fits = [m for m in same if not key_email or not self._email[m]]
        possible = [Possible(m, self.name_of(m), _SAME_NAME) for m in same if m not in fits]
        if len(fits) == 1:
            return Match("name", fits[0], fits, 100.0, possible)
        if len(fits) > 1:
            return Match("ambiguous", None, sorted(fits), 100.0)
        if part:  # one member only, and not one with another email
            longer = self._part_ids(key, longer=True)
            if len(longer) == 1 and not (key_email and self._email[longer[0]]):
                return Match("part", longer[0], longer, 100.0, possible)
        return Match("none", possible=possible)

    def match(self, name: str | None = None, email: str | None = None,
              member_id: str | None = None) -> Match:
        """A person named on the command line or at a prompt: an id, an email, ``Name
        <email>``, a name, part of one (as :meth:`same_person` for attendance), or words only
        one member's name has; a similar name or a fragment is only kind "possible"."""
        if member_id and member_id in self.ids:
            return Match("id", member_id, [member_id], 100.0)
        text = (name or "").strip()
        if text in self.ids:
            return Match("id", text, [text], 100.0)
        if email is None:
            text, email = split_person(text)
        found = self.same_person(text, email, part=True)
        if found.kind != "none":
            return found
        key = name_key(text)
        hits = [] if email else self._word_ids(key)  # another email: never a name's match
        if len(hits) == 1:
            return Match("part", hits[0], hits, 100.0)
        if hits:
            return Match("ambiguous", None, hits, 100.0)
        possible = found.possible + [Possible(m, self.name_of(m), _SIMILAR, score)
                                     for k, score in self._close_keys(key)
                                     for m in self.by_name[k]]
        if len(key) >= 3 and not email:  # a fragment is only ever suggested
            possible += [Possible(m, self.name_of(m), _PART)
                         for m in self.fragment_ids(key)[:MAX_POSSIBLE]]
        unique: dict[str, Possible] = {}
        for p in possible:
            unique.setdefault(p.member_id, p)
        possible = list(unique.values())
        if possible:
            return Match("possible", None, sorted(p.member_id for p in possible),
                         possible[0].score, possible[:MAX_POSSIBLE])
        return Match("none")

    def _word_ids(self, key: str) -> list[str]:
        """Members whose name holds every word of ``key`` as a whole word."""
        words = set(key.split())
        if not words:
            return []
        keys = set.intersection(*(self._words.get(w, set()) for w in words))
        return sorted({m for k in keys for m in self.by_name.get(k, ())})

    def fragment_ids(self, key: str) -> list[str]:
        """Members whose folded name or id holds every word of ``key`` within its words
        (never a match by itself: a fragment is suggested, or chosen from at a prompt)."""
        words = key.split()
        if not words:
            return []
        return sorted(mid for mid, m in self.ids.items()
                      if all(w in f"{fold(str(m.get('name') or ''))} {mid}" for w in words))

    # ------------------------------------------------------------ possibly the same
    def _part_ids(self, key: str, *, longer: bool) -> list[str]:
        """Members whose name holds every word of ``key`` and more (``longer``), or whose
        name's words are all in ``key`` and fewer; two words at least on each side."""
        words = key.split()
        if len(words) < 2:
            return []
        if longer:
            sets = sorted((self._words.get(w, set()) for w in set(words)), key=len)
            keys = set.intersection(*sets) - {key} if sets[0] else set()
        else:
            keys = {" ".join(c) for n in range(2, min(len(words), 7))
                    for c in itertools.combinations(words, n)} - {key}
        return sorted({m for k in keys for m in self.by_name.get(k, ())})

    def _close_keys(self, key: str) -> list[tuple[str, float]]:
        """Known name keys similar to ``key`` (one name: no numpy needed)."""
        if not key or not self.by_name:
            return []
        from rapidfuzz import fuzz, process

        found = process.extract(key, list(self.by_name), scorer=fuzz.ratio, limit=None,
                                score_cutoff=FUZZY_CUTOFF)
        return [(k, float(s)) for k, s, _ in found
                if k != key and _DIGITS.findall(k) == _DIGITS.findall(key)]

    def possible(self, name: str, email: str | None = None, member_id: str | None = None,
                 similar: Sequence[Possible] = ()) -> list[Possible]:
        """Every member who may be this person (none of whom *is*, by the rules): the same
        name with another email, part of the name either way, then ``similar`` (from
        :meth:`similar`); only members indexed before ``member_id`` when it is given."""
        key = name_key(name)
        before = self._order.get(member_id or "", len(self._order) + 1)
        out: dict[str, Possible] = {}
        mine = email_key(email)
        for m in self.by_name.get(key, []):
            if m != member_id and self._order[m] < before and mine and \
                    self._email[m] not in ("", mine):
                out.setdefault(m, Possible(m, self.name_of(m), _SAME_NAME))
        for m in self._part_ids(key, longer=True) + self._part_ids(key, longer=False):
            if m != member_id and self._order[m] < before:
                out.setdefault(m, Possible(m, self.name_of(m), _PART))
        for p in similar:
            out.setdefault(p.member_id, p)
        return list(out.values())[:MAX_POSSIBLE]

    def similar(self, people: Sequence[tuple[str, str | None]]) -> list[list[Possible]]:
        """For each (name, member id it was added under, or None), the members with a
        similar name indexed before it, the closest first: one indexed pass for all. Two
        names are compared when they share a *block* (:func:`_blocks`)."""
        keys = [name_key(n) for n, _ in people]
        before = [self._order.get(mid or "", len(self._order) + 1) for _, mid in people]
        rows: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            for block in _blocks(key):
                rows.setdefault(block, []).append(i)
        known: dict[str, list[str]] = {}
        for key in self.by_name:
            for block in _blocks(key):
                if block in rows:
                    known.setdefault(block, []).append(key)
        first = {k: min(self._order[m] for m in self.by_name[k])
                 for k in {k for ks in known.values() for k in ks}}
        found: dict[int, dict[str, float]] = {}
        for block, these in rows.items():
            if block in known:
                self._compare(these, keys, before, known[block], first, found)
        out: list[list[Possible]] = [[] for _ in people]
        for i, close in found.items():
            out[i] = sorted((Possible(m, self.name_of(m), _SIMILAR, score)
                             for k, score in close.items() for m in self.by_name[k]
                             if self._order[m] < before[i]),
                            key=lambda p: (-p.score, p.member_id))[:MAX_POSSIBLE]
        return out

    def _compare(self, rows: list[int], keys: list[str], before: list[int],
                 choices: list[str], first: dict[str, int],
                 found: dict[int, dict[str, float]]) -> None:
        """Compare the names of ``rows`` with ``choices`` (rapidfuzz ``cdist``, a chunk of
        rows at a time, each with the names indexed before its last row: a triangle, not
        the whole square, when a file is compared with itself); record the similar ones."""
        import numpy as np
        from rapidfuzz import fuzz, process

        choices = sorted(choices, key=first.__getitem__)
        firsts = [first[k] for k in choices]
        rows = sorted(rows, key=before.__getitem__)
        for start in range(0, len(rows), _CHUNK):
            chunk = rows[start:start + _CHUNK]
            limit = bisect.bisect_left(firsts, max(before[i] for i in chunk))
            if not limit:
                continue
            scores = process.cdist([keys[i] for i in chunk], choices[:limit],
                                   scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF,
                                   dtype=np.uint8, workers=-1)
            for r, c in zip(*np.nonzero(scores), strict=True):
                i, choice = chunk[int(r)], choices[int(c)]
                if choice != keys[i]:  # the same name is not "similar": see possible()
                    found.setdefault(i, {})[choice] = float(scores[r, c])


def _blocks(key: str) -> set[str]:
    """The blocks of a name key: the first and the last three letters of each word (a
    shorter word whole), each with the numbers of the name. Two names at least
    :data:`FUZZY_CUTOFF` alike differ by a few letters, so they share a block unless every
    word of theirs is changed at both ends; names with other numbers share none."""
    digits = " ".join(_DIGITS.findall(key))
    out: set[str] = set()
    for word in key.split():
        if not word.isdigit():
            out.update((f"{digits}<{word[:3]}", f"{digits}>{word[-3:]}"))
    return out or {f"{digits}#"}


# ---------------------------------------------------------------- the one resolver
def resolve(index: PeopleIndex, text: str, flag: str = "", otherwise: str = ADD_HINT) -> str:
    """The member id for a person named on the command line or at a prompt (``flag`` names
    where: ``--owner``; empty for a command's argument), or the error every command gives."""
    match = index.match(name=text)
    if match.member_id is not None:
        return match.member_id
    raise error_for(index, text, match, flag, otherwise)


def error_for(index: PeopleIndex, text: str, match: Match, flag: str = "",
              otherwise: str = ADD_HINT) -> RecordError:
    """Why ``text`` names no one member: candidates listed, or the closest members."""
    if match.kind == "ambiguous":
        return ambiguous_error(text, match.candidates, flag)
    return unknown_error(index, text, match, flag, otherwise)


def _said(text: str, flag: str) -> str:
    from copkit.text import printable

    return f"{flag}: '{printable(text.strip())}'" if flag else f"'{printable(text.strip())}'"


def ambiguous_error(text: str, candidates: Sequence[str], flag: str = "") -> RecordError:
    more = len(candidates) - MAX_LISTED
    return RecordError(f"{_said(text, flag)} matches more than one member: "
                       + ", ".join(candidates[:MAX_LISTED])
                       + (f" and {more} more" if more > 0 else ""), AMBIGUOUS_HINT)


def unknown_error(index: PeopleIndex, text: str, match: Match, flag: str = "",
                  otherwise: str = ADD_HINT) -> RecordError:
    """'X' is not a member, with the closest members (similar names, else a close id)."""
    return RecordError(f"{_said(text, flag)} is not a member",
                       closest_hint(index, text, match, otherwise))


def closest_hint(index: PeopleIndex, text: str, match: Match, otherwise: str = ADD_HINT) -> str:
    """The members closest to ``text`` (a similar name, else the closest name or id), then
    ``otherwise`` (how to add someone new)."""
    if match.possible:
        return (f"did you mean {describe_all(match.possible)}? name them by member id if so; "
                + otherwise)
    from copkit.model.validation import did_you_mean

    name, _ = split_person(text)
    key = did_you_mean(name_key(name), list(index.by_name)) if name_key(name) else None
    guess = index.by_name[key][0] if key else \
        did_you_mean(name.strip(), sorted(index.ids)) if name.strip() else None
    return f"did you mean '{guess}'? if not, {otherwise}" if guess else otherwise
