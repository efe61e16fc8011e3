"""`copkit find`: practices, meeting notes and decisions, the agenda; ranked; file and line."""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from copkit.errors import UsageError
from copkit.model import search as search_module
from copkit.model import search_index, search_rows
from copkit.model.search import index_path, search

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
    # ids of people in records are not the knowledge base; the member is (#15: find searches
    # member names), and found by name, never in the meetings she attended
    assert [(h.path, h.kind, h.record_id) for h in search(cop, "maria-lopez")] == [
        ("members.yaml", "member", "maria-lopez")]


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
    data = json.loads(as_json.stdout)
    assert data[0]["path"] == "learning-agenda.yaml" and data[0]["line"] == 10


def test_fold_lines_like_fold() -> None:
    from copkit.model.search import fold_lines
    from copkit.text import fold

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


# ---------------------------------------------------------------- the index (#14)

QUERIES = ["budget hearing", "budget", "unit", "LED unit", "gestion", "how-to guide",
           "owner", "decision", "residu", "2026", "cusco budget", "zebra", "a", "the of"]


def as_data(hits: list[search_module.Hit]) -> str:
    """Hits as their CLI's JSON, scores unrounded (an int score stays an int)."""
    return json.dumps([[h.to_dict(), h.score, [ln.score for ln in h.lines]] for h in hits],
                      ensure_ascii=False)


def without_index(root: Path, query: str, monkeypatch: pytest.MonkeyPatch,
                  limit: int | None = None) -> str:
    with monkeypatch.context() as m:
        m.setenv("COPKIT_NO_CACHE", "1")
        return as_data(search(root, query, limit=limit))


def indexed(root: Path, query: str, limit: int | None = None) -> str:
    return as_data(search(root, query, limit=limit))


