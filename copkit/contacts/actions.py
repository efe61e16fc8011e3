"""What the ``copkit contacts`` commands and ``newsletter --recipients`` do, each under the
CoP's lock where it writes (contacts.yaml is written in the command's transaction, never
committed)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from copkit.contacts.book import CONTACTS, HOW_TO_GET, contacts_of, read_book, valid_book
from copkit.contacts.merge import Merged, merge_into, parse_other
from copkit.contacts.split import Split, purge_list, split, tracked_contacts
from copkit.edit import store
from copkit.errors import GitError, RecordError, UsageError

MEMBERS = "members.yaml"


def member_rows(root: Path) -> list[dict[str, Any]]:
    """members.yaml's items (plain), as copkit check reads the file."""
    from copkit.yaml.read import read_data
    from copkit.yaml.scalars import YamlProblem

    path = Path(root) / MEMBERS
    if not path.is_file():
        raise RecordError(f"{root} has no members.yaml, so it is not a CoP folder",
                          "point at one with --cop DIR")
    try:
        data = read_data(path, MEMBERS)
    except YamlProblem as p:
        raise RecordError(p.message, "fix members.yaml first (copkit check)",
                          f"{MEMBERS}:{p.line}:{p.column}") from None
    items = data.get("members") if isinstance(data, dict) else None
    return [m for m in items or [] if isinstance(m, dict)]


def split_cop(root: Path, *, no_commit: bool = False) -> Split:
    """:func:`copkit.contacts.split.split` under the lock, committed (members.yaml, the key,
    .gitignore)."""
    from copkit.git import commit as gitio

    root = Path(root)
    if not no_commit:
        if gitio.find_repo_root(root) is None:
            raise GitError(f"{root} is not inside a git repository, so copkit cannot commit "
                           "the change", "run `git init` there, or pass --no-commit")
        gitio.global_identity(root)
    if not no_commit:
        _key_not_ignored(root)
    with store.cop_lock(root):
        result = split(root)
        result.tracked = tracked_contacts(root) is not None if not no_commit else False
        if result.paths and not no_commit:
            repo = gitio.open_repo(root)
            body = [f"{MEMBERS}: contact details of {len(result.moved)} member(s) moved to "
                    f"{CONTACTS} (not committed); email_hash added"] if result.moved else []
            result.commit = gitio.commit_paths(
                repo, [root / p for p in result.paths],
                "copkit: contacts split (contact details out of git)", body)
    return result


def _key_not_ignored(root: Path) -> None:
    """The key must be committed (others match emails with it): refused, before anything is
    written, when git ignores it (a .gitignore or .git/info/exclude listing /.copkit/)."""
    import subprocess

    from copkit.contacts.keys import KEY_PATH

    try:
        proc = subprocess.run(["git", "-C", str(root), "check-ignore", "-q", "--no-index",
                               "--", KEY_PATH], capture_output=True, check=False)
    except OSError:
        return
    if proc.returncode == 0:
        raise GitError(f"git ignores {KEY_PATH}, which must be committed (whoever has the "
                       "repository matches people by email with it); nothing was written",
                       "ignore only /.copkit/lock and /.copkit/journal.json instead of all of "
                       "/.copkit/ (in .gitignore or .git/info/exclude), then run it again")


def purge_lines(root: Path) -> list[str]:
    """The values ``git filter-repo --replace-text`` should replace (every email and phone
    of contacts.yaml and of an old-layout members.yaml)."""
    found = contacts_of(root, member_rows(root))
    if not found and not read_book(root).exists:
        raise RecordError("there are no contact details here to list", HOW_TO_GET)
    return purge_list(dict(found))


def export_contacts(root: Path, to: Sequence[str], out: Path) -> int:
    """contacts.yaml encrypted for ``to``, written to ``out`` (never over a file); returns
    how many entries it holds."""
    from copkit.contacts.share import encrypt

    root = Path(root)
    book = valid_book(root)
    if not book.exists:
        if contacts_of(root, member_rows(root)):
            raise RecordError("the contact details are still in members.yaml",
                              "move them to contacts.yaml first: copkit contacts split")
        raise RecordError(f"there is no {CONTACTS} here to export", HOW_TO_GET)
    data = (root / CONTACTS).read_bytes()
    sealed = encrypt(data, to)
    out = Path(out)
    if out.exists():
        raise RecordError(f"{out} already exists", "give another --out, or delete it first")
    if out.name == CONTACTS or out.suffix in (".yaml", ".yml"):
        raise UsageError(f"--out {out}: an encrypted file is not YAML",
                         "name it like contacts.age")
    store.write_bytes(out, sealed, exclusive=True)
    return len(book.entries)


def import_contacts(root: Path, path: Path, identity: Path) -> Merged:
    """An exported file decrypted with ``identity`` and merged into contacts.yaml."""
    from copkit.contacts.share import decrypt

    text = decrypt(Path(path), Path(identity)).decode("utf-8", errors="replace")
    return merge_text(root, text, Path(path).name)


def merge_file(root: Path, path: Path, identity: Path | None = None) -> Merged:
    """Another facilitator's contacts.yaml (plain, or encrypted with ``identity``) merged."""
    if identity is not None:
        return import_contacts(root, path, identity)
    from copkit.yaml.read import read_text
    from copkit.yaml.scalars import YamlProblem

    if Path(path).resolve() == (Path(root) / CONTACTS).resolve():
        raise UsageError("that is this CoP's own contacts.yaml",
                         "give the other facilitator's copy")
    try:
        text = read_text(Path(path))
    except YamlProblem as p:
        raise RecordError(p.message, "give the other facilitator's contacts.yaml, or an "
                          "exported file with --identity", f"{path}:1:1") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path} ({exc.strerror})") from None
    return merge_text(root, text, Path(path).name)


def merge_text(root: Path, text: str, label: str) -> Merged:
    """``text`` (another copy of contacts.yaml, checked first) merged into the CoP's; with
    none yet, written as it is, byte for byte."""
    theirs = parse_other(text, label)
    root = Path(root)
    with store.cop_lock(root):
        members = {str(m.get("id")) for m in member_rows(root)}
        if not (root / CONTACTS).exists():
            store.write_text(root / CONTACTS, text, exclusive=True)
            return Merged(added=list(theirs), unknown=[m for m in theirs if m not in members])
        return merge_into(root, theirs, members)


def recipients(root: Path) -> tuple[list[str], int]:
    """The addresses of the current members who agreed to receive the newsletter (sorted,
    once each), and how many such members have no email."""
    import datetime as _dt

    from copkit.periods import today

    root = Path(root)
    book = valid_book(root)
    if not book.exists:
        if contacts_of(root, member_rows(root)):
            raise RecordError("the contact details are still in members.yaml, where consent "
                              "to the newsletter has no place",
                              "move them to contacts.yaml first: copkit contacts split")
        raise RecordError(f"there is no {CONTACTS} here: the newsletter's recipients are in "
                          "it", HOW_TO_GET)
    now = today()
    current = set()
    for m in member_rows(root):
        left = m.get("left")
        if isinstance(m.get("id"), str) and not (isinstance(left, _dt.date) and left < now):
            current.add(m["id"])
    emails: dict[str, str] = {}
    missing = 0
    for mid, entry in book.entries.items():
        if mid not in current or not entry.consent.newsletter:
            continue
        if entry.email:
            emails.setdefault(entry.email.strip().casefold(), entry.email.strip())
        else:
            missing += 1
    return sorted(emails.values(), key=str.casefold), missing
