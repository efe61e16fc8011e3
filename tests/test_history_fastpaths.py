"""The quick ways `copkit history` compares big files give the same words as parsing both
versions whole: properties over random edits, and the per-commit cache."""

from __future__ import annotations

import json
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from copkit.git import regions
from copkit.git.history import history
from copkit.git.pieces import Parser, layout_of
from copkit.git.reader import Reader
from copkit.git.regions import common_ends
from copkit.git.semdiff import compare_file
from copkit.yaml.read import parse

from .test_history import MEMBERS, CopRepo

# ---------------------------------------------------------------- rendering random files
_ids = st.sampled_from([f"m{i}" for i in range(12)])
_word = st.text(alphabet="abcdeé -:#'\"", min_size=1, max_size=8).map(str.strip).filter(bool)
_member = st.fixed_dictionaries({
    "id": _ids,
    "name": _word,
    "level": st.sampled_from(["core", "active", "peripheral", None]),
    "roles": st.lists(st.sampled_from(["expert", "sponsor", "participant"]), max_size=2),
    "notes": st.one_of(st.none(), st.lists(_word, min_size=1, max_size=3)),
    "left": st.one_of(st.none(), st.sampled_from(["2026-01-01", "2026-06-30"])),
})


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def render(items: list[dict[str, Any]], indent: int, comments: bool, key: str = "members"
           ) -> str:
    pad = " " * indent
    out = [f"{key}:"]
    for item in items:
        out.append(f"{pad}- id: {item['id']}")
        out.append(f"{pad}  name: {_quote(item['name'])}")
        if item["level"]:
            out.append(f"{pad}  level: {item['level']}")
        if item["roles"]:
            out.append(f"{pad}  roles: [{', '.join(item['roles'])}]")
        if item["notes"]:
            out.append(f"{pad}  notes: |")
            out += [f"{pad}    {line}" for line in item["notes"]]
            out.append("")
        if item["left"]:
            out.append(f"{pad}  left: {item['left']}")
        if comments:
            out.append(f"{pad}  # about {item['id']}")
    return "\n".join(out) + "\n"


def unique(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item["id"] not in seen:
            seen.add(item["id"])
            out.append(item)
    return out


def reader_with(backwards: bool = False, **blobs: bytes) -> Reader:
    reader = Reader.__new__(Reader)
    Reader.__init__(reader, None, None, Parser(), backwards)  # type: ignore[arg-type]
    reader._raws.update(blobs)
    return reader


def reference(kind: str, old: bytes, new: bytes) -> list[str]:
    return [c.text for c in compare_file(kind, parse(old.decode()).data,
                                         parse(new.decode()).data)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_member, min_size=1, max_size=10), st.lists(_member, max_size=3),
       st.data(), st.sampled_from([0, 2, 4]), st.booleans(),
       st.text(alphabet="ab :#'\"-é", max_size=3))
def test_list_file_changes_match_a_whole_parse(
        before: list[dict[str, Any]], extra: list[dict[str, Any]], data: st.DataObject,
        indent: int, comments: bool, tail: str) -> None:
    before = unique(before)
    after = [dict(m) for m in before]
    # random edits: change fields, remove, move, add
    for item in after:
        if data.draw(st.booleans()):
            item["level"] = data.draw(st.sampled_from(["core", "active", None]))
        if data.draw(st.integers(0, 5)) == 0:
            item["left"] = "2026-09-01"
    if after and data.draw(st.booleans()):
        after.pop(data.draw(st.integers(0, len(after) - 1)))
    if len(after) > 1 and data.draw(st.booleans()):
        moved = after.pop(0)
        after.insert(data.draw(st.integers(0, len(after))), moved)
    after = unique(after + extra)
    old = render(before, indent, comments).encode()
    new = render(after, indent, comments).encode()
    if data.draw(st.booleans()):  # a second top-level key after the list
        suffix = f"\nnotes: {json.dumps('x' + tail)}\n".encode()
        old, new = old + suffix, new + suffix
    expected = reference("members", old, new)
    # the walk going forwards (holding the old version) or backwards (holding the new one)
    reader = reader_with(data.draw(st.booleans()), a=old, b=new)
    got = reader.list_changes("members", "members.yaml", "a", "b")
    if got is None:  # only an empty list on one side sends the caller to the whole parse
        assert not before or not after
        return
    assert [c.text for c in got] == expected


