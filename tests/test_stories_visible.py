"""#15: the stories themselves in the report (I1): title, teller by the audience's rules, a
short excerpt, grouped by the furthest cycle reached."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from copkit.model.load import load_cop


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-30")


def stories_rows(text: str) -> list[list[str]]:
    table = text.split("**Stories**\n\n", 1)[1].split("\n\n", 1)[0].splitlines()[2:]
    return [[c.strip() for c in row.strip("|").split("|")] for row in table]


@pytest.mark.parametrize("audience", ["members", "public", "sponsor"])
def test_i1_lists_each_story_with_its_teller_as_the_audience_may_see(
        audience: str, example_cop: Callable[..., Path], cli: Callable[..., Result]) -> None:
    root = example_cop("led-units")
    result = cli("report", "--cop", str(root), "--period", "2026", "--audience", audience)
    assert result.exit_code == 0, result.output
    cop = load_cop(root).cop
    members = cop.member_index()
    stories = sorted(cop.stories, key=lambda st: st.title)
    rows = stories_rows(result.stdout)
    assert sorted(r[1] for r in rows) == [st.title for st in stories]
    order = ["transformative", "realized", "applied", "potential", "immediate", "none yet"]
    assert [r[0] for r in rows] == sorted((r[0] for r in rows), key=order.index)
    for st in stories:
        row = next(r for r in rows if r[1] == st.title)
        teller = members[st.member] if st.member else None
        named = teller is not None and (audience == "members" or teller.consent.public)
        assert row[2] == (teller.name if named else "(name withheld)" if teller else "")
        cycle = st.cycles.furthest()
        assert row[0] == cycle
        written = " ".join(str(getattr(st.cycles, cycle)).split())
        assert written.startswith(row[3].removesuffix(" …"))


def test_find_searches_stories_members_and_organisations(tmp_path: Path,
                                                         cli: Callable[..., Result]) -> None:
    """'find TAQUILE' missed a story title and an organisation that hold it."""
    from copkit.cli.init import init_cop
    from tests.conftest import git

    root = tmp_path / "cop"
    init_cop(root, name="Turismo")
    (root / "members.yaml").write_text(
        "members:\n  - id: nilda-huatta\n    name: Nilda Huatta\n"
        "    organisation: Asociación de Tejedoras de Taquile\n    joined: 2026-01-10\n",
        encoding="utf-8")
    (root / "stories" / "weavers.yaml").write_text(
        "title: Taquile weavers sell online\ndate: 2026-10-01\nmember: nilda-huatta\n"
        "cycles:\n  applied: The weavers opened a shop page.\n", encoding="utf-8")
    (root / "meetings" / "2026-10-05-visit.yaml").write_text(
        "date: 2026-10-05\ntitle: Visit\nactions:\n  - action: Call the TAQUILE guides\n"
        "decisions:\n  - Return to the island in March\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "records")
    result = cli("find", "TAQUILE", "--cop", str(root), "--format", "json")
    assert result.exit_code == 0, result.output
    import json

    hits = {(h["kind"], h["id"]): h["matches"][0]["field"] for h in json.loads(result.stdout)}
    assert hits == {("story", "weavers"): "title", ("member", "nilda-huatta"): "organisation",
                    ("meeting", "2026-10-05-visit"): "actions"}
    decided = json.loads(cli("find", "island", "--cop", str(root), "-f", "json").stdout)
    assert [(h["kind"], h["matches"][0]["field"]) for h in decided] == [("meeting",
                                                                          "decisions")]
