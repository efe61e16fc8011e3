"""``member forget``: a member's personal data erased from the working files, the record kept
under a neutral id (``forgotten-member-N``) that every reference now uses, so counts stay
right; copkit's caches that may hold the data deleted; and how to purge git history too.

The fields that hold member ids come from the schemas (:mod:`copkit.records.memberrefs`).
"""

from __future__ import annotations

import copy
import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copkit.edit import store
from copkit.edit.splice import ListFile, to_plain
from copkit.errors import ConflictError, GitError, RecordError
from copkit.periods import today
from copkit.records.context import CHARTER, MEMBERS, Context, text_or_empty
from copkit.records.members import MEMBER_FIELDS, member_item
from copkit.records.writing import Outcome, commit, open_record, precheck_git, set_field
from copkit.text import fold

# Personal data kept when a member is forgotten: only what the counts need.
FORGET_KEEP = ("id", "name", "roles", "level", "joined", "left")

# deletes copkit's history words (copkit.git's cache) from a repository's git folder, the main
# work tree's and each linked work tree's; no shell glob, which zsh refuses unmatched
_DELETE_HISTORY_CACHES = "find .git -path '*/copkit/history-*.pickle' -delete"
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass
class ForgetOutcome(Outcome):
    placeholder: str = ""
    replacements: list[tuple[str, str]] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    namesakes: list[str] = field(default_factory=list)
    # free text naming the person's given name as a word: them, or someone else (to review)
    given_name: str = ""
    maybe: list[str] = field(default_factory=list)
    # copkit's cache files deleted because they may hold the person's data
    caches: list[str] = field(default_factory=list)
    # members.yaml held no email or phone of theirs (the new layout: contacts.yaml)
    contacts_apart: bool = False


@dataclass
class _Person:
    """The member being forgotten, and what replaces them."""

    member_id: str
    placeholder: str
    label: str
    name: str
    secrets: list[str]  # name, email, phone as written
    committed: list[str] = field(default_factory=list)  # what members.yaml held of them

    @property
    def names(self) -> set[str]:
        return {fold(self.name)} if self.name else set()


def forget_member(root: Path, member_id: str, *, no_commit: bool = False) -> ForgetOutcome:
    """Erase a member's personal data from the working files. The record stays, under a
    neutral id (``forgotten-member-N``) that every reference now uses, so counts stay right."""
    root = Path(root)
    precheck_git(root, no_commit)
    with store.cop_lock(root):
        ctx = Context(root)
        index = member_item(ctx, member_id)
        lf = ctx.list_file(MEMBERS)
        record = dict(lf.items("members")[index])
        person = _person(ctx, member_id, record)
        contacts = _drop_contact(root, person)
        _erase(lf, index, record, person)
        # every file is read (and checked, as copkit check reads it: no file it refuses is
        # rewritten) before any is written
        written = [MEMBERS, *_write_all(root, _edits(root, person))]
        lf.save()
        held = _held_in_history(root, [v for v in person.secrets
                                       if v != person.name and v not in person.committed])
        person.committed += held
        outcome = _outcome(ctx, root, person, written)
        outcome.contacts_apart = not any(record.get(k) for k in ("email", "phone")) \
            and not held
        if contacts:
            outcome.notes.append(
                "contacts.yaml: their entry deleted (that file is never committed; "
                + ("their email or phone is still in git history, from before the contacts "
                   "were split out of members.yaml)" if held else
                   "so git history holds none of it)"))
        commit(root, outcome, no_commit)
    # after the lock, when every file written is in place: copkit's caches of the person go
    _drop_caches_noted(root, outcome)
    return outcome


def _person(ctx: Context, member_id: str, record: dict[str, Any]) -> _Person:
    n = 1
    taken = ctx.member_ids
    while f"forgotten-member-{n}" in taken:
        n += 1
    secrets = [str(record[k]) for k in ("name", "email", "phone") if record.get(k)]
    committed = [*secrets, *([str(record["email_hash"])] if record.get("email_hash") else [])]
    return _Person(member_id, f"forgotten-member-{n}", f"Forgotten member {n}",
                   str(record.get("name") or ""), secrets, committed)