def test_the_region_way_is_used_and_keeps_the_layout() -> None:
    items = [{"id": f"m{i}", "name": f"N{i}", "level": None, "roles": [], "notes": None,
              "left": None} for i in range(50)]
    old = render(items, 2, False).encode()
    items[20]["left"] = "2026-06-30"
    new = render(items, 2, False).encode()
    items.append({"id": "late", "name": "Late", "level": "core", "roles": [], "notes": None,
                  "left": None})
    newer = render(items, 2, False).encode()
    reader = reader_with(a=old, b=new, c=newer)
    assert [c.text for c in reader.list_changes("members", "members.yaml", "a", "b") or []] \
        == ["members: m20 left (2026-06-30)"]
    assert reader._layouts["members.yaml"] == ("b", layout_of(new))
    assert [c.text for c in reader.list_changes("members", "members.yaml", "b", "c") or []] \
        == ["members: late joined"]
    assert reader._layouts["members.yaml"] == ("c", layout_of(newer))
    # only the items around the change were parsed
    assert len(reader.parser.pieces) <= 4


def test_agenda_with_two_lists() -> None:
    old = (b"topics:\n  - id: a\n    title: A\n    status: planned\n  - id: b\n    title: B\n"
           b"thematic_groups:\n  - id: g\n    name: G\n    members: [x]\n")
    new = (b"topics:\n  - id: a\n    title: A\n    status: covered\n  - id: b\n    title: B\n"
           b"thematic_groups:\n  - id: g\n    name: G\n    members: [x, y]\n")
    reader = reader_with(a=old, b=new)
    got = reader.list_changes("learning-agenda", "learning-agenda.yaml", "a", "b")
    assert [c.text for c in got or []] == reference("learning-agenda", old, new) == [
        "learning-agenda: topic a covered", "learning-agenda: group g: members: added y"]


def _meeting_text(attendees: list[str], actions: list[str]) -> bytes:
    out = "date: 2026-03-01\ntitle: A\nattendees:\n"
    out += "".join(f"  - {a}\n" for a in attendees)
    out += "actions:\n" + "".join(f"  - {{action: {a}, owner: m1}}\n" for a in actions)
    return (out + "notes: |\n  We met.\n").encode()


def test_an_item_appended_before_the_next_key_is_cut_as_an_item() -> None:
    """Appending to a list that another key follows: the difference starts exactly where
    that key started, and belongs to the list above it (it used to send the walk to a whole
    parse after a failed cut); the next key's start moves with it."""
    v1 = _meeting_text(["m1", "m2"], ["Book the room"])
    v2 = _meeting_text(["m1", "m2", "m3"], ["Book the room"])
    v3 = _meeting_text(["m1", "m2", "m3", "m4"], ["Book the room", "Send the notes"])
    reader = reader_with(a=v1, b=v2, c=v3)
    path = "meetings/2026-03-01-a.yaml"
    for old, new, sha_old, sha_new in ((v1, v2, "a", "b"), (v2, v3, "b", "c")):
        got = reader.list_changes("meeting", path, sha_old, sha_new, ("2026-03-01-a",) * 2)
        assert got is not None
        want = [c.text for c in compare_file("meeting", parse(old.decode()).data,
                                             parse(new.decode()).data, "2026-03-01-a",
                                             "2026-03-01-a")]
        assert [c.text for c in got] == want
        if sha_new == "b":  # the one-list change keeps the layout, moved
            assert reader._layouts[path] == ("b", layout_of(v2))
    # no whole version of the file was parsed: only the items
    assert all(not text.startswith(b"date:") for _indent, text in reader.parser.pieces)


