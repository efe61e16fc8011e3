"""Members: what adding or changing one checks (an email belongs to one member, nobody leaves
before joining), recording that a member left, and members.yaml read for ``member list``
without pydantic (:func:`plain_members`)."""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from copkit.contacts.plain import CONTACT_FIELDS, plain_entry
from copkit.edit import store
from copkit.errors import RecordError
from copkit.periods import today
from copkit.records.context import MEMBERS, Context, inside, unknown_record
from copkit.records.ids import check_id
from copkit.records.writing import Outcome, commit, precheck_git, update_item

MEMBER_FIELDS = ("id", "name", "organisation", "country", "roles", "level", "email", "phone",
                 "preferred_channel", "email_hash", "joined", "left", "interests", "expertise",
                 "responsibilities", "time_commitment_hours_per_month", "consent")


def member_item(ctx: Context, member_id: str) -> int:
    """The index of member ``member_id`` in members.yaml; an error naming the closest id
    when there is none."""
    check_id(member_id, "the member id")
    index = ctx.list_file(MEMBERS).find("members", member_id)
    if index is None:
        raise unknown_record("member", member_id, ctx.member_ids, "copkit member list")
    return index


_PATH_LIKE = re.compile(r"[/\\]|^\.")


def named_member(root: Path, text: str, what: str = "the member id") -> str:
    """The id of the member ``text`` names, by the one resolver
    (:func:`copkit.records.people.resolve`): an id, an email, ``Name <email>``, a name or a
    word of one only that member has. A path-like text is refused as an id (exit 2)."""
    from copkit.records.people import resolve
    from copkit.records.values import check_text

    if _PATH_LIKE.search(text):
        check_id(text, what)
    check_text(text, what)
    ctx = Context(Path(root))
    if text in ctx.fast_member_ids():
        return text
    return resolve(ctx.people(), text)


def split_contact(root: Path, values: dict[str, Any]) -> None:
    """A new member's name typed as 'Name <email>': the name and the email, apart."""
    from copkit.records.people import split_person

    if not isinstance(values.get("name"), str) or "<" not in values["name"]:
        return
    name, email = split_person(values["name"])
    if email is None or not name:
        return
    if values.get("email") not in (None, email):
        raise RecordError(f"the name '{values['name']}' holds the email {email} and --email "
                          f"gives {values['email']}", "give the email once")
    values.update(name=name, email=email)


def check_email_free(ctx: Context, member_id: str, values: dict[str, Any]) -> None:
    """The email in ``values`` belongs to no member but ``member_id`` (case ignored): by the
    address members.yaml holds (old layout) or by its keyed hash (``email_hash``)."""
    from copkit.contacts.keys import Hasher, read_key

    email = values.get("email")
    if not email:
        return
    hasher = Hasher(read_key(ctx.root))
    wanted = hasher.form(email)
    lf = ctx.list_file(MEMBERS)
    owners: list[Any] = []
    for name in ("email", "email_hash"):
        scan = lf.quick_scan("members", name)
        if scan is None:
            owners = [m.get("id") for m in ctx.raw(MEMBERS, "members")
                      if hasher.member_form(m) == wanted]
            break
        owners += [lf.item("members", i).get("id") for i, value in scan
                   if hasher.member_form({name: value}) == wanted]
    for owner in owners:
        if owner != member_id:
            raise RecordError(f"the email {email} already belongs to member '{owner}'",
                              "update that member instead (copkit member update)")


def vet_member(ctx: Context, member_id: str, values: dict[str, Any]) -> None:
    """A member's values before they are written: the email free, and (a CoP in the new
    layout, :mod:`copkit.contacts`) the contact details written to contacts.yaml, never to
    members.yaml, which gets the email's keyed hash instead."""
    check_email_free(ctx, member_id, values)
    keep_contacts_apart(ctx, member_id, values)


