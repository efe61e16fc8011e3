"""`copkit find`: practices, meeting notes and decisions, the agenda; ranked; file and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from copkit.errors import UsageError
from copkit.search import search

from .records_cop import small_cop

Cli = Callable[..., Result]


@pytest.fixture
def cop(tmp_path: Path) -> Path:
    return small_cop(tmp_path)


def test_ranked_hits_with_lines(cop: Path) -> None:
    hits = search(cop, "budget hearing")
    assert [(h.path, h.line) for h in hits] == [
        ("learning-agenda.yaml", 10),
        ("meetings/2026-05-10-unit-models.yaml", 10),  # equal scores: by path
        ("practices/led-unit-how-to.yaml", 11),
    ]
    assert hits[0].record_id == "budget-hearings" and hits[0].kind == "topic"
    assert hits[2].lines[0].field == "body"
    assert hits[1].lines[0].text == "Cusco started with a budget hearing."


def test_accents_case_and_prefixes(cop: Path) -> None:
    (cop / "practices" / "gestion.yaml").write_text(
        "title: Gestión de residuos\nsummary: Cómo organizar la GESTIÓN municipal\n",
        encoding="utf-8")
    hits = search(cop, "gestion")
    assert hits[0].record_id == "gestion" and hits[0].line == 1
    assert [ln.line for ln in hits[0].lines] == [1, 2]
    assert search(cop, "RESIDU")[0].record_id == "gestion"


def test_title_outranks_body_and_all_words_needed(cop: Path) -> None:
    hits = search(cop, "LED unit")
    assert hits[0].record_id == "led-unit-how-to"  # in the title
    assert search(cop, "budget banana") == []
    with pytest.raises(UsageError, match="give the words to look for"):
        search(cop, "   ")


def test_decisions_are_searched_and_other_fields_not(cop: Path) -> None:
    hits = search(cop, "how-to guide")
    assert [(h.path, h.lines[0].field) for h in hits] == [
        ("meetings/2026-05-10-unit-models.yaml", "decisions")]
    assert search(cop, "maria-lopez") == []  # ids of people are not the knowledge base


def test_cli_find(cop: Path, cli: Callable[..., Result]) -> None:
    result = cli("find", "budget", "hearing", "--cop", str(cop))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"{cop}/learning-agenda.yaml:10: topic budget-hearings: Open budget " \
                       "hearings"
    assert lines[1] == "      10  title: Open budget hearings"
    assert "      10  (notes) Cusco started with a budget hearing." in result.stdout
    nothing = cli("find", "zebra", "--cop", str(cop))
    assert nothing.exit_code == 1 and "nothing matches 'zebra'" in nothing.stderr
    as_json = cli("find", "budget", "--format", "json", "--cop", str(cop))
    import json

    data = json.loads(as_json.stdout)
    assert data[0]["path"] == "learning-agenda.yaml" and data[0]["line"] == 10


def test_fold_lines_like_fold() -> None:
    from copkit.people import fold
    from copkit.search import fold_lines

    text = "Gestión  MUNICIPAL\nStraße: Øster-ÆBC\r\nnaïve café 2026\n"
    assert [" ".join(x.split()) for x in fold_lines(text)] == [fold(x) for x in
                                                                text.split("\n")]


@pytest.mark.parametrize("word", ["decision", "decisions", "notes", "body", "summary",
                                  "title", "action", "owner", "attendees", "questions"])
def test_field_names_are_not_searched(cop: Path, word: str) -> None:
    (cop / "meetings" / "2026-06-14-actions.yaml").write_text(
        "date: 2026-06-14\ntitle: Follow-up\nactions:\n  - action: Send the guide\n"
        "    owner: maria-lopez\n  - {action: Call Puno, owner: juan-perez}\n"
        "notes: |\n  We met.\n", encoding="utf-8")
    assert search(cop, word) == []


def test_values_that_look_like_keys_are_searched(cop: Path) -> None:
    (cop / "meetings" / "2026-06-14-notes.yaml").write_text(
        "date: 2026-06-14\ntitle: Follow-up\nnotes: |\n  Decision: we write the guide.\n"
        "  - owner: the council\ndecisions: [Ask the owner]  # the decision taken\n",
        encoding="utf-8")
    hits = search(cop, "decision")
    assert [(h.path, [ln.line for ln in h.lines]) for h in hits] == [
        ("meetings/2026-06-14-notes.yaml", [4])]
    assert [ln.line for ln in search(cop, "owner")[0].lines] == [6, 5]


def test_find_empty_query_is_a_usage_error(cop: Path, cli: Cli) -> None:
    for query in ("", "  ", "!!"):
        result = cli("find", query, "--cop", str(cop))
        assert result.exit_code == 2
        assert result.stderr.startswith("error: ")
        assert 'hint: copkit find WORDS, like: copkit find "budget hearing"' in result.stderr
    assert cli("find", "", "--cop", str(cop)).stderr.startswith(
        "error: give the words to look for\n")
    assert cli("find", "!!", "--cop", str(cop)).stderr.startswith(
        "error: '!!' holds no word to look for\n")


def test_find_outside_a_cop_says_so(tmp_path: Path, cli: Cli) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = cli("find", "budget", "--cop", str(empty))
    assert result.exit_code == 1
    assert result.stderr == (f"error: {empty} is not a CoP folder: it has no charter.yaml or "
                             "members.yaml\n  hint: start one with copkit init DIR, or point "
                             "at one with --cop DIR\n")