def _held_in_history(root: Path, values: Sequence[str]) -> list[str]:
    """Which of ``values`` (the email and phone contacts.yaml held) a committed version of
    members.yaml held too: a CoP split from the old layout keeps them in its history. Read
    from ``git log -p`` of members.yaml (the values are looked for in its output, never given
    to git); when git cannot tell, all of them, so that the purge steps name them."""
    from copkit.git import commit as gitio
    from copkit.git.runner import Git

    if not values or gitio.find_repo_root(root) is None:
        return []
    try:
        text = Git(root).out("log", "-p", "--all", "--format=", "--", MEMBERS)
    except GitError:
        return list(values)
    log = text.decode("utf-8", "replace")
    return [v for v in values if v in log]


def _drop_contact(root: Path, person: _Person) -> bool:
    """Delete the person's entry from contacts.yaml (its email and phone join what is looked
    for in the other files); True when there was one."""
    from copkit.contacts.book import CONTACTS, BookEdit

    if not (root / CONTACTS).is_file():
        return False
    book = BookEdit(root)
    entry = book.entry(person.member_id)
    if entry is None:
        return False
    person.secrets += [str(entry[k]) for k in ("email", "phone")
                       if entry.get(k) and str(entry[k]) not in person.secrets]
    book.drop(person.member_id)
    book.save()
    return True


def _erase(lf: ListFile, index: int, record: dict[str, Any], person: _Person) -> None:
    """The member's item keeps only :data:`FORGET_KEEP`, under the placeholder, with a date
    they left; other members naming them name the placeholder."""
    day = today()
    joined = record.get("joined")
    left = record.get("left") or (max(day, joined) if isinstance(joined, _dt.date) else day)

    def change(item: Any) -> None:
        for key in [k for k in item if k not in FORGET_KEEP]:
            del item[key]
        item["id"] = person.placeholder
        item["name"] = person.label
        set_field(item, "left", left, MEMBER_FIELDS)

    lf.edit_item("members", index, change)
    _replace_in_members(lf, index, person.member_id, person.placeholder)


def _replace_in_members(lf: ListFile, index: int, old: str, new: str) -> None:
    """Replace member id ``old`` by ``new`` where other members name it, when the members'
    schema has a member-reference field (:func:`copkit.records.memberrefs.paths_for`)."""
    from copkit.records.memberrefs import paths_for, replace_member

    if not paths_for(MEMBERS):
        return  # no such field: members.yaml is not read whole for nothing

    def change(item: Any) -> None:
        replace_member({"members": [item]}, MEMBERS, old, new)

    for i, item in enumerate(lf.items("members")):
        if i != index and replace_member({"members": [copy.deepcopy(to_plain(item))]},
                                         MEMBERS, old, new):
            lf.edit_item("members", i, change)


# ---------------------------------------------------------------- the other files
def _edits(root: Path, person: _Person) -> list[tuple[str, Any]]:
    """The files other than members.yaml that name the person, each with its edit: the new
    text (with the text it replaces), or the document edited through ruamel."""
    from copkit.yaml.read import read_for_edit

    needles = [person.member_id, *(s.casefold() for s in person.secrets)]
    edits: list[tuple[str, Any]] = []
    for relpath in _cop_files(root):
        path = root / relpath
        text = text_or_empty(path)
        low = text.casefold()
        if not any(n in low for n in needles) and not (
                person.names and "guests" in low and any(nm in fold(text)
                                                         for nm in person.names)):
            continue
        checked = read_for_edit(path, relpath)
        text = checked.text if checked is not None else text
        quick = _replace_id_in_text(root, relpath, text, person)
        if quick is not None:
            if quick != text:
                edits.append((relpath, (text, quick)))
            continue
        opened = open_record(root, relpath)
        if _replace_refs(opened.data, relpath, person):
            edits.append((relpath, opened))
    return edits


