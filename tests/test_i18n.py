"""Languages (copkit.i18n): resolving a tag, Babel's formats, the catalogs complete in Spanish
and French, no untranslated text in the shipped templates, and `--lang` end to end."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest
from babel.messages.pofile import read_po
from typer.testing import Result

from copkit import i18n
from copkit.errors import UsageError
from copkit.i18n import catalog
from copkit.i18n import templates as words
from copkit.output import render
from copkit.resources import templates_dir
from tests.conftest import ROOT
from tests.newsletter_cop import write_cop

Cli = Callable[..., Result]
# template kinds whose every text goes through gettext
TRANSLATED = ("newsletter", "report", "portfolio")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-20")


# ---------------------------------------------------------------- resolve
@pytest.mark.parametrize(("tag", "code", "locale", "ietf"), [
    ("es-PE", "es", "es_PE", "es-PE"), ("fr_CA", "fr", "fr_CA", "fr-CA"),
    ("FR-ca", "fr", "fr_CA", "fr-CA"), ("es", "es", "es", "es"), ("en", "en", "en", "en"),
    (None, "en", "en", "en"), ("", "en", "en", "en"),
    ("es-XX", "es", "es", "es"),  # a region Babel does not know: the language alone
])
def test_resolve(tag: str | None, code: str, locale: str, ietf: str) -> None:
    assert i18n.resolve(tag) == i18n.Language(code, locale, ietf)


def test_unknown_language_is_a_usage_error_listing_the_languages() -> None:
    with pytest.raises(UsageError) as e:
        i18n.resolve("xx")
    assert e.value.message == "copkit has no translation for the language 'xx'; it speaks " \
        "en, es, fr"
    assert e.value.exit_code == 2


def test_a_charter_language_without_catalog_is_english_with_a_warning() -> None:
    lang = i18n.resolve("de-AT", strict=False)
    assert (lang.code, lang.locale, lang.tag) == ("en", "en", "en")
    assert lang.warning == "copkit has no translation for the language 'de-AT'; it speaks " \
        "en, es, fr: English is used"


# ---------------------------------------------------------------- formats
def _filters(tag: str) -> jinja2.Environment:
    env = jinja2.Environment(autoescape=False)
    i18n.install(env, tag)
    return env


@pytest.mark.parametrize(("tag", "template", "expected"), [
    ("es-PE", "{{ d|date }}", "1 de diciembre de 2026"),
    ("fr-CA", "{{ d|date }}", "1er décembre 2026"),
    ("en", "{{ d|date }}", "1 December 2026"),
    ("es", "{{ '2026-05-19'|date }}", "19 de mayo de 2026"),
    ("fr-CA", "{{ 12300|currency }}", "12\u00a0300,00\u00a0$"),
    ("es-PE", "{{ 12300|currency }}", "S/\u00a012,300.00"),
    ("en", "{{ 12300.5|currency('USD') }}", "$12,300.50"),
    ("fr", "{{ 0.425|percent(1) }}", "42,5\u00a0%"),
    ("es", "{{ 0.42|percent }}", "42\u00a0%"),
    ("en", "{{ 0.42|percent }}", "42%"),
    ("fr", "{{ 12300|number }}", "12\u202f300"),
    ("es", "{{ none|percent }}", "sin datos"),
    ("fr", "{{ none|number }}", "aucune donnée"),
])
def test_babel_filters(tag: str, template: str, expected: str) -> None:
    text = _filters(tag).from_string(template).render(d=dt.date(2026, 12, 1))
    assert text == expected


def test_gettext_in_a_template_is_translated_and_escapes_its_values() -> None:
    env = jinja2.Environment(autoescape=True)
    i18n.install(env, "es")
    out = env.from_string('{{ _("Thanks to %(names)s for sharing it.", names=n) }}') \
        .render(n="<b>Ana</b>")
    assert out == "Gracias a &lt;b&gt;Ana&lt;/b&gt; por compartirla."


# ---------------------------------------------------------------- the catalogs
def _extracted(tmp_path: Path) -> set[str]:
    """Every text of copkit's code and templates, extracted now (not the committed .pot)."""
    pot = tmp_path / "copkit.pot"
    # the keywords of docs/update_catalogs.py: count_words, and the indicators' Msg and Plural
    keywords = [arg for k in ("count_words:2,3", "Msg", "Plural:1,2") for arg in ("-k", k)]
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F",
                    str(ROOT / "babel.cfg"), *keywords, "-o", str(pot), str(ROOT)],
                   check=True, cwd=ROOT)
    with pot.open("rb") as fp:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fp) if m.id}


