"""The report's last language and layout gaps of #16, in English, Spanish and French: a list of
names capped with "and N more" (copkit.i18n.msg.capped) wherever the indicators and the report
make one (the health evidence, a cell of expertise, the notes); E7's sampled-betweenness note
and M1's note on undated members as messages; I4's and I5's words; a story's teller the
audience may not name shown as "a member"; and a range of days short in the tables' headers."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from copkit.i18n import translations
from copkit.i18n.msg import Count, Msg, capped, cat, localise
from copkit.indicators import compute
from copkit.indicators.health import scorecard
from copkit.model.load import load_cop
from copkit.output.audience import Audience
from copkit.output.render import render
from copkit.output.report import build_report
from copkit.output.report_i18n import Speaker
from copkit.periods import parse_period
from tests.conftest import ROOT
from tests.metrics_cop import MEMBERS, write_cop

LANGS = ("en", "es", "fr")


def say(value: str, lang: str) -> str:
    return Speaker(lang)(value)


# ---------------------------------------------------------------- the helper
def test_a_capped_list_says_how_many_more_in_each_language() -> None:
    names = [f"m{n}" for n in range(49)]
    got = {lang: say(capped(", ", names), lang) for lang in LANGS}
    assert got == {"en": "m0, m1, m2, m3, m4 and 44 more",
                   "es": "m0, m1, m2, m3, m4 y 44 más",
                   "fr": "m0, m1, m2, m3, m4 et 44 autres"}
    # one more than the limit is listed: "and 1 more" would say no less than the name
    assert say(capped(", ", names[:6]), "es") == "m0, m1, m2, m3, m4, m5"
    assert say(capped("; ", names[:8], 3), "fr") == "m0\u202f; m1\u202f; m2 et 5 autres"
    assert capped(", ", []) == ""


# ---------------------------------------------------------------- the health evidence
EXTRA = "".join(f"""\
  - id: fac{n}
    name: Facilitator {n}
    organisation: Org{n}
    roles: [facilitator]
    joined: 2025-01-01
""" for n in range(1, 9))


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The tiny CoP of tests/metrics_cop.py with eight more facilitators, each of an
    organisation of their own and with no time commitment stated."""
    root = write_cop(tmp_path_factory.mktemp("crowded"), members=MEMBERS + EXTRA)
    cop = load_cop(root).cop
    return cop, compute(cop, parse_period("2026-Q2"), dt.date(2026, 11, 20))


def test_health_line_1_names_five_facilitators_and_counts_the_others(crowded: Any) -> None:
    cop, metrics = crowded
    evidence = scorecard(cop, metrics)[0].evidence
    # nine facilitators: ana and the first four new ones, then "and 4 more"
    assert evidence == (
        "ana facilitated 2 of 3 meeting(s), last seen 2026-06-12; "
        + "; ".join(f"fac{n} facilitated 0 of 3 meeting(s), not seen at a meeting"
                    for n in range(1, 5))
        + " and 4 more (period 2026-Q2)")
    assert say(evidence, "es").endswith(
        "; fac4 facilitó reuniones: 0 de 3, no se le ha visto en ninguna reunión y 4 más "
        "(período T2 2026)")
    assert say(evidence, "fr").endswith(
        "\u202f; fac4 a animé des rencontres\u202f: 0 sur 3, aucune présence à une rencontre "
        "et 4 autres (période T2 2026)")


def test_health_lists_of_names_end_in_the_report_language(crowded: Any) -> None:
    cop, metrics = crowded
    lines = scorecard(cop, metrics)
    # 7: A (ana, ben), B (carla gone by 06-30: dan), C (eva, fay), D (gus) and Org1..Org8
    orgs = lines[6].evidence
    assert orgs == ("10 of 12 organisations have a single member: B, D, Org1, Org2, Org3 "
                    "and 5 more")
    assert say(orgs, "es").endswith(": B, D, Org1, Org2, Org3 y 5 más")
    assert say(orgs, "fr").endswith("\u202f: B, D, Org1, Org2, Org3 et 5 autres")
    # 9: ben, gus and the eight new facilitators state no time commitment
    missing = lines[8].evidence
    assert missing.endswith("; missing: ben, gus, fac1, fac2, fac3 and 5 more")
    assert say(missing, "es").endswith(": ben, gus, fac1, fac2, fac3 y 5 más")
    assert say(missing, "fr").endswith("\u202f: ben, gus, fac1, fac2, fac3 et 5 autres")


