"""`copkit history`: the timeline of changes, from real repositories with real commits."""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from copkit.errors import GitError
from copkit.git.history import history
from copkit.git.pieces import Parser, split_segments
from copkit.yaml.read import parse
from copkit.yaml.scalars import YamlProblem

from .conftest import git

ANA = ("Ana Ruiz", "ana@example.org")
ME = ("Test Facilitator", "facilitator@example.org")

CHARTER = """\
name: Test CoP
goals:
  - {id: g1, statement: Share what works}
"""
MEMBERS = """\
members:
  - id: maria-lopez
    name: María López
    joined: 2026-01-10
"""


class CopRepo:
    """A CoP folder in a real git repository, changed by plain file writes and real commits."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        git(path, "init", "-q", "-b", "main")

    def write(self, rel: str, text: str) -> CopRepo:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
        return self

    def remove(self, rel: str) -> CopRepo:
        (self.path / rel).unlink()
        return self

    def commit(self, message: str, when: str = "2026-03-01T10:00:00+00:00",
               author: tuple[str, str] = ME) -> str:
        env = dict(os.environ, GIT_AUTHOR_NAME=author[0], GIT_AUTHOR_EMAIL=author[1],
                   GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
        subprocess.run(["git", "-C", str(self.path), "add", "-A"], check=True, env=env)
        subprocess.run(["git", "-C", str(self.path), "commit", "-q", "--allow-empty", "-m",
                        message], check=True, env=env)
        return git(self.path, "rev-parse", "HEAD").strip()

    def start(self) -> str:
        self.write("charter.yaml", CHARTER).write("members.yaml", MEMBERS)
        return self.commit("start", "2026-01-10T09:00:00+00:00")


@pytest.fixture
def repo(tmp_path: Path) -> CopRepo:
    return CopRepo(tmp_path / "cop")


def texts(entries: list) -> list[list[str]]:  # type: ignore[type-arg]
    return [[c.text for c in e.changes] for e in entries]


def test_timeline_words_authors_and_dates(repo: CopRepo, cli: Callable[..., Result]) -> None:
    repo.start()
    repo.write("members.yaml", MEMBERS + "  - id: ana-ruiz\n    name: Ana Ruiz\n"
               "    joined: 2026-02-01\n")
    repo.write("charter.yaml", CHARTER + "  - {id: g2, statement: Learn from outsiders}\n")
    repo.commit("add ana and g2", "2026-02-01T10:00:00+00:00", ANA)
    repo.write("meetings/2026-05-10-unit-models.yaml", """\
        date: 2026-05-10
        title: Unit models
        attendees: [maria-lopez]
    """)
    repo.write("practices/led-unit-how-to.yaml", """\
        title: LED unit how-to
        status: draft
    """)
    repo.commit("meeting and practice", "2026-05-10T18:00:00+00:00")
    repo.write("meetings/2026-05-10-unit-models.yaml", """\
        date: 2026-05-10
        title: Unit models
        attendees: [maria-lopez, ana-ruiz, juan-perez, li-wei]
    """)
    repo.write("practices/led-unit-how-to.yaml", """\
        title: LED unit how-to
        status: tested
    """)
    repo.commit("attendance", "2026-05-11T08:00:00+00:00")

    entries = history(repo.path)
    assert texts(entries) == [
        ["charter: created", "members: maria-lopez joined"],
        ["charter: goal g2 added", "members: ana-ruiz joined"],
        ["meeting 2026-05-10-unit-models added (Unit models)",
         "practice led-unit-how-to added (LED unit how-to)"],
        ["meeting 2026-05-10-unit-models: 3 attendees added (ana-ruiz, juan-perez, li-wei)",
         "practice led-unit-how-to: status draft → tested"],
    ]
    assert entries[1].author == "Ana Ruiz"
    assert entries[1].date.date().isoformat() == "2026-02-01"
    change = entries[3].changes[1]
    assert (change.kind, change.record, change.action, change.field, change.old, change.new) == \
        ("practice", "led-unit-how-to", "changed", "status", "draft", "tested")

    result = cli("history", "--cop", str(repo.path))
    assert result.exit_code == 0, result.stderr
    assert "members: ana-ruiz joined" in result.stdout
    assert "Ana Ruiz" in result.stdout and "2026-02-01" in result.stdout
    assert "status draft → tested" in result.stdout
    assert "4 commit(s), 8 change(s)" in result.stdout


def test_member_leaving_and_filters(repo: CopRepo, cli: Callable[..., Result]) -> None:
    repo.start()
    repo.write("members.yaml", MEMBERS + "  - id: ana-ruiz\n    name: Ana Ruiz\n")
    repo.commit("ana", "2026-02-01T10:00:00+00:00")
    repo.write("meetings/2026-03-05-kickoff.yaml",
               "date: 2026-03-05\ntitle: Kick-off\nattendees: [maria-lopez]\n")
    repo.commit("kick-off", "2026-03-05T10:00:00+00:00")
    repo.write("meetings/2026-03-05-kickoff.yaml",
               "date: 2026-03-05\ntitle: Kick-off\nattendees: [maria-lopez, ana-ruiz]\n")
    repo.commit("attendance", "2026-03-06T10:00:00+00:00")
    repo.write("members.yaml", MEMBERS + "  - id: ana-ruiz\n    name: Ana Ruiz\n"
               "    left: 2026-06-30\n")
    repo.commit("ana leaves", "2026-07-01T10:00:00+00:00")

    about_ana = history(repo.path, member="ana-ruiz")
    assert texts(about_ana) == [
        ["members: ana-ruiz joined"],
        ["meeting 2026-03-05-kickoff: 1 attendee added (ana-ruiz)"],
        ["members: ana-ruiz left (2026-06-30)"],
    ]
    since = history(repo.path, since=__import__("datetime").date(2026, 3, 6))
    assert [e.subject for e in since] == ["attendance", "ana leaves"]
    only_meetings = history(repo.path, path="meetings")
    assert [e.subject for e in only_meetings] == ["kick-off", "attendance"]

    result = cli("history", "--cop", str(repo.path), "--member", "ana-ruiz", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [c["text"] for e in data["commits"] for c in e["changes"]] == [
        "members: ana-ruiz joined", "meeting 2026-03-05-kickoff: 1 attendee added (ana-ruiz)",
        "members: ana-ruiz left (2026-06-30)"]
    left = data["commits"][-1]["changes"][0]
    assert left["field"] == "left" and left["old"] is None and left["new"] == "2026-06-30"

    result = cli("history", "--cop", str(repo.path), "--since", "2026-07-01")
    assert result.exit_code == 0
    assert "ana-ruiz left (2026-06-30)" in result.stdout
    assert "joined" not in result.stdout


def test_path_argument_follows_a_renamed_meeting(repo: CopRepo, cli: Callable[..., Result],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    repo.start()
    repo.write("meetings/2026-05-10-x.yaml", "date: 2026-05-10\ntitle: X\nattendees: []\n")
    repo.commit("meeting")
    git(repo.path, "mv", "meetings/2026-05-10-x.yaml", "meetings/2026-05-12-x.yaml")
    repo.write("meetings/2026-05-12-x.yaml", "date: 2026-05-12\ntitle: X\nattendees: []\n")
    repo.commit("moved to the 12th")

    entries = history(repo.path, path="meetings/2026-05-12-x.yaml")
    assert texts(entries) == [
        ["meeting 2026-05-10-x added (X)"],
        ["meeting 2026-05-10-x renamed to 2026-05-12-x",
         "meeting 2026-05-12-x: date 2026-05-10 → 2026-05-12"],
    ]
    rename = entries[1].changes[0]
    assert (rename.field, rename.old, rename.new) == ("id", "2026-05-10-x", "2026-05-12-x")
    # a path given relative to the current folder works too
    monkeypatch.chdir(repo.path / "meetings")
    result = cli("history", "2026-05-12-x.yaml")
    assert result.exit_code == 0, result.stderr
    assert "renamed to 2026-05-12-x" in result.stdout
    result = cli("history", "--cop", str(repo.path), "../../elsewhere.yaml")
    assert result.exit_code == 2
    assert "is not inside the CoP folder" in result.stderr


def test_merge_commits_show_each_change_once(repo: CopRepo,
                                             cli: Callable[..., Result]) -> None:
    repo.start()
    git(repo.path, "checkout", "-q", "-b", "side")
    repo.write("practices/tip.yaml", "title: A tip\nstatus: draft\n")
    repo.commit("tip on a branch", "2026-02-01T10:00:00+00:00")
    git(repo.path, "checkout", "-q", "main")
    repo.write("members.yaml", MEMBERS + "  - id: ana-ruiz\n    name: Ana Ruiz\n")
    repo.commit("ana on main", "2026-02-02T10:00:00+00:00")
    env = dict(os.environ, GIT_AUTHOR_DATE="2026-02-03T10:00:00+00:00",
               GIT_COMMITTER_DATE="2026-02-03T10:00:00+00:00")
    subprocess.run(["git", "-C", str(repo.path), "merge", "-q", "--no-edit", "side"],
                   check=True, env=env)

    entries = history(repo.path)
    flat = [t for e in entries for t in (c.text for c in e.changes)]
    assert flat.count("practice tip added (A tip)") == 1
    assert "members: ana-ruiz joined" in flat
    merge = [e for e in entries if e.merge]
    assert len(merge) == 1 and merge[0].changes == []
    result = cli("history", "--cop", str(repo.path))
    assert "(merge: the changes are listed in the merged commits)" in result.stdout


def test_a_file_that_does_not_parse_is_reported_and_history_goes_on(
        repo: CopRepo, cli: Callable[..., Result]) -> None:
    repo.start()
    repo.write("members.yaml", MEMBERS + "  - id: ana-ruiz\n    name: [Ana\n")
    repo.commit("broken by hand", "2026-02-01T10:00:00+00:00")
    repo.write("members.yaml", MEMBERS + "  - id: ana-ruiz\n    name: Ana Ruiz\n")
    repo.commit("fixed", "2026-02-02T10:00:00+00:00")

    entries = history(repo.path)
    assert entries[1].changes == []
    assert len(entries[1].problems) == 1
    problem = entries[1].problems[0]
    assert problem.startswith("members.yaml:6:11: YAML syntax: a list opened here with '['")
    assert "its changes there are not shown" in problem
    # the fix is compared with the last version that parsed: only Ana is new
    assert texts(entries)[2] == ["members: ana-ruiz joined"]
    result = cli("history", "--cop", str(repo.path))
    assert result.exit_code == 0
    assert "warning: members.yaml:6:11:" in result.stdout


def test_detached_head_and_empty_repository(repo: CopRepo, cli: Callable[..., Result]) -> None:
    result = cli("history", "--cop", str(repo.path))
    assert result.exit_code == 0
    assert "no changes to show" in result.stdout
    repo.start()
    repo.write("members.yaml", MEMBERS + "  - id: ana-ruiz\n    name: Ana Ruiz\n")
    repo.commit("ana")
    git(repo.path, "checkout", "-q", "--detach", "HEAD~1")
    entries = history(repo.path)
    assert [e.subject for e in entries] == ["start"]
    result = cli("diff", "--cop", str(repo.path), "main")
    assert result.exit_code == 0, result.stderr
    assert "members: ana-ruiz removed from the list" in result.stdout


def test_not_a_git_repository(tmp_path: Path, cli: Callable[..., Result]) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "charter.yaml").write_text(CHARTER, encoding="utf-8")
    for command in ("history", "diff"):
        result = cli(command, "--cop", str(folder))
        assert result.exit_code == 1
        assert "is not in a git repository, so it has no history" in result.stderr
        assert "git init" in result.stderr
        assert "Traceback" not in result.stderr + result.stdout
    with pytest.raises(GitError):
        history(folder)


def test_shallow_clone_is_noted(repo: CopRepo, tmp_path: Path,
                                cli: Callable[..., Result]) -> None:
    repo.start()
    first = git(repo.path, "rev-parse", "HEAD").strip()
    for n in range(3):
        repo.write("members.yaml", MEMBERS + f"  - id: m{n}\n    name: M {n}\n")
        repo.commit(f"m{n}", f"2026-02-0{n + 1}T10:00:00+00:00")
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)],
                   check=True)
    result = cli("history", "--cop", str(clone))
    assert result.exit_code == 0, result.stderr
    assert "shallow clone" in result.stdout
    assert "members: m2 joined" in result.stdout
    result = cli("diff", "--cop", str(clone), first)
    assert result.exit_code == 1
    assert f"unknown revision '{first}'" in result.stderr
    assert "git fetch --unshallow" in result.stderr


def test_bad_since_date_is_a_usage_error(repo: CopRepo, cli: Callable[..., Result]) -> None:
    repo.start()
    result = cli("history", "--cop", str(repo.path), "--since", "last tuesday")
    assert result.exit_code == 2
    assert "--since: 'last tuesday' is not a date" in result.stderr
    assert "YYYY-MM-DD" in result.stderr


# ---------------------------------------------------------------- the item-by-item parser
def _members_text(n: int, style: int) -> str:
    lines = ["# the community", "members:"]
    for i in range(n):
        if style == 0:
            lines += [f"  - id: m{i}", f"    name: Member {i}  # comment", "    roles: [expert]"]
        elif style == 1:
            lines += [f"- id: m{i}", f"  name: 'Member: {i}'", "  notes: |", "    - not an item",
                      "", "    still notes"]
        else:
            lines += [f"    -   id: m{i}", f"        name: M{i}", "        consent:",
                      "          public: true"]
    lines += ["", "# the end"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("style", [0, 1, 2])
def test_item_parser_agrees_with_the_whole_file_parser(style: int) -> None:
    text = _members_text(400, style)
    assert len(text) > 16 * 1024
    parser = Parser()
    assert parser.parse_bytes(text.encode(), "members.yaml") == parse(text).data
    assert len(parser.pieces) == 400
    segments = split_segments(text.encode())
    assert segments is not None and [len(seg.items) for seg in segments] == [400]
    assert Parser().from_segments(segments, "members.yaml") == parse(text).data


@pytest.mark.parametrize("tail", [
    "  - id: x\n    name: 'open quote\n  - id: y\n    name: closed'\n",  # quote over a cut
    "other: [a, b]\n",                                                  # a flow list
    "members:\n  - id: twice\n",                                        # a repeated key
    "---\n",                                                            # a second document
    "  - id: tab\n\tname: x\n",                                         # a tab
])
def test_item_parser_falls_back_to_the_whole_file(tail: str) -> None:
    text = _members_text(300, 0) + tail
    parser = Parser()
    try:
        expected = parse(text).data
    except YamlProblem as problem:
        with pytest.raises(YamlProblem) as caught:
            parser.parse_bytes(text.encode(), "members.yaml")
        assert (caught.value.line, caught.value.message) == (problem.line, problem.message)
        return
    assert parser.parse_bytes(text.encode(), "members.yaml") == expected


_scalar = st.one_of(st.text(max_size=12), st.integers(), st.booleans(), st.none(),
                    st.dates().map(str))


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(["id", "name", "notes", "roles", "left"]),
                                st.one_of(_scalar, st.lists(_scalar, max_size=3)),
                                min_size=1), min_size=1, max_size=8))
def test_item_parser_property(items: list[dict[str, object]]) -> None:
    import yaml

    text = yaml.safe_dump({"members": items, "topics": items}, allow_unicode=True,
                          default_flow_style=False, sort_keys=False)
    text = text + "#" + "padding " * 2100 + "\n"
    try:
        expected = parse(text).data
    except YamlProblem:
        with pytest.raises(YamlProblem):
            Parser().parse_bytes(text.encode(), "members.yaml")
        return
    assert Parser().parse_bytes(text.encode(), "members.yaml") == expected


def test_control_characters_never_reach_the_terminal(repo: CopRepo,
                                                     cli: Callable[..., Result]) -> None:
    repo.start()
    repo.write("practices/evil.yaml", 'title: "Bold \\e[31mred\\e[0m [b]x[/b]"\n')
    repo.commit("evil\x1b]0;title\x07")
    for args in (("history",), ("diff", "HEAD~1", "HEAD")):
        result = cli(*args, "--cop", str(repo.path))
        assert result.exit_code == 0, result.stderr
        assert "\x1b" not in result.stdout
        assert "\\x1b[31mred" in result.stdout
        assert "[b]x[/b]" in result.stdout
