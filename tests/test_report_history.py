"""The report with what only git knows: membership over time for members with no `joined`
date, practices with no `added` date placed by the commit that added them, a practice's earlier
status (E4); a CoP folder not in git said in a note; comparisons that make no sense left out
(a previous period before the CoP started, or not begun). Real git repositories, commits with
fixed dates; every figure worked out by hand in a comment."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
from typer.testing import Result

from copkit.indicators import History
from copkit.model.load import Cop, load_cop
from copkit.output.report import build_report
from copkit.output.report_history import _listed_ids, read_history
from copkit.periods import parse_period

from .test_history import CopRepo

Cli = Callable[..., Result]
TODAY = dt.date(2026, 6, 30)

CHARTER = """\
name: Git CoP
started: 2025-01-15
ways_of_working:
  meeting_frequency: monthly
"""
MARIA = "  - {id: maria, name: María, organisation: A}\n"
JUAN = "  - {id: juan, name: Juan, organisation: B}\n"
ANA = "  - {id: ana, name: Ana, organisation: A}\n"
LI = "  - {id: li, name: Li, organisation: B}\n"


def meeting(day: str, *who: str) -> str:
    return f"date: {day}\ntitle: Call\nattendees: [{', '.join(who)}]\n"


def build(root: Path) -> CopRepo:
    """Members with no `joined` date, listed over time: maria and juan from 2025-01-15, ana
    from 2025-08-10, li from 2026-02-01. Practices: p1 (no `added`) committed 2025-02-20 as
    tested, evaluated 2026-03-01; p2 (no `added`) committed 2025-08-15 as draft, tested
    2025-10-20; p3 (added 2025-11-05) committed that day as draft."""
    repo = CopRepo(root)
    repo.write("charter.yaml", CHARTER).write("members.yaml", "members:\n" + MARIA + JUAN)
    repo.write("meetings/2025-01-20-call.yaml", meeting("2025-01-20", "maria", "juan"))
    repo.commit("start", "2025-01-15T10:00:00+00:00")
    repo.write("practices/p1.yaml", "title: P1\nstatus: tested\ncontributors: [maria]\n")
    repo.commit("p1", "2025-02-20T10:00:00+00:00")
    repo.write("meetings/2025-06-10-call.yaml", meeting("2025-06-10", "maria", "juan"))
    repo.commit("june", "2025-06-11T10:00:00+00:00")
    repo.write("members.yaml", "members:\n" + MARIA + JUAN + ANA)
    repo.commit("ana", "2025-08-10T10:00:00+00:00")
    repo.write("practices/p2.yaml", "title: P2\nstatus: draft\ncontributors: [ana]\n")
    repo.commit("p2", "2025-08-15T10:00:00+00:00")
    repo.write("practices/p2.yaml", "title: P2\nstatus: tested\ncontributors: [ana]\n")
    repo.write("meetings/2025-10-15-call.yaml", meeting("2025-10-15", "maria", "ana"))
    repo.commit("p2 tested", "2025-10-20T10:00:00+00:00")
    repo.write("practices/p3.yaml", "title: P3\nadded: 2025-11-05\ncontributors: [juan]\n")
    repo.commit("p3", "2025-11-05T10:00:00+00:00")
    repo.write("members.yaml", "members:\n" + MARIA + JUAN + ANA + LI)
    repo.write("meetings/2026-02-10-call.yaml", meeting("2026-02-10", "maria", "li"))
    repo.commit("li", "2026-02-01T10:00:00+00:00")
    repo.write("practices/p1.yaml", "title: P1\nstatus: evaluated\ncontributors: [maria]\n")
    repo.commit("p1 evaluated", "2026-03-01T10:00:00+00:00")
    return repo


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> CopRepo:
    return build(tmp_path_factory.mktemp("git") / "cop")


def load(root: Path) -> Cop:
    result = load_cop(root)
    assert not [f for f in result.findings if f.severity == "error"], result.findings
    return result.cop


def report(root: Path, period: str) -> tuple[dict[str, Any], History]:
    cop, chosen = load(root), parse_period(period)
    history = read_history(root, cop, chosen, TODAY)
    return build_report(cop, chosen, today=TODAY, history=history), history


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


def chart(ctx: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in ctx["charts"] if c["name"] == name)
    return found


def figures(ctx: dict[str, Any], ident: str) -> dict[str, tuple[str, str]]:
    ind = next(i for lv in ctx["levels"] for i in lv["indicators"] if i["id"] == ident)
    return {f["label"]: (f["value"], f["previous"]) for f in ind["figures"]}


# ---------------------------------------------------------------- membership from git
def test_membership_chart_from_the_history_when_members_have_no_joined_date(
        repo: CopRepo) -> None:
    ctx, history = report(repo.path, "2025")
    assert history.in_git and history.trends is not None
    # members.yaml at each quarter's last commit: Q1 maria juan (2), Q2 the same, Q3 + ana
    # (08-10) = 3, Q4 3 (li is listed only on 2026-02-01). From the records alone all four
    # would count from the start: a flat 4.
    membership = chart(ctx, "membership")
    assert membership["data"] == [["2025-03-31", 2], ["2025-06-30", 2], ["2025-09-30", 3],
                                  ["2025-12-31", 3]]
    assert "from the git history" in membership["description"]
    assert any("4 member(s) have no joined date" in n and "last commit" in n
               for n in ctx["notes"])
    m1 = next(i for lv in ctx["levels"] for i in lv["indicators"] if i["id"] == "M1")
    assert m1["notes"] == [
        "4 member(s) have no `joined` date: 2 dated from git, by the first commit whose "
        "members.yaml lists them; 2 already in members.yaml's first commit (2025-01-15), "
        "counted as members from the start (git cannot tell when they joined); the "
        "membership chart dates them from the git history."]


# ---------------------------------------------------------------- M1 from git
def test_m1_dates_members_with_no_joined_date_by_their_first_commit(repo: CopRepo) -> None:
    ctx, history = report(repo.path, "2025")
    # members.yaml lists maria and juan from its first commit (2025-01-15): members from the
    # start; ana first on 2025-08-10, li on 2026-02-01: they join then.
    assert history.listed == {"ana": dt.date(2025, 8, 10), "li": dt.date(2026, 2, 1)}
    assert history.listed_first == {"maria", "juan"}
    assert history.first_listed == dt.date(2025, 1, 15)
    # 2025 (not compared: 2024 lies before the start): at 2025-12-31 maria, juan, ana = 3
    # (li not yet; from the records alone all 4), joined ana = 1 (0 from the records)
    assert figures(ctx, "M1") == {"members at period end": ("3", ""), "joined": ("1", ""),
                                  "left": ("0", "")}
    # 2026-Q1 against 2025-Q4: at 03-31 all 4, at 12-31 3; li joined in Q1, nobody in Q4
    ctx, _ = report(repo.path, "2026-Q1")
    assert figures(ctx, "M1") == {"members at period end": ("4", "3"), "joined": ("1", "0"),
                                  "left": ("0", "0")}


def test_m1_member_in_no_commit_yet_counts_from_the_start(repo: CopRepo,
                                                          tmp_path: Path) -> None:
    copy = tmp_path / "cop"
    shutil.copytree(repo.path, copy)
    (copy / "members.yaml").write_text(
        "members:\n" + MARIA + JUAN + ANA + LI + "  - {id: eva, name: Eva, organisation: C}\n",
        encoding="utf-8")
    ctx, _ = report(copy, "2025")
    # eva is only in the working tree: from the start, as maria and juan (at 2025-12-31:
    # maria, juan, ana, eva = 4); joined still ana alone
    assert figures(ctx, "M1") == {"members at period end": ("4", ""), "joined": ("1", ""),
                                  "left": ("0", "")}
    m1 = next(i for lv in ctx["levels"] for i in lv["indicators"] if i["id"] == "M1")
    assert m1["notes"] == [
        "5 member(s) have no `joined` date: 2 dated from git, by the first commit whose "
        "members.yaml lists them; 2 already in members.yaml's first commit (2025-01-15) and "
        "1 in no commit yet, counted as members from the start (git cannot tell when they "
        "joined); the membership chart dates them from the git history."]


def test_m1_walks_members_yaml_once_and_skips_a_version_that_does_not_parse(
        tmp_path: Path) -> None:
    repo = CopRepo(tmp_path / "cop")
    repo.write("charter.yaml", CHARTER).write("members.yaml", "members:\n" + MARIA)
    repo.commit("start", "2025-01-15T10:00:00+00:00")
    repo.write("members.yaml", "members:\n" + MARIA + JUAN + "  - {id: [broken\n")
    repo.commit("broken", "2025-03-01T10:00:00+00:00")
    repo.write("members.yaml", "members:\n" + MARIA + JUAN)
    repo.commit("fixed", "2025-04-02T10:00:00+00:00")
    ctx, history = report(repo.path, "2025")
    # juan is first listed in a version that does not parse (03-01): dated by the next one
    # that does (04-02), and said so
    assert history.listed == {"juan": dt.date(2025, 4, 2)}
    assert "members.yaml does not parse in its version of 2025-03-01: members with no " \
           "`joined` date it first lists are dated by the next version that parses." \
           in ctx["notes"]
    assert figures(ctx, "M1")["joined"] == ("1", "")


def test_m1_reads_only_the_member_entries_a_version_adds() -> None:
    seen: set[bytes] = set()
    first = b"members:\n  - id: ana\n    name: Ana\n  - id: ben\n    name: Ben\n"
    assert _listed_ids(first, seen) == {"ana", "ben"}
    # ben's entry changed, cai added: the ids of the entries not seen before
    assert _listed_ids(first.replace(b"Ben", b"Benito") + b"  - id: cai\n    name: Cai\n",
                       seen) == {"ben", "cai"}
    # a quoted name running over a line that looks like a new entry: the cut is refused
    # and the whole file is parsed
    tricky = b'members:\n  - id: dee\n    name: "Dee\n  - id: fake"\n'
    assert _listed_ids(tricky, set()) == {"dee"}
    assert _listed_ids(b"members: [\n", set()) is None


def test_m1_without_git_counts_undated_members_from_the_start(repo: CopRepo,
                                                             tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(repo.path, copy, ignore=shutil.ignore_patterns(".git"))
    ctx, history = report(copy, "2025")
    assert history.listed is None
    assert figures(ctx, "M1") == {"members at period end": ("4", ""), "joined": ("0", ""),
                                  "left": ("0", "")}
    m1 = next(i for lv in ctx["levels"] for i in lv["indicators"] if i["id"] == "M1")
    assert m1["notes"] == ["4 member(s) have no `joined` date: counted as members from the "
                           "start."]


# ---------------------------------------------------------------- levels by quarter
def test_levels_by_quarter_from_the_trends(repo: CopRepo) -> None:
    # members at each quarter's end (members.yaml then), over that quarter's meetings
    # (core >= 60%, active >= 25% or 1 practice added, peripheral: once):
    # 2025-Q1: maria, juan; the 01-20 meeting, both there: core 2.
    # 2025-Q2: maria, juan; 06-10, both: core 2.
    # 2025-Q3: + ana; no meeting, no practice with an `added` date in it, no agenda: nothing
    #   to observe (no bar, not 3 inactive).
    # 2025-Q4: maria, juan, ana; 10-15 maria and ana: core 2; juan added p3 (11-05): active.
    # 2026-Q1: + li; 02-10 maria and li: core 2; juan and ana: inactive 2.
    # 2026-Q2 (today 06-30 is its last day): nothing to observe.
    ctx, _ = report(repo.path, "2026")
    by_quarter = chart(ctx, "levels-by-quarter")
    assert by_quarter["data"] == [["2025-Q1", 2, 0, 0, 0], ["2025-Q2", 2, 0, 0, 0],
                                  ["2025-Q3", None, None, None, None],
                                  ["2025-Q4", 2, 1, 0, 0], ["2026-Q1", 2, 0, 0, 2],
                                  ["2026-Q2", None, None, None, None]]
    assert by_quarter["title"] == "Observed levels of participation by quarter"
    assert by_quarter["description"] == (
        "members at each quarter's end by the level observed over that quarter (thresholds "
        "as in M2); no bar: nothing to observe in that quarter")
    m2 = next(i for lv in ctx["levels"] for i in lv["indicators"] if i["id"] == "M2")
    assert m2["charts"] == ["levels", "levels-by-quarter"] and m2["notes"] == []
    # a period that ends before today: its quarters only; 2026-03 ends inside 2026-Q1,
    # which is left out (its last month lies after the period)
    ctx, _ = report(repo.path, "2025")
    assert [r[0] for r in chart(ctx, "levels-by-quarter")["data"]] == \
        ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    ctx, _ = report(repo.path, "2026-02")
    assert chart(ctx, "levels-by-quarter")["data"][-1] == ["2025-Q4", 2, 1, 0, 0]


def test_levels_by_quarter_up_to_today_in_a_quarter_not_over(repo: CopRepo) -> None:
    cop, chosen = load(repo.path), parse_period("2026-Q2")
    today = dt.date(2026, 5, 15)
    ctx = build_report(cop, chosen, today=today,
                       history=read_history(repo.path, cop, chosen, today))
    by_quarter = chart(ctx, "levels-by-quarter")
    assert by_quarter["data"][-1] == ["2026-Q2", None, None, None, None]
    assert "; 2026-Q2 up to 2026-05-15;" in by_quarter["description"]


def test_levels_by_quarter_in_every_format(cli: Cli, repo: CopRepo, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", TODAY.isoformat())
    caption = ("Observed levels of participation by quarter: members at each quarter's end "
               "by the level observed over that quarter (thresholds as in M2); no bar: "
               "nothing to observe in that quarter")
    md = tmp_path / "r.md"
    result = cli("report", "--cop", str(repo.path), "--period", "2025", "--out", str(md))
    assert result.exit_code == 0, result.stderr
    assert f"![{caption}](r-levels-by-quarter.svg)" in md.read_text(encoding="utf-8")
    svg = (tmp_path / "r-levels-by-quarter.svg").read_text(encoding="utf-8")
    words = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    # the quarters, the totals on top (2, 2, 3) and the parts (core 2 ...), "no data" for Q3
    assert {"2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "no data", "3", "2", "1",
            "core", "active", "peripheral", "inactive"} <= set(words)
    html = tmp_path / "r.html"
    result = cli("report", "--cop", str(repo.path), "--period", "2025", "-f", "html", "-o",
                 str(html))
    assert result.exit_code == 0, result.stderr
    page = html.read_text(encoding="utf-8")
    figure = page[page.index('<figure id="chart-levels-by-quarter">'):]
    figure = figure[:figure.index("</figure>")]
    assert "<svg" in figure and "2025-Q4" in figure and "no data" in figure
    assert f"<figcaption>{caption.replace(chr(39), '&#39;')}</figcaption>" in figure
    pdf = tmp_path / "r.pdf"
    result = cli("report", "--cop", str(repo.path), "--period", "2025", "-f", "pdf", "-o",
                 str(pdf))
    assert result.exit_code == 0, result.stderr
    text = " ".join(pdf_text(pdf).split())
    assert " ".join(caption.split()) in text
    # the chart's own text, embedded as text: its title (beside the caption's) and legend,
    # and the Q3 marker followed by Q4's total
    assert text.count("Observed levels of participation by quarter") == 2
    assert "Observed levels of participation by quarter inactive peripheral active core" in text
    assert "no data 3" in text


def test_no_levels_by_quarter_chart_when_nothing_to_show(cli: Cli, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    repo = CopRepo(tmp_path / "cop")
    repo.write("charter.yaml", "name: Quiet CoP\nstarted: 2026-04-01\n")
    repo.write("members.yaml", "members:\n" + MARIA + JUAN)
    repo.commit("start", "2026-04-01T10:00:00+00:00")
    ctx, _ = report(repo.path, "2026-Q2")
    assert "levels-by-quarter" not in [c["name"] for c in ctx["charts"]]
    m2 = next(i for lv in ctx["levels"] for i in lv["indicators"] if i["id"] == "M2")
    note = ("No chart of observed levels by quarter: no meeting, practice or topic session in "
            "the 1 quarter(s) from 2026-Q2 to 2026-Q2.")
    assert note in m2["notes"]
    monkeypatch.setenv("COPKIT_TODAY", TODAY.isoformat())
    out = tmp_path / "out" / "r.md"
    result = cli("report", "--cop", str(repo.path), "--period", "2026-Q2", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert "4 chart file(s)" in result.stderr
    assert not (out.parent / "r-levels-by-quarter.svg").exists()
    assert note in out.read_text(encoding="utf-8")
    html = tmp_path / "out" / "r.html"
    assert cli("report", "--cop", str(repo.path), "--period", "2026-Q2", "-f", "html",
               "-o", str(html)).exit_code == 0
    assert "chart-levels-by-quarter" not in html.read_text(encoding="utf-8")


def test_practices_with_no_added_date_are_placed_by_their_first_commit(
        repo: CopRepo) -> None:
    ctx, _ = report(repo.path, "2025")
    # from the start (2025-Q1): p1 committed 02-20 (Q1), none in Q2 (0, not left out), p2
    # committed 08-15 (Q3), p3 added 11-05 (Q4)
    assert chart(ctx, "practices")["data"] == [["2025-Q1", 1], ["2025-Q2", 0],
                                               ["2025-Q3", 1], ["2025-Q4", 1]]
    assert any("dated by the commit that added them" in n for n in ctx["notes"])


# ---------------------------------------------------------------- E4 from git
def test_e4_movements_from_the_status_history(repo: CopRepo) -> None:
    ctx, _ = report(repo.path, "2026-Q1")
    # Q1 2026 (to 03-31): p1 tested -> evaluated (03-01); p2 stays tested, p3 draft.
    # Q4 2025: p2 draft -> tested (10-20); p3 created 11-05 as draft: no move; p1 tested.
    # at 03-31: p3 draft, p2 tested, p1 evaluated; at 2025-12-31: p3 draft, p1 p2 tested.
    assert figures(ctx, "E4") == {
        "practices moved draft → tested": ("0", "1"),
        "practices moved to evaluated": ("1", "0"),
        "practices draft at period end": ("1", "1"),
        "practices tested at period end": ("1", "2"),
        "practices evaluated at period end": ("1", "0"),
        "agenda topics": ("no data (the learning agenda lists no topic)", ""),
    }
    e4 = next(i for lv in ctx["levels"] for i in lv["indicators"] if i["id"] == "E4")
    assert e4["notes"] == []
    moved = next(f for f in e4["figures"] if f["label"] == "practices moved to evaluated")
    assert moved["change"] == "↑ better"


def test_e4_in_the_cops_first_year(repo: CopRepo) -> None:
    ctx, _ = report(repo.path, "2025")
    # 2025: p1 committed as tested (no move), p2 draft -> tested, p3 created draft; at
    # 2025-12-31: p3 draft, p1 p2 tested. 2024 lies before the start (2025-01-15): no
    # comparison at all.
    assert not ctx["compared"]
    e4 = figures(ctx, "E4")
    assert e4["practices moved draft → tested"] == ("1", "")
    assert e4["practices tested at period end"] == ("2", "")
    assert "Not compared with the previous period (2024): the community started on " \
           "2025-01-15, after it ended." in ctx["notes"]


# ---------------------------------------------------------------- not in git
def test_not_in_git_is_a_note_not_a_failure(repo: CopRepo, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(repo.path, copy, ignore=shutil.ignore_patterns(".git"))
    ctx, history = report(copy, "2026-Q1")
    assert not history.in_git
    assert any(n.startswith("The CoP folder is not in git") for n in ctx["notes"])
    # membership from the records: every undated member from the start (4 at each month end),
    # and a note that says why
    assert chart(ctx, "membership")["data"] == [["2026-01-31", 4], ["2026-02-28", 4],
                                                ["2026-03-31", 4]]
    assert any("4 member(s) have no `joined` date and the CoP folder is not in git" in n
               for n in ctx["notes"])
    e4 = figures(ctx, "E4")
    assert e4["practices moved to evaluated"][0] == "no data (the CoP folder is not in git)"
    assert e4["practices tested at period end"][0] == \
        "no data (the CoP folder is not in git)"


def test_not_in_git_through_the_cli(cli: Cli, repo: CopRepo, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", TODAY.isoformat())
    copy = tmp_path / "copy"
    shutil.copytree(repo.path, copy, ignore=shutil.ignore_patterns(".git"))
    out = tmp_path / "r.md"
    result = cli("report", "--cop", str(copy), "--period", "2026-Q1", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "> **Note:** The CoP folder is not in git" in text
    result = cli("report", "--cop", str(repo.path), "--period", "2026-Q1")
    assert result.exit_code == 0, result.stderr
    assert "| practices moved to evaluated | 1 | 0 | ↑ better |" in result.stdout


# ---------------------------------------------------------------- comparisons
def test_no_comparison_before_the_start_through_the_cli(
        cli: Cli, example_cop: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    # citizen-participation started 2025-10-01: 273 of 2025's 365 days come before it
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-02")
    root = example_cop("citizen-participation")
    text = cli("report", "--cop", str(root), "--period", "2026").stdout
    assert "**Period:** 2026 (2026-01-01 to 2026-12-31), not compared with the previous " \
           "period." in text
    assert "> **Note:** Not compared with the previous period (2025): the community started " \
           "on 2025-10-01, so 273 of its 365 days come before the start." in text
    assert "↑" not in text and "↓" not in text and "previous (2025)" not in text
    # its second half-year against the first: compared
    text = cli("report", "--cop", str(root), "--from", "2026-07-01", "--to", "2026-12-31").stdout
    assert "compared with the previous period" in text and "↑" in text


def test_a_period_in_the_future(cli: Cli, example_cop: Callable[..., Path],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-02")
    root = example_cop("led-units")
    text = cli("report", "--cop", str(root), "--period", "2030").stdout
    # nothing has happened in 2030 nor in 2029: no levels (topic leads are not core for a
    # period their topic is not taken up in), no comparison, members counted today
    assert "> **Note:** The period starts after today (2026-12-02)" in text
    assert "Not compared with the previous period (2029): it has not begun yet." in text
    assert "| core | no data (no meeting, practice or topic session in the period) |" in text
    assert "levels rest on" not in text
    assert "| members today (2026-12-02) | 18 |" in text
    assert "Members whose observed level differs" not in text
    assert "better" not in text and "worse" not in text


def test_public_report_says_the_budget_is_withheld(example_cop: Callable[..., Path]) -> None:
    root = example_cop("led-units", commit=False)
    cop = load(root)
    for audience, withheld in (("public", True), ("sponsor", False), ("members", False)):
        ctx = build_report(cop, parse_period("2026"), "monitoring", audience,
                           today=dt.date(2026, 11, 30))
        m8 = next(i for i in ctx["levels"][0]["indicators"] if i["id"] == "M8")
        assert any(t["title"].startswith("Budget") for t in m8["tables"]) is not withheld
        assert ("The budget table (budget against spent) is withheld for a public audience: "
                "it is in the members' and the sponsor's report." in m8["notes"]) is withheld
