"""Importing rosters, meeting attendance and survey responses from CSV exports.

Each import first builds a *plan*: every row of the file, matched to the CoP's members by the
rule of :mod:`copkit.people` (the same email; or the same folded name when the row or the
member has no email; in attendance reports also part of one member's name), and sorted into
*new* (will be added), *matched* (already a member), *ambiguous* (fits two members: never
guessed) and *unmatched* (not a member: skipped, or added as a member or a guest when asked).

A row that is not a member but close to one (the same name with another email, part of a
name, a similar name: found for the whole file in one indexed pass) keeps those members as
``Item.possible``: never a match by itself. The CLI asks about each on a terminal
(:func:`question`, then :func:`same_as` when the user says yes); with ``--yes`` the row is
imported as someone new and listed in the preview and in the outcome's notes, so that
``copkit member merge`` can join the two later.

The CLI shows the plan as a preview, and only :func:`apply` writes, under the CoP lock, in one
commit. A plan with ambiguous rows cannot be applied.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from copkit import records as rec
from copkit.csvin import (
    Row,
    Table,
    datetime_of,
    day_first,
    email_of,
    minutes_of,
    parse_map,
    read_table,
)
from copkit.errors import RecordError, UsageError
from copkit.people import PeopleIndex, Possible, describe_all, fold, name_key
from copkit.text import printable

Status = Literal["new", "matched", "ambiguous", "unmatched", "guest"]

_EMAIL_NAMES = ["e-mail", "email address", "e-mail address", "user email", "correo",
                "correo electronico", "direccion de correo electronico", "courriel",
                "adresse e-mail", "adresse electronique", "adresse courriel", "mail",
                "attendee email", "participant email", "guest email"]
_NAME_NAMES = ["full name", "nombre", "nombre completo", "nom complet", "participant",
               "participant name", "name (original name)", "display name", "nombre y apellido",
               "nombre (nombre original)", "nom (nom d'origine)", "attendee", "attendee name",
               "user name", "person", "your name", "tu nombre", "su nombre", "votre nom",
               "respondent", "nom"]
_ID_NAMES = ["member id", "member", "copkit id", "id"]
_FIRST = ["first name", "given name", "nombres", "prenom", "first"]
_LAST = ["last name", "surname", "family name", "apellido", "apellidos", "nom de famille",
         "last"]


_ORGANISATION = ["organization", "organizacion", "organisme", "institution", "institucion",
                 "company", "entidad", "empresa", "employer", "affiliation", "entreprise",
                 "structure"]
MEMBER_COLUMNS: dict[str, list[str]] = {
    "id": _ID_NAMES,
    "name": _NAME_NAMES,
    "first_name": _FIRST,
    "last_name": _LAST,
    "email": _EMAIL_NAMES,
    "organisation": _ORGANISATION,
    "country": ["pais", "pays", "country code"],
    "roles": ["role", "rol", "fonction", "roles"],
    "level": ["nivel", "niveau", "participation level"],
    "phone": ["telephone", "telefono", "mobile", "celular", "phone number", "tel"],
    "joined": ["joined on", "date joined", "fecha de ingreso", "date d'adhesion",
               "member since", "miembro desde", "membre depuis"],
}
ATTENDANCE_COLUMNS: dict[str, list[str]] = {
    "id": _ID_NAMES,
    "name": _NAME_NAMES,
    "first_name": _FIRST,
    "last_name": _LAST,
    "email": _EMAIL_NAMES,
    "join": ["join time", "joined", "first join", "first join time", "join", "joined at",
             "time joined",
             "hora de entrada", "hora de ingreso", "heure d'arrivee", "heure de connexion",
             "first seen", "entrada"],
    "leave": ["leave time", "left", "last leave", "last leave time", "leave", "left at",
              "time exited", "time left",
              "hora de salida", "heure de depart", "heure de deconnexion", "last seen",
              "salida"],
    "duration": ["duration (minutes)", "duration (mins)", "duration minutes", "duration",
                 "duracion", "duracion (minutos)", "duree", "duree (minutes)",
                 "attendance duration", "in-meeting duration", "time in meeting", "minutes",
                 "minutos"],
    # kept for people added as members (--add-unknown members)
    "organisation": _ORGANISATION,
}
SURVEY_COLUMNS: dict[str, list[str]] = {
    "id": _ID_NAMES,
    "name": _NAME_NAMES,
    "first_name": _FIRST,
    "last_name": _LAST,
    "email": _EMAIL_NAMES,
    "submitted": ["timestamp", "marca temporal", "horodateur", "submitted", "submitted at",
                  "submission date", "completion time", "hora de finalizacion",
                  "heure de fin", "date"],
}

# ---------------------------------------------------------------- Likert scales
# Answers written as labels, in English, Spanish and French. A bipolar scale is given by its
# seven positions (strongly against ... strongly for); its 5-, 7- and 4-point forms are made
# from them. Each position lists, by language, its spellings (the first one is how the label
# is written into the survey's ``labels``).
Point = Mapping[str, Sequence[str]]

_AGREE: dict[str, Point] = {
    "strong-neg": {"en": ["Strongly disagree", "Completely disagree", "Totally disagree"],
                   "es": ["Totalmente en desacuerdo", "Muy en desacuerdo",
                          "Completamente en desacuerdo", "Fuertemente en desacuerdo"],
                   "fr": ["Pas du tout d'accord", "Tout à fait en désaccord",
                          "Fortement en désaccord", "Totalement en désaccord"]},
    "neg": {"en": ["Disagree"], "es": ["En desacuerdo"], "fr": ["Pas d'accord", "En désaccord"]},
    "weak-neg": {"en": ["Somewhat disagree", "Slightly disagree", "Tend to disagree",
                        "Mostly disagree"],
                 "es": ["Algo en desacuerdo", "Un poco en desacuerdo",
                        "Parcialmente en desacuerdo", "Moderadamente en desacuerdo",
                        "Más bien en desacuerdo"],
                 "fr": ["Plutôt pas d'accord", "Plutôt en désaccord", "Pas vraiment d'accord",
                        "Un peu en désaccord"]},
    "neutral": {"en": ["Neither agree nor disagree", "Neither agree or disagree", "Neutral",
                       "Undecided"],
                "es": ["Ni de acuerdo ni en desacuerdo", "Neutral", "Neutro", "Indiferente"],
                "fr": ["Ni d'accord ni pas d'accord", "Ni en accord ni en désaccord", "Neutre",
                       "Sans opinion", "Indifférent"]},
    "weak-pos": {"en": ["Somewhat agree", "Slightly agree", "Tend to agree", "Mostly agree"],
                 "es": ["Algo de acuerdo", "Un poco de acuerdo", "Parcialmente de acuerdo",
                        "Moderadamente de acuerdo", "Más bien de acuerdo"],
                 "fr": ["Plutôt d'accord", "Plutôt en accord", "Un peu d'accord"]},
    "pos": {"en": ["Agree"], "es": ["De acuerdo"], "fr": ["D'accord", "En accord"]},
    "strong-pos": {"en": ["Strongly agree", "Completely agree", "Totally agree"],
                   "es": ["Totalmente de acuerdo", "Muy de acuerdo", "Completamente de acuerdo"],
                   "fr": ["Tout à fait d'accord", "Totalement d'accord", "Fortement d'accord",
                          "Entièrement d'accord"]},
}
_SATISFIED: dict[str, Point] = {
    "strong-neg": {"en": ["Very dissatisfied", "Extremely dissatisfied"],
                   "es": ["Muy insatisfecho", "Muy insatisfecha", "Totalmente insatisfecho"],
                   "fr": ["Très insatisfait", "Très insatisfaite", "Pas du tout satisfait"]},
    "neg": {"en": ["Dissatisfied"], "es": ["Insatisfecho", "Insatisfecha"],
            "fr": ["Insatisfait", "Insatisfaite", "Pas satisfait"]},
    "weak-neg": {"en": ["Somewhat dissatisfied", "Slightly dissatisfied"],
                 "es": ["Algo insatisfecho", "Algo insatisfecha", "Poco satisfecho"],
                 "fr": ["Plutôt insatisfait", "Plutôt insatisfaite", "Peu satisfait"]},
    "neutral": {"en": ["Neither satisfied nor dissatisfied", "Neither satisfied or dissatisfied",
                       "Neutral"],
                "es": ["Ni satisfecho ni insatisfecho", "Ni satisfecha ni insatisfecha",
                       "Neutral"],
                "fr": ["Ni satisfait ni insatisfait", "Neutre"]},
    "weak-pos": {"en": ["Somewhat satisfied", "Slightly satisfied"],
                 "es": ["Algo satisfecho", "Algo satisfecha"],
                 "fr": ["Plutôt satisfait", "Plutôt satisfaite"]},
    "pos": {"en": ["Satisfied"], "es": ["Satisfecho", "Satisfecha"],
            "fr": ["Satisfait", "Satisfaite"]},
    "strong-pos": {"en": ["Very satisfied", "Extremely satisfied"],
                   "es": ["Muy satisfecho", "Muy satisfecha", "Totalmente satisfecho"],
                   "fr": ["Très satisfait", "Très satisfaite", "Tout à fait satisfait"]},
}
_FORMS = {5: ("strong-neg", "neg", "neutral", "pos", "strong-pos"),
          "5s": ("strong-neg", "weak-neg", "neutral", "weak-pos", "strong-pos"),
          7: ("strong-neg", "neg", "weak-neg", "neutral", "weak-pos", "pos", "strong-pos"),
          4: ("strong-neg", "neg", "pos", "strong-pos"),
          "4s": ("strong-neg", "weak-neg", "weak-pos", "strong-pos")}
_UNIPOLAR: dict[str, list[Point]] = {
    "frequency": [
        {"en": ["Never"], "es": ["Nunca"], "fr": ["Jamais"]},
        {"en": ["Rarely", "Seldom"], "es": ["Casi nunca", "Rara vez", "Pocas veces"],
         "fr": ["Rarement"]},
        {"en": ["Sometimes", "Occasionally"], "es": ["A veces", "Algunas veces",
                                                     "Ocasionalmente"],
         "fr": ["Parfois", "Quelquefois", "De temps en temps"]},
        {"en": ["Often", "Frequently", "Usually"],
         "es": ["A menudo", "Frecuentemente", "Casi siempre", "Muchas veces"],
         "fr": ["Souvent", "Fréquemment"]},
        {"en": ["Always"], "es": ["Siempre"], "fr": ["Toujours"]}],
    "quality": [
        {"en": ["Very poor", "Very bad"], "es": ["Muy malo", "Muy mala", "Pésimo"],
         "fr": ["Très mauvais", "Très mauvaise"]},
        {"en": ["Poor", "Bad"], "es": ["Malo", "Mala", "Deficiente"],
         "fr": ["Mauvais", "Mauvaise", "Insuffisant"]},
        {"en": ["Fair", "Average", "Acceptable"], "es": ["Regular", "Aceptable"],
         "fr": ["Moyen", "Moyenne", "Passable", "Acceptable"]},
        {"en": ["Good"], "es": ["Bueno", "Buena"], "fr": ["Bon", "Bonne"]},
        {"en": ["Excellent"], "es": ["Excelente"], "fr": ["Excellent", "Excellente"]}],
    "quality-very-good": [
        {"en": ["Poor"], "es": ["Malo", "Deficiente"], "fr": ["Mauvais", "Insuffisant"]},
        {"en": ["Fair"], "es": ["Regular"], "fr": ["Passable", "Moyen"]},
        {"en": ["Good"], "es": ["Bueno", "Buena"], "fr": ["Bon", "Bonne"]},
        {"en": ["Very good"], "es": ["Muy bueno", "Muy buena"], "fr": ["Très bon", "Très bonne"]},
        {"en": ["Excellent"], "es": ["Excelente"], "fr": ["Excellent", "Excellente"]}],
    "amount": [
        {"en": ["Not at all"], "es": ["Nada"], "fr": ["Pas du tout"]},
        {"en": ["A little", "Slightly", "Very little"], "es": ["Poco", "Un poco", "Muy poco"],
         "fr": ["Un peu", "Très peu"]},
        {"en": ["Somewhat", "Moderately", "Some"], "es": ["Algo", "Moderadamente"],
         "fr": ["Moyennement", "Modérément", "Assez"]},
        {"en": ["Quite a bit", "A lot", "Much"], "es": ["Bastante"], "fr": ["Beaucoup"]},
        {"en": ["Very much", "Extremely", "Completely"], "es": ["Mucho", "Muchísimo"],
         "fr": ["Énormément", "Extrêmement", "Complètement"]}],
    "likelihood": [
        {"en": ["Very unlikely", "Extremely unlikely"],
         "es": ["Muy improbable", "Muy poco probable"],
         "fr": ["Très improbable", "Très peu probable"]},
        {"en": ["Unlikely", "Somewhat unlikely"], "es": ["Improbable", "Poco probable"],
         "fr": ["Improbable", "Peu probable"]},
        {"en": ["Neither likely nor unlikely", "Not sure"], "es": ["Ni probable ni improbable"],
         "fr": ["Ni probable ni improbable"]},
        {"en": ["Likely", "Somewhat likely"], "es": ["Probable"], "fr": ["Probable"]},
        {"en": ["Very likely", "Extremely likely"], "es": ["Muy probable"],
         "fr": ["Très probable"]}],
}


@dataclass(frozen=True)
class Scale:
    """A label set: its points, lowest first, and each folded spelling's (value, language)."""

    name: str
    points: tuple[Point, ...]
    lookup: Mapping[str, tuple[int, str]]

    @property
    def size(self) -> int:
        return len(self.points)

    def labels(self, lang: str) -> list[str]:
        return [str(p[lang][0]) for p in self.points]


