"""`copkit portfolio`: the four shipped examples side by side in md, html and pdf; the figures
equal each CoP's own report; --sql; the combined hive dataset read by pyarrow.dataset (the
layout Spark's partition discovery expects); sources that are not CoPs, refused URLs, a
shallow clone of a git URL, the cache by commit, ids made unique, members counted once."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
from typer.testing import Result

from tests.conftest import EXAMPLE_NAMES, EXAMPLES, make_repo

Cli = Callable[..., Result]
TODAY = "2026-11-30"
KEY = "a-test-key-of-enough-length-0123456789"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", TODAY)
    monkeypatch.delenv("COPKIT_EXPORT_KEY", raising=False)


@pytest.fixture(scope="module")
def cops(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The shipped examples, each a git repository (made once for the module)."""
    base = tmp_path_factory.mktemp("cops")
    out = []
    for name in EXAMPLE_NAMES:
        shutil.copytree(EXAMPLES / name, base / name)
        out.append(make_repo(base / name))
    return out


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.stderr
    return result


def paths(cops: list[Path]) -> list[str]:
    return [str(c) for c in cops]


def test_the_examples_in_three_formats(cli: Cli, cops: list[Path], tmp_path: Path) -> None:
    from copkit.model.load import load_cop

    names = [load_cop(c).cop.name for c in cops]
    md = ok(cli("portfolio", *paths(cops), "--jobs", "1")).stdout
    assert md.startswith("# Portfolio of 4 communities of practice")
    assert all(n.replace("|", "\\|") in md for n in names)
    assert "Budget and spent in MXN:" in md and "Budget and spent in CAD:" in md
    ok(cli("portfolio", *paths(cops), "-j", "1", "-f", "html", "-o", str(tmp_path / "p.html")))
    html = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and all(n.replace("&", "&amp;") in html
                                                      for n in names)
    ok(cli("portfolio", *paths(cops), "-j", "1", "-f", "pdf", "-o", str(tmp_path / "p.pdf"),
           "--lang", "es"))
    reader = pypdf.PdfReader(io.BytesIO((tmp_path / "p.pdf").read_bytes()))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Cartera de 4 comunidades de práctica" in text and "Totales" in text


def test_figures_are_each_cops_own_report(cli: Cli, cops: list[Path]) -> None:
    import datetime as _dt

    from copkit.periods import parse_period
    from copkit.portfolio import build, run, sources

    today = _dt.date.fromisoformat(TODAY)
    period = parse_period("2026", None, None, today=today)
    from copkit.model.cache import cache_dir

    settings = build.Settings(cache_dir() / "portfolio", period.start, period.end,
                              period.label, period.kind, today)
    p = run.open_portfolio([sources.parse(str(c)) for c in cops], settings, 1)
    try:
        data = run.report_data(p, settings, dedupe=False)
    finally:
        p.close()
    reports = [json.loads(ok(cli("report", "--cop", str(c), "--period", "2026", "--format",
                                 "json")).stdout) for c in cops]
    total = 0
    for row, rep in zip(data["cops"], reports, strict=True):
        found = {(i["id"], f["key"]): f["number"] for lv in rep["levels"]
                 for i in lv["indicators"] for f in i["figures"]}
        assert row["name"] == rep["cop"]["name"]
        assert row["figures"]["members"]["value"] == found[("M1", "members")]
        assert row["figures"]["core_active"]["value"] == \
            found[("M2", "core")] + found[("M2", "active")]
        assert row["figures"]["attendance"]["value"] == \
            pytest.approx(found[("M3", "mean-attendance-rate")])
        assert row["health"] == [h["status"] for h in rep["health"]]
        total += found[("M1", "members")]
    assert data["totals"]["members"] == total
    currencies = [m["currency"] for m in data["totals"]["money"]]
    assert len(currencies) == len(set(currencies)) >= 3  # one line each, never summed


def test_sql(cli: Cli, cops: list[Path]) -> None:
    result = ok(cli("portfolio", *paths(cops[:2]), "-j", "1", "--sql",
                    "SELECT count(DISTINCT cop) AS cops, count(*) > 0 AS any FROM attendance"))
    assert result.stdout == "cops,any\n2,True\n"
    bad = cli("portfolio", *paths(cops[:1]), "-j", "1", "--sql", "SELECT * FROM nowhere")
    assert bad.exit_code == 1 and "the query failed" in bad.stderr
    assert "attendance" in bad.stderr  # the hint lists the tables


