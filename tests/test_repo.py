"""Loading a whole CoP: cold reads in two processes and cached reads give the same CoP and the
same findings, with positions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copkit.cli.init import init_cop
from copkit.model import load as repo


@pytest.fixture
def cop(tmp_path: Path) -> Path:
    root = tmp_path / "cop"
    init_cop(root, name="Cold read", commit=False)
    members = "members:\n" + "".join(
        f"  - id: m{i}\n    name: Member {i}\n    email: m{i}@example.org\n" for i in range(60))
    (root / "members.yaml").write_text(members + "  - id: bad\n    nme: X\n", encoding="utf-8")
    for i in range(30):
        (root / "meetings" / f"2026-01-{i + 1:02d}-call.yaml").write_text(
            f"date: 2026-01-{i + 1:02d}\ntitle: Call {i}\nattendees: [m{i}, m{i + 1}]\n",
            encoding="utf-8")
    (root / "meetings" / "2026-02-01-broken.yaml").write_text("date: 2026-02-01\ntitle: 'x\n",
                                                               encoding="utf-8")
    (root / "meetings" / "2026-02-02-typo.yaml").write_text(
        "date: 2026-02-02\ntitle: T\natendees: [m1]\n", encoding="utf-8")
    return root


def summary(result: repo.LoadResult) -> tuple[object, ...]:
    findings = sorted((f.path, f.line, f.column, f.code) for f in result.findings)
    cop = result.cop
    return (findings, [m.id for m in cop.members], [(m.id, m.attendees) for m in cop.meetings])


def test_a_cold_read_points_at_each_problem(cop: Path) -> None:
    findings = summary(repo.load_cop(cop, use_cache=False))[0]
    assert ("meetings/2026-02-01-broken.yaml", 2, 8, "yaml-syntax") in findings
    assert ("meetings/2026-02-02-typo.yaml", 3, 1, "unknown-field") in findings
    assert ("members.yaml", 183, 5, "unknown-field") in findings


def test_cached_read_equals_cold_read(cop: Path) -> None:
    cold = summary(repo.load_cop(cop))
    warm = summary(repo.load_cop(cop))
    assert warm == cold


# ------------------------------------------------------------ "did you mean", fast
@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="abcde-é", max_size=10),
       st.lists(st.text(alphabet="abcde-é", max_size=10), max_size=12))
def test_did_you_mean_gives_difflibs_answer(word: str, choices: list[str]) -> None:
    """rapidfuzz only narrows the choices: the answer is difflib's over every choice."""
    import difflib

    expected = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    assert repo.did_you_mean(word, choices) == (expected[0] if expected else None)


def test_a_wrong_id_is_guessed_once_however_often_it_is_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A renamed member referred to from 30 meetings costs one "did you mean", not 30 (each
    scans every member id: 20 renamed ids took 18 s on the benchmark's CoP)."""
    from copkit.checks import refs as checks_refs
    from copkit.checks import run

    root = tmp_path / "cop"
    init_cop(root, name="Guesses", commit=False)
    (root / "members.yaml").write_text("members:\n" + "".join(
        f"  - id: member-{i}\n    name: Member {i}\n" for i in range(50)), encoding="utf-8")
    for day in range(1, 31):
        (root / "meetings" / f"2026-01-{day:02d}-call.yaml").write_text(
            f"date: 2026-01-{day:02d}\ntitle: Call\nfacilitator: membr-1\n"
            "attendees: [member-1, membr-2, membr-3]\n", encoding="utf-8")
    calls: list[tuple[str, int]] = []
    real = checks_refs.did_you_mean

    def counting(word: str, choices: Any) -> str | None:
        calls.append((word, len(choices)))
        return real(word, choices)

    monkeypatch.setattr(checks_refs, "did_you_mean", counting)
    _, findings = run.check_cop(root)
    refs = [f for f in findings if f.code == "bad-reference"]
    assert len(refs) == 90
    assert {f.hint for f in refs} == {"did you mean 'member-1'?", "did you mean 'member-2'?",
                                      "did you mean 'member-3'?"}
    assert sorted(calls) == [("membr-1", 50), ("membr-2", 50), ("membr-3", 50)]


def test_a_cold_read_finds_positions_only_when_asked(cop: Path) -> None:
    """Files in the simple subset are read by copkit.fastyaml, without positions; a position
    asked for later is found in the file's text, and is the full parser's. The data read
    first stays (it is not read again)."""
    from copkit.yaml.read import read_file

    result = repo.load_cop(cop, use_cache=False)
    rel = "meetings/2026-01-05-call.yaml"
    source = result.cop.sources[rel]
    data = source.data
    assert not source.has_positions and source.positions == {}
    assert source.locate(["attendees", 1]) == (3, 17)  # attendees: [m4, m5]
    assert source.data is data
    assert data == read_file(cop / rel, rel).data


def test_the_fast_read_of_every_example_file_equals_the_full_parse() -> None:
    from copkit.yaml.fast import NotSimple, load_simple
    from copkit.yaml.read import read_data, read_file
    from tests.conftest import EXAMPLES

    paths = sorted(EXAMPLES.rglob("*.yaml"))
    fast = 0
    for path in paths:
        rel = path.relative_to(EXAMPLES).as_posix()
        assert read_data(path, rel) == read_file(path, rel).data, rel
        try:
            load_simple(path.read_text(encoding="utf-8"))
            fast += 1
        except NotSimple:
            pass
    assert fast > len(paths) // 2  # most example files are read by the line reader


def test_a_file_the_full_parser_read_keeps_its_positions(cop: Path) -> None:
    """A file outside the line reader's subset is parsed with its positions, and those are
    the ones used (the file is not read a second time for a finding)."""
    (cop / "meetings" / "2026-03-01-flow.yaml").write_text(
        "date: 2026-03-01\ntitle: \"Call\\tA\"  # escapes: the full parser\n"
        "attendees: [m1, nobody]\n", encoding="utf-8")
    result = repo.load_cop(cop, use_cache=False)
    source = result.cop.sources["meetings/2026-03-01-flow.yaml"]
    assert source.has_positions and source.positions
    assert source.locate(["attendees", 1]) == (3, 17)


def test_loading_pauses_the_collector_and_freezes_a_large_load(
        cop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The collector is paused while a CoP loads and on again after, in the state it was;
    what a load made is frozen only when it is large (here: a threshold of 0)."""
    import gc

    frozen: list[int] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(gc.get_count()[0]))
    seen: list[bool] = []
    real = repo._validate_file

    def spy(*args: Any) -> None:
        seen.append(gc.isenabled())
        real(*args)

    monkeypatch.setattr(repo, "_validate_file", spy)
    assert gc.isenabled()
    repo.load_cop(cop, use_cache=False)
    assert seen and not any(seen) and gc.isenabled() and frozen == []
    monkeypatch.setattr(repo, "FREEZE_AFTER", 0)
    repo.load_cop(cop, use_cache=False)
    assert gc.isenabled() and len(frozen) == 1  # one pause for the whole load
    gc.disable()
    try:
        repo.load_cop(cop, use_cache=False)
        assert not gc.isenabled() and len(frozen) == 1  # a caller's own pause is left alone
    finally:
        gc.enable()