def _write_all(root: Path, edits: list[tuple[str, Any]]) -> list[str]:
    """Write each edit (a text only when the file did not change meanwhile)."""
    for relpath, pending in edits:
        if isinstance(pending, tuple):
            was, now = pending
            if text_or_empty(root / relpath) != was:
                raise ConflictError(f"{relpath} changed while copkit was editing it",
                                    "run the command again")
            store.write_text(root / relpath, now)
        else:
            pending.save()
    return [relpath for relpath, _ in edits]


def _replace_refs(data: Any, relpath: str, person: _Person) -> int:
    """Replace the person's id by the placeholder in every member-reference field of ``data``
    (the content of the file at ``relpath``; the fields are
    :func:`copkit.records.memberrefs.paths_for`'s, derived from the schemas), and anonymise
    the guests with their name (folded); returns how many were replaced."""
    from copkit.records.memberrefs import replace_member

    replaced = replace_member(data, relpath, person.member_id, person.placeholder)
    return len(replaced) + _anonymise_guests(data, person.names, person.label)


def _anonymise_guests(node: Any, names: set[str], guest_name: str) -> int:
    """Guests (in ``guests:`` lists at any depth) whose folded name is one of ``names``: the
    name becomes ``guest_name`` and every other field of theirs goes; returns how many."""
    count = 0
    children = node.items() if isinstance(node, dict) else \
        enumerate(node) if isinstance(node, list) else ()
    for key, value in children:
        if key == "guests" and isinstance(node, dict) and isinstance(value, list) and names:
            count += _anonymise_list(value, names, guest_name)
        if isinstance(value, (dict, list)):
            count += _anonymise_guests(value, names, guest_name)
    return count


def _anonymise_list(guests: list[Any], names: set[str], guest_name: str) -> int:
    count = 0
    for guest in guests:
        if isinstance(guest, dict) and fold(str(guest.get("name", ""))) in names:
            guest["name"] = guest_name
            for extra in [k for k in guest if k != "name"]:
                del guest[extra]
            count += 1
    return count


def _replace_id_in_text(root: Path, relpath: str, text: str, person: _Person) -> str | None:
    """The file's text with the person's id replaced by the placeholder as a whole word, when
    that gives exactly the data :func:`_replace_refs` would (checked with the fast reader);
    None when it does not (the id also in free text, a guest to anonymise...): then the file
    is edited through ruamel. Much faster than a round trip for dozens of meeting files."""
    from copkit.yaml.read import parse
    from copkit.yaml.scalars import YamlProblem

    try:
        before = parse(text, relpath).data
    except YamlProblem as p:
        raise RecordError(p.message, "fix the file first (copkit check shows every problem)",
                          f"{relpath}:{p.line}:{p.column}") from None
    expected = copy.deepcopy(to_plain(before))
    _replace_refs(expected, relpath, person)
    pattern = re.compile(rf"(?<![A-Za-z0-9_-]){re.escape(person.member_id)}(?![A-Za-z0-9_-])")
    candidate = pattern.sub(person.placeholder, text)
    try:
        after = parse(candidate, relpath).data
    except YamlProblem:
        return None
    return candidate if to_plain(after) == expected else None


def _cop_files(root: Path) -> list[str]:
    """The files other than members.yaml in which a member id can appear (every file of a
    kind whose schema has a member-reference field:
    :func:`copkit.records.memberrefs.ref_files`)."""
    from copkit.records.memberrefs import ref_files

    return [p for p in ref_files(root) if p != MEMBERS]