def _scale(name: str, points: Sequence[Point]) -> Scale:
    lookup: dict[str, tuple[int, str]] = {}
    for value, point in enumerate(points, 1):
        for lang, spellings in point.items():
            for spelling in spellings:
                key = fold(spelling)
                assert lookup.get(key, (value, lang))[0] == value, (name, spelling)
                lookup.setdefault(key, (value, lang))
    return Scale(name, tuple(points), lookup)


# in order of preference: the first that reads every answer of a column is taken
SCALES: list[Scale] = [
    _scale(f"{concept}-{form}", [points[p] for p in _FORMS[form]])
    for form in (5, "5s") for concept, points in (("agree", _AGREE),
                                                  ("satisfaction", _SATISFIED))
] + [_scale(name, points) for name, points in _UNIPOLAR.items()] + [
    _scale(f"{concept}-{form}", [points[p] for p in _FORMS[form]])
    for form in (7, 4, "4s") for concept, points in (("agree", _AGREE),
                                                     ("satisfaction", _SATISFIED))]
LIKERT_LOOKUP: dict[str, int] = {}
for _sc in SCALES:
    if _sc.size == 5:
        for _key, (_value, _) in _sc.lookup.items():
            LIKERT_LOOKUP.setdefault(_key, _value)


def _number(text: str) -> int | None:
    """The number an answer starts with ('4', '4 - Agree', '4.'), or None."""
    words = text.split()
    head = words[0].rstrip(".-:)") if words else ""
    return int(head) if head.isdigit() else None


