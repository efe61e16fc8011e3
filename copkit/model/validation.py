"""Pydantic's validation errors as findings: each at the position of its value, in words, with
a hint ("did you mean ...", how to write a number, a date, a list...); a record validated on
its own (:func:`validate`), a top-level list item by item (:func:`validate_list`), the
top-level keys of a file (:func:`top_level`). Used by :mod:`copkit.model.load`.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from copkit.model.findings import Finding
from copkit.yaml.positions import SourceMap

M = TypeVar("M", bound=BaseModel)

# ---------------------------------------------------------------- pydantic errors -> findings
_TYPE_WORDS = {
    "string_type": "text", "int_type": "a whole number", "int_parsing": "a whole number",
    "int_from_float": "a whole number", "float_type": "a number", "float_parsing": "a number",
    "bool_type": "true or false", "bool_parsing": "true or false", "list_type": "a list",
    "dict_type": "a mapping (key: value lines)", "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)", "date_type": "a date",
    "answer_type": "a number or text",
}


def describe_value(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {getattr(value, 'src', value)}"
    if isinstance(value, _dt.datetime):
        return f"the date and time {value.isoformat()}"
    if isinstance(value, _dt.date):
        return f"the date {value.isoformat()}"
    text = str(value)
    return f"the text {text[:40]!r}" + ("..." if len(text) > 40 else "")


def _clean_loc(data: Any, loc: Sequence[Any]) -> list[Any]:
    """Drop the union and validator tags pydantic adds to a location, keeping the data path."""
    out: list[Any] = []
    node = data
    for i, part in enumerate(loc):
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            out.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        elif i == len(loc) - 1 and isinstance(node, dict):
            out.append(part)  # a missing or unknown field's name
        else:
            continue
    return out


def _model_at(model: type[BaseModel], loc: Sequence[Any]) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``loc`` (to list its allowed fields)."""
    import typing

    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _unwrap(info.annotation, typing)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any, typing: Any) -> Any:
    for _ in range(5):
        args = typing.get_args(annotation)
        origin = typing.get_origin(annotation)
        if origin is None:
            return annotation
        if origin is typing.Annotated:
            annotation = args[0]
            continue
        candidates = [a for a in args if a is not type(None)]
        models = [a for a in candidates if isinstance(a, type) and issubclass(a, BaseModel)]
        annotation = models[0] if models else (candidates[-1] if candidates else annotation)
    return annotation