def index_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make reading a file for a search fail: what follows must come from the index."""
    def refuse(*args: object) -> list[search_module.Hit]:
        raise AssertionError(f"searched without the index: {args[1]}")

    monkeypatch.setattr(search_module, "_search_file", refuse)


def more_records(cop: Path) -> None:
    (cop / "practices" / "gestion.yaml").write_text(
        "title: Gestión de residuos\nsummary: Cómo organizar la GESTIÓN municipal\n"
        "body: |\n  Decision: budget owner is the council.\n  - owner: Straße Øster\n"
        "links: [https://example.org/budget-hearing]\n", encoding="utf-8")
    (cop / "meetings" / "2026-06-14-notes.yaml").write_text(
        "date: 2026-06-14\ntitle: Follow-up on the budget\nnotes: |\n  Decision: we write "
        "the guide.\n  - owner: the council\ndecisions: [Ask the owner]  # the decision\n"
        "actions:\n  - {action: Call Puno about the hearing, owner: juan-perez}\n",
        encoding="utf-8")


def test_the_index_gives_the_hits_a_search_of_every_file_gives(
        cop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    more_records(cop)
    expected = {q: without_index(cop, q, monkeypatch) for q in QUERIES}
    assert not index_path(cop).exists()  # COPKIT_NO_CACHE=1 made no index
    assert indexed(cop, "budget") == expected["budget"]  # builds the index
    assert index_path(cop).is_file()
    index_only(monkeypatch)
    for query in QUERIES:
        assert indexed(cop, query) == expected[query], query
    assert [h.record_id for h in search(cop, "budget", limit=2)] == \
        [d[0]["id"] for d in json.loads(expected["budget"])[:2]]


def test_cli_output_is_the_same_with_and_without_the_index(
        cop: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    more_records(cop)
    for args in (["budget", "hearing"], ["owner"], ["budget", "--format", "json"],
                 ["budget", "-n", "1"], ["zebra"]):
        monkeypatch.setenv("COPKIT_NO_CACHE", "1")
        plain = cli("find", *args, "--cop", str(cop))
        monkeypatch.delenv("COPKIT_NO_CACHE")
        first = cli("find", *args, "--cop", str(cop))
        again = cli("find", *args, "--cop", str(cop))
        for result in (first, again):
            assert (result.exit_code, result.stdout, result.stderr) == \
                (plain.exit_code, plain.stdout, plain.stderr), args


def test_the_index_follows_edits_new_files_and_removed_files(
        cop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    practice = cop / "practices" / "led-unit-how-to.yaml"
    assert [h.record_id for h in search(cop, "resolution")] == ["led-unit-how-to"]
    # an edit of the same size, within the resolution of the file's time: found by its digest
    practice.write_text(practice.read_text(encoding="utf-8").replace("resolution",
                                                                     "revolution"), "utf-8")
    assert search(cop, "resolution") == []
    assert [h.record_id for h in search(cop, "revolution")] == ["led-unit-how-to"]
    # files older than that: found by their stamp alone
    for path in cop.rglob("*.yaml"):
        os.utime(path, ns=(10**18, 10**18))
    assert [h.record_id for h in search(cop, "revolution")] == ["led-unit-how-to"]
    practice.write_text(practice.read_text(encoding="utf-8") + "  Ask the mayor first.\n",
                        "utf-8")
    assert [h.record_id for h in search(cop, "mayor")] == ["led-unit-how-to"]
    new = cop / "meetings" / "2026-07-01-mayors.yaml"
    new.write_text("date: 2026-07-01\ntitle: Mayors' day\nnotes: |\n  The mayor came.\n",
                   encoding="utf-8")
    assert [h.record_id for h in search(cop, "mayor")] == ["2026-07-01-mayors",
                                                            "led-unit-how-to"]
    practice.unlink()
    assert [h.record_id for h in search(cop, "mayor")] == ["2026-07-01-mayors"]
    (cop / "learning-agenda.yaml").write_text(
        "topics:\n  - id: mayors\n    title: Working with mayors\n", encoding="utf-8")
    assert [h.record_id for h in search(cop, "mayor")] == ["mayors", "2026-07-01-mayors"]
    for query in ("mayor", "budget", "hearing", "unit"):
        assert indexed(cop, query) == without_index(cop, query, monkeypatch)


def test_only_changed_files_are_indexed_again(cop: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    more_records(cop)
    indexed_now: list[str] = []
    real = search_index._indexable

    def counting(relpath: str, *args: object) -> object:
        indexed_now.append(relpath)
        return real(relpath, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(search_index, "_indexable", counting)
    search(cop, "budget")
    assert len(indexed_now) == 6  # two practices, two meetings, the agenda, the members
    indexed_now.clear()
    search(cop, "hearing")
    assert indexed_now == []  # the files just written are read again, but have not changed
    (cop / "practices" / "gestion.yaml").write_text("title: Gestión\n", encoding="utf-8")
    search(cop, "budget")
    assert indexed_now == ["practices/gestion.yaml"]


def test_a_damaged_index_is_made_again(cop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    more_records(cop)
    expected = without_index(cop, "budget", monkeypatch)
    path = index_path(cop)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a database at all" * 100)
    assert indexed(cop, "budget") == expected
    assert indexed(cop, "budget") == expected
    # a database, damaged half-way through
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] + b"\xff" * 512 + data[len(data) // 2 + 512:])
    assert indexed(cop, "budget") == expected
    # an index from another copkit version, or with values of the wrong kind
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '0 0.0.0'")
    db.close()
    assert indexed(cop, "budget") == expected
    with sqlite3.connect(path) as db:
        db.execute("UPDATE lines SET text = NULL, folded = 7")
    db.close()
    assert indexed(cop, "budget") == expected
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM records")
    db.close()
    assert indexed(cop, "budget") == expected
    # an empty file, and a journal left by a copkit that was killed
    path.write_bytes(b"")
    path.with_name(path.name + "-journal").write_bytes(b"\x00" * 1024)
    assert indexed(cop, "budget") == expected
    index_only(monkeypatch)
    assert indexed(cop, "budget") == expected  # and it is in use again


def test_without_a_usable_cache_folder_find_still_finds(
        cop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = without_index(cop, "budget", monkeypatch)
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("COPKIT_CACHE_DIR", str(blocker / "cache"))  # under a file
    assert indexed(cop, "budget") == expected
    folder = tmp_path / "cache"
    folder.mkdir()
    monkeypatch.setenv("COPKIT_CACHE_DIR", str(folder))
    index_path(cop).mkdir()  # a folder where the index should be
    assert indexed(cop, "budget") == expected


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True,
                    reason="root reads any file")
def test_an_unreadable_index_is_made_again(cop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = without_index(cop, "budget", monkeypatch)
    assert indexed(cop, "budget") == expected
    index_path(cop).chmod(0)
    assert indexed(cop, "budget") == expected
    index_only(monkeypatch)
    assert indexed(cop, "budget") == expected


def test_copkit_no_cache_searches_every_file(cop: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_NO_CACHE", "1")
    assert [h.record_id for h in search(cop, "budget hearing")] == [
        "budget-hearings", "2026-05-10-unit-models", "led-unit-how-to"]
    assert not index_path(cop).exists()


@pytest.mark.parametrize("query", [
    '"budget', 'budget"', '"budget hearing"', "budget*", "*", "budget OR zebra",
    "budget AND hearing", "NOT budget", "NEAR(budget hearing)", "NEAR", "budget -hearing",
    "-budget", "title:budget", "body : budget", "budget^", "(budget)", "{budget hearing}",
    "budget' OR '1'='1", "budget; DROP TABLE lines; --", "%budget%", "bud_get", "b*dget",
    "'", '"', "OR", "AND", "NOT", "+budget", "budget\x00hearing", "\\budget"])
def test_query_syntax_in_the_words_is_words(cop: Path, monkeypatch: pytest.MonkeyPatch,
                                            query: str) -> None:
    more_records(cop)
    search(cop, "budget")  # the index is built
    try:
        expected = without_index(cop, query, monkeypatch)
    except UsageError:
        with pytest.raises(UsageError, match="holds no word to look for"):
            search(cop, query)
        return
    index_only(monkeypatch)
    assert indexed(cop, query) == expected


def test_hostile_words_in_the_cli(cop: Path, cli: Cli) -> None:
    for words in (['"budget'], ["budget", "OR", "zebra"], ["NEAR(budget", "hearing)"],
                  ["title:budget"], ["budget*"], ["-budget"], ["budget", "-", "hearing"]):
        result = cli("find", "--cop", str(cop), "--", *words)
        assert result.exit_code in (0, 1), (words, result.stderr)
        assert "Traceback" not in result.stderr and "sqlite" not in result.stderr.lower()
    assert cli("find", "budget", "OR", "zebra", "--cop", str(cop)).exit_code == 1
    assert cli("find", "budget*", "--cop", str(cop)).stdout == \
        cli("find", "budget", "--cop", str(cop)).stdout
    assert cli("find", '"*"', "--cop", str(cop)).stderr.startswith(
        "error: '\"*\"' holds no word to look for")


def test_a_very_long_word_is_looked_for_without_the_index(
        cop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    word = "b" * 40000
    (cop / "practices" / "long.yaml").write_text(f"title: {word}x\n", encoding="utf-8")
    assert [h.record_id for h in search(cop, word)] == ["long"]
    assert search(cop, word + "y") == []  # FTS5 keeps only a word's first 32 KB
    assert indexed(cop, "b" * 900) == without_index(cop, "b" * 900, monkeypatch)


def test_files_the_index_cannot_hold_are_searched_directly(
        cop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a value whose words fold differently alone than in its line ("abcΔdef": 'abcdef' in
    # the line, 'abc def' alone), and a title with a lone surrogate (from a YAML escape)
    (cop / "practices" / "greek.yaml").write_text("title: abcΔdef\nkind: €tool\n",
                                                  encoding="utf-8")
    (cop / "practices" / "surrogate.yaml").write_text('title: "budget \\ud800 plan"\n',
                                                      encoding="utf-8")
    for query in ("def", "abcdef", "abc", "tool", "budget", "plan"):
        assert indexed(cop, query) == without_index(cop, query, monkeypatch), query
    with sqlite3.connect(index_path(cop)) as db:
        direct = {p for (p,) in db.execute("SELECT path FROM files WHERE direct = 1")}
    db.close()
    assert "practices/greek.yaml" in direct


def test_searches_at_once_share_the_index(cop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    more_records(cop)
    expected = without_index(cop, "budget", monkeypatch)
    results: list[str] = []

    def one() -> None:
        results.append(indexed(cop, "budget"))

    threads = [threading.Thread(target=one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 4


def test_find_does_not_import_the_record_models(cop: Path) -> None:
    """copkit.repo imports the pydantic models: a sixth of a find; search has its own
    looks_like_cop, which must agree with copkit.repo's."""
    from copkit.model.load import looks_like_cop

    assert "copkit.model.load" not in search_module.__dict__
    for folder in (cop, cop / "practices", cop.parent):
        assert search_module._looks_like_cop(folder) == looks_like_cop(folder)
    for marker in search_module._MARKERS:
        alone = cop.parent / f"only-{marker}"
        alone.mkdir()
        (alone / marker).write_text("x: 1\n", encoding="utf-8")
        assert search_module._looks_like_cop(alone) and looks_like_cop(alone)


