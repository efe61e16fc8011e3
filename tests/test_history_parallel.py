"""history: the words of many commits computed in two processes are the words computed in one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from copkit import history as h

from .conftest import git


def _commit_edits(repo: Path) -> None:
    members = repo / "members.yaml"
    text = members.read_text(encoding="utf-8")
    for n in range(6):
        text = text.replace("preferred_channel: whatsapp", "preferred_channel: email", 1)
        text += (f"  - id: extra-{n}\n    name: Extra Person {n}\n    joined: 2026-0{n + 1}-02\n")
        members.write_text(text, encoding="utf-8")
        git(repo, "commit", "-q", "-am", f"edit {n}")


def test_two_processes_word_the_same_as_one(example_cop: Callable[..., Path],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    repo = example_cop("led-units")
    _commit_edits(repo)
    one = h.history(repo, use_cache=False)
    monkeypatch.setattr(h, "PARALLEL_MIN_COMMITS", 2)
    two = h.history(repo, use_cache=False)
    assert len(one) == len(two) == 7
    assert [(e.sha, [c.text for c in e.changes]) for e in one] == \
        [(e.sha, [c.text for c in e.changes]) for e in two]
    assert any("extra-5 joined" in c.text for c in two[-1].changes)
