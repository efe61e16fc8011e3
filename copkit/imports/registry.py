"""The importers, one module a source, in the order of ``copkit import --help``. An explicit
list: an import is added by writing its module and naming it here; nothing registers itself
when it is imported.

Each importer module has:

* ``KIND``: the name of its ``copkit import`` subcommand, and the ``kind`` of its plans;
* ``COLUMNS``: the fields it reads, with the column names they go by;
* ``plan(root, path, mapping, **options)``: the :class:`~copkit.imports.plan.Plan` of
  importing a file (reads, never writes);
* ``write(plan, ctx)``: writes a plan (called by :func:`copkit.imports.apply.apply`, under the
  CoP's lock, before the commit).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from copkit.imports import attendance, roster, survey
from copkit.imports.plan import Plan
from copkit.records.context import Context
from copkit.records.writing import Outcome


class Importer(Protocol):
    """What the CLI and :func:`~copkit.imports.apply.apply` use of an importer module."""

    @property
    def KIND(self) -> str: ...  # a module constant

    @property
    def COLUMNS(self) -> Mapping[str, Sequence[str]]: ...

    @property
    def plan(self) -> Callable[..., Plan]: ...

    def write(self, plan: Plan, ctx: Context) -> Outcome: ...


IMPORTERS: tuple[Importer, ...] = (roster, attendance, survey)

KINDS = tuple(importer.KIND for importer in IMPORTERS)


def importer(kind: str) -> Importer:
    """The importer of ``kind`` ('members', 'attendance', 'survey')."""
    for candidate in IMPORTERS:
        if candidate.KIND == kind:
            return candidate
    raise ValueError(f"no importer of {kind!r}: {', '.join(KINDS)}")
