"""`copkit site --lang` and `copkit calendar --lang`: the site (every page, both audiences) and
the calendar in Spanish and French through the catalog the report and the newsletter use:
the health page's lines, a practice card, a meeting's format, the calendar's events; and no
page holds one of copkit's English texts (the catalog's msgids the English site shows)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import icalendar
import pytest
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from .site_cop import SURVEY, write_cop

TODAY = {"COPKIT_TODAY": "2026-11-20"}
LOCALE = Path(__file__).resolve().parent.parent / "copkit" / "locale"
MEETING = "meetings/2026-05-15-budgets-in-the-open.html"
N = "\u202f"  # narrow no-break space: French before : ; ? !
# three people invited to the survey, two answered: E1's response rate is a figure (67 %)
INVITED = SURVEY.replace("questions:", "invited: 3\nquestions:").replace(
    "  - {respondent: canary, answers: {q1: 5}}\n",
    "  - {respondent: canary, answers: {q1: 5}}\n  - {respondent: ana, answers: {q1: 4}}\n")


def run(*args: str) -> str:
    from copkit.cli.main import app

    result = CliRunner().invoke(app, list(args), env=TODAY, catch_exceptions=False,
                                prog_name="copkit")
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def cop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_cop(tmp_path_factory.mktemp("lang") / "cop",
                     **{"surveys/member-survey.yaml": INVITED})


@pytest.fixture(scope="module")
def sites(cop: Path) -> Iterator[dict[tuple[str, str], Path]]:
    """One site per language and audience, built once for the module."""
    built = {}
    for lang in ("en", "es", "fr"):
        for audience in ("public", "members"):
            out = cop.parent / f"site-{lang}-{audience}"
            run("site", "--cop", str(cop), "--out", str(out), "--lang", lang,
                "--audience", audience)
            built[lang, audience] = out
    yield built


def rows(page: Path) -> list[list[str]]:
    """A page's table rows as the text of their cells."""
    text = page.read_text(encoding="utf-8")
    return [[html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
              for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, flags=re.S)]
            for r in re.findall(r"<tr>(.*?)</tr>", text, flags=re.S)]


HEALTH: dict[str, dict[str, Any]] = {
    "es": {"line": "Cifras del informe (período: del 21 de noviembre de 2025 al 20 de noviembre "
                   "de 2026), comparadas con el período anterior.",
           "head": ["Indicador", "Cifra", "Valor", "Anterior"],
           "M1": ["M1 Número de participantes", "miembros al final del período", "2 (mejor)",
                  "1"],
           "M2": ["M2 Niveles de participación", "central", "2", "sin datos"],
           "E1": ["E1 Satisfacción y apropiación", "tasa de respuesta", "67\u00a0%",
                  "sin datos"],
           "factor": "<strong>Una facilitación activa</strong> — "
                     '<span class="status-at-risk">en riesgo</span>'},
    "fr": {"line": "Données du rapport (période du 21 novembre 2025 au 20 novembre 2026), "
                   "comparées à la période précédente.",
           "head": ["Indicateur", "Donnée", "Valeur", "Avant"],
           "M1": ["M1 Nombre de membres", "membres à la fin de la période", "2 (favorable)",
                  "1"],
           "M2": ["M2 Niveaux de participation", "central", "2", "aucune donnée"],
           "E1": ["E1 Satisfaction et appropriation", "taux de réponse",
                  "67\u00a0%", "aucune donnée"],
           "factor": "<strong>Une animation active</strong> — "
                     '<span class="status-at-risk">à risque</span>'},
}


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_health_page_speaks_the_language(sites: dict[tuple[str, str], Path],
                                         lang: str) -> None:
    page = sites[lang, "public"] / "health.html"
    text = page.read_text(encoding="utf-8")
    want = HEALTH[lang]
    assert f"<p>{want['line']}</p>" in text
    table = {r[0].split()[0]: r for r in rows(page)[1:]}
    assert rows(page)[0] == want["head"]
    assert [table["M1"], table["M2"], table["E1"]] == [want["M1"], want["M2"], want["E1"]]
    assert want["factor"] in text


CARDS = {"es": ("herramienta · probada · 16 de mayo de 2026", "Modalidad", "reunión en línea",
                "Estado: en curso"),
         "fr": ("outil · mise à l’essai · 16 mai 2026", "Formule", "rencontre en ligne",
                f"Statut{N}: en cours")}


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_practice_card_meeting_format_and_topic_status(sites: dict[tuple[str, str], Path],
                                                       lang: str) -> None:
    card, label, format_, status = CARDS[lang]
    site = sites[lang, "public"]
    listing = (site / "practices/index.html").read_text(encoding="utf-8")
    assert f'<span class="meta">{card}</span>' in listing
    assert f"<dt>{label}</dt><dd>{format_}</dd>" in (site / MEETING).read_text(encoding="utf-8")
    assert f"{format_} · " in (site / "meetings/index.html").read_text(encoding="utf-8")
    assert f'<p class="meta">{status}' in (site / "agenda.html").read_text(encoding="utf-8")


