"""``contacts.yaml``: the members' contact details, beside the records and never committed.

The file holds one list, ``contacts:``; each entry names a member by ``id`` and holds their
``email``, ``phone``, ``preferred_channel``, what they agreed to (``consent.directory``: their
details may be listed to other members; ``consent.newsletter``: they receive the newsletter)
and ``updated``, when copkit last changed the entry (``contacts merge`` keeps the newer one).

:func:`read_book` reads it as ``copkit check`` reads a record file (the same refusals), and
validates each entry on its own; :func:`contacts_of` is what every command that needs a
contact sees: the file's entries over the contact fields an old-layout members.yaml still
holds. :class:`BookEdit` changes entries in place (comments and order kept) inside the
command's transaction; the file is never committed (:mod:`copkit.git.commit` refuses it).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from pydantic import Field

from copkit.contacts import plain
from copkit.edit import store
from copkit.edit.splice import ListFile, to_plain
from copkit.errors import RecordError
from copkit.model.fields import Email, Flag, Model, Slug, Text  # not schemas: its 50 models
from copkit.model.findings import Finding
from copkit.yaml import txn

CONTACTS = plain.CONTACTS
CONTACT_FIELDS = plain.CONTACT_FIELDS
ENTRY_FIELDS = ("id", *CONTACT_FIELDS, "consent", "updated")
HOW_TO_GET = ("contacts.yaml is not in git: ask a facilitator who has it for an encrypted "
              "copy (copkit contacts export --to YOUR-AGE-KEY), then run copkit contacts "
              "import FILE")
HEADER = (
    "# Contact details of the members (copkit contacts). This file is NEVER committed:\n"
    "# .gitignore lists it and copkit refuses to commit it. Share it with another\n"
    "# facilitator through `copkit contacts export`, encrypted for them.\n"
    "#\n"
    "#   - id: maria-lopez            # the member's id in members.yaml\n"
    "#     email: maria@example.org\n"
    "#     phone: \"+51 984 000 000\"\n"
    "#     preferred_channel: email\n"
    "#     consent: {directory: true, newsletter: true}\n"
    "#     updated: \"2026-03-01T10:00:00Z\"   # written by copkit\n"
)


class ContactConsent(Model):
    directory: Flag = False
    newsletter: Flag = False


class Contact(Model):
    id: Slug
    email: Email | None = None
    phone: Text | None = None
    preferred_channel: Text | None = None
    consent: ContactConsent = Field(default_factory=ContactConsent)
    updated: Text | None = None


class ContactsFile(Model):
    contacts: list[Contact] = Field(default_factory=list)


@dataclass
class Book:
    """contacts.yaml read: the valid entries by member id, where each is, what is wrong."""

    entries: dict[str, Contact] = field(default_factory=dict)
    at: dict[str, int] = field(default_factory=dict)  # id -> its first entry's index
    findings: list[Finding] = field(default_factory=list)
    exists: bool = False
    source: Any = None

    def where(self, member_id: str) -> tuple[int, int]:
        """line, column of the member's entry's id (found only when asked: locating every
        entry of a long file would cost more than reading it)."""
        index = self.at.get(member_id)
        if index is None or self.source is None:
            return (0, 0)
        line, col = self.source.locate(["contacts", index, "id"])
        return (line, col)


def read_book(root: Path) -> Book:
    """contacts.yaml as copkit check reads a record file; an empty :class:`Book` (``exists``
    False) when there is none."""
    path = Path(root) / CONTACTS
    book = Book()
    if not txn.is_file(path):
        return book
    book.exists = True
    with plain.apart():
        return _read_into(book, path)


def _read_into(book: Book, path: Path) -> Book:
    """:func:`read_book` of the file at ``path``."""
    from copkit.model.validation import top_level
    from copkit.yaml.read import read_checked
    from copkit.yaml.scalars import YamlProblem

    try:
        sm = read_checked(path, CONTACTS).source
    except YamlProblem as p:
        book.findings.append(Finding("yaml-syntax", p.message, CONTACTS, p.line, p.column,
                                     p.hint or "fix the file (it is not in git: keep a copy)"))
        return book
    if sm.data is None:
        return book
    if not isinstance(sm.data, dict) or not top_level(sm, ("contacts",), book.findings):
        if not book.findings:
            book.findings.append(Finding("wrong-type", "the file does not hold 'contacts:'",
                                         CONTACTS, 1, 1, "start the file with 'contacts:'"))
        return book
    for i, entry in _valid_entries(sm, book.findings):
        if entry.id in book.entries:
            line, col = sm.locate(["contacts", i, "id"])
            book.findings.append(Finding(
                "duplicate-id", f"contacts: '{entry.id}' has two entries", CONTACTS, line, col,
                "keep one entry per member", "error"))
            continue
        book.entries[entry.id] = entry
    book.source = sm
    items = sm.data.get("contacts")
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            book.at.setdefault(item["id"], i)
    return book


def _valid_entries(sm: Any, findings: list[Finding]) -> list[tuple[int, Contact]]:
    """(index in the file, entry) of each valid entry; the others' findings, with their
    place, added to ``findings``. The whole list is validated in one call first (a long file
    costs a third of what validating each entry on its own does); each entry on its own only
    when that fails, to say which and where."""
    from pydantic import ValidationError

    from copkit.model.validation import validate, validate_list

    try:
        return list(enumerate(ContactsFile.model_validate(sm.data).contacts))
    except ValidationError:
        pass
    items = sm.data.get("contacts")
    if not isinstance(items, list):
        validate_list(Contact, sm, "contacts", findings, set())  # its finding for a non-list
        return []
    out = []
    for i, item in enumerate(items):
        entry, problems = validate(Contact, sm, ("contacts", i), data=item)
        findings.extend(problems)
        if entry is not None:
            out.append((i, entry))
    return out


def valid_book(root: Path) -> Book:
    """:func:`read_book`, refused (with the first error's position) when it found errors."""
    book = read_book(root)
    errors = [f for f in book.findings if f.severity == "error"]
    if errors:
        first = errors[0]
        raise RecordError(f"{first.message}", first.hint or "fix contacts.yaml",
                          first.location or f"{CONTACTS}:1:1")
    return book


def contacts_of(root: Path, members: Iterable[Mapping[str, Any]]) -> dict[str, Contact]:
    """Every member's contact details as commands see them: contacts.yaml's entry, else the
    contact fields an old-layout members.yaml still holds (``consent.directory`` from there
    too), keyed by member id."""
    book = valid_book(root)
    out: dict[str, Contact] = {}
    for m in members:
        mid = m.get("id")
        if not isinstance(mid, str):
            continue
        old = {k: m.get(k) for k in CONTACT_FIELDS if m.get(k) is not None}
        if old:
            consent = m.get("consent")
            directory = bool(consent.get("directory")) if isinstance(consent, Mapping) else \
                bool(getattr(consent, "directory", False))
            out[mid] = Contact.model_validate({"id": mid, **old,
                                               "consent": {"directory": directory}})
    out.update(book.entries)
    return out


def now_stamp() -> str:
    """When an entry is changed: UTC, to the second (``contacts merge`` compares them)."""
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------- editing the file
class BookEdit:
    """contacts.yaml opened for edits in the running transaction (made, with its commented
    header, when there is none)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        path = self.root / CONTACTS
        with plain.apart():
            self.lf = ListFile(path, CONTACTS, missing_ok=True, lazy=True)
        if not self.lf.existed:
            self.lf.text = HEADER + "contacts: []\n"
        elif not isinstance(self.lf.sm.data.get("contacts", []), list):
            raise RecordError("contacts.yaml: 'contacts' is not a list",
                              "fix contacts.yaml (copkit check shows where)",
                              f"{CONTACTS}:1:1")

    def index(self, member_id: str) -> int | None:
        return self.lf.find("contacts", member_id)

    def entry(self, member_id: str) -> dict[str, Any] | None:
        i = self.index(member_id)
        return None if i is None else dict(to_plain(self.lf.item("contacts", i)))

    def set(self, member_id: str, values: Mapping[str, Any], stamp: str | None = None) -> bool:
        """Set the fields of ``values`` on the member's entry (None removes a field; a
        ``consent`` given in part keeps its other keys); True when anything changed."""
        current = self.entry(member_id) or {"id": member_id}
        merged = _merged(current, values, stamp)
        return merged is not None and self.put(member_id, merged)

    def set_many(self, entries: Mapping[str, Mapping[str, Any]]) -> None:
        """:meth:`set` for each member, in one pass over the file: the entries of members
        the file lacks appended at once (one splice, not thousands), the others changed in
        place in one round-trip parse, found through an index by id (an import that updates
        thousands of entries costs one reading of the file, not one per entry)."""
        stamp = now_stamp()
        at = self._ids()
        new, known = [], {}
        for member_id, values in entries.items():
            if member_id in at:
                known[member_id] = values
            else:
                new.append(_clean({"id": member_id, **values, "updated": stamp}))
        self._append(new)  # at the end: the indexes of ``at`` still hold
        if len(known) == 1:  # one entry: spliced alone, the rest of the file untouched
            (member_id, values), = known.items()
            self.set(member_id, values, stamp)
        elif known:
            self._update_in_place(known, at, stamp)

    def put_many(self, entries: Mapping[str, Mapping[str, Any]]) -> None:
        """:meth:`put` for each member, in one pass (``contacts merge``/``import`` of a file
        with thousands of entries): new ones appended at once, the others replaced in place
        in one round-trip document, found through an index by id."""
        at = self._ids()
        self._append([_clean({**e, "id": mid}) for mid, e in entries.items() if mid not in at])
        known = {mid: e for mid, e in entries.items() if mid in at}
        if len(known) == 1:
            (member_id, entry), = known.items()
            self.put(member_id, entry)
        elif known:
            items = self.lf._full_doc().data["contacts"]
            for member_id, entry in known.items():
                _replace(items[at[member_id]], _item(_clean({**entry, "id": member_id})))

    def _ids(self) -> dict[str, int]:
        """Each member id of the file -> the index of its first entry (one scan: of the
        entries the reader gave, when the text is still the one it read)."""
        scan = None if self.lf._sm is not None else self.lf.quick_scan("contacts", "id")
        if scan is None:
            scan = [(i, str(item.get("id"))) for i, item in
                    enumerate(self.lf.items("contacts")) if isinstance(item, dict)]
        at: dict[str, int] = {}
        for i, member_id in scan:
            at.setdefault(member_id, i)
        return at

    def _append(self, new: list[dict[str, Any]]) -> None:
        """Entries of members the file lacks, appended after its last entry at once."""
        if new and not self._append_text(new):
            self.lf.extend("contacts", [_item(e) for e in new])

    def _update_in_place(self, known: Mapping[str, Mapping[str, Any]], at: Mapping[str, int],
                         stamp: str) -> None:
        """Change the entries of ``known`` (found by ``at``, id -> index) in one round-trip
        document: each edit is in place, the file written once when saved."""
        items = self.lf._full_doc().data["contacts"]
        for member_id, values in known.items():
            item = items[at[member_id]]
            merged = _merged(dict(to_plain(item)), values, stamp)
            if merged is not None:
                _replace(item, _item(_clean(merged)))

    def _append_text(self, entries: list[dict[str, Any]]) -> bool:
        """Append new entries as text after the list's last item (or in place of an empty
        ``contacts: []``), checked by reading the file back: thousands of entries of an
        import in one step, where ruamel.yaml would take seconds. False when the list is not
        laid out simply (nothing changed then)."""
        from copkit.yaml.read import load_data
        from copkit.yaml.scalars import YamlProblem

        block = "".join(_entry_text(e) for e in entries)
        lines = self.lf.lines
        q = self.lf.quick("contacts")
        if q is not None and q[2] == 2:
            at = q[1]
            while at > q[0][-1] + 1 and (not lines[at - 1].strip()
                                         or lines[at - 1].startswith("#")):
                at -= 1
            new_text = "".join(lines[:at]) + block + "".join(lines[at:])
        else:
            empty = [i for i, ln in enumerate(lines) if ln.rstrip() == "contacts: []"]
            if len(empty) == 1 and not to_plain(self.lf.sm.data).get("contacts"):
                i = empty[0]
                new_text = "".join(lines[:i]) + "contacts:\n" + block + "".join(lines[i + 1:])
            else:
                return False
        try:  # the new entries read back as themselves (after the last item's lines)
            last = "".join(lines[q[0][-1]:at]) if q is not None and q[2] == 2 else ""
            got = load_data("contacts:\n" + last + block, CONTACTS)
        except YamlProblem:
            return False
        items = got.get("contacts") if isinstance(got, dict) else None
        # compared as read (plain dicts, lists and scalars): stricter than through to_plain,
        # which made every key a string, and a third of the time for thousands of entries
        if not isinstance(items, list) or items[len(items) - len(entries):] != entries or \
                len(items) != len(entries) + (1 if last else 0):
            return False
        self.lf.text = new_text
        return True

    def put(self, member_id: str, entry: Mapping[str, Any]) -> bool:
        """The member's entry is ``entry`` (in the file's field order)."""
        new = _item(_clean(entry))
        index = self.index(member_id)
        if index is None:
            self.lf.append("contacts", new)
            return True
        self.lf.edit_item("contacts", index, lambda item: _replace(item, new))
        return True

    def drop(self, member_id: str) -> bool:
        """Remove the member's entry, with the comments written inside it (``member
        forget``: nothing of the person stays); True when there was one."""
        from copkit.yaml.read import load_data

        index = self.index(member_id)
        if index is None:
            return False
        data = to_plain(self.lf.sm.data)
        expected = [c for i, c in enumerate(data["contacts"]) if i != index]
        q = self.lf.quick("contacts")
        if q is not None:
            starts, end, _ = q
            stop = starts[index + 1] if index + 1 < len(starts) else end
            new = "".join(self.lf.lines[:starts[index]] + self.lf.lines[stop:])
            got = load_data(new, CONTACTS)
            if isinstance(got, dict) and to_plain(got.get("contacts") or []) == expected:
                self.lf.text = new
                return True
        del self.lf._full_doc().data["contacts"][index]
        return True

    def save(self) -> bool:
        return self.lf.save()


# an email written as it is, not quoted (as the header's example shows it): nothing in it
# YAML reads as anything but this text (a letter or digit first, no space, '#' or ':', an '@'
# so never a number, a flag or null); copkit's reader takes such a line ~30% faster than a
# quoted one, and every command that needs a contact reads the whole file
_PLAIN_EMAIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\Z")


def _scalar(value: Any) -> str:
    """A value as :meth:`BookEdit._append_text` writes it: a flag plain, an email plain when
    :data:`_PLAIN_EMAIL` takes it, the rest in double quotes (JSON's escapes, which mean the
    same in YAML; the text is read back anyway)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return text if _PLAIN_EMAIL.match(text) else encode_basestring(text)


