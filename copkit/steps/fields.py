"""What a dotted field path names in the charter's and plan.yaml's schemas."""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Any, Literal


def unwrap(annotation: Any) -> tuple[Any, bool]:
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


def is_model(tp: Any) -> bool:
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
    from copkit.model import schemas as s
    from copkit.model.load import did_you_mean

    parts = path.split(".")
    roots = {"charter": s.Charter, "plan": s.PlanFile}
    if parts[0] not in roots:
        guess = did_you_mean(parts[0], list(roots))
        raise ValueError(f"'{path}' must start with charter. or plan."
                         + (f" (did you mean '{guess}'?)" if guess else ""))
    current: Any = roots[parts[0]]
    is_list = through = False
    for i, part in enumerate(parts[1:], start=1):
        if not is_model(current):
            raise ValueError(f"'{'.'.join(parts[:i])}' has no fields, so '{path}' does not exist")
        fields = current.model_fields
        if part not in fields:
            guess = did_you_mean(part, list(fields))
            raise ValueError(f"'{'.'.join(parts[:i])}' has no field '{part}'"
                             + (f"; did you mean '{guess}'?" if guess else
                                "; fields: " + ", ".join(fields)))
        if is_list:
            through = True
        current, is_list = unwrap(fields[part].annotation)
    return FieldInfo(current, is_list, through)


def item_model(collection: str) -> Any:
    from copkit.model import schemas as s

    return {"members": s.Member, "topics": s.Topic, "thematic_groups": s.ThematicGroup,
            "activities": s.Activity, "goals": s.Goal, "meetings": s.Meeting,
            "practices": s.Practice, "stories": s.Story, "surveys": s.Survey}[collection]


def field_words(path: str) -> str:
    """A dotted path without its file part (``charter.goals`` -> ``goals``)."""
    return path.split(".", 1)[1] if "." in path else path
