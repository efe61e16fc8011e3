"""`copkit report --format json`: the report's data, valid against docs/report.schema.json
for every shipped example, equal to what the Markdown, HTML and PDF templates are given, and
under the same audience rules."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import Result

from tests.conftest import EXAMPLE_NAMES, report_json

Cli = Callable[..., Result]
DOCS = Path(__file__).resolve().parent.parent / "docs"
SCHEMA = json.loads((DOCS / "report.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-30")


def errors(data: dict[str, Any]) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in VALIDATOR.iter_errors(data)]


def test_the_schema_is_a_valid_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_example_matches_the_schema(cli: Cli, example_cop: Callable[..., Path],
                                          name: str) -> None:
    cop = example_cop(name)
    data = report_json(cli, cop)
    assert errors(data) == []
    assert data["schema"] == "copkit-report" and data["schema_version"] == 1
    indicators = [i for lv in data["levels"] for i in lv["indicators"]]
    from copkit.indicators import IDS

    assert [i["id"] for i in indicators] == list(IDS)  # every indicator, in the registry's order
    for i in indicators:
        keys = [f["key"] for f in i["figures"]]
        assert len(keys) == len(set(keys)), (i["id"], keys)  # a key names one figure
        for f in i["figures"]:
            # a number exactly when the report shows a value; "no data" is never 0
            assert (f["number"] is not None) == f["has_data"] == (not f["value"].startswith(
                "no data")), (i["id"], f)
            assert f["has_data"] or f["reason"], (i["id"], f)
    from copkit.indicators.health import FACTORS

    assert [(h["number"], h["factor"]) for h in data["health"]] == \
        [(n, name) for n, (_key, name) in sorted(FACTORS.items())]  # every line of the card
    sponsor = report_json(cli, cop, "--audience", "sponsor", "--include-contacts")
    assert errors(sponsor) == []


def test_printed_and_written_are_the_same(cli: Cli, example_cop: Callable[..., Path],
                                          tmp_path: Path) -> None:
    cop = example_cop("led-units")
    printed = cli("report", "--cop", str(cop), "--period", "2026", "--format", "json")
    out = tmp_path / "r.json"
    written = cli("report", "--cop", str(cop), "--period", "2026", "--format", "json",
                  "--out", str(out))
    assert written.exit_code == 0 and printed.exit_code == 0
    assert out.read_text(encoding="utf-8") == printed.stdout
    assert not list(tmp_path.glob("*.svg"))  # no chart drawn for the data
    assert "María López Arce" in printed.stdout  # UTF-8 as written, not \u escapes


def test_figures_as_numbers(cli: Cli, example_cop: Callable[..., Path]) -> None:
    from copkit.model.load import load_cop

    cop = example_cop("led-units")
    data = report_json(cli, cop)
    m1 = data["levels"][0]["indicators"][0]
    members = next(f for f in m1["figures"] if f["key"] == "members")
    loaded = load_cop(cop).cop
    # the period is not over on 2026-11-30: members counted today
    assert members["label"] == "members today (2026-11-30)"
    assert members["number"] == sum(1 for mb in loaded.members if mb.is_member_on(
        __import__("datetime").date(2026, 11, 30)))
    assert members["value"] == str(members["number"])
    shares = [f for lv in data["levels"] for i in lv["indicators"] for f in i["figures"]
              if f["unit"] == "%" and f["number"] is not None]
    assert shares and all(0 <= f["number"] <= 1 for f in shares)
    assert all(f["value"] == f"{f['number'] * 100:.0f}%" for f in shares)


def strip_format_additions(context: dict[str, Any]) -> dict[str, Any]:
    """The context without what a format adds to each chart (its file, its inline SVG)."""
    charts = [{k: v for k, v in c.items() if k not in ("file", "svg")}
              for c in context["charts"]]
    return dict(context, charts=charts)


def test_templates_receive_exactly_the_json(cli: Cli, example_cop: Callable[..., Path],
                                            tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from copkit.output import render

    cop = example_cop("led-units")
    data = report_json(cli, cop, "--audience", "sponsor")
    given: dict[str, dict[str, Any]] = {}
    real = render.render

    def recording(root: Path | None, kind: str, fmt: str, context: dict[str, Any]) -> str:
        given[fmt] = context
        return real(root, kind, fmt, context)

    monkeypatch.setattr(render, "render", recording)
    for fmt in ("md", "html", "pdf"):
        result = cli("report", "--cop", str(cop), "--period", "2026", "--format", fmt,
                     "--audience", "sponsor", "--out", str(tmp_path / f"r.{fmt}"))
        assert result.exit_code == 0, result.stderr
    assert sorted(given) == ["html", "md", "typ"]
    for fmt, context in given.items():
        # through JSON and back: what a template is given is plain data, equal to the JSON
        assert json.loads(json.dumps(strip_format_additions(context))) == data, fmt


def test_the_json_shows_no_more_than_the_audience_may_see(
        cli: Cli, example_cop: Callable[..., Path]) -> None:
    cop = example_cop("led-units")
    members = json.dumps(report_json(cli, cop), ensure_ascii=False)
    sponsor = json.dumps(report_json(cli, cop, "--audience", "sponsor"), ensure_ascii=False)
    # Édgar Huamán did not agree to be named in public (consent.public: false)
    assert "Édgar" in members and "Édgar" not in sponsor
    assert "(name withheld)" in sponsor
    assert "edgar-huaman" not in sponsor  # nor his id
    for text in (members, sponsor):
        assert "@example.org" not in text and "+51 984" not in text  # no contact details
    contacts = report_json(cli, cop, "--include-contacts")["contacts"]
    assert ["María López Arce", "maria.lopez@example.org", "+51 984 000 123", "whatsapp"] \
        in contacts["rows"]


def test_docs_describe_every_field() -> None:
    text = (DOCS / "report-json.md").read_text(encoding="utf-8")
    fields: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            fields.update(node.get("properties", {}))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(SCHEMA)
    missing = sorted(f for f in fields if not re.search(rf"`{re.escape(f)}`", text))
    assert missing == []
