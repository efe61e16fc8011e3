"""Loading a whole CoP: cold reads in two processes and cached reads give the same CoP and the
same findings, with positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from copkit import repo
from copkit.scaffold import init_cop


@pytest.fixture
def cop(tmp_path: Path) -> Path:
    root = tmp_path / "cop"
    init_cop(root, name="Parallel", commit=False)
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


def test_parallel_cold_read_equals_serial(cop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serial = summary(repo.load_cop(cop, use_cache=False))
    monkeypatch.setattr(repo, "PARALLEL_MIN_BYTES", 0)
    parallel = summary(repo.load_cop(cop, use_cache=False))
    assert parallel == serial
    findings = serial[0]
    assert ("meetings/2026-02-01-broken.yaml", 3, 1, "yaml-syntax") in findings
    assert ("meetings/2026-02-02-typo.yaml", 3, 1, "unknown-field") in findings
    assert ("members.yaml", 183, 5, "unknown-field") in findings


def test_cached_read_equals_cold_read(cop: Path) -> None:
    cold = summary(repo.load_cop(cop))
    warm = summary(repo.load_cop(cop))
    assert warm == cold
