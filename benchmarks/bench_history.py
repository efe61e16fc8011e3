"""Benchmark for issue #6: `copkit history` and `copkit diff` on a 5,000-commit repository over
a large synthetic CoP, run as subprocesses of the real CLI.

Targets: `copkit history` < 2 s; `copkit diff` between two commits a year apart < 2 s.
`copkit history` is timed cold (COPKIT_HISTORY_CACHE=0: every commit worked out) and warm
(the words of past commits read from .git/copkit, as on every run after the first). The
repository is packed as ``git gc`` packs one built commit by commit (``git repack -a -d -f``,
which git's fast-import documentation advises after an import); a cold run is also timed,
without a target, on a copy left in fast-import's own pack (``DIR-fast-import`` next to it),
which stores most versions of ``members.yaml`` whole.

The repository comes from ``benchmarks/generate.py``'s ``generate_history(dest, commits)`` when
it exists; otherwise (or with ``--builder own``) from the small ``git fast-import`` builder
below: 5,000 commits over five years growing a CoP to 1,000 members, 520 meetings of 25
attendees, 1,000 practices, 100 stories and 10 surveys, with attendance updates, status changes,
members leaving, charter reviews and activity updates in between.

Run: python benchmarks/bench_history.py [--keep DIR] [--commits N] [--runs N] [--builder B]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import as_installed

TARGET = 2.0
START = dt.datetime(2021, 11, 1, 9, 0, tzinfo=dt.timezone.utc)
YEARS = 5


# ---------------------------------------------------------------- the fast-import builder
class _State:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.members: list[dict[str, Any]] = []
        self.topics: list[dict[str, Any]] = []
        self.meetings: dict[str, dict[str, Any]] = {}
        self.practices: dict[str, dict[str, Any]] = {}
        self.surveys: dict[str, int] = {}
        self.reviews: list[str] = []
        self.activities: list[dict[str, Any]] = []

    def add_member(self, day: dt.date) -> str:
        n = len(self.members)
        ident = f"member-{n:04d}"
        self.members.append({"id": ident, "name": f"Member {n} Pérez", "org": f"Org {n % 37}",
                             "country": ("PE", "CO", "FR", "ES", "CA")[n % 5],
                             "level": ("core", "active", "peripheral")[n % 3],
                             "joined": day if n % 7 else None, "left": None,
                             "email": f"m{n}@example.org"})
        return ident

    def members_yaml(self) -> str:
        out = ["# everyone in the community", "members:"]
        for m in self.members:
            out += [f"  - id: {m['id']}", f"    name: {m['name']}",
                    f"    organisation: {m['org']}", f"    country: {m['country']}",
                    "    roles: [participant]", f"    level: {m['level']}",
                    f"    email: {m['email']}"]
            if m["joined"]:
                out.append(f"    joined: {m['joined']}")
            out.append(f"    left: {m['left'] or 'null'}")
            out.append("    interests: [unit-models, budgets]")
        return "\n".join(out) + "\n"

    def agenda_yaml(self) -> str:
        out = ["topics:"]
        for t in self.topics:
            out += [f"  - id: {t['id']}", f"    title: {t['title']}",
                    f"    status: {t['status']}"]
        return "\n".join(out) + "\n"

    def charter_yaml(self) -> str:
        out = ["name: Synthetic CoP", "stage: maturing", "started: 2021-11-01",
               "goals:", "  - {id: g1, statement: Share what works}",
               "  - {id: g2, statement: Learn from each other}",
               "ways_of_working:", "  meeting_frequency: fortnightly", "review:",
               "  cycle: annual"]
        if self.reviews:
            out.append(f"  last_reviewed: {self.reviews[-1]}")
            out.append("  log:")
            out += [f"    - {{date: {d}, by: member-0000, summary: Review {d}}}"
                    for d in self.reviews]
        return "\n".join(out) + "\n"

    def activities_yaml(self) -> str:
        out = ["activities:"]
        for a in self.activities:
            out += [f"  - id: {a['id']}", f"    title: {a['title']}", "    kind: webinar",
                    f"    status: {a['status']}"]
        return "\n".join(out) + "\n"

    def meeting_yaml(self, ident: str) -> str:
        m = self.meetings[ident]
        attendees = ", ".join(m["attendees"])
        return (f"date: {m['date']}\ntitle: Meeting {ident}\nformat: virtual\n"
                f"facilitator: {m['facilitator']}\ntopics: [{m['topic']}]\n"
                f"attendees: [{attendees}]\nnotes: |\n  What we talked about.\n"
                "  Several paragraphs of notes.\n")

    def practice_yaml(self, ident: str) -> str:
        p = self.practices[ident]
        return (f"title: Practice {ident}\nkind: method\nstatus: {p['status']}\n"
                f"contributors: [{p['contributor']}]\ntopics: [{p['topic']}]\n"
                + (f"added: {p['added']}\n" if p["added"] else "")
                + "summary: One paragraph about it.\n")

    def survey_yaml(self, ident: str) -> str:
        n = self.surveys[ident]
        lines = [f"title: Survey {ident}", "date: 2025-11-01", "invited: 1000", "questions:",
                 "  - {id: q1, text: How satisfied are you?, scale: 5, indicator: satisfaction}",
                 "responses:"]
        lines += [f"  - {{respondent: member-{i:04d}, answers: {{q1: {1 + i % 5}}}}}"
                  for i in range(n)]
        return "\n".join(lines) + "\n"


def build_own(dest: Path, commits: int = 5000, seed: int = 1, repack: bool = True
              ) -> dict[str, int]:
    """A repository of ``commits`` commits, written with one ``git fast-import`` run (and
    packed again as git gc would, unless ``repack`` is false)."""
    rng = random.Random(seed)
    state = _State(rng)
    dest.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(dest)], check=True)
    plan = (["join"] * 800 + ["leave"] * 150 + ["meeting"] * 520 + ["attend"] * 1040
            + ["practice"] * 1000 + ["status"] * 800 + ["topic"] * 300 + ["story"] * 100
            + ["survey"] * 10 + ["responses"] * 180 + ["review"] * 20 + ["activity"] * 80)
    kinds = [plan[i * len(plan) // (commits - 1)] for i in range(commits - 1)]
    rng.shuffle(kinds)
    step = dt.timedelta(seconds=YEARS * 365 * 86400 / commits)
    chunks: list[bytes] = []
    mark = 0

    def emit(when: dt.datetime, message: str, files: dict[str, str]) -> None:
        nonlocal mark
        mark += 1
        stamp = int(when.timestamp())
        parts = [f"commit refs/heads/main\nmark :{mark}\n"
                 f"author Facilitator {mark % 5} <f{mark % 5}@example.org> {stamp} +0000\n"
                 f"committer Facilitator {mark % 5} <f{mark % 5}@example.org> {stamp} +0000\n"]
        msg = message.encode()
        head = "".join(parts).encode() + b"data %d\n" % len(msg) + msg + b"\n"
        if mark > 1:
            head += b"from :%d\n" % (mark - 1)
        body = [head]
        for path, text in files.items():
            data = text.encode()
            body.append(b"M 100644 inline " + path.encode() + b"\ndata %d\n" % len(data)
                        + data + b"\n")
        chunks.append(b"".join(body) + b"\n")

    for _ in range(200):
        state.add_member(START.date())
    state.topics = [{"id": f"topic-{i:02d}", "title": f"Topic {i}", "status": "planned"}
                    for i in range(30)]
    state.activities = [{"id": f"activity-{i:02d}", "title": f"Activity {i}",
                         "status": "planned"} for i in range(20)]
    emit(START, "start the CoP", {"charter.yaml": state.charter_yaml(),
                                  "members.yaml": state.members_yaml(),
                                  "learning-agenda.yaml": state.agenda_yaml(),
                                  "activities.yaml": state.activities_yaml()})
    n_meeting = n_practice = n_story = n_survey = 0
    for i, kind in enumerate(kinds, start=1):
        when = START + step * i
        day = when.date()
        files: dict[str, str] = {}
        if kind == "attend" and not state.meetings:
            kind = "meeting"
        if kind == "status" and not state.practices:
            kind = "practice"
        if kind == "responses" and not state.surveys:
            kind = "survey"
        current = [m for m in state.members if m["left"] is None]
        if kind == "join" or (kind == "leave" and len(current) < 50):
            ident = state.add_member(day)
            files["members.yaml"] = state.members_yaml()
            message = f"copkit: add member {ident}"
        elif kind == "leave":
            who = rng.choice(current)
            who["left"] = day
            files["members.yaml"] = state.members_yaml()
            message = f"copkit: leave member {who['id']}"
        elif kind == "meeting":
            n_meeting += 1
            ident = f"{day.isoformat()}-meeting-{n_meeting:03d}"
            state.meetings[ident] = {
                "date": day, "facilitator": rng.choice(current)["id"],
                "topic": rng.choice(state.topics)["id"],
                "attendees": [m["id"] for m in rng.sample(current, min(10, len(current)))]}
            files[f"meetings/{ident}.yaml"] = state.meeting_yaml(ident)
            message = f"copkit: new meeting {ident}"
        elif kind == "attend":
            ident = rng.choice(list(state.meetings)[-40:])
            meeting = state.meetings[ident]
            extra = [m["id"] for m in rng.sample(current, 8)
                     if m["id"] not in meeting["attendees"]][:25 - len(meeting["attendees"])]
            meeting["attendees"] = meeting["attendees"] + extra
            files[f"meetings/{ident}.yaml"] = state.meeting_yaml(ident)
            message = f"copkit: attend meeting {ident}"
        elif kind == "practice":
            n_practice += 1
            ident = f"practice-{n_practice:04d}"
            state.practices[ident] = {"status": "draft", "contributor": rng.choice(current)["id"],
                                      "topic": rng.choice(state.topics)["id"],
                                      "added": day if n_practice % 5 else None}
            files[f"practices/{ident}.yaml"] = state.practice_yaml(ident)
            message = f"copkit: add practice {ident}"
        elif kind == "status":
            ident = rng.choice(list(state.practices))
            p = state.practices[ident]
            p["status"] = {"draft": "tested", "tested": "evaluated",
                           "evaluated": "evaluated"}[p["status"]]
            files[f"practices/{ident}.yaml"] = state.practice_yaml(ident)
            message = f"copkit: update practice {ident}"
        elif kind == "topic":
            if len(state.topics) < 120 and rng.random() < 0.5:
                state.topics.append({"id": f"topic-{len(state.topics):02d}",
                                     "title": "A new topic", "status": "planned"})
            else:
                t = rng.choice(state.topics)
                t["status"] = {"planned": "in-progress", "in-progress": "covered",
                               "covered": "covered", "dropped": "dropped"}[t["status"]]
            files["learning-agenda.yaml"] = state.agenda_yaml()
            message = "copkit: update learning agenda"
        elif kind == "story":
            n_story += 1
            ident = f"story-{n_story:03d}"
            files[f"stories/{ident}.yaml"] = (
                f"title: Story {n_story}\ndate: {day}\nmember: {rng.choice(current)['id']}\n"
                "goals: [g1]\ncycles:\n  immediate: It helped.\n  applied: We used it.\n")
            message = f"copkit: add story {ident}"
        elif kind == "survey":
            n_survey += 1
            ident = f"survey-{n_survey:02d}"
            state.surveys[ident] = 0
            files[f"surveys/{ident}.yaml"] = state.survey_yaml(ident)
            message = f"copkit: add survey {ident}"
        elif kind == "responses":
            ident = rng.choice(list(state.surveys))
            state.surveys[ident] += 20
            files[f"surveys/{ident}.yaml"] = state.survey_yaml(ident)
            message = f"copkit: import survey {ident}"
        elif kind == "review":
            state.reviews.append(day.isoformat())
            files["charter.yaml"] = state.charter_yaml()
            message = "copkit: review"
        else:
            a = rng.choice(state.activities)
            a["status"] = {"planned": "under-way", "under-way": "done", "done": "done"}[
                a["status"]]
            files["activities.yaml"] = state.activities_yaml()
            message = f"copkit: update activity {a['id']}"
        emit(when, message, files)
    stream = b"".join(chunks)
    subprocess.run(["git", "-C", str(dest), "fast-import", "--quiet"], input=stream,
                   check=True)
    if repack:
        subprocess.run(["git", "-C", str(dest), "repack", "-a", "-d", "-f", "-q"], check=True)
    subprocess.run(["git", "-C", str(dest), "checkout", "-q", "-f", "main"], check=True)
    return {"commits": mark, "members": len(state.members), "meetings": n_meeting,
            "practices": n_practice, "stream_mb": len(stream) // 1_000_000}


def build(dest: Path, commits: int, builder: str, repack: bool = True
          ) -> tuple[str, dict[str, Any]]:
    if builder in ("auto", "shared"):
        import importlib

        try:
            generate_history = getattr(importlib.import_module("generate"), "generate_history",
                                       None)
        except ImportError:
            generate_history = None
        if generate_history is not None:
            info = generate_history(dest, commits=commits, repack=repack)
            return "generate.generate_history", info if isinstance(info, dict) else {}
        if builder == "shared":
            raise SystemExit("benchmarks/generate.py has no generate_history yet")
    return "bench_history.build_own (git fast-import)", build_own(dest, commits,
                                                                  repack=repack)


# ---------------------------------------------------------------- timing
def wall(cmd: list[str], runs: int, env: dict[str, str] | None = None
         ) -> tuple[float, int, int]:
    import os

    times = []
    code = size = 0
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, check=False,
                              env={**os.environ, **(env or {})})
        times.append(time.perf_counter() - start)
        code, size = proc.returncode, len(proc.stdout)
        if proc.returncode != 0:
            print(proc.stderr.decode(errors="replace"), file=sys.stderr)
    return statistics.median(times), code, size


def git_out(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=True).stdout.strip()


def some_member(dest: Path) -> str:
    """A member who is really in the generated CoP (the 42nd, or the last if fewer)."""
    import yaml

    data = yaml.load((dest / "members.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    ids = [str(m["id"]) for m in data["members"]]
    return ids[min(41, len(ids) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="build the repository here and keep it")
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--builder", choices=("auto", "shared", "own"), default="auto")
    parser.add_argument("--verify", action="store_true",
                        help="also check that the quick comparisons give the same words as "
                        "parsing every version whole")
    args = parser.parse_args()
    print(as_installed())
    dest = args.keep or Path(tempfile.mkdtemp()) / "history-cop"
    if not (dest / ".git").exists():
        start = time.perf_counter()
        origin, info = build(dest, args.commits, args.builder)
        print(f"built with {origin} in {time.perf_counter() - start:.1f} s: {info}")
    count = int(git_out(dest, "rev-list", "--count", "HEAD"))
    first_day = git_out(dest, "log", "--reverse", "--format=%as", "HEAD").splitlines()[0]
    last_day = git_out(dest, "log", "-1", "--format=%as", "HEAD")
    print(f"repository: {count} commits from {first_day} to {last_day}")

    copkit = [sys.executable, "-m", "copkit"]
    cop = ["--cop", str(dest)]
    # a year apart: the last commit before the history's last year, and the last commit
    end = dt.date.fromisoformat(last_day)
    year_ago = end.replace(year=end.year - 1)
    old = git_out(dest, "log", "-1", "--format=%H", f"--before={year_ago} 23:59:59", "HEAD")
    new = git_out(dest, "rev-parse", "HEAD")
    cold = {"COPKIT_HISTORY_CACHE": "0"}
    member = some_member(dest)
    # the same history in the pack git fast-import wrote, before the repack git's
    # documentation advises: many versions of members.yaml stored whole (a worst case; no
    # repository built commit by commit and packed by git gc looks like it)
    unpacked = dest.with_name(dest.name + "-fast-import")
    if not (unpacked / ".git").exists():
        build(unpacked, args.commits, args.builder, repack=False)
    runs: list[tuple[str, list[str], float | None, dict[str, str] | None]] = [
        ("copkit history (cold: no cache)", [*copkit, "history", *cop], TARGET, cold),
        ("copkit history (cold, fast-import's pack: not repacked)",
         [*copkit, "history", "--cop", str(unpacked)], None, cold),
        ("copkit history (warm: words of past commits cached)", [*copkit, "history", *cop],
         TARGET, None),
        ("copkit history --format json (cold)", [*copkit, "history", "--format", "json", *cop],
         None, cold),
        (f"copkit history --member {member} (warm)", [*copkit, "history", "--member",
                                                     member, *cop], None, None),
        ("copkit history meetings (a folder: no cache)", [*copkit, "history", "meetings", *cop],
         None, None),
        (f"copkit diff {old[:8]} {new[:8]} (a year apart)", [*copkit, "diff", old, new, *cop],
         TARGET, None),
        (f"copkit diff --since {year_ago}", [*copkit, "diff", "--since", str(year_ago), *cop],
         None, None),
        ("copkit --help (start-up)", [*copkit, "--help"], None, None),
    ]
    # fill the cache once, so the warm figures are what a second run costs
    subprocess.run([*copkit, "history", *cop], capture_output=True, check=False)
    print(f"median of {args.runs} runs (wall time of the real CLI as a subprocess):")
    failed = False
    for label, cmd, target, env in runs:
        seconds, code, size = wall(cmd, args.runs, env)
        verdict = ""
        if target is not None:
            ok = seconds < target and code == 0
            failed |= not ok
            verdict = f"  target < {target:.0f} s: {'met' if ok else 'NOT MET'}"
        print(f"  {label:<56} {seconds:6.2f} s  exit {code}  {size / 1e6:6.2f} MB out{verdict}")
    if args.verify:
        verify(dest)
    if failed:
        sys.exit(1)


def verify(dest: Path) -> None:
    """Every commit's words from the quick comparisons against whole parses of each version."""
    from copkit.git import pieces
    from copkit.git.history import history
    from copkit.git.reader import Reader

    def words(entries: list[Any]) -> list[Any]:
        return [(e.sha, [c.text for c in e.changes], e.problems) for e in entries]

    quick = words(history(dest, use_cache=False))
    saved = Reader.list_changes, pieces.PIECES_MIN_BYTES
    Reader.list_changes = lambda self, *a, **k: None  # type: ignore[method-assign]
    pieces.PIECES_MIN_BYTES = 1 << 40
    try:
        whole = words(history(dest, use_cache=False))
    finally:
        Reader.list_changes, pieces.PIECES_MIN_BYTES = saved  # type: ignore[method-assign]
    differ = [(a, b) for a, b in zip(quick, whole, strict=True) if a != b]
    print(f"verify: {len(quick)} commits, {len(differ)} worded differently by the quick "
          "comparisons than by whole parses")
    for a, b in differ[:3]:
        print(f"  {a[0][:10]}: quick {a[1] or a[2]}\n              whole {b[1] or b[2]}")


if __name__ == "__main__":
    main()
