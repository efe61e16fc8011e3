"""The rows of each table of `copkit export` from a loaded CoP (`copkit.export.schema`
names the columns). Plain Python values: dates as `datetime.date`, counts as int, money as
float; the writers give them their types. `Ids` stands for how members appear: their ids, or
with --pseudonymise keyed hashes (and then names and free text that holds them are left
out)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from copkit.export import pseudo

if TYPE_CHECKING:
    from copkit.model import schemas as s
    from copkit.model.load import Cop

Row = dict[str, Any]


class Ids:
    """Members as the export shows them: `member(id)` is the id, or its keyed hash."""

    def __init__(self, key: bytes | None) -> None:
        self.key = key
        self._cache: dict[str, str] = {}

    @property
    def pseudonymised(self) -> bool:
        return self.key is not None

    def member(self, member_id: str | None) -> str | None:
        if member_id is None or self.key is None:
            return member_id
        found = self._cache.get(member_id)
        if found is None:
            found = self._cache[member_id] = pseudo.pseudonym(self.key, member_id)
        return found

    def text(self, value: object) -> str | None:
        """Free text that may name people: kept, or left out when pseudonymised."""
        return None if self.key is not None or value is None else str(value)


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def members(cop: Cop, ids: Ids, person_key: bytes | None, contacts: dict[str, Any],
            include_contacts: bool) -> list[Row]:
    """`contacts`: the members' contact details by id (`copkit.contacts`): their directory
    consent, their email's keyed hash (`person`, with a key) and, with `include_contacts`,
    the details of those who agreed to be in the directory."""
    from copkit.model.organisations import OrgIndex

    orgs = OrgIndex(cop.organisations)
    rows = []
    for m in cop.members:
        contact = contacts.get(m.id)
        consent = getattr(contact, "consent", None)
        directory = bool(getattr(consent, "directory", m.consent.directory))
        row: Row = {"member": ids.member(m.id), "name": ids.text(m.name),
                    "organisation": _str(m.organisation),
                    "organisation_id": orgs.match(_str(m.organisation)),
                    "country": m.country, "level": m.level, "roles": list(m.roles),
                    "joined": m.joined, "expertise": [str(x) for x in m.expertise],
                    "left_on": m.left, "consent_public": m.consent.public,
                    "consent_directory": directory, "email_hash": m.email_hash,
                    "person": None}
        email = getattr(contact, "email", None) or m.email
        if person_key is not None and email:
            row["person"] = pseudo.person(person_key, str(email))
        if include_contacts:
            shown = contact is not None and directory
            for name in ("email", "phone", "preferred_channel"):
                row[name] = _str(getattr(contact, name, None)) if shown else None
        rows.append(row)
    return rows


def meetings(cop: Cop, ids: Ids) -> list[Row]:
    return [{"meeting": m.id, "date": m.date, "title": str(m.title), "format": m.format,
             "duration_minutes": m.duration_minutes, "facilitator": ids.member(m.facilitator),
             "attendees": len(set(m.attendees)), "guests": len(m.guests),
             "topics": list(m.topics), "actions": len(m.actions)} for m in cop.meetings]


def attendance(cop: Cop, ids: Ids) -> list[Row]:
    return [{"meeting": m.id, "date": m.date, "member": ids.member(a),
             "minutes": m.duration_minutes}
            for m in cop.meetings for a in dict.fromkeys(m.attendees)]


def guests(cop: Cop, ids: Ids) -> list[Row]:
    return [{"meeting": m.id, "date": m.date, "name": ids.text(g.name),
             "organisation": _str(g.organisation), "role": _str(g.role)}
            for m in cop.meetings for g in m.guests]


def practices(cop: Cop, ids: Ids, added: dict[str, Any]) -> list[Row]:
    """`added`: the day each practice was added (its record's, else git's)."""
    return [{"practice": p.id, "title": str(p.title), "kind": p.kind, "status": p.status,
             "source": p.source, "visibility": p.visibility, "added": added.get(p.id),
             "contributors": [ids.member(c) for c in p.contributors],
             "topics": list(p.topics), "adoptions": len(p.adoptions)} for p in cop.practices]


def topics(cop: Cop, ids: Ids) -> list[Row]:
    return [{"topic": t.id, "title": str(t.title), "status": t.status,
             "lead": ids.member(t.lead), "thematic_group": t.group, "goals": list(t.goals),
             "sessions": sorted(t.sessions), "questions": [str(q) for q in t.questions]}
            for t in cop.agenda.topics]


def actions(cop: Cop, ids: Ids) -> list[Row]:
    return [{"meeting": m.id, "date": m.date, "number": n, "action": ids.text(a.action),
             "owner": ids.member(a.owner), "due": a.due, "done": a.done}
            for m in cop.meetings for n, a in enumerate(m.actions, 1)]


def _money(value: s.Money | None) -> tuple[float | None, str | None]:
    return (None, None) if value is None else (float(value.amount), str(value.currency))


def activities(cop: Cop, ids: Ids) -> list[Row]:
    rows = []
    for a in cop.activities:
        budget, currency = _money(a.budget)
        spent, spent_currency = _money(a.spent)
        rows.append({"activity": a.id, "title": str(a.title), "kind": a.kind,
                     "status": a.status, "owner": ids.member(a.owner), "start_date": a.start,
                     "end_date": a.end, "budget": budget, "budget_currency": currency,
                     "spent": spent, "spent_currency": spent_currency,
                     "budget_needed": a.budget_needed, "topics": list(a.topics)})
    return rows


def stories(cop: Cop, ids: Ids) -> list[Row]:
    return [{"story": st.id, "title": ids.text(st.title), "date": st.date,
             "member": ids.member(st.member), "goals": list(st.goals),
             "furthest_cycle": st.cycles.furthest(), "evidence": len(st.evidence)}
            for st in cop.stories]


def survey_responses(cop: Cop, ids: Ids) -> list[Row]:
    rows = []
    for sv in cop.surveys:
        questions = {q.id: q for q in sv.questions}
        for n, r in enumerate(sv.responses, 1):
            for qid, answer in r.answers.items():
                q = questions.get(qid)
                number = isinstance(answer, (int, float)) and not isinstance(answer, bool)
                rows.append({"survey": sv.id, "survey_date": sv.date, "invited": sv.invited,
                             "response": n, "respondent": ids.member(r.respondent),
                             "submitted": r.submitted, "question": qid,
                             "question_text": str(q.text) if q else None,
                             "indicator": q.indicator if q else None,
                             "scale": q.scale if q else None,
                             "answer_number": float(answer) if number else None,
                             "answer_text": None if number else ids.text(answer)})
    return rows


def plan_steps(cop: Cop, ids: Ids, today: _dt.date) -> list[Row]:
    """plan.yaml's steps, each done or not on `today` by the planning template's rules."""
    if cop.plan is None:
        return []
    from copkit.steps.status import plan_status
    from copkit.steps.templates import template_for

    template, _ = template_for(cop)
    done = None if template is None else \
        {row.number for row in plan_status(cop, template, today).steps if row.done}
    return [{"step": int(st.step), "responsible": ids.member(st.responsible),
             "deadline": st.deadline, "done": None if done is None else st.step in done}
            for st in cop.plan.steps]


def goals(cop: Cop, ids: Ids) -> list[Row]:
    return [{"goal": g.id, "statement": str(g.statement)}
            for g in (cop.charter.goals if cop.charter else [])]


def organisations(cop: Cop, ids: Ids) -> list[Row]:
    return [{"organisation": o.id, "name": str(o.name), "kind": _str(o.kind),
             "country": o.country, "joined": o.joined} for o in cop.organisations]


def objectives(cop: Cop, ids: Ids) -> list[Row]:
    return [{"organisation": o.id, "objective": ob.id, "statement": str(ob.statement)}
            for o in cop.organisations for ob in o.objectives]


def evidence(cop: Cop, ids: Ids) -> list[Row]:
    return [{"evidence": ev.id, "organisation": ev.organisation, "date": ev.date,
             "kind": ev.kind, "objective": ev.objective, "practice": ev.practice,
             "staff": ev.staff, "summary": ids.text(ev.summary)} for ev in cop.evidence]


def outcome_values(cop: Cop, ids: Ids) -> list[Row]:
    rows = []
    for m in cop.charter.outcome_measures if cop.charter else []:
        values = [(v, False) for v in m.values]
        if m.baseline is not None:
            values.insert(0, (m.baseline, True))
        rows += [{"measure": m.id, "name": str(m.name), "unit": _str(m.unit),
                  "better": m.better, "date": v.date, "value": float(v.value),
                  "baseline": baseline, "source": _str(v.source)} for v, baseline in values]
    return rows


def indicators(report: dict[str, Any]) -> list[Row]:
    """The report's data (`copkit.output.report.build_report`) flattened, one row a figure."""
    period = report["period"]
    start, end = (_dt.date.fromisoformat(period[k]) for k in ("start", "end"))
    return [{"period": period["label"], "period_start": start, "period_end": end,
             "indicator": i["id"], "level": i["level"], "figure": f["key"],
             "label": f["label"], "value": _float(f["number"]),
             "previous": _float(f["previous_number"]), "unit": f["unit"],
             "better": f["better"], "reason": f["reason"]}
            for lv in report["levels"] for i in lv["indicators"] for f in i["figures"]]


def health(report: dict[str, Any], ids: Ids) -> list[Row]:
    """The report's health scorecard, one row a line."""
    return [{"number": h["number"], "factor": h["factor"], "status": h["status"],
             "evidence": ids.text(h["evidence"])} for h in report["health"] or []]


def _float(value: float | int | None) -> float | None:
    return None if value is None else float(value)


# table name -> rows from (cop, ids); the others need more (members, practices, indicators)
SIMPLE: dict[str, Callable[[Cop, Ids], list[Row]]] = {
    "meetings": meetings, "attendance": attendance, "guests": guests, "topics": topics,
    "actions": actions, "activities": activities, "stories": stories,
    "survey_responses": survey_responses, "goals": goals, "organisations": organisations,
    "objectives": objectives, "evidence": evidence, "outcome_values": outcome_values,
}