def test_the_sponsor_reads_the_capped_list_with_those_not_named_counted(crowded: Any) -> None:
    cop, metrics = crowded
    missing = scorecard(cop, metrics)[8].evidence
    # nobody of the tiny CoP agreed to be named in public: the five listed and the five more
    # are one count, in each language
    got = {lang: Audience(cop, "sponsor", lang).counted(say(missing, lang), lang)
           for lang in LANGS}
    assert got["en"].endswith("; missing: 10 other members (not named here)")
    assert got["es"].endswith("; faltan: 10 miembros más (no se nombran aquí)")
    assert got["fr"].endswith("\u202f: 10 autres membres (non nommés ici)")
    # the members read the names and the count of the others
    assert Audience(cop, "members", "es").counted(say(missing, "es"), "es").endswith(
        ": Ben, Gus, Facilitator 1, Facilitator 2, Facilitator 3 y 5 más")


def test_a_list_of_members_with_their_counts_is_counted_too(led_ines_withheld: Any) -> None:
    # health line 4 lists facilitators with their meetings ("ana 3, luis 2 and 26 more")
    cop = led_ines_withheld
    hidden = sorted(m.id for m in cop.members if not m.consent.public)[:2]
    named = sorted(m.id for m in cop.members if m.consent.public)[:2]
    names = {m.id: m.name for m in cop.members}
    items = [f"{named[0]} 3", f"{hidden[0]} 3", f"{named[1]} 2", f"{hidden[1]} 1",
             *(f"x{n} 1" for n in range(26))]
    sentence = cat("(", capped(", ", items, 4), "); 2 of 3")
    got = {lang: Audience(cop, "sponsor", lang).counted(say(sentence, lang), lang)
           for lang in LANGS}
    shown = f"({names[named[0]]} 3, {names[named[1]]} 2, "
    assert got == {"en": shown + "28 other members (not named here)); 2 of 3",
                   "es": shown + "28 miembros más (no se nombran aquí)); 2 of 3",
                   "fr": shown + "28 autres membres (non nommés ici)); 2 of 3"}


# ---------------------------------------------------------------- E7, M1, I4, I5
def test_the_sampled_betweenness_note_is_a_message_with_its_numbers() -> None:
    note = Msg('Betweenness estimated from %(n)d members drawn with a fixed seed (%(seed)s): '
               'the network has %(ties)s ties, too many for an exact count in the time of a '
               'report.', n=48, seed="17", ties=Count(13916))
    assert str(note) == ("Betweenness estimated from 48 members drawn with a fixed seed (17): "
                         "the network has 13,916 ties, too many for an exact count in the time "
                         "of a report.")
    assert say(note, "es") == (
        "Intermediación estimada a partir de 48 miembros elegidos con una semilla fija (17): "
        "la red tiene 13.916 vínculos, demasiados para calcularla con exactitud en el tiempo "
        "de un informe.")
    assert say(note, "fr") == (
        "Intermédiarité estimée à partir de 48 membres tirés avec une graine fixe (17)\u202f: "
        "le réseau compte 13\u202f916 liens, trop pour un calcul exact dans le temps d’un "
        "rapport.")


