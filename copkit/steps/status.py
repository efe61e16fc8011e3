"""Where a CoP stands on every step of its template."""

from __future__ import annotations

import datetime as _dt
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from copkit import periods
from copkit.model.findings import Finding
from copkit.steps.conditions import empty
from copkit.steps.evaluator import Evaluator
from copkit.steps.fields import field_words
from copkit.steps.model import Status, Step, Template
from copkit.steps.planfile import plan_findings
from copkit.steps.rules import Missing, Result
from copkit.steps.templates import require_template

if typing.TYPE_CHECKING:
    from copkit.model.load import Cop


@dataclass
class FramingItem:
    field: str
    label: str
    done: bool
    value: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "label": self.label, "done": self.done,
                "value": self.value}


@dataclass
class StepStatus:
    step: Step
    status: Status
    missing: list[Missing]
    responsible: str | None = None
    responsible_name: str | None = None
    deadline: _dt.date | None = None
    overdue_days: int = 0
    notes: str | None = None

    @property
    def number(self) -> int:
        return self.step.number

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0

    @property
    def done(self) -> bool:
        return self.status in ("done", "n/a")

    @property
    def next_action(self) -> str:
        if self.done:
            return ""
        if self.missing:
            return self.missing[0].text
        return f"complete {self.step.label}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.number, "title": self.step.title, "status": self.status,
            "responsible": self.responsible, "responsible_name": self.responsible_name,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "overdue": self.overdue, "overdue_days": self.overdue_days,
            "next_action": self.next_action or None,
            "how": self.step.how or None,
            "missing": [m.to_dict() for m in self.missing], "notes": self.notes,
        }


@dataclass
class PlanStatus:
    template: Template
    framing: list[FramingItem]
    steps: list[StepStatus]
    findings: list[Finding]
    today: _dt.date
    cop: Any = None
    warning: str | None = None  # the charter's language has no catalog: English is used
    language: Any = None  # the copkit.i18n.Language of its texts (None: English)

    def first_open(self) -> StepStatus | None:
        return next((s for s in self.steps if not s.done), None)

    def get(self, number: int) -> StepStatus | None:
        return next((s for s in self.steps if s.number == number), None)

    def to_dict(self) -> dict[str, Any]:
        nxt = self.first_open()
        return {
            "template": self.template.id, "template_title": self.template.title,
            "today": self.today.isoformat(),
            "framing": [f.to_dict() for f in self.framing],
            "steps": [s.to_dict() for s in self.steps],
            "done": sum(1 for s in self.steps if s.status == "done"),
            "next": {"step": nxt.number, "action": nxt.next_action, "how": nxt.step.how}
            if nxt else None,
            "problems": [{"location": f.location, "message": f.message, "hint": f.hint}
                         for f in self.findings],
        }


def evaluate_step(step: Step, ev: Evaluator) -> Result:
    if step.when is not None and step.when.evaluate(ev).status != "done":
        return Result("n/a")
    return step.rule.evaluate(ev)


def _with_contacts(cop: Cop) -> Cop:
    """The CoP whose members carry their email and phone from contacts.yaml (#20), read only
    when a member has none of email, phone or email_hash in members.yaml (a member reached by
    phone keeps it in contacts.yaml alone); as loaded when there is no such member, no
    contacts.yaml, or one copkit check reports as broken."""
    from copkit.contacts.book import CONTACTS, with_contacts
    from copkit.errors import CopkitError

    if all(m.email or m.phone or getattr(m, "email_hash", None) for m in cop.members) or \
            not (Path(cop.root) / CONTACTS).is_file():
        return cop
    try:
        return with_contacts(cop)  # type: ignore[no-any-return]
    except CopkitError:
        return cop


def plan_status(cop: Cop, template: Template, today: _dt.date) -> PlanStatus:
    """Where the CoP stands on every step of ``template`` on ``today``."""
    cop = _with_contacts(cop)
    ev = Evaluator(cop, today)
    framing = []
    for ask in template.framing:
        values = ev.values(ask.field or "")
        value = values[0] if values and not empty(values[0]) else None
        framing.append(FramingItem(ask.field or "", ask.label or field_words(ask.field or ""),
                                   value is not None, str(value) if value is not None else None))
    entries: dict[int, Any] = {}  # step number -> plan.yaml entry
    if cop.plan is not None:
        for plan_entry in cop.plan.steps:
            entries.setdefault(plan_entry.step, plan_entry)
    members = cop.member_index()
    steps: list[StepStatus] = []
    for step in template.steps:
        result = evaluate_step(step, ev)
        row = StepStatus(step, result.status, result.missing)
        entry = entries.get(step.number)
        if entry is not None:
            row.responsible = entry.responsible
            person = members.get(entry.responsible) if entry.responsible else None
            row.responsible_name = str(person.name) if person else None
            row.deadline = entry.deadline
            row.notes = entry.notes
            if entry.deadline and not row.done and entry.deadline < today:
                row.overdue_days = (today - entry.deadline).days
        steps.append(row)
    return PlanStatus(template, framing, steps, plan_findings(cop, template), today, cop)




def status_for_root(root: Path, day: _dt.date | None = None, lang: object = None
                    ) -> tuple[PlanStatus, list[Finding]]:
    """Load what the template needs from the CoP at ``root`` and evaluate it. Returns the
    status and the problems found reading those files (errors only). With ``lang`` (a
    Language, a code, or copkit.steps.translate.CHARTER) the template's texts are in that
    language."""
    from copkit.errors import NotACopError
    from copkit.model.load import folder_files, looks_like_cop

    root = Path(root)
    if not looks_like_cop(root):
        raise NotACopError(f"{root} is not a CoP folder: it has no charter.yaml or members.yaml",
                           "start one with copkit init DIR, or point at one with --cop DIR")
    cop, _ = _load_checked(root, ["plan.yaml"])  # which template: plan.yaml says
    template = require_template(cop)
    relpaths: list[str] = []
    for rel in sorted(template.files() | {"plan.yaml"}):
        if rel.endswith("/"):
            relpaths.extend(folder_files(root, rel.rstrip("/")))
        else:
            relpaths.append(rel)
    cop, findings = _load_checked(root, relpaths)
    if lang is None:
        return plan_status(cop, template, day or periods.today()), findings
    from copkit.steps.translate import for_cop

    template, language = for_cop(template, cop, lang)
    status = plan_status(cop, template, day or periods.today())
    status.warning, status.language = language.warning, language
    return status, findings


def _load_checked(root: Path, relpaths: list[str]) -> tuple[Cop, list[Finding]]:
    """Like :func:`copkit.records.reading.load_parts`, through the parse cache, keeping the findings
    of the files read (errors only)."""
    from copkit.model.cache import ParseCache
    from copkit.model.load import Cop, _load_one, read_sources

    cop = Cop(root=Path(root))
    findings: list[Finding] = []
    ids: dict[str, set[str]] = {k: set() for k in
                                ("members", "topics", "groups", "goals", "activities")}
    present = [r for r in relpaths if (cop.root / r).is_file()]
    cache = ParseCache(cop.root)
    sources = read_sources(cop.root, present, findings, cache)
    for relpath in present:
        sm = sources.get(relpath)
        if sm is not None:
            cop.sources[relpath] = sm
            _load_one(cop, relpath, sm, findings, ids)
    cache.save()
    cop.meetings.sort(key=lambda m: (m.date, m.id))
    cop.known_ids = ids
    return cop, [f for f in findings if f.severity == "error"]