def likert(text: str) -> int | None:
    """A Likert answer as a number: '4', '4 - Agree', 'Strongly agree', 'Tout à fait
    d'accord', 'Somewhat agree' (on a 5-point scale); None when it is not one."""
    value = text.strip()
    if not value:
        return None
    number = _number(value)
    return number if number is not None else LIKERT_LOOKUP.get(fold(value))


@dataclass
class ScaleFit:
    """How a question's answers are read: its scale (number of points), the spelling of each
    label it uses (folded) -> value, and the labels to write into the survey."""

    size: int
    values: dict[str, int] = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)
    name: str = ""
    lang: str = "en"

    def read(self, text: str) -> int | None:
        number = _number(text)
        if number is not None:
            return number
        return self.values.get(fold(text))


def fit_scale(answers: Sequence[str], size: int | None = None,
              labels: Sequence[str] = ()) -> tuple[ScaleFit | None, list[Scale]]:
    """The scale that reads every answer (numbers, or labels of one label set), and the
    other label sets of the same size that would read them differently. ``size`` asks for
    that many points; ``labels`` (a recorded question's) are preferred."""
    texts = [a.strip() for a in answers if a.strip()]
    numbers = [n for n in (_number(t) for t in texts) if n is not None]
    words = {fold(t) for t in texts if _number(t) is None}
    top = max(numbers, default=0)
    if not words:
        if size is not None:
            return ScaleFit(size), []
        if not numbers or top > 11:
            return None, []
        return ScaleFit(5 if top <= 5 else (7 if top <= 7 else (10 if top <= 10 else 11))), []
    fits = [sc for sc in SCALES if words <= set(sc.lookup) and sc.size >= top
            and (size is None or sc.size == size)]
    wanted = {fold(x) for x in labels}
    if wanted:
        fits.sort(key=lambda sc: not any({fold(x) for x in sc.labels(lang)} == wanted
                                         for lang in ("en", "es", "fr")))
    if not fits and size is not None:
        # a scale asked for: the label set of that size reading most answers (the others
        # are then named at their cells)
        sized = [sc for sc in SCALES if sc.size == size and words & set(sc.lookup)]
        fits = sorted(sized, key=lambda sc: -len(words & set(sc.lookup)))[:1]
    if not fits:
        return None, []
    best = fits[0]
    words = {w for w in words if w in best.lookup}
    langs = [best.lookup[w][1] for w in words]
    lang = max(("en", "es", "fr"), key=langs.count)
    fit = ScaleFit(best.size, {w: best.lookup[w][0] for w in words},
                   list(labels) or best.labels(lang), best.name, lang)
    others = [sc for sc in fits[1:] if sc.size == best.size
              and any(sc.lookup[w][0] != fit.values[w] for w in words)]
    return fit, others


# ---------------------------------------------------------------- plans
@dataclass
class Item:
    """One person (or response) of the file, and what the import will do with it."""

    line: int
    where: str
    name: str
    status: Status
    member_id: str | None = None
    how: str = ""
    candidates: list[str] = field(default_factory=list)
    minutes: float | None = None
    rows: int = 1
    values: dict[str, Any] = field(default_factory=dict)
    possible: list[Possible] = field(default_factory=list)  # may be one of these members
    response: dict[str, Any] | None = None  # a survey row's response


@dataclass
class Plan:
    kind: str
    root: Path
    table: Table
    items: list[Item] = field(default_factory=list)
    target: str = ""                 # the file the import writes into
    target_new: bool = False
    record: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    add_unknown: str | None = None

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)

    @property
    def possible(self) -> list[Item]:
        """The rows that may be members (or rows) they are not matched to."""
        return [i for i in self.items if i.possible and i.status != "matched"]

    @property
    def ambiguous(self) -> list[Item]:
        return [i for i in self.items if i.status == "ambiguous"]

    def has_changes(self) -> bool:
        if self.kind == "survey":
            return bool(self.record.get("responses"))
        return any(i.status in ("new", "guest") or (i.status == "matched"
                                                    and self.kind != "members")
                   for i in self.items)


def _mapping(mapping: Sequence[str], columns: Mapping[str, Any], allow_any: bool = False
             ) -> dict[str, str]:
    return parse_map(mapping, list(columns), allow_any)


def _match(index: PeopleIndex, row: Row, name: str, email: str | None, part: bool = False
           ) -> tuple[Status, Any]:
    """The member the row *is* (:meth:`PeopleIndex.same_person`); ``part``: a row may give
    part of a member's name (attendance reports)."""
    match = index.same_person(name or None, email, row.get("id") or None, part=part)
    if match.kind == "none" and name and "(" in name:
        # Zoom writes "Name (Original Name)": try each of the two names
        outer, _, inner = name.partition("(")
        for candidate in (inner.rstrip(") "), outer.strip()):
            other = index.same_person(candidate or None, email, part=part)
            if other.kind != "none":
                match = other
                break
    if match.kind == "ambiguous":
        return "ambiguous", match
    if match.member_id:
        match.possible = []
        return "matched", match
    return "unmatched", match


def _how(match: Any) -> str:
    return {"id": "by id", "email": "by email", "name": "by name",
            "part": "by part of the name"}.get(match.kind, "")


