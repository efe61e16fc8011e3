"""Planning templates as data, and where a CoP stands on each step.

A template (``templates/plans/NAME.yaml``, shipped or in the CoP's own ``templates/plans/``
folder, chosen by ``plan.yaml``'s ``template:``) lists steps; each step has a *rule*, written in
a small declarative language, that says when the step is done. The rules are checked when the
template is read (a malformed rule is a finding with ``path:line:col``) and compiled into small
objects that are evaluated on a loaded :class:`copkit.repo.Cop`:

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

Importing this module registers :func:`advise` in :data:`copkit.checks.ADVISORS`, so that
``copkit check`` warns about steps not done, deadlines passed and an overdue review.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from copkit.errors import RecordError
from copkit.findings import Finding, sort_findings
from copkit.yamlread import SourceMap, YamlProblem, parse

if typing.TYPE_CHECKING:
    from copkit.repo import Cop

DEFAULT_TEMPLATE = "fcm-nine-steps"
CUSTOM_DIR = "templates/plans"

Status = Literal["done", "partial", "todo", "n/a"]
STATUS_WORDS = {"done": "done", "partial": "partial", "todo": "to do", "n/a": "n/a"}

# How long a review stays fresh, in months (weeks for the short cycles: negative numbers).
CYCLE_MONTHS = {"weekly": -7, "fortnightly": -14, "monthly": 1, "bimonthly": 2,
                "quarterly": 3, "biannual": 6, "annual": 12}

# Collections of records a rule may count or check: name -> (file, key in file, noun, plural)
COLLECTIONS: dict[str, tuple[str, str, str, str]] = {
    "members": ("members.yaml", "members", "member", "members"),
    "topics": ("learning-agenda.yaml", "topics", "topic", "topics"),
    "thematic_groups": ("learning-agenda.yaml", "thematic_groups", "thematic group",
                        "thematic groups"),
    "activities": ("activities.yaml", "activities", "activity", "activities"),
    "goals": ("charter.yaml", "goals", "goal", "goals"),
    "meetings": ("meetings/", "", "meeting", "meetings"),
    "practices": ("practices/", "", "practice", "practices"),
    "stories": ("stories/", "", "story", "stories"),
    "surveys": ("surveys/", "", "survey", "surveys"),
}
PATH_ROOTS = {"charter": "charter.yaml", "plan": "plan.yaml"}
RULE_KEYS = ("set", "count", "all", "recent", "equals", "all_of", "any_of")
COND_KEYS = ("current", "has_role", "roles_other_than", "has", "has_any", "lacks", "is",
             "is_not")
ASKERS = ("members", "facilitator", "roles", "topics", "activities", "meeting", "review")
FIELD_HOWS = ("text", "lines", "words", "choice")


def plural(n: int, word: str, words: str | None = None) -> str:
    """'1 member', '2 members' ('1 activity', '3 activities' with ``words``)."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def article(word: str) -> str:
    """'a monthly', 'an annual'."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


# ================================================================ the template, as data
def _models() -> Any:
    """The pydantic models of a template file (built on first use: pydantic is heavy)."""
    global _MODELS
    if _MODELS is not None:
        return _MODELS
    from pydantic import BaseModel, ConfigDict, Field

    from copkit.schemas import Text

    class _M(BaseModel):
        model_config = ConfigDict(extra="forbid")

    class FieldAsk(_M):
        field: Text
        how: Literal["text", "lines", "words", "choice"] | None = None
        prompt: Text | None = None
        label: Text | None = None
        examples: list[Text] = Field(default_factory=list)

    class Framing(_M):
        title: Text = "What the community is about"
        guidance: Text | None = None
        fields: list[FieldAsk] = Field(default_factory=list)

    class TemplateStep(_M):
        step: int = Field(ge=1)
        title: Text
        short: Text | None = None
        guidance: Text | None = None
        questions: list[Text] = Field(default_factory=list)
        fills: list[Text] = Field(default_factory=list)
        asks: list[Text | FieldAsk] = Field(default_factory=list)
        how: Text | None = None
        rule: Any
        when: Any = None

    class TemplateFile(_M):
        id: Text
        title: Text
        source: Text | None = None
        framing: Framing | None = None
        steps: list[TemplateStep]

    _MODELS = (TemplateFile, TemplateStep, FieldAsk, Framing)
    return _MODELS


_MODELS: Any = None


@dataclass
class Ask:
    """One thing the wizard asks: a named asker (``members``...) or a charter field."""

    asker: str | None = None          # members, facilitator, roles, topics, ...
    field: str | None = None          # charter.ways_of_working.channels
    how: str = "text"                 # text, lines, words, choice
    prompt: str | None = None
    label: str | None = None
    examples: list[str] = dataclasses.field(default_factory=list)
    choices: list[str] = dataclasses.field(default_factory=list)

    @property
    def name(self) -> str:
        return self.asker or self.field or "?"


@dataclass
class Step:
    number: int
    title: str
    short: str
    guidance: str
    questions: list[str]
    fills: list[str]
    asks: list[Ask]
    how: str
    rule: Rule
    when: Rule | None = None

    @property
    def label(self) -> str:
        return f"step {self.number} ({self.short})"


@dataclass
class Template:
    id: str
    title: str
    source: str
    framing_title: str
    framing_guidance: str
    framing: list[Ask]
    steps: list[Step]
    path: str  # where it was read from, as shown to the user

    def step(self, number: int) -> Step | None:
        return next((s for s in self.steps if s.number == number), None)

    @property
    def numbers(self) -> list[int]:
        return [s.number for s in self.steps]

    def files(self) -> set[str]:
        """The CoP files its rules read (so a status can load only those)."""
        out = {"charter.yaml", "members.yaml", "plan.yaml"}
        for s in self.steps:
            for rule in (s.rule, s.when):
                if rule is not None:
                    out |= rule.files()
        return out


# ================================================================ paths and types
def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(inner type, is a list) of a field annotation: Optional, Annotated and list removed."""
    is_list = False
    for _ in range(8):
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin is list:
            is_list = True
            annotation = args[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            rest = [a for a in args if a is not type(None)]
            annotation = rest[0] if len(rest) == 1 else rest
            if isinstance(annotation, list):
                return annotation, is_list
        else:
            break
    return annotation, is_list


def _is_model(tp: Any) -> bool:
    from pydantic import BaseModel

    return isinstance(tp, type) and issubclass(tp, BaseModel)


def literal_choices(tp: Any) -> list[str]:
    if typing.get_origin(tp) is Literal:
        return [str(a) for a in typing.get_args(tp)]
    return []


@dataclass
class FieldInfo:
    """What a dotted path names: its final type, whether a list is crossed or ends it."""

    type: Any
    is_list: bool        # the final field is a list
    through_list: bool   # a list was crossed on the way (values are mapped over items)


def describe_path(path: str) -> FieldInfo:
    """Check a dotted path (``charter.ways_of_working.channels``); raises ValueError with the
    reason (and a suggestion) when a part does not exist."""
    from copkit import schemas as s
    from copkit.repo import did_you_mean

    parts = path.split(".")
    roots = {"charter": s.Charter, "plan": s.PlanFile}
    if parts[0] not in roots:
        guess = did_you_mean(parts[0], list(roots))
        raise ValueError(f"'{path}' must start with charter. or plan."
                         + (f" (did you mean '{guess}'?)" if guess else ""))
    current: Any = roots[parts[0]]
    is_list = through = False
    for i, part in enumerate(parts[1:], start=1):
        if not _is_model(current):
            raise ValueError(f"'{'.'.join(parts[:i])}' has no fields, so '{path}' does not exist")
        fields = current.model_fields
        if part not in fields:
            guess = did_you_mean(part, list(fields))
            raise ValueError(f"'{'.'.join(parts[:i])}' has no field '{part}'"
                             + (f"; did you mean '{guess}'?" if guess else
                                "; fields: " + ", ".join(fields)))
        if is_list:
            through = True
        current, is_list = _unwrap(fields[part].annotation)
    return FieldInfo(current, is_list, through)


def item_model(collection: str) -> Any:
    from copkit import schemas as s

    return {"members": s.Member, "topics": s.Topic, "thematic_groups": s.ThematicGroup,
            "activities": s.Activity, "goals": s.Goal, "meetings": s.Meeting,
            "practices": s.Practice, "stories": s.Story, "surveys": s.Survey}[collection]


# ================================================================ rules
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


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, dict, set)):
        return len(value) == 0
    return False


