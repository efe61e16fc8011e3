"""`copkit export`: the tables, their types and layout, the formats, privacy (the round trip,
every figure of the report re-derived from the Parquet tables, is test_export_roundtrip.py)."""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import Result

from copkit.export.schema import TABLES, json_schema, markdown

Cli = Callable[..., Result]
DOCS = Path(__file__).resolve().parent.parent / "docs"
TODAY = "2026-11-30"
KEY = "a-test-key-of-enough-length-0123456789"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", TODAY)
    monkeypatch.delenv("COPKIT_EXPORT_KEY", raising=False)


def export(cli: Cli, cop: Path, out: Path, *args: str) -> Result:
    result = cli("export", "--cop", str(cop), "--out", str(out), *args)
    assert result.exit_code == 0, result.stderr
    return result


# ------------------------------------------------------------------ layout and types
def test_parquet_is_hive_style_and_typed(cli: Cli, example_cop: Callable[..., Path],
                                         tmp_path: Path) -> None:
    from copkit.export.write import arrow_schema, columns
    from copkit.text import slugify

    cop = example_cop("led-units")
    out = tmp_path / "out"
    export(cli, cop, out)
    cop_id = slugify("Municipal LED Units Community of Practice (Peru and Bolivia)")
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == \
        sorted([f"table={t.name}/cop={cop_id}/part-0.parquet" for t in TABLES]
               + ["schema.json"])
    for t in TABLES:
        schema = pq.read_schema(out / f"table={t.name}" / f"cop={cop_id}" / "part-0.parquet")
        assert schema.equals(arrow_schema(columns(t, contacts=False)), check_metadata=False)
        assert "cop" not in schema.names  # the partition, from the path
    meetings = pq.read_table(out / "table=meetings" / f"cop={cop_id}" / "part-0.parquet")
    assert str(meetings.schema.field("date").type) == "date32[day]"
    assert str(meetings.schema.field("attendees").type) == "int64"
    assert json.loads((out / "schema.json").read_text(encoding="utf-8")) == json_schema()


def test_the_schema_is_documented() -> None:
    assert json.loads((DOCS / "export.schema.json").read_text(encoding="utf-8")) == \
        json_schema()
    assert markdown() in (DOCS / "export.md").read_text(encoding="utf-8")


def test_csv_and_jsonl(cli: Cli, example_cop: Callable[..., Path], tmp_path: Path) -> None:
    import jsonschema

    from copkit.export.write import columns

    cop = example_cop("led-units")
    export(cli, cop, tmp_path / "csv", "--format", "csv")
    export(cli, cop, tmp_path / "jsonl", "--format", "jsonl")
    schema = json_schema()
    for t in TABLES:
        lines = (tmp_path / "jsonl" / f"{t.name}.jsonl").read_text(encoding="utf-8").splitlines()
        csv_lines = (tmp_path / "csv" / f"{t.name}.csv").read_text(encoding="utf-8")
        assert csv_lines.splitlines()[0] == ",".join(c.name for c in columns(t, False))
        row_schema = {**schema["$defs"][t.name], "$schema": schema["$schema"]}
        for line in lines:
            jsonschema.validate(json.loads(line), row_schema,
                                format_checker=jsonschema.FormatChecker())
    first = json.loads((tmp_path / "jsonl" / "meetings.jsonl").read_text().splitlines()[0])
    assert _dt.date.fromisoformat(first["date"]).isoformat() == first["date"]
    assert isinstance(first["attendees"], int) and isinstance(first["topics"], list)


# ------------------------------------------------------------------ privacy
def test_no_contact_detail_unless_asked(cli: Cli, example_cop: Callable[..., Path],
                                        tmp_path: Path) -> None:
    cop = example_cop("led-units")
    export(cli, cop, tmp_path / "plain", "--format", "jsonl")
    text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "plain").iterdir())
    assert "@example.org" not in text and "+51 984" not in text
    export(cli, cop, tmp_path / "with", "--format", "jsonl", "--include-contacts")
    rows = {r["member"]: r for r in map(json.loads, (tmp_path / "with" / "members.jsonl")
                                        .read_text(encoding="utf-8").splitlines())}
    assert rows["maria-lopez"]["email"] == "maria.lopez@example.org"
    # consent.directory false: no contact detail even when asked
    hidden = [r for r in rows.values() if not r["consent_directory"]]
    assert hidden and all(r["email"] is None and r["phone"] is None for r in hidden)


