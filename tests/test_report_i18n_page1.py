"""The report's first page and charts in Spanish and French (#16): the privacy note, the
"practice shared with members only" count, the period's days, the day it was made, the
summary's highlights, and the charts' titles, axis labels, level names and notes; English as
it always was."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

import pytest

from copkit.model.load import load_cop
from copkit.output.charts import svg
from copkit.output.render import render
from copkit.output.report import _svgs, build_report
from copkit.periods import parse_period
from tests.conftest import ROOT, report_context

TODAY = _dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def camafu() -> Any:
    return load_cop(ROOT / "examples" / "camafu-fire-management").cop


def report(cop: Any, lang: str, audience: str = "sponsor") -> dict[str, Any]:
    return report_context(cop, audience, lang)


def page_one(cop: Any, lang: str) -> str:
    text = render(None, "report", "md", report(cop, lang))
    return text.split("\n## ", 2)[0] + text.split("\n## ", 2)[1]


@pytest.mark.parametrize(("lang", "words"), [
    ("es", ["1 de enero al 31 de diciembre de 2026", "30 de noviembre de 2026",
            "(nombre reservado)", "1 práctica compartida solo con los miembros"]),
    ("fr", ["1er janvier au 31 décembre 2026", "30 novembre 2026", "(nom non divulgué)",
            "1 pratique réservée aux membres"]),
    ("en", ["2026 (2026-01-01 to 2026-12-31)", "**Made on** 2026-11-30",
            "(name withheld)", "1 practice shared with members only"]),
])
def test_page_one_in_the_report_language(camafu: Any, lang: str, words: list[str]) -> None:
    text = page_one(camafu, lang)
    for w in words:
        assert w in text, (lang, w)
    # the summary's highlights are found whatever the language of the tables' titles
    assert len(report(camafu, lang)["summary"]["highlights"]) == 3


def test_the_history_note_is_translated(camafu: Any) -> None:
    from copkit.indicators import History

    for lang, start in (("es", "La carpeta de la comunidad no está en git"),
                        ("fr", "Le dossier de la communauté n’est pas dans git")):
        context = build_report(camafu, parse_period("2026", today=TODAY), today=TODAY,
                               lang=lang, history=History(False, None, notes=[_note()]))
        assert any(n.startswith(start) for n in context["notes"]), context["notes"]


def _note() -> str:
    from copkit.i18n.msg import Msg

    return Msg("The CoP folder is not in git (or has no commit yet), so its history is not "
               "known: a practice's earlier status (E4) and, for members with no `joined` "
               "date, when they joined cannot be worked out. Commit the records to keep it.")


def texts(document: str) -> list[str]:
    return re.findall(r">([^<>]+)</text>", document)


def test_chart_words_in_each_language() -> None:
    levels = [("core", 3), ("active", 5), ("peripheral", 2), ("inactive", 1)]
    assert texts(svg("levels", levels, "Niveles")) == texts(svg("levels", levels, "Niveles",
                                                                "en"))
    es = texts(svg("levels", levels, "Niveles observados", "es"))
    fr = texts(svg("levels", levels, "Niveaux observés", "fr"))
    assert "core" not in es and "members" not in es and "Niveles observados" in es
    assert "core" not in fr and "membres" in fr
    months = [("2026-01-31", 3), ("2026-02-28", 4), ("2026-03-31", 6)]
    assert any("feb" in t for t in texts(svg("membership", months, "x", "es")))
    assert any("févr" in t for t in texts(svg("membership", months, "x", "fr")))
    assert "sin datos en este período" in texts(svg("levels-by-quarter", [], "x", "es"))
    assert "aucune présence consignée pendant cette période" in \
        texts(svg("attendance", [("2026-01-10", 0)], "x", "fr"))


def test_the_report_draws_its_charts_in_its_language(camafu: Any) -> None:
    context = build_report(camafu, parse_period("2026", today=TODAY), today=TODAY, lang="es")
    drawn = _svgs(context["charts"], None, "es")
    assert "Evolución del número de miembros" in texts(drawn["membership"]) or \
        any("Miembros" in t for t in texts(drawn["membership"]))
    english = build_report(camafu, parse_period("2026", today=TODAY), today=TODAY)
    assert _svgs(english["charts"][:1], None, "en") == \
        {english["charts"][0]["name"]: svg(english["charts"][0]["name"],
                                           english["charts"][0]["data"],
                                           english["charts"][0]["title"])}
