"""The reference and duplicate-id findings of `copkit check`, collected for one CoP
(:class:`Refs`), and the ids a file's list holds as written (:func:`raw_ids`): shared by the
checks of the records (copkit.checks.content) and of organisations.yaml
(copkit.checks.organisations)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from copkit.model.findings import Finding
from copkit.model.load import Cop, did_you_mean


class Refs:
    """Collects reference and duplicate findings for one CoP."""

    def __init__(self, cop: Cop) -> None:
        self.cop = cop
        self.out: list[Finding] = []
        ids = cop.known_ids
        self.members = ids.get("members", set())
        self.topics = ids.get("topics", set())
        self.groups = ids.get("groups", set())
        self.goals = ids.get("goals", set())
        self.practices = ids.get("practices", set())
        self._indexes: dict[tuple[str, str], dict[str, int]] = {}
        # references into a pool whose file could not be read: counted, not reported
        self.unchecked: dict[str, int] = {}
        # "did you mean" once per (kind, wrong id): a renamed member is referred to from many
        # meetings, and each guess scans every id of the pool
        self._guesses: dict[tuple[str, str], str | None] = {}

    def idx(self, relpath: str, key: str, item_id: str) -> int:
        """The index of a record in its file's list (valid records may be fewer than raw)."""
        table = self._indexes.get((relpath, key))
        if table is None:
            table = {}
            for i, rid in enumerate(raw_ids(self.cop, relpath, key)):
                table.setdefault(rid, i)
            self._indexes[(relpath, key)] = table
        return table.get(item_id, 0)

    def ref(self, value: str | None, pool: set[str], what: str, relpath: str,
            loc: Sequence[Any]) -> None:
        if value is None or value in pool:
            return
        kind = _POOL_OF.get(what)
        if kind is not None and kind in self.cop.unread:
            self.unchecked[kind] = self.unchecked.get(kind, 0) + 1
            return
        guess = self.guess(value, pool, what)
        if guess:
            hint = f"did you mean '{guess}'?"
        elif what == "member":
            hint = "add the person to members.yaml first (copkit member add), or fix the id"
        else:
            hint = f"no {what} has this id; check the spelling or add the {what}"
        self.out.append(self.cop.finding(
            "bad-reference", f"unknown {what} id '{value}'", relpath, loc, hint))

    def guess(self, value: str, pool: set[str], what: str) -> str | None:
        key = (what, value)
        if key not in self._guesses:
            self._guesses[key] = did_you_mean(value, pool) if pool else None
        return self._guesses[key]

    def refs(self, values: Iterable[str], pool: set[str], what: str, relpath: str,
             loc: Sequence[Any]) -> None:
        for i, value in enumerate(values):
            self.ref(value, pool, what, relpath, [*loc, i])

    def duplicates(self, values: Sequence[str], what: str, relpath: str, key: str) -> None:
        first: dict[str, int] = {}
        for i, value in enumerate(values):
            if value in first:
                line, _ = self.cop.where(relpath, [key, first[value], "id"])
                self.out.append(self.cop.finding(
                    "duplicate-id", f"the {what} id '{value}' is used twice", relpath,
                    [key, i, "id"], f"the first one is at line {line}; give this one another id"))
            else:
                first[value] = i

    def summaries(self) -> None:
        """One line per pool whose references were skipped because its file is unreadable."""
        for kind, count in sorted(self.unchecked.items()):
            relpath, why = self.cop.unread[kind]
            words = _POOL_WORDS[kind]
            self.out.append(Finding(
                "references-not-checked",
                f"references to {words} not checked: {relpath} {why} "
                f"({count} reference{'s' if count != 1 else ''} skipped)",
                relpath, 0, 0,
                f"fix {relpath} first; copkit check then checks every reference to its "
                f"{words}", "warning"))


# what a reference names -> its pool of ids (see Cop.unread), and that pool in words
_POOL_OF = {"member": "members", "goal": "goals", "topic": "topics",
            "thematic group": "groups"}
_POOL_WORDS = {"members": "members", "goals": "goals", "topics": "topics",
               "groups": "thematic groups"}


def raw_ids(cop: Cop, relpath: str, key: str) -> list[str]:
    sm = cop.sources.get(relpath)
    if sm is None or not isinstance(sm.data, dict) or not isinstance(sm.data.get(key), list):
        return []
    out: list[str] = []
    for item in sm.data[key]:
        value = item.get("id") if isinstance(item, dict) else None
        out.append(value if isinstance(value, str) else "")
    return out
