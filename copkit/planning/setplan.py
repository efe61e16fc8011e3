"""The writes `copkit plan set` will make, checked before any is made."""

from __future__ import annotations

import datetime as _dt
import typing
from pathlib import Path
from typing import Any

from copkit.errors import RecordError, UsageError
from copkit.planning.charter import CHARTER, extend_field, set_field
from copkit.planning.directory import resolve_member
from copkit.planning.parsing import (
    ROLE_CHOICES,
    activity_dates,
    choose_value,
    parse_budget,
    parse_dates,
    parse_person,
    split_titled,
)
from copkit.planning.recordedits import give_role, member_field, update_list_item
from copkit.planning.writes import StepWrites
from copkit.records import kinds as record_kinds
from copkit.records.context import ACTIVITIES, AGENDA, MEMBERS, Context
from copkit.records.ids import unique_id
from copkit.records.values import validate
from copkit.steps.fields import literal_choices
from copkit.steps.model import Ask
from copkit.text import slugify

if typing.TYPE_CHECKING:
    from copkit.planning.answers import Answers



class SetPlan:
    """The writes `plan set` will make, checked before any is made."""

    def __init__(self, root: Path, today: _dt.date) -> None:
        self.root = root
        self.today = today
        self.text: list[tuple[str, Any]] = []          # (path, value) for one-value fields
        self.lists: dict[str, list[str]] = {}           # path -> items to add
        self.new_members: list[dict[str, Any]] = []
        self.roles: list[tuple[str, str]] = []
        self.responsibilities: dict[str, list[str]] = {}
        self.topics: list[dict[str, Any]] = []
        self.activities: list[dict[str, Any]] = []
        self.meetings: list[dict[str, Any]] = []
        self._raw: list[dict[str, Any]] = []
        self._index: Any = None
        self.topic_updates: list[tuple[str, dict[str, Any]]] = []
        self.activity_updates: list[tuple[str, dict[str, Any]]] = []

    def _existing(self, relpath: str, key: str, ident: str) -> dict[str, Any] | None:
        """The record of ``relpath`` whose id is ``ident`` (flags name one to change it)."""
        from copkit.edit.splice import to_plain

        ctx = Context(self.root)
        for item in ctx.raw(relpath, key):
            if item.get("id") == ident:
                plain: dict[str, Any] = to_plain(item)
                return plain
        return None

    def field(self, ask: Ask, text: str, flag: str) -> None:
        assert ask.field is not None
        if ask.how == "choice":
            self.text.append((ask.field, choose_value(ask, text, flag)))
        elif ask.how == "words":
            self.lists.setdefault(ask.field, []).extend(
                w.strip() for w in text.split(",") if w.strip())
        elif ask.how == "lines":
            if text.strip():
                self.lists.setdefault(ask.field, []).append(text.strip())
        else:
            if not text.strip():
                raise UsageError(f"{flag}: the text is empty")
            self.text.append((ask.field, text.strip()))

    def people(self, answers: Answers) -> None:
        from copkit.contacts.keys import Hasher, read_key
        from copkit.model.schemas import Member
        ctx = Context(self.root)
        raw = ctx.raw(MEMBERS, "members")
        index = ctx.people()
        taken = {str(m.get("id")) for m in raw}
        hasher = Hasher(read_key(self.root))  # the new layout compares email hashes
        emails = {hasher.member_form(dict(m)) for m in raw} - {None}
        for text in answers.members:
            values = parse_person(text)
            email = hasher.form(values.get("email"))
            if email and email in emails:
                raise RecordError(f"--member: the email {values['email']} already belongs to "
                                  "a member", "leave that --member out, or use copkit member "
                                  "update")
            emails.add(email)
            mid = unique_id(slugify(values["name"]) or "member", taken)
            taken.add(mid)
            data = {"id": mid, **values, "joined": self.today}
            validate(Member, data, f"add member '{mid}'")
            self.new_members.append(values)
            index.add(data)

        def person(text: str, flag: str) -> str:
            return resolve_member(raw, text, flag, index)

        for text in answers.facilitators:
            self.roles.append((person(text, "--facilitator"), "facilitator"))
        for text in answers.roles:
            who, sep, role = text.partition("=")
            if not sep:
                raise UsageError(f"--role: '{text}' is not MEMBER=ROLE",
                                 "write it like --role juan-perez=thematic-leader")
            ask = Ask(field="role", how="choice", choices=list(ROLE_CHOICES))
            self.roles.append((person(who, "--role"), choose_value(ask, role, "--role")))
        for text in answers.responsibilities:
            who, sep, what = text.partition("=")
            if not sep or not what.strip():
                raise UsageError(f"--responsibility: '{text}' is not MEMBER=TEXT",
                                 'write it like --responsibility maria-lopez="Convene the '
                                 'monthly call"')
            self.responsibilities.setdefault(person(who, "--responsibility"), []).append(
                what.strip())
        self._index = index
        self._raw = raw

    def items(self, answers: Answers) -> None:
        from copkit.model.schemas import ActivityKind

        for text in answers.topics:
            self._topic(text)
        kinds = Ask(field="kind", how="choice", choices=literal_choices(ActivityKind))
        for text in answers.activities:
            self._activity(text, kinds)
        for text in answers.meetings:
            self._meeting(text)

    def _topic(self, text: str) -> None:
        """--topic TITLE[@DATE,DATE[@LEAD]]: a new topic, or the sessions or lead of one
        already on the agenda."""
        from copkit.model.schemas import Topic

        title, _, rest = text.partition("@")
        if not title.strip():
            raise UsageError(f"--topic: '{text}' has no title before '@'")
        sessions, _, lead = rest.partition("@")
        dates = parse_dates(sessions, "--topic")
        lead_id = resolve_member(self._raw, lead, "--topic (lead)", self._index) \
            if lead.strip() else None
        existing = self._existing(AGENDA, "topics", title.strip())
        if existing is not None:  # an agenda topic already there: its sessions or lead
            old = [d for d in existing.get("sessions") or []
                   if isinstance(d, _dt.date)]
            update: dict[str, Any] = {}
            if dates:
                update["sessions"] = old + [d for d in dates if d not in old]
            elif not existing.get("sessions") and "status" not in existing:
                update["status"] = "planned"
            if lead_id:
                update["lead"] = lead_id
            validate(Topic, {**existing, **update},
                     f"update topic '{existing['id']}'")
            self.topic_updates.append((str(existing["id"]), update))
            return
        values: dict[str, Any] = {"title": title.strip(), "sessions": dates,
                                  "status": "planned"}
        if lead_id:
            values["lead"] = lead_id
        validate(Topic, {"id": "x", **values}, f"add topic '{title.strip()}'")
        self.topics.append(values)

    def _activity(self, text: str, kinds: Ask) -> None:
        """--activity TITLE[=BUDGET|none[=KIND]][@START[..END]]: a new activity, or the
        budget, kind or dates of one already there."""
        from copkit.model.schemas import Activity

        text, dates = activity_dates(text)
        parts = text.split("=")
        title = "=".join(parts[:-2]) if len(parts) > 2 else parts[0]
        budget_text = parts[1] if len(parts) == 2 else parts[-2] if len(parts) > 2 else ""
        if not title.strip():
            raise UsageError(f"--activity: '{text}' has no title",
                             "write it like --activity 'Site visit=1500 CAD=site-visit'")
        values: dict[str, Any] = {"title": title.strip()}
        if len(parts) > 2 and parts[-1].strip():
            values["kind"] = choose_value(kinds, parts[-1], "--activity (kind)")
        if budget_text.strip():
            budget = parse_budget(budget_text)
            values.update({"budget": budget} if budget else {"budget_needed": False})
        values.update(dates)
        existing = self._existing(ACTIVITIES, "activities", title.strip())
        if existing is not None:  # an activity already there: its budget or kind
            change = {k: v for k, v in values.items() if k != "title"}
            validate(Activity, {**existing, **change},
                     f"update activity '{existing['id']}'")
            if change:
                self.activity_updates.append((str(existing["id"]), change))
            return
        validate(Activity, {"id": "x", **values}, f"add activity '{title}'")
        self.activities.append(values)

    def _meeting(self, text: str) -> None:
        """--meeting TITLE@DATE."""
        from copkit.model.schemas import Meeting

        name, when = split_titled(text, "@", "--meeting")
        dates = parse_dates(when or "", "--meeting")
        if len(dates) != 1:
            raise UsageError(f"--meeting: '{text}' needs one date",
                             'write it like --meeting "Launch workshop@2026-05-10"')
        values = {"title": name, "date": dates[0]}
        validate(Meeting, values, f"add meeting '{name}'")
        self.meetings.append(values)

    def write(self, writes: StepWrites) -> None:
        for values in self.new_members:
            writes.add_outcome(record_kinds.add("member", self.root, values, no_commit=True))
        for member_id, role in self.roles:
            writes.add(*give_role(self.root, member_id, role))
        for member_id, items in self.responsibilities.items():
            current = member_field(self.root, member_id, "responsibilities")
            merged = list(current) + [i for i in items if i not in current]
            writes.add_outcome(record_kinds.update("member",
                self.root, member_id, {"responsibilities": merged}, no_commit=True))
        for path, value in self.text:
            writes.add([CHARTER], set_field(self.root, path, value))
        for path, items in self.lists.items():
            writes.add([CHARTER], extend_field(self.root, path, items))
        for topic_id, update in self.topic_updates:
            if update:
                writes.add(*update_list_item(self.root, AGENDA, "topics", topic_id,
                                             update))
        for values in self.topics:
            writes.add_outcome(record_kinds.add("topic", self.root, values, no_commit=True))
        for activity_id, change in self.activity_updates:
            writes.add_outcome(record_kinds.update("activity", self.root, activity_id, change,
                                                   no_commit=True))
        for values in self.activities:
            writes.add_outcome(record_kinds.add("activity", self.root, values, no_commit=True))
        for values in self.meetings:
            writes.add_outcome(record_kinds.add("meeting", self.root, values, no_commit=True))

