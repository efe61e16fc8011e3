"""Two facilitators' contacts.yaml made one: per member, the entry changed last (``updated``)
wins; an entry only one side has is kept; a member whose two entries differ is listed as a
conflict, saying which side was kept, so nobody's edit disappears unsaid."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copkit.contacts.book import CONTACTS, BookEdit, Contact, ContactsFile, read_book
from copkit.errors import RecordError


@dataclass
class Merged:
    added: list[str] = field(default_factory=list)     # members only the other file had
    taken: list[str] = field(default_factory=list)     # the other file's entry was newer
    conflicts: list[str] = field(default_factory=list)  # both differ: what was kept, why
    unknown: list[str] = field(default_factory=list)   # ids that are not members


def parse_other(text: str, label: str) -> dict[str, Contact]:
    """Another facilitator's contacts.yaml (plain text), checked as copkit check checks
    contacts.yaml: an error with its position when it is not one."""
    from pydantic import ValidationError

    from copkit.yaml.read import parse
    from copkit.yaml.scalars import YamlProblem

    try:
        sm = parse(text, label)
    except YamlProblem as p:
        raise RecordError(f"{p.message}; nothing was written", p.hint or
                          "it is not a contacts file copkit wrote", f"{label}:{p.line}:{p.column}"
                          ) from None
    try:
        book = ContactsFile.model_validate(sm.data or {})
    except ValidationError as exc:
        err = exc.errors()[0]
        line, col = sm.locate(list(err["loc"]))
        raise RecordError(f"{label} is not a contacts file: {err['msg']}; nothing was "
                          "written", "ask for the file again", f"{label}:{line}:{col}") from None
    out: dict[str, Contact] = {}
    for entry in book.contacts:
        out.setdefault(entry.id, entry)
    return out


def _plain(entry: Contact) -> dict[str, Any]:
    return entry.model_dump(mode="json", exclude_defaults=True, exclude={"updated"})


def merge_into(root: Path, theirs: dict[str, Contact], members: set[str]) -> Merged:
    """Merge ``theirs`` into the CoP's contacts.yaml (in the running transaction)."""
    from copkit.contacts.book import ENTRY_FIELDS

    mine = read_book(root)
    if any(f.severity == "error" for f in mine.findings):
        first = next(f for f in mine.findings if f.severity == "error")
        raise RecordError(f"your {CONTACTS} has an error: {first.message}; nothing was written",
                          first.hint, first.location)
    result = Merged()
    book = BookEdit(root)
    puts: dict[str, dict[str, Any]] = {}  # written in one pass at the end
    for mid, other in theirs.items():
        if mid not in members:
            result.unknown.append(mid)
        own = mine.entries.get(mid)
        data = other.model_dump(mode="json", exclude_defaults=True)
        entry = {k: data[k] for k in ENTRY_FIELDS if k in data}
        if own is None:
            puts[mid] = entry
            result.added.append(mid)
            continue
        if _plain(own) == _plain(other):
            continue
        if (other.updated or "") > (own.updated or ""):
            puts[mid] = entry
            result.taken.append(mid)
            result.conflicts.append(f"{mid}: theirs kept (changed {other.updated}; yours "
                                    f"{own.updated or 'undated'})")
        else:
            result.conflicts.append(f"{mid}: yours kept (changed {own.updated or 'undated'}; "
                                    f"theirs {other.updated or 'undated'})")
    book.put_many(puts)
    book.save()
    return result
