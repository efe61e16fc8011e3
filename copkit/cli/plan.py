"""`copkit plan` (the planning walk), `plan status|set|assign`, and `copkit review`."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from copkit.cli.common import CopOption, NoCommitOption, echo, resolve_cop
from copkit.cli.lang import LangOption, checked


class StatusFormat(str, Enum):
    text = "text"
    json = "json"


YES = ("y", "yes", "s", "si", "sí", "o", "oui", "j", "ja")
NO = ("n", "no", "non", "nein")


class TerminalPrompter:
    """Questions and answers on the terminal (plain input(): Ctrl-C and end of input reach
    the walk as KeyboardInterrupt and EOFError, so it can commit what was answered)."""

    def say(self, text: str = "") -> None:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()

    def ask(self, question: str, default: str | None = None) -> str:
        suffix = f" [{default}]" if default else ""
        answer = input(f"{question}{suffix}: ")
        return answer if answer.strip() else (default or "")

    def confirm(self, question: str, default: bool = True) -> bool:
        while True:
            answer = input(f"{question} [{'Y/n' if default else 'y/N'}]: ").strip().casefold()
            if not answer:
                return default
            if answer in YES:
                return True
            if answer in NO:
                return False
            self.say("  please answer y (yes) or n (no)")


class PrintOnly(TerminalPrompter):
    """Prints; never waits on a question (for runs without a terminal)."""

    def ask(self, question: str, default: str | None = None) -> str:
        raise EOFError

    def confirm(self, question: str, default: bool = True) -> bool:
        raise EOFError


@contextlib.contextmanager
def shown_from(display: str) -> Iterator[None]:
    """An error about a file of the CoP names it as the user can open it from where they
    stand (``my-cop/members.yaml:45:5``, as `copkit check` does), not relative to the CoP."""
    from copkit.errors import CopkitError
    from copkit.model.findings import join_display

    try:
        yield
    except CopkitError as exc:
        if exc.location and not os.path.isabs(exc.location):
            exc.location = join_display(display, exc.location)
        raise


def interactive() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _parent_cop(ctx: typer.Context, cop: Path | None, no_commit: bool = False
                ) -> tuple[Path | None, bool]:
    """--cop and --no-commit given before the subcommand (`copkit plan --cop X set ...`)."""
    parent = ctx.obj
    if isinstance(parent, dict):
        cop = cop if cop is not None else parent.get("cop")
        no_commit = no_commit or bool(parent.get("no_commit"))
    return cop, no_commit


def _language(lang: str | None, ctx: typer.Context | None = None) -> object:
    """--lang (here or given before the subcommand) as a Language, else the charter's."""
    from copkit.steps.translate import CHARTER

    if lang is None and ctx is not None and isinstance(ctx.obj, dict):
        lang = ctx.obj.get("lang")
    return checked(lang) or CHARTER


def _warn_language(status: Any) -> None:
    if status.warning:
        echo(f"warning: charter.yaml: language: {status.warning}", err=True)