def events(ics: Path) -> dict[str, tuple[str, str]]:
    """(SUMMARY, DESCRIPTION) of each event by its uid, parsed with icalendar."""
    cal = icalendar.Calendar.from_ical(ics.read_bytes())
    return {str(e["UID"]).split("@")[0]: (str(e["SUMMARY"]), str(e.get("DESCRIPTION", "")))
            for e in cal.walk("VEVENT")}


CALENDAR = {
    "es": {"meeting-2026-05-15-budgets-in-the-open": (
               "Budgets in the open", "Reunión en línea\nTemas: Municipal budgets"),
           "session-budgets-2026-12-10": (
               "Sesión de la agenda de aprendizaje: Municipal budgets", ""),
           "activity-workshop": ("Budget workshop", "Actividad (taller), prevista")},
    "fr": {"meeting-2026-05-15-budgets-in-the-open": (
               "Budgets in the open", f"Rencontre en ligne\nSujets{N}: Municipal budgets"),
           "session-budgets-2026-12-10": (
               f"Séance du programme d’apprentissage{N}: Municipal budgets", ""),
           "activity-workshop": ("Budget workshop", "Activité (atelier), prévue")},
}


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_site_calendar_and_home_in_the_language(sites: dict[tuple[str, str], Path],
                                                lang: str) -> None:
    # the public site: the canary facilitator and lead are not named
    site = sites[lang, "public"]
    listed = events(site / "calendar.ics")
    assert {uid: listed[uid] for uid in CALENDAR[lang]} == CALENDAR[lang]
    session = CALENDAR[lang]["session-budgets-2026-12-10"][0]
    assert f"\n{session}</li>" in (site / "index.html").read_text(encoding="utf-8")


ACTIONS = {
    "es": ("Fecha límite: Book a room", "Responsable: Ana Ñúñez\nDe la reunión “Budgets in the "
           "open” del 15 de mayo de 2026", "Facilitación: Zebulon Quxwaldt"),
    "fr": (f"Échéance{N}: Book a room", f"Responsable{N}: Ana Ñúñez\nDécidée à la rencontre "
           "«\u00a0Budgets in the open\u00a0» du 15 mai 2026", f"Animation{N}: Zebulon Quxwaldt"),
}


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_calendar_command_takes_lang(cop: Path, lang: str) -> None:
    out = cop.parent / f"actions-{lang}.ics"
    run("calendar", "--cop", str(cop), "--actions", "--lang", lang, "--out", str(out),
        "--force")
    summary, description, facilitated = ACTIONS[lang]
    assert events(out)["action-2026-05-15-budgets-in-the-open-2"] == (summary, description)
    members = cop.parent / f"members-{lang}.ics"
    run("calendar", "--cop", str(cop), "--lang", lang, "--out", str(members), "--force")
    meeting = events(members)["meeting-2026-05-15-budgets-in-the-open"][1]
    assert meeting.endswith(f"\n{facilitated}")


def test_calendar_language_defaults_to_the_charters(tmp_path: Path) -> None:
    from .site_cop import CHARTER

    cop = write_cop(tmp_path / "cop", **{"charter.yaml": CHARTER + "language: fr-CA\n"})
    run("calendar", "--cop", str(cop), "--out", str(tmp_path / "c.ics"))
    assert events(tmp_path / "c.ics")["session-budgets-2026-12-10"][0] == \
        "Séance du programme d’apprentissage\u202f: Municipal budgets"
    run("calendar", "--cop", str(cop), "--lang", "en", "--out", str(tmp_path / "en.ics"))
    assert events(tmp_path / "en.ics")["session-budgets-2026-12-10"][0] == \
        "Agenda session: Municipal budgets"


# ---------------------------------------------------------------- no English left
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|\{\{[^}]*\}\}")
# not record text but written as users type it, English in every language (docs/i18n.md):
# file and field names, commands, addresses
CODE = re.compile(r"`[^`]*`|\S*[._/@]\S*|(?<!\S)--?\w[\w-]*|\([a-z_]+:[^)\n]*\)?"
                  r"|\bcopkit (?:member|meeting|practice|topic|activity|story|plan|check|"
                  r"charter|report)\b[^)\n]*")
CODE_VALUE = re.compile(r"[a-z0-9-]+$")
SHOWN_ATTRIBUTES = re.compile(r'(?:aria-label|title|alt|placeholder|data-none|data-found)='
                              r'"([^"]*)"')


def _nodes(cop: Path) -> Iterator[object]:
    """Every value of every record file, the mappings and lists and what they hold."""
    from ruamel.yaml import YAML

    load = YAML(typ="safe", pure=True).load

    def walk(value: object) -> Iterator[object]:
        yield value
        inner = value.values() if isinstance(value, dict) else \
            value if isinstance(value, list) else ()
        for v in inner:
            yield from walk(v)

    for path in cop.rglob("*.yaml"):
        yield from walk(load(path.read_text(encoding="utf-8")))


