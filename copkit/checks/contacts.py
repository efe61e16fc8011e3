"""`copkit check`'s findings about contact details (:mod:`copkit.contacts`), and what
`copkit check --public` adds for a repository about to be made public.

Always: a contact field (email, phone, preferred channel) in members.yaml is an error, fixed
by ``copkit contacts split`` (the file is committed, so the value is in history for good);
contacts.yaml tracked by git is an error; contacts.yaml's own problems (YAML, fields) are
errors with their position, and an entry naming no member a warning; an ``email_hash``
without the CoP's key, or one that does not match contacts.yaml's address, a warning.

With ``--public``: the names of members who did not agree to be named in public
(``consent.public``) in committed text (meeting notes and decisions, stories, practices,
comments: every record file but members.yaml), each a warning at ``path:line:col``; and
members.yaml itself naming them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from copkit.contacts.book import CONTACT_FIELDS, CONTACTS, read_book
from copkit.contacts.keys import KEY_PATH, email_hash, read_key
from copkit.contacts.plain import plain_book
from copkit.errors import CopkitError
from copkit.model.findings import Finding
from copkit.model.load import Cop
from copkit.text import fold

MEMBERS = "members.yaml"
SPLIT_HINT = ("run `copkit contacts split`: it moves every contact detail to contacts.yaml, "
              "which is never committed (and prints how to purge the old values from history)")
# a word: letters, hyphens joining letters (so the id juan-perez is one word, not a name)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _members_items(cop: Cop) -> list[Any]:
    source = cop.sources.get(MEMBERS)
    data = source.data if source is not None else None
    items = data.get("members") if isinstance(data, dict) else None
    return items if isinstance(items, list) else []


def contact_findings(cop: Cop, *, public: bool = False) -> list[Finding]:
    """The findings of the module notes (those of ``--public`` with ``public``)."""
    out = _fields_in_members(cop)
    # git says whether it tracks contacts.yaml while the file is read
    tracked = _tracked_later(cop.root) if public or (cop.root / CONTACTS).is_file() else None
    ids = {str(i.get("id")) for i in _members_items(cop) if isinstance(i, dict)}
    # members.yaml unread (missing, broken): its ids unknown, no entry is reported for them
    readable = MEMBERS in cop.sources and not any(
        where == MEMBERS for where, _ in cop.unread.values())
    # a file whose every entry is plain holds nothing read_book would report: read without
    # pydantic, unless an entry names no member (its place is then needed)
    entries: Mapping[str, Any] | None = plain_book(cop.root)
    if entries is None or (readable and not entries.keys() <= ids):
        book = read_book(cop.root)
        out += book.findings + (_unknown_members(book, ids) if readable else [])
        entries = book.entries
    out += _hashes(cop, entries)
    if tracked is not None:
        out += _tracked(tracked)
    if public:
        out += public_names(cop)
    return out


def _unknown_members(book: Any, ids: set[str]) -> list[Finding]:
    out = []
    for mid in book.at:
        if mid not in ids:
            line, col = book.where(mid)
            out.append(Finding("unknown-member", f"contacts: '{mid}' is not a member in "
                               "members.yaml", CONTACTS, line, col,
                               "delete the entry, or fix the id (copkit member list)",
                               "warning"))
    return out


SHOWN_MEMBERS = 10  # members whose contact fields are each a finding; the rest: one more


def _fields_in_members(cop: Cop) -> list[Finding]:
    out: list[Finding] = []
    holding = [(i, item) for i, item in enumerate(_members_items(cop)) if isinstance(item, dict)
               and any(item.get(name) not in (None, "") for name in CONTACT_FIELDS)]
    if len(holding) > SHOWN_MEMBERS:  # a whole old-layout CoP: the first ones, and a count
        i, item = holding[SHOWN_MEMBERS]
        name = next(n for n in CONTACT_FIELDS if item.get(n) not in (None, ""))
        out.append(cop.finding(
            "contact-in-git", f"members.yaml holds the contact details of "
            f"{len(holding) - SHOWN_MEMBERS} more member(s), from members[{i}] on",
            MEMBERS, ["members", i, name], SPLIT_HINT))
    for i, item in holding[:SHOWN_MEMBERS]:
        for name in CONTACT_FIELDS:
            if item.get(name) not in (None, ""):
                out.append(cop.finding(
                    "contact-in-git", f"members[{i}].{name}: a contact detail in members.yaml, "
                    "a committed file (anyone with the repository, and its history, has it)",
                    MEMBERS, ["members", i, name], SPLIT_HINT))
    return out


def _hashes(cop: Cop, entries: Mapping[str, Any]) -> list[Finding]:
    """Each email hash that is not the hash of the email contacts.yaml gives (its entries
    as Contact models, or as the plain reading gives them)."""
    items = [(i, m) for i, m in enumerate(_members_items(cop))
             if isinstance(m, dict) and isinstance(m.get("email_hash"), str)]
    if not items:
        return []
    try:
        key = read_key(cop.root)
    except CopkitError as exc:
        return [Finding("bad-key", exc.message, KEY_PATH, 1, 1, exc.hint)]
    if key is None:
        i, _ = items[0]
        return [cop.finding("missing-key", f"members.yaml holds email hashes but {KEY_PATH} "
                            "is missing, so imports cannot match people by email",
                            MEMBERS, ["members", i, "email_hash"],
                            f"restore {KEY_PATH} from git (git checkout -- {KEY_PATH})",
                            "warning")]
    out: list[Finding] = []
    for i, m in items:
        entry = entries.get(str(m.get("id")))
        email = entry.get("email") if isinstance(entry, dict) else getattr(entry, "email", None)
        if email and email_hash(key, email) != m["email_hash"]:
            out.append(cop.finding(
                "stale-email-hash", f"members[{i}].email_hash is not the hash of the email "
                f"contacts.yaml gives '{m.get('id')}'", MEMBERS, ["members", i, "email_hash"],
                f"set the email again: copkit member update {m.get('id')} --email ADDRESS",
                "warning"))
    return out


def _tracked_later(root: Path) -> Callable[[], str | None]:
    from copkit.contacts.split import tracked_contacts_later

    return tracked_contacts_later(root)


def _tracked(later: Callable[[], str | None]) -> list[Finding]:
    try:
        rel = later()
    except CopkitError:
        return []
    if rel is None:
        return []
    return [Finding("contacts-in-git", "contacts.yaml is tracked by git: every commit of it "
                    "publishes the members' contact details", CONTACTS, 1, 1,
                    f"stop tracking it (git rm --cached {rel}), make sure .gitignore lists "
                    "/contacts.yaml, and purge it from history (copkit contacts split prints "
                    "how)")]


# ---------------------------------------------------------------- --public: names
def _name_words(name: str) -> list[list[str]]:
    """The word sequences that name a member: the whole name, and its first two words when
    it has more (people write 'Juan Pérez' for Juan Pérez Mamani). One word is no name."""
    words = [fold(w).replace(" ", "-") for w in _WORD.findall(name)]
    words = [w for w in words if w]
    if len(words) < 2:
        return []
    return [words] + ([words[:2]] if len(words) > 2 else [])


def public_names(cop: Cop) -> list[Finding]:
    """Where committed files name members who did not agree to be named in public."""
    private = {m.id: m.name for m in cop.members if not m.consent.public}
    if not private:
        return []
    patterns: dict[tuple[str, ...], str] = {}
    for mid, name in private.items():
        for words in _name_words(name):
            patterns.setdefault(tuple(words), mid)
    firsts = {p[0] for p in patterns}
    out = _named_in_members(cop, private)
    for relpath in sorted(cop.sources):
        if relpath == MEMBERS:
            continue
        out += _names_in_file(cop.root, relpath, patterns, firsts, private)
    return out


def _named_in_members(cop: Cop, private: dict[str, str]) -> list[Finding]:
    first = next((i for i, m in enumerate(_members_items(cop))
                  if isinstance(m, dict) and m.get("id") in private), None)
    if first is None:
        return []
    shown = ", ".join(sorted(private)[:5]) + (" ..." if len(private) > 5 else "")
    return [cop.finding(
        "public-name", f"members.yaml names {len(private)} member(s) who did not agree to be "
        f"named in public (consent.public): {shown}", MEMBERS, ["members", first, "name"],
        "ask them (copkit member update ID --consent-public), or do not publish this "
        "repository", "warning")]


def _names_in_file(root: Path, relpath: str, patterns: dict[tuple[str, ...], str],
                   firsts: set[str], private: dict[str, str]) -> list[Finding]:
    try:
        text = (Path(root) / relpath).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    out: list[Finding] = []
    longest = max(len(p) for p in patterns)
    for n, line in enumerate(text.splitlines(), 1):
        tokens = [(m.start(), fold(m.group()).replace(" ", "-")) for m in _WORD.finditer(line)]
        for at, (col, word) in enumerate(tokens):
            if word not in firsts:
                continue
            for size in range(min(longest, len(tokens) - at), 1, -1):
                mid = patterns.get(tuple(w for _, w in tokens[at:at + size]))
                if mid is not None:
                    out.append(Finding(
                        "public-name", f"names {private[mid]} ('{mid}'), who did not agree "
                        "to be named in public", relpath, n, col + 1,
                        "write 'a member' instead, or ask them (copkit member update "
                        f"{mid} --consent-public)", "warning"))
                    break
    return out


def public_codes() -> Iterable[str]:
    """The codes that make `copkit check --public` fail."""
    return ("contact-in-git", "contacts-in-git", "public-name")
