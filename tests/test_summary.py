"""The executive summary (copkit.output.summary) at the top of the report: its figures are the
report's own, in every format, in every language; in the PDF it is page 1 alone."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from typer.testing import Result

from copkit.output.summary import build
from tests.conftest import report_json

Cli = Callable[..., Result]


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-30")


def test_headlines_are_the_reports_own_figures(cli: Cli,
                                               example_cop: Callable[..., Path]) -> None:
    data = report_json(cli, example_cop("led-units"))
    summary = data["summary"]
    assert isinstance(summary, dict)
    assert summary == build(data)  # the data carries it, and it is made from the data
    rows = {h["label"]: (h["value"], h["previous"], h["arrow"], h["of"])
            for h in summary["headlines"]}
    figures = {(i["id"], f["key"]): f for lv in data["levels"]  # type: ignore[attr-defined]
               for i in lv["indicators"] for f in i["figures"]}
    m1 = figures[("M1", "members")]
    assert rows["Members"] == (m1["value"], m1["previous"], m1["arrow"], "")
    core, active = figures[("M2", "core")], figures[("M2", "active")]
    assert rows["Core and active members (observed)"][:2] == (
        str(core["number"] + active["number"]),
        str(core["previous_number"] + active["previous_number"]))
    held = figures[("M3", "meetings-held")]
    assert rows["Meetings held"][0] == held["value"]
    assert rows["Meetings held"][3] == figures[("M3", "meetings-expected")]["value"]
    assert list(rows) == ["Members", "Core and active members (observed)", "Meetings held",
                          "Attendance rate", "Practices added", "Actions done on time",
                          "Satisfaction (mean, 1 to 5)"]
    health = data["health"]
    assert isinstance(health, list)
    assert [(h["number"], h["factor"], h["status"]) for h in summary["health"]] == \
        [(h["number"], h["factor"], h["status"]) for h in health]
    assert 1 <= len(summary["highlights"]) <= 3


def test_summary_opens_the_markdown_report_in_each_language(
        cli: Cli, example_cop: Callable[..., Path]) -> None:
    root = example_cop("led-units")
    for lang, heading, first in (("en", "## Summary", "| Members | 18 | 16 | ↑ better |"),
                                 ("es", "## Resumen ejecutivo", "| Miembros | 18 | 16 | ↑ mejor |"),
                                 ("fr", "## Synthèse", "| Membres | 18 | 16 | ↑ favorable |")):
        lines = cli("report", "--cop", str(root), "--period", "2026", "--lang", lang) \
            .stdout.splitlines()
        at = lines.index(heading)
        assert at < lines.index(next(x for x in lines if x.startswith("## ") and x != heading))
        assert first in lines[at:at + 6]


def test_summary_is_page_one_of_the_pdf_on_its_own(cli: Cli, example_cop: Callable[..., Path],
                                                   tmp_path: Path) -> None:
    root = example_cop("led-units")
    out = tmp_path / "r.pdf"
    result = cli("report", "--cop", str(root), "--period", "2026", "--format", "pdf",
                 "--out", str(out), "--lang", "es")
    assert result.exit_code == 0, result.output
    pages = [" ".join(p.extract_text().split())
             for p in pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages]
    assert "Resumen ejecutivo" in pages[0]
    assert "Tablero de salud" in pages[0]
    assert "Miembros 18 16 ↑ mejor" in pages[0]
    assert "M1. Número de participantes" not in pages[0]  # the indicators start on page 2
    assert pages[1].split("Nivel 1 — Seguimiento")[0].strip().endswith("copkit")  # header only
