"""`copkit history` and `copkit diff` word a practice's dated status move as one change,
"status draft → tested on 2026-06-15", not the status and its log entry apart; `history
--format json` keeps both (the status change, and the log's entries with no words of their
own)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_repo


@pytest.fixture
def cop(tmp_path: Path, cli: Callable[..., Any]) -> Path:
    root = tmp_path / "cop"
    root.mkdir()
    (root / "charter.yaml").write_text("name: Moves CoP\nstarted: 2026-01-01\n",
                                       encoding="utf-8")
    (root / "members.yaml").write_text("members:\n  - {id: ana, name: Ana}\n",
                                       encoding="utf-8")
    make_repo(root)
    for args in (("practice", "add", "--title", "Budget calendar", "--added", "2026-02-01"),
                 ("practice", "update", "budget-calendar", "--status", "tested", "--on",
                  "2026-06-15"),
                 ("practice", "update", "budget-calendar", "--status", "evaluated", "--on",
                  "2026-09-28", "--title", "Shared budget calendar")):
        r = cli(*args, "--cop", str(root))
        assert r.exit_code == 0, r.output
    return root


def test_history_says_one_change_per_move(cop: Path, cli: Callable[..., Any]) -> None:
    out = cli("history", "practices/", "--cop", str(cop)).stdout
    said = [ln.split(" ~ ")[-1].split(" + ")[-1] for ln in out.splitlines()
            if "practice budget-calendar" in ln]
    assert said == [
        "practice budget-calendar added (Budget calendar)",
        "practice budget-calendar: status draft → tested on 2026-06-15",
        "practice budget-calendar: title Budget calendar → Shared budget calendar",
        "practice budget-calendar: status tested → evaluated on 2026-09-28",
    ]
    assert out.splitlines()[-1] == "3 commit(s), 4 change(s)"
    assert "status_log" not in out and "status change" not in out


def test_json_keeps_the_status_and_its_log(cop: Path, cli: Callable[..., Any]) -> None:
    data = json.loads(cli("history", "practices/", "--format", "json", "--cop",
                          str(cop)).stdout)
    moves = [[(c["field"], c["old"], c["new"], c["text"]) for c in commit["changes"]]
             for commit in data["commits"] if "update" in commit["subject"]]
    assert moves[0] == [
        ("status", None, "tested",
         "practice budget-calendar: status draft → tested on 2026-06-15"),
        ("status_log", [], [{"status": "tested", "date": "2026-06-15"}], ""),
    ]


def test_diff_says_the_last_move(cop: Path, cli: Callable[..., Any]) -> None:
    out = cli("diff", "HEAD~1", "HEAD", "--cop", str(cop)).stdout
    assert "  practice budget-calendar: status tested → evaluated on 2026-09-28\n" in out
    assert "status_log" not in out
    assert out.rstrip().endswith("0 added, 0 removed, 2 changed")