def test_e7_builds_its_note_and_brokers_table_as_messages(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import copkit.indicators.network as net
    from tests.test_network import metrics, write

    monkeypatch.setattr(net, "EXACT_MAX_EDGES", 3)
    monkeypatch.setattr(net, "SAMPLE_K", 3)
    chain = [(f"2026-01-{n + 10}", [f"m{n}", f"m{n + 1}"]) for n in range(7)]
    e7 = metrics(write(tmp_path, {f"m{n}": None for n in range(8)}, chain)).by_id("E7")
    note = next(n for n in e7.notes if n.startswith("Betweenness"))
    assert say(note, "es").startswith("Intermediación estimada a partir de 3 miembros")
    brokers = next(t for t in e7.tables if t.title == "Brokers")
    assert [say(h, "fr") for h in (brokers.title, *brokers.header)] == [
        "Passeurs", "membre", "organisation", "intermédiarité", "liens",
        "organisations atteintes"]


def test_m1_note_joins_its_two_parts_in_the_language(tmp_path: Path) -> None:
    from copkit.output.report_history import read_history
    from tests.test_report_history import ANA, JUAN, LI, MARIA, TODAY, build

    repo = build(tmp_path / "cop")
    (repo.path / "members.yaml").write_text(
        "members:\n" + MARIA + JUAN + ANA + LI + "  - {id: eva, name: Eva, organisation: C}\n",
        encoding="utf-8")
    cop, period = load_cop(repo.path).cop, parse_period("2025")
    history = read_history(repo.path, cop, period, TODAY)
    notes = {}
    for lang in LANGS:
        ctx = build_report(cop, period, today=TODAY, history=history, lang=lang)
        m1 = next(i for lv in ctx["levels"] for i in lv["indicators"] if i["id"] == "M1")
        notes[lang] = m1["notes"][0]
    assert "(2025-01-15) and 1 in no commit yet, counted" in notes["en"]
    assert "(15 de enero de 2025) y 1 aún sin figurar en ningún commit, contados" in \
        notes["es"]
    assert "(15 janvier 2025) et 1 dans aucun commit pour l’instant, comptés" in notes["fr"]


def test_i4_and_i5_words_in_each_language() -> None:
    cop = load_cop(ROOT / "examples" / "camafu-fire-management").cop
    got = {}
    for lang in LANGS:
        ctx = build_report(cop, parse_period("2026"), today=dt.date(2026, 11, 30), lang=lang)
        ids = {i["id"]: i for lv in ctx["levels"] for i in lv["indicators"]}
        got[lang] = (ids["I4"]["figures"][1]["label"], ids["I5"]["figures"][0]["value"])
    assert got == {"en": ("organisations", "0.8 points"),
                   "es": ("organizaciones", "0,8 puntos"),
                   "fr": ("organisations", "0,8 points")}


# ---------------------------------------------------------------- a story's teller
@pytest.fixture(scope="module")
def led_ines_withheld(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """led-units with Inés Vargas, who told the San Jerónimo story, not named in public."""
    root = tmp_path_factory.mktemp("led") / "led-units"
    shutil.copytree(ROOT / "examples" / "led-units", root)
    members = root / "members.yaml"
    text = members.read_text(encoding="utf-8")
    entry = "time_commitment_hours_per_month: 3\n    consent: {public: true}\n  - id: tomas"
    assert text.count(entry) == 1
    members.write_text(text.replace(entry, entry.replace("true", "false")), encoding="utf-8")
    return load_cop(root).cop


def stories(cop: Any, audience: str, lang: str) -> dict[str, Any]:
    ctx = build_report(cop, parse_period("2026"), audience=audience,
                       today=dt.date(2026, 11, 30), lang=lang)
    i1 = next(i for lv in ctx["levels"] for i in lv["indicators"] if i["id"] == "I1")
    found: dict[str, Any] = next(t for t in i1["tables"] if "excerpt" in t["header"])
    return found


def test_a_story_told_by_a_member_not_named_keeps_its_row(led_ines_withheld: Any) -> None:
    tellers = {lang: [r[1:3] for r in stories(led_ines_withheld, "sponsor", lang)["rows"]]
               for lang in LANGS}
    title = "San Jerónimo created its LED unit in five months"
    budget = ["Puno's LED office gets a budget of its own for 2027", "Juan Pérez Mamani"]
    assert tellers == {"en": [[title, "a member"], budget],
                       "es": [[title, "un miembro"], budget],
                       "fr": [[title, "un membre"], budget]}
    assert stories(led_ines_withheld, "sponsor", "es")["withheld"] == 0
    assert stories(led_ines_withheld, "public", "en")["rows"][0][2] == "a member"
    # the members read every teller
    assert stories(led_ines_withheld, "members", "es")["rows"][0][2] == "Inés Vargas Ccori"


def test_the_shared_rule_counts_rows_of_people_and_keeps_rows_of_content(
        led_ines_withheld: Any) -> None:
    sponsor = Audience(led_ines_withheld, "sponsor", "fr")
    rows = [["ines-vargas", "3"], ["juan-perez", "2"]]
    # a table of people: the row would say only who and how much, so it is counted
    assert sponsor.table_rows(rows, [0]) == ([["Juan Pérez Mamani", "2"]], 1)
    # a table of something else: the row stays for its content, the member unnamed
    assert sponsor.table_rows([["A story", "ines-vargas"], ["B", "juan-perez"]], [1]) == (
        [["A story", "un membre"], ["B", "Juan Pérez Mamani"]], 0)
    # an id the CoP does not know (a guest's name) stays as written
    assert sponsor.table_rows([["C", "Carlos Ramos"]], [1]) == ([["C", "Carlos Ramos"]], 0)
    members = Audience(led_ines_withheld, "members", "fr")
    assert members.table_rows(rows, [0]) == ([["Inés Vargas Ccori", "3"],
                                              ["Juan Pérez Mamani", "2"]], 0)


def test_the_typst_report_shows_the_story_without_a_withheld_marker(
        led_ines_withheld: Any) -> None:
    ctx = build_report(led_ines_withheld, parse_period("2026"), audience="sponsor",
                       today=dt.date(2026, 11, 30), lang="es")
    ctx["charts"] = []
    text = render(None, "report", "typ", ctx)
    row = text[text.index("San Jerónimo created"):][:120]
    assert "un miembro" in row and "nombre reservado" not in row


# ---------------------------------------------------------------- the period short
def test_a_range_of_days_is_short_in_the_tables_headers() -> None:
    cop = load_cop(ROOT / "examples" / "led-units").cop
    period = parse_period(today=dt.date(2026, 12, 8))  # the 12 months up to today
    got = {}
    for lang in LANGS:
        ctx = build_report(cop, period, today=dt.date(2026, 12, 8), lang=lang)
        ctx["charts"] = []
        got[lang] = (ctx["period"]["short"], ctx["previous"]["short"], ctx["period"]["label"])
        typ = render(None, "report", "typ", ctx)
        md = render(None, "report", "md", ctx)
        short = ctx["period"]["short"]
        assert f"| | {short} |" in md, lang
        assert f"| {{}} | {short} |".format(say(Msg("figure"), lang)) in md, lang
        assert f"table.header([], [{short}]" in typ.replace("\\", ""), lang
        # the opening line keeps the period in full
        assert ctx["period"]["described"] in md, lang
    # each day unbroken (no-break spaces), so a narrow column breaks at the dash only
    got = {k: tuple(x.replace("\u00a0", "_") for x in v) for k, v in got.items()}
    assert got == {
        "en": ("2025-12-09 to 2026-12-08", "2024-12-09 to 2025-12-08",
               "2025-12-09 to 2026-12-08"),
        "es": ("9_dic_2025 – 8_dic_2026", "9_dic_2024 – 8_dic_2025",
               "del 9 de diciembre de 2025 al 8 de diciembre de 2026"),
        "fr": ("9_déc._2025 – 8_déc._2026", "9_déc._2024 – 8_déc._2025",
               "du 9 décembre 2025 au 8 décembre 2026")}


def test_a_year_or_a_quarter_is_its_name_in_the_headers() -> None:
    cop = load_cop(ROOT / "examples" / "led-units").cop
    ctx = build_report(cop, parse_period("2026-Q3"), today=dt.date(2026, 12, 8), lang="fr")
    assert (ctx["period"]["short"], ctx["previous"]["short"]) == ("T3 2026", "T2 2026")
    assert localise(capped(", ", ["a"]), translations("fr"), "fr") == "a"
