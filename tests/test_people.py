"""Matching people to members: email, folded name, part of a name; ambiguity never guessed;
a similar name is only a possibility (#13: it used to be taken as the member)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from copkit.records.people import PeopleIndex, name_key
from copkit.text import fold

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


def test_a_similar_name_is_only_possible() -> None:
    # #13: this was ("fuzzy", "jose-garcia"), a silent match of someone else's name
    idx = PeopleIndex(MEMBERS)
    m = idx.match(name="Jose Antonio Garcia Hernandes")
    assert (m.kind, m.member_id, m.candidates) == ("possible", None, ["jose-garcia"])
    assert [p.describe() for p in m.possible] == ["jose-garcia (97%)"]
    assert idx.match(name="Mario Lopes").kind == "none"
    assert idx.match(name="").kind == "none"


def test_two_similar_names_are_both_possible() -> None:
    # #13: this was "ambiguous"; neither is a match, so both are named
    idx = PeopleIndex([{"id": "a", "name": "Jon Smithe"}, {"id": "b", "name": "Jon Smitha"}])
    m = idx.match(name="Jon Smith")
    assert m.kind == "possible" and m.member_id is None and m.candidates == ["a", "b"]


def test_same_person_rule() -> None:
    idx = PeopleIndex(MEMBERS)
    # the same name and either side without an email: the member
    assert idx.same_person("juan perez", "juan@example.org").member_id == "juan-perez"
    assert idx.same_person("MARIA LOPEZ").member_id == "maria-lopez"
    # the same name and two emails: two people
    m = idx.same_person("María López", "other@example.org")
    assert (m.kind, m.member_id) == ("none", None)
    assert [p.describe() for p in m.possible] == ["maria-lopez (same name, other email)"]
    # the email decides, whatever the name
    assert idx.same_person("Someone", " MARIA@example.org ").member_id == "maria-lopez"
    # part of a name: only when asked for (attendance), and only one member
    assert idx.same_person("José García").kind == "none"
    assert idx.same_person("José García", part=True).kind == "part"
    assert idx.same_person("Jose Garcia Hernandes").kind == "none"  # similar: never
    rosa = PeopleIndex([{"id": "r", "name": "Rosa Quispe Mamani", "email": "r@example.org"}])
    assert rosa.same_person("Rosa Quispe", part=True).kind == "part"
    assert rosa.same_person("Rosa Quispe", "other@example.org", part=True).kind == "none"
    assert [p.describe() for p in rosa.possible("Rosa Quispe", "other@example.org")] == [
        "r (part of the name)"]


def test_similar_names_for_a_whole_file_at_once() -> None:
    idx = PeopleIndex(MEMBERS)
    idx.add({"id": "mariana-lopez", "name": "Mariana López"})
    idx.add({"id": "jon-smith", "name": "Jon Smith"})
    found = idx.similar([("Mariana Lopera", None), ("Mariana López", "mariana-lopez"),
                         ("Participant 12", None), ("Juan Peres", None), ("Jon Smiht", None)])
    assert [[p.describe() for p in ps] for ps in found] == [
        ["mariana-lopez (89%)"],  # the same name (mariana-lopera) is not "similar"
        ["maria-lopez (92%)", "mariana-lopera (89%)"],  # not itself, nor jon-smith (later)
        [],
        ["juan-perez (90%)"],
        ["jon-smith (89%)"]]


def test_numbers_in_a_name_are_never_a_typo() -> None:
    idx = PeopleIndex([{"id": f"p{n}", "name": f"Participant {n}"} for n in (1, 12, 21)])
    assert idx.similar([("Participant 2", None), ("Participant 21", None),
                        ("Participamt 12", None)]) == [[], [], idx.similar(
                            [("Participamt 12", None)])[0]]
    assert [p.member_id for p in idx.similar([("Participamt 12", None)])[0]] == ["p12"]


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
    assert (m.kind, m.member_id) == ("part", "jose-garcia")
    m = idx.match(name="garcia hernandez jose")
    assert (m.kind, m.member_id) == ("part", "jose-garcia")
    # #15: a word only one member's name has names that member ("Ines" is Inés Mamani)
    assert (idx.match(name="José").kind, idx.match(name="José").member_id) == \
        ("part", "jose-garcia")
    twins = PeopleIndex([{"id": "a", "name": "Juan Pérez Mamani"},
                         {"id": "b", "name": "Juan Pérez Quispe"}])
    m = twins.match(name="Juan Pérez")
    assert m.kind == "ambiguous" and m.candidates == ["a", "b"]
