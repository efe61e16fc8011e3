"""Withheld names as counts in the report (#16): for a sponsor or the public, a table of people
leaves out the rows of members who did not agree to be named and says how many; health
evidence lists them as a count; the summary's story credit never reads "((name withheld))"."""

from __future__ import annotations

from typing import Any

import pytest

from copkit.model.load import load_cop
from copkit.output import audience as aud
from copkit.output.audience import WITHHELD, Audience
from copkit.output.render import render
from copkit.output.summary import build as summary
from tests.conftest import ROOT, report_context


@pytest.fixture(scope="module")
def led() -> Any:
    return load_cop(ROOT / "examples" / "led-units").cop


def report(cop: Any, audience: str, lang: str = "en") -> dict[str, Any]:
    return report_context(cop, audience, lang)


def tables(context: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(i["id"], t["title"]): t for lv in context["levels"] for i in lv["indicators"]
            for t in i["tables"]}


def test_a_table_of_people_counts_those_not_named(led: Any) -> None:
    members, sponsor = tables(report(led, "members")), tables(report(led, "sponsor"))
    hidden = {m.name for m in led.members if not m.consent.public}
    key = next(k for k in sponsor if k[1] == "Top contributors")
    everyone, shown = members[key], sponsor[key]
    dropped = [r for r in everyone["rows"] if r[0] in hidden]
    assert dropped  # led-units has a contributor who did not agree to be named
    assert shown["withheld"] == len(dropped)
    assert [r for r in shown["rows"] if r[0] == WITHHELD] == []
    assert shown["rows"] == [r for r in everyone["rows"] if r[0] not in hidden]
    assert all(t["withheld"] == 0 for t in members.values())


def test_the_count_is_written_in_each_format_and_language(led: Any) -> None:
    for lang, words in (("en", "1 other member (not named here)"),
                        ("es", "1 miembro más (no se nombra aquí)"),
                        ("fr", "1 autre membre (non nommé ici)")):
        context = report(led, "sponsor", lang)
        for fmt in ("md", "html", "typ"):
            text = render(None, "report", fmt, context).replace("\\", "")  # Typst escapes
            assert words in text, (lang, fmt)
    assert "not named here" not in render(None, "report", "md", report(led, "members"))


def test_health_evidence_lists_those_not_named_as_a_count(led: Any) -> None:
    named = [m.id for m in led.members if m.consent.public]
    hidden = [m.id for m in led.members if not m.consent.public]
    sponsor = Audience(led, "sponsor")
    names = {m.id: m.name for m in led.members}
    sentence = f"missing: {named[0]}, {hidden[0]}, {hidden[1]}, {named[1]}"
    assert sponsor.counted(sentence) == \
        f"missing: {names[named[0]]}, {names[named[1]]}, 2 other members (not named here)"
    assert sponsor.counted(f"missing: {hidden[0]}, {hidden[1]}", "fr") == \
        "missing: 2 autres membres (non nommés ici)"
    # one id alone in a sentence stays a withheld name; the members read every name
    assert sponsor.counted(f"{hidden[0]} facilitated 3") == f"{WITHHELD} facilitated 3"
    assert Audience(led, "members").counted(sentence) == \
        ", ".join(names[x] for x in (named[0], hidden[0], hidden[1], named[1])).join(
            ("missing: ", ""))
    assert aud.members_only("members")


def test_the_summary_never_brackets_a_withheld_name_twice(led: Any) -> None:
    context = report(led, "sponsor")
    stories = {"title": "Stories", "header": ["cycle", "title", "member", "excerpt"],
               "rows": [["immediate value", "A story", WITHHELD, "text"]], "more": 0,
               "withheld": 0}
    context["levels"] = [{"id": "impact", "title": "", "question": "", "indicators": [
        {"id": "I1", "figures": [], "tables": [stories]}]}]
    highlight = summary(context)["highlights"][-1]
    assert highlight == {"kind": "A story of value", "text": "A story", "detail": ""}
    full = report(led, "sponsor")
    for fmt in ("md", "typ", "html"):
        assert "((" not in render(None, "report", fmt, full), fmt


@pytest.mark.parametrize(("lang", "note"), [
    ("en", "For a sponsor audience: 4 members did not agree to be named in public and are not "
           "named here (counted, or shown as “(name withheld)”). No contact details."),
    ("es", "Versión «financiador»: 4 miembros no aceptaron figurar con su nombre en público y no "
           "se nombran aquí (se cuentan, o aparecen como «(nombre reservado)»). Sin datos de "
           "contacto."),
])
def test_the_privacy_note_says_they_are_counted(led: Any, lang: str, note: str) -> None:
    """The note above the report says what the sponsor version does with the names it may not
    show (counted in tables, "a member" as a story's teller), with the count as a plural."""
    assert sum(1 for m in led.members if not m.consent.public) == 4
    assert str(report(led, "sponsor", lang)["privacy"]) == note
