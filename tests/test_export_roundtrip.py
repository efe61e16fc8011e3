"""The round trip of `copkit export`: every figure of every indicator of the report
(`copkit report --format json`) re-derived from the exported record tables, this period's
and the previous one's, and compared with the report.

What is SQL-shaped is DuckDB SQL over the Parquet tables. What is not (the learning network's
betweenness and groups, needs matched to topics by their words, a practice's status on a
past day, the participation flows) has its inputs selected with SQL and the figure computed
here in Python (networkx for the network) with the parameters of copkit's definitions
(docs/indicators.md): thresholds and constants are imported, never the functions that
compute the figures. The `indicators` table itself is only compared with the JSON, figure by
figure; it is never a source of the figures re-derived."""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest
from typer.testing import Result

from copkit.indicators.model import CYCLES, FREQUENCY_DAYS
from tests.conftest import EXAMPLE_NAMES
from tests.test_export_derive import (
    CONTRIBUTIONS,
    DB,
    IN_PERIOD,
    ON_ASOF,
    ORG,
    PAIRS,
    Figures,
    P,
    connect,
    e1,
    e2,
    e3,
    e4,
    levels,
    m1,
    m2,
    m3,
    m4,
    m5,
    m6,
    m7,
    m8,
    m9,
    one,
    pct,
    previous_of,
    rows,
)

Cli = Callable[..., Result]
TODAY = "2026-11-30"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", TODAY)
    monkeypatch.delenv("COPKIT_EXPORT_KEY", raising=False)


FOLD = "trim(regexp_replace(lower(strip_accents({})), '[^0-9a-z]+', ' ', 'g'))"


def e5(db: DB, p: P) -> Figures:
    if not p.previous and not one(db, f"SELECT count(*) FROM members WHERE {IN_PERIOD}", p):
        return {"organisations-contributing": None}
    # a member with no organisation is one group of its own ('' here: never an id)
    return {"organisations-contributing": one(
                db, f"SELECT count(DISTINCT coalesce({ORG}, '')) FROM members WHERE "
                f"{IN_PERIOD} AND member IN (SELECT member FROM ({CONTRIBUTIONS}))", p),
            "areas-of-expertise": one(
                db, f"SELECT count(DISTINCT {FOLD.format('x')}) FROM (SELECT unnest(expertise)"
                f" AS x FROM members WHERE {IN_PERIOD}) WHERE {FOLD.format('x')} <> ''", p),
            "members-listing-expertise": one(
                db, f"SELECT count(*) FROM members WHERE {IN_PERIOD} AND len(expertise) > 0",
                p)}


def e6(db: DB, p: P) -> Figures:
    """The needs stated in the latest survey asking about needs (a rated question is one
    need; open answers the same once folded are one), each covered when it shares a word
    (folded, 4 letters or more, not a common word) with an open topic's title or
    questions."""
    from copkit.indicators.benefits import _COMMON
    from copkit.indicators.health import _STOP
    from copkit.text import fold

    latest = one(db, "SELECT max(survey_date) FROM survey_responses WHERE indicator = "
                 "'needs' AND survey_date <= $asof", p)
    if latest is None:
        return {"needs-stated": None}
    survey = one(db, "SELECT max(survey) FROM survey_responses WHERE indicator = 'needs' AND "
                 "survey_date = $d".replace("$d", f"DATE '{latest}'"), p)
    needs = [q for (q,) in rows(db, f"""SELECT DISTINCT question_text FROM survey_responses
        WHERE survey = '{survey}' AND indicator = 'needs' AND scale > 0""")]
    needs += list(dict.fromkeys(fold(a.strip()) for (a,) in rows(db, f"""SELECT answer_text
        FROM survey_responses WHERE survey = '{survey}' AND indicator = 'needs'
        AND (scale IS NULL OR scale = 0) AND trim(answer_text) <> ''""")))

    def words(text: str) -> set[str]:
        return {w for w in fold(text).split() if len(w) >= 4 and w not in _STOP}

    topics = [words(" ".join([title, *questions])) for title, questions in rows(
        db, "SELECT title, questions FROM topics WHERE status <> 'dropped'")]
    covered = sum(1 for n in needs if any((words(n) - _COMMON) & t for t in topics))
    return {"needs-stated": len(needs), "needs-the-agenda-covers": covered,
            "needs-no-topic-covers": len(needs) - covered}


