"""Days, quarters and punctuation in the language asked for (#16): a day inside one of
copkit's messages ("members today (2026-11-30)") in words, a quarter as "T3 2026", and
French punctuation with its narrow no-break space ("preuves :"), Canadian French before the
colon only. English keeps what it always wrote."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest
from typer.testing import Result

from copkit import i18n, periods
from copkit.i18n.msg import Msg, cat, days, joined, period_name, quarter
from copkit.i18n.typography import NNBSP, lead, mark, spaced

Cli = Callable[..., Result]
AS_OF = Msg('%(what)s today (%(as_of)s)', what=Msg('members'), as_of=dt.date(2026, 11, 30))


@pytest.mark.parametrize(("tag", "expected"), [
    ("en", "members today (2026-11-30)"),
    ("es", "miembros hoy (30 de noviembre de 2026)"),
    ("es-PE", "miembros hoy (30 de noviembre de 2026)"),
    ("fr", "membres aujourd’hui (30 novembre 2026)"),
])
def test_a_day_in_a_message_is_said_in_the_language(tag: str, expected: str) -> None:
    assert i18n.speaker(tag)(AS_OF) == expected


def test_the_message_stays_the_english_text_for_the_export() -> None:
    # what the export, the JSON's figure keys and every reader of the text see
    assert str(AS_OF) == "members today (2026-11-30)"
    assert AS_OF.params["as_of"] == dt.date(2026, 11, 30)


SEPTEMBER = periods.Period(dt.date(2026, 1, 15), dt.date(2026, 6, 30),
                           "2026-01-15 to 2026-06-30")


@pytest.mark.parametrize(("tag", "expected"), [
    ("en", ["2026-Q3", "2026-05", "2026", "2026-01-15 to 2026-06-30"]),
    ("es", ["T3 2026", "mayo de 2026", "2026", "del 15 de enero al 30 de junio de 2026"]),
    ("fr", ["T3 2026", "mai 2026", "2026", "du 15 janvier au 30 juin 2026"]),
])
def test_a_period_is_named_in_the_language(tag: str, expected: list[str]) -> None:
    named = [period_name(p) for p in (periods.quarter(2026, 3), periods.month(2026, 5),
                                      periods.year(2026), SEPTEMBER)]
    assert [i18n.speaker(tag)(n) for n in named] == expected
    # as text, each is the period's label (the command line's --period 2026-Q3)
    assert [str(n) for n in named] == ["2026-Q3", "2026-05", "2026", "2026-01-15 to 2026-06-30"]


def test_the_quarter_helper_and_the_days_of_a_range() -> None:
    assert str(quarter(2025, 4)) == "2025-Q4"
    assert i18n.speaker("es")(quarter(2025, 4)) == "T4 2025"
    assert str(days(dt.date(2026, 4, 1), dt.date(2026, 6, 30))) == "2026-04-01 to 2026-06-30"
    assert i18n.speaker("es")(days(dt.date(2026, 4, 1), dt.date(2026, 6, 30))) == \
        "del 1 de abril al 30 de junio de 2026"
    assert periods.quarter(2026, 3).quarter == 3 and periods.year(2026).quarter == 1


# ---------------------------------------------------------------- punctuation
@pytest.mark.parametrize(("locale", "marks"), [("fr", ":;?!"), ("fr_FR", ":;?!"),
                                               ("fr_CA", ":"), ("es", ""), ("en", "")])
def test_the_marks_spaced_in_each_language(locale: str, marks: str) -> None:
    assert spaced(locale) == marks


def test_a_mark_after_a_text() -> None:
    assert mark("preuves", ":", "fr") == "preuves\u202f:"
    assert mark("", ";", "fr") == "\u202f;"
    assert mark("bien", ";", "fr_CA") == "bien;"
    assert mark("evidence", ":", "en") == "evidence:"
    assert mark("evidencia", ":", "es") == "evidencia:"


def test_the_punctuation_of_a_sentence_put_together() -> None:
    assert lead("; ", "fr") == "\u202f; "
    assert lead(" : ", "fr") == "\u202f: "  # a plain space before it becomes the narrow one
    assert lead("; ", "fr_CA") == "; "
    assert lead(": x", "en") == ": x"
    assert lead("(x)", "fr") == "(x)"
    sentence = cat(Msg('yes'), ": ", joined("; ", ["María", "Juan"]))
    assert i18n.speaker("fr")(sentence) == "oui\u202f: María\u202f; Juan"
    assert i18n.speaker("fr-CA")(sentence) == "oui\u202f: María; Juan"
    assert i18n.speaker("es")(sentence) == "sí: María; Juan"
    assert i18n.speaker("en")(sentence) == "yes: María; Juan"


def test_canadian_french_drops_the_space_before_the_semicolon_and_question_mark() -> None:
    fr, ca = i18n.translations("fr"), i18n.translations("fr-CA")
    assert fr.gettext("Who is recording this review?") == "Qui consigne cet examen\u202f?"
    assert ca.gettext("Who is recording this review?") == "Qui consigne cet examen?"
    assert ca.gettext("Period:") == fr.gettext("Period:") == "Période\u202f:"
    assert ca.ngettext("%(n)s day", "%(n)s days", 2) == "%(n)s jours"
    assert ca.pgettext("plan step", "done") == fr.pgettext("plan step", "done")


@pytest.mark.parametrize(("tag", "mark", "semicolon"), [
    ("fr", "\u202f:", "\u202f;"), ("fr-CA", "\u202f:", ";"), ("es", ":", ";"), ("en", ":", ";")])
def test_the_punct_filter(tag: str, mark: str, semicolon: str) -> None:
    env = jinja2.Environment(autoescape=True)
    i18n.install(env, tag)
    words = i18n.translations(tag).gettext("A goal with evidence")
    assert env.from_string('{{ "A goal with evidence"|t|punct }} x').render() == \
        f"{words}{mark} x"
    assert env.from_string('{{ ""|punct(";") }}').render() == semicolon


def test_every_french_message_spaces_its_marks() -> None:
    """Every French text of the catalog puts the narrow no-break space before : ; ? ! that
    end a clause (not inside code, a placeholder's format or a YAML example of init's
    comments), and no other space."""
    import re

    from babel.messages.pofile import read_po

    from copkit.i18n import catalog

    with catalog.po_file("fr").open("rb") as fp:
        po = read_po(fp, locale="fr")
    wrong = []
    for m in po:
        if not m.id:
            continue
        for text in m.string if isinstance(m.string, tuple) else (m.string,):
            plain = re.sub(r"`[^`]*`|\b[\w.-]+: [\w-]+$|\w+://", "", text or "", flags=re.M)
            wrong += [text for _ in re.finditer(r"[ \u00a0][:;?!](?=\s|$)", plain)]
            wrong += [text for _ in re.finditer(r"[\w)»*][;?!](?=\s|$)", plain)]
    assert wrong == []
    assert NNBSP == "\u202f"


@pytest.mark.parametrize(("lang", "period", "named", "colon"), [
    ("fr", "2026", "2026", "\u202f:"),
    ("fr", None, "du 1er décembre 2025 au 30 novembre 2026", "\u202f:"),
    ("es", "2026-Q3", "T3 2026", ":"),
    ("en", "2026-Q3", "2026-Q3", ":"),
])
def test_the_portfolios_period_and_colons(cli: Cli, example_cop: Callable[..., Path],
                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          lang: str, period: str | None, named: str,
                                          colon: str) -> None:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-30")
    root = example_cop("led-units")
    (tmp_path / "empty").mkdir()
    args = ["portfolio", str(root), str(tmp_path / "empty"), "--lang", lang, "-j", "1"]
    result = cli(*args, *(("--period", period) if period else ()))
    lines = result.stdout.splitlines()
    t = i18n.translations(lang).gettext
    assert lines[2].startswith(f"**{t('Period:')}** {named} (")
    failed = [line for line in lines if line.endswith("not a CoP (no charter.yaml)")]
    assert len(failed) == 1 and failed[0].startswith("- ")
    assert failed[0].split(" ")[1].endswith(f"empty{colon}")  # "- SOURCE : why"


@pytest.mark.parametrize("locale", ["en", "en_US", "en_GB", "en_CA", "en_AU", "en_IN"])
def test_english_days_are_babels_without_babel(locale: str) -> None:
    """day_text and range_text write an English day themselves (an English newsletter need
    not import Babel): the same text as Babel's "d MMMM y" and "d MMMM", for the first and
    last day of every month of two years."""
    from gettext import NullTranslations

    from babel import dates

    from copkit.i18n.formats import day_text, range_text

    for year in (2026, 2028):
        for month in range(1, 13):
            first = dt.date(year, month, 1)
            last = (first + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
            for day in (first, last):
                assert day_text(day, locale) == dates.format_date(day, "d MMMM y", locale=locale)
            assert range_text(first, last, locale, NullTranslations()) == \
                f"{dates.format_date(first, 'd MMMM', locale=locale)} to " \
                f"{dates.format_date(last, 'd MMMM y', locale=locale)}"
