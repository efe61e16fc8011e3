"""The re-derivation of the report's figures from the tables of `copkit export` (see
test_export_roundtrip.py, which runs it): the helpers, the SQL the indicators share, and the
monitoring level and E1 to E4. Each function gives one indicator's figures by key, for one
period; the parameters of copkit's definitions (docs/indicators.md) are imported, never the
functions that compute the figures."""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from copkit.export.schema import TABLES
from copkit.indicators.model import FREQUENCY_DAYS, LEVELS, STATUSES

DB = duckdb.DuckDBPyConnection
Figures = dict[str, Any]


def connect(out: Path) -> DB:
    """DuckDB with one view per table of the hive folder `out`."""
    db = duckdb.connect()
    for t in TABLES:
        db.execute(f"CREATE VIEW {t.name} AS SELECT * EXCLUDE (\"table\") FROM read_parquet("
                   f"'{out}/table={t.name}/*/*.parquet', hive_partitioning = true, "
                   "union_by_name = true)")
    return db


@dataclass(frozen=True)
class P:
    """A period: its first and last day, and the day it is judged on (its end, or today
    while it is not over). `previous`: the previous period of a figure, whose value is
    counted whether or not that period has data (the figure's having data is the period's
    own)."""
    s: _dt.date
    e: _dt.date
    today: _dt.date
    previous: bool = False

    @property
    def asof(self) -> _dt.date:
        return min(self.e, self.today)

    def params(self, sql: str) -> dict[str, Any]:
        given = {"s": self.s, "e": self.e, "asof": self.asof, "today": self.today}
        return {k: v for k, v in given.items() if f"${k}" in sql}


def one(db: DB, sql: str, p: P) -> Any:
    row = db.execute(sql, p.params(sql)).fetchone()
    assert row is not None
    return row[0]


def rows(db: DB, sql: str, p: P | None = None) -> list[tuple[Any, ...]]:
    return db.execute(sql, p.params(sql) if p else {}).fetchall()


def pct(n: float, d: float) -> float | None:
    return n / d if d else None


# ------------------------------------------------------------------ shared SQL
IN_PERIOD = ("(joined IS NULL OR joined <= $e) AND (left_on IS NULL OR left_on >= $s)")
ON_ASOF = ("(joined IS NULL OR joined <= $asof) AND (left_on IS NULL OR left_on >= $asof)")
ADDED = ("SELECT practice, date FROM practice_events WHERE event = 'added' "
         "AND source = 'record'")
# one row per contribution of the period (M4): a practice added (each contributor once), an
# action owned, a meeting facilitated
CONTRIBUTIONS = f"""
SELECT c AS member FROM (SELECT DISTINCT p.practice, unnest(p.contributors) AS c
  FROM practices p JOIN ({ADDED}) a USING (practice) WHERE a.date BETWEEN $s AND $e)
UNION ALL SELECT owner FROM actions WHERE date BETWEEN $s AND $e AND owner IS NOT NULL
UNION ALL SELECT facilitator FROM meetings WHERE date BETWEEN $s AND $e
  AND facilitator IS NOT NULL"""
PAIRS = ("SELECT a.member AS a, b.member AS b, count(*) AS w FROM attendance a JOIN "
         "attendance b ON a.meeting = b.meeting AND a.member < b.member "
         "WHERE a.date BETWEEN $s AND $e GROUP BY ALL")
# a member's organisation as the indicators group them: organisations.yaml's id it names,
# else the text
ORG = "coalesce(organisation_id, nullif(organisation, ''))"