def e7(db: DB, p: P) -> Figures:
    """The learning network: the period's co-attendance pairs with their weights and its
    attenders from SQL, the figures with networkx as indicators.md defines them."""
    import networkx as nx

    from copkit.indicators import network as defs

    g = nx.Graph()
    g.add_nodes_from(x for (x,) in rows(db, "SELECT DISTINCT member FROM attendance WHERE "
                                        "date BETWEEN $s AND $e", p))
    g.add_weighted_edges_from(rows(db, PAIRS, p))
    n = g.number_of_nodes()
    if n < 2 and not p.previous:
        return {"members-in-the-network": None}
    org = dict(rows(db, f"SELECT member, {ORG} FROM members"))
    both = [(a, b) for a, b in g.edges if org.get(a) and org.get(b)]
    current = [x for (x,) in rows(db, f"SELECT member FROM members WHERE {ON_ASOF}", p)]
    out = {"members-in-the-network": n, "density": nx.density(g) if n > 1 else None,
           "separate-groups": nx.number_connected_components(g) if n else 0,
           "ties-across-organisations": pct(sum(org[a] != org[b] for a, b in both), len(both)),
           "members-with-no-tie": sum(1 for x in current if x not in g or g.degree(x) == 0),
           "members-at-risk-of-drifting": drifting(db, p, set(current), defs.DRIFT_MEETINGS)}
    if g.number_of_nodes() > 2:
        if g.number_of_edges() > defs.EXACT_MAX_EDGES and g.number_of_nodes() > defs.SAMPLE_K:
            between = nx.betweenness_centrality(g, k=defs.SAMPLE_K, seed=defs.SEED)
        else:
            between = nx.betweenness_centrality(g)
        top = max(between.values(), default=0.0)
        out["brokers"] = min(defs.BROKERS_SHOWN, sum(1 for v in between.values()
                                                     if v >= defs.BROKER_MIN and v >= top / 2))
    return out


def drifting(db: DB, p: P, current: set[str], last: int) -> int:
    """Current members who attended a meeting of the period but none of its `last`
    meetings (none when it has no more meetings than that)."""
    meetings = [m for (m,) in rows(db, "SELECT meeting FROM meetings WHERE date BETWEEN $s "
                                   "AND $e ORDER BY date, meeting", p)]
    if len(meetings) <= last:
        return 0
    recent = set(meetings[-last:])
    attended = rows(db, "SELECT member, meeting FROM attendance WHERE date BETWEEN $s AND $e",
                    p)
    earlier = {x for x, m in attended if m not in recent}
    latest = {x for x, m in attended if m in recent}
    return len((earlier - latest) & current)


# ------------------------------------------------------------------ impact and stage
def i1(db: DB, p: P) -> Figures:
    stories = "FROM stories WHERE date BETWEEN $s AND $e"
    prev = previous_of(p)
    if not p.previous and not (one(db, f"SELECT count(*) {stories}", p) or
                               one(db, f"SELECT count(*) {stories}", prev)):
        return {"stories": None}
    return {"stories": one(db, f"SELECT count(*) {stories}", p),
            **{f"reaching-{c}": one(db, f"SELECT count(*) {stories} AND furthest_cycle = "
                                    f"'{c}'", p) for c in CYCLES}}


def i2(db: DB, p: P) -> Figures:
    goals = one(db, "SELECT count(*) FROM goals", p)
    objectives = one(db, "SELECT count(*) FROM objectives", p)
    if not goals and not objectives:
        return {"goals-with-evidence": None}
    return {"goals-with-evidence": one(
                db, "SELECT count(*) FROM goals WHERE goal IN (SELECT unnest(goals) FROM "
                "stories WHERE date BETWEEN $s AND $e)", p),
            "goals": goals,
            "organisation-objectives-with-evidence": one(
                db, "SELECT count(*) FROM objectives o WHERE EXISTS (SELECT 1 FROM evidence e "
                "WHERE e.organisation = o.organisation AND e.objective = o.objective "
                "AND e.date BETWEEN $s AND $e)", p),
            "organisation-objectives": objectives}


def i3(db: DB, p: P) -> Figures:
    adopted = "FROM practice_events WHERE event = 'adopted'"
    if not one(db, f"SELECT count(*) {adopted}", p):
        return {"adoptions": None}
    return {"adoptions": one(db, f"SELECT count(*) {adopted} AND date BETWEEN $s AND $e", p),
            "organisations-adopting": one(db, f"SELECT count(DISTINCT organisation) {adopted} "
                                          "AND date BETWEEN $s AND $e", p)}


