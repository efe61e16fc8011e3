"""`copkit review`"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copkit import periods
from copkit.edit import store
from copkit.errors import CopkitError, RecordError
from copkit.i18n import speaker, translations
from copkit.i18n.msg import Msg, cat
from copkit.model.findings import refuse_first
from copkit.planning.changes import ChangeSummary, changes_since_review
from copkit.planning.directory import Directory, choose_member, resolve_member
from copkit.planning.prompter import Prompter
from copkit.planning.reviewlog import default_reviewer, write_review
from copkit.planning.walk import Wizard
from copkit.planning.writes import StepWrites, step_subject
from copkit.records.context import MEMBERS, Context
from copkit.records.writing import precheck_git
from copkit.steps.model import Template
from copkit.steps.rules import RecentRule
from copkit.steps.status import PlanStatus, StepStatus, status_for_root
from copkit.steps.terms import status_word
from copkit.steps.words import plural, ranges


@dataclass
class ReviewResult:
    changes: ChangeSummary
    confirmed: list[int] = field(default_factory=list)
    revised: list[int] = field(default_factory=list)
    by: str | None = None
    summary: str | None = None
    commits: list[str] = field(default_factory=list)


def review_steps(template: Template) -> tuple[list[int], Any]:
    """(the steps a review re-checks, the review step itself or None)."""
    review_step = next((s for s in template.steps
                        if isinstance(s.rule, RecentRule) or any(a.asker == "review"
                                                                 for a in s.asks)), None)
    others = [s.number for s in template.steps if s is not review_step]
    return others, review_step


def resolve_reviewer(root: Path, who: str, today: _dt.date) -> str:
    ctx = Context(root)
    member_id = resolve_member(ctx.raw(MEMBERS, "members"), who, "--by", ctx.people())
    member = next(m for m in ctx.raw(MEMBERS, "members") if m.get("id") == member_id)
    left = member.get("left")
    if isinstance(left, _dt.date) and left <= today:
        raise RecordError(f"--by: {member_id} left the community on {left.isoformat()}",
                          "the review is recorded by a current member")
    return member_id


def run_review(root: Path, prompter: Prompter, *, interactive: bool, confirm_all: bool = False,
               by: str | None = None, summary: str | None = None, no_commit: bool = False,
               today: _dt.date | None = None, lang: object = None) -> ReviewResult:
    """Show the changes since the last review, confirm or revise each step, record it (the
    steps' texts in ``lang``: status_for_root)."""
    root = Path(root)
    day = today or periods.today()
    if not interactive and not confirm_all:
        raise CopkitError("copkit review asks the facilitator to confirm each step, and there "
                          "is no terminal to ask on",
                          'use: copkit review --confirm-all --by MEMBER --summary "..."')
    reviewer = resolve_reviewer(root, by, day) if by else None
    precheck_git(root, no_commit)
    status, problems = status_for_root(root, day, lang)
    if problems:
        refuse_first(problems)  # a file check refuses: its finding
        first = problems[0]
        raise RecordError(first.message, "fix it first (copkit check lists every problem)",
                          first.location or None)
    say = speaker(status.language)
    summary_of_changes = changes_since_review(root)
    result = ReviewResult(summary_of_changes)
    for line in summary_of_changes.lines():
        prompter.say(say(line))
    others, review_step = review_steps(status.template)
    prompter.say("")
    prompter.say(say(Msg("Steps %(steps)s as the records stand today:", steps=_span(others))))
    ask = interactive and not confirm_all
    _confirm_steps(root, prompter, status, others, result, ask, no_commit, day, lang)
    _stage(prompter, root, day, say)
    if reviewer is None:
        reviewer = _ask_reviewer(prompter, status, day, interactive, say)
    if summary is None:
        auto = _auto_summary(result, others)
        if interactive:
            summary = prompter.ask(say(Msg("A one-line summary of the review")),
                                   auto).strip() or auto
        else:
            summary = auto
    result.by, result.summary = reviewer, summary
    subject = step_subject(review_step) if review_step else "copkit: review the plan"
    _record(root, StepWrites(root, subject, no_commit), result, day)
    return result


def _stage(prompter: Prompter, root: Path, day: _dt.date, say: Callable[[str], str]) -> None:
    """The stage self-assessment (indicators.md, S1): the signs the records show of the
    charter's stage and of the next, for the reviewers to weigh (every record read: the
    plan's status reads only the files its steps need)."""
    from copkit.indicators.stage_review import review_lines
    from copkit.model.load import load_cop

    prompter.say("")
    for line in review_lines(load_cop(root).cop, day):
        prompter.say(say(line))


def _confirm_steps(root: Path, prompter: Prompter, status: PlanStatus, others: list[int],
                   result: ReviewResult, ask: bool, no_commit: bool, day: _dt.date,
                   lang: object = None) -> None:
    """Each step as the records stand; asked to confirm (else revised with the walk) when
    ``ask``, confirmed otherwise."""
    wizard: Wizard | None = None
    say = speaker(status.language)
    for number in others:
        row = status.get(number)
        assert row is not None
        prompter.say(say(_row_words(row, status.language)))
        if not ask:
            result.confirmed.append(number)
            continue
        if prompter.confirm(say(Msg("  Does step %(n)s still hold as it is?", n=number)), True):
            result.confirmed.append(number)
            continue
        if wizard is None:
            wizard = Wizard(root, prompter, no_commit=no_commit, today=day, lang=lang)
        wizard.reload()
        wizard.walk_step(row.step, revise=True)
        result.commits.extend(wizard.result.commits)
        wizard.result.commits = []
        result.revised.append(number)


def _ask_reviewer(prompter: Prompter, status: PlanStatus, day: _dt.date,
                  interactive: bool, say: Callable[[str], str] = str) -> str | None:
    """Who records the review: asked (the first current facilitator offered), or that
    facilitator."""
    default = default_reviewer(status.cop, day)
    if not interactive:
        return default
    current = [m for m in status.cop.members if m.left is None or m.left > day]
    person = choose_member(prompter, Directory(current),
                           say(Msg("Who is recording this review?")),
                           default=default,
                           gettext=lambda message, **params: say(Msg(message, **params)))
    return person.id if person else None


def _record(root: Path, writes: StepWrites, result: ReviewResult, day: _dt.date) -> None:
    """The review written in the charter and committed, in one transaction."""
    with store.cop_lock(root):  # the review and its commit: one transaction
        paths, changes = write_review(root, day, result.by, result.summary)
        writes.add(paths, changes)
        writes.changes.append(f"confirmed steps: {_span(result.confirmed) or 'none'}")
        if result.revised:
            writes.changes.append(f"revised steps: {_span(result.revised)}")
        writes.changes.append(f"{_changes(result.changes.total)} in the records since "
                              "the last review")
        sha = writes.finish()
    if sha:
        result.commits.append(sha)


def _row_words(row: StepStatus, language: Any) -> str:
    """A step's line: "  step 4 (communication and meetings): partial (still needed: ...)";
    in another language the step's title (its short name is English: it names the step in
    commit messages)."""
    english = language is None or getattr(language, "code", "en") == "en"
    line = Msg("  step %(n)s (%(name)s): %(status)s", n=str(row.number),
               name=row.step.short if english else row.step.title,
               status=status_word(row.status, translations(language)))
    if row.missing:
        return cat(line, Msg(" (still needed: %(what)s)", what=row.missing[0].text))
    return line


def _span(numbers: list[int]) -> str:
    return ranges(numbers)


def _auto_summary(result: ReviewResult, others: list[int]) -> str:
    if result.revised:
        text = f"Reviewed steps {_span(others)}: revised {_span(result.revised)}"
    else:
        text = f"Reviewed steps {_span(others)}: all confirmed"
    return text + f"; {_changes(result.changes.total)} in the records since the last review"


def _changes(n: int) -> str:
    return "no change" if n == 0 else plural(n, "change")