# M2: each member of the period at the level observed (the charter's thresholds: core = the
# share of the meetings held while a member, or facilitated, or leads a topic taken up, or
# enough practices added; active likewise; peripheral one meeting)
LEVELS_SQL = f"""
WITH pm AS (SELECT member, joined, left_on FROM members WHERE {IN_PERIOD}),
mt AS (SELECT meeting, date, facilitator, topics FROM meetings WHERE date BETWEEN $s AND $e),
att AS (SELECT member, count(DISTINCT meeting) AS n FROM attendance
        WHERE meeting IN (SELECT meeting FROM mt) GROUP BY member),
fac AS (SELECT DISTINCT facilitator AS member FROM mt WHERE facilitator IS NOT NULL),
con AS (SELECT c AS member, count(*) AS n FROM (
          SELECT DISTINCT p.practice, unnest(p.contributors) AS c FROM practices p
          JOIN ({ADDED}) a USING (practice) WHERE a.date BETWEEN $s AND $e) GROUP BY c),
discussed AS (SELECT DISTINCT unnest(topics) AS topic FROM mt UNION
              SELECT topic FROM (SELECT topic, unnest(sessions) AS d FROM topics)
              WHERE d BETWEEN $s AND $e),
leads AS (SELECT DISTINCT lead AS member FROM topics WHERE lead IS NOT NULL
          AND status <> 'dropped' AND topic IN (SELECT topic FROM discussed)),
held AS (SELECT pm.member, count(mt.meeting) AS n FROM pm LEFT JOIN mt
         ON (pm.joined IS NULL OR mt.date >= pm.joined)
         AND (pm.left_on IS NULL OR mt.date <= pm.left_on) GROUP BY pm.member)
SELECT pm.member, CASE
    WHEN (h.n > 0 AND coalesce(att.n, 0) / h.n >= $core) OR fac.member IS NOT NULL
         OR pm.member IN (SELECT member FROM leads)
         OR ($core_p > 0 AND coalesce(con.n, 0) >= $core_p) THEN 'core'
    WHEN (h.n > 0 AND coalesce(att.n, 0) / h.n >= $active)
         OR ($active_p > 0 AND coalesce(con.n, 0) >= $active_p) THEN 'active'
    WHEN coalesce(att.n, 0) >= 1 THEN 'peripheral'
    ELSE 'inactive' END AS level
FROM pm JOIN held h USING (member) LEFT JOIN att USING (member)
LEFT JOIN fac USING (member) LEFT JOIN con USING (member)"""


def levels(db: DB, p: P) -> dict[str, str]:
    """Member -> observed level in the period (the charter's default thresholds: the
    examples set none)."""
    from copkit.model.schemas import Monitoring

    mon = Monitoring()
    params = {"s": p.s, "e": p.e, "core": mon.core_attendance, "active": mon.active_attendance,
              "core_p": mon.core_practices, "active_p": mon.active_practices}
    return dict(db.execute(LEVELS_SQL, params).fetchall())


def observed_anything(db: DB, p: P) -> bool:
    return bool(one(db, f"""SELECT (SELECT count(*) FROM meetings WHERE date BETWEEN $s AND $e)
        + (SELECT count(*) FROM ({CONTRIBUTIONS}))
        + (SELECT count(*) FROM topics WHERE lead IS NOT NULL AND status <> 'dropped' AND (
             topic IN (SELECT unnest(topics) FROM meetings WHERE date BETWEEN $s AND $e)
             OR len(list_filter(sessions, lambda d: d BETWEEN $s AND $e)) > 0))""", p))


# ------------------------------------------------------------------ monitoring
def m1(db: DB, p: P) -> Figures:
    return {"members": one(db, f"SELECT count(*) FROM members WHERE {ON_ASOF}", p),
            "joined": one(db, "SELECT count(*) FROM members WHERE joined BETWEEN $s AND $e", p),
            "left": one(db, "SELECT count(*) FROM members WHERE left_on BETWEEN $s AND $e", p)}


def m2(db: DB, p: P) -> Figures:
    counts = Counter(levels(db, p).values())
    seen = observed_anything(db, p)
    return {lv: counts[lv] if seen else None for lv in LEVELS}


