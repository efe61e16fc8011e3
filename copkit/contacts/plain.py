"""contacts.yaml read without pydantic, for the commands that only show its entries
(``member list --include-contacts``): :class:`copkit.contacts.book.Contact` restated for the
plain shapes the fast reader gives, as :func:`copkit.records.members.plain_member` restates
a member. An entry in those shapes is valid and reads as the model dumps it; a file with any
other entry (or a second entry of a member, or another key) is left to
:func:`copkit.contacts.book.valid_book`, which says what is wrong.
tests/test_contacts.py holds these to the model.
"""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from copkit.yaml import txn

CONTACTS = "contacts.yaml"
CONTACT_FIELDS = ("email", "phone", "preferred_channel")
FIELDS = ("id", *CONTACT_FIELDS, "consent", "updated")
CONSENTS = ("directory", "newsletter")
_KEYS, _CONSENT_KEYS = frozenset(FIELDS), frozenset(CONSENTS)
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_EMAIL = re.compile(r"^[^@\s<>(),;:]+@[^@\s<>(),;:]+\.[^@\s<>(),;:.]+$")


@contextlib.contextmanager
def apart() -> Iterator[None]:
    """While contacts.yaml is read: what the command holds already (a whole CoP, for check)
    kept out of the cyclic garbage collector's passes (:func:`gc.freeze`), then given back
    (:func:`gc.unfreeze`). The file is read after the records, outside
    :func:`copkit.model.load.loading`, and its entries can set off a full pass over every
    record read so far: one such pass was ~45 ms of check's ~0.45 s CPU on the large CoP.
    Nothing stays frozen afterwards, so garbage made before is collected as it was; when
    something is frozen already (a large load), nothing changes."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def plain_entry(item: Any) -> dict[str, Any] | None:
    """``Contact.model_validate(item).model_dump(mode="json")`` when ``item`` is in the plain
    shapes; None when only pydantic can say (it may be valid all the same)."""
    if not isinstance(item, dict) or not item.keys() <= _KEYS:
        return None
    mid, email, consent = item.get("id"), item.get("email"), item.get("consent", {})
    if not isinstance(mid, str) or not _ID.match(mid) or not (
            email is None or (isinstance(email, str) and _EMAIL.match(email.strip()))):
        return None
    # written out, not as any()/all() over generators: an import checks each of its rows
    phone, channel, updated = item.get("phone"), item.get("preferred_channel"), \
        item.get("updated")
    if (phone is not None and not isinstance(phone, str)) or \
            (channel is not None and not isinstance(channel, str)) or \
            (updated is not None and not isinstance(updated, str)):
        return None
    if not isinstance(consent, dict) or not consent.keys() <= _CONSENT_KEYS:
        return None
    directory, newsletter = consent.get("directory", False), consent.get("newsletter", False)
    if type(directory) is not bool or type(newsletter) is not bool:
        return None
    return {"id": mid, "email": email, "phone": phone, "preferred_channel": channel,
            "consent": {"directory": directory, "newsletter": newsletter},
            "updated": updated}


def plain_book(root: Path) -> dict[str, dict[str, Any]] | None:
    """Every entry of contacts.yaml by member id, as :func:`plain_entry` gives it, read as
    ``copkit check`` reads the file; ``{}`` when there is no file; None unless every entry is
    plain, each member has one and the file holds nothing else."""
    from copkit.yaml.read import read_data
    from copkit.yaml.scalars import YamlProblem

    path = Path(root) / CONTACTS
    if not txn.is_file(path):
        return {}
    with apart():
        try:
            data = read_data(path, CONTACTS)
        except YamlProblem:
            return None
        return _entries(data)


def _entries(data: Any) -> dict[str, dict[str, Any]] | None:
    """:func:`plain_book` of the file's data."""
    if data is None:
        return {}
    if not isinstance(data, dict) or not data.keys() <= {"contacts"}:
        return None
    items = data.get("contacts")
    if not isinstance(items, list):
        return {} if items is None else None
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        entry = plain_entry(item)
        if entry is None or entry["id"] in out:
            return None
        out[entry["id"]] = entry
    return out