def _flag_help(root: Path, display: str, step: int | None) -> int:
    """What to type instead of answering the walk's questions; returns the exit code."""
    from copkit.model.findings import join_display, sort_findings
    from copkit.planning.walk import check_step, steps_to_walk
    from copkit.steps.status import status_for_root

    status, problems = status_for_root(root)
    if step is not None:
        check_step(status.template, step)
    problems = sort_findings(problems + status.findings)
    if problems:
        for f in problems:
            where = join_display(display, f.location) if f.location else ""
            echo(f"error: {where + ': ' if where else ''}{f.message}", err=True)
            if f.hint:
                echo(f"  hint: {f.hint}", err=True)
        echo("copkit plan reads these files to know what to ask: fix them first (copkit check "
             "lists every problem), then run copkit plan again (nothing was written).", err=True)
        return 1
    framing = [f for f in status.framing if not f.done] if step is None else []
    rows = steps_to_walk(status, step)
    if not framing and not rows:
        done = sum(1 for s in status.steps if s.status == "done")
        echo(f"Every planning step is done ({done} of {len(status.steps)}; the others do not "
             "apply yet) and the framing is filled in: there is nothing to ask."
             if done < len(status.steps) else
             "Every planning step is done and the framing is filled in: there is nothing to "
             "ask.")
        echo("`copkit plan status` shows them; `copkit review` reviews them with the members "
             "(step 9, once every review cycle).")
        return 0
    echo("copkit plan asks questions, but there is no terminal to answer them on "
         "(nothing was written).", err=True)
    echo("Give the answers as flags instead:", err=True)
    if framing:
        flags = {"charter.domain.statement": "--domain", "charter.community.description":
                 "--community", "charter.practice.description": "--practice"}
        parts = [f'{flags.get(f.field, "--set " + f.field + "=")} "..."' for f in framing]
        echo(f"  framing: copkit plan set 0 {' '.join(parts)}", err=True)
    for row in rows:
        echo(f"  step {row.number} ({row.step.short}): {row.step.how or 'nothing to ask'}",
             err=True)
    echo("Then `copkit plan status` shows where each step stands.", err=True)
    return 1


# ---------------------------------------------------------------- the walk
plan_app = typer.Typer(invoke_without_command=True, no_args_is_help=False)


@plan_app.callback(invoke_without_command=True)
def plan(
    ctx: typer.Context,
    step: Annotated[int | None, typer.Option(
        "--step", help="Walk this step (even if it is done), then the next open ones.")] = None,
    cop: CopOption = None,
    no_commit: NoCommitOption = False,
    lang: LangOption = None,
) -> None:
    """Walk the planning steps, asking for what is missing.

    Starts at the first step that is not done (or at --step N). For each step it shows the
    guidance and what the records already hold, asks for what is missing, writes the answers
    into the right files (comments kept), and commits once per step. Before step 1 it asks for
    the domain (why), the community (who) and the practices (what) if they are empty. Ctrl-C
    or end of input stops it; what was answered is written and committed. Without a terminal
    it asks nothing and lists the `copkit plan set` flags of every step it would walk (exit
    1; exit 0 when every step is done).

    The steps' titles, guidance and questions are in --lang (default: the charter's
    `language`).

    Example: copkit plan --cop my-cop --step 4 --lang es
    """
    language = _language(lang)
    if ctx.invoked_subcommand is not None:
        # `copkit plan --cop X --lang es status` works too
        ctx.obj = {"cop": cop, "no_commit": no_commit, "lang": lang}
        return
    root, display = resolve_cop(cop)
    if not interactive():
        with shown_from(display):
            code = _flag_help(root, display, step)
        if code:
            raise typer.Exit(code)
        return
    from copkit.planning.walk import Wizard

    try:
        with shown_from(display):
            Wizard(root, TerminalPrompter(), no_commit=no_commit, lang=language).run(step)
    except KeyboardInterrupt:
        echo("\ninterrupted: the answers given so far are written and committed; run "
             "copkit plan again to go on", err=True)
        raise typer.Exit(130) from None
    except EOFError:
        echo("\nend of input: the answers given so far are written and committed; run "
             "copkit plan again to go on", err=True)
        raise typer.Exit(1) from None


