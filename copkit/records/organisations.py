"""What adding an organisation, an evidence record or an outcome measure checks beyond the
steps every record kind follows (:mod:`copkit.records.kinds`), and recording a new value of
an outcome measure (:func:`copkit.records.kindverbs.record_value`: an update of the
measure's `values`, under the same lock and through the same update as any other).

An organisation is named by its id or its name (case and accents ignored: the one rule of
:mod:`copkit.model.organisations`); a name is turned into the id before the record is
written.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from copkit.errors import RecordError
from copkit.records.context import CHARTER as CHARTER
from copkit.records.context import Context, require_refs, unknown_record
from copkit.text import slugify

ORGANISATIONS = "organisations.yaml"
ORGANISATION_FIELDS = ("id", "name", "kind", "country", "joined", "objectives")
EVIDENCE_FIELDS = ("id", "organisation", "date", "kind", "objective", "summary", "practice",
                   "story", "survey", "question", "staff", "source")
MEASURE_FIELDS = ("id", "name", "unit", "better", "baseline", "values")

Values = dict[str, Any]


def vet_organisation(ctx: Context, new_id: str, data: Values) -> None:
    """Objectives given as statements get ids (o1, o2... or kept when given)."""
    objectives = data.get("objectives")
    if not objectives:
        return
    out = []
    for n, ob in enumerate(objectives, 1):
        if isinstance(ob, Mapping):
            out.append(dict(ob))
        else:
            out.append({"id": f"o{n}", "statement": ob})
    data["objectives"] = out


def _organisations(ctx: Context) -> list[dict[str, Any]]:
    return ctx.raw(ORGANISATIONS, "organisations")


def organisation_id(ctx: Context, text: str, flag: str = "--organisation") -> str:
    """The id of the organisation ``text`` names (its id or name, folded)."""
    from copkit.text import fold

    orgs = _organisations(ctx)
    for org in orgs:
        if text == org.get("id"):
            return text
    wanted = fold(text)
    for org in orgs:
        if wanted in (fold(str(org.get("id", ""))), fold(str(org.get("name", "")))):
            return str(org["id"])
    raise unknown_record("organisation", text, [str(o.get("id")) for o in orgs],
                         "copkit organisation list")


def vet_evidence(ctx: Context, new_id: str, data: Values) -> None:
    if "organisation" in data:
        data["organisation"] = organisation_id(ctx, str(data["organisation"]))


def check_evidence(ctx: Context, obj: Any, what: str) -> None:
    """The objective is one of the organisation's; the practice, story and survey exist;
    the question is one of the survey's."""
    org = next((o for o in _organisations(ctx) if o.get("id") == obj.organisation), {})
    objectives = {str(o.get("id")) for o in org.get("objectives") or []
                  if isinstance(o, Mapping)}
    require_refs([obj.objective], objectives, f"objective of '{obj.organisation}'",
                 "--objective")
    for name, folder in (("practice", "practices"), ("story", "stories"),
                         ("survey", "surveys")):
        require_refs([getattr(obj, name)], ctx.record_ids(folder), name, f"--{name}")
    if obj.question is not None:
        if obj.survey is None:
            raise RecordError("--question needs the --survey it belongs to")
        _check_question(ctx, obj.survey, obj.question)


def _check_question(ctx: Context, survey: str, question: str) -> None:
    from copkit.yaml.read import read_file

    data = read_file(ctx.root / f"surveys/{survey}.yaml", f"surveys/{survey}.yaml").data
    ids = {str(q.get("id")) for q in (data.get("questions") or [])
           if isinstance(q, Mapping)} if isinstance(data, Mapping) else set()
    require_refs([question], ids, f"question of survey '{survey}'", "--question")


def evidence_id(ctx: Context, values: Mapping[str, Any], given: str | None) -> str:
    """A new evidence record's id: the one given (refused when taken), else made from the
    organisation, the kind and the date."""
    from copkit.records.ids import unique_id

    taken = ctx.quick_ids(ORGANISATIONS, "evidence")
    if given is not None:
        if given in taken:
            raise RecordError(f"the evidence id '{given}' already exists", "choose another --id")
        return given
    org = values.get("organisation")
    org = organisation_id(ctx, str(org)) if org else ""
    base = slugify(f"{org} {values.get('kind', '')} "
                   f"{values.get('date') or ''}", 60) or "evidence"
    return unique_id(base, taken)


# ---------------------------------------------------------------- outcome measures
def measure_values(root: Path, measure_id: str) -> list[dict[str, Any]]:
    """The values recorded for the measure (under the caller's lock)."""
    ctx = Context(root)
    lf = ctx.list_file(CHARTER)
    index = lf.find("outcome_measures", measure_id)
    if index is None:
        raise unknown_record("outcome measure", measure_id,
                             ctx.ids(CHARTER, "outcome_measures"), "copkit outcome list")
    values = lf.item("outcome_measures", index).get("values") or []
    return [dict(v) for v in values if isinstance(v, Mapping)]


# ---------------------------------------------------------------- updates
def revise_organisation(ctx: Context, record_id: str, current: Mapping[str, Any],
                        values: Values, extra: Mapping[str, Any]) -> Values:
    """``organisation update --objective TEXT``: each statement is added as a new objective
    with the next free id (o3...); the objectives there keep theirs (evidence names them)."""
    from copkit.records.values import clean

    added = clean({"--objective": extra.get("objectives") or []}).get("--objective") or []
    if not added:
        return values
    objectives = [dict(o) for o in current.get("objectives") or [] if isinstance(o, Mapping)]
    taken = {str(o.get("id")) for o in objectives}
    n = len(objectives)
    for statement in added:
        n += 1
        while f"o{n}" in taken:
            n += 1
        taken.add(f"o{n}")
        objectives.append({"id": f"o{n}", "statement": statement})
    return {**values, "objectives": objectives}


def revise_measure(ctx: Context, record_id: str, current: Mapping[str, Any],
                   values: Values, extra: Mapping[str, Any]) -> Values:
    """``outcome update --baseline V`` on a measure without a baseline: dated today unless
    ``--baseline-date`` is given (a baseline given in part to one that has a baseline keeps
    its other fields: the update merges them)."""
    from copkit.periods import today

    baseline = values.get("baseline")
    if isinstance(baseline, Mapping) and not current.get("baseline"):
        return {**values, "baseline": {"date": today(), **baseline}}
    return values