def _flag_possible(index: PeopleIndex, items: Sequence[Item]) -> None:
    """Fill ``possible`` of ``items``: the members (and the people added before them from
    this file) they may be, similar names found in one pass. A row named only by an email
    is matched by its email alone."""
    items = [i for i in items if i.name and not _EMAIL_LIKE.match(i.name)]
    added = [i.member_id if i.status == "new" else None for i in items]
    similar = index.similar([(i.name, mid) for i, mid in zip(items, added, strict=True)])
    for item, mid, close in zip(items, added, similar, strict=True):
        item.possible = index.possible(item.name, item.values.get("email"), mid, close)


def question(plan: Plan, item: Item, possible: Possible) -> str:
    """What the CLI asks about a possible duplicate (answered yes: :func:`same_as`)."""
    detail = possible.describe()[len(possible.member_id) + 2:-1]
    return (f"line {item.line} {_label(item.name)}: the same person as {possible.member_id} "
            f"({printable(possible.name)}, {detail})?")


def same_as(plan: Plan, item: Item, member_id: str) -> None:
    """The user says the person of ``item`` is member ``member_id``: matched, not added;
    rows matched to the new member it would have been now name ``member_id``."""
    dropped = item.member_id if item.status == "new" else None
    item.status, item.member_id, item.how, item.possible = "matched", member_id, \
        "as you said", []
    if item.response is not None:
        item.response["respondent"] = member_id
    for other in plan.items:
        if dropped and other.member_id == dropped:
            other.member_id = member_id
        other.possible = [p for p in other.possible if p.member_id != dropped]
    if plan.kind == "attendance":
        _one_item_a_member(plan)


def _one_item_a_member(plan: Plan) -> None:
    """A person matched twice (once by email, once by name) is one attendee."""
    seen: dict[str, Item] = {}
    for item in list(plan.items):
        if item.member_id and item.member_id in seen:
            first = seen[item.member_id]
            first.rows += item.rows
            if item.minutes is not None:
                first.minutes = (first.minutes or 0) + item.minutes
            plan.items.remove(item)
        elif item.member_id:
            seen[item.member_id] = item


def _new_id(name: str, index: PeopleIndex) -> str:
    """:func:`copkit.records.unique_id` for a new person, without copying the ids each time
    (a roster of 20,000 rows adds as many)."""
    base = rec.slugify(name) or "member"
    mid, n = base, 2
    while mid in index.ids:
        mid, n = f"{base}-{n}", n + 1
    return mid


def _row_name(row: Row) -> str:
    name = row.get("name")
    if not name and (row.get("first_name") or row.get("last_name")):
        name = f"{row.get('first_name')} {row.get('last_name')}".strip()
    # Zoom writes "Name (Original Name)": keep the name people chose
    return " ".join(name.split())


NAME_FIELDS = ("name", "first_name", "last_name")


def _require_names(table: Table) -> None:
    """A roster or a participant report needs names: one column, or first and last."""
    if "name" in table.columns or {"first_name", "last_name"} & set(table.columns):
        return
    raise RecordError(
        "no column for 'name' in the header (columns: "
        + ", ".join(f"'{h}'" for h in table.header if h) + ")",
        "rename the column holding names, or name it with --map 'Your column=name'",
        f"{table.display}:{table.header_line}:1")


# ---------------------------------------------------------------- members
def plan_members(root: Path, path: Path, mapping: Sequence[str] = ()) -> Plan:
    from copkit.schemas import Member, Role

    root = Path(root)
    user_map = _mapping(mapping, MEMBER_COLUMNS)
    table = read_table(path, MEMBER_COLUMNS, [], user_map, one_of=NAME_FIELDS)
    _require_names(table)
    ctx = rec.Context(root)
    index = ctx.people()
    plan = Plan("members", root, table, target=rec.MEMBERS)
    roles = set(Role.__args__)  # type: ignore[attr-defined]
    day_first_joined = day_first([r.get("joined") for r in table.rows])
    for row in table.rows:
        name = _row_name(row)
        email = email_of(row)
        if not name:
            raise RecordError("this row has no name", "fill in the name or delete the row",
                              row.where("name" if "name" in table.columns else "first_name"))
        status, match = _match(index, row, name, email)
        item = Item(row.line, row.where(), name, status, match.member_id, _how(match),
                    match.candidates)
        if status == "unmatched":
            values = _member_values(plan, row, name, email, roles, day_first_joined)
            mid = _new_id(name, index)
            rec.validate(Member, {"id": mid, **rec.clean(values)},
                         f"import {row.where()} as member '{mid}'")
            item.status, item.member_id, item.values = "new", mid, values
            index.add({"id": mid, **values})
        plan.items.append(item)
    _flag_possible(index, [i for i in plan.items if i.status == "new"])
    return plan


def _member_values(plan: Plan, row: Row, name: str, email: str | None, roles: set[str],
                   day_first_joined: bool) -> dict[str, Any]:
    """The fields of a new member from a roster row."""
    values: dict[str, Any] = {"name": name, "email": email}
    for key in ("organisation", "phone", "level"):
        if row.get(key):
            values[key] = row.get(key).lower() if key == "level" else row.get(key)
    country = row.get("country")
    if country:
        if len(country) != 2 or not country.isalpha():
            raise RecordError(f"'{country}' is not a two-letter country code",
                              "use ISO codes like PE, MX, FR", row.where("country"))
        values["country"] = country.upper()
    if row.get("roles"):
        wanted = [rec.slugify(r) for r in row.get("roles").replace(";", ",").split(",")
                  if r.strip()]
        values["roles"] = [r for r in wanted if r in roles]
        for r in wanted:
            if r not in roles:
                plan.notes.append(f"{row.where('roles')}: role '{r}' is not one "
                                  "copkit knows; left out")
    joined = datetime_of(row, "joined", day_first_joined) if row.get("joined") else None
    values["joined"] = joined.date() if joined else rec.today()
    return values


