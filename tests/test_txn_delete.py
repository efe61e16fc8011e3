"""A file removed by a transaction (a meeting renamed by `meeting update --date`) is journaled
with the staged writes: applied after them, finished or rolled back with them by recovery."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from copkit.yaml import txn


def _cop(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "cop"
    (root / "meetings").mkdir(parents=True)
    (root / "meetings" / "old.yaml").write_text("title: Old\n", encoding="utf-8")
    return root, root / ".copkit"


def test_delete_waits_for_apply_and_is_seen_by_the_command(tmp_path: Path) -> None:
    root, state = _cop(tmp_path)
    old, new = root / "meetings" / "old.yaml", root / "meetings" / "new.yaml"
    with txn.transaction(root, state) as tx:
        txn.read_bytes(old)
        tx.stage(new, b"title: New\n", None, FileExistsError())
        txn.delete(old)
        assert old.exists()  # untouched until apply
        assert not txn.is_file(old) and txn.is_file(new)
        with pytest.raises(FileNotFoundError):
            txn.read_bytes(old)
        applied = tx.apply({"subject": "s", "body": [], "paths": []})
        assert not old.exists() and new.read_bytes() == b"title: New\n"
        assert sorted(p.name for p in applied) == ["new.yaml", "old.yaml"]
    assert not (state / txn.JOURNAL).exists()


def test_kill_after_apply_is_finished_by_recovery(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    root, state = _cop(tmp_path)
    old, new = root / "meetings" / "old.yaml", root / "meetings" / "new.yaml"

    def killed(target: Path) -> None:
        raise KeyboardInterrupt  # the process stops where the old file would go

    tx = txn.Transaction(root, state)
    tx.stage(new, b"title: New\n", None, FileExistsError())
    tx.delete(old)
    monkeypatch.setattr(txn, "remove", killed)
    with pytest.raises(KeyboardInterrupt):
        tx.apply({"subject": "copkit: update meeting old (now new)", "body": [],
                  "paths": ["meetings/old.yaml", "meetings/new.yaml"]})
    monkeypatch.undo()
    journal = json.loads((state / txn.JOURNAL).read_text(encoding="utf-8"))
    assert journal["deletes"] == ["meetings/old.yaml"]
    assert old.exists() and new.exists()  # both, for now
    done = txn.recover(root, state)
    assert done is not None and done.finished
    assert done.files == ["meetings/new.yaml", "meetings/old.yaml"]
    assert done.commit == {"subject": "copkit: update meeting old (now new)", "body": [],
                           "paths": ["meetings/old.yaml", "meetings/new.yaml"]}
    assert not old.exists() and new.read_bytes() == b"title: New\n"


def test_kill_before_apply_keeps_the_old_file(tmp_path: Path) -> None:
    root, state = _cop(tmp_path)
    old, new = root / "meetings" / "old.yaml", root / "meetings" / "new.yaml"
    tx = txn.Transaction(root, state)
    tx.stage(new, b"title: New\n", None, FileExistsError())
    tx.delete(old)  # the process dies here: the journal says "prepare"
    done = txn.recover(root, state)
    assert done is not None and not done.finished
    assert old.read_bytes() == b"title: Old\n" and not new.exists()
    assert sorted(p.name for p in (root / "meetings").iterdir()) == ["old.yaml"]


def test_writing_a_deleted_file_again_keeps_it(tmp_path: Path) -> None:
    root, state = _cop(tmp_path)
    old = root / "meetings" / "old.yaml"
    with txn.transaction(root, state) as tx:
        tx.delete(old)
        tx.stage(old, b"title: Again\n", None, None)
    assert old.read_bytes() == b"title: Again\n"
