"""Matching people to members: email, folded name, fuzzy; ambiguity never guessed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from copkit.people import PeopleIndex, fold, name_key

MEMBERS = [
    {"id": "maria-lopez", "name": "María López", "email": "Maria@Example.org"},
    {"id": "juan-perez", "name": "Juan Pérez"},
    {"id": "ana-ruiz", "name": "Ana Ruiz"},
    {"id": "ana-ruiz-2", "name": "Ana Ruiz", "email": "ana2@example.org"},
    {"id": "jose-garcia", "name": "José Antonio García Hernández"},
    {"id": "mariana-lopera", "name": "Mariana Lopera"},
]


def test_fold() -> None:
    assert fold("  MARÍA  López-Ñuñez ") == "maria lopez nunez"
    assert fold("Straße Øster") == "strasse oster"
    assert name_key("López, María") == name_key("maria lopez")


def test_match_by_id_email_name() -> None:
    idx = PeopleIndex(MEMBERS)
    assert idx.match(name="juan-perez").kind == "id"
    m = idx.match(name="Someone Else", email="maria@example.ORG")
    assert (m.kind, m.member_id) == ("email", "maria-lopez")
    m = idx.match(name="JUAN PEREZ")
    assert (m.kind, m.member_id) == ("name", "juan-perez")
    m = idx.match(name="López, María")
    assert (m.kind, m.member_id) == ("name", "maria-lopez")


def test_email_decides_between_namesakes() -> None:
    idx = PeopleIndex(MEMBERS)
    assert idx.match(name="Ana Ruiz", email="ana2@example.org").member_id == "ana-ruiz-2"


def test_same_name_is_ambiguous() -> None:
    m = PeopleIndex(MEMBERS).match(name="ana ruiz")
    assert m.kind == "ambiguous" and m.member_id is None
    assert m.candidates == ["ana-ruiz", "ana-ruiz-2"]


def test_fuzzy_match_and_refusal() -> None:
    idx = PeopleIndex(MEMBERS)
    m = idx.match(name="Jose Antonio Garcia Hernandes")
    assert (m.kind, m.member_id) == ("fuzzy", "jose-garcia") and m.score >= 88
    assert idx.match(name="Mario Lopes").kind == "none"
    assert idx.match(name="").kind == "none"


def test_fuzzy_near_tie_is_ambiguous() -> None:
    idx = PeopleIndex([{"id": "a", "name": "Jon Smithe"}, {"id": "b", "name": "Jon Smitha"}])
    m = idx.match(name="Jon Smith")
    assert m.kind == "ambiguous" and m.candidates == ["a", "b"]


def test_added_member_is_found() -> None:
    idx = PeopleIndex([])
    idx.add({"id": "kofi-mensah", "name": "Kofi Mensah", "email": "kofi@example.org"})
    assert idx.match(name="kofi mensah").member_id == "kofi-mensah"
    assert idx.match(email="KOFI@example.org").member_id == "kofi-mensah"


@given(st.text(max_size=40))
def test_fold_is_ascii_and_idempotent(text: str) -> None:
    folded = fold(text)
    assert folded.isascii()
    assert fold(folded) == folded



def test_part_of_a_name_with_two_surnames() -> None:
    idx = PeopleIndex(MEMBERS)
    m = idx.match(name="José García")           # "José Antonio García Hernández"
    assert (m.kind, m.member_id) == ("name", "jose-garcia")
    m = idx.match(name="garcia hernandez jose")
    assert (m.kind, m.member_id) == ("name", "jose-garcia")
    assert idx.match(name="José").kind == "none"  # one word is too little to go on
    twins = PeopleIndex([{"id": "a", "name": "Juan Pérez Mamani"},
                         {"id": "b", "name": "Juan Pérez Quispe"}])
    m = twins.match(name="Juan Pérez")
    assert m.kind == "ambiguous" and m.candidates == ["a", "b"]
