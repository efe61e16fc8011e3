"""``member merge KEEP DROP``: one person's two records become one, everywhere, in one commit.

Every reference to DROP names KEEP (a list keeps one of the two); KEEP gets the fields it
lacked; DROP's record goes, its comments moved to KEEP's. The fields holding member ids come
from the schemas (:func:`copkit.records.memberrefs.member_ref_paths`).
"""

from __future__ import annotations

import copy
import datetime as _dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from copkit.edit import store
from copkit.edit.splice import ListFile, to_plain
from copkit.errors import ConflictError, RecordError, UsageError
from copkit.records.context import MEMBERS, Context, inside
from copkit.records.ids import check_id
from copkit.records.members import MEMBER_FIELDS, member_item
from copkit.records.values import validate
from copkit.records.writing import (
    CONTACT_FIELDS,
    Outcome,
    commit,
    describe_change,
    open_record,
    precheck_git,
    set_field,
    show_value,
)

# lists whose items are kept from both records (the kept member's first)
_MERGED_LISTS = ("roles", "interests", "expertise", "responsibilities")
_KEPT = object()  # the kept member's value stays


def _merged_fields(keep: Mapping[str, Any], drop: Mapping[str, Any]
                   ) -> tuple[dict[str, Any], list[str]]:
    """The kept member's fields that change when ``drop`` is folded into it (None: the field
    goes), and a line for each change and for each value of ``drop`` that is not kept.
    Fields the kept member lacks are filled in; lists are joined; the earlier 'joined'
    stays; 'left' only when both records had left (the later); consent is the stricter."""
    new: dict[str, Any] = {}
    lines: list[str] = []
    them = str(drop.get("id"))
    for name in MEMBER_FIELDS[1:]:
        mine, theirs = keep.get(name), drop.get(name)
        if theirs in (None, [], {}) and name != "left":
            continue
        value = _merged_value(name, mine, theirs)
        if value is _KEPT:
            if to_plain(mine) != to_plain(theirs):
                lines.append(f"{name}: {them}'s differs and is not kept (git history keeps it)"
                             if name in CONTACT_FIELDS else
                             f"{name}: kept {show_value(mine)}; {them}'s {show_value(theirs)} "
                             "is not kept (git history keeps it)")
        elif to_plain(value) != to_plain(mine):
            new[name] = value
            lines.append(describe_change(name, mine, value) + f" (from {them})")
    return new, lines


def _merged_value(name: str, mine: Any, theirs: Any) -> Any:
    """The value of field ``name`` once both records are one (:data:`_KEPT`: the kept
    member's, which differs from the other's or not)."""
    if name in _MERGED_LISTS and isinstance(mine or [], list) and isinstance(theirs, list):
        return list(mine or []) + [v for v in theirs if v not in (mine or [])]
    if name == "joined" and mine is not None:
        both = isinstance(mine, _dt.date) and isinstance(theirs, _dt.date)
        return min(mine, theirs) if both else mine
    if name == "left":  # still a member while either record is
        return None if mine is None or theirs is None else max(mine, theirs)
    if name == "consent" and isinstance(mine, dict) and isinstance(theirs, dict):
        return {k: bool(mine.get(k)) and bool(theirs.get(k)) for k in {**mine, **theirs}}
    return theirs if mine in (None, [], {}) else _KEPT


def _ref_changes(root: Path, drop: str, keep: str) -> dict[str, tuple[str, Any, list[str]]]:
    """The files naming member ``drop`` in a member-reference field (read, not written):
    relpath -> (text, data with ``keep`` in its place, where)."""
    from copkit.records.memberrefs import ref_files, replace_member
    from copkit.yaml.read import load_data
    from copkit.yaml.scalars import YamlProblem

    out: dict[str, tuple[str, Any, list[str]]] = {}
    for relpath in ref_files(root):
        text = inside(root, relpath).read_text(encoding="utf-8", errors="replace")
        if drop not in text:
            continue
        try:
            data = copy.deepcopy(to_plain(load_data(text, relpath)))
        except YamlProblem as p:
            raise RecordError(p.message, "fix the file first (copkit check shows every "
                              "problem)", f"{relpath}:{p.line}:{p.column}") from None
        where = replace_member(data, relpath, drop, keep)
        if where:
            out[relpath] = (text, data, where)
    return out