def _field_words(path: str) -> str:
    return path.split(".", 1)[1] if "." in path else path


@dataclass
class SetRule(Rule):
    path: str

    def evaluate(self, ev: Evaluator) -> Result:
        values = ev.values(self.path)
        if values and not all(_empty(v) for v in values):
            return Result("done", progress=True)
        file = PATH_ROOTS[self.path.split(".")[0]]
        fld = _field_words(self.path)
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
        if any(_same(v, self.value) for v in values):
            return Result("done", progress=True)
        file = PATH_ROOTS[self.path.split(".")[0]]
        fld = _field_words(self.path)
        return Result("todo", [Missing(file, fld, f"{file}: {fld} is not {self.value}",
                                       fld.split("."))])

    def files(self) -> set[str]:
        return {PATH_ROOTS[self.path.split(".")[0]]}


def _same(actual: Any, expected: Any) -> bool:
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
        if self.is_ and any(not _same(getattr(obj, k, None), v) for k, v in self.is_.items()):
            return False
        return not (self.is_not and any(_same(getattr(obj, k, None), v)
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
    return not _empty(getattr(obj, name, None))


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
        return {_file_of(self.collection)}


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
        if self.has_any:
            needs = (needs + " and " if needs else "") + " or ".join(self.has_any)
        n, k = len(items), len(failing)
        what = " ".join(w for w in (before, plural if n != 1 else noun, after) if w)
        ids = [rid for rid, _ in failing]
        shown = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
        verb = "has" if k == 1 else "have"
        text = f"{file}: {k} of {n} {what} {verb} no {needs}: {shown}"
        first = ev.loc(self.collection, *failing[0])
        target = (self.has or self.has_any)[0]
        fld = f"{key}[].{needs.replace(' or ', '|').replace(' and ', '+')}" if key else needs
        missing = Missing(file if key else _record_file(self.collection, ids[0]), fld, text,
                          [*first, target], ids)
        status: Status = "todo" if k == n else "partial"
        return Result(status, [missing], progress=k < n)

    def files(self) -> set[str]:
        return {_file_of(self.collection)}


def _file_of(collection: str) -> str:
    if collection in COLLECTIONS:
        return COLLECTIONS[collection][0]
    return PATH_ROOTS[collection.split(".")[0]]


def _record_file(collection: str, record_id: str) -> str:
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
        fld = _field_words(first)
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
    import calendar

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


# ================================================================ evaluating on a CoP
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
        fld = _field_words(collection)
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
            return [(str(v), v, i) for i, v in enumerate(flat or []) if not _empty(v)]
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
            return [*_field_words(collection).split("."), index]
        file, key, _, _ = COLLECTIONS[collection]
        return [key, self._raw_index(file, key, record_id)] if key else []


# ================================================================ reading a template
class _Compiler:
    """Checks a template's rules and asks against the schemas and compiles them; every
    problem becomes a finding with the position of the offending key or value."""

    def __init__(self, sm: SourceMap, path: str) -> None:
        self.sm = sm
        self.path = path
        self.findings: list[Finding] = []

    def problem(self, loc: Sequence[Any], message: str, hint: str | None = None,
                key: bool = False, code: str = "bad-rule") -> None:
        line, col = self.sm.locate(list(loc), key=key)
        self.findings.append(Finding(code, message, self.path, line, col, hint))

    # ------------------------------------------------------------ rules
    def rule(self, node: Any, loc: list[Any]) -> Rule | None:
        if not isinstance(node, dict) or not node:
            self.problem(loc, "a rule must be a mapping such as {set: charter.knowledge_capture}",
                         "rules: " + ", ".join(RULE_KEYS))
            return None
        kinds = [k for k in node if k in RULE_KEYS]
        if len(kinds) != 1:
            unknown = [k for k in node if k not in RULE_KEYS]
            if not kinds and unknown:
                from copkit.repo import did_you_mean

                guess = did_you_mean(str(unknown[0]), RULE_KEYS + COND_KEYS + ("at_least",))
                self.problem([*loc, unknown[0]], f"unknown rule '{unknown[0]}'",
                             f"did you mean '{guess}'?" if guess else
                             "rules: " + ", ".join(RULE_KEYS), key=True)
            else:
                self.problem(loc, "a rule needs exactly one of " + ", ".join(RULE_KEYS)
                             + (f" (found {', '.join(kinds)})" if kinds else ""),
                             "split it with all_of: [...]")
            return None
        kind = kinds[0]
        allowed = {"set": ("set",), "equals": ("equals", "value"),
                   "count": ("count", "where", "at_least"),
                   "all": ("all", "where", "has", "has_any"),
                   "recent": ("recent", "within"), "all_of": ("all_of",),
                   "any_of": ("any_of",)}[kind]
        ok = True
        for k in node:
            if k not in allowed:
                self.problem([*loc, k], f"'{k}' does not belong in a '{kind}' rule",
                             f"a '{kind}' rule takes: " + ", ".join(allowed), key=True)
                ok = False
        method = getattr(self, f"_rule_{kind}")
        compiled: Rule | None = method(node, loc)
        return compiled if ok else None

    def _path(self, value: Any, loc: list[Any], want_list: bool | None = None) -> str | None:
        if not isinstance(value, str) or not value:
            self.problem(loc, "expected a field path such as charter.ways_of_working.channels")
            return None
        try:
            info = describe_path(value)
        except ValueError as exc:
            self.problem(loc, f"unknown field path: {exc}")
            return None
        if want_list is True and not (info.is_list or info.through_list):
            self.problem(loc, f"'{value}' is not a list, so it cannot be counted",
                         "count a list (charter.ground_rules) or use {set: ...}")
            return None
        return value

    def _rule_set(self, node: dict[str, Any], loc: list[Any]) -> Rule | None:
        path = self._path(node["set"], [*loc, "set"])
        return SetRule(path) if path else None

    def _rule_equals(self, node: dict[str, Any], loc: list[Any]) -> Rule | None:
        path = self._path(node["equals"], [*loc, "equals"])
        if "value" not in node:
            self.problem(loc, "an 'equals' rule needs a value", "add value: ...")
            return None
        return EqualsRule(path, node["value"]) if path else None

    def _collection(self, value: Any, loc: list[Any]) -> str | None:
        if isinstance(value, str) and value in COLLECTIONS:
            return value
        if isinstance(value, str) and "." in value:
            return self._path(value, loc, want_list=True)
        from copkit.repo import did_you_mean

        guess = did_you_mean(str(value), list(COLLECTIONS)) if isinstance(value, str) else None
        self.problem(loc, f"'{value}' is not something a rule can count",
                     f"did you mean '{guess}'?" if guess else
                     "use one of " + ", ".join(COLLECTIONS) + ", or a list field such as "
                     "charter.ground_rules")
        return None

    def _fields(self, collection: str, value: Any, loc: list[Any], many: bool
                ) -> tuple[str, ...] | None:
        names = value if isinstance(value, list) else [value]
        if not many and isinstance(value, list) and len(value) != 1:
            many = True
        if not names or not all(isinstance(n, str) and n for n in names):
            self.problem(loc, "expected a field name or a list of field names")
            return None
        if collection not in COLLECTIONS:
            self.problem(loc, f"'{collection}' holds plain values, which have no fields",
                         "use has/has_any/where only with members, topics, activities...")
            return None
        fields = item_model(collection).model_fields
        for i, name in enumerate(names):
            if name not in fields:
                from copkit.repo import did_you_mean

                guess = did_you_mean(name, list(fields))
                self.problem([*loc, i] if isinstance(value, list) else loc,
                             f"{collection} have no field '{name}'",
                             f"did you mean '{guess}'?" if guess else
                             "fields: " + ", ".join(fields))
                return None
        return tuple(names)

    def _cond(self, collection: str, node: Any, loc: list[Any]) -> Cond | None:
        from copkit import schemas as s
        from copkit.repo import did_you_mean

        if node is None:
            return None
        if not isinstance(node, dict) or not node:
            self.problem(loc, "'where' must be a mapping such as {current: true}",
                         "conditions: " + ", ".join(COND_KEYS))
            return None
        cond = Cond()
        roles = literal_choices(s.Role)
        model_fields = item_model(collection).model_fields if collection in COLLECTIONS \
            else {}
        ok = True
        for key, value in node.items():
            here = [*loc, key]
            if key not in COND_KEYS:
                guess = did_you_mean(str(key), COND_KEYS)
                self.problem(here, f"unknown condition '{key}'",
                             f"did you mean '{guess}'?" if guess else
                             "conditions: " + ", ".join(COND_KEYS), key=True)
                ok = False
                continue
            if collection not in COLLECTIONS:
                self.problem(here, f"'{collection}' holds plain values: 'where' cannot apply",
                             key=True)
                ok = False
                continue
            if key == "current":
                if not isinstance(value, bool):
                    self.problem(here, "current: expected true or false")
                    ok = False
                elif "left" not in model_fields:
                    self.problem(here, f"'current' applies to members, not {collection}",
                                 key=True)
                    ok = False
                else:
                    cond.current = value
            elif key in ("has_role", "roles_other_than"):
                if "roles" not in model_fields:
                    self.problem(here, f"'{key}' applies to members, not {collection}", key=True)
                    ok = False
                    continue
                names = value if isinstance(value, list) else [value]
                bad = [n for n in names if n not in roles]
                if bad or not names:
                    guess = did_you_mean(str(bad[0]), roles) if bad else None
                    self.problem(here, f"'{bad[0] if bad else value}' is not a role",
                                 f"did you mean '{guess}'?" if guess else
                                 "roles: " + ", ".join(roles))
                    ok = False
                else:
                    setattr(cond, key, tuple(names))
            elif key in ("has", "has_any", "lacks"):
                names_t = self._fields(collection, value, here, many=key == "has_any")
                if names_t is None:
                    ok = False
                else:
                    setattr(cond, key, names_t)
            else:  # is / is_not
                if not isinstance(value, dict) or not value:
                    self.problem(here, f"'{key}' must be a mapping such as {{status: covered}}")
                    ok = False
                    continue
                for fname in value:
                    if fname not in model_fields:
                        guess = did_you_mean(str(fname), list(model_fields))
                        self.problem([*here, fname], f"{collection} have no field '{fname}'",
                                     f"did you mean '{guess}'?" if guess else None, key=True)
                        ok = False
                if ok:
                    setattr(cond, "is_" if key == "is" else "is_not", dict(value))
        return cond if ok else None

    def _rule_count(self, node: dict[str, Any], loc: list[Any]) -> Rule | None:
        collection = self._collection(node["count"], [*loc, "count"])
        at_least = node.get("at_least", 1)
        if isinstance(at_least, bool) or not isinstance(at_least, int) or at_least < 0:
            self.problem([*loc, "at_least"], "at_least: expected a whole number, 0 or more")
            return None
        if collection is None:
            return None
        where = self._cond(collection, node.get("where"), [*loc, "where"])
        if node.get("where") is not None and where is None:
            return None
        return CountRule(collection, where, int(at_least))

    def _rule_all(self, node: dict[str, Any], loc: list[Any]) -> Rule | None:
        collection = self._collection(node["all"], [*loc, "all"])
        if collection is None:
            return None
        if "has" not in node and "has_any" not in node:
            self.problem(loc, "an 'all' rule needs has: FIELD or has_any: [FIELDS]",
                         "for example {all: members, has: responsibilities}")
            return None
        has: tuple[str, ...] = ()
        has_any: tuple[str, ...] = ()
        if "has" in node:
            found = self._fields(collection, node["has"], [*loc, "has"], many=False)
            if found is None:
                return None
            has = found
        if "has_any" in node:
            found = self._fields(collection, node["has_any"], [*loc, "has_any"], many=True)
            if found is None:
                return None
            has_any = found
        where = self._cond(collection, node.get("where"), [*loc, "where"])
        if node.get("where") is not None and where is None:
            return None
        return AllRule(collection, where, has, has_any)

    def _rule_recent(self, node: dict[str, Any], loc: list[Any]) -> Rule | None:
        raw = node["recent"]
        names = raw if isinstance(raw, list) else [raw]
        paths: list[str] = []
        for i, name in enumerate(names):
            where = [*loc, "recent", i] if isinstance(raw, list) else [*loc, "recent"]
            path = self._path(name, where)
            if path is None:
                return None
            info = describe_path(path)
            if info.type is not _dt.date:
                self.problem(where, f"'{path}' is not a date field")
                return None
            paths.append(path)
        if not paths:
            self.problem([*loc, "recent"], "'recent' needs at least one date field")
            return None
        within = node.get("within", "annual")
        if not isinstance(within, str) or (within not in CYCLE_MONTHS and "." not in within):
            self.problem([*loc, "within"], f"within: '{within}' is not a cycle",
                         "use " + ", ".join(CYCLE_MONTHS) + ", or a field such as "
                         "charter.review.cycle")
            return None
        if "." in within and self._path(within, [*loc, "within"]) is None:
            return None
        return RecentRule(paths, within)

    def _rule_all_of(self, node: dict[str, Any], loc: list[Any]) -> Rule | None:
        return self._many(node, loc, "all_of", AllOf)

    def _rule_any_of(self, node: dict[str, Any], loc: list[Any]) -> Rule | None:
        return self._many(node, loc, "any_of", AnyOf)

    def _many(self, node: dict[str, Any], loc: list[Any], key: str,
              kind: type[AllOf] | type[AnyOf]) -> Rule | None:
        value = node[key]
        if not isinstance(value, list) or not value:
            self.problem([*loc, key], f"'{key}' must be a list of rules")
            return None
        parts = [self.rule(v, [*loc, key, i]) for i, v in enumerate(value)]
        if any(p is None for p in parts):
            return None
        return kind([p for p in parts if p is not None])

    # ------------------------------------------------------------ asks
    def ask(self, obj: Any, loc: list[Any]) -> Ask | None:
        from copkit.repo import did_you_mean

        if isinstance(obj, str):
            raw = obj
            if raw not in ASKERS:
                guess = did_you_mean(raw, ASKERS)
                self.problem(loc, f"unknown question set '{raw}'",
                             f"did you mean '{guess}'?" if guess else
                             "use one of " + ", ".join(ASKERS) + ", or {field: charter....}")
                return None
            return Ask(asker=raw)
        path = self._path(obj.field, [*loc, "field"])
        if path is None:
            return None
        info = describe_path(path)
        if info.through_list or path.startswith("plan."):
            self.problem([*loc, "field"], f"'{path}' cannot be asked as one answer",
                         "ask a charter field holding text, a choice or a list of text")
            return None
        choices = literal_choices(info.type)
        inner_is_text = info.type is str or choices
        if _is_model(info.type) or not inner_is_text:
            self.problem([*loc, "field"], f"'{path}' is not a text, choice or list-of-text field")
            return None
        how = obj.how
        if how is None:
            how = "lines" if info.is_list else ("choice" if choices else "text")
        if info.is_list and how not in ("lines", "words"):
            self.problem([*loc, "how"] if obj.how else [*loc, "field"],
                         f"'{path}' is a list: ask it with how: lines or how: words")
            return None
        if not info.is_list and how in ("lines", "words"):
            self.problem([*loc, "how"], f"'{path}' holds one value: how: {how} needs a list")
            return None
        if how == "choice" and not choices:
            self.problem([*loc, "how"], f"'{path}' has no fixed choices: use how: text")
            return None
        return Ask(field=path, how=how, prompt=obj.prompt, label=obj.label,
                   examples=list(obj.examples), choices=choices)


def read_template(text: str, path: str) -> tuple[Template | None, list[Finding]]:
    """Parse and check a template's text; findings carry ``path:line:col``."""
    from copkit.repo import validate

    try:
        sm = parse(text, path)
    except YamlProblem as p:
        return None, [Finding(p.code, p.message, path, p.line, p.column, p.hint)]
    if not isinstance(sm.data, dict):
        return None, [Finding("not-a-mapping", "a planning template is a mapping with id, "
                              "title and steps", path, 1, 1)]
    template_file = _models()[0]
    obj, findings = validate(template_file, sm)
    if obj is None:
        return None, findings
    comp = _Compiler(sm, path)
    steps: list[Step] = []
    seen: dict[int, int] = {}
    for i, st in enumerate(obj.steps):
        loc: list[Any] = ["steps", i]
        if st.step in seen:
            comp.problem([*loc, "step"], f"step {st.step} is listed twice",
                         f"the first one is step entry {seen[st.step] + 1}", code="bad-template")
        seen.setdefault(st.step, i)
        rule = comp.rule(st.rule, [*loc, "rule"])
        when = comp.rule(st.when, [*loc, "when"]) if st.when is not None else None
        asks = [comp.ask(a, [*loc, "asks", j]) for j, a in enumerate(st.asks)]
        if rule is None:
            continue
        steps.append(Step(st.step, st.title, st.short or st.title.lower(),
                          st.guidance or "", list(st.questions), list(st.fills),
                          [a for a in asks if a is not None], st.how or "", rule, when))
    framing: list[Ask] = []
    if obj.framing:
        for j, fa in enumerate(obj.framing.fields):
            ask = comp.ask(fa, ["framing", "fields", j])
            if ask is not None:
                if ask.how != "text":
                    comp.problem(["framing", "fields", j, "field"],
                                 "framing fields are text fields (domain, community, practice)")
                else:
                    framing.append(ask)
    if not obj.steps:
        comp.problem(["steps"], "the template has no steps", code="bad-template")
    if comp.findings:
        return None, sort_findings(comp.findings)
    steps.sort(key=lambda s: s.number)
    return Template(obj.id, obj.title, obj.source or "",
                    obj.framing.title if obj.framing else "",
                    obj.framing.guidance or "" if obj.framing else "",
                    framing, steps, path), []


_CACHE: dict[tuple[str, int, int], tuple[Template | None, list[Finding]]] = {}


def load_template_file(path: Path, shown: str) -> tuple[Template | None, list[Finding]]:
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = (str(path), 0, 0)
    if key in _CACHE:
        return _CACHE[key]
    from copkit.yamlread import decode

    try:
        raw = path.read_bytes()
        text = decode(raw)
    except YamlProblem as p:
        return None, [Finding(p.code, p.message, shown, p.line, p.column, p.hint)]
    except OSError as exc:
        return None, [Finding("missing-file", f"cannot read the template: {exc.strerror}",
                              shown, 0, 0)]
    result = read_template(text, shown)
    _CACHE[key] = result
    return result


def shipped_dir() -> Path:
    from copkit.resources import templates_dir

    return templates_dir() / "plans"


def available_templates(root: Path | None = None) -> list[str]:
    names = {p.stem for p in shipped_dir().glob("*.yaml")}
    if root is not None and (Path(root) / CUSTOM_DIR).is_dir():
        names |= {p.stem for p in (Path(root) / CUSTOM_DIR).glob("*.yaml")}
    return sorted(names)


_NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def template_path(root: Path | None, name: str) -> tuple[Path, str] | None:
    """Where the template ``name`` is: the CoP's own ``templates/plans/NAME.yaml`` first, then
    copkit's. Returns (file, path as shown) or None."""
    if not _NAME_RE.match(name):
        return None
    if root is not None:
        own = Path(root) / CUSTOM_DIR / f"{name}.yaml"
        if own.is_file():
            return own, f"{CUSTOM_DIR}/{name}.yaml"
    shipped = shipped_dir() / f"{name}.yaml"
    if shipped.is_file():
        return shipped, str(shipped)
    return None


def template_name(cop: Cop) -> tuple[str, list[Any] | None]:
    """The template the CoP follows, and where plan.yaml names it (None: the default)."""
    if cop.plan is not None and "template" in cop.plan.model_fields_set:
        return cop.plan.template, ["template"]
    sm = cop.sources.get("plan.yaml")
    if sm is not None and isinstance(sm.data, dict) and isinstance(sm.data.get("template"),
                                                                   str):
        return sm.data["template"], ["template"]
    return DEFAULT_TEMPLATE, None


def template_for(cop: Cop) -> tuple[Template | None, list[Finding]]:
    """The CoP's planning template, or findings saying why it cannot be used."""
    name, loc = template_name(cop)
    found = template_path(cop.root, name)
    if found is None:
        from copkit.repo import did_you_mean

        choices = available_templates(cop.root)
        guess = did_you_mean(name, choices)
        line, col = cop.where("plan.yaml", loc) if loc else (0, 0)
        return None, [Finding(
            "unknown-template", f"there is no planning template called '{name}'",
            "plan.yaml", line, col,
            (f"did you mean '{guess}'? " if guess else "")
            + f"templates: {', '.join(choices)} (or add your own as {CUSTOM_DIR}/{name}.yaml)")]
    return load_template_file(*found)


def require_template(cop: Cop) -> Template:
    """The template, or a RecordError pointing at the first problem."""
    template, findings = template_for(cop)
    if template is None:
        first = findings[0]
        more = f" (and {len(findings) - 1} more problems; copkit check lists them)" \
            if len(findings) > 1 else ""
        raise RecordError(first.message + more, first.hint, first.location or None)
    return template


# ================================================================ status of every step
@dataclass
class FramingItem:
    field: str
    label: str
    done: bool
    value: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "label": self.label, "done": self.done,
                "value": self.value}


@dataclass
class StepStatus:
    step: Step
    status: Status
    missing: list[Missing]
    responsible: str | None = None
    responsible_name: str | None = None
    deadline: _dt.date | None = None
    overdue_days: int = 0
    notes: str | None = None

    @property
    def number(self) -> int:
        return self.step.number

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0

    @property
    def done(self) -> bool:
        return self.status in ("done", "n/a")

    @property
    def next_action(self) -> str:
        if self.done:
            return ""
        if self.missing:
            return self.missing[0].text
        return f"complete {self.step.label}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.number, "title": self.step.title, "status": self.status,
            "responsible": self.responsible, "responsible_name": self.responsible_name,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "overdue": self.overdue, "overdue_days": self.overdue_days,
            "next_action": self.next_action or None,
            "how": self.step.how or None,
            "missing": [m.to_dict() for m in self.missing], "notes": self.notes,
        }


