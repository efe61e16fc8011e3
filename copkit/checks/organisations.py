"""`copkit check` on organisations.yaml and the charter's outcome measures: the ids each
evidence record names (its organisation and objective, the practice, story, survey and
question it points at), ids used twice, and members' or adoptions' `organisation` texts
that name no organisation of the file (a warning: they are free text, see
:mod:`copkit.model.organisations`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from copkit.checks.refs import Refs, raw_ids
from copkit.model.organisations import OrgIndex

if TYPE_CHECKING:
    from copkit.model.load import Cop

FILE = "organisations.yaml"


def organisation_refs(r: Refs, cop: Cop) -> None:
    """The findings go to ``r.out``."""
    r.duplicates(raw_ids(cop, FILE, "organisations"), "organisation", FILE, "organisations")
    r.duplicates(raw_ids(cop, FILE, "evidence"), "evidence", FILE, "evidence")
    if cop.charter:
        r.duplicates([m.id for m in cop.charter.outcome_measures], "outcome measure",
                     "charter.yaml", "outcome_measures")
    orgs = OrgIndex(cop.organisations)
    pool = cop.known_ids.get("organisations", set())
    for ev in cop.evidence:
        _evidence_refs(r, cop, ev, orgs, pool)
    if orgs:
        _free_text(r, cop, orgs)


def _evidence_refs(r: Refs, cop: Cop, ev: Any, orgs: OrgIndex, pool: set[str]) -> None:
    i = r.idx(FILE, "evidence", ev.id)
    loc: list[Any] = ["evidence", i]
    r.ref(ev.organisation, pool, "organisation", FILE, [*loc, "organisation"])
    org = orgs.by_id.get(ev.organisation)
    ids = [o.id for o in org.objectives] if org is not None else []
    if org is not None and ev.objective is not None and ev.objective not in ids:
        r.out.append(cop.finding(
            "bad-reference", f"unknown objective id '{ev.objective}' of organisation "
            f"'{org.id}'", FILE, [*loc, "objective"],
            f"its objectives are {', '.join(ids)}" if ids else
            f"'{org.id}' lists no objective yet: add it under its objectives"))
    known = cop.known_ids
    r.ref(ev.practice, known.get("practices", set()), "practice", FILE, [*loc, "practice"])
    r.ref(ev.story, known.get("stories", set()), "story", FILE, [*loc, "story"])
    r.ref(ev.survey, known.get("surveys", set()), "survey", FILE, [*loc, "survey"])
    survey = next((sv for sv in cop.surveys if sv.id == ev.survey), None)
    if survey is not None and ev.question is not None:
        r.ref(ev.question, {q.id for q in survey.questions}, f"question of survey "
              f"'{survey.id}'", FILE, [*loc, "question"])


def _free_text(r: Refs, cop: Cop, orgs: OrgIndex) -> None:
    """A member's or an adoption's organisation that names none of the file's."""
    hint = ("write the organisation's name or id as organisations.yaml has it, or add it "
            "there (copkit organisation add)")
    for m in cop.members:
        if m.organisation and orgs.match(m.organisation) is None:
            r.out.append(cop.finding(
                "unknown-organisation", f"member '{m.id}': the organisation "
                f"'{m.organisation}' is not in organisations.yaml", "members.yaml",
                ["members", r.idx("members.yaml", "members", m.id), "organisation"], hint,
                "warning"))
    for p in cop.practices:
        for i, ad in enumerate(p.adoptions):
            if orgs.match(ad.organisation) is None:
                r.out.append(cop.finding(
                    "unknown-organisation", f"the adopting organisation '{ad.organisation}' "
                    "is not in organisations.yaml", f"practices/{p.id}.yaml",
                    ["adoptions", i, "organisation"], hint, "warning"))