# ---------------------------------------------------------------- status
@plan_app.command("status")
def status_cmd(
    ctx: typer.Context,
    cop: CopOption = None,
    output: Annotated[StatusFormat, typer.Option(
        "--format", "-f", help="text (a table) for people, json for programs.")]
    = StatusFormat.text,
    lang: LangOption = None,
) -> None:
    """Where each planning step stands, who does it and by when.

    The table gives each step's status, responsible, deadline, an overdue marker and the next
    action (what is missing, as file and field). Exit 0; 1 when plan.yaml or a file the plan
    reads has an error (shown with path:line:col).

    The steps' titles are in --lang (default: the charter's `language`).

    Example: copkit plan status --format json --lang fr
    """
    from copkit.model.findings import join_display, sort_findings
    from copkit.steps.status import status_for_root

    language = _language(lang, ctx)
    cop, _ = _parent_cop(ctx, cop)
    root, display = resolve_cop(cop)
    with shown_from(display):
        status, problems = status_for_root(root, lang=language)
    _warn_language(status)
    problems = sort_findings(problems + status.findings)
    if output is StatusFormat.json:
        data = status.to_dict()
        data["problems"] = [{"location": join_display(display, f.location) if f.location
                             else "", "message": f.message, "hint": f.hint} for f in problems]
        echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        from copkit.cli.common import console
        from copkit.cli.plan_table import print_status_table

        out = console()
        print_status_table(out, status)
        _print_status_end(out, status)
    for f in problems:
        where = join_display(display, f.location) if f.location else ""
        echo(f"error: {where + ': ' if where else ''}{f.message}", err=True)
        if f.hint:
            echo(f"  hint: {f.hint}", err=True)
    if problems:
        raise typer.Exit(1)


def _print_status_end(out: Any, status: Any) -> None:
    """Below the status table: the framing, how many steps are done, the next one (copkit's
    words in the status's language)."""
    from rich.markup import escape

    from copkit.i18n import translations

    _ = translations(status.language).gettext
    english = status.language is None or status.language.code == "en"
    missing = [f for f in status.framing if not f.done]
    if status.framing:
        words = ", ".join(_("%(field)s: set") % {"field": f.label} if f.done else
                          _("%(field)s: empty") % {"field": f.label} for f in status.framing)
        out.print(_("Framing: %(fields)s") % {"fields": escape(words)})
    done = sum(1 for s in status.steps if s.status == "done")
    out.print(_("%(done)s of %(n)s steps done.") % {"done": done, "n": len(status.steps)})
    nxt = status.first_open()
    if nxt is not None:
        name = nxt.step.short if english else nxt.step.title
        out.print(_("Next: step %(n)s (%(name)s): %(action)s")
                  % {"n": nxt.number, "name": escape(name), "action": escape(nxt.next_action)})
        out.print("  " + (_("run `copkit plan`, or: %(how)s") % {"how": escape(nxt.step.how)}
                          if nxt.step.how else _("run `copkit plan`")))
    elif missing:
        out.print(_("Next: fill in the framing with `copkit plan`"))


# ---------------------------------------------------------------- set
def _many(flag: str, text: str) -> Any:
    return typer.Option(flag, help=text + " (repeat for several).", show_default=False)


# the flags of `plan set`
_StepFlag = Annotated[str, typer.Argument(help="The step number (0 or 'framing' for the "
                                               "domain, community and practices).")]
_MemberFlag = Annotated[list[str] | None, _many("--member", "A member as 'Name <email>'")]
_FacilitatorFlag = Annotated[list[str] | None, _many("--facilitator",
                                                     "A member who facilitates (id or name)")]
_RoleFlag = Annotated[list[str] | None, _many("--role", "A role as MEMBER=ROLE")]
_ResponsibilityFlag = Annotated[list[str] | None, _many(
    "--responsibility", "An expected contribution as MEMBER=TEXT")]
_ChannelsFlag = Annotated[list[str] | None, _many(
    "--channels", "Channels, separated by commas (email,video-call)")]
_FrequencyFlag = Annotated[str | None, typer.Option(
    "--frequency", help="How often members meet: weekly, fortnightly, monthly, "
    "bimonthly, quarterly, biannual, annual.")]
_GroundRuleFlag = Annotated[list[str] | None, _many("--ground-rule", "A ground rule")]
_TopicFlag = Annotated[list[str] | None, _many(
    "--topic", "An agenda topic as 'TITLE', 'TITLE@DATE,DATE' or 'TITLE@DATE@LEAD'; "
    "an existing topic's id instead of a title adds sessions (or a lead) to it")]
