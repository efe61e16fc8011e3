"""`organisation update`, `evidence update` and `outcome update` (#15: every record kind has
an update; #17 added these kinds): in place, comments and the other records kept byte for
byte, one commit of the one file, nothing written on bad input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import git, make_repo

CHARTER = """name: Impact CoP
started: 2025-01-01
outcome_measures:
  # hectares from the state's fire reports
  - id: hectares-burnt
    name: Hectares burnt
    unit: ha
    values:
      - {date: 2026-06-30, value: 3900}
  - id: fires
    name: Fires
"""
MEMBERS = "members:\n  - {id: ana, name: Ana, joined: 2025-01-01}\n"
ORGS = """organisations:
  # the founding organisations
  - id: pronatura-sur
    name: Pronatura Sur A.C.
    objectives:
      - {id: o1, statement: Trained brigades}
      - {id: o2, statement: A second funder}
  - id: ejido-el-nevado
    name: Ejido El Nevado   # a community
evidence:
  - id: pronatura-sur-staff-trained-2026-04-01
    organisation: pronatura-sur
    date: 2026-04-01   # the training's last day
    kind: staff-trained
    staff: 12
"""


@pytest.fixture
def cop(tmp_path: Path) -> Path:
    root = tmp_path / "cop"
    root.mkdir()
    for rel, text in (("charter.yaml", CHARTER), ("members.yaml", MEMBERS),
                      ("organisations.yaml", ORGS)):
        (root / rel).write_text(text, encoding="utf-8")
    return make_repo(root)


def _last(root: Path) -> list[str]:
    return git(root, "show", "--format=%s%n%b", "--name-only", "HEAD").strip().splitlines()


def test_organisation_update_adds_an_objective_with_the_next_id(
        cli: Callable[..., Any], cop: Path) -> None:
    r = cli("organisation", "update", "pronatura-sur", "--cop", str(cop), "--kind",
            "civil-society", "--objective", "Fire plans in 5 ejidos")
    assert r.exit_code == 0, r.output
    assert (cop / "organisations.yaml").read_text(encoding="utf-8") == ORGS.replace(
        "    name: Pronatura Sur A.C.\n",
        "    name: Pronatura Sur A.C.\n    kind: civil-society\n").replace(
        "      - {id: o2, statement: A second funder}\n",
        "      - {id: o2, statement: A second funder}\n"
        "      - {id: o3, statement: Fire plans in 5 ejidos}\n")
    assert _last(cop) == [
        "copkit: update organisation pronatura-sur",
        "organisations.yaml: pronatura-sur: kind: (none) -> civil-society",
        "organisations.yaml: pronatura-sur: objectives + o3 Fire plans in 5 ejidos", "", "",
        "organisations.yaml"]


def test_evidence_update_and_unset(cli: Callable[..., Any], cop: Path) -> None:
    r = cli("evidence", "update", "pronatura-sur-staff-trained-2026-04-01", "--cop", str(cop),
            "--staff", "14", "--objective", "o1", "--organisation", "ejido el nevado")
    assert r.exit_code == 1
    assert r.stderr == ("error: --objective: unknown objective of 'ejido-el-nevado' id 'o1'\n"
                        "  hint: add the objective of 'ejido-el-nevado' first, or fix the id\n")
    assert (cop / "organisations.yaml").read_text(encoding="utf-8") == ORGS
    r = cli("evidence", "update", "pronatura-sur-staff-trained-2026-04-01", "--cop", str(cop),
            "--staff", "14", "--objective", "o1")
    assert r.exit_code == 0, r.output
    assert (cop / "organisations.yaml").read_text(encoding="utf-8") == ORGS.replace(
        "    kind: staff-trained\n    staff: 12\n",
        "    kind: staff-trained\n    objective: o1\n    staff: 14\n")
    assert _last(cop)[0] == "copkit: update evidence pronatura-sur-staff-trained-2026-04-01"
    r = cli("evidence", "update", "pronatura-sur-staff-trained-2026-04-01", "--cop", str(cop),
            "--unset", "staff")
    assert r.exit_code == 0, r.output
    assert (cop / "organisations.yaml").read_text(encoding="utf-8") == ORGS.replace(
        "    kind: staff-trained\n    staff: 12\n", "    kind: staff-trained\n    objective: o1\n")


def test_outcome_update_baseline_first_and_in_part(cli: Callable[..., Any], cop: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", "2026-07-01")
    r = cli("outcome", "update", "fires", "--cop", str(cop), "--baseline", "40",
            "--better", "down")
    assert r.exit_code == 0, r.output
    r = cli("outcome", "update", "fires", "--cop", str(cop), "--baseline-source", "CONAFOR")
    assert r.exit_code == 0, r.output
    assert (cop / "charter.yaml").read_text(encoding="utf-8") == CHARTER + (
        "    better: down\n"
        "    baseline: {date: 2026-07-01, value: 40, source: CONAFOR}\n")
    assert _last(cop)[:2] == ["copkit: update outcome fires",
                              "charter.yaml: fires: baseline: 2026-07-01 40 -> "
                              "2026-07-01 40 CONAFOR"]
    r = cli("outcome", "update", "hectares-burnt", "--cop", str(cop), "--unset", "unit")
    assert r.exit_code == 0, r.output
    assert "    unit: ha\n" not in (cop / "charter.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "message"), [
    (("organisation", "update", "pronatura-su", "--kind", "donor"),
     "error: there is no organisation with the id 'pronatura-su'\n"
     "  hint: did you mean 'pronatura-sur'?\n"),
    (("evidence", "update", "pronatura-sur-staff-trained-2026-04-01", "--practice", "nope"),
     "error: --practice: unknown practice id 'nope'\n"
     "  hint: add the practice first, or fix the id\n"),
    (("outcome", "update", "fires", "--baseline-date", "2026-01-01"),
     None),
    (("outcome", "update", "fires", "--better", "sideways"), None),
    (("organisation", "update", "pronatura-sur", "--unset", "name"),
     "error: --unset name: this field is required\n"),
])
def test_bad_input_writes_nothing(cli: Callable[..., Any], cop: Path,
                                  args: tuple[str, ...], message: str | None) -> None:
    before = {p: (cop / p).read_bytes() for p in ("charter.yaml", "organisations.yaml")}
    head = git(cop, "rev-parse", "HEAD")
    r = cli(*args, "--cop", str(cop))
    assert r.exit_code in (1, 2)
    if message is not None:
        assert r.stderr == message
    assert {p: (cop / p).read_bytes() for p in before} == before
    assert git(cop, "rev-parse", "HEAD") == head
