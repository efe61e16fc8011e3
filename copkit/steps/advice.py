"""Check's planning advice: steps not done, deadlines passed, an overdue review."""

from __future__ import annotations

import datetime as _dt
import typing
from collections.abc import Iterator

from copkit.model.findings import Finding
from copkit.periods import today
from copkit.steps.model import STATUS_WORDS
from copkit.steps.rules import Missing, RecentRule, cycle_due
from copkit.steps.status import plan_status
from copkit.steps.templates import template_for
from copkit.steps.words import article

if typing.TYPE_CHECKING:
    from copkit.model.load import Cop


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


def planning_findings(cop: Cop) -> Iterator[Finding]:
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
    if _not_started(status):  # one line for a plan not begun, not one per step
        first = status.steps[0]
        file, line, col = _where(cop, first.missing[0]) if first.missing else ("", 0, 0)
        yield Finding("plan-not-started", f"planning has not started: the {len(status.steps)} "
                      f"steps of '{template.title}' are to do, from {first.step.label}",
                      file, line, col, "run `copkit plan` to walk through them one at a time "
                      "(copkit plan status lists them)", "warning")
        return
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


def _not_started(status: typing.Any) -> bool:
    """No step done nor partly done, and no deadline set: a plan nobody has begun."""
    return any(row.status == "todo" for row in status.steps) and \
        all(row.status in ("todo", "n/a") and not row.deadline for row in status.steps)