@dataclass
class PlanStatus:
    template: Template
    framing: list[FramingItem]
    steps: list[StepStatus]
    findings: list[Finding]
    today: _dt.date
    cop: Any = None

    def first_open(self) -> StepStatus | None:
        return next((s for s in self.steps if not s.done), None)

    def get(self, number: int) -> StepStatus | None:
        return next((s for s in self.steps if s.number == number), None)

    def to_dict(self) -> dict[str, Any]:
        nxt = self.first_open()
        return {
            "template": self.template.id, "template_title": self.template.title,
            "today": self.today.isoformat(),
            "framing": [f.to_dict() for f in self.framing],
            "steps": [s.to_dict() for s in self.steps],
            "done": sum(1 for s in self.steps if s.status == "done"),
            "next": {"step": nxt.number, "action": nxt.next_action, "how": nxt.step.how}
            if nxt else None,
            "problems": [{"location": f.location, "message": f.message, "hint": f.hint}
                         for f in self.findings],
        }


def evaluate_step(step: Step, ev: Evaluator) -> Result:
    if step.when is not None and step.when.evaluate(ev).status != "done":
        return Result("n/a")
    return step.rule.evaluate(ev)


def plan_findings(cop: Cop, template: Template) -> list[Finding]:
    """plan.yaml entries naming a step the template does not have, a step twice, or a
    responsible who is not a member. Read from the file's data, so they are found together
    with the schema's own findings (a deadline that is not a date, say) rather than after
    those are fixed."""
    from copkit.repo import did_you_mean
    from copkit.schemas import SLUG_PATTERN

    sm = cop.sources.get("plan.yaml")
    data = sm.data if sm is not None else None
    entries = data.get("steps") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return []
    out: list[Finding] = []
    numbers = template.numbers
    members = set(cop.member_index()) | cop.known_ids.get("members", set())
    check_members = cop.sources.get("members.yaml") is not None
    seen: dict[int, int] = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue  # the schema says what is wrong with it
        number = entry.get("step")
        if isinstance(number, int) and not isinstance(number, bool) and number >= 1:
            if number not in numbers:
                out.append(cop.finding(
                    "unknown-step", f"step {number} is not a step of the template "
                    f"'{template.id}' (it has steps {_ranges(numbers)})", "plan.yaml",
                    ["steps", i, "step"], "fix the step number, or remove this entry"))
            elif number in seen:
                line, _ = cop.where("plan.yaml", ["steps", seen[number], "step"])
                out.append(cop.finding(
                    "duplicate-step", f"step {number} has two entries in plan.yaml",
                    "plan.yaml", ["steps", i, "step"],
                    f"the first one is at line {line}; merge them into one"))
            seen.setdefault(number, i)
        responsible = entry.get("responsible")
        if check_members and isinstance(responsible, str) and responsible not in members \
                and re.match(SLUG_PATTERN, responsible):
            guess = did_you_mean(responsible, sorted(members))
            of = f" of step {number}" if isinstance(number, int) else ""
            out.append(cop.finding(
                "bad-reference", f"unknown member id '{responsible}' as the responsible{of}",
                "plan.yaml", ["steps", i, "responsible"],
                f"did you mean '{guess}'?" if guess else
                "the responsible must be a member (copkit member add, or fix the id)"))
    return out


