"""`copkit member forget` forgets everywhere (issue #13): every field of every file that can
name a member (the list :func:`copkit.records.memberrefs.member_ref_paths` derives from the
schemas), the charter's review log included, and copkit's own caches of the person (the history
words in ``.git/copkit/``, the parsed files in the user's cache folder); the purge steps it
prints name those caches too."""

from __future__ import annotations

import json
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from copkit.records.forget import forget_member, purge_instructions
from copkit.records.memberrefs import STAR, RefPath, member_ref_paths, slots
from copkit.yaml.read import read_file

from .conftest import git
from .records_cop import small_cop

Cli = Callable[..., Result]

REVIEW = """\
review:
  cycle: annual
  last_reviewed: 2026-06-01
  log:
    - {date: 2026-06-01, by: maria-lopez, summary: First review}   # the first one
"""
PLAN = """\
template: fcm-nine-steps
steps:
  - {step: 1, responsible: maria-lopez, deadline: 2026-03-01}
  - {step: 2, responsible: juan-perez}
"""
SURVEY = """\
title: Satisfaction
date: 2026-06-15
questions:
  - {id: q1, text: How useful are the calls?, scale: 5}
responses:
  - {respondent: maria-lopez, answers: {q1: 5}}
  - {respondent: juan-perez, answers: {q1: 4}}
"""
STORY = """\
title: Cusco's LED unit
date: 2026-07-01
member: maria-lopez
cycles: {immediate: The unit was set up}
"""
# what must be gone, as bytes: the id, the email, the phone, the name
TRACES = (b"maria-lopez", b"maria@example.org", b"+51 984 000 000", "María López".encode())


@pytest.fixture
def cop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-22")
    monkeypatch.setenv("COPKIT_CACHE_DIR", str(tmp_path / "cache dir"))
    root = small_cop(tmp_path)
    with open(root / "charter.yaml", "a", encoding="utf-8") as charter:
        charter.write(REVIEW)
    (root / "plan.yaml").write_text(PLAN, encoding="utf-8")
    (root / "surveys").mkdir()
    (root / "surveys" / "2026-06-satisfaction.yaml").write_text(SURVEY, encoding="utf-8")
    (root / "stories").mkdir()
    (root / "stories" / "cusco-unit.yaml").write_text(STORY, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "review, plan, survey, story")
    return root


def check_clean_but_contacts(cli: Cli, cop: Path) -> None:
    """copkit check on this old-layout CoP (its history holding the contacts is the point):
    no finding but the contact fields members.yaml still holds (#20: contact-in-git)."""
    result = cli("check", "--format", "json", "--cop", str(cop))
    errors = {f["code"] for f in json.loads(result.stdout)["findings"]
              if f["severity"] == "error"}
    assert errors <= {"contact-in-git"}, result.stdout
    assert result.exit_code == (1 if errors else 0), result.output


def files_under(folder: Path, skip: str | None = None) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not (skip and skip in p.relative_to(folder).parts)}


def traces(files: dict[Path, bytes]) -> list[tuple[str, bytes]]:
    return [(p.name, t) for p, data in files.items() for t in TRACES if t in data]