def test_the_combined_dataset_is_hive_partitioned(cli: Cli, cops: list[Path],
                                                  tmp_path: Path) -> None:
    """The layout and schema Spark's (and Trino's) hive partition discovery reads."""
    import pyarrow.dataset as ds

    from copkit.export.schema import TABLES
    from copkit.export.write import arrow_schema, columns

    out = tmp_path / "dataset"
    ok(cli("portfolio", *paths(cops), "-j", "1", "--format", "parquet", "--out", str(out)))
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["schema.json", *(f"table={t.name}" for t in TABLES)])
    for t in TABLES:
        data = ds.dataset(out / f"table={t.name}", format="parquet", partitioning="hive")
        expected = arrow_schema(columns(t, contacts=False))
        assert data.schema.names == [*expected.names, "cop"]
        for field in expected:
            assert data.schema.field(field.name).type == field.type, (t.name, field.name)
        if t.name == "cop":
            table = data.to_table()
            assert table.num_rows == 4 and len(set(table.column("cop").to_pylist())) == 4
    attendance = ds.dataset(out / "table=attendance", partitioning="hive").to_table()
    meetings = ds.dataset(out / "table=meetings", partitioning="hive").to_table()
    assert attendance.num_rows == sum(meetings.column("attendees").to_pylist())
    # docs/export.md's DuckDB query, run on this folder
    import duckdb

    docs = (Path(__file__).resolve().parent.parent / "docs" / "export.md").read_text(
        encoding="utf-8")
    sql = docs.split("-- duckdb\n", 1)[1].split("```", 1)[0].replace("'portfolio/",
                                                                      f"'{out}/")
    rows = duckdb.connect().execute(sql).fetchall()
    members = ds.dataset(out / "table=members", partitioning="hive").to_table()
    assert len(rows) == 4 and sum(r[1] for r in rows) == members.num_rows
    assert 0 < sum(r[2] for r in rows) <= attendance.num_rows