def _merge_members_file(ctx: Context, keep: str, drop: str) -> tuple[dict[str, Any], list[str]]:
    """Check both members, validate the merged record, and edit members.yaml: the kept
    member's fields, the other's record removed (its comments moved to the kept one)."""
    from copkit.model.schemas import Member

    keep_at = member_item(ctx, keep)
    drop_at = member_item(ctx, drop)
    lf = ctx.list_file(MEMBERS)
    items = lf.items("members")
    mine, theirs = to_plain(items[keep_at]), to_plain(items[drop_at])
    new, lines = _merged_fields(mine, theirs)
    merged = {k: v for k, v in {**mine, **new}.items() if v is not None}
    validate(Member, merged, f"merge member '{drop}' into '{keep}'")

    def change(item: Any) -> None:
        for name, value in new.items():
            if value is None:
                item.pop(name, None)
            else:
                set_field(item, name, value, MEMBER_FIELDS)

    if new:
        lf.edit_item("members", keep_at, change)
    _remove_member(lf, drop_at, keep_at, drop, keep)
    return new, lines


def merge_preview(root: Path, keep: str, drop: str) -> list[str]:
    """What :func:`merge_members` would change, one line each (no contact details)."""
    root = Path(root)
    if keep == drop:
        raise UsageError(f"'{keep}' is named twice: give the member to keep, then the other")
    ctx = Context(root)
    keep_at = member_item(ctx, keep)
    drop_at = member_item(ctx, drop)
    items = ctx.list_file(MEMBERS).items("members")
    _, lines = _merged_fields(to_plain(items[keep_at]), to_plain(items[drop_at]))
    out = [f"{MEMBERS}: {drop}'s record is removed; {keep} keeps its own"]
    out += [f"{MEMBERS}: {keep}: {line}" for line in lines]
    for relpath, (_, _, where) in _ref_changes(root, drop, keep).items():
        out.append(f"{relpath}: {drop} -> {keep} in {', '.join(where)}")
    return out


def merge_members(root: Path, keep: str, drop: str, *, no_commit: bool = False) -> Outcome:
    """Fold member ``drop`` into member ``keep``: every reference to ``drop`` names ``keep``
    (lists keep one of the two), ``keep`` gets the fields it lacked, ``drop``'s record goes;
    one commit. The fields holding member ids come from the schemas
    (:func:`copkit.records.memberrefs.member_ref_paths`)."""
    root = Path(root)
    check_id(keep, "the member to keep")
    check_id(drop, "the member to merge")
    if keep == drop:
        raise UsageError(f"'{keep}' is named twice: give the member to keep, then the other")
    precheck_git(root, no_commit)
    with store.cop_lock(root):
        ctx = Context(root)
        _, lines = _merge_members_file(ctx, keep, drop)
        refs = _ref_changes(root, drop, keep)  # every file read and checked before writing
        written = [MEMBERS]
        body = [f"{MEMBERS}: {drop}'s record removed"] + [f"{MEMBERS}: {keep}: {ln}"
                                                          for ln in lines]
        texts = {}
        for relpath, (text, data, where) in refs.items():
            texts[relpath] = _write_refs(root, relpath, text, data, drop, keep)
            written.append(relpath)
            body.append(f"{relpath}: {drop} -> {keep} in {', '.join(where)}")
        ctx.list_file(MEMBERS).save()
        outcome = Outcome(keep, "merge", written, f"copkit: merge member {drop} into {keep}",
                          body, notes=_merge_notes(refs, texts, drop, keep))
        return commit(root, outcome, no_commit)


def _merge_notes(refs: Mapping[str, tuple[str, Any, list[str]]], texts: Mapping[str, str],
                 drop: str, keep: str) -> list[str]:
    """Survey responses now twice by ``keep``, and free text still naming ``drop`` in the
    files written (``texts``: their new text; no other file names ``drop`` at all)."""
    notes = []
    for relpath, (_, data, _) in refs.items():
        mine = [i for i, r in enumerate(data.get("responses") or [])
                if isinstance(r, dict) and r.get("respondent") == keep]
        if len(mine) > 1:
            notes.append(f"{relpath}: responses {', '.join(str(i + 1) for i in mine)} are all "
                         f"{keep}'s now; all are kept (remove one by hand if they answered "
                         "twice)")
    word = re.compile(rf"(?<![A-Za-z0-9_-]){re.escape(drop)}(?![A-Za-z0-9_-])")
    for relpath, text in texts.items():
        for n, line in enumerate(text.splitlines(), 1):
            if word.search(line):
                notes.append(f"{relpath}:{n}: free text still names {drop}")
    return notes


def _write_refs(root: Path, relpath: str, text: str, data: Any, drop: str, keep: str) -> str:
    """Write a file with ``drop`` replaced by ``keep`` in its member references (``data``:
    what it must then hold): the id replaced as a whole word in the text when that gives
    exactly ``data``, else a round-trip edit (comments kept either way). Returns the text
    written."""
    from copkit.records.memberrefs import replace_member
    from copkit.yaml.read import load_data
    from copkit.yaml.scalars import YamlProblem

    pattern = re.compile(rf"(?<![A-Za-z0-9_-]){re.escape(drop)}(?![A-Za-z0-9_-])")
    quick = pattern.sub(keep, text)
    try:
        same = to_plain(load_data(quick, relpath)) == data
    except YamlProblem:
        same = False
    path = inside(root, relpath)
    if path.read_text(encoding="utf-8", errors="replace") != text:
        raise ConflictError(f"{relpath} changed while copkit was editing it",
                            "run the command again")
    if same:
        store.write_text(path, quick)
        return quick
    doc = open_record(root, relpath)
    replace_member(doc.data, relpath, drop, keep)
    doc.save()
    return doc.dumps()