# ---------------------------------------------------------------- attendance
def plan_attendance(root: Path, path: Path, mapping: Sequence[str] = (), *,
                    meeting_id: str | None = None, title: str | None = None,
                    add_unknown: str | None = None, meeting_format: str = "virtual") -> Plan:
    root = Path(root)
    if add_unknown not in (None, "members", "guests"):
        raise UsageError(f"--add-unknown {add_unknown}: expected members or guests")
    if meeting_id is not None:
        rec.check_id(meeting_id, "--meeting")
    user_map = _mapping(mapping, ATTENDANCE_COLUMNS)
    table = read_table(path, ATTENDANCE_COLUMNS, [], user_map, one_of=NAME_FIELDS)
    _require_names(table)
    ctx = rec.Context(root)
    index = ctx.people()
    plan = Plan("attendance", root, table, add_unknown=add_unknown)
    dayfirst = day_first([r.get("join") for r in table.rows] +
                         [r.get("leave") for r in table.rows])
    people: dict[str, Item] = {}
    first_join: _dt.datetime | None = None
    last_leave: _dt.datetime | None = None
    for row in table.rows:
        name = _row_name(row)
        email = email_of(row)
        if not name and not email:
            continue
        join = datetime_of(row, "join", dayfirst)
        leave = datetime_of(row, "leave", dayfirst)
        minutes = minutes_of(row, "duration")
        if minutes is None and join and leave:
            minutes = max(0.0, (leave - join).total_seconds() / 60)
        first_join = min(filter(None, [first_join, join]), default=None)
        last_leave = max(filter(None, [last_leave, leave]), default=None)
        key = f"@{email.casefold()}" if email else f"#{name_key(name)}"
        # what the file says about the person, kept if they are added as a member
        given = {k: v for k, v in (("email", email),
                                   ("organisation", row.get("organisation"))) if v}
        if key in people:  # a reconnect: the same person again
            item = people[key]
            item.rows += 1
            if minutes is not None:
                item.minutes = (item.minutes or 0) + minutes
            for k, v in given.items():
                item.values.setdefault(k, v)
            continue
        status, match = _match(index, row, name, email, part=True)
        item = Item(row.line, row.where("name"), name or email or "", status, match.member_id,
                    _how(match), match.candidates, minutes, values=given)
        people[key] = item
        plan.items.append(item)
    _one_item_a_member(plan)
    for item in plan.items:
        if item.status != "unmatched":
            continue
        if add_unknown == "guests":
            item.status = "guest"
        elif add_unknown == "members":
            item.status = "new"
            item.member_id = _new_id(item.name, index)
            index.add({"id": item.member_id, "name": item.name, **item.values})
    _flag_possible(index, [i for i in plan.items if i.status != "matched"])
    if meeting_id is not None:
        plan.target = rec.find_meeting(ctx, meeting_id, "--meeting")
        plan.record = {"id": meeting_id}
    else:
        day = first_join.date() if first_join else _preamble_date(table, dayfirst)
        if day is None:
            raise RecordError(
                "the file gives no date for the meeting (no join times)",
                "pass --meeting ID to add the attendance to a recorded meeting",
                f"{table.display}:{table.header_line}:1")
        title = title or _preamble_value(table, ("topic", "meeting title", "titulo",
                                                 "titre", "tema", "sujet")) or "Meeting"
        mid = f"{day.isoformat()}-{rec.slugify(title, 50) or 'meeting'}"
        relpath = rec.meeting_path(mid)
        if (root / relpath).exists():
            raise RecordError(
                f"a meeting on {day} with this title is already recorded in {relpath}",
                f"add the attendance to it with --meeting {mid}, or give another --title",
                f"{relpath}:1:1")
        plan.target, plan.target_new = relpath, True
        record: dict[str, Any] = {"date": day, "title": title, "format": meeting_format}
        if first_join and last_leave and last_leave > first_join:
            record["duration_minutes"] = round((last_leave - first_join).total_seconds() / 60)
        plan.record = record
    if any(i.rows > 1 for i in plan.items):
        merged = sum(i.rows - 1 for i in plan.items)
        plan.notes.append(f"{merged} reconnection row(s) merged into the same person "
                          "(durations added up)")
    return plan


def _preamble_value(table: Table, names: Sequence[str]) -> str | None:
    """A value from the summary above the header (Zoom: a header row, then a value row)."""
    rows = table.preamble
    wanted = {fold(n) for n in names}
    for row in rows:  # "Topic: value" or "Topic,value" lines
        if len(row) >= 2 and fold(row[0].text) in wanted and row[1].text.strip():
            return row[1].text.strip()
    for i, row in enumerate(rows[:-1]):  # a header row, then a value row
        for j, cell in enumerate(row):
            if fold(cell.text) in wanted and j < len(rows[i + 1]) and rows[i + 1][j].text.strip():
                return rows[i + 1][j].text.strip()
    return None


def _preamble_date(table: Table, dayfirst: bool) -> _dt.date | None:
    from copkit.csvin import parse_datetime

    value = _preamble_value(table, ("start time", "date", "fecha", "heure de debut",
                                    "hora de inicio", "meeting date"))
    parsed = parse_datetime(value, dayfirst) if value else None
    return parsed.date() if parsed else None


