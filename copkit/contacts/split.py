"""``copkit contacts split``: a CoP in the old layout moved to the new one, in one commit.

Every contact field of members.yaml (``email``, ``phone``, ``preferred_channel``, and
``consent.directory``) moves into contacts.yaml; each member with an email gets its keyed hash
(``email_hash``); the CoP gets its key (``.copkit/hash-key``) and ``/contacts.yaml`` in its
.gitignore. members.yaml is edited in place, so its comments and order stay. The commit holds
members.yaml, the key and .gitignore, never contacts.yaml. History still holds the old values:
:func:`purge_steps` says how to remove them, and that clones and forks keep them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copkit.contacts.book import CONTACT_FIELDS, CONTACTS, BookEdit
from copkit.contacts.keys import KEY_PATH, email_hash, ensure_key
from copkit.edit import store
from copkit.edit.splice import ListFile, to_plain
from copkit.errors import RecordError

MEMBERS = "members.yaml"
GITIGNORE = ".gitignore"
IGNORE_LINES = ("# the members' contact details: never in git (copkit contacts export "
                "shares them)\n/contacts.yaml\n")


@dataclass
class Split:
    moved: list[str] = field(default_factory=list)   # members whose details moved
    paths: list[str] = field(default_factory=list)   # files to commit
    commit: str | None = None
    tracked: bool = False  # contacts.yaml was in git already


def _contact_of(item: dict[str, Any]) -> dict[str, Any]:
    contact = {k: item[k] for k in CONTACT_FIELDS if item.get(k) is not None}
    consent = item.get("consent")
    if isinstance(consent, dict) and "directory" in consent:
        contact["consent"] = {"directory": consent["directory"]}
    return contact


def _strip(item: Any, key: bytes, contact: dict[str, Any]) -> None:
    """The member's item without contact fields, with the email's hash where the email was."""
    keys = list(item)
    at = min((keys.index(k) for k in CONTACT_FIELDS if k in item), default=None)
    for k in CONTACT_FIELDS:
        if k in item:
            del item[k]
    consent = item.get("consent")
    if isinstance(consent, dict) and "directory" in consent:
        del consent["directory"]
        if not consent:
            del item["consent"]
    if contact.get("email"):
        value = email_hash(key, str(contact["email"]))
        if "email_hash" in item:
            item["email_hash"] = value
        else:
            item.insert(at if at is not None else len(item), "email_hash", value)


def _take_out(lf: ListFile, key: bytes, at: dict[int, dict[str, Any]]) -> None:
    """The contact fields of the items ``at`` out of members.yaml: line by line when the file
    allows (every comment kept), else through ruamel; then ``consent.directory``."""
    from copkit.yaml.read import load_data

    text = _by_lines(lf, key, {i: c for i, c in at.items()}) if at else None
    if text is not None and to_plain(load_data(text, MEMBERS)) == \
            _expected(to_plain(lf.sm.data), key, at):
        lf.text = text
        return
    for index, contact in at.items():
        lf.edit_item("members", index, _stripper(key, contact))


def _stripper(key: bytes, contact: dict[str, Any]) -> Any:
    return lambda item: _strip(item, key, contact)


_FIELD = re.compile(r"^(?P<indent>[ ]*)(?P<key>email|phone|preferred_channel):[ ]+"
                    r"(?P<value>[^#\r\n]*?)(?:[ ]+#[ ]?(?P<comment>[^\r\n]*))?[ ]*(?P<eol>\r?\n)$")


_CONSENT = re.compile(r"^(?P<indent>[ ]*)consent:[ ]*\{(?P<inner>[^{}#\r\n]*)\}"
                      r"(?:[ ]+#[ ]?(?P<comment>[^\r\n]*))?[ ]*(?P<eol>\r?\n)$")


def _by_lines(lf: ListFile, key: bytes, found: dict[int, dict[str, Any]]) -> str | None:
    """members.yaml's text with the contact lines of the items in ``found`` (index ->
    contact) taken out, line by line: every other line, comments included, stays as it is; a
    comment at the end of a removed line stays as a line of its own. None when the items are
    not laid out simply (then ruamel edits the file)."""
    q = lf.quick("members")
    if q is None:
        return None
    starts, end, _ = q
    lines = list(lf.lines)
    out: list[str] = []
    bounds = [*starts[1:], end]
    owner = {n: i for i, (a, b) in enumerate(zip(starts, bounds, strict=True))
             for n in range(a + 1, b)}
    for n, line in enumerate(lines):
        i = owner.get(n)
        c = _CONSENT.match(line) if i in found and "consent" in found[i] else None
        if c is not None:
            kept = [p.strip() for p in c["inner"].split(",")
                    if p.strip() and not p.strip().startswith("directory:")]
            tail = f"  # {c['comment']}" if c["comment"] is not None else ""
            if kept:
                out.append(f"{c['indent']}consent: {{{', '.join(kept)}}}{tail}{c['eol']}")
            elif tail:
                out.append(f"{c['indent']}# {c['comment']}{c['eol']}")
            continue
        m = _FIELD.match(line) if i in found else None
        if m is None or i is None:
            out.append(line)
            continue
        head = re.match(r" *- +", lines[starts[i]])
        if head is None or len(m["indent"]) != head.end() or not m["value"].strip():
            return None
        eol = m["eol"]
        if m["key"] == "email":
            out.append(f"{m['indent']}email_hash: {email_hash(key, str(found[i]['email']))}"
                       f"{eol}")
        if m["comment"] is not None:
            out.append(f"{m['indent']}# {m['comment']}{eol}")
    return "".join(out)


def _expected(data: Any, key: bytes, found: dict[int, dict[str, Any]]) -> Any:
    """members.yaml's data as :func:`_by_lines` should leave it."""
    items = []
    for i, item in enumerate(data.get("members") or []):
        if i in found:
            new: dict[str, Any] = {}
            for k, v in item.items():
                if k == "email":
                    new["email_hash"] = email_hash(key, str(v))
                elif k == "consent" and isinstance(v, dict):
                    rest = {ck: cv for ck, cv in v.items() if ck != "directory"}
                    if rest:
                        new[k] = rest
                elif k not in CONTACT_FIELDS:
                    new[k] = v
            item = new
        items.append(item)
    return {**data, "members": items}