def test_a_records_list_of_mappings_is_keyed_as_in_a_whole_parse() -> None:
    """Two adoptions by one organisation: a whole parse words the list as items, not by
    organisation; the quick way must too (it compares all the list's items)."""
    head = b"title: T\nkind: tool\nadoptions:\n"
    one = b"  - {organisation: Ayuntamiento de Cusco, date: 2026-01-10}\n"
    two = b"  - {organisation: Ayuntamiento de Cusco, date: 2026-05-02}\n"
    tail = b"status: tested\n"
    for old, new in ((head + one + tail, head + one + two + tail),
                     (head + one + two + tail, head + one + two + one + tail),
                     (head + tail.replace(b"tested", b"draft"), head + tail)):
        reader = reader_with(a=old, b=new)
        got = reader.list_changes("practice", "practices/t.yaml", "a", "b", ("t", "t"))
        want = [c.text for c in compare_file("practice", parse(old.decode()).data,
                                             parse(new.decode()).data, "t", "t")]
        assert got is not None and [c.text for c in got] == want, (old, new)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=60), st.binary(max_size=60), st.binary(max_size=60),
       st.binary(max_size=60))
def test_common_ends(head: bytes, a: bytes, b: bytes, tail: bytes) -> None:
    old, new = head + a + tail, head + b + tail
    n = min(len(old), len(new))
    p = 0
    while p < n and old[p] == new[p]:
        p += 1
    s = 0
    while s < n - p and old[-1 - s] == new[-1 - s]:
        s += 1
    saved = regions._BLOCK
    try:
        for block in (1, 3, 8, 4096):
            regions._BLOCK = block
            assert common_ends(old, new) == (p, s)
    finally:
        regions._BLOCK = saved


# ---------------------------------------------------------------- the cache
def test_cache_gives_the_same_words_and_survives_damage(tmp_path: Path,
                                                        cli: Callable[..., Result]) -> None:
    repo = CopRepo(tmp_path / "cop")
    repo.start()
    repo.write("members.yaml", MEMBERS + "  - id: ana-ruiz\n    name: Ana Ruiz\n")
    repo.commit("ana")
    first = [[c.text for c in e.changes] for e in history(repo.path)]
    folder = repo.path / ".git" / "copkit"
    files = list(folder.glob("history-*.pickle"))
    assert len(files) == 1
    with open(files[0], "rb") as handle:
        cached = pickle.load(handle)
    assert len(cached) == 2
    assert [[c.text for c in e.changes] for e in history(repo.path)] == first
    # a new commit is worked out and added
    repo.write("members.yaml", MEMBERS + "  - id: ana-ruiz\n    name: Ana Ruiz\n"
               "    left: 2026-05-01\n")
    repo.commit("ana leaves")
    third = [[c.text for c in e.changes] for e in history(repo.path)]
    assert third == [*first, ["members: ana-ruiz left (2026-05-01)"]]
    # a damaged cache is ignored and rewritten
    files[0].write_bytes(b"not a pickle")
    assert [[c.text for c in e.changes] for e in history(repo.path)] == third
    assert files[0].read_bytes() != b"not a pickle"
    # the working tree stays clean: the cache lives inside .git
    assert os.popen(f"git -C {repo.path} status --porcelain").read() == ""
    # turned off
    files[0].unlink()
    os.environ["COPKIT_HISTORY_CACHE"] = "0"
    try:
        result = cli("history", "--cop", str(repo.path))
    finally:
        del os.environ["COPKIT_HISTORY_CACHE"]
    assert result.exit_code == 0
    assert not list(folder.glob("history-*.pickle"))


@pytest.mark.parametrize("use_cache", [True, False])
def test_member_filter_with_and_without_cache(tmp_path: Path, use_cache: bool) -> None:
    repo = CopRepo(tmp_path / "cop")
    repo.start()
    repo.write("meetings/2026-03-01-a.yaml",
               "date: 2026-03-01\ntitle: A\nattendees: [maria-lopez]\n")
    repo.commit("meeting")
    repo.write("meetings/2026-03-01-a.yaml",
               "date: 2026-03-01\ntitle: A\nattendees: [maria-lopez, ana-ruiz]\n")
    repo.commit("ana came")
    history(repo.path, use_cache=use_cache)
    about = history(repo.path, member="ana-ruiz", use_cache=use_cache)
    assert [[c.text for c in e.changes] for e in about] == [
        ["meeting 2026-03-01-a: 1 attendee added (ana-ruiz)"]]
    change = about[0].changes[0]
    assert (change.field, change.old, change.new) == ("attendees", [], ["ana-ruiz"])