def m3(db: DB, p: P) -> Figures:
    out = {
        "meetings-held": one(db, "SELECT count(*) FROM meetings WHERE date BETWEEN $s AND $e",
                             p),
        "longest-gap-between-meetings": one(
            db, "SELECT max(d - p) FROM (SELECT date AS d, lag(date) OVER (ORDER BY date) AS p "
            "FROM (SELECT DISTINCT date FROM meetings WHERE date BETWEEN $s AND $e))", p),
        "mean-attendees-per-meeting": one(
            db, "SELECT avg(attendees) FROM meetings WHERE date BETWEEN $s AND $e", p),
        # attendees over the members on the meeting's day, meetings with members only
        "mean-attendance-rate": one(db, """SELECT avg(n / r) FROM (SELECT m.attendees AS n,
            (SELECT count(*) FROM members x WHERE (x.joined IS NULL OR x.joined <= m.date)
             AND (x.left_on IS NULL OR x.left_on >= m.date)) AS r
            FROM meetings m WHERE m.date BETWEEN $s AND $e) WHERE r > 0""", p)}
    # the charter's frequency over the period's days from the start up to the day judged on
    freq, started = rows(db, "SELECT meeting_frequency, started FROM cop")[0]
    if freq:
        first = max(p.s, started) if started else p.s
        days = max((p.asof - first).days + 1, 0)
        out["meetings-expected"] = round(days / FREQUENCY_DAYS[freq])
    return out


TIES_ACROSS = f"""SELECT count(*) FROM ({PAIRS}) t JOIN members x ON x.member = t.a
    JOIN members y ON y.member = t.b WHERE nullif(x.organisation, '') IS NOT NULL
    AND nullif(y.organisation, '') IS NOT NULL AND x.organisation <> y.organisation"""
TIES = f"SELECT count(*) FROM ({PAIRS})"


def m4(db: DB, p: P) -> Figures:
    return {"contributions": one(db, f"SELECT count(*) FROM ({CONTRIBUTIONS})", p),
            "members-contributing": one(
                db, f"SELECT count(*) FROM members WHERE {IN_PERIOD} AND member IN "
                f"(SELECT member FROM ({CONTRIBUTIONS}))", p),
            "co-attendance-ties": one(db, TIES, p),
            "ties-across-organisations": one(db, TIES_ACROSS, p)}


def m5(db: DB, p: P) -> Figures:
    added = f"FROM practices JOIN ({ADDED}) a USING (practice) WHERE a.date BETWEEN $s AND $e"
    return {"practices-added": one(db, f"SELECT count(*) {added}", p),
            "case-studies": one(db, f"SELECT count(*) {added} AND kind = 'case-study'", p)}


def m6(db: DB, p: P) -> Figures:
    due = "FROM actions WHERE due BETWEEN $s AND $asof"
    n, done, ontime, overdue = rows(
        db, f"SELECT count(*), count(done), count(*) FILTER (done <= due), "
        f"count(*) FILTER (done IS NULL) {due}", p)[0]
    out = {"actions-due": n, "done": done, "done-on-time": ontime,
           "on-time-rate": pct(ontime, n), "overdue": overdue}
    # today's plan against today (none: no plan.yaml)
    out["plan-steps-past-their-deadline"] = one(
        db, "SELECT CASE WHEN count(*) > 0 THEN count(*) FILTER (deadline < $today AND done "
        "IS NOT TRUE) END FROM plan_steps", p)
    return out


def m7(db: DB, p: P) -> Figures:
    leads = "SELECT DISTINCT lead FROM topics WHERE lead IS NOT NULL AND status <> 'dropped'"
    active = one(db, f"""SELECT count(*) FROM ({leads}) l WHERE lead IN (
        SELECT member FROM attendance WHERE date BETWEEN $s AND $e UNION
        SELECT facilitator FROM meetings WHERE date BETWEEN $s AND $e)""", p)
    return {"distinct-facilitators": one(db, "SELECT count(DISTINCT facilitator) FROM meetings "
                                         "WHERE date BETWEEN $s AND $e", p),
            "topic-leads-active": active if one(db, f"SELECT count(*) FROM ({leads})", p)
            else None,
            "guests": one(db, "SELECT count(*) FROM guests WHERE date BETWEEN $s AND $e", p),
            "external-practices": one(
                db, f"SELECT count(*) FROM practices JOIN ({ADDED}) a USING (practice) "
                "WHERE a.date BETWEEN $s AND $e AND source = 'external'", p)}


