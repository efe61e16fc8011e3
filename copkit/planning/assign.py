"""`copkit plan assign`: who is responsible for a step, and by when."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from copkit import periods
from copkit.edit import store
from copkit.errors import RecordError, UsageError
from copkit.model.findings import refuse_first
from copkit.planning.charter import PLAN, insert_key
from copkit.planning.directory import resolve_member
from copkit.planning.prompter import shielded
from copkit.planning.walk import check_step
from copkit.records import values as record_values
from copkit.records.context import MEMBERS, Context, dates_readable
from copkit.records.writing import precheck_git, to_yaml
from copkit.steps.model import Step
from copkit.steps.templates import require_template
from copkit.steps.words import short


@dataclass
class AssignResult:
    step: Step
    responsible: str | None
    deadline: _dt.date | None
    changes: list[str]
    commit: str | None


def assign(root: Path, step_number: int, *, to: str | None = None, due: str | None = None,
           notes: str | None = None, no_commit: bool = False,
           today: _dt.date | None = None) -> AssignResult:
    """Write who is responsible for a step, and by when, into plan.yaml (in place).

    Exit codes follow one rule: a value that is not of the allowed set or form (a step the
    template does not have, a deadline that is not a date) is a usage error (2); a
    well-formed value that does not match the records (a member who does not exist or left)
    is a user error (1)."""
    root = Path(root)
    if to is None and due is None and notes is None:
        raise UsageError("nothing to assign: give --to MEMBER, --due DATE or --notes TEXT")
    deadline = _deadline(due) if due is not None else None
    template = require_template(_plan_cop(root))
    step = check_step(template, step_number)
    assert step is not None
    responsible = _responsible(root, to, today) if to is not None else None
    precheck_git(root, no_commit)
    values = {"responsible": responsible, "deadline": deadline, "notes": notes}
    values = {k: v for k, v in values.items() if v is not None}
    changes, commit = _write(root, template.id, step, values, no_commit)
    return AssignResult(step, responsible, deadline, changes, commit)


def _deadline(due: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(due.strip())
    except ValueError:
        raise UsageError(f"--due: '{due}' is not a date",
                         "write the deadline as YYYY-MM-DD, like 2026-12-15") from None


def _plan_cop(root: Path) -> Any:
    """A CoP holding only plan.yaml (which names the template); refused when plan.yaml has a
    problem."""
    from copkit.model.load import Cop, read_source, validate
    from copkit.model.schemas import PlanFile

    cop = Cop(root=root)
    findings: list[Any] = []
    if not (root / PLAN).exists():
        return cop
    sm = read_source(root, PLAN, findings)
    if sm is not None:
        cop.sources[PLAN] = sm
        cop.plan, problems = validate(PlanFile, sm)
        findings.extend(problems)
    if findings:
        refuse_first(findings)  # a file check refuses: its finding
        first = findings[0]
        raise RecordError(first.message, (first.hint + "; " if first.hint else "")
                          + "fix plan.yaml first", first.location or None)
    return cop


def _responsible(root: Path, to: str, today: _dt.date | None) -> str:
    """The member id ``--to`` names: a current member."""
    ctx = Context(root)
    responsible = resolve_member(ctx.raw(MEMBERS, "members"), to, "--to", ctx.people())
    member = next(m for m in ctx.raw(MEMBERS, "members") if m.get("id") == responsible)
    left = member.get("left")
    if isinstance(left, _dt.date) and left <= (today or periods.today()):
        raise RecordError(f"--to: {responsible} left the community on {left.isoformat()}",
                          "choose a current member")
    return responsible


def _change(data: Any, step_number: int, values: dict[str, Any]) -> list[str]:
    """Set ``values`` in the step's entry of plan.yaml's steps (added in step order when
    there is none). Returns the change lines."""
    from ruamel.yaml.comments import CommentedSeq

    steps = data.get("steps")
    if not isinstance(steps, list):
        steps = CommentedSeq()
        data["steps"] = steps
    entry = next((e for e in steps if isinstance(e, dict) and e.get("step") == step_number),
                 None)
    if entry is None:
        new = to_yaml({"step": step_number, **values}, top=False)
        pos = sum(1 for e in steps if isinstance(e, dict)
                  and isinstance(e.get("step"), int) and e["step"] < step_number)
        steps.insert(pos, new)
        return [f"{PLAN}: step {step_number}: "
                + ", ".join(f"{k} {short(v)}" for k, v in values.items())]
    changes = []
    for k, v in values.items():
        old = entry.get(k)
        if old is not None and str(old) == str(v):
            continue
        if k in entry:
            entry[k] = to_yaml(v, top=False)
        else:
            insert_key(entry, k, to_yaml(v, top=False),
                       ["step", "responsible", "deadline", "notes"])
        changes.append(f"{PLAN}: step {step_number}: {k} "
                       + (f"{short(old)} -> " if old is not None else "") + short(v))
    return changes


def _write(root: Path, template_id: str, step: Step, values: dict[str, Any],
           no_commit: bool) -> tuple[list[str], str | None]:
    """Change plan.yaml (created when missing) and commit it, in one transaction."""
    from ruamel.yaml.comments import CommentedMap

    from copkit.edit.splice import to_plain
    from copkit.model.schemas import PlanFile

    plan_path = root / PLAN
    with shielded(), store.cop_lock(root):
        if plan_path.exists():
            with dates_readable(root, PLAN):
                doc = store.edit(plan_path)
        else:
            doc = store.new_document(plan_path, "# The action plan: who takes care of each "
                                     "planning step, and by when.\n"
                                     f"template: {template_id}\nsteps:\n")
        if doc.data is None:
            doc.data = CommentedMap()
        if "template" not in doc.data:
            doc.data.insert(0, "template", template_id)
        changes = _change(doc.data, step.number, values)
        if changes:
            record_values.validate(PlanFile, to_plain(doc.data), "update plan.yaml")
            if doc.original == "":
                store.write_text(plan_path, doc.dumps(), exclusive=True)
            else:
                doc.save()
        commit = None
        if changes and not no_commit:  # in the same transaction as the write
            from copkit.git import commit as gitio

            commit = gitio.commit_paths(
                gitio.open_repo(root), [plan_path],
                f"copkit: plan assign step {step.number} ({step.short})", changes)
    return changes, commit
