"""`copkit export`: the tables, their types and layout, the formats, privacy, and the round
trip: figures of the report re-derived from the Parquet tables with DuckDB SQL."""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest
from typer.testing import Result

from copkit.export.schema import TABLES, json_schema, markdown
from tests.conftest import EXAMPLE_NAMES

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


def report(cli: Cli, cop: Path, *args: str) -> dict[str, Any]:
    result = cli("report", "--cop", str(cop), "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def connect(out: Path) -> duckdb.DuckDBPyConnection:
    """DuckDB with one view per table of the hive folder `out`."""
    db = duckdb.connect()
    for t in TABLES:
        db.execute(f"CREATE VIEW {t.name} AS SELECT * EXCLUDE (\"table\") FROM read_parquet("
                   f"'{out}/table={t.name}/*/*.parquet', hive_partitioning = true, "
                   "union_by_name = true)")
    return db


# ------------------------------------------------------------------ the round trip
# figures re-derived from the record tables: (indicator, figure key) -> SQL over the period
# from $s to $e, counted up to $asof (today while the period is not over)
DERIVED = {
    ("M1", "members"): "SELECT count(*) FROM members WHERE (joined IS NULL OR joined <= $asof)"
                       " AND (left_on IS NULL OR left_on >= $asof)",
    ("M1", "joined"): "SELECT count(*) FROM members WHERE joined BETWEEN $s AND $e",
    ("M1", "left"): "SELECT count(*) FROM members WHERE left_on BETWEEN $s AND $e",
    ("M3", "meetings-held"): "SELECT count(*) FROM meetings WHERE date BETWEEN $s AND $e",
    ("M3", "mean-attendees-per-meeting"):
        "SELECT avg(n) FROM (SELECT m.meeting, count(a.member) AS n FROM meetings m LEFT JOIN "
        "attendance a USING (meeting) WHERE m.date BETWEEN $s AND $e GROUP BY m.meeting)",
    ("M3", "longest-gap-between-meetings"):
        "SELECT max(d - p) FROM (SELECT date AS d, lag(date) OVER (ORDER BY date) AS p FROM "
        "(SELECT DISTINCT date FROM meetings WHERE date BETWEEN $s AND $e))",
    ("M4", "co-attendance-ties"):
        "SELECT count(DISTINCT (a.member, b.member)) FROM attendance a JOIN attendance b "
        "ON a.meeting = b.meeting AND a.member < b.member WHERE a.date BETWEEN $s AND $e",
    ("M5", "practices-added"):
        "SELECT count(*) FROM practice_events WHERE event = 'added' AND source = 'record' "
        "AND date BETWEEN $s AND $e",
    ("M5", "case-studies"):
        "SELECT count(*) FROM practice_events e JOIN practices p USING (practice) WHERE "
        "event = 'added' AND e.source = 'record' AND date BETWEEN $s AND $e "
        "AND kind = 'case-study'",
    ("M6", "actions-due"): "SELECT count(*) FROM actions WHERE due BETWEEN $s AND $asof",
    ("M6", "done"): "SELECT count(done) FROM actions WHERE due BETWEEN $s AND $asof",
    ("M6", "done-on-time"):
        "SELECT count(*) FROM actions WHERE due BETWEEN $s AND $asof AND done <= due",
    ("M6", "overdue"):
        "SELECT count(*) FROM actions WHERE due BETWEEN $s AND $asof AND done IS NULL",
    ("M7", "distinct-facilitators"):
        "SELECT count(DISTINCT facilitator) FROM meetings WHERE date BETWEEN $s AND $e",
    ("M7", "guests"): "SELECT count(*) FROM guests WHERE date BETWEEN $s AND $e",
    ("M8", "done"):
        "SELECT count(*) FROM activities WHERE status = 'done' AND coalesce(start_date, "
        "end_date) <= $e AND coalesce(end_date, start_date) >= $s",
    ("E1", "satisfaction-mean"):
        "SELECT avg(answer_number) FROM survey_responses WHERE indicator = 'satisfaction' "
        "AND scale IS NOT NULL AND survey_date BETWEEN $s AND $e",
    ("E1", "satisfaction-answers"):
        "SELECT count(answer_number) FROM survey_responses WHERE indicator = 'satisfaction' "
        "AND scale IS NOT NULL AND survey_date BETWEEN $s AND $e",
    ("E1", "response-rate"):
        "SELECT sum(n) / sum(invited) FROM (SELECT survey, any_value(invited) AS invited, "
        "count(DISTINCT response) AS n FROM survey_responses WHERE survey_date BETWEEN $s "
        "AND $e AND invited IS NOT NULL GROUP BY survey)",
    ("E2", "co-attendance-ties"):
        "SELECT count(DISTINCT (a.member, b.member)) FROM attendance a JOIN attendance b "
        "ON a.meeting = b.meeting AND a.member < b.member WHERE a.date BETWEEN $s AND $e",
    ("E3", "capacity-mean"):
        "SELECT avg(answer_number) FROM survey_responses WHERE indicator = 'capacity' "
        "AND scale IS NOT NULL AND survey_date BETWEEN $s AND $e",
    ("I1", "stories"): "SELECT count(*) FROM stories WHERE date BETWEEN $s AND $e",
    ("I1", "reaching-realized"):
        "SELECT count(*) FROM stories WHERE date BETWEEN $s AND $e "
        "AND furthest_cycle = 'realized'",
    ("I3", "adoptions"):
        "SELECT count(*) FROM practice_events WHERE event = 'adopted' "
        "AND date BETWEEN $s AND $e",
    ("I3", "organisations-adopting"):
        "SELECT count(DISTINCT organisation) FROM practice_events WHERE event = 'adopted' "
        "AND date BETWEEN $s AND $e",
}


# M2: each member of the period at the level observed (the charter's default thresholds:
# core 60% of the meetings held while a member, or facilitated, or leads a topic taken up,
# or 2+ practices added; active 25% or 1 practice; peripheral one meeting)
LEVELS_SQL = """
WITH pm AS (SELECT member, joined, left_on FROM members
            WHERE (joined IS NULL OR joined <= $e) AND (left_on IS NULL OR left_on >= $s)),
mt AS (SELECT meeting, date, facilitator, topics FROM meetings WHERE date BETWEEN $s AND $e),
att AS (SELECT member, count(DISTINCT meeting) AS n FROM attendance
        WHERE meeting IN (SELECT meeting FROM mt) GROUP BY member),
fac AS (SELECT DISTINCT facilitator AS member FROM mt WHERE facilitator IS NOT NULL),
con AS (SELECT c AS member, count(*) AS n FROM (
          SELECT DISTINCT p.practice, unnest(p.contributors) AS c FROM practices p
          JOIN practice_events e ON e.practice = p.practice AND e.event = 'added'
          AND e.source = 'record' AND e.date BETWEEN $s AND $e) GROUP BY c),
discussed AS (SELECT DISTINCT unnest(topics) AS topic FROM mt UNION
              SELECT topic FROM (SELECT topic, unnest(sessions) AS d FROM topics)
              WHERE d BETWEEN $s AND $e),
leads AS (SELECT DISTINCT lead AS member FROM topics WHERE lead IS NOT NULL
          AND status <> 'dropped' AND topic IN (SELECT topic FROM discussed)),
held AS (SELECT pm.member, count(mt.meeting) AS n FROM pm LEFT JOIN mt
         ON (pm.joined IS NULL OR mt.date >= pm.joined)
         AND (pm.left_on IS NULL OR mt.date <= pm.left_on) GROUP BY pm.member),
observed AS (
  SELECT CASE
    WHEN (h.n > 0 AND coalesce(att.n, 0) / h.n >= 0.6) OR fac.member IS NOT NULL
         OR pm.member IN (SELECT member FROM leads) OR coalesce(con.n, 0) >= 2 THEN 'core'
    WHEN (h.n > 0 AND coalesce(att.n, 0) / h.n >= 0.25) OR coalesce(con.n, 0) >= 1
         THEN 'active'
    WHEN coalesce(att.n, 0) >= 1 THEN 'peripheral'
    ELSE 'inactive' END AS level
  FROM pm JOIN held h USING (member) LEFT JOIN att USING (member)
  LEFT JOIN fac USING (member) LEFT JOIN con USING (member))
SELECT count(*) FROM observed WHERE level = """
DERIVED.update({("M2", level): f"{LEVELS_SQL}'{level}'"
                for level in ("core", "active", "peripheral", "inactive")})


def figures(data: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(i["id"], f["key"]): f for lv in data["levels"] for i in lv["indicators"]
            for f in i["figures"]}


def derive(db: duckdb.DuckDBPyConnection, sql: str, start: str, end: str) -> Any:
    asof = min(_dt.date.fromisoformat(end), _dt.date.fromisoformat(TODAY))
    params = {"s": _dt.date.fromisoformat(start), "e": _dt.date.fromisoformat(end),
              "asof": asof}
    used = {k: v for k, v in params.items() if f"${k}" in sql}
    row = db.execute(sql, used).fetchone()
    assert row is not None
    return row[0]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_report_re_derived_from_the_parquet_tables(
        cli: Cli, example_cop: Callable[..., Path], tmp_path: Path, name: str) -> None:
    cop = example_cop(name)
    out = tmp_path / "out"
    export(cli, cop, out, "--period", "2026")
    data = report(cli, cop, "--period", "2026")
    db = connect(out)
    # the indicators table is the report's JSON, figure by figure
    rows = db.execute("SELECT indicator, figure, value, previous, label, reason "
                      "FROM indicators").fetchall()
    expected = [(i["id"], f["key"], f["number"], f["previous_number"], f["label"], f["reason"])
                for lv in data["levels"] for i in lv["indicators"] for f in i["figures"]]
    assert sorted(rows, key=repr) == sorted(expected, key=repr)
    # members and attendance counted from their tables
    from copkit.model.load import load_cop

    loaded = load_cop(cop).cop
    members = db.execute("SELECT count(*) FROM members").fetchone()
    assert members == (len(loaded.members),)
    attendance = db.execute("SELECT count(*) FROM attendance").fetchone()
    assert attendance == (sum(len(set(m.attendees)) for m in loaded.meetings),)
    # each figure the record tables can give, period and previous, by SQL
    found = figures(data)
    compared = 0
    for (ind, key), sql in DERIVED.items():
        f = found.get((ind, key))
        if f is None:  # not in this CoP's report (no survey question of that kind...)
            continue
        now = derive(db, sql, data["period"]["start"], data["period"]["end"])
        assert now == pytest.approx(f["number"]), (ind, key, now, f)
        if f["previous_number"] is not None:
            before = derive(db, sql, data["previous"]["start"], data["previous"]["end"])
            assert before == pytest.approx(f["previous_number"]), (ind, key, before, f)
        compared += 1
    assert compared >= 16


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