# ---------------------------------------------------------------- what is left to do
def _outcome(ctx: Context, root: Path, person: _Person, written: list[str]) -> ForgetOutcome:
    name, placeholder, label = person.name, person.placeholder, person.label
    scanned = [CHARTER, *written, *_cop_files(root)]
    mentions = _free_text_mentions(root, scanned, person.secrets)
    outcome = ForgetOutcome(
        placeholder, "forget", sorted(set(written), key=written.index),
        f"copkit: forget a member (now {placeholder})",
        [f"{MEMBERS}: personal data removed, id replaced by {placeholder}"]
        + [f"{p}: references replaced" for p in written[1:]])
    outcome.placeholder = placeholder
    # git filter-repo lines: the email and phone as written; the name and the id as
    # whole words only (so that 'ana-ruiz' does not also rewrite 'ana-ruiz-2')
    repl = [(s, label) for s in person.committed if s != name]
    if name:
        repl.append((_whole_word(name), label))
    repl.append((_whole_word(person.member_id), placeholder))
    outcome.replacements = repl
    outcome.namesakes = sorted(
        str(m.get("id")) for m in ctx.raw(MEMBERS, "members")
        if name and fold(str(m.get("name", ""))) == fold(name) and m.get("id") != placeholder)
    outcome.mentions = mentions
    given = name.split()[0] if len(name.split()) > 1 else ""
    if given:
        outcome.given_name = given
        seen = set(mentions)
        outcome.maybe = [m for m in word_mentions(root, scanned, given)
                         if m.rsplit(":", 1)[0] not in seen]
    return outcome


def _free_text_mentions(root: Path, relpaths: Iterable[str], secrets: Sequence[str]) -> list[str]:
    """``path:line`` of lines that still mention the person in free text (notes, bodies)."""
    wanted = [fold(s) for s in secrets if fold(s)]
    out: list[str] = []
    for relpath in dict.fromkeys([MEMBERS, *relpaths]):
        path = root / relpath
        if not path.is_file():
            continue
        for n, line in enumerate(text_or_empty(path).splitlines(), 1):
            if relpath == MEMBERS and line.lstrip(" -").startswith("name:"):
                continue  # another member with the same name
            folded = f" {fold(line)} "
            if any(f" {w} " in folded for w in wanted):
                out.append(f"{relpath}:{n}")
    return out


def word_mentions(root: Path, relpaths: Iterable[str], word: str) -> list[str]:
    """``path:line:col`` of each line that names ``word`` (a given name) as a whole word,
    accents and case ignored; words joined by hyphens (member ids like juan-perez-2) are one
    word, and other members' own ``name:`` lines are left out."""
    wanted = fold(word)
    out: list[str] = []
    for relpath in dict.fromkeys([MEMBERS, *relpaths]):
        path = root / relpath
        if not wanted or not path.is_file():
            continue
        for n, line in enumerate(text_or_empty(path).splitlines(), 1):
            if relpath == MEMBERS and line.lstrip(" -").startswith("name:"):
                continue
            if wanted.split()[0] not in fold(line):
                continue
            for m in _WORD.finditer(line):
                if fold(m.group()) == wanted:
                    out.append(f"{relpath}:{n}:{m.start() + 1}")
                    break
    return out



def _whole_word(text: str) -> str:
    """A git filter-repo ``regex:`` pattern for ``text`` as a whole word."""
    return f"regex:(?<![\\w-]){re.escape(text)}(?![\\w-])"


# ---------------------------------------------------------------- copkit's caches
def _drop_caches_noted(root: Path, outcome: ForgetOutcome) -> None:
    outcome.caches, stuck = _drop_caches(root)
    if outcome.caches:
        outcome.notes.append("dropped copkit's caches that may hold their data: "
                             + ", ".join(outcome.caches))
    if stuck:
        outcome.notes.append("could not delete copkit's caches that may hold their data "
                             "(delete them by hand): " + ", ".join(stuck))
    if outcome.caches or stuck:
        outcome.notes.append("git history still holds their data until it is purged with git "
                             "filter-repo; until then `copkit history` caches the words of past "
                             "commits from it again")


def _drop_caches(root: Path) -> tuple[list[str], list[str]]:
    """Delete copkit's caches that may hold a forgotten person's data: the words of past
    commits ``copkit history`` keeps in the repository's git folder (the main work tree's and
    each linked work tree's), this CoP's parsed files in the user's cache folder, the index
    of ``copkit find`` (with left-over temporary files of each), and the drawn charts (shared
    by every CoP; the network picture shows names). Deleting a cache only costs a
    slower next run. Returns the paths deleted, and those that could not be (to delete by
    hand)."""
    found = [*_history_caches(root), *_user_caches(root)]
    dropped: list[str] = []
    stuck: list[str] = []
    for path in found:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError:
            stuck.append(str(path))
            continue
        dropped.append(str(path))
    return _charts_as_one(dropped), stuck