def dotted(loc: Sequence[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to ``word`` (difflib's ratio at least 0.6), or None.

    rapidfuzz's Indel ratio, 2 * LCS / (len(a) + len(b)), is never below difflib's (its
    matching blocks are a common subsequence), so rapidfuzz picks out in C the few choices
    that could pass and difflib ranks only those: the same answer as difflib over every
    choice, at a fraction of the time on a list of a thousand member ids."""
    import difflib

    from rapidfuzz import fuzz, process

    if not isinstance(choices, (list, tuple, set, frozenset, dict)):
        choices = list(choices)
    near = [match[0] for match in process.extract(word, choices, scorer=fuzz.ratio,
                                                  score_cutoff=59.9, limit=None)]
    if not near:
        return None
    found = difflib.get_close_matches(word, near, n=1, cutoff=0.6)
    return found[0] if found else None


def findings_from_validation(exc: ValidationError, model: type[BaseModel], sm: SourceMap,
                             prefix: Sequence[Any] = ()) -> list[Finding]:
    out: list[Finding] = []
    base = sm.data
    for part in prefix:
        base = base[part]
    for err in exc.errors(include_url=False):
        etype = err["type"]
        loc = _clean_loc(base, err["loc"])
        full = [*prefix, *loc]
        where = dotted(full) or "the file"
        hint: str | None = None
        if etype == "extra_forbidden":
            name = str(loc[-1]) if loc else "?"
            parent = _model_at(model, loc[:-1])
            allowed = sorted(parent.model_fields) if parent else []
            guess = did_you_mean(name, allowed)
            code = "unknown-field"
            message = f"unknown field '{name}' in {dotted(full[:-1]) or 'the file'}"
            if guess:
                hint = f"did you mean '{guess}'?"
            elif allowed:
                hint = "allowed fields: " + ", ".join(allowed)
            line, col = sm.locate(full, key=True)
        elif etype == "missing":
            code, message = "missing-field", f"required field '{loc[-1]}' is missing"
            message += f" in {dotted(full[:-1])}" if full[:-1] else ""
            hint = f"add a line '{loc[-1]}: ...'"
            line, col = sm.locate(full)
        elif etype == "bad_date":
            code, message = "bad-date", f"{where}: {err['msg']}"
            hint = "dates are written YYYY-MM-DD, like 2026-05-10"
            line, col = sm.locate(full)
        elif etype == "bad_id":
            code, message = "bad-id", f"{where}: {err['msg']}"
            hint = "use lower-case letters, digits and hyphens only"
            line, col = sm.locate(full)
        elif etype == "bad_email":
            code, message = "bad-email", f"{where}: {err['msg']}"
            hint = "write a full address like maria@example.org, or remove the field"
            line, col = sm.locate(full)
        elif etype in ("literal_error", "enum"):
            expected = err.get("ctx", {}).get("expected", "")
            code = "bad-value"
            message = (f"{where}: {describe_value(err['input'])} is not allowed here; "
                       f"expected {expected}")
            choices = re.findall(r"'([^']+)'", str(expected))
            guess = did_you_mean(str(err["input"]), choices) if err["input"] is not None else None
            hint = f"did you mean '{guess}'?" if guess else "pick one of the values listed"
            line, col = sm.locate(full)
        elif etype == "finite_number":
            code = "bad-value"
            message = f"{where}: {describe_value(err['input'])} is not a finite number"
            hint = "write the number in figures, like 10 or 2.5 (.inf and .nan are not " \
                "numbers copkit can count with)"
            line, col = sm.locate(full)
        elif etype in _TYPE_WORDS:
            code = "wrong-type"
            message = (f"{where}: expected {_TYPE_WORDS[etype]}, "
                       f"found {describe_value(err['input'])}")
            hint = _type_hint(etype, err["input"])
            line, col = sm.locate(full)
        else:
            code, message = "bad-value", f"{where}: {err['msg']}"
            line, col = sm.locate(full)
        out.append(Finding(code, message, sm.path, line, col, hint))
    return out


_NUMBER_TEXT = re.compile(r"\s*[-+]?(\d+(\.\d*)?|\.\d+)\s*\Z")
_BOOL_WORDS = {"yes": "true", "y": "true", "on": "true", "true": "true", "1": "true",
               "no": "false", "n": "false", "off": "false", "false": "false", "0": "false"}


def _type_hint(etype: str, value: Any) -> str:
    if value is None:
        return "this field needs a value: write it after the colon"
    if etype in ("int_type", "int_parsing", "int_from_float", "float_type", "float_parsing"):
        whole = etype.startswith("int")
        if isinstance(value, str) and _NUMBER_TEXT.match(value):
            if whole and "." in value:
                return f"write a whole number without quotes, like {round(float(value))}"
            return f"write {value.strip()} without quotes: in quotes it is text, not a number"
        if isinstance(value, bool):
            return "write a number here, not true or false"
        if whole and isinstance(value, float):
            return f"write a whole number, like {round(value)}"
        return "write a number" + (" (a whole number)" if whole else "") + ", without quotes"
    if etype in ("bool_type", "bool_parsing"):
        word = _BOOL_WORDS.get(str(getattr(value, "src", value)).strip().lower())
        if word is not None:
            return f"write {word} (without quotes): only true and false are allowed here"
        return "write true or false, without quotes"
    if etype == "date_type" and isinstance(value, _dt.datetime):
        return (f"write only the date, like {value.date().isoformat()}: copkit dates have no "
                "time of day")
    if etype == "answer_type":
        return ("write the answer as a number, or as text; put true or false in quotes "
                "to mean the word")
    if etype == "list_type":
        return "write a list as lines starting with '- ', or as [a, b]"
    if etype in ("dict_type", "model_type", "model_attributes_type"):
        return "write 'key: value' lines indented under this one"
    if etype == "string_type" and isinstance(value, (dict, list)):
        return "this field holds one piece of text; check the indentation below it"
    return "check the value against the README's file format"


def validate(model: type[M], sm: SourceMap, prefix: Sequence[Any] = (),
             data: Any = None) -> tuple[M | None, list[Finding]]:
    payload = data if data is not None else sm.data
    try:
        return model.model_validate(payload), []
    except ValidationError as exc:
        return None, findings_from_validation(exc, model, sm, prefix)


def validate_list(item_model: type[M], sm: SourceMap, key: str,
                   findings: list[Finding], ids: set[str]) -> list[M]:
    """Validate each item of a top-level list on its own, so one bad record does not hide the
    others; the ids of invalid records are still noted to avoid cascades of findings."""
    items = sm.data.get(key) if isinstance(sm.data, dict) else None
    if items is None:
        return []
    if not isinstance(items, list):
        line, col = sm.locate([key])
        findings.append(Finding("wrong-type",
                                f"{key}: expected a list, found {describe_value(items)}",
                                sm.path, line, col, _type_hint("list_type", items)))
        return []
    out: list[M] = []
    for i, item in enumerate(items):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            ids.add(item["id"])
        obj, problems = validate(item_model, sm, (key, i), data=item)
        findings.extend(problems)
        if obj is not None:
            out.append(obj)
    return out


def top_level(sm: SourceMap, allowed: tuple[str, ...], findings: list[Finding]) -> bool:
    if not isinstance(sm.data, dict):
        return False
    for k in sm.data:
        if k not in allowed:
            line, col = sm.locate([k], key=True)
            guess = did_you_mean(k, allowed)
            findings.append(Finding(
                "unknown-field", f"unknown field '{k}' at the top of the file", sm.path, line, col,
                f"did you mean '{guess}'?" if guess else "allowed: " + ", ".join(allowed)))
    return True