def i4(db: DB, p: P) -> Figures:
    if not one(db, "SELECT count(*) FROM organisations", p):
        return {"organisations-strengthened": None}
    return {"organisations-strengthened": one(db, """SELECT count(*) FROM organisations WHERE
                organisation IN (SELECT organisation FROM evidence WHERE date BETWEEN $s AND $e)
                OR organisation IN (SELECT organisation_id FROM practice_events WHERE
                event = 'adopted' AND date BETWEEN $s AND $e)""", p),
            "organisations": one(db, "SELECT count(*) FROM organisations", p),
            "staff-trained": one(db, "SELECT coalesce(sum(staff), 0) FROM evidence WHERE kind "
                                 "= 'staff-trained' AND date BETWEEN $s AND $e", p)}


def i5(db: DB, p: P) -> Figures:
    """The first survey with a rated capacity question against the last one of the period,
    each respondent's mean answer paired."""
    rated = "FROM survey_responses WHERE indicator = 'capacity' AND scale > 0"
    surveys = rows(db, f"SELECT DISTINCT survey_date, survey {rated} AND survey_date <= $asof "
                   "ORDER BY ALL", p)
    later = [sv for d, sv in surveys if p.s <= d <= p.e]
    if not later or surveys[0][1] == later[-1]:
        return {"capacity-change": None}
    first, last = surveys[0][1], later[-1]
    means = f"""SELECT respondent, avg(answer_number) AS v {rated} AND survey = $sv
        AND answer_number IS NOT NULL AND respondent IS NOT NULL GROUP BY respondent"""
    changes = [b - a for _, a, b in db.execute(
        f"SELECT x.respondent, x.v, y.v FROM ({means.replace('$sv', '$first')}) x JOIN "
        f"({means.replace('$sv', '$last')}) y USING (respondent)",
        {"first": first, "last": last}).fetchall()]
    if not changes:
        a, b = (one(db, f"SELECT avg(answer_number) {rated} AND survey = '{sv}'", p)
                for sv in (first, last))
        return {"capacity-change": b - a if a is not None and b is not None else None}
    return {"capacity-change-per-member": sum(changes) / len(changes),
            "members-paired": len(changes),
            "members-reporting-more-capacity": sum(x > 0 for x in changes),
            "members-reporting-less-capacity": sum(x < 0 for x in changes)}


def i6(db: DB, p: P) -> Figures:
    """Each outcome measure's latest value known on the day judged on (the baseline until a
    later value)."""
    from copkit.output.report import figure_key

    measures = rows(db, "SELECT DISTINCT measure, name FROM outcome_values ORDER BY ALL")
    if not measures:
        return {"outcome-measures": None}
    return {figure_key(name): one(db, f"SELECT arg_max(value, date) FROM outcome_values WHERE "
                                  f"measure = '{m}' AND date <= $asof", p)
            for m, name in measures}


def s1(db: DB, p: P) -> Figures:
    """The signs of the charter's stage and of the next one shown by the records."""
    from copkit.indicators.stage import STAGES

    stage, domain, purpose, freq, reviewed = rows(
        db, "SELECT stage, domain, purpose, meeting_frequency, last_reviewed FROM cop")[0]
    if stage is None or stage == "closed":
        return {"signs-of-the-stage": None}
    days = [d for (d,) in rows(db, "SELECT DISTINCT date FROM meetings WHERE date BETWEEN $s "
                               "AND $e ORDER BY 1", p)]
    gap = max([(b - a).days for a, b in pairwise(days)] + [(p.asof - days[-1]).days]) \
        if len(days) >= 3 else None
    core = {m for m, lv in levels(db, p).items() if lv == "core"}
    orgs = {o for m, o in rows(db, f"SELECT member, {ORG} FROM members") if m in core and o}

    def n(sql: str) -> int:
        return int(one(db, sql, p))

    signs = {
        "potential": [bool(domain or purpose),
                      n(f"SELECT count(*) FROM members WHERE {ON_ASOF}") >= 3,
                      n(f"SELECT count(*) FROM members WHERE {ON_ASOF} AND (list_contains("
                        "roles, 'facilitator') OR list_contains(roles, 'co-facilitator'))") > 0],
        "coalescing": [n("SELECT count(*) FROM meetings WHERE date BETWEEN $s AND $e") >= 3,
                       n("SELECT count(*) FROM topics WHERE status <> 'dropped'") > 0,
                       n("SELECT count(*) FROM practices") > 0],
        "maturing": [freq is not None and gap is not None
                     and gap <= 1.5 * FREQUENCY_DAYS[freq],
                     n("SELECT count(*) FROM practices WHERE status IN ('tested', "
                       "'evaluated')") > 0,
                     len(orgs) >= 3,
                     n("SELECT count(DISTINCT facilitator) FROM meetings WHERE date BETWEEN $s"
                       " AND $e") >= 2],
        "stewardship": [n("SELECT count(DISTINCT organisation) FROM practice_events WHERE "
                          "event = 'adopted'") > 0,
                        n("SELECT count(*) FROM members WHERE joined BETWEEN $s AND $e") > 0,
                        reviewed is not None],
        "transformation": [n("SELECT count(*) FROM stories WHERE furthest_cycle IN "
                             "('realized', 'transformative')") > 0,
                           n("SELECT count(DISTINCT organisation) FROM evidence") >= 2,
                           n("SELECT count(DISTINCT measure) FROM outcome_values o WHERE "
                             "baseline AND EXISTS (SELECT 1 FROM outcome_values v WHERE "
                             "v.measure = o.measure AND NOT v.baseline)") > 0]}
    at = STAGES.index(stage)
    return {f"signs-of-{name}": sum(signs[name]) for name in STAGES[at:at + 2]}