def split(root: Path) -> Split:
    """Move the contact fields out of members.yaml (under the lock; the caller commits
    :attr:`Split.paths`)."""
    root = Path(root)
    result = Split()
    lf = ListFile(root / MEMBERS, MEMBERS)
    items = [to_plain(i) for i in lf.items("members")]
    key, made = ensure_key(root)
    book = BookEdit(root)
    found: dict[str, dict[str, Any]] = {}
    at: dict[int, dict[str, Any]] = {}
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        contact = _contact_of(item)
        if not contact:
            continue
        if item["id"] in found:
            raise RecordError(f"members.yaml names '{item['id']}' twice",
                              "fix members.yaml first (copkit check shows where)",
                              lf.location("members", index, "id"))
        found[item["id"]] = at[index] = contact
        result.moved.append(item["id"])
    _take_out(lf, key, at)
    book.set_many(found)
    if lf.save():
        result.paths.append(MEMBERS)
    book.save()
    if made:
        result.paths.append(KEY_PATH)
    if _ignore_contacts(root):
        result.paths.append(GITIGNORE)
    return result


def _ignore_contacts(root: Path) -> bool:
    """``/contacts.yaml`` in the CoP's .gitignore; True when it was added."""
    from copkit.yaml import txn

    path = root / GITIGNORE
    try:
        text = txn.read_bytes(path).decode("utf-8", errors="replace")
    except FileNotFoundError:
        text = ""
    lines = {ln.strip() for ln in text.splitlines()}
    if lines & {"/contacts.yaml", "contacts.yaml"}:
        return False
    sep = "" if not text or text.endswith("\n") else "\n"
    store.write_text(path, text + sep + IGNORE_LINES)
    return True


def tracked_contacts(root: Path) -> str | None:
    """contacts.yaml's path in the repository when git tracks it, else None (no git, or not
    in a repository). One ``git ls-files``: check runs this on every CoP with the file."""
    return tracked_contacts_later(root)()


def tracked_contacts_later(root: Path) -> Callable[[], str | None]:
    """:func:`tracked_contacts` started now and answered when the returned function is
    called: check reads contacts.yaml while git looks (git runs on the other core)."""
    import os
    import subprocess

    env = {**os.environ, "GIT_LITERAL_PATHSPECS": "1", "GIT_TERMINAL_PROMPT": "0"}
    try:
        proc = subprocess.Popen(["git", "-C", str(root), "ls-files", "--full-name", "-z", "--",
                                 CONTACTS], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                env=env)
    except OSError:
        return lambda: None

    def answer() -> str | None:
        out, _ = proc.communicate()
        found = out.split(b"\0")[0].decode("utf-8", "surrogateescape")
        return found if proc.returncode == 0 and found else None

    return answer


def purge_steps(repo_rel: str) -> str:
    """What to do about the old values still in history."""
    return (
        "Git history still holds the old contact details: every commit before this one has\n"
        f"them in {repo_rel}. Every clone and fork made before keeps them too; only their\n"
        "owners can delete those. To remove them from this repository's history (this\n"
        "rewrites it; everyone must clone again afterwards):\n"
        "  1. install git-filter-repo:  pip install git-filter-repo\n"
        "  2. write the list of values to replace to a file OUTSIDE the repository:\n"
        "       copkit contacts purge-list > ~/contacts-purge.txt\n"
        "  3. in the repository run:\n"
        "       git filter-repo --force --replace-text ~/contacts-purge.txt\n"
        "  4. push the rewritten history (git push --force --all), ask everyone to clone\n"
        "     again, then delete ~/contacts-purge.txt.\n"
        "  5. delete copkit's history caches, which hold words of the old history:\n"
        "       find .git -path '*/copkit/history-*.pickle' -delete")


def purge_list(contacts: dict[str, Any]) -> list[str]:
    """git filter-repo --replace-text lines: each email and phone, replaced by a mark."""
    lines: list[str] = []
    for entry in contacts.values():
        for name in ("email", "phone"):
            value = getattr(entry, name, None)
            if value and "\n" not in str(value):
                lines.append(f"{value}==>(contact removed)")
    return sorted(set(lines))