def plan_file_findings(cop: Cop) -> list[Finding]:
    """Every problem of plan.yaml that planning knows about, all at once: a template that
    cannot be used (unknown, or a custom one with a malformed rule) and the entries that do
    not fit the template or the members. ``copkit check`` reports these even when other files
    have errors (the advisors, which give the same findings, run only on a CoP without
    errors)."""
    template, problems = template_for(cop)
    if template is None:
        return problems
    return problems + plan_findings(cop, template)


def _ranges(numbers: Sequence[int]) -> str:
    nums = sorted(numbers)
    if nums and nums == list(range(nums[0], nums[-1] + 1)) and len(nums) > 2:
        return f"{nums[0]}-{nums[-1]}"
    return ", ".join(str(n) for n in nums)


def plan_status(cop: Cop, template: Template, today: _dt.date) -> PlanStatus:
    """Where the CoP stands on every step of ``template`` on ``today``."""
    ev = Evaluator(cop, today)
    framing = []
    for ask in template.framing:
        values = ev.values(ask.field or "")
        value = values[0] if values and not _empty(values[0]) else None
        framing.append(FramingItem(ask.field or "", ask.label or _field_words(ask.field or ""),
                                   value is not None, str(value) if value is not None else None))
    entries: dict[int, Any] = {}  # step number -> plan.yaml entry
    if cop.plan is not None:
        for plan_entry in cop.plan.steps:
            entries.setdefault(plan_entry.step, plan_entry)
    members = cop.member_index()
    steps: list[StepStatus] = []
    for step in template.steps:
        result = evaluate_step(step, ev)
        row = StepStatus(step, result.status, result.missing)
        entry = entries.get(step.number)
        if entry is not None:
            row.responsible = entry.responsible
            person = members.get(entry.responsible) if entry.responsible else None
            row.responsible_name = str(person.name) if person else None
            row.deadline = entry.deadline
            row.notes = entry.notes
            if entry.deadline and not row.done and entry.deadline < today:
                row.overdue_days = (today - entry.deadline).days
        steps.append(row)
    return PlanStatus(template, framing, steps, plan_findings(cop, template), today, cop)