def _entry_text(entry: dict[str, Any]) -> str:
    """A new entry's lines in the file's layout (dash at 2, fields at 4)."""
    lines = [f"  - id: {entry['id']}\n"]
    for key, value in entry.items():
        if key == "id":
            continue
        shown = "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in value.items()) + "}" \
            if isinstance(value, dict) else _scalar(value)
        lines.append(f"    {key}: {shown}\n")
    return "".join(lines)


def _merged(current: Mapping[str, Any], values: Mapping[str, Any],
            stamp: str | None) -> dict[str, Any] | None:
    """The entry ``current`` with ``values`` set (None removes a field; a ``consent`` given
    in part keeps its other keys) and a new stamp, validated; None when nothing changes."""
    merged = dict(current)
    for key, value in values.items():
        if key == "consent" and isinstance(value, Mapping):
            merged["consent"] = {**(current.get("consent") or {}), **value}
        elif value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    if {k: v for k, v in merged.items() if k != "updated"} == \
            {k: v for k, v in current.items() if k != "updated"}:
        return None
    merged["updated"] = stamp or now_stamp()
    Contact.model_validate(merged)  # refused before anything is written
    return merged


def _clean(entry: Mapping[str, Any]) -> dict[str, Any]:
    """An entry's fields in the file's order, the empty ones left out."""
    return {k: entry[k] for k in ENTRY_FIELDS if entry.get(k) not in (None, {})}