# ---------------------------------------------------------------- properties

_ASCII_LINE = st.text(alphabet=st.sampled_from(list("ab Z9:#-{},'\"|>_ \t")), max_size=30)


@given(_ASCII_LINE)
def test_an_ascii_values_words_are_its_lines(line: str) -> None:
    """What lets the index skip two checks (see search_index._indexable): in ASCII, the words of a
    line's value are words of the line."""
    value = search_rows._value_text(line)
    fast = value.encode("ascii").translate(search_rows._BYTES).decode("ascii")
    from copkit.text import fold

    assert fast.split() == fold(value).split()
    assert set(fast.split()) <= set(search_module.fold_lines(line)[0].split())


_LINES = st.lists(st.sampled_from([
    "title: Budget hearing", "title: \"Gestión: the budget\"", "summary: budget of units",
    "kind: tool  # budget", "body: |", "  Decision: budget owner", "  - owner: Ana",
    "  unit budgets, hearing", "", "   ", "notes: >-", "  the mayor's budget",
    "decisions: [Ask the owner, budget]", "actions:", "  - {action: Call, owner: x}",
    "topics: [budget-hearings]", "links: [https://x.org/budget]", "attendees: [ana]",
    "date: 2026-05-10", "title: abcΔdef budget", "summary: naïve CAFÉ Straße", "# budget",
    "body: budget\\", "  ünit €5 budget", "adoptions:", "  - city: Cusco budget"]),
    max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(_LINES, min_size=1, max_size=3),
       query=st.sampled_from(["budget", "budget hearing", "owner", "unit", "decision",
                              "gestion budget", "def", "abcdef", "naive cafe", "ss",
                              "mayor s", "a", "5", "the budget"]))