def m8(db: DB, p: P) -> Figures:
    if not one(db, "SELECT count(*) FROM activities", p):
        return {"activities": None}
    got = dict(rows(db, "SELECT status, count(*) FROM activities WHERE coalesce(start_date, "
                    "end_date) <= $e AND coalesce(end_date, start_date) >= $s GROUP BY status",
                    p))
    return {st: got.get(st, 0) for st in ("planned", "under-way", "done", "cancelled")}


STEPS = ("absent", "newcomer", "occasional", "regular", "core")
STEP_OF = {"core": "core", "active": "regular", "peripheral": "occasional",
           "inactive": "absent"}


def m9(db: DB, p: P) -> Figures:
    """The flows between the steps of participation from the previous period to this one
    (the previous period's own flows are not compared), and the absence factor."""
    prev = previous_of(p)
    if not (observed_anything(db, p) or observed_anything(db, prev)):
        return {"members-moving-up": None}
    first_seen = dict(rows(db, "SELECT member, min(date) FROM attendance GROUP BY member"))

    def steps(q: P) -> dict[str, str]:
        out = {}
        for member, level in levels(db, q).items():
            step = STEP_OF[level]
            seen = first_seen.get(member)
            out[member] = "newcomer" if step == "occasional" and seen and seen >= q.s else step
        return out

    now, before = steps(p), steps(prev)
    moves = [(before.get(x, "absent"), now.get(x, "absent")) for x in set(now) | set(before)]
    rank = {name: n for n, name in enumerate(STEPS)}
    newcomers = [b for a, b in moves if a == "newcomer"]
    return {"members-moving-up": sum(rank[b] > rank[a] for a, b in moves),
            "members-moving-down": sum(rank[b] < rank[a] for a, b in moves),
            "newcomers-of-the-previous-period-still-taking-part":
                pct(sum(b != "absent" for b in newcomers), len(newcomers)),
            "absence-factor": absence_factor(db, p) or None}


def absence_factor(db: DB, p: P) -> int:
    """The fewest members whose contributions make at least half of them all: the members,
    most first, whose running total before them is under half."""
    return int(one(db, f"""SELECT count(*) FILTER (2 * coalesce(before, 0) < total) FROM (
        SELECT sum(n) OVER (ORDER BY n DESC, member ROWS BETWEEN UNBOUNDED PRECEDING AND
        1 PRECEDING) AS before, sum(n) OVER () AS total FROM (
        SELECT member, count(*) AS n FROM ({CONTRIBUTIONS}) GROUP BY member))""", p))


# ------------------------------------------------------------------ evaluation
def survey_kind(db: DB, p: P, kind: str) -> Figures:
    """The mean and the number of the answers on a scale to questions of `kind` in the
    surveys of the period (no figure when no such question was answered)."""
    where = (f"FROM survey_responses WHERE indicator = '{kind}' AND scale IS NOT NULL "
             "AND survey_date BETWEEN $s AND $e")
    return {f"{kind}-mean": one(db, f"SELECT avg(answer_number) {where}", p),
            f"{kind}-answers": one(db, f"SELECT count(answer_number) {where}", p)}


def e1(db: DB, p: P) -> Figures:
    rate = one(db, """SELECT sum(n) / sum(invited) FROM (SELECT survey, any_value(invited)
        AS invited, count(DISTINCT response) AS n FROM survey_responses WHERE survey_date
        BETWEEN $s AND $e AND invited IS NOT NULL AND invited > 0 GROUP BY survey)""", p)
    return {"survey-answers": None, **survey_kind(db, p, "satisfaction"),
            **survey_kind(db, p, "ownership"),
            "response-rate": rate}


def e2(db: DB, p: P) -> Figures:
    return {"survey-answers": None, **survey_kind(db, p, "relationships"),
            "co-attendance-ties": one(db, TIES, p),
            "ties-across-organisations": one(db, TIES_ACROSS, p)}