_ActivityFlag = Annotated[list[str] | None, _many(
    "--activity", "An activity as 'TITLE=1500 CAD', 'TITLE=none' (no money needed) or "
    "'TITLE=1500 CAD=site-visit' (with its kind), each with its dates after '@' "
    "('TITLE=none@2027-01-14', 'TITLE=1500 CAD@2027-03-10..2027-03-12'); an existing "
    "activity's id instead of a title sets its budget, kind or dates")]
_MeetingFlag = Annotated[list[str] | None, _many("--meeting", "A meeting as 'TITLE@DATE'")]
_KnowledgeCaptureFlag = Annotated[str | None, typer.Option(
    "--knowledge-capture", help="How knowledge from exchanges is captured.")]
_ExternalKnowledgeFlag = Annotated[str | None, typer.Option(
    "--external-knowledge", help="How knowledge from outside is brought in.")]
_DomainFlag = Annotated[str | None, typer.Option(
    "--domain", help="Framing: why the community exists.")]
_CommunityFlag = Annotated[str | None, typer.Option(
    "--community", help="Framing: who should be involved.")]
_PracticeFlag = Annotated[str | None, typer.Option(
    "--practice", help="Framing: what members share.")]
_SetFlag = Annotated[list[str] | None, _many(
    "--set", "Any field the step asks, as charter.FIELD=VALUE")]


@plan_app.command("set")
def set_cmd(
    ctx: typer.Context,
    step: _StepFlag,
    member: _MemberFlag = None,
    facilitator: _FacilitatorFlag = None,
    role: _RoleFlag = None,
    responsibility: _ResponsibilityFlag = None,
    channels: _ChannelsFlag = None,
    frequency: _FrequencyFlag = None,
    ground_rule: _GroundRuleFlag = None,
    topic: _TopicFlag = None,
    activity: _ActivityFlag = None,
    meeting: _MeetingFlag = None,
    knowledge_capture: _KnowledgeCaptureFlag = None,
    external_knowledge: _ExternalKnowledgeFlag = None,
    domain: _DomainFlag = None,
    community: _CommunityFlag = None,
    practice: _PracticeFlag = None,
    set_: _SetFlag = None,
    cop: CopOption = None,
    no_commit: NoCommitOption = False,
) -> None:
    """Answer a planning step with flags (for scripts).

    Every answer is checked before anything is written; then the step's files are written
    (comments kept) and committed once, naming the step. A flag that belongs to another step
    is refused with the step it belongs to. `copkit plan` without a terminal lists the flags
    of every open step (and `copkit plan status --format json` gives them as "how").

    Example: copkit plan set 4 --channels email,video-call --frequency monthly
    """
    from copkit.planning.setflags import Answers, apply_answers

    cop, no_commit = _parent_cop(ctx, cop, no_commit)
    root, display = resolve_cop(cop)
    number = _step_number(step)
    answers = Answers(
        members=member or [], facilitators=facilitator or [], roles=role or [],
        responsibilities=responsibility or [], channels=channels or [], frequency=frequency,
        ground_rules=ground_rule or [], topics=topic or [], activities=activity or [],
        meetings=meeting or [], knowledge_capture=knowledge_capture,
        external_knowledge=external_knowledge, domain=domain, community=community,
        practice=practice, sets=set_ or [])
    with shown_from(display):
        result = apply_answers(root, number, answers, no_commit=no_commit)
    _print_set_result(result)


def _step_number(step: str) -> int:
    """STEP of `plan set`: a number, or 0 ('framing') for the framing."""
    from copkit.errors import UsageError

    text = step.strip().casefold()
    if text in ("framing", "0"):
        return 0
    if text.isdigit():
        return int(text)
    raise UsageError(f"STEP: '{step}' is not a step number",
                     "give the step's number (1, 2, ...) or 0 for the framing")


