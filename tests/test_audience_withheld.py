"""Withheld names as counts (#16): for a sponsor or the public, a table's rows whose people
may not be named are left out and counted by copkit.output.audience, in the language asked."""

from __future__ import annotations

from copkit.model.load import load_cop
from copkit.output.audience import Audience, withheld_words
from tests.conftest import ROOT


def test_rows_of_withheld_members_become_a_count() -> None:
    cop = load_cop(ROOT / "examples" / "led-units").cop
    named = [m.id for m in cop.members if m.consent.public]
    hidden = [m.id for m in cop.members if not m.consent.public]
    assert named and len(hidden) >= 2
    rows = [[named[0], "3"], [hidden[0], "2"], [hidden[1], "1"], ["someone-else", "1"]]
    sponsor = Audience(cop, "sponsor")
    assert sponsor.withheld_rows(rows, [0]) == ([[named[0], "3"], ["someone-else", "1"]], 2)
    # a row naming one member who may be named and one who may not is kept
    pair = [[hidden[0], named[0]]]
    assert sponsor.withheld_rows(pair, [0, 1]) == (pair, 0)
    assert Audience(cop, "members").withheld_rows(rows, [0]) == (rows, 0)
    assert sponsor.withheld_rows(rows, []) == (rows, 0)


def test_the_count_in_each_language() -> None:
    assert withheld_words(1) == "1 other member (not named here)"
    assert withheld_words(4, "en") == "4 other members (not named here)"
    assert withheld_words(4, "es") == "4 miembros más (no se nombran aquí)"
    assert withheld_words(1, "fr-CA") == "1 autre membre (non nommé ici)"
    assert withheld_words(4, "fr") == "4 autres membres (non nommés ici)"