def test_sources_that_are_not_cops_are_listed(cli: Cli, cops: list[Path],
                                              tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    listing = tmp_path / "cops.txt"  # a folder of a LIST file is read from the LIST's folder
    listing.write_text("empty\nnone\n", encoding="utf-8")
    result = cli("portfolio", str(cops[0]), "--from", str(listing), "-j", "1")
    assert result.exit_code == 1
    assert "# Portfolio of 1 communities of practice" in result.stdout
    assert "2 of 3 source(s) not exported" in result.stderr
    assert "not a CoP (no charter.yaml)" in result.stderr and "not a folder" in result.stderr


@pytest.mark.parametrize("line", ["--upload-pack=touch /tmp/x", "-c", "ext::sh -c touch% x",
                                  "file::/tmp/repo", "fd::17"])
def test_urls_that_could_reach_git_as_options_are_refused(cli: Cli, tmp_path: Path,
                                                          line: str) -> None:
    listing = tmp_path / "cops.txt"
    listing.write_text(f"# the programme's CoPs\n\n{line}\n", encoding="utf-8")
    result = cli("portfolio", "--from", str(listing))
    assert result.exit_code == 2
    assert f"{listing}:3:1" in result.stderr
    assert not (tmp_path / "x").exists()


def test_a_git_url_is_cloned_shallowly(cli: Cli, cops: list[Path], tmp_path: Path) -> None:
    from copkit.model.cache import cache_dir
    from copkit.portfolio.sources import clone_dir

    url = cops[0].resolve().as_uri()
    result = ok(cli("portfolio", url, "-j", "1", "--sql", "SELECT count(*) FROM members"))
    clone = clone_dir(cache_dir() / "portfolio", url)
    shallow = subprocess.run(["git", "-C", str(clone), "rev-parse",
                              "--is-shallow-repository"], capture_output=True, text=True)
    assert shallow.stdout.strip() == "true"
    assert int(result.stdout.splitlines()[1]) > 0
    missing = (tmp_path / "missing").as_uri()
    bad = cli("portfolio", missing, "-j", "1")
    assert bad.exit_code == 1 and "cannot be cloned" in bad.stderr


def test_exports_are_cached_by_commit(cli: Cli, cops: list[Path], tmp_path: Path) -> None:
    from copkit.model.cache import cache_dir

    ok(cli("portfolio", str(cops[0]), "-j", "1", "--sql", "SELECT 1"))
    again = ok(cli("portfolio", str(cops[0]), "-j", "1", "--sql", "SELECT 1"))
    assert "[1/1] cached:" in again.stderr
    dirty = tmp_path / "dirty"
    shutil.copytree(cops[1], dirty)
    (dirty / "members.yaml").write_text((dirty / "members.yaml").read_text(
        encoding="utf-8") + "\n", encoding="utf-8")
    # changes not committed: exported, never cached (its export is removed after the run)
    run = ok(cli("portfolio", str(dirty), "-j", "1", "--sql", "SELECT 1"))
    assert "[1/1] exported:" in run.stderr
    assert not [p for p in (cache_dir() / "portfolio" / "exports").iterdir()
                if p.name.startswith("tmp-")]


def test_two_cops_in_one_repository_are_cached_apart(cli: Cli, tmp_path: Path) -> None:
    """Two CoPs committed in one repository share its commit: each is cached by its own
    folder's tree, so the second is never read from the first one's export; a record file
    not committed yet makes a CoP's export uncached."""
    repo = tmp_path / "many"
    for name in EXAMPLE_NAMES[:2]:
        shutil.copytree(EXAMPLES / name, repo / name)
    make_repo(repo)
    sql = ("--sql", "SELECT name FROM cop")
    first = [ok(cli("portfolio", str(repo / n), "-j", "1", *sql)).stdout
             for n in EXAMPLE_NAMES[:2]]
    both = ok(cli("portfolio", *(str(repo / n) for n in EXAMPLE_NAMES[:2]), "-j", "1", *sql))
    assert both.stderr.count("cached:") == 2
    assert sorted(both.stdout.splitlines()[1:]) == sorted(
        f.splitlines()[1] for f in first) and first[0] != first[1]
    (repo / EXAMPLE_NAMES[0] / "meetings" / "2099-01-01-later.yaml").write_text(
        "date: 2099-01-01\n", encoding="utf-8")
    again = ok(cli("portfolio", str(repo / EXAMPLE_NAMES[0]), "-j", "1", *sql))
    assert "[1/1] exported:" in again.stderr


def test_two_cops_with_one_id_and_members_counted_once(
        cli: Cli, cops: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    twin = tmp_path / "twin"
    shutil.copytree(cops[0], twin)
    monkeypatch.setenv("COPKIT_EXPORT_KEY", KEY)
    result = ok(cli("portfolio", str(cops[0]), str(twin), "--jobs", "2", "--sql",
                    "SELECT cop FROM cop ORDER BY cop"))
    ids = result.stdout.splitlines()[1:]
    assert len(ids) == 2 and ids[1] == f"{ids[0]}-twin"
    md = ok(cli("portfolio", str(cops[0]), str(twin), "-j", "1", "--dedupe-members")).stdout
    members = _total(md, "Members (at the period's end, or today):")
    assert f"people counted once across communities: {members // 2} " in md


def _total(md: str, label: str) -> Any:
    line = next(x for x in md.splitlines() if label in x)
    return int(line.split(label)[1].split(";")[0].strip().replace(",", ""))


def test_a_cached_export_is_not_reused_when_the_tables_change(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A column added within a schema version (a development build of the same version)
    must not reuse exports cached without it."""
    import dataclasses
    import datetime as _dt

    from copkit.export import schema
    from copkit.portfolio import build

    day = _dt.date(2026, 12, 1)
    settings = build.Settings(Path("/tmp/unused"), day, day, "2026", "year", day)
    before = build._cache_key(settings, "0" * 40)
    members = schema.table("members")
    grown = dataclasses.replace(members, columns=(
        *members.columns, schema.Column("shoe_size", "int64", "A new column.")))
    monkeypatch.setattr(schema, "TABLES", tuple(grown if t is members else t
                                                for t in schema.TABLES))
    assert build._cache_key(settings, "0" * 40) != before
