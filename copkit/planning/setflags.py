"""`copkit plan set`: the answers of a step given as flags."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from copkit import periods
from copkit.edit import store
from copkit.errors import RecordError, UsageError
from copkit.model.findings import refuse_first
from copkit.planning.answers import Answers as Answers
from copkit.planning.prompter import shielded
from copkit.planning.setplan import SetPlan
from copkit.planning.walk import check_step
from copkit.planning.writes import StepWrites, step_subject
from copkit.records.writing import precheck_git
from copkit.steps.model import Ask, Step, Template
from copkit.steps.status import PlanStatus, StepStatus, status_for_root

# flag -> the field it answers
FIELD_FLAGS = {
    "channels": "charter.ways_of_working.channels",
    "frequency": "charter.ways_of_working.meeting_frequency",
    "ground_rules": "charter.ground_rules",
    "knowledge_capture": "charter.knowledge_capture",
    "external_knowledge": "charter.external_knowledge",
    "domain": "charter.domain.statement",
    "community": "charter.community.description",
    "practice": "charter.practice.description",
}


# flag -> the question set it answers
ASKER_FLAGS = {"members": "members", "facilitators": "facilitator", "roles": "roles",
               "responsibilities": "roles", "topics": "topics", "activities": "activities",
               "meetings": "meeting"}


FLAG_NAMES = {"members": "--member", "facilitators": "--facilitator", "roles": "--role",
              "responsibilities": "--responsibility", "channels": "--channels",
              "frequency": "--frequency", "ground_rules": "--ground-rule", "topics": "--topic",
              "activities": "--activity", "meetings": "--meeting",
              "knowledge_capture": "--knowledge-capture",
              "external_knowledge": "--external-knowledge", "domain": "--domain",
              "community": "--community", "practice": "--practice", "sets": "--set"}


def flag_steps(template: Template, attr: str, path: str | None = None) -> list[int]:
    out = []
    for st in template.steps:
        for ask in st.asks:
            if (path and ask.field == path) or (attr in ASKER_FLAGS
                                                 and ask.asker == ASKER_FLAGS[attr]):
                out.append(st.number)
    return out


@dataclass
class SetResult:
    step: Step | None
    paths: list[str]
    changes: list[str]
    commit: str | None
    status: StepStatus | None


def apply_answers(root: Path, step_number: int, answers: Answers, *,
                  no_commit: bool = False, today: _dt.date | None = None) -> SetResult:
    """`copkit plan set STEP --flags...`: check every answer first, then write them in the
    step's files and commit once, naming the step. Step 0 is the framing (domain, community,
    practices)."""
    root = Path(root)
    day = today or periods.today()
    template = _checked_status(root, day).template
    step = check_step(template, step_number, framing=True)
    if not answers.given():
        raise UsageError("nothing to set: give the answers as flags",
                         step.how if step and step.how else "see copkit plan set --help")
    plan = SetPlan(root, day)
    _parse_flags(template, step, answers, plan)
    plan.people(answers)
    plan.items(answers)
    # ---- write, then commit once
    subject = step_subject(step) if step else "copkit: plan framing (domain, community, practices)"
    writes = StepWrites(root, subject, no_commit)
    precheck_git(root, no_commit)
    with shielded(), store.cop_lock(root):  # the answers and their commit: one transaction
        try:
            plan.write(writes)
        finally:
            paths, changes = list(writes.paths), list(writes.changes)
            writes.finish()
    new_status, _ = status_for_root(root, day)
    return SetResult(step, paths, changes, writes.commit,
                     new_status.get(step.number) if step else None)


def _checked_status(root: Path, day: _dt.date) -> PlanStatus:
    """The plan's status; refused when a file it reads has a problem."""
    status, problems = status_for_root(root, day)
    if problems:
        refuse_first(problems)  # a file check refuses: its finding
        first = problems[0]
        raise RecordError(first.message, "fix it first (copkit check lists every problem)",
                          first.location or None)
    return status


def _parse_flags(template: Template, step: Step | None, answers: Answers,
                 plan: SetPlan) -> None:
    """Check every flag belongs to the step, and parse the field flags into ``plan``."""
    field_asks = {a.field: a for a in (step.asks if step else []) if a.field}
    framing = {a.field: a for a in template.framing}
    askers = {a.asker for a in (step.asks if step else []) if a.asker}

    def ask_for(path: str, flag: str, attr: str) -> Ask:
        ask = field_asks.get(path) or framing.get(path)
        if ask is None and attr == "sets":  # --set: a field any template's step asks
            ask = asked_anywhere(template, path)
        if ask is None:
            not_here(template, step, flag, attr, path)
        assert ask is not None
        return ask

    for attr, flag in FLAG_NAMES.items():
        value = getattr(answers, attr)
        if not value:
            continue
        if attr == "sets":
            for item in value:
                path, sep, text = item.partition("=")
                path = path.strip()
                if not sep:
                    raise UsageError(f"--set: '{item}' is not FIELD=VALUE",
                                     'write it like --set charter.purpose="..."')
                plan.field(ask_for(path, flag + " " + path, attr), text, f"--set {path}")
        elif attr in FIELD_FLAGS:
            ask = ask_for(FIELD_FLAGS[attr], flag, attr)
            for v in value if isinstance(value, list) else [value]:
                plan.field(ask, v, flag)
        elif ASKER_FLAGS[attr] not in askers:
            not_here(template, step, flag, attr, None)


def asked_anywhere(template: Template, path: str) -> Ask | None:
    """The question for a charter field that a step of the active template, or of another
    shipped template, asks (``plan set --set`` accepts it at any step: #15)."""
    from copkit.steps.templates import available_templates, load_template_file, template_path

    templates = [template]
    for name in available_templates():
        if name != template.id:
            found = template_path(None, name)
            other = load_template_file(*found)[0] if found else None
            templates += [other] if other is not None else []
    for t in templates:
        for ask in [a for st in t.steps for a in st.asks] + list(t.framing):
            if ask.field == path:
                return ask
    return None


def _charter_has(path: str) -> bool:
    """Whether a dotted ``charter.x.y`` path names a field of the charter's schema."""
    from copkit.steps.fields import describe_path

    try:
        describe_path(path)
    except ValueError:
        return False
    return True


def not_here(template: Template, step: Step | None, flag: str, attr: str,
              path: str | None) -> None:
    steps = flag_steps(template, attr, path)
    where = f"step {step.number} ({step.short})" if step else "the framing (step 0)"
    if steps:
        hint = f"it answers step{'s' if len(steps) > 1 else ''} " \
               f"{', '.join(str(s) for s in steps)}: copkit plan set " \
               f"{steps[0]} {flag} ..."
    elif path and path.split(".")[-1] in ("goals", "stakeholders", "risks", "policies"):
        hint = f"record them with copkit charter {path.split('.')[-1].rstrip('s')} add ..." \
            if path.split(".")[-1] != "policies" else "copkit charter policy add KIND TEXT"
    elif path and not _charter_has(path):
        hint = f"the charter has no field '{path.removeprefix('charter.')}' " \
               "(docs/format.md lists them; copkit charter show prints them)"
    elif path:
        hint = f"no planning template asks this: set it with copkit charter set " \
               f"{path.removeprefix('charter.')} VALUE"
    else:
        hint = f"the template '{template.id}' asks this in no step"
    raise UsageError(f"{flag} does not belong to {where}", hint)
