"""`copkit schema`: an independent validator (jsonschema) agrees with copkit check."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import Result

from copkit.model.jsonschemas import schema_for
from copkit.model.load import load_cop
from copkit.model.schemas import FILE_KINDS, kind_of_path
from copkit.yaml.read import parse
from copkit.yaml.scalars import plain

from .conftest import EXAMPLE_NAMES, EXAMPLES

Cli = Callable[..., Result]


def as_json(value: Any) -> Any:
    value = plain(value)
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def validator(kind: str) -> jsonschema.protocols.Validator:
    schema = schema_for(kind)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def jsonschema_ok(kind: str, text: str) -> bool:
    return not list(validator(kind).iter_errors(as_json(parse(text).data)))


def copkit_ok(kind: str, text: str) -> bool:
    from pydantic import ValidationError

    try:
        FILE_KINDS[kind][0].model_validate(parse(text).data)
    except ValidationError:
        return False
    return True


def test_schema_command_writes_every_kind(cli: Cli, tmp_path: Path) -> None:
    result = cli("schema", "--out", str(tmp_path / "s"))
    assert result.exit_code == 0
    names = sorted(p.name for p in (tmp_path / "s").iterdir())
    assert names == sorted(f"{k}.schema.json" for k in FILE_KINDS)
    member = json.loads((tmp_path / "s" / "members.schema.json").read_text(encoding="utf-8"))
    assert member["$defs"]["Member"]["additionalProperties"] is False


def test_schema_unknown_kind_is_usage_error(cli: Cli) -> None:
    result = cli("schema", "--kind", "meetings")
    assert result.exit_code == 2 and "unknown file kind 'meetings'" in result.stderr


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_jsonschema_accepts_every_example_file(name: str) -> None:
    root = EXAMPLES / name
    for path in sorted(root.rglob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        kind = kind_of_path(rel)
        if kind is None:
            continue
        text = path.read_text(encoding="utf-8")
        assert jsonschema_ok(kind, text), rel
        assert copkit_ok(kind, text), rel


CASES = [
    ("members", "members:\n  - id: ana\n    name: Ana\n    country: NO\n", True),
    ("members", "members:\n  - id: ana\n    name: Ana\n    phone: +51984000000\n", True),
    ("members", "members:\n  - id: ana\n    nam: Ana\n", False),
    ("members", "members:\n  - id: Ana\n    name: Ana\n", False),
    ("members", "members:\n  - id: ana\n    name: Ana\n    level: boss\n", False),
    ("members", "members:\n  - id: ana\n    name: Ana\n    joined: 2026-02-30\n", False),
    ("members", "members:\n  - id: ana\n    name: Ana\n    email: nope\n", False),
    ("members", "members:\n  - id: ana\n    name: Ana\n    country: Peru\n", False),
    ("meeting", "date: 2026-05-10\ntitle: Call\nformat: virtual\nattendees: [ana]\n", True),
    ("meeting", "date: 2026-05-10\ntitle: Call\nformat: zoom\n", False),
    ("meeting", "title: Call\n", False),
    ("practice", "title: Guide\nkind: guide\nstatus: tested\n", True),
    ("practice", "title: Guide\nstatus: published\n", False),
    ("survey", "title: S\ndate: 2026-11-01\nquestions:\n  - {id: q1, text: How?, scale: 5}\n"
               "responses:\n  - answers: {q1: 4}\n", True),
    ("charter", "name: CoP\nways_of_working:\n  meeting_frequency: monthly\n", True),
    ("charter", "name: CoP\nways_of_working:\n  meeting_frequency: sometimes\n", False),
    ("charter", "name: CoP\ngoals:\n  - id: g1\n    statment: x\n", False),
    ("activities", "activities:\n  - id: a\n    title: A\n    budget: {amount: -5, currency: X}\n",
     False),
    ("plan", "template: fcm-nine-steps\nsteps:\n  - {step: 1, deadline: 2026-04-01}\n", True),
    ("plan", "steps:\n  - {step: 0}\n", False),
    # values pydantic's lax mode would coerce: the JSON Schema refuses them, so check must too
    ("members", "members:\n  - id: ana\n    name: Ana\n    time_commitment_hours_per_month: '10'\n",
     False),
    ("members", "members:\n  - id: ana\n    name: Ana\n    time_commitment_hours_per_month: 10\n",
     True),
    ("members", "members:\n  - id: ana\n    name: Ana\n    time_commitment_hours_per_month: 2.5\n",
     True),
    ("members", "members:\n  - id: ana\n    name: Ana\n    time_commitment_hours_per_month: true\n",
     False),
    ("members", "members:\n  - id: ana\n    name: Ana\n    consent: {directory: 'yes'}\n", False),
    ("members", "members:\n  - id: ana\n    name: Ana\n    consent: {directory: yes}\n", False),
    ("members", "members:\n  - id: ana\n    name: Ana\n    consent: {public: 1}\n", False),
    ("members", "members:\n  - id: ana\n    name: Ana\n    consent: {public: 'true'}\n", False),
    ("members", "members:\n  - id: ana\n    name: Ana\n    consent: {directory: true}\n", True),
    ("members", "members:\n  - id: ana\n    name: Ana\n    joined: 2025-03-15T09:00:00\n", False),
    ("members", "members:\n  - id: ana\n    name: Ana\n    joined: '2025-03-15'\n", True),
    ("members", "members:\n  - id: ana\n    name: Ana\n    joined: 20250315\n", False),
    ("members", "members:\n  - id: 12\n    name: Ana\n", False),
    ("meeting", "date: 2026-05-10\ntitle: Call\nduration_minutes: '90'\n", False),
    ("meeting", "date: 2026-05-10\ntitle: Call\nduration_minutes: 90.0\n", True),
    ("meeting", "date: 2026-05-10\ntitle: Call\nduration_minutes: 90.5\n", False),
    ("meeting", "date: 2026-05-10\ntitle: Call\nduration_minutes: true\n", False),
    ("meeting", "date: 2026-05-10T18:00:00\ntitle: Call\n", False),
    ("meeting", "date: '2026-05-10'\ntitle: Call\n", True),
    ("activities",
     "activities:\n  - id: a\n    title: A\n    budget: {amount: '1500', currency: X}\n", False),
    ("activities", "activities:\n  - id: a\n    title: A\n    budget_needed: 'no'\n", False),
    ("activities", "activities:\n  - id: a\n    title: A\n    budget_needed: false\n", True),
    ("plan", "steps:\n  - {step: '1'}\n", False),
    ("charter", "name: CoP\nmonitoring: {core_attendance: '0.6'}\n", False),
    ("charter", "name: CoP\nmonitoring: {core_practices: 2.0, active_attendance: 1}\n", True),
    ("survey", "title: S\ndate: 2026-11-01\ninvited: '40'\n", False),
    ("survey", "title: S\ndate: 2026-11-01\nquestions:\n  - {id: q1, text: How?, scale: '5'}\n",
     False),
    ("survey", "title: S\ndate: 2026-11-01\nresponses:\n  - answers: {q1: true}\n", False),
    ("survey", "title: S\ndate: 2026-11-01\nresponses:\n  - answers: {q1: 'true', q2: '4'}\n",
     True),
    ("survey", "title: S\ndate: 2026-11-01\nresponses:\n  - answers: {q1: 2026-05-10}\n", True),
    ("survey", "title: S\ndate: 2026-11-01\nresponses:\n  - submitted: 2026-11-02T10:00:00\n",
     False),
]


@pytest.mark.parametrize(("kind", "text", "valid"), CASES)
def test_jsonschema_and_copkit_agree(kind: str, text: str, valid: bool) -> None:
    assert copkit_ok(kind, text) is valid
    assert jsonschema_ok(kind, text) is valid


def test_init_files_validate_with_jsonschema(tmp_path: Path) -> None:
    from copkit.cli.init import init_cop

    init_cop(tmp_path / "c", name="X", commit=False)
    result = load_cop(tmp_path / "c")
    assert result.findings == []
    for rel in result.cop.sources:
        kind = kind_of_path(rel)
        assert kind is not None
        assert jsonschema_ok(kind, (tmp_path / "c" / rel).read_text(encoding="utf-8")), rel