@pytest.mark.parametrize("code", ["es", "fr"])
def test_every_text_has_a_translation(code: str, tmp_path: Path) -> None:
    with catalog.po_file(code).open("rb") as fp:
        po = read_po(fp, locale=code)
    done = {}
    for m in po:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        done[m.id if isinstance(m.id, str) else m.id[0]] = all(strings) and not m.fuzzy
    lacking = sorted(t for t in _extracted(tmp_path) if not done.get(t))
    assert lacking == [], f"no {code} translation (run docs/update_catalogs.py, translate)"


def _shipped(kinds: tuple[str, ...]) -> list[Path]:
    return sorted(p for k in kinds for p in (templates_dir() / k).glob("*.j2"))


@pytest.mark.parametrize("path", _shipped(TRANSLATED), ids=lambda p: p.name)
def test_shipped_templates_hold_no_untranslated_text(path: Path) -> None:
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    fmt = path.name.split(".")[-2]
    assert words.literals(env, path.read_text(encoding="utf-8"), fmt) == []


@pytest.mark.parametrize(("fmt", "source", "found"), [
    ("html", '<p class="x">{{ _("Hi") }}</p><td>Total</td>', [(1, "Total")]),
    ("html", "<style>body { font-family: serif; }</style>\n<html lang=\"{{ l }}\">", []),
    ("typ", '#set text(lang: "es")\n#table(columns: (auto, 1fr), align: left,\n  [x])', []),
    ("typ", "== Health scorecard\n", [(1, "Health scorecard")]),
    ("md", "| {{ _('Date') }} |\n|---|\n", []),
    ("md", "*Note:* {{ n }}", [(1, "Note")]),
])
def test_literal_text_is_found_outside_gettext(fmt: str, source: str,
                                               found: list[tuple[int, str]]) -> None:
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    assert words.literals(env, source, fmt) == found


def test_catalog_compiled_at_load_matches_pybabel(tmp_path: Path) -> None:
    from babel.support import Translations

    catalog.load.cache_clear()
    loaded = catalog.load("fr")
    assert loaded.gettext("Our meetings") == "Nos rencontres"
    assert loaded.ngettext("%(n)s meeting", "%(n)s meetings", 3) == "%(n)s rencontres"
    compiled = Translations(fp=io.BytesIO(catalog.compile_po(catalog.po_file("es"))))
    assert compiled.gettext("Coming up") == "Próximas actividades"


# ---------------------------------------------------------------- end to end
def _cop(tmp_path: Path, language: str | None = None) -> Path:
    root = write_cop(tmp_path / "cop")
    if language is not None:
        charter = root / "charter.yaml"
        charter.write_text(charter.read_text(encoding="utf-8") + f"language: {language}\n",
                           encoding="utf-8")
    return root


def _newsletter(cli: Cli, root: Path, *more: str) -> Result:
    return cli("newsletter", "--cop", str(root), "--from", "2026-05-01", "--to", "2026-06-30",
               *more)


def test_newsletter_in_spanish_and_french(cli: Cli, tmp_path: Path) -> None:
    root = _cop(tmp_path)
    es = _newsletter(cli, root, "--lang", "es-PE")
    assert es.exit_code == 0, es.output
    assert es.stdout.splitlines()[0] == \
        "# Río Test CoP: novedades del 1 de mayo al 30 de junio de 2026"
    assert "## Nuestras reuniones" in es.stdout
    assert "## Our meetings" not in es.stdout
    fr = _newsletter(cli, root, "--lang", "fr")
    assert "## Nos rencontres" in fr.stdout
    assert "*Réalisé avec copkit à partir des registres de Río Test CoP.*" in fr.stdout


@pytest.mark.parametrize(("lang", "colon"), [("fr", "\u202f:"), ("fr-CA", "\u202f:"),
                                            ("es", ":"), ("en", ":")])
def test_newsletter_punctuation_outside_its_messages(cli: Cli, tmp_path: Path, lang: str,
                                                     colon: str) -> None:
    """The colons the newsletter's template writes after a day, a kind of event or an
    action: "### 15 mai 2026 : How we budget" in French (#16)."""
    t = i18n.translations(lang).gettext
    root = _cop(tmp_path)
    for fmt in ("md", "html"):
        out = _newsletter(cli, root, "--lang", lang, "--format", fmt,
                          "--out", str(tmp_path / f"n.{fmt}"))
        assert out.exit_code == 0, out.output
    md = (tmp_path / "n.md").read_text(encoding="utf-8").splitlines()
    html = (tmp_path / "n.html").read_text(encoding="utf-8")
    day = {"en": "15 May 2026", "es": "15 de mayo de 2026"}.get(lang, "15 mai 2026")
    assert f"### {day}{colon} How we budget" in md
    assert f"{t('Agenda topic')}{colon} Municipal budgets |" in "\n".join(md)
    assert any(line.startswith(f"- Send the figures{colon} Ana Ñúñez, ") for line in md)
    assert f"</time>{colon} How we budget</h3>" in html
    assert f"<li>Send the figures{colon} Ana Ñúñez, " in html


