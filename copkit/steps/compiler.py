"""Compiling a template's rules, conditions and asks, with findings at path:line:col."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Any

from copkit.model.findings import Finding
from copkit.steps.conditions import Cond
from copkit.steps.fields import describe_path, is_model, item_model, literal_choices
from copkit.steps.model import ASKERS, COLLECTIONS, COND_KEYS, CYCLE_MONTHS, RULE_KEYS, Ask
from copkit.steps.rules import (
    AllOf,
    AllRule,
    AnyOf,
    CountRule,
    EqualsRule,
    RecentRule,
    Rule,
    SetRule,
)
from copkit.yaml.positions import SourceMap


class Compiler:
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
                from copkit.model.load import did_you_mean

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
        from copkit.model.load import did_you_mean

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
                from copkit.model.load import did_you_mean

                guess = did_you_mean(name, list(fields))
                self.problem([*loc, i] if isinstance(value, list) else loc,
                             f"{collection} have no field '{name}'",
                             f"did you mean '{guess}'?" if guess else
                             "fields: " + ", ".join(fields))
                return None
        return tuple(names)

    def _cond(self, collection: str, node: Any, loc: list[Any]) -> Cond | None:
        from copkit.model.load import did_you_mean

        if node is None:
            return None
        if not isinstance(node, dict) or not node:
            self.problem(loc, "'where' must be a mapping such as {current: true}",
                         "conditions: " + ", ".join(COND_KEYS))
            return None
        cond = Cond()
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
            elif collection not in COLLECTIONS:
                self.problem(here, f"'{collection}' holds plain values: 'where' cannot apply",
                             key=True)
                ok = False
            elif key == "current":
                ok = self._cond_current(cond, collection, value, here, model_fields) and ok
            elif key in ("has_role", "roles_other_than"):
                ok = self._cond_roles(cond, collection, key, value, here, model_fields) and ok
            elif key in ("has", "has_any", "lacks"):
                names_t = self._fields(collection, value, here, many=key == "has_any")
                if names_t is None:
                    ok = False
                else:
                    setattr(cond, key, names_t)
            else:  # is / is_not
                ok = self._cond_is(cond, collection, key, value, here, model_fields, ok)
        return cond if ok else None

    def _cond_current(self, cond: Cond, collection: str, value: Any, here: list[Any],
                      model_fields: Any) -> bool:
        if not isinstance(value, bool):
            self.problem(here, "current: expected true or false")
            return False
        if "left" not in model_fields:
            self.problem(here, f"'current' applies to members, not {collection}", key=True)
            return False
        cond.current = value
        return True

    def _cond_roles(self, cond: Cond, collection: str, key: str, value: Any,
                    here: list[Any], model_fields: Any) -> bool:
        from copkit.model import schemas as s
        from copkit.model.load import did_you_mean

        if "roles" not in model_fields:
            self.problem(here, f"'{key}' applies to members, not {collection}", key=True)
            return False
        roles = literal_choices(s.Role)
        names = value if isinstance(value, list) else [value]
        bad = [n for n in names if n not in roles]
        if bad or not names:
            guess = did_you_mean(str(bad[0]), roles) if bad else None
            self.problem(here, f"'{bad[0] if bad else value}' is not a role",
                         f"did you mean '{guess}'?" if guess else
                         "roles: " + ", ".join(roles))
            return False
        setattr(cond, key, tuple(names))
        return True

    def _cond_is(self, cond: Cond, collection: str, key: str, value: Any, here: list[Any],
                 model_fields: Any, ok: bool) -> bool:
        """is / is_not; set only when no part of the condition so far failed (``ok``)."""
        from copkit.model.load import did_you_mean

        if not isinstance(value, dict) or not value:
            self.problem(here, f"'{key}' must be a mapping such as {{status: covered}}")
            return False
        for fname in value:
            if fname not in model_fields:
                guess = did_you_mean(str(fname), list(model_fields))
                self.problem([*here, fname], f"{collection} have no field '{fname}'",
                             f"did you mean '{guess}'?" if guess else None, key=True)
                ok = False
        if ok:
            setattr(cond, "is_" if key == "is" else "is_not", dict(value))
        return ok

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
        from copkit.model.load import did_you_mean

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
        if is_model(info.type) or not inner_is_text:
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