def keep_contacts_apart(ctx: Context, member_id: str, values: dict[str, Any]) -> bool:
    """Move the contact values (email, phone, preferred channel, the consents to the
    directory and the newsletter) out of ``values`` into the member's entry of contacts.yaml
    (in the running transaction), when the CoP has a key; True when any was given."""
    sink = ContactSink(ctx)
    taken = sink.take(member_id, values)
    sink.save()
    return taken


class ContactSink:
    """Contact details of members being written, kept apart from members.yaml (the new
    layout): :meth:`take` each member's values, then :meth:`save` contacts.yaml once."""

    def __init__(self, ctx: Context) -> None:
        from copkit.contacts.keys import Hasher, read_key

        self.root = ctx.root
        self.key = read_key(ctx.root)
        self.hasher = Hasher(self.key)  # an import's emails hashed once (its plan did)
        self.entries: dict[str, dict[str, Any]] = {}

    def take(self, member_id: str, values: dict[str, Any]) -> bool:
        """Move the contact values out of ``values`` (the email's hash put in their place);
        in the old layout (no key) they stay, but consent to the newsletter is refused.
        Called once per row of an import: nothing imported here but for an entry outside
        the plain shapes (20,000 calls paid ~30 ms for three imports each)."""
        consent = values.get("consent")
        agreed = {k: consent.pop(k) for k in ("directory", "newsletter")
                  if isinstance(consent, dict) and k in consent}
        if isinstance(consent, dict) and not consent and agreed:
            values.pop("consent")
        if self.key is None:  # old layout: written as before (check says: contacts split)
            if "newsletter" in agreed:
                raise RecordError("this CoP keeps contact details in members.yaml (the old "
                                  "layout), where consent to the newsletter has no place",
                                  "move them to contacts.yaml first: copkit contacts split")
            if "directory" in agreed:
                values.setdefault("consent", {})["directory"] = agreed["directory"]
            return False
        contact = {k: values.pop(k) for k in CONTACT_FIELDS if values.get(k) is not None}
        for k in CONTACT_FIELDS:
            values.pop(k, None)
        if agreed:
            contact["consent"] = agreed
        if not contact:
            return False
        entry = {"id": member_id, **contact}
        if plain_entry(entry) is None:  # in the plain shapes it is valid (contacts.plain)
            from copkit.contacts.book import Contact
            from copkit.records.values import validate

            validate(Contact, entry, f"write the contact of '{member_id}'")
        if contact.get("email"):
            values["email_hash"] = self.hasher.hash(str(contact["email"]))
        self.entries[member_id] = contact
        return True

    def save(self) -> None:
        """Write what was taken into contacts.yaml (made when missing), in one edit."""
        if not self.entries:
            return
        from copkit.contacts.book import BookEdit

        book = BookEdit(self.root)
        book.set_many(self.entries)
        book.save()


CONTACT_UNSET = ("email", "phone", "preferred_channel")


def contact_cells(root: Path) -> tuple[Callable[[Any], None], str | None]:
    """A function that fills a member's row (their JSON) with their contact details (their
    entry of contacts.yaml, else what an old-layout row holds itself), and what to say when
    the CoP's contacts.yaml is missing (the new layout). members.yaml is not read again."""
    from copkit.contacts.keys import read_key
    from copkit.contacts.plain import CONTACTS, plain_book

    # read without pydantic when every entry is plain; else the full way, which refuses a
    # file with errors as before
    entries = plain_book(root)
    if entries is None:
        from copkit.contacts.book import valid_book

        entries = {mid: c.model_dump(mode="json") for mid, c in valid_book(root).entries.items()}
    note = None
    if read_key(root) is not None and not (Path(root) / CONTACTS).is_file():
        from copkit.contacts.book import HOW_TO_GET

        note = f"no contact details here: {HOW_TO_GET}"

    def cells(row: Any) -> None:
        contact = entries.get(str(row.get("id")))
        if contact is not None:
            for name in CONTACT_UNSET:
                if contact.get(name) is not None:
                    row[name] = contact[name]

    return cells, note