def test_names_and_titles_are_not_translated(cli: Cli, tmp_path: Path) -> None:
    en = _newsletter(cli, _cop(tmp_path), "--lang", "en").stdout
    es = _newsletter(cli, _cop(tmp_path), "--lang", "es").stdout
    for name in ("Ana Ñúñez", "Río Test CoP"):
        assert name in en and name in es


def test_unknown_lang_option_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    result = _newsletter(cli, _cop(tmp_path), "--lang", "xx")
    assert result.exit_code == 2
    assert "copkit has no translation for the language 'xx'; it speaks en, es, fr" in \
        result.output


def test_charter_language_is_the_default_and_lang_overrides_it(cli: Cli,
                                                                tmp_path: Path) -> None:
    root = _cop(tmp_path, "fr-CA")
    assert "## Nos rencontres" in _newsletter(cli, root).stdout
    assert "## Our meetings" in _newsletter(cli, root, "--lang", "en").stdout


def test_charter_language_without_catalog_falls_back_to_english(cli: Cli,
                                                                 tmp_path: Path) -> None:
    result = _newsletter(cli, _cop(tmp_path, "de"))
    assert result.exit_code == 0
    assert "## Our meetings" in result.stdout
    assert "warning: charter.yaml: language: copkit has no translation for the language " \
        "'de'; it speaks en, es, fr: English is used" in result.stderr


def test_cop_template_without_translation_is_named_in_a_warning(cli: Cli,
                                                                tmp_path: Path) -> None:
    root = _cop(tmp_path)
    own = root / "templates" / "newsletter"
    own.mkdir(parents=True)
    (own / "newsletter.md.j2").write_text(
        '# {{ _("Our meetings") }}\n{{ _("Our own words") }}\nWritten by hand.\n',
        encoding="utf-8")
    result = _newsletter(cli, root, "--lang", "es")
    assert result.exit_code == 0
    assert result.stdout == "# Nuestras reuniones\nOur own words\nWritten by hand.\n"
    assert "warning: templates/newsletter/newsletter.md.j2: 1 text(s) have no Spanish " \
        "translation in copkit's catalog and are shown as written (first: \"Our own words\")" \
        in result.stderr
    assert "warning: templates/newsletter/newsletter.md.j2: text outside {% trans %} or _() " \
        "is shown as written, not in Spanish (line 2: \"Written by hand\")" in result.stderr
    assert "warning" not in _newsletter(cli, root, "--lang", "en").stderr


def test_render_takes_the_language_from_the_context() -> None:
    out = render.render(None, "newsletter", "md", _context("fr"))
    assert "# T" in out and "Réalisé avec copkit à partir des registres de C." in out


def _context(lang: str) -> dict[str, object]:
    return {"lang": lang, "title": "T", "period_text": "P", "privacy": "", "summary_text": "",
            "notes": [], "empty": False, "meetings": [], "practices": [], "welcomed": [],
            "welcomed_others": 0, "stories": [], "coming": [], "due": [], "cop": {"name": "C"},
            "coming_days": 90, "due_days": 30, "until": {"iso": "", "text": ""}}


def test_report_in_spanish_keeps_names_and_translates_its_own_words(
        cli: Cli, example_cop: Callable[..., Path]) -> None:
    root = example_cop("led-units")
    es = cli("report", "--cop", str(root), "--period", "2026", "--lang", "es-PE")
    assert es.exit_code == 0, es.output
    lines = es.stdout.splitlines()
    assert lines[0] == "# Municipal LED Units Community of Practice (Peru and Bolivia): " \
        "informe de seguimiento y evaluación"
    assert "## Nivel 1 — Seguimiento" in lines
    assert "### M1. Número de participantes" in lines
    assert "| cifra | 2026 | anterior (2025) | variación |" in lines
    assert "## Tablero de salud" in lines
    fr = cli("report", "--cop", str(root), "--period", "2026", "--lang", "fr-CA").stdout
    assert "## Niveau 2 — Évaluation" in fr.splitlines()
    bad = cli("report", "--cop", str(root), "--lang", "xx")
    assert bad.exit_code == 2 and "it speaks en, es, fr" in bad.output
