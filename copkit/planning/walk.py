"""The planning walk (`copkit plan`); its flag form is :mod:`copkit.planning.setflags`, the
action plan :mod:`copkit.planning.assign`. What it asks for each question set of a template is
in the ``ask_*`` modules, which :class:`Wizard` combines.

The walk asks through a small :class:`Prompter` protocol (``say``, ``ask``, ``confirm``), so
this module never imports typer and tests drive it with scripted answers. Every answer is
checked on the spot (an email that is not an email, a date in the wrong format is asked again)
and written at once through the round-trip writers (:func:`copkit.edit.store.edit` for the charter
and plan.yaml, :mod:`copkit.records` for members, topics, activities and meetings), so the
scaffold's comments stay where they were. Each step ends with one commit naming it
(``copkit: plan step 4 (communication and meetings)``). Ctrl-C or the end of input stop the
walk: every file is already complete (writes are atomic), and what was answered in the
current step is committed before the walk stops.
"""

from __future__ import annotations

from collections.abc import Callable

from copkit.errors import UsageError
from copkit.i18n import translations
from copkit.planning.ask_agenda import AgendaAsking
from copkit.planning.ask_fields import FieldAsking
from copkit.planning.ask_meetings import MeetingsAsking
from copkit.planning.ask_members import MembersAsking
from copkit.planning.ask_roles import RolesAsking
from copkit.planning.charter import CHARTER, charter_value, set_field
from copkit.planning.walkstate import WalkResult
from copkit.planning.writes import StepWrites, step_subject
from copkit.records.writing import precheck_git
from copkit.steps.model import Ask, Step, Template
from copkit.steps.status import PlanStatus, StepStatus
from copkit.steps.terms import status_word
from copkit.steps.words import ranges


def check_step(template: Template, number: int, framing: bool = False) -> Step | None:
    """The template's step ``number`` (None for 0, the framing, when ``framing``); a usage
    error naming the steps there are otherwise."""

    if framing and number == 0:
        return None
    st = template.step(number)
    if st is None:
        steps = ranges(template.numbers)
        raise UsageError(f"there is no step {number} in the template '{template.id}'",
                         f"the steps are {steps}" + (", and 0 for the framing" if framing
                                                    else ""))
    return st


def steps_to_walk(status: PlanStatus, step: int | None = None) -> list[StepStatus]:
    """The steps `copkit plan` (``--step N``) would walk, in order: from the first open step
    (or from N, walked even when done), every later step that is not done and applies."""
    if step is None:
        first = status.first_open()
        if first is None:
            return []
        step = start = first.number
        walk_done = False
    else:
        start = step
        walk_done = True
    return [row for row in status.steps if row.number >= start and row.status != "n/a"
            and (not row.done or (walk_done and row.number == step))]


