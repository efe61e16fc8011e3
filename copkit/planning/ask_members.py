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


class MembersAsking(WalkState):
    """Members: new ones, and an email or phone for those without."""

    def holds_members(self) -> list[str]:
        current = self.current_members()
        reach = sum(1 for m in current if has_field(m, "email") or has_field(m, "phone")
                    or has_field(m, "email_hash"))
        names = ", ".join(str(m.name) for m in current[:8])
        more = self._(" and %(n)s more", n=len(current) - 8) if len(current) > 8 else ""
        return [self.ngettext("%(n)s current member, %(reach)s with an email or phone",
                              "%(n)s current members, %(reach)s with an email or phone",
                              len(current), reach=reach)
                + (f": {names}{more}" if current else "")]

    def ask_members(self, writes: StepWrites) -> None:
        self._fill_contacts(writes)
        self.p.say(self._("Add members one at a time; leave the name empty when done."))
        while True:
            typed = self.p.ask(self._("Member's full name"), None).strip()
            if not typed:
                return
            name, email = split_person(typed)  # "Rosa Quispe <rosa@ayllu.pe>" is both
            if not name:
                self.p.say("  " + self._("a member needs a name: type it as 'Name' or "
                                         "'Name <email>'"))
                continue
            values: dict[str, Any] = {"name": name}
            if email and not self._email_free(email):
                email = None
            email = email or self._ask_email(self._("Email address of %(name)s (empty if none)",
                                                   name=name))
            if email:
                values["email"] = email
            else:
                phone = self._ask_phone(self._("Phone number of %(name)s (empty if none)",
                                                   name=name))
                if phone:
                    values["phone"] = phone
                else:
                    self.p.say("  " + self._("without an email or phone, step 1 stays partial "
                                             "until one is added"))
            try:
                outcome = kinds.add("member", self.root, values, no_commit=True)
            except CopkitError as exc:
                self.p.say("  " + self._("not added: %(why)s", why=exc.message))
                continue
            writes.add_outcome(outcome)
            self.p.say("  " + self._("added %(id)s", id=outcome.record_id))

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
            self.p.say("  " + self._("%(problem)s; try again", problem=problem))
            return False
        from copkit.contacts.keys import read_key

        raw = Context(self.root).raw(MEMBERS, "members")
        owner = email_owner(raw, email, except_id=member_id, key=read_key(self.root))
        if owner is None:
            return True
        self.p.say("  " + self._("the email %(email)s already belongs to %(name)s (%(id)s); give "
                                 "another one, or leave it empty", email=email,
                                 name=owner.get("name"), id=owner.get("id")))
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
            self.p.say("  " + self._("%(problem)s; try again", problem=problem))

    def _fill_contacts(self, writes: StepWrites) -> None:
        lacking = [m for m in self.cop.members if (m.left is None or m.left > self.today)
                   and not (has_field(m, "email") or has_field(m, "phone")
                            or has_field(m, "email_hash"))]
        if not lacking:
            return
        if not self.p.confirm(self.ngettext("%(n)s member has no email or phone. Add one now?",
                                            "%(n)s members have no email or phone. Add them "
                                            "now?", len(lacking)), len(lacking) <= 10):
            return
        for m in lacking:
            email = self._ask_email(self._("Email address of %(name)s (empty to skip)",
                                         name=m.name), m.id)
            values = {"email": email} if email else {}
            if not email:
                phone = self._ask_phone(self._("Phone number of %(name)s (empty to skip)",
                                                name=m.name))
                values = {"phone": phone} if phone else {}
            if values:
                try:
                    writes.add_outcome(kinds.update("member", self.root, m.id, values,
                                                    no_commit=True))
                except CopkitError as exc:
                    self.p.say("  " + self._("not changed: %(why)s", why=exc.message))

