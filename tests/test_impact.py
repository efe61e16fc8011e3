"""INTRAC's impact level whole: organisations.yaml and evidence (I2, I4), staff
professionalism (I5, paired surveys), change in the problem (I6, outcome measures), their
checks and the commands that record them; on small hand-built CoPs with known answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from copkit.checks.run import check_cop
from copkit.indicators import compute
from copkit.indicators.model import Metrics
from copkit.model.load import Cop, load_cop
from copkit.periods import parse_period
from tests.conftest import git, make_repo

TODAY = dt.date(2026, 12, 15)
CHARTER = "name: Impact CoP\nstarted: 2025-01-01\n"
MEMBERS = """members:
  - {id: ana, name: Ana, organisation: Pronatura Sur A.C., joined: 2025-01-01}
  - {id: ben, name: Ben, organisation: pronatura sur, joined: 2025-01-01}
  - {id: cai, name: Cai, organisation: Ejido El Nevado, joined: 2025-01-01}
  - {id: dia, name: Dia, joined: 2025-01-01}
"""
ORGS = """organisations:
  - id: pronatura-sur
    name: Pronatura Sur A.C.
    objectives:
      - {id: o1, statement: Trained brigades in every municipality}
      - {id: o2, statement: A second funder}
  - id: nevado
    name: Ejido El Nevado
evidence:
  - id: trained
    organisation: pronatura-sur
    date: 2026-04-01
    kind: staff-trained
    objective: o1
    staff: 12
    summary: Twelve brigade members certified
  - id: old
    organisation: nevado
    date: 2025-05-01
    kind: other
"""
PRACTICE = """title: Readiness checklist
added: 2025-02-01
adoptions:
  - {organisation: EJIDO EL NEVADO, date: 2026-03-01}
  - {organisation: Somebody Else, date: 2026-03-02}
