"""Evaluation completed: E1-E3 with their confidence (n, response rate, a caution under 10
answers), knowledge questions in E4, E5 benefits members bring, E6 needs against the agenda;
and the stage self-assessment (S1, and its lines in `copkit review`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from copkit.indicators import compute
from copkit.indicators.model import Metrics
from copkit.indicators.stage_review import review_lines
from copkit.model.load import Cop, load_cop
from copkit.periods import parse_period

TODAY = dt.date(2026, 12, 15)
MEMBERS = """members:
  - {id: ana, name: Ana, organisation: Org A, joined: 2025-01-01, expertise: [GIS, Fire ecology]}
  - {id: ben, name: Ben, organisation: Org A, joined: 2025-01-01, expertise: [gis]}
  - {id: cai, name: Cai, organisation: Org B, joined: 2025-01-01, roles: [facilitator]}
"""
AGENDA = """topics:
  - {id: burns, title: Prescribed burning in pine forests, status: in-progress}
  - {id: radios, title: Radio networks for brigades, status: dropped}
"""


def write(root: Path, files: dict[str, str], charter: str = "name: Eval CoP\n") -> Cop:
    for rel, text in {"charter.yaml": charter, "members.yaml": MEMBERS, **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return load_cop(root, use_cache=False).cop


def metrics(cop: Cop) -> Metrics:
    return compute(cop, parse_period("2026"), TODAY)


# ---------------------------------------------------------------- confidence
ONE = """title: Quick poll
date: 2026-05-01
invited: 20
questions:
  - {id: q1, text: Satisfied?, scale: 5, indicator: satisfaction}
  - {id: q2, text: What did you learn?, scale: 5, indicator: knowledge}
responses:
  - {respondent: ana, answers: {q1: 4, q2: 3}}
"""


def test_a_survey_of_one_is_shown_with_a_caution_never_a_percentage_alone(
        tmp_path: Path) -> None:
    m = metrics(write(tmp_path, {"surveys/poll.yaml": ONE}))
    e1 = m.by_id("E1")
    rate = next(f for f in e1.figures if f.label == "response rate")
    assert rate.shown == "5%"
    assert e1.notes == [
        "Surveys of the period: 1 response(s); 1 of 20 invited answered (5%).",
        "Caution: n = 1; fewer than 10 members answered, so these figures are an indication, "
        "not a measure of the community."]
    assert m.by_id("E3").notes == e1.notes  # the same confidence on E2 and E3
    # the knowledge question is read by E4
    e4 = {f.label: f.value for f in m.by_id("E4").figures}
    assert e4["knowledge: mean"] == 3.0 and e4["knowledge: answers (n)"] == 1


def test_no_survey_no_confidence_note(tmp_path: Path) -> None:
    m = metrics(write(tmp_path, {}))
    assert m.by_id("E1").notes == []
    assert "knowledge: mean" not in {f.label for f in m.by_id("E4").figures}


# ---------------------------------------------------------------- E5
def test_benefits_members_bring(tmp_path: Path) -> None:
    cop = write(tmp_path, {"meetings/2026-03-01-a.yaml": "date: 2026-03-01\ntitle: A\n"
                           "attendees: [ana, ben, cai]\nfacilitator: cai\n",
                           "practices/p.yaml": "title: P\nadded: 2026-04-01\n"
                           "contributors: [ana, ben]\n"})
    m = metrics(cop)
    e5 = m.by_id("E5")
    assert {f.label: f.value for f in e5.figures} == {
        "organisations contributing": 2, "areas of expertise": 2,
        "members listing expertise": 2}
    assert e5.tables[0].rows == [["Org A", "2", "2", "2", "Fire ecology, GIS"],
                                 ["Org B", "1", "1", "1", ""]]
    # "GIS" and "gis" are one area of expertise, named as first written
    assert e5.tables[1].rows == [["GIS", "2", "2"], ["Fire ecology", "1", "1"]]


# ---------------------------------------------------------------- E6
NEEDS = """title: Baseline
date: 2025-05-01
questions:
  - {id: n1, text: What do you need most?, indicator: needs}
  - {id: n2, text: How much do you need help with funding?, scale: 5, indicator: needs}
