"""E7 the learning network, M9 participation flows, health line 11 (key-person risk) and the
network picture, on small hand-built CoPs whose answers can be worked out by hand."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from copkit.indicators import compute
from copkit.indicators import network as net
from copkit.indicators.flows import absence_factor
from copkit.indicators.keyperson import assess
from copkit.indicators.model import Metrics
from copkit.model.load import Cop, load_cop
from copkit.output.report import build_report
from copkit.periods import parse_period

TODAY = dt.date(2026, 12, 15)


def write(root: Path, members: dict[str, str | None], meetings: list[tuple[str, list[str]]],
          facilitators: dict[int, str] | None = None, public: tuple[str, ...] = ()) -> Cop:
    """A CoP of ``members`` (id -> organisation) and ``meetings`` (date, attendees), all in
    2026, each member joined 2025-01-01."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "charter.yaml").write_text("name: Net CoP\nstarted: 2025-01-01\n", encoding="utf-8")
    lines = ["members:"]
    for mid, org in members.items():
        lines.append(f"  - id: {mid}\n    name: {mid.title()} Person\n    joined: 2025-01-01")
        if org:
            lines.append(f"    organisation: {org}")
        if mid in public:
            lines.append("    consent: {public: true}")
    (root / "members.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "meetings").mkdir(exist_ok=True)
    for n, (day, people) in enumerate(meetings):
        fac = (facilitators or {}).get(n)
        text = f"date: {day}\ntitle: Meeting {n}\nattendees: [{', '.join(people)}]\n"
        if fac:
            text += f"facilitator: {fac}\n"
        (root / "meetings" / f"{day}-m{n}.yaml").write_text(text, encoding="utf-8")
    return load_cop(root, use_cache=False).cop


def metrics(cop: Cop, period: str = "2026") -> Metrics:
    return compute(cop, parse_period(period), TODAY)


def figures(m: Metrics, ident: str) -> dict[str, object]:
    return {f.label: f.value for f in m.by_id(ident).figures}


def rows(m: Metrics, ident: str, title: str) -> list[list[str]]:
    return next(t.rows for t in m.by_id(ident).tables if t.title.startswith(title))


# ---------------------------------------------------------------- brokers
def test_a_star_network_has_one_broker(tmp_path: Path) -> None:
    # hub meets each of four others alone: a star of 5 members, 4 ties of 10 possible
    cop = write(tmp_path, {m: None for m in ("hub", "ana", "ben", "cai", "dia")},
                [(f"2026-0{n}-10", ["hub", leaf]) for n, leaf in
                 enumerate(("ana", "ben", "cai", "dia"), 1)])
    m = metrics(cop)
    got = figures(m, "E7")
    assert got["members in the network"] == 5
    assert got["density"] == pytest.approx(0.4)
    assert got["separate groups"] == 1
    assert got["brokers"] == 1
    # every path between two leaves goes through hub: betweenness 6 of 6 pairs = 1.00
    assert rows(m, "E7", "Brokers") == [["hub", "(no organisation)", "1.00", "4", "0"]]
    assert "Without hub, the network would fall from 1 into 4 separate groups." in \
        m.by_id("E7").notes


def test_two_clusters_and_one_bridge_name_the_bridge(tmp_path: Path) -> None:
    # a1 a2 a3 meet (org A), c1 c2 c3 meet (org C); bri (org B) joins one meeting of each
    members = {"a1": "A", "a2": "A", "a3": "A", "c1": "C", "c2": "C", "c3": "C", "bri": "B"}
    cop = write(tmp_path, members, [("2026-02-01", ["a1", "a2", "a3"]),
                                    ("2026-03-01", ["c1", "c2", "c3"]),
                                    ("2026-04-01", ["a1", "a2", "a3", "bri"]),
                                    ("2026-05-01", ["c1", "c2", "c3", "bri"])])
    m = metrics(cop)
    assert [r[0] for r in rows(m, "E7", "Brokers")] == ["bri"]
    # ties: 3 inside A, 3 inside C, 6 from bri; across organisations: bri's 6 of 12
    assert figures(m, "E7")["ties across organisations (share)"] == pytest.approx(0.5)
    assert "Without bri, the network would fall from 1 into 2 separate groups." in \
        m.by_id("E7").notes


def test_a_dense_network_has_no_broker(tmp_path: Path) -> None:
    cop = write(tmp_path, {m: None for m in ("ana", "ben", "cai")},
                [("2026-02-01", ["ana", "ben", "cai"])])
    m = metrics(cop)
    assert figures(m, "E7")["brokers"] == 0
    assert "No broker: no member stands between otherwise separate groups." in \
        m.by_id("E7").notes


def test_betweenness_is_sampled_with_a_fixed_seed_on_a_large_network(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(net, "EXACT_MAX_EDGES", 3)
    monkeypatch.setattr(net, "SAMPLE_K", 3)
    members = {f"m{n}": None for n in range(8)}
    chain = [(f"2026-01-{n + 10}", [f"m{n}", f"m{n + 1}"]) for n in range(7)]
    first = metrics(write(tmp_path / "a", members, chain))
    second = metrics(write(tmp_path / "b", members, chain))
    assert rows(first, "E7", "Brokers") == rows(second, "E7", "Brokers")
    assert ("Betweenness estimated from 3 members drawn with a fixed seed (17): the network "
            "has 7 ties, too many for an exact count in the time of a report.") in \
        first.by_id("E7").notes


# ---------------------------------------------------------------- no tie, drifting
def test_members_with_no_tie_and_members_drifting(tmp_path: Path) -> None:
    # five meetings; dri came to the first two only (none of the last 3): drifting;
    # sol attended alone once; nob never came: both have no tie
    cop = write(tmp_path, {m: None for m in ("ana", "ben", "dri", "sol", "nob")},
                [("2026-01-10", ["ana", "ben", "dri"]), ("2026-02-10", ["ana", "dri"]),
                 ("2026-03-10", ["ana", "ben"]), ("2026-04-10", ["ben", "ana"]),
                 ("2026-05-10", ["sol"])])
    m = metrics(cop)
    got = figures(m, "E7")
    assert got["members with no tie"] == 2
    assert got["members at risk of drifting"] == 1
    assert rows(m, "E7", "Members at risk of drifting") == [["dri", "2026-02-10", "2"]]
    # 2025 had no meeting: previous values are counted, not "no data" (0 drifting, and
    # all five current members without a tie)
    prev = {f.label: f.previous for f in m.by_id("E7").figures}
    assert prev["members with no tie"] == 5 and prev["members at risk of drifting"] == 0


# ---------------------------------------------------------------- one member
def test_a_network_of_one_member_has_no_picture_and_says_why(tmp_path: Path) -> None:
    cop = write(tmp_path, {"ana": None, "ben": None}, [("2026-03-01", ["ana"])])
    m = metrics(cop)
    e7 = m.by_id("E7")
    assert [(f.label, f.value, f.reason) for f in e7.figures] == [
        ("members in the network", None, "fewer than two members attended a meeting of the "
         "period: there is no network to describe")]
    assert e7.notes == ["No network picture: one member attended a meeting of this period; a "
                        "network needs at least two members who met."]
    assert m.series["network"] == []
    context = build_report(cop, parse_period("2026"), today=TODAY, metrics=m)
    assert "network" not in [c["name"] for c in context["charts"]]


# ---------------------------------------------------------------- the picture
def test_the_picture_names_members_by_audience_and_is_stable(tmp_path: Path) -> None:
    members = {"hub": "Org A", "ana": "Org A", "ben": "Org B"}
    meetings = [("2026-02-01", ["hub", "ana"]), ("2026-03-01", ["hub", "ben"])]
    cop = write(tmp_path, members, meetings, public=("hub",))
    m = metrics(cop)
    nodes, edges = m.series["network"]
    assert [n[0] for n in nodes] == ["ana", "ben", "hub"]
    assert [n[1] for n in nodes] == ["Org A", "Org B", "Org A"]
    assert edges == [[0, 2, 1], [1, 2, 1]]
    # the same records give the same places (a fixed seed)
    assert metrics(cop).series["network"] == m.series["network"]

    def labels(audience: str) -> list[str]:
        ctx = build_report(cop, parse_period("2026"), audience=audience, today=TODAY,
                           metrics=metrics(cop))
        chart = next(c for c in ctx["charts"] if c["name"] == "network")
        return [n[0] for n in chart["data"][0]]

    assert labels("members") == ["Ana Person", "Ben Person", "Hub Person"]
    assert labels("public") == ["", "", "Hub Person"]  # only hub agreed to be named


def test_the_picture_is_the_same_in_every_process(tmp_path: Path) -> None:
    """The places do not depend on Python's string hashing (which changes from one process to
    the next): with fewer members drawn than half the network, a networkx subgraph view would
    hand the layout its nodes in a set's order."""
    members = {f"m{n:02d}": f"Org {n % 3}" for n in range(12)}
    meetings = [(f"2026-{month:02d}-01", [f"m{(month + k) % 12:02d}" for k in range(5)])
                for month in range(1, 13)]
    write(tmp_path, members, meetings)
    script = ("import sys, json, datetime as dt\n"
              "from copkit.indicators import network as net, compute\n"
              "from copkit.model.load import load_cop\n"
              "from copkit.periods import parse_period\n"
              "net.PICTURE_MAX = 4\n"
              "cop = load_cop(sys.argv[1], use_cache=False).cop\n"
              "m = compute(cop, parse_period('2026'), dt.date(2026, 12, 15))\n"
              "print(json.dumps(m.series['network']))\n")
    import os
    import subprocess
    import sys

    def picture(seed: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        return subprocess.run([sys.executable, "-c", script, str(tmp_path)], env=env,
                              check=True, capture_output=True, text=True).stdout

    first = picture("1")
    assert len(json.loads(first)[0]) == 4
    assert picture("2") == first
    assert picture("3") == first


def test_the_picture_is_an_svg_with_the_organisations(tmp_path: Path) -> None:
    from copkit.output.charts import svg

    cop = write(tmp_path, {"hub": "Org A", "ana": "Org A", "ben": "Org B"},
                [("2026-02-01", ["hub", "ana"]), ("2026-03-01", ["hub", "ben"])])
    ctx = build_report(cop, parse_period("2026"), today=TODAY, metrics=metrics(cop))
    chart = next(c for c in ctx["charts"] if c["name"] == "network")
    drawn = svg("network", chart["data"], chart["title"])
    for word in ("Who learns with whom", "Org A", "Org B", "Hub Person"):
        assert word in drawn


# ---------------------------------------------------------------- M9 flows
def test_participation_flows_and_absence_factor(tmp_path: Path) -> None:
    # 2025: ana and ben at both meetings (core); 2026: ana at all four (core), ben at none
    # (absent), new at one of four and facilitating it (core) and eve at none; ana
    # facilitates three 2026 meetings, new one
    meetings = [("2025-03-01", ["ana", "ben"]), ("2025-06-01", ["ana", "ben"]),
                ("2026-02-01", ["ana"]), ("2026-04-01", ["ana", "new"]),
                ("2026-06-01", ["ana"]), ("2026-08-01", ["ana"])]
    cop = write(tmp_path, {m: None for m in ("ana", "ben", "new", "eve")}, meetings,
                facilitators={2: "ana", 3: "new", 4: "ana", 5: "ana"})
    m = metrics(cop)
    flows = {r[0]: r[1:] for r in rows(m, "M9", "Flows")}
    steps = ["absent", "newcomer", "occasional", "regular", "core"]
    assert dict(zip(steps, flows["core"], strict=True)) == {
        "absent": "1", "newcomer": "0", "occasional": "0", "regular": "0", "core": "1"}
    assert flows["absent"] == ["1", "0", "0", "0", "1"]  # eve stays absent; new -> core
    got = figures(m, "M9")
    assert got["members moving up"] == 1 and got["members moving down"] == 1
    # contributions: ana 3 facilitations, new 1 -> half of 4 is ana alone
    assert got["absence factor"] == 1
    assert rows(m, "M9", "Members who hold half") == [["ana", "3", "75%"]]


def test_absence_factor_known_answers() -> None:
    from collections import Counter

    assert absence_factor(Counter()) == (0, [])
    assert absence_factor(Counter(a=5, b=5)) == (1, [("a", 5)])
    assert absence_factor(Counter(a=3, b=3, c=3, d=3))[0] == 2
    assert absence_factor(Counter(a=1, b=1, c=1))[0] == 2


# ---------------------------------------------------------------- health line 11
def test_key_person_risk() -> None:
    from collections import Counter

    held = {"facilitation": Counter(ana=8, ben=1), "topic leads": Counter(ana=2),
            "practices": Counter(ana=1, cai=2)}
    status, evidence, suggestion = assess(held)
    assert status == "at risk"
    assert evidence == "ana holds 11 of 14 tasks (facilitation: 8 of 9, topic leads: 2 of 2, " \
        "practices: 1 of 3)"
    assert suggestion == (
        "facilitation would stop if ana left (ben already does part of it); topic leads "
        "would stop if ana left (nobody else does it yet); practices would stop if ana left "
        "(cai already does part of it): share these tasks with a co-facilitator or topic "
        "co-leads")
    shared = {"facilitation": Counter(ana=2, ben=2, cai=2), "topic leads": Counter(),
              "practices": Counter(dia=2)}
    assert assess(shared)[0] == "ok"
    assert assess({"facilitation": Counter(), "topic leads": Counter(),
                   "practices": Counter()})[0] == "watch"