def _replace(item: Any, new: Mapping[str, Any]) -> None:
    """A round-trip entry made ``new`` in place (its comments and unchanged values kept; a
    field it lacked put where the file's field order puts it, so that a comment after the
    entry stays after it)."""
    for key in [k for k in item if k not in new]:
        del item[key]
    for key, value in new.items():
        if key not in item:
            rank = ENTRY_FIELDS.index(key) if key in ENTRY_FIELDS else len(ENTRY_FIELDS)
            item.insert(sum(1 for k in item if k in ENTRY_FIELDS
                            and ENTRY_FIELDS.index(k) < rank), key, value)
        elif to_plain(item.get(key)) != to_plain(value):
            item[key] = value


def _item(entry: Mapping[str, Any]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    item = CommentedMap()
    for key, value in entry.items():
        if isinstance(value, Mapping):
            inner = CommentedMap(value)
            inner.fa.set_flow_style()
            item[key] = inner
        else:
            item[key] = value
    return item


def write_header_only(root: Path) -> None:
    """An empty contacts.yaml with its commented header (``copkit init``)."""
    store.write_text(Path(root) / CONTACTS, HEADER + "contacts: []\n", exclusive=True)


def with_contacts(cop: Any) -> Any:
    """A copy of a loaded CoP (:class:`copkit.model.load.Cop`) whose members carry their
    contact details and directory consent from :func:`contacts_of`: what a report or a
    newsletter built with ``--include-contacts`` reads (the audience rules of
    :mod:`copkit.output.audience` then decide whose are shown)."""
    import dataclasses

    found = contacts_of(cop.root, [{"id": m.id, **{k: getattr(m, k) for k in CONTACT_FIELDS},
                                    "consent": {"directory": m.consent.directory}}
                                   for m in cop.members])
    members = []
    for m in cop.members:
        entry = found.get(m.id)
        if entry is None:
            members.append(m)
            continue
        consent = m.consent.model_copy(update={"directory": entry.consent.directory})
        members.append(m.model_copy(update={
            "email": entry.email, "phone": entry.phone,
            "preferred_channel": entry.preferred_channel, "consent": consent}))
    return dataclasses.replace(cop, members=members)


def missing_note(root: Path) -> str | None:
    """What to say when contact details were asked for and this copy of a new-layout CoP
    has no contacts.yaml."""
    from copkit.contacts.keys import read_key

    if read_key(Path(root)) is None or txn.is_file(Path(root) / CONTACTS):
        return None
    return f"no contact details shown: {HOW_TO_GET}"