class Wizard(FieldAsking, MembersAsking, RolesAsking, AgendaAsking, MeetingsAsking):
    """Walks the template's steps with a person, writing and committing as it goes; what it
    asks for each question set is in its ask_* module."""

    # ------------------------------------------------------------ driving
    def run(self, step: int | None = None) -> WalkResult:
        precheck_git(self.root, self.no_commit)
        t = self.template
        if step is not None:
            check_step(t, step)
        self.p.say(f"{t.title} — {self.cop.name}")
        if step is None:
            self.framing()
            first = self.status.first_open()
            if first is None:
                self.p.say(self._("Every step is done. Run `copkit plan --step N` to revise one, "
                                  "or `copkit review` for the regular review."))
                self.result.status = self.status
                return self.result
            start = first.number
        else:
            start = step
        numbers = [n for n in t.numbers if n >= start]
        for i, number in enumerate(numbers):
            row = self.status.get(number)
            st = t.step(number)
            assert row is not None and st is not None
            if row.status == "n/a":
                self.p.say("\n" + self._("Step %(n)s (%(name)s) does not apply yet.", n=number,
                                               name=st.short))
                continue
            if row.done and number != step:
                self.p.say("\n" + self._("Step %(n)s (%(name)s) is done.", n=number,
                                               name=st.short))
                continue
            self.walk_step(st, revise=number == step)
            later = [n for n in numbers[i + 1:]
                     if (r := self.status.get(n)) is not None and not r.done]
            if later and not self.p.confirm(self._("Go on to step %(n)s?", n=later[0]), True):
                break
        self.result.status = self.status
        done = sum(1 for s in self.status.steps if s.status == "done")
        self.p.say("\n" + self._(
            "%(n)s of %(total)s steps done. `copkit plan status` shows where each one stands.",
            n=done, total=len(self.status.steps)))
        return self.result

    def framing(self) -> None:
        missing = [a for a, item in zip(self.template.framing, self.status.framing,
                                        strict=True) if not item.done]
        if not missing:
            return
        t = self.template
        self.p.say(f"\n{t.framing_title}")
        if t.framing_guidance:
            self.p.say(t.framing_guidance)
        writes = StepWrites(self.root, "copkit: plan framing (domain, community, practices)",
                            self.no_commit)
        try:
            for ask in missing:
                self.p.say(f"\n{ask.label or ask.field}")
                answer = self.p.ask(ask.prompt or ask.field or "", None).strip()
                if answer and ask.field:
                    writes.add([CHARTER], set_field(self.root, ask.field, answer))
        except (KeyboardInterrupt, EOFError):
            self._commit(writes, interrupted=True)
            raise
        self._commit(writes)
        self.reload()

    def walk_step(self, st: Step, revise: bool = False) -> None:
        """Walk one step. Fields that already hold something are asked again only when the
        step is being revised (--step N, or a revision during `copkit review`)."""
        row = self.status.get(st.number)
        assert row is not None
        total = len(self.template.steps)
        self.p.say("\n" + self._("=== Step %(n)s of %(total)s: %(title)s ===", n=st.number,
                                       total=total, title=st.title))
        if st.guidance:
            self.p.say(st.guidance)
        if st.questions:
            self.p.say(self._("Questions to think about:"))
            for q in st.questions:
                self.p.say(f"  - {q}")
        if st.fills:
            self.p.say(self._("Answers go to: %(where)s", where="; ".join(st.fills)))
        self.show_records(st)
        self.p.say(self._("Status: %(status)s", status=self.status_line(row)))
        writes = StepWrites(self.root, step_subject(st), self.no_commit)
        self.result.steps_walked.append(st.number)
        try:
            for ask in st.asks:
                if ask.field and not revise and charter_value(self.root, ask.field) \
                        not in (None, "", []):
                    continue  # already answered: the step is walked for what is missing
                self.ask(ask, writes)
            if not st.asks and st.how:
                self.p.say(self._("copkit does not ask anything here; when it happens: %(how)s",
                                   how=st.how))
        except (KeyboardInterrupt, EOFError):
            self._commit(writes, interrupted=True)
            raise
        self._commit(writes)
        self.reload()
        after = self.status.get(st.number)
        if after is not None:
            self.p.say(self._("Step %(n)s: %(status)s", n=st.number,
                               status=self.status_line(after)))

    def status_line(self, row: StepStatus) -> str:
        """A step's status in the walk's language; what it still needs as the template's
        rules name it (English)."""
        text = status_word(row.status, translations(self.status.language))
        if row.missing:
            text += self._(" — still needed: %(what)s",
                           what="; ".join(m.text for m in row.missing[:2]))
        return text

    # ------------------------------------------------------------ what the records hold
    def show_records(self, st: Step) -> None:
        lines: list[str] = []
        for ask in st.asks:
            lines.extend(self._holds(ask))
        if lines:
            self.p.say(self._("The records hold:"))
            for line in lines:
                self.p.say(f"  {line}")

    def _holds(self, ask: Ask) -> list[str]:
        if ask.field:
            return self.holds_field(ask.field)
        holds: Callable[[], list[str]] | None = getattr(self, f"holds_{ask.asker}", None)
        return holds() if holds is not None else []

    # ------------------------------------------------------------ asking
    def ask(self, ask: Ask, writes: StepWrites) -> None:
        if ask.field:
            self.ask_field(ask, writes)
            return
        method = getattr(self, f"ask_{ask.asker}")
        method(writes)
        self.reload()

