"""The planning walk (`copkit plan`)."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copkit import records
from copkit.errors import CopkitError, RecordError, UsageError
from copkit.model.findings import refuse_first
from copkit.planning.advice import review_due
from copkit.planning.charter import CHARTER, charter_value, extend_field, set_field
from copkit.planning.conditions import has_field
from copkit.planning.directory import Directory, Person, choose_member
from copkit.planning.fields import literal_choices
from copkit.planning.model import STATUS_WORDS, Ask, Step, Template
from copkit.planning.parsing import (
    ROLE_CHOICES,
    check_email,
    check_phone,
    choose_value,
    email_owner,
    parse_budget,
    parse_dates,
)
from copkit.planning.prompter import Prompter
from copkit.planning.recordedits import give_role, update_list_item
from copkit.planning.reviewlog import default_reviewer, write_review
from copkit.planning.status import PlanStatus, StepStatus, status_for_root
from copkit.planning.words import plural, ranges, short
from copkit.planning.writes import StepWrites, step_subject


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


@dataclass
class WalkResult:
    commits: list[str] = field(default_factory=list)
    steps_walked: list[int] = field(default_factory=list)
    status: PlanStatus | None = None

class Wizard:
    """Walks the template's steps with a person, writing and committing as it goes."""

    def __init__(self, root: Path, prompter: Prompter, *, no_commit: bool = False,
                 today: _dt.date | None = None) -> None:
        self.root = Path(root)
        self.p = prompter
        self.no_commit = no_commit
        self.today = today or records.today()
        self.result = WalkResult()
        self.status: PlanStatus = self.reload()

    # ------------------------------------------------------------ state
    def reload(self) -> PlanStatus:
        status, problems = status_for_root(self.root, self.today)
        if problems:
            refuse_first(problems)  # a file check refuses: its finding
            first = problems[0]
            raise RecordError(
                f"{first.message} ({plural(len(problems), 'problem')} in the files the plan "
                "uses)",
                "fix it first (copkit check lists every problem), then run copkit plan again",
                first.location or None)
        self.status = status
        return status

    @property
    def template(self) -> Template:
        return self.status.template

    @property
    def cop(self) -> Any:
        return self.status.cop

    def directory(self) -> Directory:
        return Directory([m for m in self.status.cop.members
                          if m.left is None or m.left > self.today])

    # ------------------------------------------------------------ driving
    def run(self, step: int | None = None) -> WalkResult:
        records.precheck_git(self.root, self.no_commit)
        t = self.template
        if step is not None:
            check_step(t, step)
        self.p.say(f"{t.title} — {self.cop.name}")
        if step is None:
            self.framing()
            first = self.status.first_open()
            if first is None:
                self.p.say("Every step is done. Run `copkit plan --step N` to revise one, or "
                           "`copkit review` for the regular review.")
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
                self.p.say(f"\nStep {number} ({st.short}) does not apply yet.")
                continue
            if row.done and number != step:
                self.p.say(f"\nStep {number} ({st.short}) is done.")
                continue
            self.walk_step(st, revise=number == step)
            later = [n for n in numbers[i + 1:]
                     if (r := self.status.get(n)) is not None and not r.done]
            if later and not self.p.confirm(f"Go on to step {later[0]}?", True):
                break
        self.result.status = self.status
        done = sum(1 for s in self.status.steps if s.status == "done")
        self.p.say(f"\n{done} of {len(self.status.steps)} steps done. "
                   "`copkit plan status` shows where each one stands.")
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

    def _commit(self, writes: StepWrites, interrupted: bool = False) -> None:
        sha = writes.finish(interrupted)
        if sha:
            self.result.commits.append(sha)
            self.p.say(f"committed {sha[:8]}: {writes.subject}")

    def walk_step(self, st: Step, revise: bool = False) -> None:
        """Walk one step. Fields that already hold something are asked again only when the
        step is being revised (--step N, or a revision during `copkit review`)."""
        row = self.status.get(st.number)
        assert row is not None
        total = len(self.template.steps)
        self.p.say(f"\n=== Step {st.number} of {total}: {st.title} ===")
        if st.guidance:
            self.p.say(st.guidance)
        if st.questions:
            self.p.say("Questions to think about:")
            for q in st.questions:
                self.p.say(f"  - {q}")
        if st.fills:
            self.p.say("Answers go to: " + "; ".join(st.fills))
        self.show_records(st)
        self.p.say(f"Status: {status_line(row)}")
        writes = StepWrites(self.root, step_subject(st), self.no_commit)
        self.result.steps_walked.append(st.number)
        try:
            for ask in st.asks:
                if ask.field and not revise and charter_value(self.root, ask.field) \
                        not in (None, "", []):
                    continue  # already answered: the step is walked for what is missing
                self.ask(ask, writes)
            if not st.asks and st.how:
                self.p.say(f"copkit does not ask anything here; when it happens: {st.how}")
        except (KeyboardInterrupt, EOFError):
            self._commit(writes, interrupted=True)
            raise
        self._commit(writes)
        self.reload()
        after = self.status.get(st.number)
        if after is not None:
            self.p.say(f"Step {st.number}: {status_line(after)}")

    # ------------------------------------------------------------ what the records hold
    def show_records(self, st: Step) -> None:
        lines: list[str] = []
        for ask in st.asks:
            lines.extend(self._holds(ask))
        if lines:
            self.p.say("The records hold:")
            for line in lines:
                self.p.say(f"  {line}")

    def _holds(self, ask: Ask) -> list[str]:
        cop = self.cop
        current = [m for m in cop.members if m.left is None or m.left > self.today]
        if ask.field:
            value = charter_value(self.root, ask.field)
            label = ask.field.split(".", 1)[1]
            if value in (None, "", []):
                return [f"{label}: (empty)"]
            if isinstance(value, list):
                return [f"{label}: " + "; ".join(short(v, 50) for v in value[:8])
                        + (f" (+{len(value) - 8})" if len(value) > 8 else "")]
            return [f"{label}: {short(value, 70)}"]
        if ask.asker == "members":
            reach = sum(1 for m in current if has_field(m, "email") or has_field(m, "phone"))
            names = ", ".join(str(m.name) for m in current[:8])
            more = f" and {len(current) - 8} more" if len(current) > 8 else ""
            return [f"{plural(len(current), 'current member')}, {reach} with an email or phone"
                    + (f": {names}{more}" if current else "")]
        if ask.asker == "facilitator":
            fac = [m for m in current if "facilitator" in m.roles]
            more = f" and {len(fac) - 8} more" if len(fac) > 8 else ""
            return ["facilitator: " + (", ".join(f"{m.name} ({m.id})" for m in fac[:8]) + more
                                       if fac else "nobody yet")]
        if ask.asker == "roles":
            holders = [m for m in current if any(r != "participant" for r in m.roles)]
            out = [f"{plural(len(holders), 'member')} with a role other than participant"]
            for m in holders[:10]:
                resp = "; ".join(str(r) for r in m.responsibilities) or "no responsibilities yet"
                out.append(f"  {m.name} ({', '.join(m.roles)}): {short(resp, 60)}")
            return out
        if ask.asker == "topics":
            topics = cop.agenda.topics
            out = [f"{plural(len(topics), 'topic')} on the learning agenda"]
            for t in topics[:10]:
                when = ", ".join(d.isoformat() for d in t.sessions) or t.status
                out.append(f"  {t.title} ({when})")
            return out
        if ask.asker == "activities":
            acts = cop.activities
            out = [plural(len(acts), "activity", "activities")]
            for a in acts[:10]:
                money = (f"{a.budget.amount:g} {a.budget.currency}" if a.budget else
                         "no budget needed" if not a.budget_needed else "budget not set")
                out.append(f"  {a.title} ({money})")
            return out
        if ask.asker == "meeting":
            return [f"{plural(len(cop.meetings), 'meeting')} recorded"
                    + (f", the last on {cop.meetings[-1].date}" if cop.meetings else "")]
        if ask.asker == "review":
            latest, due, cycle = review_due(cop)
            if latest is None:
                return [f"no review recorded yet (cycle: {cycle})"]
            return [f"last review {latest.isoformat()}, next due {due} ({cycle} cycle)"]
        return []

    # ------------------------------------------------------------ asking
    def ask(self, ask: Ask, writes: StepWrites) -> None:
        if ask.field:
            self.ask_field(ask, writes)
            return
        method = getattr(self, f"ask_{ask.asker}")
        method(writes)
        self.reload()

    def ask_field(self, ask: Ask, writes: StepWrites) -> None:
        assert ask.field is not None
        current = charter_value(self.root, ask.field)
        question = ask.prompt or ask.field
        if ask.how == "text":
            answer = self.p.ask(question + (" (empty keeps the current text)" if current
                                            else " (empty to skip)"), None).strip()
            if answer:
                writes.add([CHARTER], set_field(self.root, ask.field, answer))
        elif ask.how == "choice":
            for i, c in enumerate(ask.choices, start=1):
                self.p.say(f"  {i}. {c}")
            while True:
                answer = self.p.ask(question + " (a number or a word; empty to "
                                    + ("keep it)" if current else "skip)"), None).strip()
                if not answer:
                    return
                try:
                    value = choose_value(ask, answer, "answer")
                except UsageError as exc:
                    self.p.say(f"  {exc.message}" + (f" ({exc.hint})" if exc.hint else ""))
                    continue
                writes.add([CHARTER], set_field(self.root, ask.field, value))
                return
        elif ask.how == "words":
            if ask.examples:
                self.p.say("  for example: " + ", ".join(ask.examples))
            answer = self.p.ask(question + " (empty to skip)", None).strip()
            words = [w.strip() for w in answer.split(",") if w.strip()]
            if words:
                writes.add([CHARTER], extend_field(self.root, ask.field, words))
        else:  # lines
            while True:
                answer = self.p.ask(question, None).strip()
                if not answer:
                    return
                writes.add([CHARTER], extend_field(self.root, ask.field, [answer]))

    # ---- members
    def ask_members(self, writes: StepWrites) -> None:
        self._fill_contacts(writes)
        self.p.say("Add members one at a time; leave the name empty when done.")
        while True:
            name = self.p.ask("Member's full name", None).strip()
            if not name:
                return
            values: dict[str, Any] = {"name": name}
            email = self._ask_email(f"Email address of {name} (empty if none)")
            if email:
                values["email"] = email
            else:
                phone = self._ask_phone(f"Phone number of {name} (empty if none)")
                if phone:
                    values["phone"] = phone
                else:
                    self.p.say("  without an email or phone, step 1 stays partial until one "
                               "is added")
            try:
                outcome = records.add_member(self.root, values, no_commit=True)
            except CopkitError as exc:
                self.p.say(f"  not added: {exc.message}")
                continue
            writes.add_outcome(outcome)
            self.p.say(f"  added {outcome.record_id}")

    def _ask_email(self, question: str, member_id: str | None = None) -> str | None:
        """An email address, asked until it is one that no other member has (None: empty)."""
        while True:
            email = self.p.ask(question, None).strip()
            if not email:
                return None
            problem = check_email(email)
            if problem is None:
                raw = records.Context(self.root).raw(records.MEMBERS, "members")
                owner = email_owner(raw, email, except_id=member_id)
                if owner is None:
                    return email
                problem = (f"the email {email} already belongs to {owner.get('name')} "
                           f"({owner.get('id')}); give another one, or leave it empty")
                self.p.say(f"  {problem}")
                continue
            self.p.say(f"  {problem}; try again")

    def _ask_phone(self, question: str) -> str | None:
        """A phone number, asked until it is one (None: left empty)."""
        while True:
            phone = self.p.ask(question, None).strip()
            if not phone:
                return None
            problem = check_phone(phone)
            if problem is None:
                return phone
            self.p.say(f"  {problem}; try again")

    def _fill_contacts(self, writes: StepWrites) -> None:
        lacking = [m for m in self.cop.members if (m.left is None or m.left > self.today)
                   and not (has_field(m, "email") or has_field(m, "phone"))]
        if not lacking:
            return
        verb = "has" if len(lacking) == 1 else "have"
        if not self.p.confirm(f"{plural(len(lacking), 'member')} {verb} no email or phone. Add "
                              f"{'one' if len(lacking) == 1 else 'them'} now?",
                              len(lacking) <= 10):
            return
        for m in lacking:
            email = self._ask_email(f"Email address of {m.name} (empty to skip)", m.id)
            values = {"email": email} if email else {}
            if not email:
                phone = self._ask_phone(f"Phone number of {m.name} (empty to skip)")
                values = {"phone": phone} if phone else {}
            if values:
                try:
                    writes.add_outcome(records.update_member(self.root, m.id, values,
                                                             no_commit=True))
                except CopkitError as exc:
                    self.p.say(f"  not changed: {exc.message}")

    # ---- facilitator and roles
    def ask_facilitator(self, writes: StepWrites) -> None:
        directory = self.directory()
        if not directory.people:
            self.p.say("There are no members yet: add them first (step 1).")
            return
        while True:
            person = choose_member(self.p, directory, "Who will facilitate?")
            if person is None:
                return
            writes.add(*give_role(self.root, person.id, "facilitator"))
            self.p.say(f"  {person.name} is a facilitator")
            if not self.p.confirm("Add another facilitator (co-facilitation, rotation)?",
                                  False):
                return
            directory = self.directory_after_reload()

    def directory_after_reload(self) -> Directory:
        self.reload()
        return self.directory()

    def ask_roles(self, writes: StepWrites) -> None:
        directory = self.directory()
        if not directory.people:
            self.p.say("There are no members yet: add them first (step 1).")
            return
        self.p.say("Roles: " + ", ".join(ROLE_CHOICES))
        while True:
            person = choose_member(self.p, directory, "Give a member a role")
            if person is None:
                break
            role = self._ask_role(person)
            if role is None:
                continue
            writes.add(*give_role(self.root, person.id, role))
            self.p.say(f"  {person.name}: {role}")
            directory = self.directory_after_reload()
        self.reload()
        for m in self.cop.members:
            if (m.left is None or m.left > self.today) and \
                    any(r != "participant" for r in m.roles) and not m.responsibilities:
                answer = self.p.ask(f"What will {m.name} ({', '.join(m.roles)}) contribute? "
                                    "(separate several with ';'; empty to skip)", None).strip()
                items = [a.strip() for a in answer.split(";") if a.strip()]
                if items:
                    writes.add_outcome(records.update_member(
                        self.root, m.id, {"responsibilities": items}, no_commit=True))

    def _ask_role(self, person: Person) -> str | None:
        for i, r in enumerate(ROLE_CHOICES, start=1):
            self.p.say(f"  {i}. {r}")
        ask = Ask(field="role", how="choice", choices=list(ROLE_CHOICES))
        while True:
            answer = self.p.ask(f"Which role for {person.name}? (a number or a word; empty "
                                "to skip)", None).strip()
            if not answer:
                return None
            try:
                return choose_value(ask, answer, "role")
            except UsageError as exc:
                self.p.say(f"  {exc.message}")

    # ---- agenda, activities, meetings
    def ask_topics(self, writes: StepWrites) -> None:
        for t in self.cop.agenda.topics:
            if has_field(t, "sessions") or has_field(t, "status"):
                continue
            dates = self._ask_dates(f"Session date(s) for '{t.title}' (YYYY-MM-DD, separate "
                                    "with commas; empty: mark it as planned)")
            values: dict[str, Any] = {"sessions": dates} if dates else {"status": "planned"}
            writes.add(*update_list_item(self.root, records.AGENDA, "topics", t.id, values))
        directory = self.directory()
        self.p.say("Add topics one at a time; leave the title empty when done.")
        while True:
            title = self.p.ask("A topic members want to learn about", None).strip()
            if not title:
                return
            dates = self._ask_dates("Session date(s) (YYYY-MM-DD, separate with commas; "
                                    "empty if not scheduled yet)")
            values = {"title": title, "sessions": dates, "status": "planned"}
            if directory.people:
                lead = choose_member(self.p, directory, "Who leads it?")
                if lead is not None:
                    values["lead"] = lead.id
            try:
                outcome = records.add_topic(self.root, values, no_commit=True)
            except CopkitError as exc:
                self.p.say(f"  not added: {exc.message}")
                continue
            writes.add_outcome(outcome)
            self.p.say(f"  added topic {outcome.record_id}")

    def _ask_dates(self, question: str) -> list[_dt.date]:
        while True:
            answer = self.p.ask(question, None)
            try:
                return parse_dates(answer, "date")
            except UsageError as exc:
                self.p.say(f"  {exc.message} ({exc.hint}); try again")

    def _ask_budget(self, question: str) -> dict[str, Any] | bool | None:
        """A budget, None for 'no money needed', False when left empty."""
        while True:
            answer = self.p.ask(question, None).strip()
            if not answer:
                return False
            try:
                return parse_budget(answer)
            except UsageError as exc:
                self.p.say(f"  {exc.message}: {exc.hint}")

    def ask_activities(self, writes: StepWrites) -> None:
        for a in self.cop.activities:
            if a.budget is not None or not a.budget_needed:
                continue
            budget = self._ask_budget(f"Budget for '{a.title}': an amount and a currency "
                                      "(1500 CAD), or 'none' (empty to skip)")
            if budget is False:
                continue
            values: dict[str, Any] = {"budget": budget} if budget else {"budget_needed": False}
            writes.add_outcome(records.update_activity(self.root, a.id, values, no_commit=True))
        from copkit.model.schemas import ActivityKind

        kinds = literal_choices(ActivityKind)
        kind_ask = Ask(field="kind", how="choice", choices=kinds)
        self.p.say("Add activities one at a time; leave the title empty when done.")
        self.p.say("  kinds: " + ", ".join(kinds))
        while True:
            title = self.p.ask("An activity that supports sharing", None).strip()
            if not title:
                return
            values = {"title": title}
            while True:
                kind = self.p.ask("What kind of activity? (a word from the list; empty to "
                                  "skip)", None).strip()
                if not kind:
                    break
                try:
                    values["kind"] = choose_value(kind_ask, kind, "kind")
                    break
                except UsageError as exc:
                    self.p.say(f"  {exc.message}")
            budget = self._ask_budget("Budget: an amount and a currency (1500 CAD), or "
                                      "'none' if it needs no money")
            if budget is None:
                values["budget_needed"] = False
            elif budget:
                values["budget"] = budget
            try:
                outcome = records.add_activity(self.root, values, no_commit=True)
            except CopkitError as exc:
                self.p.say(f"  not added: {exc.message}")
                continue
            writes.add_outcome(outcome)
            self.p.say(f"  added activity {outcome.record_id}")

    def ask_meeting(self, writes: StepWrites) -> None:
        title = self.p.ask("Title of the meeting (empty to skip)", None).strip()
        if not title:
            return
        while True:
            dates = self._ask_dates("Its date (YYYY-MM-DD)")
            if len(dates) == 1:
                break
            self.p.say("  one date, please")
        outcome = records.new_meeting(self.root, {"title": title, "date": dates[0]},
                                      no_commit=True)
        writes.add_outcome(outcome)
        self.p.say(f"  added meeting {outcome.record_id}")

    def ask_review(self, writes: StepWrites) -> None:
        if not self.p.confirm("Record a review of steps 1-8 as they stand now?", True):
            return
        by = choose_member(self.p, self.directory(), "Who reviewed them?",
                           default=default_reviewer(self.cop, self.today))
        summary = self.p.ask("A one-line summary of the review", None).strip()
        paths, changes = write_review(self.root, self.today, by.id if by else None,
                                             summary or None)
        writes.add(paths, changes)


def status_line(row: StepStatus) -> str:
    text = STATUS_WORDS[row.status]
    if row.missing:
        text += " — still needed: " + "; ".join(m.text for m in row.missing[:2])
    return text
