"""Reading values and record lists from a loaded CoP for the rules."""

from __future__ import annotations

import datetime as _dt
import typing
from collections.abc import Sequence
from typing import Any

from copkit.steps.conditions import Cond, empty
from copkit.steps.fields import field_words
from copkit.steps.terms import COLLECTIONS, PATH_ROOTS

if typing.TYPE_CHECKING:
    from copkit.model.load import Cop


class Evaluator:
    """Reads values and record lists from a loaded CoP for the rules."""

    def __init__(self, cop: Cop, today: _dt.date) -> None:
        self.cop = cop
        self.today = today
        self._idx: dict[tuple[str, str], dict[str, int]] = {}
        self._items: dict[tuple[str, str], list[tuple[str, Any, int]]] = {}

    def values(self, path: str) -> list[Any]:
        """The values at a dotted path; a list crossed on the way is mapped over its items,
        so ``charter.review.log.date`` gives every logged date."""
        parts = path.split(".")
        root: Any = self.cop.charter if parts[0] == "charter" else self.cop.plan
        if root is None:
            return []
        nodes = [root]
        for pos, part in enumerate(parts[1:], start=2):
            nxt: list[Any] = []
            for node in nodes:
                value = getattr(node, part, None)
                if isinstance(value, list) and pos < len(parts):
                    nxt.extend(value)
                else:
                    nxt.append(value)
            nodes = nxt
        return nodes

    def describe(self, collection: str) -> tuple[str, str, str, str]:
        """(file, key or field in it, noun, plural) of a collection."""
        if collection in COLLECTIONS:
            return COLLECTIONS[collection]
        file = PATH_ROOTS[collection.split(".")[0]]
        fld = field_words(collection)
        last = fld.split(".")[-1].replace("_", " ")
        noun = last[:-1] if last.endswith("s") else last
        return file, fld, noun, last

    def _raw_index(self, relpath: str, key: str, record_id: str) -> int:
        table = self._idx.get((relpath, key))
        if table is None:
            table = {}
            sm = self.cop.sources.get(relpath)
            data = sm.data.get(key) if sm is not None and isinstance(sm.data, dict) else None
            for i, item in enumerate(data if isinstance(data, list) else []):
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    table.setdefault(item["id"], i)
            self._idx[(relpath, key)] = table
        return table.get(record_id, 0)

    def items(self, collection: str, where: Cond | None) -> list[tuple[str, Any, int]]:
        """(id, record, index) of the records matching ``where`` (:meth:`loc` says where one
        is in its file). Found once per collection and condition: rules of several steps
        often ask the same (current members, say)."""
        memo = (collection, repr(where))
        found = self._items.get(memo)
        if found is None:
            found = self._items[memo] = self._matching(collection, where)
        return found

    def _matching(self, collection: str, where: Cond | None) -> list[tuple[str, Any, int]]:
        cop = self.cop
        if collection not in COLLECTIONS:
            values = self.values(collection)
            flat = values[0] if len(values) == 1 and isinstance(values[0], list) else values
            return [(str(v), v, i) for i, v in enumerate(flat or []) if not empty(v)]
        records: Sequence[Any]
        if collection == "members":
            records = cop.members
        elif collection == "topics":
            records = cop.agenda.topics
        elif collection == "thematic_groups":
            records = cop.agenda.thematic_groups
        elif collection == "activities":
            records = cop.activities
        elif collection == "goals":
            records = cop.charter.goals if cop.charter else []
        else:
            records = getattr(cop, collection)
        if where is None:
            return [(str(obj.id), obj, -1) for obj in records]
        holds, today = where.holds, self.today
        return [(str(obj.id), obj, -1) for obj in records if holds(obj, today)]

    def loc(self, collection: str, record_id: str, index: int) -> list[Any]:
        """Where an item of :meth:`items` is in its file: ``[key, index in the file's
        list]`` for a record of members.yaml and the like, ``[]`` for a record file of its own,
        the field's path and index for a value of a list field."""
        if collection not in COLLECTIONS:
            return [*field_words(collection).split("."), index]
        file, key, _, _ = COLLECTIONS[collection]
        return [key, self._raw_index(file, key, record_id)] if key else []