def test_forget_leaves_no_trace_in_files_or_caches(cop: Path, cli: Cli, tmp_path: Path) -> None:
    cache = tmp_path / "cache dir"
    # fill every cache copkit keeps: parsed files, history words, charts
    check_clean_but_contacts(cli, cop)
    assert cli("history", "--cop", str(cop)).exit_code == 0
    assert cli("report", "--period", "2026", "--out", str(tmp_path / "report.md"),
               "--cop", str(cop)).exit_code == 0
    history_cache = sorted((cop / ".git" / "copkit").glob("history-*.pickle"))
    parsed_cache = sorted(cache.glob("parsed-*.pickle"))
    charts = [p for p in (cache / "charts").iterdir() if p.suffix in (".svg", ".txt")]
    assert len(history_cache) == 1 and len(parsed_cache) == 1 and charts
    # not a test of nothing: before, both caches hold her email and phone
    for path in (*history_cache, *parsed_cache):
        assert b"maria@example.org" in path.read_bytes()
        assert b"+51 984 000 000" in path.read_bytes()

    result = cli("member", "forget", "maria-lopez", "--yes", "--cop", str(cop))
    assert result.exit_code == 0, result.output
    head = result.stdout.split("\n\n", 1)[0]
    assert head == (
        "erased the personal data of maria-lopez, now forgotten-member-1: wrote members.yaml, "
        "charter.yaml, learning-agenda.yaml and 5 other files\n"
        "committed " + git(cop, "rev-parse", "--short=8", "HEAD").strip()
        + ": copkit: forget a member (now forgotten-member-1)\n"
        f"note: dropped copkit's caches that may hold their data: {history_cache[0]}, "
        f"{parsed_cache[0]}, {cache / 'charts'} ({len(charts)} drawn chart file(s))\n"
        "note: git history still holds their data until it is purged with git filter-repo; "
        "until then `copkit history` caches the words of past commits from it again")
    assert git(cop, "show", "--name-only", "--format=", "HEAD").split() == [
        "activities.yaml", "charter.yaml", "learning-agenda.yaml",
        "meetings/2026-05-10-unit-models.yaml", "members.yaml", "plan.yaml",
        "stories/cusco-unit.yaml", "surveys/2026-06-satisfaction.yaml"]
    assert "    - {date: 2026-06-01, by: forgotten-member-1, summary: First review}   # the " \
        "first one\n" in (cop / "charter.yaml").read_text(encoding="utf-8")

    # no trace of her id, email, phone or name: not in the working files, not in copkit's
    # folder in .git, not in the user's cache folder (drawn charts included: the network
    # picture shows names)
    assert traces(files_under(cop, skip=".git")) == []
    assert traces(files_under(cop / ".git" / "copkit")) == []
    assert traces(files_under(cache)) == []
    assert git(cop, "status", "--porcelain") == ""

    # and everything still runs (history reads the old commits from git again)
    check_clean_but_contacts(cli, cop)
    hist = cli("history", "--cop", str(cop))
    assert hist.exit_code == 0, hist.output
    assert hist.stdout.endswith("\n3 commit(s), 28 change(s)\n")
    rep = cli("report", "--period", "2026", "--out", str(tmp_path / "again.md"),
              "--cop", str(cop))
    assert rep.exit_code == 0, rep.output


def uses_of(root: Path, ref: RefPath) -> list[Any]:
    """Every value in ``root``'s files at the member-reference field ``ref``."""
    folder = root / ref.where
    files = sorted(folder.glob("*.yaml")) if ref.where.endswith("/") else [folder]
    return [container[key] for path in files if path.is_file()
            for container, key, _ in slots(read_file(path, path.name).data, ref.steps)]


def test_forget_replaces_the_id_in_every_member_reference_field(cop: Path) -> None:
    """For each field member_ref_paths() lists (derived from the schemas), the CoP names
    maria-lopez there before, and forgotten-member-1 there after: a field marked in the
    schemas later makes this test fail until the CoP below uses it too."""
    agenda = cop / "learning-agenda.yaml"
    agenda.write_text(agenda.read_text(encoding="utf-8").replace(
        "    status: planned\n", "    lead: maria-lopez\n    status: planned\n"), "utf-8")
    meeting = cop / "meetings" / "2026-05-10-unit-models.yaml"
    with open(meeting, "a", encoding="utf-8") as handle:
        handle.write("actions:\n  - {action: Draft the guide, owner: maria-lopez}\n")
    practice = cop / "practices" / "led-unit-how-to.yaml"
    practice.write_text(practice.read_text(encoding="utf-8").replace(
        "contributors: [juan-perez]", "contributors: [juan-perez, maria-lopez]"), "utf-8")
    git(cop, "commit", "-qam", "maria-lopez in every member-reference field")

    def names(value: Any, who: str) -> bool:
        return value == who or (isinstance(value, list) and who in value)

    refs = member_ref_paths()
    assert len(refs) >= 11
    unused = [str(ref) for ref in refs if not any(names(v, "maria-lopez")
                                                    for v in uses_of(cop, ref))]
    assert unused == [], f"the test CoP does not name maria-lopez in {unused}: add it there"
    out = forget_member(cop, "maria-lopez")
    for ref in refs:
        values = uses_of(cop, ref)
        assert not any(names(v, "maria-lopez") for v in values), str(ref)
        assert any(names(v, "forgotten-member-1") for v in values), str(ref)
    assert out.paths == ["members.yaml", *dict.fromkeys(
        p for ref in refs for p in ([f"{ref.where}{f.name}" for f in
                                     sorted((cop / ref.where).glob("*.yaml"))]
                                    if ref.where.endswith("/") else [ref.where]))]
    assert not any(b"maria-lopez" in p.read_bytes() for p in cop.rglob("*.yaml"))