DERIVE: dict[str, Callable[[DB, P], Figures]] = {
    "M1": m1, "M2": m2, "M3": m3, "M4": m4, "M5": m5, "M6": m6, "M7": m7, "M8": m8, "M9": m9,
    "E1": e1, "E2": e2, "E3": e3, "E4": e4, "E5": e5, "E6": e6, "E7": e7,
    "I1": i1, "I2": i2, "I3": i3, "I4": i4, "I5": i5, "I6": i6, "S1": s1,
}


# ------------------------------------------------------------------ the test
def test_every_indicator_is_derived() -> None:
    from copkit.indicators import IDS

    assert sorted(DERIVE) == sorted(IDS)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_report_re_derived_from_the_parquet_tables(
        cli: Cli, example_cop: Callable[..., Path], tmp_path: Path, name: str) -> None:
    cop = example_cop(name)
    out = tmp_path / "out"
    exported = cli("export", "--cop", str(cop), "--out", str(out), "--period", "2026")
    assert exported.exit_code == 0, exported.stderr
    result = cli("report", "--cop", str(cop), "--format", "json", "--period", "2026")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    db = connect(out)
    # the indicators table is the report's JSON, figure by figure
    table = db.execute("SELECT indicator, figure, value, previous, label, reason "
                       "FROM indicators").fetchall()
    expected = [(i["id"], f["key"], f["number"], f["previous_number"], f["label"], f["reason"])
                for lv in data["levels"] for i in lv["indicators"] for f in i["figures"]]
    assert sorted(table, key=repr) == sorted(expected, key=repr)
    # members and attendance counted from their tables
    from copkit.model.load import load_cop

    loaded = load_cop(cop).cop
    assert db.execute("SELECT count(*) FROM members").fetchone() == (len(loaded.members),)
    assert db.execute("SELECT count(*) FROM attendance").fetchone() == \
        (sum(len(set(m.attendees)) for m in loaded.meetings),)
    # every figure of every indicator, this period and the previous one, from the records
    today = _dt.date.fromisoformat(TODAY)
    now = P(_dt.date.fromisoformat(data["period"]["start"]),
            _dt.date.fromisoformat(data["period"]["end"]), today)
    before = P(_dt.date.fromisoformat(data["previous"]["start"]),
               _dt.date.fromisoformat(data["previous"]["end"]), today, previous=True)
    assert previous_of(now) == replace(before, previous=False)
    compared = 0
    for lv in data["levels"]:
        for ind in lv["indicators"]:
            derived, earlier = DERIVE[ind["id"]](db, now), None
            for f in ind["figures"]:
                where = (name, ind["id"], f["key"])
                assert f["key"] in derived, (where, "not re-derived", sorted(derived))
                assert derived[f["key"]] == pytest.approx(f["number"]), (where, derived, f)
                if f["previous_number"] is not None:
                    earlier = earlier or DERIVE[ind["id"]](db, before)
                    assert earlier[f["key"]] == pytest.approx(f["previous_number"]), \
                        (where, earlier, f)
                compared += 1
    assert compared == len(expected)
