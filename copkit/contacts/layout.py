"""The new layout for a new CoP (``copkit init``): a key of its own, an empty contacts.yaml,
and, for a CoP copied from a shipped example, the example's contacts (its
``contacts.yaml.example``) and its email hashes made again under the new key (an example's
key is shared by everyone who copied it)."""

from __future__ import annotations

from pathlib import Path

from copkit.contacts.book import CONTACTS, HEADER
from copkit.contacts.keys import KEY_PATH, email_hash, new_key_text

# a shipped example's contacts.yaml: under another name, so that the examples' folders (in
# copkit's own repository, and wherever they are copied) never hold a tracked contacts.yaml;
# init copies it as contacts.yaml
SHIPPED = "contacts.yaml.example"


def _key_of(text: str) -> bytes:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return bytes.fromhex(lines[0]) if lines else b""


def _text(content: str | Path) -> str:
    return content.read_text(encoding="utf-8") if isinstance(content, Path) else content


def new_layout(root: Path, files: dict[Path, str | Path]) -> None:
    """Add the key and contacts.yaml to the files init writes (in place); an example's
    members.yaml gets the hashes of its contacts under the new key."""
    from copkit.yaml.read import load_data

    key_text = new_key_text()
    key_path, contacts_path = root / KEY_PATH, root / CONTACTS
    shipped = files.pop(root / SHIPPED, None)  # an example's contacts, kept out of its git
    if shipped is not None:
        files[contacts_path] = shipped
    members_path = root / "members.yaml"
    old = files.get(key_path)
    if old is not None and contacts_path in files and members_path in files:
        old_key, new_key = _key_of(_text(old)), _key_of(key_text)
        data = load_data(_text(files[contacts_path]), CONTACTS) or {}
        members = _text(files[members_path])
        for entry in data.get("contacts") or []:
            email = entry.get("email") if isinstance(entry, dict) else None
            if isinstance(email, str) and email.strip():
                members = members.replace(email_hash(old_key, email),
                                          email_hash(new_key, email))
        files[members_path] = members
    files[key_path] = key_text
    files.setdefault(contacts_path, HEADER + "contacts: []\n")


def committed(paths: list[Path]) -> list[Path]:
    """The files init commits: all it wrote but contacts.yaml."""
    return [p for p in paths if p.name != CONTACTS]