def e3(db: DB, p: P) -> Figures:
    return {"survey-answers": None, **survey_kind(db, p, "capacity"),
            **survey_kind(db, p, "practice-change")}


UNKNOWN = "?"
RANK = {name: n for n, name in enumerate(STATUSES)}


def status_on(events: list[tuple[Any, ...]], status: str, recorded_added: Any,
              day: _dt.date, today: _dt.date) -> str | None:
    """A practice's status at the end of `day` from its practice_events (date, event,
    status): None when it did not exist yet, UNKNOWN when the records do not say."""
    if recorded_added is not None and recorded_added > day:
        return None
    if day >= today:
        return status
    reached = [(d, ev, st) for d, ev, st in events if d is not None and d <= day]
    if not reached:
        return None if recorded_added is None else UNKNOWN
    return reached[-1][2] or UNKNOWN


def practice_statuses(db: DB, p: P) -> Figures:
    """E4's practice figures: status moves in the period (its status the day before it
    began, or when it was added, against the day it is judged on) and the practices by
    status on that day; a count leaving some practices unknown is no figure when none is
    known."""
    events: dict[str, list[tuple[Any, ...]]] = {}
    for practice, day, event, status in rows(
            db, "SELECT practice, date, event, status FROM practice_events WHERE event IN "
            "('added', 'status') ORDER BY practice, date, event = 'status'"):
        events.setdefault(practice, []).append((day, event, status))
    moves: Counter[tuple[str, str]] = Counter()
    status_count: Counter[str] = Counter()
    moved_known = moved_unknown = status_unknown = 0
    for practice, status, added in rows(
            db, f"SELECT practice, status, a.date FROM practices LEFT JOIN ({ADDED}) a "
            "USING (practice)"):
        evs = events.get(practice, [])
        end = status_on(evs, status, added, p.asof, p.today)
        if end is None:
            continue
        if end == UNKNOWN:
            status_unknown += 1
            moved_unknown += 1
            continue
        status_count[end] += 1
        begin = status_on(evs, status, added, p.s - _dt.timedelta(days=1), p.today)
        if begin is None:  # added in the period: the status it was added with
            begin = next((st or UNKNOWN for _, ev, st in evs if ev == "added"), UNKNOWN)
        if begin == UNKNOWN:
            moved_unknown += 1
            continue
        moved_known += 1
        if RANK[end] > RANK[begin]:
            moves[(begin, end)] += 1
    known = sum(status_count.values())

    def value(n: int, k: int, u: int) -> int | None:
        return n if k or not u else None

    out: Figures = {
        "practices-moved-draft-tested": value(moves[("draft", "tested")], moved_known,
                                              moved_unknown),
        "practices-moved-to-evaluated": value(moves[("draft", "evaluated")]
                                              + moves[("tested", "evaluated")], moved_known,
                                              moved_unknown)}
    out.update({f"practices-{name}": value(status_count[name], known, status_unknown)
                for name in STATUSES})
    return out


def e4(db: DB, p: P) -> Figures:
    out = {**practice_statuses(db, p), **survey_kind(db, p, "knowledge")}
    if not one(db, "SELECT count(*) FROM topics", p):
        out["agenda-topics"] = None
    else:
        out.update({
            "agenda-topics": one(db, "SELECT count(*) FROM topics", p),
            "topics-covered": one(db, "SELECT count(*) FROM topics WHERE status = 'covered'",
                                  p),
            "topics-discussed-in-the-period": one(
                db, "SELECT count(*) FROM topics WHERE topic IN (SELECT unnest(topics) FROM "
                "meetings WHERE date BETWEEN $s AND $e)", p)})
    return out


def previous_of(p: P) -> P:
    """The period of the same length just before `p` (calendar years, as the test's)."""
    from copkit.periods import Period

    before = Period(p.s, p.e, "").previous()
    return P(before.start, before.end, p.today, p.previous)