_KEY_PART = re.compile(r"""\s*(?:-\s+)?(?:[^\s:#'"][^:#]*:(?:\s+|$))?""")


def _comment_of(line: str) -> str:
    """The text of a YAML line's comment ('' for none): after the key, a quoted value is
    skipped; then a comment starts at the first ' #'."""
    if line.lstrip().startswith("#"):
        return line.strip()[1:].strip()
    rest = line.rstrip("\r\n")
    rest = rest[_KEY_PART.match(rest).end():]  # type: ignore[union-attr]
    if rest[:1] in ("'", '"'):
        i = 1
        while i < len(rest) and rest[i] != rest[0]:
            i += 2 if rest[0] == '"' and rest[i] == "\\" else 1
        rest = rest[i + 1:]
    at = f" {rest}".find(" #")
    return rest[at + 1:].lstrip("#").strip() if at >= 0 else ""


def _remove_member(lf: ListFile, index: int, keep_at: int, drop: str, keep: str) -> None:
    """Remove item ``index`` (member ``drop``) from members.yaml. Its comments, and the
    comment lines right above it, are moved to the end of ``keep``'s item as
    ``# merged from DROP: ...``: nothing a person wrote is lost. The text edit is checked by
    reading the file back; a list that is not a plain block list is edited by ruamel.yaml,
    which is refused when the record has a comment (it would be lost)."""
    from copkit.yaml.read import load_data

    data = to_plain(lf.sm.data)
    expected = {**data, "members": [m for i, m in enumerate(data["members"]) if i != index]}
    lf._quick.clear()  # the item layout as it is now (a splice of the kept item moved lines)
    q = lf.quick("members")
    new = _text_without(lf.lines, q, index, keep_at, drop) if q is not None else None
    if new is not None and to_plain(load_data(new, MEMBERS)) == expected:
        lf.text = new  # as a splice of ListFile's own: save() checks the file and writes
        lf.lines = new.splitlines(keepends=True)
        lf._sm = None
        lf._quick.clear()
        return
    line, _ = lf.sm.locate(["members", index])
    end = lf.sm.locate(["members", index + 1])[0] if index + 1 < len(data["members"]) else \
        len(lf.lines) + 1
    if any("#" in ln for ln in lf.lines[line - 1:end - 1]):
        raise RecordError(f"copkit cannot remove {drop}'s record from members.yaml without "
                          "losing the comments written in it",
                          f"move those comments to {keep}'s record (or delete them), then run "
                          "the command again", f"{MEMBERS}:{line}:1")
    del lf._full_doc().data["members"][index]


def _text_without(lines: list[str], q: tuple[list[int], int, int], index: int, keep_at: int,
                  drop: str) -> str | None:
    """members.yaml's text without item ``index``, its comments at the end of item
    ``keep_at`` (see :func:`_remove_member`); None when the items are not laid out simply."""
    starts, end, dash = q

    def stop_of(i: int) -> int:
        stop = starts[i + 1] if i + 1 < len(starts) else end
        while stop > starts[i] + 1 and (not lines[stop - 1].strip() or (
                lines[stop - 1].lstrip().startswith("#")
                and len(lines[stop - 1]) - len(lines[stop - 1].lstrip(" ")) <= dash)):
            stop -= 1
        return stop

    first = starts[index]
    while first > 0 and lines[first - 1].lstrip().startswith("#") and \
            len(lines[first - 1]) - len(lines[first - 1].lstrip(" ")) <= dash and \
            (index == 0 or first - 1 >= stop_of(index - 1)):
        first -= 1
    last, at = stop_of(index), stop_of(keep_at)
    head = re.match(r" *- +", lines[starts[keep_at]])
    if head is None or any(ln.rstrip().endswith(("|", ">", "|-", ">-")) for ln in
                           lines[first:last]):
        return None
    eol = "\r\n" if lines[first].endswith("\r\n") else "\n"
    said = [_comment_of(ln) for ln in lines[first:last]]
    moved = [f"{' ' * head.end()}# merged from {drop}: {s}{eol}" for s in said if s]
    out: list[str] = []
    for i, ln in enumerate(lines):
        if not first <= i < last:
            out.append(ln)
        if i == at - 1:
            out.extend(moved)
    return "".join(out)