"""


def write(root: Path, files: dict[str, str]) -> Cop:
    base = {"charter.yaml": CHARTER, "members.yaml": MEMBERS}
    for rel, text in {**base, **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return load_cop(root, use_cache=False).cop


def metrics(cop: Cop, period: str = "2026") -> Metrics:
    return compute(cop, parse_period(period), TODAY)


def figs(m: Metrics, ident: str) -> dict[str, tuple[Any, Any]]:
    return {f.label: (f.value, f.previous) for f in m.by_id(ident).figures}


def table(m: Metrics, ident: str, title: str) -> list[list[str]]:
    return next(t.rows for t in m.by_id(ident).tables if t.title.startswith(title))


# ---------------------------------------------------------------- I2, I4
def test_organisations_strengthened_and_their_objectives(tmp_path: Path) -> None:
    cop = write(tmp_path, {"organisations.yaml": ORGS, "practices/checklist.yaml": PRACTICE})
    m = metrics(cop)
    # 2026: pronatura-sur's training record; nevado's adoption (named in capitals: folded)
    # 2025: nevado's "other" record
    assert figs(m, "I4") == {"organisations strengthened": (2, 1), "organisations": (2, None),
                             "staff trained": (12, 0)}
    assert table(m, "I4", "Evidence") == [["Pronatura Sur A.C.", "0", "1", "0", "0"],
                                          ["Ejido El Nevado", "1", "0", "0", "0"]]
    assert figs(m, "I2") == {"organisation objectives with evidence": (1, 0),
                             "organisation objectives": (2, None)}
    assert table(m, "I2", "Organisations' objectives") == [
        ["Pronatura Sur A.C.", "Trained brigades in every municipality", "1",
         "Twelve brigade members certified"],
        ["Pronatura Sur A.C.", "A second funder", "0", ""]]


def test_members_belong_to_organisations_by_id_or_name_folded(tmp_path: Path) -> None:
    cop = write(tmp_path, {"organisations.yaml": ORGS,
                           "meetings/2026-02-01-a.yaml": "date: 2026-02-01\ntitle: A\n"
                           "attendees: [ana, ben, cai, dia]\nfacilitator: ana\n"})
    m = metrics(cop)
    # ana and ben (two spellings) are one organisation: of the 6 ties, 3 have both ends with
    # an organisation (ana-ben, ana-cai, ben-cai) and 2 of them cross organisations
    assert figs(m, "E7")["ties across organisations (share)"][0] == pytest.approx(2 / 3)
    assert table(m, "E5", "Contributions by organisation")[0][:4] == [
        "Pronatura Sur A.C.", "2", "1", "1"]


def test_no_organisations_file_is_no_data(tmp_path: Path) -> None:
    m = metrics(write(tmp_path, {}))
    f = m.by_id("I4").figures[0]
    assert (f.value, f.reason) == (None, "organisations.yaml lists no organisation")


# ---------------------------------------------------------------- I5
def survey(title: str, day: str, answers: list[tuple[str | None, int]], scale: int = 5) -> str:
    lines = [f"title: {title}", f"date: {day}", "invited: 20", "questions:",
             f"  - {{id: q1, text: My capacity, scale: {scale}, indicator: capacity}}",
             "responses:"]
    for who, value in answers:
        lines.append(f"  - {{respondent: {who}, answers: {{q1: {value}}}}}" if who else
                     f"  - {{answers: {{q1: {value}}}}}")
    return "\n".join(lines) + "\n"


def test_staff_professionalism_pairs_members_across_surveys(tmp_path: Path) -> None:
    cop = write(tmp_path, {
        "surveys/base.yaml": survey("Baseline", "2025-03-01",
                                    [("ana", 2), ("ben", 3), ("cai", 4), (None, 1)]),
        "surveys/later.yaml": survey("Later", "2026-10-01",
                                     [("ana", 4), ("ben", 3), ("cai", 3), ("dia", 5)])})
    m = metrics(cop)
    # pairs: ana +2, ben 0, cai -1 -> mean 1/3; dia answered only once (not paired)
    got = figs(m, "I5")
    assert got["capacity change per member (mean, paired)"][0] == pytest.approx(1 / 3)
    assert got["members paired (n)"][0] == 3
    assert got["members reporting more capacity"][0] == 1
    assert got["members reporting less capacity"][0] == 1
    assert m.by_id("I5").notes == [
        "Compared: Baseline (2025-03-01) and Later (2026-10-01).",
        "Caution: n = 3; fewer than 10 members answered: read these figures as an indication, "
        "not as a measure of the whole community."]
    assert next(f for f in m.by_id("I5").figures if f.unit == "points").shown == "0.3 points"


def test_staff_professionalism_unpaired_and_without_baseline(tmp_path: Path) -> None:
    cop = write(tmp_path / "a", {
        "surveys/base.yaml": survey("Baseline", "2025-03-01", [(None, 2), (None, 2)]),
        "surveys/later.yaml": survey("Later", "2026-10-01", [(None, 4)])})
    i5 = metrics(cop).by_id("I5")
    assert [(f.label, f.value) for f in i5.figures] == [
        ("capacity change (mean of all answers, not paired)", 2.0)]
    assert "No member answered both surveys under their id: the two means may come from " \
        "different people." in i5.notes
    only = write(tmp_path / "b", {"surveys/later.yaml": survey("Later", "2026-10-01",
                                                                [("ana", 4)])})
    f = metrics(only).by_id("I5").figures[0]
    assert (f.value, f.reason) == (
        None, "no earlier survey asks a rated capacity question to compare with")


# ---------------------------------------------------------------- I6
MEASURES = """name: Impact CoP
started: 2025-01-01
outcome_measures:
  - id: burnt
    name: Hectares burnt
    unit: ha
    better: down
    baseline: {date: 2025-06-30, value: 5200, source: CONAFOR 2025}
    values:
      - {date: 2026-06-30, value: 3900, source: CONAFOR 2026}
  - id: states
    name: States with proposals
    better: up
    values:
      - {date: 2026-10-14, value: 1}