def contacts_note(root: Path, values: Mapping[str, Any]) -> str | None:
    """What to say after contact details were given to a member command in the new layout."""
    from copkit.contacts.keys import read_key

    given = [k for k in CONTACT_UNSET if values.get(k) is not None]
    if not given or read_key(Path(root)) is None:
        return None
    return (f"{', '.join(given)} kept in contacts.yaml, which is never committed "
            "(members.yaml holds only a hash of the email)")


def unset_contacts(root: Path, member_id: str, fields: list[str], *,
                   no_commit: bool = False) -> Outcome:
    """Remove contact fields of a member: from contacts.yaml (not committed), and the email's
    hash from members.yaml (committed) when the email goes."""
    from copkit.contacts.book import BookEdit

    root = Path(root)
    precheck_git(root, no_commit)
    with store.cop_lock(root):
        ctx = Context(root)
        index = member_item(ctx, member_id)
        book = BookEdit(root)
        changed = book.entry(member_id) is not None and \
            book.set(member_id, {f: None for f in fields})
        book.save()
        outcome = Outcome(member_id, "update")
        current = ctx.list_file(MEMBERS).item("members", index)
        if "email" in fields and current.get("email_hash"):
            from copkit.model.schemas import Member

            update_item(ctx, MEMBERS, "members", index, Member, {}, ["email_hash"],
                        MEMBER_FIELDS, f"update member '{member_id}'")
            outcome.paths = [MEMBERS]
            outcome.subject = f"copkit: update member {member_id}"
            outcome.body = [f"{MEMBERS}: {member_id}: email_hash removed"]
        if changed:
            outcome.notes.append(f"contacts.yaml: {', '.join(fields)} of {member_id} removed "
                                 "(contacts.yaml is never committed)")
        return commit(root, outcome, no_commit)


def check_dates(ctx: Context, member: Any, what: str) -> None:
    """Nobody leaves before joining."""
    if member.joined and member.left and member.left < member.joined:
        raise RecordError(f"cannot {what}: left ({member.left}) is before joined "
                          f"({member.joined})", "fix one of the two dates")


def leave_member(root: Path, member_id: str, day: _dt.date | None = None, *,
                 no_commit: bool = False) -> Outcome:
    """Record that a member left (members are never deleted)."""
    root = Path(root)
    precheck_git(root, no_commit)
    day = day or today()
    with store.cop_lock(root):
        ctx = Context(root)
        index = member_item(ctx, member_id)
        left = ctx.list_file(MEMBERS).item("members", index).get("left")
        if left is not None and left == day:
            return Outcome(member_id, "leave", notes=[f"'{member_id}' already left on {day}"])
        from copkit.model.schemas import Member

        def dates(obj: Any) -> None:
            if obj.joined and obj.left and obj.left < obj.joined:
                raise RecordError(f"'{member_id}' joined on {obj.joined}; they cannot leave on "
                                  f"{obj.left}", "give a later --date")

        update_item(ctx, MEMBERS, "members", index, Member, {"left": day}, (), MEMBER_FIELDS,
                    f"record that '{member_id}' left", dates)
        outcome = Outcome(member_id, "leave", [MEMBERS], f"copkit: member {member_id} left",
                          [f"{MEMBERS}: {member_id} left on {day}"])
        if left is not None:
            outcome.notes.append(f"the date they left changed from {left} to {day}")
        return commit(root, outcome, no_commit)


# ---------------------------------------------------------------- members.yaml without pydantic
# copkit.model.schemas.Member restated for the plain shapes the fast reader gives (text as text,
# dates as dates): such an item is valid, and its JSON is what the model dumps. Anything else
# (a name written as a number, a date in quotes, an unknown field...) is left to pydantic.
# tests/test_records.py holds these to the schema.
ROLES = frozenset(("facilitator", "co-facilitator", "thematic-leader", "expert",
                   "communications", "institutional-development", "technical-support",
                   "sponsor", "participant"))
LEVELS = frozenset(("core", "active", "peripheral"))
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_HASH = re.compile(r"^[0-9a-f]{64}$")
_EMAIL = re.compile(r"^[^@\s<>(),;:]+@[^@\s<>(),;:]+\.[^@\s<>(),;:.]+$")
_NO = object()  # not a plain value: pydantic decides
# the value of a field the item does not have (id and name are required)
_ABSENT: dict[str, Any] = {"roles": [], "interests": [], "expertise": [],
                           "responsibilities": [], "consent": {"directory": False,
                                                               "public": False}}


