"""plan.yaml's entries checked against the template and the members."""

from __future__ import annotations

import re
import typing

from copkit.model.findings import Finding
from copkit.steps.model import Template
from copkit.steps.templates import template_for
from copkit.steps.words import ranges

if typing.TYPE_CHECKING:
    from copkit.model.load import Cop


def plan_findings(cop: Cop, template: Template) -> list[Finding]:
    """plan.yaml entries naming a step the template does not have, a step twice, or a
    responsible who is not a member. Read from the file's data, so they are found together
    with the schema's own findings (a deadline that is not a date, say) rather than after
    those are fixed."""
    from copkit.model.load import did_you_mean
    from copkit.model.schemas import SLUG_PATTERN

    sm = cop.sources.get("plan.yaml")
    data = sm.data if sm is not None else None
    entries = data.get("steps") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return []
    out: list[Finding] = []
    numbers = template.numbers
    members = set(cop.member_index()) | cop.known_ids.get("members", set())
    check_members = cop.sources.get("members.yaml") is not None
    seen: dict[int, int] = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue  # the schema says what is wrong with it
        number = entry.get("step")
        if isinstance(number, int) and not isinstance(number, bool) and number >= 1:
            if number not in numbers:
                out.append(cop.finding(
                    "unknown-step", f"step {number} is not a step of the template "
                    f"'{template.id}' (it has steps {ranges(numbers)})", "plan.yaml",
                    ["steps", i, "step"], "fix the step number, or remove this entry"))
            elif number in seen:
                line, _ = cop.where("plan.yaml", ["steps", seen[number], "step"])
                out.append(cop.finding(
                    "duplicate-step", f"step {number} has two entries in plan.yaml",
                    "plan.yaml", ["steps", i, "step"],
                    f"the first one is at line {line}; merge them into one"))
            seen.setdefault(number, i)
        responsible = entry.get("responsible")
        if check_members and isinstance(responsible, str) and responsible not in members \
                and re.match(SLUG_PATTERN, responsible):
            guess = did_you_mean(responsible, sorted(members))
            of = f" of step {number}" if isinstance(number, int) else ""
            out.append(cop.finding(
                "bad-reference", f"unknown member id '{responsible}' as the responsible{of}",
                "plan.yaml", ["steps", i, "responsible"],
                f"did you mean '{guess}'?" if guess else
                "the responsible must be a member (copkit member add, or fix the id)"))
    return out


def plan_file_findings(cop: Cop) -> list[Finding]:
    """Every problem of plan.yaml that planning knows about, all at once: a template that
    cannot be used (unknown, or a custom one with a malformed rule) and the entries that do
    not fit the template or the members. ``copkit check`` reports these even when other files
    have errors (the advisors, which give the same findings, run only on a CoP without
    errors)."""
    template, problems = template_for(cop)
    if template is None:
        return problems
    return problems + plan_findings(cop, template)