"""


def test_change_in_the_problem_against_the_baseline(tmp_path: Path) -> None:
    m = metrics(write(tmp_path, {"charter.yaml": MEASURES}))
    i6 = m.by_id("I6")
    # burnt: 3900 known on 2026-12-15; 5200 (the baseline) on 2025-12-31 -> down, better
    # states: 1 now; no value and no baseline on 2025-12-31 -> no data, never 0
    assert [(f.label, f.value, f.previous, f.arrow) for f in i6.figures] == [
        ("Hectares burnt (ha)", 3900, 5200, "↓"), ("States with proposals", 1, None, "")]
    assert table(m, "I6", "Outcome measures") == [
        ["Hectares burnt", "5200 (2025-06-30)", "3900 (2026-06-30)", "-1300 (-25%) better",
         "CONAFOR 2026"],
        ["States with proposals", "no baseline", "1 (2026-10-14)", "no baseline", ""]]
    assert i6.notes == ["No baseline for states: their change cannot be measured (it is not "
                        "counted from 0)."]


def test_no_outcome_measure_is_no_data(tmp_path: Path) -> None:
    f = metrics(write(tmp_path, {})).by_id("I6").figures[0]
    assert (f.value, f.reason) == (None, "the charter defines no outcome measure")


# ---------------------------------------------------------------- check
def test_an_organisation_referenced_but_not_defined_is_a_located_error(tmp_path: Path) -> None:
    bad = ORGS.replace("    organisation: nevado\n", "    organisation: nevada\n")
    bad = bad.replace("    objective: o1\n", "    objective: o9\n")
    write(tmp_path, {"organisations.yaml": bad, "practices/checklist.yaml": PRACTICE})
    _, findings = check_cop(tmp_path)
    got = [(f.path, f.line, f.code, f.severity, f.message, f.hint) for f in findings
           if f.path in ("organisations.yaml", "practices/checklist.yaml")
           or f.code == "unknown-organisation"]
    assert got == [
        ("organisations.yaml", 14, "bad-reference", "error",
         "unknown objective id 'o9' of organisation 'pronatura-sur'",
         "its objectives are o1, o2"),
        ("organisations.yaml", 18, "bad-reference", "error", "unknown organisation id 'nevada'",
         "did you mean 'nevado'?"),
        ("practices/checklist.yaml", 5, "unknown-organisation", "warning",
         "the adopting organisation 'Somebody Else' is not in organisations.yaml",
         "write the organisation's name or id as organisations.yaml has it, or add it there "
         "(copkit organisation add)")]


# ---------------------------------------------------------------- commands
def test_record_organisations_evidence_and_outcomes(cli: Callable[..., Any],
                                                    tmp_path: Path) -> None:
    root = tmp_path / "cop"
    write(root, {})
    make_repo(root)
    r = cli("organisation", "add", "--cop", str(root), "--name", "Pronatura Sur A.C.",
            "--kind", "civil-society", "--country", "MX", "--objective", "Trained brigades",
            "--objective", "A second funder", "--id", "pronatura-sur")
    assert r.exit_code == 0, r.output
    r = cli("evidence", "add", "--cop", str(root), "--organisation", "pronatura sur a.c.",
            "--kind", "staff-trained", "--staff", "12", "--objective", "o1", "--date",
            "2026-04-01", "--summary", "Twelve certified")
    assert r.exit_code == 0, r.output
    assert (root / "organisations.yaml").read_text(encoding="utf-8") == """organisations:
  - id: pronatura-sur
    name: Pronatura Sur A.C.
    kind: civil-society
    country: MX
    objectives:
      - {id: o1, statement: Trained brigades}
      - {id: o2, statement: A second funder}
evidence:
  - id: pronatura-sur-staff-trained-2026-04-01
    organisation: pronatura-sur
    date: 2026-04-01
    kind: staff-trained
    objective: o1
    summary: Twelve certified
    staff: 12
"""
    bad = cli("evidence", "add", "--cop", str(root), "--organisation", "pronatura-sur",
              "--kind", "other", "--objective", "o7")
    assert bad.exit_code == 1
    assert "error: --objective: unknown objective of 'pronatura-sur' id 'o7'" in bad.stderr
    assert cli("outcome", "add", "--cop", str(root), "--name", "Hectares burnt", "--unit",
               "ha", "--better", "down", "--baseline", "5200", "--baseline-date",
               "2025-06-30").exit_code == 0
    r = cli("outcome", "record", "hectares-burnt", "--cop", str(root), "--value", "3900",
            "--date", "2026-06-30", "--source", "CONAFOR")
    assert r.exit_code == 0, r.output
    assert (root / "charter.yaml").read_text(encoding="utf-8") == CHARTER + """\
outcome_measures:
  - id: hectares-burnt
    name: Hectares burnt
    unit: ha
    better: down
    baseline: {date: 2025-06-30, value: 5200}
    values:
      - {date: 2026-06-30, value: 3900, source: CONAFOR}
"""
    again = cli("outcome", "record", "hectares-burnt", "--cop", str(root), "--value", "1",
                "--date", "2026-06-30")
    assert again.exit_code == 1 and "already has a value dated 2026-06-30" in again.stderr
    assert git(root, "log", "--format=%s").splitlines()[:4] == [
        "copkit: update outcome hectares-burnt", "copkit: add outcome hectares-burnt",
        "copkit: add evidence pronatura-sur-staff-trained-2026-04-01",
        "copkit: add organisation pronatura-sur"]
    # the history says what changed in organisations.yaml, in words
    said = cli("history", "--cop", str(root)).stdout
    assert "+ organisations: organisation pronatura-sur added" in said
    assert "+ organisations: evidence pronatura-sur-staff-trained-2026-04-01 added" in said
    assert "~ charter: outcome_measures hectares-burnt: 1 value added" in said
    listed = cli("outcome", "list", "--cop", str(root))
    assert "5200 (2025-06-30)  3900 (2026-06-30)" in listed.stdout
    _, findings = check_cop(root)
    assert [f for f in findings if f.severity == "error"] == []
