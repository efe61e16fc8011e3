"""The walk's questions about members and how to reach them."""

from __future__ import annotations

from typing import Any

from copkit.errors import CopkitError
from copkit.planning.parsing import (
    check_email,
    check_phone,
    email_owner,
)
from copkit.planning.walkstate import WalkState
from copkit.planning.writes import StepWrites
from copkit.records import kinds
from copkit.records.context import MEMBERS, Context
from copkit.records.people import split_person
from copkit.steps.conditions import has_field
from copkit.steps.words import plural


class MembersAsking(WalkState):
    """Members: new ones, and an email or phone for those without."""

    def holds_members(self) -> list[str]:
        current = self.current_members()
        reach = sum(1 for m in current if has_field(m, "email") or has_field(m, "phone")
                    or has_field(m, "email_hash"))
        names = ", ".join(str(m.name) for m in current[:8])
        more = f" and {len(current) - 8} more" if len(current) > 8 else ""
        return [f"{plural(len(current), 'current member')}, {reach} with an email or phone"
                + (f": {names}{more}" if current else "")]

    def ask_members(self, writes: StepWrites) -> None:
        self._fill_contacts(writes)
        self.p.say("Add members one at a time; leave the name empty when done.")
        while True:
            typed = self.p.ask("Member's full name", None).strip()
            if not typed:
                return
            name, email = split_person(typed)  # "Rosa Quispe <rosa@ayllu.pe>" is both
            if not name:
                self.p.say("  a member needs a name: type it as 'Name' or 'Name <email>'")
                continue
            values: dict[str, Any] = {"name": name}
            if email and not self._email_free(email):
                email = None
            email = email or self._ask_email(f"Email address of {name} (empty if none)")
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
                outcome = kinds.add("member", self.root, values, no_commit=True)
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
            if self._email_free(email, member_id):
                return email

    def _email_free(self, email: str, member_id: str | None = None) -> bool:
        """Whether ``email`` is an email address no other member has (else why not, said)."""
        problem = check_email(email)
        if problem is not None:
            self.p.say(f"  {problem}; try again")
            return False
        from copkit.contacts.keys import read_key

        raw = Context(self.root).raw(MEMBERS, "members")
        owner = email_owner(raw, email, except_id=member_id, key=read_key(self.root))
        if owner is None:
            return True
        self.p.say(f"  the email {email} already belongs to {owner.get('name')} "
                   f"({owner.get('id')}); give another one, or leave it empty")
        return False

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
                   and not (has_field(m, "email") or has_field(m, "phone")
                            or has_field(m, "email_hash"))]
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
                    writes.add_outcome(kinds.update("member", self.root, m.id, values,
                                                    no_commit=True))
                except CopkitError as exc:
                    self.p.say(f"  not changed: {exc.message}")

