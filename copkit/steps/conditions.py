"""A rule's ``where:`` condition on a record, and whether a record has a field."""

from __future__ import annotations

import dataclasses
import datetime as _dt
from dataclasses import dataclass
from typing import Any


def empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, dict, set)):
        return len(value) == 0
    return False


def same(actual: Any, expected: Any) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return actual is expected or (actual == expected and type(actual) is type(expected))
    if actual is None or expected is None:
        return actual is expected
    return str(actual) == str(expected)


@dataclass
class Cond:
    current: bool | None = None
    has_role: tuple[str, ...] = ()
    roles_other_than: tuple[str, ...] = ()
    has: tuple[str, ...] = ()
    has_any: tuple[str, ...] = ()
    lacks: tuple[str, ...] = ()
    is_: dict[str, Any] = dataclasses.field(default_factory=dict)
    is_not: dict[str, Any] = dataclasses.field(default_factory=dict)

    def holds(self, obj: Any, today: _dt.date) -> bool:
        # each part only when the condition has it: this runs for every record of a
        # collection (126,000 members on a members.yaml at copkit's size limit)
        if self.current is not None:
            left = getattr(obj, "left", None)
            current = left is None or left > today
            if current != self.current:
                return False
        if self.has_role or self.roles_other_than:
            roles = getattr(obj, "roles", None) or []
            if self.has_role and not any(r in roles for r in self.has_role):
                return False
            if self.roles_other_than and not any(r not in self.roles_other_than
                                                 for r in roles):
                return False
        if self.has and not all(has_field(obj, f) for f in self.has):
            return False
        if self.has_any and not any(has_field(obj, f) for f in self.has_any):
            return False
        if self.lacks and any(has_field(obj, f) for f in self.lacks):
            return False
        if self.is_ and any(not same(getattr(obj, k, None), v) for k, v in self.is_.items()):
            return False
        return not (self.is_not and any(same(getattr(obj, k, None), v)
                                        for k, v in self.is_not.items()))

    def words(self) -> tuple[str, str]:
        """The condition as words before and after the noun: ('current', 'with the role
        facilitator')."""
        before: list[str] = []
        after: list[str] = []
        if self.current is True:
            before.append("current")
        elif self.current is False:
            before.append("former")
        if self.has_role:
            after.append("with the role " + " or ".join(self.has_role))
        if self.roles_other_than:
            after.append("with a role other than " + " or ".join(self.roles_other_than))
        for name in self.has:
            after.append(f"with {name}")
        if self.has_any:
            after.append("with " + " or ".join(self.has_any))
        for name in self.lacks:
            after.append(f"without {name}")
        for k, v in self.is_.items():
            after.append(f"with {k}: {_show(v)}")
        for k, v in self.is_not.items():
            after.append(f"with {k} other than {_show(v)}")
        return " ".join(before), " ".join(after)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def has_field(obj: Any, name: str) -> bool:
    """Whether a record was given a non-empty value for ``name`` (defaults do not count)."""
    fields_set = getattr(obj, "model_fields_set", None)
    if fields_set is not None and name not in fields_set:
        return False
    return not empty(getattr(obj, name, None))