# ---------------------------------------------------------------- survey
def plan_survey(root: Path, path: Path, mapping: Sequence[str] = (), *,
                survey_id: str | None = None, title: str | None = None,
                date: _dt.date | None = None, invited: int | None = None) -> Plan:
    from copkit.splice import to_plain

    root = Path(root)
    if survey_id is not None:
        rec.check_id(survey_id, "--survey")
    user_map = parse_map(mapping, [*SURVEY_COLUMNS, "skip"], allow_any=True)
    field_map = {k: v for k, v in user_map.items() if v in SURVEY_COLUMNS}
    question_map, forced = _question_map(
        {k: v for k, v in user_map.items() if v not in SURVEY_COLUMNS})
    # the question columns named with --map help find the header row (and must exist)
    marks = {column: f"{_QUESTION_MARK}{qid}" for column, qid in question_map.items()}
    table = read_table(path, SURVEY_COLUMNS, [], {**field_map, **marks})
    for key in [k for k in table.columns if k.startswith(_QUESTION_MARK)]:
        del table.columns[key]
    ctx = rec.Context(root)
    index = ctx.people()
    plan = Plan("survey", root, table)
    existing: dict[str, Any] | None = None
    if survey_id is not None:
        rec.check_id(survey_id, "--survey")
        relpath = f"surveys/{survey_id}.yaml"
        if not rec.inside(root, relpath).is_file():
            raise rec.unknown_record("survey", survey_id, ctx.record_ids("surveys"),
                                     "ls surveys/")
        existing = rec.open_record(root, relpath).data
        existing = to_plain(existing)
        plan.target = relpath
    # columns -> questions
    questions: list[dict[str, Any]] = list((existing or {}).get("questions") or [])
    by_text = {fold(str(q.get("text", ""))): q for q in questions}
    by_id = {q.get("id"): q for q in questions}
    columns: list[tuple[int, dict[str, Any]]] = []
    n = 0
    for i in table.unmapped():
        header = table.header[i]
        key = fold(header)
        if not key:
            continue
        wanted = question_map.get(key)
        if wanted == "skip":
            continue
        if wanted and wanted in by_id:
            columns.append((i, by_id[wanted]))
        elif key in by_text and not wanted:
            columns.append((i, by_text[key]))
        elif existing is not None and not wanted:
            plan.notes.append(f"column '{header}' matches no question of {survey_id}: "
                              f"ignored (name it with --map '{header}=QUESTION-ID')")
        else:
            if not wanted:
                n += 1
                while f"q{n}" in by_id:
                    n += 1
            q = {"id": wanted or f"q{n}", "text": header}
            by_id[q["id"]] = q
            questions.append(q)
            columns.append((i, q))
    if not columns:
        raise RecordError("no question columns found in the file",
                          "name them with --map 'Column=question-id'",
                          f"{table.display}:{table.header_line}:1")
    new_questions = [q for _, q in columns if existing is None or q not in
                     (existing.get("questions") or [])]
    fits: dict[str, ScaleFit] = {}
    for i, q in columns:
        texts = [r.text(i, multiline=True) for r in table.rows]
        form = forced.get(fold(table.header[i]))
        fit = _question_scale(plan, q, q in new_questions, table.header[i], texts, form)
        if fit is not None:
            fits[q["id"]] = fit
    dayfirst = day_first([r.get("submitted") for r in table.rows])
    responses: list[dict[str, Any]] = []
    last: _dt.date | None = None
    for row in table.rows:
        name = _row_name(row)
        email = email_of(row)
        submitted = datetime_of(row, "submitted", dayfirst)
        if submitted:
            last = max(filter(None, [last, submitted.date()]))
        answers: dict[str, Any] = {}
        for i, q in columns:
            text = row.text(i, multiline=True)
            if not text:
                continue
            fit = fits.get(q["id"])
            if fit is None:
                answers[q["id"]] = text
                continue
            value = fit.read(text)
            if value is None or not 1 <= value <= fit.size:
                cell = row.cells[i]
                shown = ", ".join(fit.labels) if fit.labels else "Strongly disagree ... " \
                    "Strongly agree, Never ... Always"
                raise RecordError(
                    f"'{printable(text[:40])}' is not an answer on the 1-{fit.size} scale of "
                    f"question {q['id']} (column '{printable(table.header[i])}')",
                    f"use a number from 1 to {fit.size} or a label ({shown}); or fix the cell",
                    f"{table.display}:{cell.line}:{cell.col}")
            answers[q["id"]] = value
        if not answers:
            continue
        response: dict[str, Any] = {}
        label = name or (email or "")
        item = Item(row.line, row.where(), label or "(anonymous)", "unmatched")
        if label:
            status, match = _match(index, row, name, email)
            item.status, item.member_id, item.how = status, match.member_id, _how(match)
            item.candidates = match.candidates
            item.values = {"email": email} if email else {}
            item.response = response  # only a named row: a question may name its member
            if match.member_id:
                response["respondent"] = match.member_id
        if submitted:
            response["submitted"] = submitted.date()
        response["answers"] = answers
        responses.append(response)
        plan.items.append(item)
    _flag_possible(index, [i for i in plan.items if i.status == "unmatched"
                           and i.response is not None])
    if existing is None:
        day = date or last or rec.today()
        title = title or Path(path).stem.replace("_", " ").replace("-", " ").strip().capitalize()
        sid = rec.unique_id(f"{rec.slugify(title, 50) or 'survey'}",
                            ctx.record_ids("surveys"))
        plan.target, plan.target_new = f"surveys/{sid}.yaml", True
        plan.record = {"title": title, "date": day, "questions": questions,
                       "responses": responses}
        if invited is not None:
            plan.record["invited"] = invited
    else:
        plan.record = {"questions": new_questions, "responses": responses}
    unmatched = plan.count("unmatched")
    if unmatched:
        plan.notes.append(f"{unmatched} response(s) from people who are not members (or gave "
                          "no name) are kept anonymous: their names are not stored")
    return plan


_QUESTION_MARK = "\x00question:"  # a --map question column while the header is sought