def test_the_index_agrees_with_a_search_of_every_file(files: list[list[str]],
                                                      query: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "cop"
        (root / "practices").mkdir(parents=True)
        (root / "meetings").mkdir()
        (root / "charter.yaml").write_text("name: x\n", encoding="utf-8")
        for i, lines in enumerate(files):
            folder = "practices" if i % 2 == 0 else "meetings"
            (root / folder / f"f{i}.yaml").write_text("\n".join(lines) + "\n", "utf-8")
        old = {k: os.environ.get(k) for k in ("COPKIT_NO_CACHE", "COPKIT_CACHE_DIR")}
        try:
            os.environ["COPKIT_CACHE_DIR"] = str(Path(tmp) / "cache")
            os.environ["COPKIT_NO_CACHE"] = "1"
            expected = as_data(search(root, query, limit=None))
            del os.environ["COPKIT_NO_CACHE"]
            assert as_data(search(root, query, limit=None)) == expected  # building
            assert as_data(search(root, query, limit=None)) == expected  # built
        finally:
            for key, value in old.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def test_member_forget_drops_the_index(cop: Path) -> None:
    """The index holds the text of meeting notes, which may name the person forgotten."""
    from copkit.records.forget import forget_member

    assert search(cop, "budget") != []
    assert index_path(cop).is_file()
    out = forget_member(cop, "maria-lopez")
    assert str(index_path(cop)) in out.caches
    assert not index_path(cop).exists()
    assert [h.record_id for h in search(cop, "budget hearing")] == [
        "budget-hearings", "2026-05-10-unit-models", "led-unit-how-to"]