_slug = st.sampled_from(["ana", "bob", "carla", "dan", "eve", "fay", "gus"])
_action = st.fixed_dictionaries({"action": st.sampled_from(["Draft", "Share", "Call"]),
                                 "done": st.one_of(st.none(), st.just("2026-05-01"))})


def render_meeting(m: dict[str, Any], flow: bool) -> str:
    out = ["date: 2026-05-10", f"title: {_quote(m['title'])}"]
    if flow:
        out.append(f"attendees: [{', '.join(m['attendees'])}]")
    elif m["attendees"]:
        out.append("attendees:")
        out += [f"  - {a}" for a in m["attendees"]]
    else:
        out.append("attendees: []")
    if m["notes"]:
        out.append("notes: |")
        out += [f"  {line}" for line in m["notes"]]
    if m["actions"]:
        out.append("actions:")
        for a in m["actions"]:
            out.append(f"  - action: {a['action']}")
            if a["done"]:
                out.append(f"    done: {a['done']}")
    return "\n".join(out) + "\n"


_meeting = st.fixed_dictionaries({
    "title": _word,
    "attendees": st.lists(_slug, unique=True, max_size=6),
    "notes": st.lists(_word, max_size=3),
    "actions": st.lists(_action, max_size=3, unique_by=lambda a: a["action"]),
})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_meeting, _meeting, st.booleans(), st.data())
def test_one_record_file_changes_match_a_whole_parse(
        before: dict[str, Any], other: dict[str, Any], flow: bool, data: st.DataObject) -> None:
    after = dict(before)
    for key in ("title", "attendees", "notes", "actions"):  # change some fields only
        if data.draw(st.booleans()):
            after[key] = other[key]
    old = render_meeting(before, flow).encode()
    new = render_meeting(after, flow).encode()
    expected = [c.text for c in compare_file("meeting", parse(old.decode()).data,
                                             parse(new.decode()).data, "m", "m")]
    reader = reader_with(data.draw(st.booleans()), a=old, b=new)
    got = reader.list_changes("meeting", "meetings/m.yaml", "a", "b", ("m", "m"))
    if got is not None:
        assert [c.text for c in got] == expected


def test_reordered_attendees_and_a_changed_title() -> None:
    base = {"title": "T", "attendees": ["ana", "bob", "carla"], "notes": [], "actions": []}
    reordered = dict(base, attendees=["ana", "carla", "bob"])
    retitled = dict(base, title="New title")
    for after in (reordered, retitled):
        old = render_meeting(base, False).encode()
        new = render_meeting(after, False).encode()
        expected = [c.text for c in compare_file("meeting", parse(old.decode()).data,
                                                 parse(new.decode()).data, "m", "m")]
        got = reader_with(a=old, b=new).list_changes("meeting", "meetings/m.yaml", "a", "b",
                                                     ("m", "m"))
        assert got is None or [c.text for c in got] == expected
        # attendance has no order; a title change is worded
        assert expected in ([], ["meeting m: title T → New title"])


def test_identical_items_are_counted() -> None:
    head = "title: S\nresponses:\n"
    old = (head + "  - {answers: {q1: 4}}\n").encode()
    new = (head + "  - {answers: {q1: 4}}\n" * 3 + "  - {answers: {q1: 5}}\n").encode()
    got = reader_with(a=old, b=new).list_changes("survey", "surveys/s.yaml", "a", "b",
                                                 ("s", "s"))
    expected = [c.text for c in compare_file("survey", parse(old.decode()).data,
                                             parse(new.decode()).data, "s", "s")]
    assert [c.text for c in got or []] == expected == ["survey s: 3 responses added"]