responses:
  - {respondent: ana, answers: {n1: Guidance on prescribed burns, n2: 4}}
  - {respondent: ben, answers: {n1: guidance on PRESCRIBED burns, n2: 2}}
  - {respondent: cai, answers: {n1: Radios for our members}}
"""


def test_needs_against_the_agenda(tmp_path: Path) -> None:
    m = metrics(write(tmp_path, {"surveys/base.yaml": NEEDS,
                                 "learning-agenda.yaml": AGENDA}))
    e6 = m.by_id("E6")
    assert {f.label: f.value for f in e6.figures} == {
        "needs stated": 3, "needs the agenda covers": 1, "needs no topic covers": 2}
    # "prescribed" (and "burns"/"burning" do not match: words, not stems) meets the topic;
    # the radios topic is dropped; "members" is too common a word to link anything
    assert e6.tables[0].rows == [
        ["Guidance on prescribed burns", "2", "burns"],
        ["Radios for our members", "1", "none"],
        ["How much do you need help with funding?", "2 (mean 3.0/5)", "none"]]
    assert e6.notes == ["Caution: n = 3; fewer than 10 members answered, so these needs may "
                        "not be the community's."]


# ---------------------------------------------------------------- S1
STAGED = "name: Eval CoP\nstage: coalescing\npurpose: Learn to burn safely\n" \
         "ways_of_working: {meeting_frequency: monthly}\n"


def test_stage_self_assessment(tmp_path: Path) -> None:
    meetings = {f"meetings/2026-0{n}-01-m.yaml": f"date: 2026-0{n}-01\ntitle: M\n"
                f"attendees: [ana, ben]\nfacilitator: {'cai' if n % 2 else 'ana'}\n"
                for n in (1, 2, 3)}
    cop = write(tmp_path, {**meetings, "learning-agenda.yaml": AGENDA}, charter=STAGED)
    m = metrics(cop)
    s1 = m.by_id("S1")
    assert [(f.label, f.value) for f in s1.figures] == [
        ("signs of coalescing", 2), ("signs of maturing (the next stage)", 1)]
    assert s1.tables[0].rows == [
        ["coalescing", "at least three meetings in the period", "yes",
         "3 meetings in the period"],
        ["coalescing", "a learning agenda with topics", "yes",
         "1 topic on the learning agenda"],
        ["coalescing", "a first practice recorded", "not yet", "0 practices recorded"],
        # 3 meeting days 31 and 28 days apart, then 2026-03-01 to 2026-12-15: 289 days
        ["maturing", "the regular schedule held", "not yet",
         "longest gap 289 days, monthly meetings planned"],
        ["maturing", "practices tested", "not yet", "0 practices tested or evaluated"],
        ["maturing", "a core of several organisations", "not yet",
         "core members from 2 organisations"],
        ["maturing", "facilitation shared", "yes",
         "2 members facilitated meetings of the period"]]
    assert s1.notes == ["The records show 2 of 3 signs of coalescing, and 1 of 4 of maturing: "
                        "not ready for the next stage yet."]
    lines = review_lines(cop, TODAY)
    assert lines[0] == "Stage self-assessment (charter: coalescing; last 12 months):"
    assert lines[1] == ("  yes: coalescing, at least three meetings in the period "
                        "(3 meetings in the period)")
    assert lines[-1] == "  " + s1.notes[0]


def test_stage_not_named(tmp_path: Path) -> None:
    s1 = metrics(write(tmp_path, {})).by_id("S1")
    assert [(f.value, f.reason) for f in s1.figures] == [(None, "the charter names no stage")]
    assert s1.notes == ["Set `stage` in charter.yaml (potential, coalescing, maturing, "
                        "stewardship or transformation) to see the signs of that stage."]