def _record_texts(cop: Path) -> list[str]:
    """Every text of the records (names, titles, notes...), longest first."""
    found: set[str] = set()
    for value in _nodes(cop):
        if isinstance(value, str):
            found.update([value, *value.splitlines()])
    # not the codes (kind: tool, status: in-progress, format: virtual): copkit says them
    return sorted((t.strip() for t in found if t.strip() and not CODE_VALUE.match(t)),
                  key=len, reverse=True)


def _shown(site: Path, records: list[str]) -> dict[str, str]:
    """What each page (and the calendar, and the search results' kinds) shows people, the
    records' texts and code-like words taken out."""
    out = {}
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        shown = " ".join(SHOWN_ATTRIBUTES.findall(text))
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
        out[str(page.relative_to(site))] = html.unescape(re.sub(r"<[^>]+>", "\n", text)
                                                         + "\n" + shown)
    cal = icalendar.Calendar.from_ical((site / "calendar.ics").read_bytes())
    out["calendar.ics"] = "\n".join(str(e.get(k, "")) for e in cal.walk("VEVENT")
                                    for k in ("SUMMARY", "DESCRIPTION", "LOCATION"))
    index = (site / "assets/search-index.js").read_text(encoding="utf-8")
    out["search-index.js"] = "\n".join(re.findall(r'"k":"([^"]*)"', index))
    for name, text in out.items():
        for record in records:
            text = text.replace(record, "\n")
        out[name] = CODE.sub(" ", text)
    return out


def _texts(value: object) -> tuple[str, ...]:
    """A catalog entry's id or string as its texts (one, or a plural's forms)."""
    items = value if isinstance(value, (tuple, list)) else (value,)
    return tuple(str(x) for x in items if x)


def _pieces() -> dict[str, set[str]]:
    """copkit's English texts: each msgid (and plural) cut at its placeholders, the parts
    with a word of three letters or more, and the msgids each comes from."""
    with (LOCALE / "copkit.pot").open("rb") as f:
        catalog = read_po(f)
    pieces: dict[str, set[str]] = {}
    for message in catalog:
        ids = _texts(message.id)
        for msgid in ids:
            for part in PLACEHOLDER.split(msgid):
                part = part.strip(" .,:;()—–-\n'\"“”")
                if re.search(r"[A-Za-z]{3}", part) and "\n" not in part:
                    pieces.setdefault(part, set()).add(ids[0])
    return pieces


def _shared(lang: str, pieces: dict[str, set[str]]) -> set[str]:
    """The pieces the language writes as English does: kept in the translation of a message
    they come from ("contributions", "central" in French), or a word of the language in
    another message ("figure" in "ne figure pas"). A word a translation keeps from its own
    English text (the values listed in a comment: "tool, method, tip") is not one."""
    with (LOCALE / lang / "LC_MESSAGES" / "copkit.po").open("rb") as f:
        catalog = read_po(f)
    shared = set()
    for m in catalog:
        if not m.id:
            continue
        ids = _texts(m.id)
        said = CODE.sub(" ", "\n".join(_texts(m.string)))
        for piece, sources in pieces.items():
            if _found(piece, said) and (ids[0] in sources or
                                        not any(_found(piece, i) for i in ids)):
                shared.add(piece)
    return shared


_SHARED: dict[str, set[str]] = {}  # by language, for the module's tests


def _found(piece: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(piece)}(?![\w-])", text) is not None


@pytest.fixture(scope="module")
def english(sites: dict[tuple[str, str], Path], cop: Path) -> dict[str, set[str]]:
    """The catalog's texts that the English sites show (the list is derived, not written)."""
    records = _record_texts(cop)
    shown = "\n".join(t for audience in ("public", "members")
                      for t in _shown(sites["en", audience], records).values())
    words = {p: m for p, m in _pieces().items() if _found(p, shown)}
    assert len(words) > 100  # the navigation, headings, labels, health factors, events...
    return words


@pytest.mark.parametrize("lang", ["es", "fr"])
@pytest.mark.parametrize("audience", ["public", "members"])
def test_no_english_left_on_any_page(sites: dict[tuple[str, str], Path], cop: Path,
                                     english: dict[str, set[str]], lang: str,
                                     audience: str) -> None:
    shared = _SHARED.get(lang) or _SHARED.setdefault(lang, _shared(lang, english))
    words = [p for p in english if p not in shared]
    shown = _shown(sites[lang, audience], _record_texts(cop))
    left = {(page, piece) for page, text in shown.items() for piece in words
            if _found(piece, text)}
    assert sorted(left) == []
    # nor a record's code as written (format: virtual, status: in-progress, kind: tool)
    codes = {(page, code) for page, text in shown.items() for code in _codes(cop)
             if _found(code, text)}
    assert sorted(codes) == []


def _codes(cop: Path) -> set[str]:
    """The codes the records hold for a kind, a status or a format."""
    return {v for value in _nodes(cop) if isinstance(value, dict)
            for k, v in value.items() if k in ("kind", "status", "format") and isinstance(v, str)}