def test_pseudonymise(cli: Cli, example_cop: Callable[..., Path], tmp_path: Path,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    from copkit.export.pseudo import pseudonym

    cop = example_cop("led-units")
    refused = cli("export", "--cop", str(cop), "--out", str(tmp_path / "x"), "--pseudonymise")
    assert refused.exit_code == 1 and "COPKIT_EXPORT_KEY" in refused.stderr
    assert not (tmp_path / "x").exists()
    monkeypatch.setenv("COPKIT_EXPORT_KEY", KEY)
    export(cli, cop, tmp_path / "p", "--format", "jsonl", "--pseudonymise")
    text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "p").iterdir()
                   if p.name != "schema.json")
    assert "maria-lopez" not in text and "María" not in text
    members = [json.loads(x) for x in (tmp_path / "p" / "members.jsonl").read_text(
        encoding="utf-8").splitlines()]
    hashed = pseudonym(KEY.encode(), "maria-lopez")
    assert len(hashed) == 16 and hashed in {m["member"] for m in members}
    assert all(m["name"] is None for m in members)
    attendance = (tmp_path / "p" / "attendance.jsonl").read_text(encoding="utf-8")
    assert hashed in attendance
    assert KEY not in text  # the key is never written
    cop_row = json.loads((tmp_path / "p" / "cop.jsonl").read_text(encoding="utf-8"))
    assert cop_row["pseudonymised"] is True


def test_an_existing_export_is_kept_unless_forced(cli: Cli, example_cop: Callable[..., Path],
                                                  tmp_path: Path) -> None:
    cop = example_cop("led-units")
    out = tmp_path / "out"
    export(cli, cop, out, "--format", "csv")
    again = cli("export", "--cop", str(cop), "--out", str(out), "--format", "csv")
    assert again.exit_code == 1 and "already exists" in again.stderr
    export(cli, cop, out, "--format", "csv", "--force")


def test_a_cop_with_errors_is_exported_with_a_warning(
        cli: Cli, example_cop: Callable[..., Path], tmp_path: Path) -> None:
    cop = example_cop("led-units")
    meeting = sorted((cop / "meetings").glob("*.yaml"))[0]
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("date:", "date: 2026-13-45"
                                                                   "\nwhen:", 1),
                       encoding="utf-8")
    result = export(cli, cop, tmp_path / "out", "--format", "jsonl")
    assert "error(s) in the records" in result.stderr
    cop_row = json.loads((tmp_path / "out" / "cop.jsonl").read_text(encoding="utf-8"))
    assert cop_row["errors"] >= 1 and cop_row["commit"] is None


def test_practice_events_from_the_record_and_from_git(
        cli: Cli, example_cop: Callable[..., Path], tmp_path: Path) -> None:
    """A practice's own dates come first; where it has none, the days of its commits."""
    from tests.conftest import git

    cop = example_cop("led-units")
    new = cop / "practices" / "site-visit-notes.yaml"
    new.write_text("title: Notes from a site visit\nkind: tip\nstatus: draft\n",
                   encoding="utf-8")
    import os
    import subprocess

    def commit(message: str, day: str) -> None:  # a commit of `day` (its author date)
        dated = {**os.environ, "GIT_AUTHOR_DATE": f"{day}T10:00:00Z",
                 "GIT_COMMITTER_DATE": f"{day}T10:00:00Z"}
        subprocess.run(["git", "-C", str(cop), "add", "-A"], check=True, env=dated)
        subprocess.run(["git", "-C", str(cop), "commit", "-q", "-m", message], check=True,
                       env=dated)

    commit("add a practice", "2026-02-03")
    new.write_text(new.read_text(encoding="utf-8").replace("status: draft", "status: tested"),
                   encoding="utf-8")
    commit("tested", "2026-04-20")
    assert "tested" in git(cop, "log", "-1", "--format=%s")
    out = tmp_path / "out"
    export(cli, cop, out, "--format", "jsonl")
    events = [json.loads(x) for x in (out / "practice_events.jsonl").read_text(
        encoding="utf-8").splitlines()]
    mine = [(e["date"], e["event"], e["status"], e["previous_status"], e["source"])
            for e in events if e["practice"] == "site-visit-notes"]
    assert mine == [("2026-02-03", "added", "draft", None, "git"),
                    ("2026-04-20", "status", "tested", "draft", "git")]
    recorded = [e for e in events if e["practice"] == "budget-line-first"]
    assert recorded[0]["event"] == "added" and recorded[0]["date"] == "2026-05-29" and \
        recorded[0]["source"] == "record"
    practices = {json.loads(x)["practice"]: json.loads(x) for x in (
        out / "practices.jsonl").read_text(encoding="utf-8").splitlines()}
    assert practices["site-visit-notes"]["added"] == "2026-02-03"