def today() -> _dt.date:
    from copkit.records import today as _today

    return _today()


def status_for_root(root: Path, day: _dt.date | None = None) -> tuple[PlanStatus, list[Finding]]:
    """Load what the template needs from the CoP at ``root`` and evaluate it. Returns the
    status and the problems found reading those files (errors only)."""
    from copkit.errors import NotACopError
    from copkit.records import folder_files
    from copkit.repo import looks_like_cop

    root = Path(root)
    if not looks_like_cop(root):
        raise NotACopError(f"{root} is not a CoP folder: it has no charter.yaml or members.yaml",
                           "start one with copkit init DIR, or point at one with --cop DIR")
    cop, _ = _load_checked(root, ["plan.yaml"])  # which template: plan.yaml says
    template = require_template(cop)
    relpaths: list[str] = []
    for rel in sorted(template.files() | {"plan.yaml"}):
        if rel.endswith("/"):
            relpaths.extend(folder_files(root, rel.rstrip("/")))
        else:
            relpaths.append(rel)
    cop, findings = _load_checked(root, relpaths)
    return plan_status(cop, template, day or today()), findings


def _load_checked(root: Path, relpaths: list[str]) -> tuple[Cop, list[Finding]]:
    """Like :func:`copkit.records.load_parts`, through the parse cache, keeping the findings
    of the files read (errors only)."""
    from copkit.cache import ParseCache
    from copkit.repo import Cop, _load_one, read_sources

    cop = Cop(root=Path(root))
    findings: list[Finding] = []
    ids: dict[str, set[str]] = {k: set() for k in
                                ("members", "topics", "groups", "goals", "activities")}
    present = [r for r in relpaths if (cop.root / r).is_file()]
    cache = ParseCache(cop.root)
    sources = read_sources(cop.root, present, findings, cache)
    for relpath in present:
        sm = sources.get(relpath)
        if sm is not None:
            cop.sources[relpath] = sm
            _load_one(cop, relpath, sm, findings, ids)
    cache.save()
    cop.meetings.sort(key=lambda m: (m.date, m.id))
    cop.known_ids = ids
    return cop, [f for f in findings if f.severity == "error"]