def _print_set_result(result: Any) -> None:
    from copkit.steps.model import STATUS_WORDS

    label = result.step.label if result.step else "the framing"
    if result.paths:
        echo(f"{label}: wrote {', '.join(result.paths)}")
        for line in result.changes:
            echo(f"  {line}")
        if result.commit:
            echo(f"committed {result.commit[:8]}")
        else:
            echo("not committed (--no-commit): commit "
                 + ("the file" if len(result.paths) == 1 else "the files")
                 + " yourself when ready")
    else:
        echo(f"{label}: nothing changed (the records already hold these answers)")
    if result.status is not None:
        row = result.status
        line = f"step {row.number} is {STATUS_WORDS[row.status]}"
        if row.missing:
            line += ": still needed: " + "; ".join(m.text for m in row.missing[:3])
        echo(line)


# ---------------------------------------------------------------- assign
@plan_app.command("assign")
def assign_cmd(
    ctx: typer.Context,
    step: Annotated[int, typer.Argument(help="The step number.")],
    to: Annotated[str | None, typer.Option(
        "--to", help="The member responsible (id, email or name).")] = None,
    due: Annotated[str | None, typer.Option("--due", help="The deadline, YYYY-MM-DD.")] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="A note on the step.")] = None,
    cop: CopOption = None,
    no_commit: NoCommitOption = False,
) -> None:
    """Who is responsible for a planning step, and by when.

    The responsible must be a current member; the deadline is a date. plan.yaml is edited in
    place (comments kept) and committed. `copkit plan status` and `copkit check` then flag a
    step whose deadline passed before it was done.

    Example: copkit plan assign 4 --to maria-lopez --due 2026-12-15
    """
    from copkit.planning.assign import assign

    cop, no_commit = _parent_cop(ctx, cop, no_commit)
    root, display = resolve_cop(cop)
    with shown_from(display):
        result = assign(root, step, to=to, due=due, notes=notes, no_commit=no_commit)
    if not result.changes:
        echo(f"{result.step.label}: nothing changed (plan.yaml already says so)")
        return
    echo(f"{result.step.label}: wrote plan.yaml")
    for line in result.changes:
        echo(f"  {line}")
    if result.commit:
        echo(f"committed {result.commit[:8]}")
    else:
        echo("not committed (--no-commit): commit plan.yaml yourself when ready")


# ---------------------------------------------------------------- review
def review(
    confirm_all: Annotated[bool, typer.Option(
        "--confirm-all", help="Confirm every step as it stands, without asking.")] = False,
    summary: Annotated[str | None, typer.Option(
        "--summary", help="A one-line summary of the review.")] = None,
    by: Annotated[str | None, typer.Option(
        "--by", help="The member recording the review (default: the facilitator).")] = None,
    cop: CopOption = None,
    no_commit: NoCommitOption = False,
    lang: LangOption = None,
) -> None:
    """Review the plan (step 9) and record the review.

    Shows what changed in the records since the last review (from git: members who joined
    and left, charter changes, topics added or covered, practices added), re-checks the other
    steps and asks the facilitator to confirm or revise each one, then appends the review
    (date, by, summary) to charter.yaml's review log and commits. Without a terminal, give
    --confirm-all (and --by, --summary). The steps' texts are in --lang (default: the
    charter's `language`).

    Example: copkit review --confirm-all --by maria-lopez --summary "All steps still hold"
    """
    from copkit.planning.review import run_review

    language = _language(lang)
    root, display = resolve_cop(cop)
    tty = interactive()
    prompter = TerminalPrompter() if tty else PrintOnly()
    try:
        with shown_from(display):
            result = run_review(root, prompter, interactive=tty, confirm_all=confirm_all,
                                by=by, summary=summary, no_commit=no_commit, lang=language)
    except KeyboardInterrupt:
        echo("\ninterrupted: no review was recorded (steps you revised are committed)",
             err=True)
        raise typer.Exit(130) from None
    except EOFError:
        echo("\nend of input: no review was recorded (steps you revised are committed)",
             err=True)
        raise typer.Exit(1) from None
    who = f" by {result.by}" if result.by else ""
    echo(f"\nreview recorded{who}: {result.summary}")
    if result.commits:
        echo(f"committed {result.commits[-1][:8]}")
    elif no_commit:
        echo("not committed (--no-commit): commit charter.yaml yourself when ready")


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")
    app.command("review")(review)
