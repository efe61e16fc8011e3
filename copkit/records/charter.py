"""charter.yaml changed from the command line (``copkit charter set|add|remove`` and ``copkit
charter goal|stakeholder|risk|policy ...``): one field or one list item edited in place,
comments and order kept; the whole charter validated before anything is written; a goal still
named by topics or stories is not removed. Each change is one commit of charter.yaml."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from copkit.edit import store
from copkit.errors import RecordError, UsageError
from copkit.records.context import CHARTER, Context
from copkit.records.values import check_text, clean, validate
from copkit.records.writing import (
    Outcome,
    commit,
    open_record,
    precheck_git,
    set_field,
    show_value,
    to_yaml,
)
from copkit.text import fold

# the lists of records in the charter: (path, the field naming an item, what an item is)
LISTS = {"goal": ("goals", "id"), "stakeholder": ("governance.stakeholders", "name"),
         "risk": ("risks", "risk")}
POLICIES = ("membership", "code_of_conduct", "privacy", "copyright")


def _model_at(parts: list[str]) -> tuple[Any, Any]:
    """(the model holding the last part, the annotation of the last part); a usage error
    naming the fields there when a part is not a field."""
    from copkit.model.schemas import Charter
    from copkit.steps.fields import is_model, unwrap

    model: Any = Charter
    for i, part in enumerate(parts):
        if not is_model(model) or part not in model.model_fields:
            fields = ", ".join(model.model_fields) if is_model(model) else ""
            raise UsageError(f"charter.yaml has no field '{'.'.join(parts[:i + 1])}'",
                             f"fields here: {fields}" if fields else None)
        annotation, _ = unwrap(model.model_fields[part].annotation)
        if i == len(parts) - 1:
            return model, annotation
        model = annotation
    raise UsageError("name a charter field, like governance.decision_making")


def field_parts(path: str) -> list[str]:
    parts = [p for p in path.strip().removeprefix("charter.").split(".") if p]
    if not parts:
        raise UsageError("name a charter field, like governance.decision_making")
    return parts


def _node(data: Any, parts: list[str]) -> Any:
    """The mapping holding ``parts[-1]`` (made where missing, in the schema's order)."""
    from ruamel.yaml.comments import CommentedMap

    node = data
    for i, part in enumerate(parts[:-1]):
        if not isinstance(node.get(part), dict):
            model, _ = _model_at(parts[: i + 1])
            set_field(node, part, {}, tuple(model.model_fields))
            node[part] = CommentedMap()
        node = node[part]
    return node


def edit(root: Path, subject: str, change: Callable[[Any], list[str]], *,
         no_commit: bool = False) -> Outcome:
    """charter.yaml changed in place by ``change(data)`` (which returns the change lines),
    validated whole, written and committed; nothing written when it does not validate."""
    from copkit.edit.splice import to_plain
    from copkit.model.schemas import Charter

    root = Path(root)
    precheck_git(root, no_commit)
    with store.cop_lock(root):
        if not (root / CHARTER).is_file():
            raise RecordError(f"{root} has no charter.yaml", "start a CoP with copkit init")
        doc = open_record(root, CHARTER)
        changes = change(doc.data)
        outcome = Outcome("charter", "update")
        if not changes:
            outcome.notes.append("nothing changed: the charter already says this")
            return outcome
        validate(Charter, to_plain(doc.data), "update charter.yaml")
        doc.save()
        outcome.paths = [CHARTER]
        outcome.subject = f"copkit: charter: {subject}"
        outcome.body = [f"{CHARTER}: {c}" for c in changes]
        return commit(root, outcome, no_commit)


# ---------------------------------------------------------------- one value
def typed(path: str, annotation: Any, text: str) -> Any:
    """The value typed for a field, as its type reads it (a date, a number, text)."""
    from copkit.records.ids import parse_day

    if annotation is _dt.date:
        return parse_day(text, path)
    if annotation is float:
        try:
            return float(text)
        except ValueError:
            raise UsageError(f"{path}: '{text}' is not a number") from None
    return check_text(text, path, multiline=True)


def set_value(root: Path, path: str, text: str, *, no_commit: bool = False) -> Outcome:
    """``copkit charter set FIELD VALUE``: a one-value field (text, a choice, a date, a
    number), dotted for the nested ones (governance.decision_making)."""
    parts = field_parts(path)
    model, annotation = _model_at(parts)
    name = ".".join(parts)
    if annotation is list or getattr(annotation, "__origin__", None) is list or \
            hasattr(annotation, "model_fields"):
        raise UsageError(f"charter.{name} is not a single value",
                         _list_hint(parts))
    value = typed(name, annotation, text)

    def change(data: Any) -> list[str]:
        node = _node(data, parts)
        old = node.get(parts[-1])
        if old is not None and str(old) == str(value):
            return []
        set_field(node, parts[-1], value, tuple(model.model_fields))
        return [f"{name}: {show_value(old)} -> {show_value(value)}"]

    return edit(root, f"{name} set", change, no_commit=no_commit)


def _list_hint(parts: list[str]) -> str:
    last = parts[-1]
    if last in ("goals", "risks", "stakeholders"):
        return f"use copkit charter {last[:-1]} add|update|remove"
    if last == "policies":
        return "use copkit charter policy add KIND TEXT (membership, code_of_conduct, " \
               "privacy, copyright)"
    return f"add to a list with copkit charter add {'.'.join(parts)} TEXT"


# ---------------------------------------------------------------- lists of text
def add_text(root: Path, path: str, text: str, *, remove: bool = False,
             no_commit: bool = False) -> Outcome:
    """``copkit charter add|remove FIELD TEXT``: an item of a list of text (a participation
    rule, a ground rule, an expected outcome...)."""
    parts = field_parts(path)
    model, annotation = _model_at(parts)
    name = ".".join(parts)
    if getattr(model.model_fields[parts[-1]].annotation, "__origin__", None) is not list or \
            annotation is not str:
        raise UsageError(f"charter.{name} is not a list of text",
                         f"set it with copkit charter set {name} VALUE"
                         if not hasattr(annotation, "model_fields") else _list_hint(parts))
    item = check_text(text.strip(), name)
    if not item:
        raise UsageError(f"{name}: the text is empty")

    def change(data: Any) -> list[str]:
        node = _node(data, parts)
        items = list(node.get(parts[-1]) or [])
        known = [fold(str(i)) for i in items]
        if remove:
            if fold(item) not in known:
                raise RecordError(f"charter.{name} has no item '{item}'",
                                  "copkit charter show lists them")
            items.pop(known.index(fold(item)))
        elif fold(item) in known:
            return []
        else:
            items.append(item)
        _set_list(node, parts[-1], items, model)
        return [f"{name} {'-' if remove else '+'} {item}"]

    verb = "removed from" if remove else "added to"
    return edit(root, f"{verb} {name}", change, no_commit=no_commit)


def _set_list(node: Any, key: str, items: list[Any], model: Any) -> None:
    seq = node.get(key)
    if isinstance(seq, list) and len(items) >= len(seq) and list(seq) == items[:len(seq)]:
        seq.extend(to_yaml(i, top=False) for i in items[len(seq):])
        return
    set_field(node, key, items, tuple(model.model_fields))


# ---------------------------------------------------------------- goals, stakeholders, risks
def item_change(root: Path, what: str, verb: str, key: str | None, values: Mapping[str, Any],
                *, no_commit: bool = False) -> Outcome:
    """``copkit charter goal|stakeholder|risk add|update|remove``: ``key`` names the item
    (a goal's id, a stakeholder's name, a risk's number or text)."""
    path, id_field = LISTS[what]
    parts = field_parts(path)
    model, _ = _model_at(parts)
    values = clean(values)
    ctx = Context(root)
    if verb == "remove" and what == "goal":
        _goal_unused(ctx, str(key))

    def change(data: Any) -> list[str]:
        node = _node(data, parts)
        items = [dict(i) for i in node.get(parts[-1]) or []]
        index = None if key is None else _find(items, id_field, key, what)
        if verb == "add":
            new = _new_item(items, id_field, key, values, what)
            items.append(new)
            said = f"{what} {show_value(new.get(id_field))} added"
        elif verb == "update":
            assert index is not None
            items[index] = {**items[index], **values}
            said = f"{what} {show_value(items[index].get(id_field))}: " + ", ".join(
                f"{k} {show_value(v)}" for k, v in values.items())
            if not values:
                return []
        else:
            assert index is not None
            said = f"{what} {show_value(items.pop(index).get(id_field))} removed"
        _set_list(node, parts[-1], items, model)
        return [said]

    return edit(root, f"{what} {verb}", change, no_commit=no_commit)


def _find(items: list[dict[str, Any]], id_field: str, key: str, what: str) -> int:
    if what == "risk" and key.isdigit():
        n = int(key)
        if 1 <= n <= len(items):
            return n - 1
        raise RecordError(f"the charter has {len(items)} risk(s): there is no risk {n}",
                          "copkit charter show numbers them")
    for i, item in enumerate(items):
        if fold(str(item.get(id_field) or "")) == fold(key):
            return i
    from copkit.model.load import did_you_mean

    pool = [str(i.get(id_field)) for i in items]
    guess = did_you_mean(key, pool)
    raise RecordError(f"the charter has no {what} '{key}'",
                      f"did you mean '{guess}'?" if guess else "copkit charter show lists them")


def _new_item(items: list[dict[str, Any]], id_field: str, key: str | None,
              values: Mapping[str, Any], what: str) -> dict[str, Any]:
    new: dict[str, Any] = dict(values)
    if what == "goal":
        taken = {str(i.get("id")) for i in items}
        n = len(items) + 1
        while f"g{n}" in taken:
            n += 1
        new = {"id": values.get("id") or f"g{n}", **{k: v for k, v in values.items()
                                                      if k != "id"}}
        if new["id"] in taken:
            raise RecordError(f"the charter has a goal '{new['id']}' already",
                              "choose another --id, or change it with copkit charter goal "
                              "update")
    else:
        if id_field not in new:
            raise UsageError(f"a {what} needs its {id_field}")
        if any(fold(str(i.get(id_field))) == fold(str(new[id_field])) for i in items):
            raise RecordError(f"the charter lists the {what} '{new[id_field]}' already",
                              f"change it with copkit charter {what} update")
    return new


def _goal_unused(ctx: Context, goal: str) -> None:
    """A goal still named by topics or stories is not removed (check would find the broken
    references)."""
    from copkit.records.context import AGENDA

    topics = [str(t.get("id")) for t in ctx.raw(AGENDA, "topics")
              if goal in (t.get("goals") or [])]
    stories = []
    for sid in sorted(ctx.record_ids("stories")):
        text = (ctx.root / "stories" / f"{sid}.yaml").read_text(encoding="utf-8",
                                                               errors="replace")
        if goal in text:
            stories.append(sid)
    if topics or stories:
        named = ", ".join([*(f"topic {t}" for t in topics), *(f"story {s}" for s in stories)])
        raise RecordError(f"the goal '{goal}' is still named by {named}",
                          "change those records first (copkit topic update ID --goal ...)")


def policy(root: Path, kind: str, text: str | None, *, no_commit: bool = False) -> Outcome:
    """``copkit charter policy add|update|remove KIND [TEXT]``: one of the charter's
    policies (membership, code_of_conduct, privacy, copyright); None removes it."""
    kind = kind.replace("-", "_")
    if kind not in POLICIES:
        raise UsageError(f"'{kind}' is not a policy", "policies: " + ", ".join(POLICIES))
    if text is not None:
        return set_value(root, f"policies.{kind}", text, no_commit=no_commit)

    def change(data: Any) -> list[str]:
        node = data.get("policies")
        if not isinstance(node, dict) or node.get(kind) is None:
            return []
        del node[kind]
        return [f"policies.{kind} removed"]

    return edit(root, f"policies.{kind} removed", change, no_commit=no_commit)