def _charts_as_one(paths: list[str]) -> list[str]:
    """The drawn charts deleted, said as their folder and a count (up to 200 files)."""
    from copkit.model.cache import charts_dir

    folder = str(charts_dir())
    charts = [p for p in paths if str(Path(p).parent) == folder]
    rest = [p for p in paths if p not in set(charts)]
    return rest + ([f"{folder} ({len(charts)} drawn chart file(s))"] if charts else [])


def _history_caches(root: Path) -> list[Path]:
    from copkit.git import commit as gitio

    if gitio.find_repo_root(root) is None:
        return []
    try:
        common = Path(gitio.open_repo(root).common_dir)
    except GitError:
        return []
    found: list[Path] = []
    for folder in [common / "copkit", *sorted(common.glob("worktrees/*/copkit"))]:
        found += sorted(folder.glob("history-*.pickle"))
        found += sorted(folder.glob(".history-*"))
    return found


def _user_caches(root: Path) -> list[Path]:
    from copkit.model.cache import ParseCache, charts_dir
    from copkit.model.search_index import index_path

    parsed = ParseCache(root).path
    index = index_path(root)  # copkit find's index: the text of practices and meetings
    charts = charts_dir()  # drawn charts: the network picture shows names (shared by all CoPs)
    return [parsed, *sorted(parsed.parent.glob(f"{parsed.stem}.*.tmp")),
            index, index.with_name(f"{index.name}-journal"),
            *sorted(charts.glob("*.svg")), *sorted(charts.glob("last-*.txt")),
            *sorted(charts.glob(".*.tmp"))]


def purge_instructions(outcome: ForgetOutcome) -> str:
    """How to remove the person from git history too (git filter-repo), and from copkit's
    own caches, which history rewriting does not reach."""
    import shlex

    from copkit.model.cache import cache_dir

    lines = [f"{old}==>{new}" for old, new in outcome.replacements]
    body = "\n".join(f"       {ln}" for ln in lines)
    if outcome.namesakes:
        body += ("\n     careful: " + ", ".join(outcome.namesakes) + " has the same name; the "
                 "name line would rewrite it in history too")
    head = (
        "Their email and phone were kept in contacts.yaml, never committed: git history\n"
        "holds neither. It still holds their name and id in past versions of the records.\n"
        if outcome.contacts_apart else
        "The working files no longer hold this person's data, but git history still does.\n")
    return (
        head +
        "To erase it from history as well (this rewrites history; everyone must clone the\n"
        "repository again afterwards):\n"
        "  1. install git-filter-repo:  pip install git-filter-repo\n"
        "  2. write these lines to a file OUTSIDE the repository, e.g. ~/forget.txt\n"
        "     (check them first: each left side is replaced everywhere in history):\n"
        f"{body}\n"
        "  3. in the repository run:\n"
        "       git filter-repo --force --replace-text ~/forget.txt \\\n"
        "                       --replace-message ~/forget.txt\n"
        "  4. push the rewritten history (git push --force --all), ask everyone to clone\n"
        "     again, then delete ~/forget.txt.\n"
        "  5. delete copkit's own caches, which hold words of the old history and which a\n"
        "     rewrite does not reach (no copkit command may run meanwhile): in the\n"
        "     repository where you ran git filter-repo, and in every clone kept,\n"
        f"       {_DELETE_HISTORY_CACHES}\n"
        "     and on every computer where copkit read this CoP, copkit's cache folder:\n"
        f"       rm -rf {shlex.quote(str(cache_dir()))}\n"
        "     (that is this computer's; elsewhere it is $COPKIT_CACHE_DIR, else\n"
        "     $XDG_CACHE_HOME/copkit, else ~/.cache/copkit).")
