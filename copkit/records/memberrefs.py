"""Where a member id can appear in a CoP, derived from the schemas.

The fields that hold member ids are marked in :mod:`copkit.model.schemas` (the ``MemberId``
type, or ``Annotated[..., MemberRef()]`` for the free text of the charter's review log ``by``).
:func:`member_ref_paths` walks the model of every file kind and lists each marked field as a
:class:`RefPath`: the file kind, where its files live, and the keys leading to the field
(``*`` for each item of a list). The commands that rewrite member ids (``member merge``,
``member forget``) go through it, so a field added to a schema is covered as soon as it is
marked; tests/test_memberrefs.py fails for an id field that is neither marked nor known to
name something else.

:func:`replace_member` rewrites one id in a file's data (ruamel containers, edited in place,
or plain data); a list that then names the same member twice keeps the first.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union, get_args, get_origin

STAR = "*"


@dataclass(frozen=True)
class RefPath:
    """One field holding member ids: in files of ``kind`` (at ``where``, a file or a folder
    ending in ``/``), reached by ``steps`` from the top of the file."""

    kind: str
    where: str
    steps: tuple[str, ...]
    many: bool  # a list of member ids (attendees) rather than one (an owner)

    def __str__(self) -> str:
        path = ".".join(self.steps).replace(f".{STAR}", "[]")
        return f"{self.where}: {path}{'[]' if self.many else ''}"


def _marked(annotation: Any, metadata: list[Any]) -> str | None:
    """'one' or 'many' when the field's type carries the MemberRef mark, else None."""
    from copkit.model.schemas import MemberRef

    if any(isinstance(m, MemberRef) for m in metadata):
        return "one"
    origin = get_origin(annotation)
    if origin is list:
        (item,) = get_args(annotation) or (None,)
        return "many" if _marked(item, []) == "one" else None
    if origin is Union or type(annotation).__name__ == "UnionType":
        kinds = {_marked(a, []) for a in get_args(annotation)} - {None}
        return kinds.pop() if len(kinds) == 1 else None
    if hasattr(annotation, "__metadata__"):
        return _marked(get_args(annotation)[0], list(annotation.__metadata__))
    return None


def _models_in(annotation: Any) -> Iterator[tuple[type[Any], bool]]:
    """The pydantic models a field holds: (model, inside a list?)."""
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation, False
        return
    origin = get_origin(annotation)
    for arg in get_args(annotation):
        for model, in_list in _models_in(arg):
            yield model, in_list or origin is list


def _walk(model: type[Any], steps: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], bool]]:
    for name, info in model.model_fields.items():
        marked = _marked(info.annotation, list(info.metadata))
        if marked:
            yield (*steps, name), marked == "many"
            continue
        for inner, in_list in _models_in(info.annotation):
            yield from _walk(inner, (*steps, name, STAR) if in_list else (*steps, name))


@functools.cache
def member_ref_paths() -> tuple[RefPath, ...]:
    """Every field of every file kind that holds member ids, in the schemas' order."""
    from copkit.model.schemas import FILE_KINDS

    return tuple(RefPath(kind, where, steps, many)
                 for kind, (model, where) in FILE_KINDS.items()
                 for steps, many in _walk(model, ()))


def paths_for(relpath: str) -> tuple[RefPath, ...]:
    """The member-reference fields of the file at ``relpath`` (CoP-relative)."""
    from copkit.model.schemas import kind_of_path

    kind = kind_of_path(relpath)
    return tuple(p for p in member_ref_paths() if p.kind == kind)


def ref_files(root: Path) -> list[str]:
    """The CoP's files that can hold a member id (CoP-relative, sorted within a folder)."""
    out: list[str] = []
    for where in dict.fromkeys(p.where for p in member_ref_paths()):
        if not where.endswith("/"):
            if (Path(root) / where).is_file():
                out.append(where)
            continue
        folder = Path(root) / where
        if folder.is_dir():
            out.extend(f"{where}{n}" for n in sorted(os.listdir(folder)) if n.endswith(".yaml"))
    return out


def slots(data: Any, steps: tuple[str, ...], where: str = "") -> Iterator[tuple[Any, Any, str]]:
    """(container, key, location) of each value at ``steps`` in ``data`` that is present."""
    if not steps:
        return
    head, rest = steps[0], steps[1:]
    if head == STAR:
        if isinstance(data, list):
            for i, item in enumerate(data):
                yield from slots(item, rest, f"{where}[{i}]")
        return
    if not isinstance(data, dict) or head not in data:
        return
    here = f"{where}.{head}" if where else head
    if rest:
        yield from slots(data[head], rest, here)
    else:
        yield data, head, here


def replace_member(data: Any, relpath: str, old: str, new: str) -> list[str]:
    """Replace member id ``old`` by ``new`` in every member-reference field of ``data`` (the
    content of the file at ``relpath``), in place. A list that would then name ``new`` twice
    keeps the first. Returns where each replacement was made (``attendees``,
    ``actions[2].owner``...), with '(listed once)' where the list then named ``new`` twice."""
    done: list[str] = []
    for path in paths_for(relpath):
        for container, key, where in slots(data, path.steps):
            value = container[key]
            if not path.many:
                if value == old:
                    container[key] = new
                    done.append(where)
                continue
            if not isinstance(value, list) or old not in value:
                continue
            for i, item in enumerate(value):
                if item == old:
                    value[i] = new
            repeats = [i for i, item in enumerate(value) if item == new][1:]
            for i in reversed(repeats):
                del value[i]
            done.append(f"{where} (listed once)" if repeats else where)
    return done
