"""Writing a plan: refused when a row fits two members (:func:`check_applicable`), else done
by the plan's importer under the CoP's lock, in one commit (:func:`apply`)."""

from __future__ import annotations

from copkit.errors import RecordError
from copkit.imports.plan import Plan, label
from copkit.imports.preview import possible_notes
from copkit.imports.registry import importer
from copkit.records import writing
from copkit.records.context import Context
from copkit.records.writing import Outcome, precheck_git


def check_applicable(plan: Plan) -> None:
    """Refuse a plan with an ambiguous person: copkit never guesses who someone is."""
    if plan.ambiguous:
        first = plan.ambiguous[0]
        more = f" (and {len(plan.ambiguous) - 1} more)" if len(plan.ambiguous) > 1 else ""
        raise RecordError(
            f"'{label(first.name)}' matches more than one member: "
            f"{', '.join(first.candidates)}"
            f"{more}; nothing was written",
            "add the person's email, or their member id in an 'id' column, to that row, "
            "then import again", first.where)


def apply(plan: Plan, *, no_commit: bool = False) -> Outcome:
    """Write what the plan says, in one commit."""
    from copkit.edit import store

    check_applicable(plan)
    root = plan.root
    precheck_git(root, no_commit)
    with store.cop_lock(root):
        ctx = Context(root)
        outcome = importer(plan.kind).write(plan, ctx)
        if outcome.paths:
            outcome.notes += possible_notes(plan)
        return writing.commit(root, outcome, no_commit)