def _question_map(targets: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """``--map`` targets that name questions: 'q1', 'skip', 'q1:5' (a 5-point scale),
    'q1:text' (an open question). Returns ({column: question id}, {column: form})."""
    questions: dict[str, str] = {}
    forms: dict[str, str] = {}
    for column, target in targets.items():
        qid, colon, form = target.partition(":")
        qid, form = qid.strip(), form.strip().lower()
        if qid != "skip" and not re.match(rec.ID_PATTERN, qid):
            raise UsageError(f"--map '{column}={target}': '{qid}' is not a valid question id",
                             "question ids are short lower-case words like q1 or satisfaction")
        if colon:
            if qid == "skip" or not (form == "text" or (form.isdigit()
                                                        and 2 <= int(form) <= 11)):
                raise UsageError(
                    f"--map '{column}={target}': after the question id and ':' give the "
                    "number of points of its scale (2 to 11), or 'text' for an open question",
                    "for example --map 'Column=q1:5' or --map 'Column=q1:text'")
            forms[column] = form
        questions[column] = qid
    return questions, forms


def _question_scale(plan: Plan, q: dict[str, Any], new: bool, header: str,
                    texts: Sequence[str], form: str | None) -> ScaleFit | None:
    """How to read the answers of question ``q`` (None: as open text). A new question gets
    the scale its answers fit (or the one forced with --map 'Column=q1:5'); a column whose
    answers are partly scale labels is named in the preview, not silently taken as text."""
    shown = printable(header)
    if not new:
        scale = q.get("scale")
        if form is not None and form != (str(scale) if scale else "text"):
            raise UsageError(
                f"--map: question {q['id']} of this survey is "
                + (f"on a 1-{scale} scale" if scale else "an open question")
                + f", not {'an open question' if form == 'text' else 'a 1-' + form + ' scale'}",
                "leave out the ':' part for a question already recorded")
        if not scale:
            return None
        fit, _ = fit_scale(texts, int(scale), q.get("labels") or ())
        fit = fit or ScaleFit(int(scale))
        for n, label in enumerate(q.get("labels") or [], 1):
            fit.values.setdefault(fold(str(label)), n)
        return fit
    if form == "text":
        return None
    size = int(form) if form else None
    fit, others = fit_scale(texts, size)
    if fit is None and size is not None:
        # answers that fit no label set of that size: each is named at its cell below
        fit = ScaleFit(size)
    if fit is None:
        words = [t for t in dict.fromkeys(t.strip() for t in texts) if t and _number(t) is None]
        known = [t for t in words if any(fold(t) in sc.lookup for sc in SCALES)]
        answered = [t for t in texts if t.strip()]
        on_scale = [t for t in answered if _number(t) is not None
                    or any(fold(t) in sc.lookup for sc in SCALES)]
        if known and len(on_scale) * 2 >= len(answered):
            unknown = [t for t in words if t not in known]
            examples = ", ".join(f"'{printable(t[:30])}'" for t in known[:3])
            if unknown:
                why = (f"{len(on_scale)} of its {len(answered)} answers are on a scale "
                       f"({examples}) but not " + ", ".join(f"'{printable(t[:30])}'"
                                                           for t in unknown[:3]))
            else:
                why = f"its answers mix the labels of different scales ({examples})"
            plan.notes.append(
                f"column '{shown}': {why}, so question {q['id']} is imported as open text; "
                f"if it is a scale, fix those cells or force one with --map '{shown}={q['id']}:5'")
        return None
    q["scale"] = fit.size
    if fit.values:
        q["labels"] = fit.labels
    if others:
        other = others[0].labels(fit.lang)
        plan.notes.append(
            f"column '{shown}': its answers fit two scales; read as {', '.join(fit.labels)} "
            f"(1-{fit.size}), not as {', '.join(other)}: if the form used the second, the "
            "numbers differ; check question " + str(q["id"]) + " after the import")
    return fit


# ---------------------------------------------------------------- applying
def check_applicable(plan: Plan) -> None:
    """Refuse a plan with an ambiguous person: copkit never guesses who someone is."""
    if plan.ambiguous:
        first = plan.ambiguous[0]
        more = f" (and {len(plan.ambiguous) - 1} more)" if len(plan.ambiguous) > 1 else ""
        raise RecordError(
            f"'{_label(first.name)}' matches more than one member: "
            f"{', '.join(first.candidates)}"
            f"{more}; nothing was written",
            "add the person's email, or their member id in an 'id' column, to that row, "
            "then import again", first.where)


def apply(plan: Plan, *, no_commit: bool = False) -> rec.Outcome:
    """Write what the plan says, in one commit."""
    from copkit import store

    check_applicable(plan)
    root = plan.root
    rec.precheck_git(root, no_commit)
    with store.cop_lock(root):
        ctx = rec.Context(root)
        if plan.kind == "members":
            outcome = _apply_members(plan, ctx)
        elif plan.kind == "attendance":
            outcome = _apply_attendance(plan, ctx)
        else:
            outcome = _apply_survey(plan, ctx)
        if outcome.paths:
            outcome.notes += possible_notes(plan)
        return rec.commit(root, outcome, no_commit)


def possible_notes(plan: Plan) -> list[str]:
    """For the summary after writing: each person added who may be a member already."""
    out = []
    for item in plan.possible:
        who = f"line {item.line} {_label(item.name)}"
        close = describe_all(item.possible)
        if item.status == "new":
            out.append(f"{who} was added as {item.member_id}, a possible duplicate of {close}; "
                       f"if they are one person: copkit member merge "
                       f"{item.possible[0].member_id} {item.member_id}")
        elif item.status == "guest":
            out.append(f"{who} was added as a guest, possibly {close}")
        elif plan.kind == "survey":
            out.append(f"{who}: answers kept anonymous, possibly {close}")
    return out


def _apply_members(plan: Plan, ctx: rec.Context) -> rec.Outcome:
    from copkit.schemas import Member

    lf = ctx.list_file(rec.MEMBERS)
    taken = set(ctx.member_ids)
    emails = {str(m.get("email") or "").strip().casefold()
              for m in ctx.raw(rec.MEMBERS, "members")} - {""}
    added: list[str] = []
    new: list[Any] = []
    for item in plan.items:
        if item.status != "new":
            continue
        mid = item.member_id or ""
        if mid in taken:  # added by someone else since the preview
            mid = item.member_id = rec.unique_id(mid, taken)
        email = item.values.get("email")
        if email and email.strip().casefold() in emails:
            continue
        obj = rec.validate(Member, {"id": mid, **rec.clean(item.values)}, f"add member '{mid}'")
        new.append(rec.record_dump(obj))
        taken.add(mid)
        added.append(mid)
    _append_members(lf, new)
    outcome = rec.Outcome(plan.table.display, "import")
    if added:
        lf.save()
        outcome.paths = [rec.MEMBERS]
        outcome.subject = f"copkit: import {len(added)} member(s) from {plan.table.display}"
        outcome.body = [f"{rec.MEMBERS}: member {m} added" for m in added]
    return outcome


# From this many new members on, their YAML is written here rather than by ruamel.yaml (which
# takes seconds a thousand members), each item exactly as ruamel writes it, and read back.
FAST_APPEND_FROM = 100
_PLAIN = re.compile(r"(?:[^\W_][\w .,'()/&+@\-–]*|\+[0-9][0-9 ()\-.]*)(?<! )")


def _append_members(lf: Any, records: list[dict[str, Any]]) -> None:
    """Append new members to members.yaml (a :class:`copkit.splice.ListFile`)."""
    if len(records) < FAST_APPEND_FROM or not _append_as_text(lf, records):
        lf.extend("members", [rec.to_yaml(r) for r in records])


def _append_as_text(lf: Any, records: list[dict[str, Any]]) -> bool:
    """Append ``records`` after the last item of the block list ``members``, each written by
    :func:`_member_text` (or by ruamel.yaml when a value is not simple); the last item and
    the new ones are read back with the fast reader and must give exactly the records.
    False, with nothing changed, when the list is not a plain block list."""
    q = lf.quick("members")
    if q is None:
        return False
    starts, stop, dash = q
    start = starts[-1]
    while stop > start + 1 and (not lf.lines[stop - 1].strip() or (
            lf.lines[stop - 1].lstrip(" ").startswith("#")
            and len(lf.lines[stop - 1]) - len(lf.lines[stop - 1].lstrip(" ")) <= dash)):
        stop -= 1  # comments and blank lines after the list stay after it
    head = re.match(r" *- +", lf.lines[start])
    last = "".join(lf.lines[start:stop])
    if head is None or not last.endswith("\n"):
        return False
    crlf = last.endswith("\r\n")
    last = last.replace("\r\n", "\n")
    yaml = _ItemWriter(last)
    texts = [_member_text(r, dash, head.end()) or yaml.item(r) for r in records]
    for _ in range(2):
        wrong = _read_back(last, texts, records)
        if wrong is None:
            block = "".join(texts)
            at = sum(len(x) for x in lf.lines[:stop])
            # a ListFile edited in place, as its own splices do; save() checks and writes
            lf.text = lf.text[:at] + (block.replace("\n", "\r\n") if crlf else block) + \
                lf.text[at:]
            lf.lines = lf.text.splitlines(keepends=True)
            lf._sm = None
            lf._quick.clear()
            return True
        for i in wrong:
            texts[i] = yaml.item(records[i])
    return False


def _member_text(record: dict[str, Any], dash: int, key_col: int) -> str | None:
    """A new member as ruamel.yaml writes one (``  - id: x`` then ``    name: ...``), or
    None when a value is not a plain one-line scalar or a short list of them."""
    lines = []
    for key, value in record.items():
        if isinstance(value, list):
            if not all(isinstance(v, str) and _PLAIN.fullmatch(v) for v in value) or \
                    sum(len(v) + 2 for v in value) > 70:
                return None
            text = f"[{', '.join(value)}]"
        elif isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
            text = value.isoformat()
        elif isinstance(value, str) and _PLAIN.fullmatch(value):
            text = value
        else:
            return None
        lines.append(f"{key}: {text}\n")
    if not lines:
        return None
    return " " * dash + "-" + " " * (key_col - dash - 1) + lines[0] + "".join(
        " " * key_col + line for line in lines[1:])


def _read_back(last: str, texts: list[str], records: list[dict[str, Any]]) -> list[int] | None:
    """The indexes of the records whose text does not read back as the record (None when
    all do; every index when the text is not even YAML)."""
    from copkit.splice import to_plain
    from copkit.yamlread import YamlProblem, load_data

    try:
        got = load_data("members:\n" + last + "".join(texts), "members.yaml")
        before = load_data("members:\n" + last, "members.yaml")
    except YamlProblem:
        return list(range(len(records)))
    items = got.get("members") if isinstance(got, dict) else None
    n = len(before["members"]) if isinstance(before, dict) else -1
    if not isinstance(items, list) or len(items) != n + len(records) or \
            to_plain(items[:n]) != to_plain(before["members"]):
        return list(range(len(records)))
    wrong = [i for i, r in enumerate(records) if to_plain(items[n + i]) != to_plain(r)]
    return wrong or None


class _ItemWriter:
    """Members written by ruamel.yaml one at a time, in the style of the list's last item
    (the file's indentation), as a splice would write them."""

    def __init__(self, sample: str) -> None:
        self.sample = "members:\n" + sample
        self.yaml: Any = None

    def item(self, record: dict[str, Any]) -> str:
        import io

        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        from copkit import store

        self.yaml = self.yaml or store.yaml_rt(self.sample)
        data = CommentedMap([("members", CommentedSeq([rec.to_yaml(record)]))])
        store._protect(data)
        out = io.StringIO()
        self.yaml.dump(data, out)
        return out.getvalue()[len("members:\n"):]


def _apply_attendance(plan: Plan, ctx: rec.Context) -> rec.Outcome:
    from copkit.schemas import Meeting

    att = rec.Attendance()
    for item in plan.items:
        if item.status == "matched" and item.member_id:
            att.attendees.append(item.member_id)
        elif item.status == "guest":
            guest = {"name": item.name}
            if item.values.get("organisation"):
                guest["organisation"] = item.values["organisation"]
            att.guests.append(guest)
        elif item.status == "new":
            # the email and organisation the file gives: the next import matches by email
            att.new_members.append({"name": item.name, **item.values})
    written: list[str] = []
    body: list[str] = []
    if plan.target_new:
        mid = Path(plan.target).stem
        obj = rec.validate(Meeting, plan.record, f"create meeting {mid}")
        rec._write_new(plan.root, plan.target, rec.record_dump(obj))
        written.append(plan.target)
        body.append(f"{plan.target}: new meeting '{obj.title}'")
    else:
        mid = str(plan.record["id"])
    try:
        more, lines = rec.add_to_meeting(ctx, mid, att)
    except BaseException:
        if plan.target_new:  # leave nothing half-done behind
            (plan.root / plan.target).unlink(missing_ok=True)
        raise
    written += [p for p in more if p not in written]
    body += lines
    outcome = rec.Outcome(mid, "import", written,
                          f"copkit: import attendance into meeting {mid}", body)
    return outcome


def _apply_survey(plan: Plan, ctx: rec.Context) -> rec.Outcome:
    from copkit.schemas import Survey

    if plan.target_new:
        sid = Path(plan.target).stem
        obj = rec.validate(Survey, plan.record, f"create survey {sid}")
        known = ctx.member_ids
        rec.require_refs([r.respondent for r in obj.responses], known, "member", "respondent")
        rec._write_new(plan.root, plan.target, rec.record_dump(obj))
        return rec.Outcome(sid, "import", [plan.target],
                           f"copkit: import survey {sid} from {plan.table.display}",
                           [f"{plan.target}: {len(obj.responses)} response(s), "
                            f"{len(obj.questions)} question(s)"])
    sid = Path(plan.target).stem
    doc = rec.open_record(plan.root, plan.target)
    from copkit.splice import to_plain

    for q in plan.record["questions"]:
        doc.data.setdefault("questions", []).append(rec.to_yaml(q, top=False))
    responses = doc.data.get("responses")
    if not isinstance(responses, list):
        doc.data["responses"] = rec.to_yaml([])
        responses = doc.data["responses"]
    if not responses and hasattr(responses, "fa"):
        responses.fa.set_block_style()
    for r in plan.record["responses"]:
        responses.append(rec.to_yaml(r))
    rec.validate(Survey, to_plain(doc.data), f"update survey {sid}")
    doc.save()
    return rec.Outcome(sid, "import", [plan.target],
                       f"copkit: import responses into survey {sid}",
                       [f"{plan.target}: {len(plan.record['responses'])} response(s) added"])


# ---------------------------------------------------------------- preview
_EMAIL_LIKE = re.compile(r"^([^@\s]+)@([^@\s]+)$")


def _label(name: str) -> str:
    """How the preview names a person: the name, or, when the file gave only an email, a
    masked form of it (m***@example.org) -- the preview shows no contact details."""
    m = _EMAIL_LIKE.match(name.strip())
    if m:
        return f"{m.group(1)[0]}***@{m.group(2)}"
    return printable(name)


def preview(plan: Plan) -> list[str]:
    """The lines the CLI shows before asking to write (no contact details)."""
    t = plan.table
    sep = {"\t": "tab", ",": "','", ";": "';'", "|": "'|'"}[t.separator]
    out = [f"{t.display}: {len(t.rows)} row(s) read ({t.encoding}, separator {sep}, "
           f"header on line {t.header_line})"]
    if t.duplicate_headers:
        out.append(f"  {t.duplicate_headers} repeated header row(s) skipped")
    if plan.target:
        out.append(f"into: {plan.target}" + (" (new file)" if plan.target_new else ""))
    for item in plan.items:
        extra = ""
        if item.minutes is not None:
            extra += f", {item.minutes:.0f} min"
        if item.rows > 1:
            extra += f", {item.rows} connections"
        if item.status == "matched":
            text = f"{item.member_id} {item.how}"
        elif item.status == "new":
            text = f"will be added as member {item.member_id}"
        elif item.status == "guest":
            text = "not a member: will be added as a guest"
        elif item.status == "ambiguous":
            text = "matches several members: " + ", ".join(item.candidates)
        elif plan.kind == "survey":
            text = "not a member: answers kept anonymous"
        else:
            text = "not a member: skipped (--add-unknown members|guests to add)"
        if item.possible and item.status != "matched":
            extra += ("; possible duplicate of " if item.status == "new" else "; possibly ") \
                + describe_all(item.possible)
        out.append(f"  {item.status:<9}  line {item.line:<4}  {_label(item.name)}: {text}"
                   f"{extra}")
    counts = [f"{plan.count(s)} {s}" for s in ("new", "matched", "guest", "ambiguous",
                                                "unmatched") if plan.count(s)]
    n = len(plan.possible)
    maybe = "" if not n else f" ({n} possible duplicate{'s' * (n > 1)})" \
        if plan.kind == "members" else f" ({n} possibly a member)"
    out.append("summary: " + (", ".join(counts) + maybe if counts else "nothing to import"))
    if plan.kind == "survey":
        q = plan.record.get("questions") or []
        out.append(f"  {len(plan.record.get('responses') or [])} response(s); questions: "
                   + ", ".join(f"{x['id']}" + (f" (1-{x['scale']})" if x.get("scale") else "")
                               for x in q))
    for note in plan.notes:
        out.append(f"note: {note}")
    return out