# ================================================================ warnings for `copkit check`
def review_due(cop: Cop) -> tuple[_dt.date | None, _dt.date | None, str]:
    """(latest review, when the next one is due, cycle) from the charter."""
    if cop.charter is None:
        return None, None, "annual"
    review = cop.charter.review
    dates = [d for d in [review.last_reviewed, *(e.date for e in review.log)] if d]
    if not dates:
        return None, None, review.cycle
    latest = max(dates)
    return latest, cycle_due(latest, review.cycle), review.cycle


def _where(cop: Cop, missing: Missing) -> tuple[str, int, int]:
    file = missing.file
    if file.endswith("/"):
        return "", 0, 0
    if file not in cop.sources:
        return file, 0, 0
    line, col = cop.where(file, missing.loc, key=True)
    return file, line, col


def advise(cop: Cop) -> Iterator[Finding]:
    """Planning warnings: steps not done, deadlines passed, a review older than its cycle;
    and errors for an unusable template or plan.yaml naming steps the template lacks."""
    template, problems = template_for(cop)
    yield from problems
    if template is None:
        return
    day = today()
    status = plan_status(cop, template, day)
    yield from status.findings
    latest, due, cycle = review_due(cop)
    overdue_review = latest is not None and due is not None and day > due
    if overdue_review and latest is not None and due is not None:
        review = cop.charter.review if cop.charter else None
        loc = ["review", "last_reviewed"] if review and review.last_reviewed else ["review"]
        yield cop.finding(
            "review-overdue",
            f"the last review of the plan was on {latest.isoformat()}; with {article(cycle)} cycle "
            f"the next one was due on {due.isoformat()}", "charter.yaml", loc,
            "review steps 1-8 with the members and record it: copkit review", "warning",
            key=True)
    for row in status.steps:
        if row.done:
            continue
        if overdue_review and isinstance(row.step.rule, RecentRule):
            continue
        file, line, col = _where(cop, row.missing[0]) if row.missing else ("", 0, 0)
        what = "; ".join(m.text.split(": ", 1)[-1] for m in row.missing[:2])
        hint = f"run `copkit plan --step {row.number}`"
        if row.step.how:
            hint += f", or: {row.step.how}"
        yield Finding("plan-step", f"planning {row.step.label} is "
                      f"{STATUS_WORDS[row.status]}: {what}", file, line, col, hint, "warning")
        if row.overdue and cop.plan is not None:
            index = next(i for i, e in enumerate(cop.plan.steps) if e.step == row.number)
            who = f" ({row.responsible})" if row.responsible else ""
            yield cop.finding(
                "plan-deadline", f"the deadline of {row.step.label}{who} passed on "
                f"{row.deadline.isoformat() if row.deadline else '?'}, "
                f"{row.overdue_days} days ago, and the step is not done", "plan.yaml",
                ["steps", index, "deadline"],
                f"finish it, or set a new date: copkit plan assign {row.number} "
                f"--to {row.responsible or 'MEMBER'} --due YYYY-MM-DD", "warning")


def _register() -> None:
    from copkit import checks

    if not any(getattr(a, "__qualname__", "") == "advise"
               and getattr(a, "__module__", "") == __name__ for a in checks.ADVISORS):
        checks.ADVISORS.append(advise)


_register()
