"""A small CoP with comments everywhere, for the record, import and search tests."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from .conftest import git, make_repo

CHARTER = """\
# Who we are
name: Municipal LED units CoP
goals:
  - {id: g1, statement: Every member city has an LED unit}
"""

MEMBERS = """\
# The members of the community.
# Comments here must survive every edit.
members:
  - id: maria-lopez        # the facilitator
    name: María López
    organisation: Municipality of Cusco
    country: PE
    roles: [facilitator]
    level: core
    email: maria@example.org
    phone: "+51 984 000 000"
    joined: 2026-01-10

  # Juan leads the unit-models topic
  - id: juan-perez
    name: Juan Pérez
    roles: [thematic-leader]
    joined: 2026-01-10
  - id: jose-garcia
    name: José García
    email: jose@example.org
    joined: 2026-02-01
  - id: ana-ruiz
    name: Ana Ruiz
    organisation: Puno
    joined: 2026-02-01
  - id: ana-ruiz-2
    name: Ana Ruiz
    organisation: Arequipa
    joined: 2026-03-01
# end of the list
"""

AGENDA = """\
# What we want to learn
topics:
  - id: unit-models
    title: Models for municipal LED units
    questions: [Which models exist?, What did each cost?]
    goals: [g1]
    lead: juan-perez   # thematic leader
    status: in-progress
  - id: budget-hearings
    title: Open budget hearings
    questions: [How do we invite citizens to a budget hearing?]
    status: planned
thematic_groups:
  - {id: units, name: LED units working group, members: [juan-perez, maria-lopez]}
"""

ACTIVITIES = """\
# Activities and budgets
activities:
  - id: site-visit-puno
    title: Site visit to Puno   # the first one
    kind: site-visit
    owner: maria-lopez
    budget: {amount: 1500, currency: CAD}
    status: planned
"""

MEETING = """\
# The May call
date: 2026-05-10
title: Unit models
format: virtual
facilitator: maria-lopez
topics: [unit-models]
attendees: [maria-lopez, juan-perez]   # who came
notes: |
  Three cities explained how they set up their LED unit.
  Cusco started with a budget hearing.
decisions: [Write a how-to guide for new units]
"""

PRACTICE = """\
# A practice
title: Establishing an LED unit, step by step
kind: method
status: tested
contributors: [juan-perez]
topics: [unit-models]
added: 2026-06-01
summary: How to set up a municipal local economic development unit.
body: |
  Start with a council resolution.
  Then hire two staff and hold a budget hearing.
"""


_MADE: dict[bool, Path] = {}  # made once per test process, copied for each test


def small_cop(base: Path, commit: bool = True) -> Path:
    """The small CoP at ``base``/cop, committed (one commit, "start") or not: a copy of one
    made once per test process (shutil.copytree, .git included)."""
    if commit not in _MADE:
        where = Path(tempfile.mkdtemp(prefix="small-cop-", dir=os.environ.get(
            "PYTEST_DEBUG_TEMPROOT")))
        atexit.register(shutil.rmtree, where, True)
        _MADE[commit] = _write_small_cop(where, commit)
    return Path(shutil.copytree(_MADE[commit], base / "cop", symlinks=True))


def _write_small_cop(base: Path, commit: bool) -> Path:
    root = base / "cop"
    (root / "meetings").mkdir(parents=True)
    (root / "practices").mkdir()
    (root / "charter.yaml").write_text(CHARTER, encoding="utf-8")
    (root / "members.yaml").write_text(MEMBERS, encoding="utf-8")
    (root / "learning-agenda.yaml").write_text(AGENDA, encoding="utf-8")
    (root / "activities.yaml").write_text(ACTIVITIES, encoding="utf-8")
    (root / "meetings" / "2026-05-10-unit-models.yaml").write_text(MEETING, encoding="utf-8")
    (root / "practices" / "led-unit-how-to.yaml").write_text(PRACTICE, encoding="utf-8")
    (root / ".gitignore").write_text("/.copkit/\n", encoding="utf-8")
    return make_repo(root) if commit else root


def split_small_cop(root: Path) -> Path:
    """The small CoP moved to the new layout (#20) by ``copkit contacts split``: its
    .gitignore first made to ignore only copkit's lock and journal (the key under .copkit/ is
    committed), then the split, committed; contacts.yaml beside, never committed."""
    from typer.testing import CliRunner

    from copkit.cli.main import app

    (root / ".gitignore").write_text("/.copkit/lock\n/.copkit/journal.json\n", encoding="utf-8")
    git(root, "commit", "-qm", "ignore copkit's lock and journal", "--", ".gitignore")
    result = CliRunner().invoke(app, ["contacts", "split", "--cop", str(root)],
                                env={"COPKIT_DIR": None})
    assert result.exit_code == 0, result.output
    assert (root / "contacts.yaml").is_file()
    return root