def test_forget_replaces_references_between_members(cop: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Were a field of members.yaml marked as a member reference (here, for the test,
    preferred_channel), the other members naming the person would be rewritten too."""
    from copkit.records import memberrefs

    marked = RefPath("members", "members.yaml", ("members", STAR, "preferred_channel"), False)
    known = memberrefs.member_ref_paths()
    monkeypatch.setattr(memberrefs, "member_ref_paths", lambda: (*known, marked))
    members = cop / "members.yaml"
    members.write_text(members.read_text(encoding="utf-8").replace(
        "    roles: [thematic-leader]\n",
        "    roles: [thematic-leader]\n    preferred_channel: maria-lopez  # ask her\n"), "utf-8")
    git(cop, "commit", "-qam", "juan asks maria")
    forget_member(cop, "maria-lopez")
    text = members.read_text(encoding="utf-8")
    assert ("  # Juan leads the unit-models topic\n  - id: juan-perez\n    name: Juan Pérez\n"
            "    roles: [thematic-leader]\n"
            "    preferred_channel: forgotten-member-1 # ask her\n") in text
    assert "maria-lopez" not in text


def test_forget_without_caches_says_nothing_of_them(cop: Path) -> None:
    out = forget_member(cop, "maria-lopez")
    assert out.caches == []
    assert out.notes == []


def test_forget_drops_the_history_cache_of_every_worktree(cop: Path, cli: Cli,
                                                           tmp_path: Path) -> None:
    other = tmp_path / "other worktree"
    git(cop, "worktree", "add", "-q", "--detach", str(other))
    assert cli("history", "--cop", str(other)).exit_code == 0
    assert cli("history", "--cop", str(cop)).exit_code == 0
    theirs = list((cop / ".git" / "worktrees").glob("*/copkit/history-*.pickle"))
    assert len(theirs) == 1 and b"maria@example.org" in theirs[0].read_bytes()
    out = forget_member(cop, "maria-lopez")
    assert theirs[0] in [Path(p) for p in out.caches]
    assert not theirs[0].exists()
    assert list((cop / ".git").rglob("history-*.pickle")) == []
    # the purge steps' own commands delete the caches copkit makes again meanwhile
    assert cli("history", "--cop", str(other)).exit_code == 0
    check_clean_but_contacts(cli, cop)
    assert cli("history", "--cop", str(cop)).exit_code == 0
    assert len(list((cop / ".git").rglob("history-*.pickle"))) == 2
    assert list((tmp_path / "cache dir").glob("parsed-*.pickle")) != []
    step5 = purge_instructions(out).split("  5. ", 1)[1]
    commands = [ln.strip() for ln in step5.splitlines() if ln.startswith("       ")]
    assert [c.split()[0] for c in commands] == ["find", "rm"]
    for command in commands:
        subprocess.run(["sh", "-c", command], cwd=cop, check=True)
    assert list((cop / ".git").rglob("history-*.pickle")) == []
    assert not (tmp_path / "cache dir").exists()


def test_purge_steps_name_copkits_caches(cop: Path, tmp_path: Path) -> None:
    out = forget_member(cop, "maria-lopez")
    folder = shlex.quote(str(tmp_path / "cache dir"))
    assert folder.startswith("'")  # the space is quoted for the shell
    assert purge_instructions(out) == (
        "The working files no longer hold this person's data, but git history still does.\n"
        "To erase it from history as well (this rewrites history; everyone must clone the\n"
        "repository again afterwards):\n"
        "  1. install git-filter-repo:  pip install git-filter-repo\n"
        "  2. write these lines to a file OUTSIDE the repository, e.g. ~/forget.txt\n"
        "     (check them first: each left side is replaced everywhere in history):\n"
        "       maria@example.org==>Forgotten member 1\n"
        "       +51 984 000 000==>Forgotten member 1\n"
        "       regex:(?<![\\w-])María\\ López(?![\\w-])==>Forgotten member 1\n"
        "       regex:(?<![\\w-])maria\\-lopez(?![\\w-])==>forgotten-member-1\n"
        "  3. in the repository run:\n"
        "       git filter-repo --force --replace-text ~/forget.txt \\\n"
        "                       --replace-message ~/forget.txt\n"
        "  4. push the rewritten history (git push --force --all), ask everyone to clone\n"
        "     again, then delete ~/forget.txt.\n"
        "  5. delete copkit's own caches, which hold words of the old history and which a\n"
        "     rewrite does not reach (no copkit command may run meanwhile): in the\n"
        "     repository where you ran git filter-repo, and in every clone kept,\n"
        "       find .git -path '*/copkit/history-*.pickle' -delete\n"
        "     and on every computer where copkit read this CoP, copkit's cache folder:\n"
        f"       rm -rf {folder}\n"
        "     (that is this computer's; elsewhere it is $COPKIT_CACHE_DIR, else\n"
        "     $XDG_CACHE_HOME/copkit, else ~/.cache/copkit).")
