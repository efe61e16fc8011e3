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
from copkit.steps.words import short


class RolesAsking(WalkState):
    """Facilitators, roles and what each role holder contributes."""

    def holds_facilitator(self) -> list[str]:
        fac = [m for m in self.current_members() if "facilitator" in m.roles]
        more = self._(" and %(n)s more", n=len(fac) - 8) if len(fac) > 8 else ""
        return [self._("facilitator: %(who)s",
                       who=", ".join(f"{m.name} ({m.id})" for m in fac[:8]) + more
                       if fac else self._("nobody yet"))]

    def holds_roles(self) -> list[str]:
        holders = [m for m in self.current_members()
                   if any(r != "participant" for r in m.roles)]
        out = [self.ngettext("%(n)s member with a role other than participant",
                             "%(n)s members with a role other than participant", len(holders))]
        for m in holders[:10]:
            resp = ("; ".join(str(r) for r in m.responsibilities)
                    or self._("no responsibilities yet"))
            out.append(f"  {m.name} ({', '.join(m.roles)}): {short(resp, 60)}")
        return out

    def ask_facilitator(self, writes: StepWrites) -> None:
        directory = self.directory()
        if not directory.people:
            self.p.say(self._("There are no members yet: add them first (step 1)."))
            return
        while True:
            person = choose_member(self.p, directory, self._("Who will facilitate?"),
                                   gettext=self._)
            if person is None:
                return
            writes.add(*give_role(self.root, person.id, "facilitator"))
            self.p.say("  " + self._("%(name)s is a facilitator", name=person.name))
            if not self.p.confirm(
                    self._("Add another facilitator (co-facilitation, rotation)?"), False):
                return
            directory = self.directory_after_reload()

    def ask_roles(self, writes: StepWrites) -> None:
        directory = self.directory()
        if not directory.people:
            self.p.say(self._("There are no members yet: add them first (step 1)."))
            return
        self.p.say(self._("Roles: %(roles)s", roles=", ".join(ROLE_CHOICES)))
        while True:
            person = choose_member(self.p, directory, self._("Give a member a role"),
                                   gettext=self._)
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
                answer = self.p.ask(self._(
                    "What will %(name)s (%(roles)s) contribute? (separate several with ';'; "
                    "empty to skip)", name=m.name, roles=", ".join(m.roles)), None).strip()
                items = [a.strip() for a in answer.split(";") if a.strip()]
                if items:
                    writes.add_outcome(kinds.update("member",
                        self.root, m.id, {"responsibilities": items}, no_commit=True))

    def _ask_role(self, person: Person) -> str | None:
        for i, r in enumerate(ROLE_CHOICES, start=1):
            self.p.say(f"  {i}. {r}")
        ask = Ask(field="role", how="choice", choices=list(ROLE_CHOICES))
        while True:
            answer = self.p.ask(self._("Which role for %(name)s? (a number or a word; empty to "
                                       "skip)", name=person.name), None).strip()
            if not answer:
                return None
            try:
                return choose_value(ask, answer, "role")
            except UsageError as exc:
                self.p.say(f"  {exc.message}")

