"""The report's days, quarters and French punctuation in the language asked for (#16): a day
inside a figure's label or the health evidence in words ("miembros hoy (20 de noviembre de
2026)"), a quarter as "T3 2026" in the header, the tables, the text and the charts, and a
narrow no-break space before a French colon that a template writes ("Bilan de santé :").
English is as it was: "members today (2026-11-20)", "2026-Q3"."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from copkit import i18n
from copkit.output import charts

Cli = Callable[..., Result]
N = "\u202f"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-20")


@pytest.fixture
def led(example_cop: Callable[..., Path]) -> Path:
    return example_cop("led-units")


def _md(cli: Cli, root: Path, *args: str) -> list[str]:
    result = cli("report", "--cop", str(root), "--format", "md", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


@pytest.mark.parametrize(("lang", "head", "described", "evidence"), [
    ("en", "| | 2026-Q3 | previous (2026-Q2) | change |",
     "2026-Q3 (2026-07-01 to 2026-09-30)",
     "3 meeting days in 2026-Q3; longest gap between meetings 35 days; 14 days since the last "
     "one (2026-09-16)"),
    ("es", "| | T3 2026 | anterior (T2 2026) | variación |",
     "T3 2026 (del 1 de julio al 30 de septiembre de 2026)",
     "3 días de reunión en el período T3 2026; intervalo más largo entre reuniones: 35 días; "
     "14 días desde la última (16 de septiembre de 2026)"),
    ("fr", "| | T3 2026 | précédente (T2 2026) | variation |",
     "T3 2026 (du 1er juillet au 30 septembre 2026)",
     f"3 jours de rencontre pendant la période T3 2026{N}; plus long intervalle entre deux "
     f"rencontres{N}: 35 jours{N}; 14 jours depuis la dernière (16 septembre 2026)"),
])
def test_a_quarter_in_the_header_the_tables_and_the_evidence(
        cli: Cli, led: Path, lang: str, head: str, described: str, evidence: str) -> None:
    lines = _md(cli, led, "--period", "2026-Q3", "--lang", lang)
    text = "\n".join(lines)
    assert head in lines  # the summary's table, and every indicator's with "figure" first
    assert described in lines[2]
    assert evidence in text
    if lang != "en":
        assert "2026-Q" not in text


@pytest.mark.parametrize(("lang", "label", "up_to"), [
    ("en", "| members today (2026-11-20) | 18 | 16 |", " up to 2026-11-20 | 11 | 10 |"),
    ("es", "| miembros hoy (20 de noviembre de 2026) | 18 | 16 |",
     " hasta el 20 de noviembre de 2026 | 11 | 10 |"),
    ("fr", "| membres aujourd’hui (20 novembre 2026) | 18 | 16 |",
     " jusqu’au 20 novembre 2026 | 11 | 10 |"),
])
def test_a_day_in_a_figures_label(cli: Cli, led: Path, lang: str, label: str,
                                  up_to: str) -> None:
    lines = _md(cli, led, "--period", "2026", "--lang", lang)
    assert any(line.startswith(label) for line in lines)
    # M3's meetings expected up to today
    assert sum(1 for line in lines if up_to in line) == 1
    assert ("2026-11-20" in "\n".join(lines)) == (lang == "en")


def test_the_json_label_is_said_its_key_stays(cli: Cli, led: Path) -> None:
    result = cli("report", "--cop", str(led), "--period", "2026", "--format", "json",
                 "--lang", "es")
    data = json.loads(result.stdout)
    m1 = data["levels"][0]["indicators"][0]
    first = m1["figures"][0]
    assert (first["key"], first["label"]) == ("members", "miembros hoy (20 de noviembre de 2026)")
    assert data["period"]["label"] == "2026" and data["period"]["slug"] == "2026"
    quarter = json.loads(cli("report", "--cop", str(led), "--period", "2026-Q3", "--format",
                             "json", "--lang", "fr").stdout)
    assert (quarter["period"]["label"], quarter["period"]["slug"]) == ("T3 2026", "2026-Q3")
    # a chart's data keeps the quarters as data: the chart names them when it draws them
    rows = next(c["data"] for c in quarter["charts"] if c["name"] == "practices")
    assert rows[-1][0] == "2026-Q3"


@pytest.mark.parametrize(("lang", "shown"), [("es", "T1 2026"), ("fr", "T1 2026"),
                                             ("en", "2026-Q1")])
def test_a_charts_quarters_are_named_in_its_language(lang: str, shown: str) -> None:
    for kind, data in (("practices", [("2025-Q4", 1), ("2026-Q1", 2)]),
                       ("levels-by-quarter", [("2025-Q4", 3, 4, 2, 1), ("2026-Q1", 1, 2, 3, 0)])):
        svg = charts.svg(kind, data, "t", lang)
        assert f">{shown}<" in svg or f"<!-- {shown} -->" in svg
        assert ("2026-Q1" in svg) == (lang == "en")


@pytest.mark.parametrize(("lang", "colon", "semicolon"), [
    ("en", ":", ";"), ("es", ":", ";"), ("fr", f"{N}:", f"{N};"), ("fr-CA", f"{N}:", ";")])
def test_french_punctuation_outside_the_messages(cli: Cli, led: Path, lang: str, colon: str,
                                                 semicolon: str, tmp_path: Path) -> None:
    """The marks the report's Markdown template writes between copkit's words: the health
    line of the summary, a chart's caption, a highlight's kind (the words as the catalog
    has them; the punctuation is what is tested)."""
    t = i18n.translations(lang).gettext
    out = tmp_path / f"r-{lang}.md"
    result = cli("report", "--cop", str(led), "--period", "2026", "--lang", lang, "--out",
                 str(out))
    assert result.exit_code == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    health = (f"**{t('Health scorecard')}{colon}** 1. {t('An active facilitator')}{colon} "
              f"**{t('ok')}**{semicolon} 2. {t('Shared concerns')}{colon} **{t('ok')}**"
              f"{semicolon} 3.")
    caption = f"![{t('Members over time')}{colon} {t('members at each month end')}]"
    highlight = f"- **{t('A goal with evidence')}{colon}** Every participating municipality"
    assert [line[:len(health)] for line in lines
            if line.startswith(f"**{t('Health scorecard')}")] == [health]
    assert any(line.startswith(caption) for line in lines)
    assert any(line.startswith(highlight) for line in lines)


def test_french_punctuation_in_the_html_and_typst(cli: Cli, led: Path, tmp_path: Path) -> None:
    from copkit.model.load import load_cop
    from copkit.output import render
    from copkit.output.report import build_report
    from copkit.periods import parse_period

    cop = load_cop(led).cop
    context = build_report(cop, parse_period("2026"), lang="fr-CA")
    for c in context["charts"]:
        c.update(file=f"{c['name']}.svg", svg="<svg></svg>")
    html = render.render(None, "report", "html", context, "fr-CA")
    typ = render.render(None, "report", "typ", context, "fr-CA")
    t = i18n.translations("fr-CA").gettext
    members, goal = t("Members over time"), t("A goal with evidence")
    assert f"<figcaption>{members}{N}: {t('members at each month end')}</figcaption>" in html
    assert f"<li><strong>{goal}{N}:</strong> Every participating" in html
    assert f"caption: [{members}{N}\\: " in typ
    assert f"- *{goal}{N}\\:* Every participating" in typ


@pytest.mark.parametrize(("lang", "drifting", "measure"), [
    ("en", "| Leticia Ordóñez Cruz | 2026-09-16 | 3 |",
     "| 5200 (2025-06-30) | 3900 (2026-06-30) |"),
    ("es", "| Leticia Ordóñez Cruz | 16 de septiembre de 2026 | 3 |",
     "| 5200 (30 de junio de 2025) | 3900 (30 de junio de 2026) |"),
    ("fr", "| Leticia Ordóñez Cruz | 16 septembre 2026 | 3 |",
     "| 5200 (30 juin 2025) | 3900 (30 juin 2026) |"),
])
def test_a_day_in_a_table_cell(cli: Cli, example_cop: Callable[..., Path], lang: str,
                               drifting: str, measure: str) -> None:
    """E8's members drifting away (their last meeting) and I6's outcome measures (the day of
    the baseline and of the latest value)."""
    lines = _md(cli, example_cop("camafu-fire-management"), "--period", "2026", "--lang", lang)
    assert drifting in lines
    assert any(measure in line for line in lines)