def _text(value: Any) -> Any:
    return value if value is None or isinstance(value, str) else _NO


def _matching(pattern: re.Pattern[str], strip: bool = False) -> Callable[[Any], Any]:
    def plain(value: Any) -> Any:
        if value is None:
            return None
        ok = isinstance(value, str) and pattern.match(value.strip() if strip else value)
        return value if ok else _NO

    return plain


def _one_of(choices: frozenset[str]) -> Callable[[Any], Any]:
    return lambda value: value if value is None or (isinstance(value, str) and
                                                    value in choices) else _NO


def _words(choices: frozenset[str] | None = None) -> Callable[[Any], Any]:
    def plain(value: Any) -> Any:
        ok = isinstance(value, list) and all(
            isinstance(v, str) and (choices is None or v in choices) for v in value)
        return list(value) if ok else _NO

    return plain


def _day(value: Any) -> Any:
    if value is None:
        return None
    return value.isoformat() if type(value) is _dt.date else _NO


def _hours(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return _NO
    try:
        number = float(value)
    except OverflowError:
        return _NO
    return number if math.isfinite(number) and number >= 0 else _NO


def _consent(value: Any) -> Any:
    if not isinstance(value, dict) or not value.keys() <= {"directory", "public"} or \
            not all(type(v) is bool for v in value.values()):
        return _NO
    return {"directory": value.get("directory", False), "public": value.get("public", False)}


_PLAIN: dict[str, Callable[[Any], Any]] = {
    "id": lambda v: v if isinstance(v, str) and _ID.match(v) else _NO,
    "name": lambda v: v if isinstance(v, str) else _NO,
    "organisation": _text, "country": _matching(_COUNTRY), "roles": _words(ROLES),
    "level": _one_of(LEVELS), "email": _matching(_EMAIL, strip=True), "phone": _text,
    "preferred_channel": _text, "email_hash": _matching(_HASH), "joined": _day,
    "left": _day, "interests": _words(),
    "expertise": _words(), "responsibilities": _words(),
    "time_commitment_hours_per_month": _hours, "consent": _consent,
}


def plain_member(item: Any) -> dict[str, Any] | None:
    """``Member.model_validate(item).model_dump(mode="json")`` when ``item`` is in the plain
    shapes above; None when only pydantic can say (it may be valid all the same)."""
    if not isinstance(item, dict) or not item.keys() <= _PLAIN.keys() or \
            "id" not in item or "name" not in item:
        return None
    out: dict[str, Any] = {}
    for name in MEMBER_FIELDS:
        if name not in item:
            absent = _ABSENT.get(name)
            out[name] = dict(absent) if isinstance(absent, dict) else \
                list(absent) if isinstance(absent, list) else None
            continue
        plain = _PLAIN[name](item[name])
        if plain is _NO:
            return None
        out[name] = plain
    return out


def plain_members(root: Path) -> list[dict[str, Any]] | None:
    """Every member of members.yaml as :func:`plain_member` gives it, read as ``copkit check``
    reads the file, without pydantic: what ``member list`` shows. None unless every member is
    in the plain shapes and the file holds nothing else (then the caller reads it the full way,
    which says what is wrong)."""
    from copkit.yaml.read import read_data
    from copkit.yaml.scalars import YamlProblem

    path = Path(root) / MEMBERS
    try:
        if not path.is_file():
            return None
        data = read_data(inside(root, MEMBERS), MEMBERS)
    except (RecordError, YamlProblem):
        return None
    if not isinstance(data, dict) or not data.keys() <= {"members"}:
        return None
    items = data.get("members")
    if not isinstance(items, list):
        return [] if items is None else None
    out = []
    for item in items:
        plain = plain_member(item)
        if plain is None:
            return None
        out.append(plain)
    return out
