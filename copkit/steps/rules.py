"""Planning templates as data, and where a CoP stands on each step.

A template (``templates/plans/NAME.yaml``, shipped or in the CoP's own ``templates/plans/``
folder, chosen by ``plan.yaml``'s ``template:``) lists steps; each step has a *rule*, written in
a small declarative language, that says when the step is done. The rules are checked when the
template is read (a malformed rule is a finding with ``path:line:col``) and compiled into small
objects (this module) that are evaluated on a loaded :class:`copkit.model.load.Cop`:

=============================================  ================================================
``{set: PATH}``                                the field holds something (not empty)
``{count: LIST, where: COND, at_least: N}``    at least N items (matching COND)
``{all: LIST, where: COND, has: F}``           every item matching COND has field F
``{all: LIST, where: COND, has_any: [F, G]}``  ... has F or G
``{recent: [PATH...], within: CYCLE}``         the latest of those dates is within the cycle
``{equals: PATH, value: V}``                   the field holds V
``{all_of: [RULE...]}``, ``{any_of: [...]}``   combinations
=============================================  ================================================

``LIST`` is a collection of records (``members``, ``topics``, ``thematic_groups``,
``activities``, ``goals``, ``meetings``, ``practices``, ``stories``, ``surveys``) or a list
field (``charter.ground_rules``). ``COND`` is a mapping whose keys all must hold: ``current``,
``has_role``, ``roles_other_than``, ``has``, ``has_any``, ``lacks``, ``is``, ``is_not``.

A step is *done* when its rule holds, *partial* when some of it holds, *to do* otherwise, and
*n/a* when its ``when:`` rule does not hold. What is missing is said as file and field.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as _dt
import typing
from dataclasses import dataclass
from typing import Any

from copkit.steps.conditions import Cond, empty, has_field, same
from copkit.steps.fields import field_words
from copkit.steps.terms import COLLECTIONS, CYCLE_MONTHS, PATH_ROOTS, Status

if typing.TYPE_CHECKING:
    from copkit.steps.evaluator import Evaluator


@dataclass
class Missing:
    """Something a step still needs, as file and field (and a position for findings)."""

    file: str
    field: str
    text: str
    loc: list[Any] = dataclasses.field(default_factory=list)
    records: list[str] = dataclasses.field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "field": self.field, "text": self.text,
                "records": self.records}


@dataclass
class Result:
    status: Status
    missing: list[Missing] = dataclasses.field(default_factory=list)
    progress: bool = False  # something real holds (a vacuous "all" does not count)

class Rule:
    """A compiled rule. ``evaluate`` returns a :class:`Result`."""

    def evaluate(self, ev: Evaluator) -> Result:  # pragma: no cover - abstract
        raise NotImplementedError

    def files(self) -> set[str]:
        return set()


@dataclass
class SetRule(Rule):
    path: str

    def evaluate(self, ev: Evaluator) -> Result:
        values = ev.values(self.path)
        if values and not all(empty(v) for v in values):
            return Result("done", progress=True)
        file = PATH_ROOTS[self.path.split(".")[0]]
        fld = field_words(self.path)
        return Result("todo", [Missing(file, fld, f"{file}: {fld} is empty",
                                       fld.split("."))])

    def files(self) -> set[str]:
        return {PATH_ROOTS[self.path.split(".")[0]]}


@dataclass
class EqualsRule(Rule):
    path: str
    value: Any

    def evaluate(self, ev: Evaluator) -> Result:
        values = ev.values(self.path)
        if any(same(v, self.value) for v in values):
            return Result("done", progress=True)
        file = PATH_ROOTS[self.path.split(".")[0]]
        fld = field_words(self.path)
        return Result("todo", [Missing(file, fld, f"{file}: {fld} is not {self.value}",
                                       fld.split("."))])

    def files(self) -> set[str]:
        return {PATH_ROOTS[self.path.split(".")[0]]}


@dataclass
class CountRule(Rule):
    collection: str
    where: Cond | None
    at_least: int

    def evaluate(self, ev: Evaluator) -> Result:
        n = len(ev.items(self.collection, self.where))
        if n >= self.at_least:
            return Result("done", progress=n > 0)
        file, key, noun, plural = ev.describe(self.collection)
        before, after = self.where.words() if self.where else ("", "")
        what = " ".join(w for w in (before, plural if self.at_least != 1 else noun, after) if w)
        need = f"at least {self.at_least} {what}" if self.at_least != 1 else \
            f"at least one {what}"
        text = f"{file}: {need} needed (now {n})"
        missing = Missing(file, key, text, key.split(".") if key else [])
        return Result("partial" if n else "todo", [missing], progress=n > 0)

    def files(self) -> set[str]:
        return {file_of(self.collection)}


# a field said as another in the words people read: members.yaml keeps a member's email as its
# keyed hash when the contacts are kept out of git (contacts.yaml), so "no email or phone"
_SAID_AS = {"email_hash": "email"}


@dataclass
class AllRule(Rule):
    collection: str
    where: Cond | None
    has: tuple[str, ...]
    has_any: tuple[str, ...]

    def evaluate(self, ev: Evaluator) -> Result:
        items = ev.items(self.collection, self.where)
        if not items:
            return Result("done", progress=False)
        failing = [(rid, index) for rid, obj, index in items
                   if not (all(has_field(obj, f) for f in self.has)
                           and (not self.has_any or any(has_field(obj, f)
                                                        for f in self.has_any)))]
        if not failing:
            return Result("done", progress=True)
        file, key, noun, plural = ev.describe(self.collection)
        before, after = self.where.words() if self.where else ("", "")
        needs = " and ".join(self.has) if self.has else ""
        said = needs
        if self.has_any:
            needs = (needs + " and " if needs else "") + " or ".join(self.has_any)
            said = (said + " and " if said else "") + " or ".join(
                dict.fromkeys(_SAID_AS.get(f, f) for f in self.has_any))
        n, k = len(items), len(failing)
        what = " ".join(w for w in (before, plural if n != 1 else noun, after) if w)
        ids = [rid for rid, _ in failing]
        shown = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
        verb = "has" if k == 1 else "have"
        text = f"{file}: {k} of {n} {what} {verb} no {said}: {shown}"
        first = ev.loc(self.collection, *failing[0])
        target = (self.has or self.has_any)[0]
        fld = f"{key}[].{needs.replace(' or ', '|').replace(' and ', '+')}" if key else needs
        missing = Missing(file if key else record_file(self.collection, ids[0]), fld, text,
                          [*first, target], ids)
        status: Status = "todo" if k == n else "partial"
        return Result(status, [missing], progress=k < n)

    def files(self) -> set[str]:
        return {file_of(self.collection)}


def file_of(collection: str) -> str:
    if collection in COLLECTIONS:
        return COLLECTIONS[collection][0]
    return PATH_ROOTS[collection.split(".")[0]]


def record_file(collection: str, record_id: str) -> str:
    return f"{COLLECTIONS[collection][0]}{record_id}.yaml"


@dataclass
class RecentRule(Rule):
    paths: list[str]
    within: str          # a frequency word, or a path to one

    def evaluate(self, ev: Evaluator) -> Result:
        dates = [v for p in self.paths for v in ev.values(p) if isinstance(v, _dt.date)]
        cycle = self.within
        if "." in cycle:
            found = [v for v in ev.values(cycle) if isinstance(v, str)]
            cycle = found[0] if found else "annual"
        first = self.paths[0]
        file = PATH_ROOTS[first.split(".")[0]]
        fld = field_words(first)
        if not dates:
            return Result("todo", [Missing(file, fld, f"{file}: {fld} is empty: no review "
                                           "recorded yet", fld.split("."))])
        latest = max(dates)
        due = cycle_due(latest, cycle)
        if ev.today <= due:
            return Result("done", progress=True)
        late = (ev.today - due).days
        text = (f"{file}: the last review ({latest.isoformat()}) is older than the {cycle} "
                f"cycle: it was due on {due.isoformat()} ({late} days ago)")
        return Result("partial", [Missing(file, fld, text, fld.split("."))], progress=True)

    def files(self) -> set[str]:
        return {PATH_ROOTS[p.split(".")[0]] for p in self.paths}


def cycle_due(latest: _dt.date, cycle: str) -> _dt.date:
    """When the next review is due after one on ``latest``."""
    months = CYCLE_MONTHS.get(cycle, 12)
    if months < 0:
        return latest + _dt.timedelta(days=-months)
    year, month = divmod(latest.month - 1 + months, 12)
    year += latest.year
    month += 1

    day = min(latest.day, calendar.monthrange(year, month)[1])
    return _dt.date(year, month, day)


@dataclass
class AllOf(Rule):
    parts: list[Rule]

    def evaluate(self, ev: Evaluator) -> Result:
        results = [p.evaluate(ev) for p in self.parts]
        missing = [m for r in results if r.status != "done" for m in r.missing]
        progress = any(r.progress or r.status == "partial" for r in results)
        if all(r.status == "done" for r in results):
            return Result("done", [], progress)
        return Result("partial" if progress else "todo", missing, progress)

    def files(self) -> set[str]:
        return set().union(*(p.files() for p in self.parts)) if self.parts else set()


@dataclass
class AnyOf(Rule):
    parts: list[Rule]

    def evaluate(self, ev: Evaluator) -> Result:
        results = [p.evaluate(ev) for p in self.parts]
        if any(r.status == "done" for r in results):
            return Result("done", [], True)
        progress = any(r.progress or r.status == "partial" for r in results)
        best = next((r for r in results if r.status == "partial"), results[0] if results
                    else Result("todo"))
        return Result("partial" if progress else "todo", best.missing, progress)

    def files(self) -> set[str]:
        return set().union(*(p.files() for p in self.parts)) if self.parts else set()
