"""The walk's questions about the learning agenda and the activities."""

from __future__ import annotations

from typing import Any

from copkit.errors import CopkitError, UsageError
from copkit.planning.directory import choose_member
from copkit.planning.parsing import (
    activity_dates,
    choose_value,
    parse_budget,
)
from copkit.planning.recordedits import update_list_item
from copkit.planning.walkstate import WalkState
from copkit.planning.writes import StepWrites
from copkit.records import kinds as record_kinds
from copkit.records.context import AGENDA
from copkit.steps.conditions import has_field
from copkit.steps.fields import literal_choices
from copkit.steps.model import Ask


class AgendaAsking(WalkState):
    """Topics with their sessions, activities with their budgets."""

    def holds_topics(self) -> list[str]:
        topics = self.cop.agenda.topics
        out = [self.ngettext("%(n)s topic on the learning agenda",
                             "%(n)s topics on the learning agenda", len(topics))]
        for t in topics[:10]:
            when = ", ".join(d.isoformat() for d in t.sessions) or t.status
            out.append(f"  {t.title} ({when})")
        return out

    def holds_activities(self) -> list[str]:
        acts = self.cop.activities
        out = [self.ngettext("%(n)s activity", "%(n)s activities", len(acts))]
        for a in acts[:10]:
            money = (f"{a.budget.amount:g} {a.budget.currency}" if a.budget else
                     self._("no budget needed") if not a.budget_needed
                     else self._("budget not set"))
            out.append(f"  {a.title} ({money})")
        return out

    def ask_topics(self, writes: StepWrites) -> None:
        for t in self.cop.agenda.topics:
            if has_field(t, "sessions") or has_field(t, "status"):
                continue
            dates = self._ask_dates(self._(
                "Session date(s) for '%(title)s' (YYYY-MM-DD, separate with commas; empty: "
                "mark it as planned)", title=t.title))
            values: dict[str, Any] = {"sessions": dates} if dates else {"status": "planned"}
            writes.add(*update_list_item(self.root, AGENDA, "topics", t.id, values))
        directory = self.directory()
        self.p.say(self._("Add topics one at a time; leave the title empty when done."))
        while True:
            title = self.p.ask(self._("A topic members want to learn about"), None).strip()
            if not title:
                return
            dates = self._ask_dates(self._("Session date(s) (YYYY-MM-DD, separate with "
                                           "commas; empty if not scheduled yet)"))
            values = {"title": title, "sessions": dates, "status": "planned"}
            if directory.people:
                lead = choose_member(self.p, directory, self._("Who leads it?"),
                                     gettext=self._)
                if lead is not None:
                    values["lead"] = lead.id
            try:
                outcome = record_kinds.add("topic", self.root, values, no_commit=True)
            except CopkitError as exc:
                self.p.say("  " + self._("not added: %(why)s", why=exc.message))
                continue
            writes.add_outcome(outcome)
            self.p.say("  " + self._("added topic %(id)s", id=outcome.record_id))

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
            values: dict[str, Any] = {} if a.start is not None else \
                self._ask_span(self._("When is '%(title)s'?", title=a.title))
            if a.budget is None and a.budget_needed is not False:
                budget = self._ask_budget(self._(
                    "Budget for '%(title)s': an amount and a currency (1500 CAD), or 'none' "
                    "(empty to skip)", title=a.title))
                if budget is not False:
                    values.update({"budget": budget} if budget else {"budget_needed": False})
            if values:
                writes.add_outcome(record_kinds.update("activity", self.root, a.id, values,
                                                       no_commit=True))
        from copkit.model.schemas import ActivityKind

        kinds = literal_choices(ActivityKind)
        kind_ask = Ask(field="kind", how="choice", choices=kinds)
        self.p.say(self._("Add activities one at a time; leave the title empty when done."))
        self.p.say("  " + self._("kinds: %(kinds)s", kinds=", ".join(kinds)))
        while True:
            title = self.p.ask(self._("An activity that supports sharing"), None).strip()
            if not title:
                return
            values = {"title": title}
            while True:
                kind = self.p.ask(self._("What kind of activity? (a word from the list; empty "
                                         "to skip)"), None).strip()
                if not kind:
                    break
                try:
                    values["kind"] = choose_value(kind_ask, kind, "kind")
                    break
                except UsageError as exc:
                    self.p.say(f"  {exc.message}")
            budget = self._ask_budget(self._("Budget: an amount and a currency (1500 CAD), or "
                                             "'none' if it needs no money"))
            if budget is None:
                values["budget_needed"] = False
            elif budget:
                values["budget"] = budget
            values.update(self._ask_span(self._("When?")))
            try:
                outcome = record_kinds.add("activity", self.root, values, no_commit=True)
            except CopkitError as exc:
                self.p.say("  " + self._("not added: %(why)s", why=exc.message))
                continue
            writes.add_outcome(outcome)
            self.p.say("  " + self._("added activity %(id)s", id=outcome.record_id))

    def _ask_span(self, question: str) -> dict[str, Any]:
        """An activity's dates: START or START..END, asked until they are dates (empty: none;
        step 7 then stays partial, as an activity with no date is counted nowhere)."""
        while True:
            text = self.p.ask(question + " " + self._("A date, or START..END (YYYY-MM-DD; empty "
                                                      "to skip)"), None).strip()
            if not text:
                return {}
            try:
                return activity_dates(f"@{text}")[1] or self._no_date(text)
            except UsageError as exc:
                self.p.say("  " + self._("%(problem)s; try again", problem=exc.message))

    def _no_date(self, text: str) -> dict[str, Any]:
        raise UsageError(f"'{text}' is not a date or START..END")
