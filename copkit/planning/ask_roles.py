"""The walk's questions about facilitators, roles and responsibilities."""

from __future__ import annotations

from copkit.errors import UsageError
from copkit.planning.directory import Person, choose_member
from copkit.planning.parsing import (
    ROLE_CHOICES,
    choose_value,
)
from copkit.planning.recordedits import give_role
from copkit.planning.walkstate import WalkState
from copkit.planning.writes import StepWrites
from copkit.records import kinds
from copkit.steps.model import Ask
from copkit.steps.words import plural, short


class RolesAsking(WalkState):
    """Facilitators, roles and what each role holder contributes."""

    def holds_facilitator(self) -> list[str]:
        fac = [m for m in self.current_members() if "facilitator" in m.roles]
        more = f" and {len(fac) - 8} more" if len(fac) > 8 else ""
        return ["facilitator: " + (", ".join(f"{m.name} ({m.id})" for m in fac[:8]) + more
                                   if fac else "nobody yet")]

    def holds_roles(self) -> list[str]:
        holders = [m for m in self.current_members()
                   if any(r != "participant" for r in m.roles)]
        out = [f"{plural(len(holders), 'member')} with a role other than participant"]
        for m in holders[:10]:
            resp = "; ".join(str(r) for r in m.responsibilities) or "no responsibilities yet"
            out.append(f"  {m.name} ({', '.join(m.roles)}): {short(resp, 60)}")
        return out

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
                    writes.add_outcome(kinds.update("member",
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

