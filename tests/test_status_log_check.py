"""`copkit check` on a practice's status_log: a log out of order, going back, or ending on a
status other than the practice's is a warning at path:line:col with the fix; a log written by
`copkit practice update` is clean."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from copkit.checks.run import check_cop
from tests.conftest import make_repo

PRACTICE = """title: Shared budget calendar
status: evaluated
added: 2026-01-10
status_log:
  - {status: tested, date: 2026-03-01}
  - {status: evaluated, date: 2026-02-01}
  - status: tested
    date: 2026-04-01
"""


def _cop(root: Path, practice: str) -> Path:
    (root / "practices").mkdir(parents=True)
    (root / "charter.yaml").write_text("name: Log CoP\nstarted: 2026-01-01\n",
                                       encoding="utf-8")
    (root / "members.yaml").write_text("members:\n  - {id: ana, name: Ana}\n",
                                       encoding="utf-8")
    (root / "practices" / "budget-calendar.yaml").write_text(practice, encoding="utf-8")
    return make_repo(root)


def _log_findings(root: Path) -> list[tuple[str, int, int, str, str | None, str]]:
    _, findings = check_cop(root)
    return [(f.path, f.line, f.column, f.message, f.hint, f.severity) for f in findings
            if f.code == "status-log"]


def test_out_of_order_backwards_and_a_different_status(tmp_path: Path) -> None:
    root = _cop(tmp_path / "cop", PRACTICE)
    path = "practices/budget-calendar.yaml"
    assert _log_findings(root) == [
        (path, 2, 9, "status is evaluated, but the last status_log entry says tested "
         "(on 2026-04-01)", "add the move to status_log with its day (- {status: evaluated, "
         "date: YYYY-MM-DD}), or set status to tested if the log is right", "warning"),
        (path, 6, 31, "status_log[1] (evaluated on 2026-02-01) is dated before the entry "
         "above it (tested on 2026-03-01)", "fix the date, or put the entries in the order "
         "of their days (the report counts each move in the period of its day)", "warning"),
        (path, 7, 13, "status_log[2] goes back from evaluated to tested on 2026-04-01",
         "fix the entry if it is a mistake; if the practice really went back, leave it "
         "(copkit practice update --status ... --force records such a move)", "warning"),
    ]


def test_the_cli_prints_them_located(cli: Callable[..., Any], tmp_path: Path) -> None:
    root = _cop(tmp_path / "cop", PRACTICE)
    r = cli("check", "--cop", str(root))
    assert r.exit_code == 0  # warnings
    lines = r.stdout.splitlines()
    at = lines.index(f"{root}/practices/budget-calendar.yaml:7:13: warning[status-log] "
                     "status_log[2] goes back from evaluated to tested on 2026-04-01")
    assert lines[at + 1] == ("  hint: fix the entry if it is a mistake; if the practice "
                             "really went back, leave it (copkit practice update --status ... "
                             "--force records such a move)")


def test_a_log_written_by_the_commands_is_clean(cli: Callable[..., Any],
                                                 tmp_path: Path) -> None:
    root = _cop(tmp_path / "cop", "title: Shared budget calendar\nadded: 2026-01-10\n")
    for status, day in (("tested", "2026-03-01"), ("evaluated", "2026-05-01")):
        r = cli("practice", "update", "budget-calendar", "--status", status, "--on", day,
                "--cop", str(root))
        assert r.exit_code == 0, r.output
    assert _log_findings(root) == []
    r = cli("check", "--cop", str(root))
    assert "status-log" not in r.stdout and "status_log" not in r.stdout
