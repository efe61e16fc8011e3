"""Benchmark for `copkit import members` (issue #13) on the large synthetic CoP.

Target: a 20,000-row roster imported into the 1,000-member CoP with
`copkit import members ROSTER --yes --no-commit` in under 10 s wall (the whole CLI process,
started as a user would), every row sorted by the matching rule: same email, or same name when
either side has no email, is the same person; a close name is a *possible duplicate*, added
and listed, never merged.

The roster (seeded, so every run reads the same file) holds, in shuffled order:
* 500 members of the CoP, with their email and their name in capitals (matched by email);
* 300 members with one letter of their name changed and another email (possible duplicates);
* 200 members' names with no email (matched by name; members whose name no other member has,
  or the row would be ambiguous and the import refused);
* and new people for the rest: a given name and two surnames from benchmarks/generate.py's
  lists (some share a name with a member or with each other, as in real rosters), each with
  an email of their own.

Run: python benchmarks/bench_imports.py [--keep DIR] [--runs 3] [--rows 20000]
         [--baseline REV [--baseline-rows N]]
Prints the median wall time and CPU time of --runs runs (each on a fresh copy of members.yaml),
the peak resident memory of the copkit process, how the rows were sorted, and with --baseline
the same import by copkit as of git revision REV (extracted to a temporary folder), on the
first N rows (the old matcher is quadratic: 20,000 rows took over three minutes).
"""

from __future__ import annotations

import argparse
import collections
import csv
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_records import prepare
from generate import FIRST_NAMES, LAST_NAMES, as_installed

REPO = Path(__file__).resolve().parent.parent
TARGET = 10.0
# runs a command and prints its children's CPU time and peak resident memory (KiB) on stderr
_MEASURE = ("import resource, subprocess, sys\n"
            "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
            "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "sys.stdout.write(done.stdout)\n"
            "sys.stderr.write(done.stderr)\n"
            "sys.stderr.write(f'\\nMEASURE {use.ru_utime + use.ru_stime} {use.ru_maxrss}\\n')\n"
            "sys.exit(done.returncode)\n")


def members_of(root: Path) -> list[dict[str, str]]:
    from copkit.yaml.read import read_file

    data = read_file(root / "members.yaml", "members.yaml").data
    found: dict[str, dict[str, str]] = {}
    if (root / "contacts.yaml").is_file():  # the new layout: the emails are there
        book = read_file(root / "contacts.yaml", "contacts.yaml").data
        found = {str(c["id"]): {k: str(v) for k, v in c.items() if isinstance(v, str)}
                 for c in book.get("contacts") or [] if isinstance(c, dict)}
    return [{**{k: str(v) for k, v in m.items() if isinstance(v, str)},
             **{k: v for k, v in found.get(str(m.get("id")), {}).items() if k != "id"}}
            for m in data["members"] if isinstance(m, dict)]


def _typo(rng: random.Random, name: str) -> str:
    """``name`` with one letter of its longest word changed (not the first letter)."""
    words = name.split()
    i = max(range(len(words)), key=lambda k: len(words[k]))
    word = words[i]
    at = rng.randrange(1, len(word))
    letter = rng.choice([c for c in "aeiourlnst" if c != word[at].lower()])
    words[i] = word[:at] + letter + word[at + 1:]
    return " ".join(words)


def write_roster(path: Path, members: list[dict[str, str]], rows: int, seed: int = 13
                 ) -> dict[str, int]:
    """The roster described in the module notes; returns how many rows of each sort."""
    from copkit.records.people import name_key

    rng = random.Random(seed)
    pool = rng.sample(members, min(800, len(members)))
    known = [(m["name"].upper(), m["email"], m.get("organisation", "")) for m in pool[:500]]
    typos = [(_typo(rng, m["name"]), f"other.{i}@elsewhere.example.org",
              m.get("organisation", "")) for i, m in enumerate(pool[500:800])]
    # a row without an email is a member only when no other member has that name
    names = collections.Counter(name_key(m["name"]) for m in members)
    unique = [m for m in members if names[name_key(m["name"])] == 1]
    no_email = [(m["name"], "", "") for m in rng.sample(unique, min(200, len(unique)))]
    fixed = known + typos + no_email
    new = []
    for i in range(max(0, rows - len(fixed))):
        name = (f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} "
                f"{rng.choice(LAST_NAMES)}")
        new.append((name, f"person{i}@roster.example.org", f"Municipality {i % 400}"))
    body = (fixed + new)[:rows]
    rng.shuffle(body)
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Name", "Email", "Organisation", "Country"])
        for name, email, org in body:
            out.writerow([name, email, org, rng.choice(["PE", "MX", "SN", "NO", "CA"])])
    return {"known by email": len(known), "known, a letter changed": len(typos),
            "known by name": len(no_email), "new": len(new)}


class Run:
    """One copkit process: wall and CPU seconds, peak memory (MB), exit code, output."""

    def __init__(self, cmd: list[str], env: dict[str, str], cwd: Path | None = None) -> None:
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], env=env, cwd=cwd,
                              capture_output=True, text=True, check=False)
        self.wall = time.perf_counter() - start
        head, _, measure = done.stderr.rpartition("MEASURE ")
        self.cpu, self.peak = float(measure.split()[0]), int(measure.split()[1]) / 1024
        self.code, self.stdout, self.stderr = done.returncode, done.stdout, head.strip()


def import_once(base: Path, roster: Path, env: dict[str, str], cwd: Path | None = None) -> Run:
    """One `copkit import members --yes --no-commit` run, members.yaml restored after it
    (``cwd``: the folder whose copkit `python -m copkit` runs, first on sys.path)."""
    members = (base / "members.yaml").read_bytes()
    try:
        return Run([sys.executable, "-m", "copkit", "import", "members", str(roster), "--yes",
                    "--no-commit", "--cop", str(base)], env, cwd)
    finally:
        (base / "members.yaml").write_bytes(members)


def sorted_rows(stdout: str) -> str:
    summary = next((ln for ln in stdout.splitlines() if ln.startswith("summary: ")), "?")
    possible = sum(1 for ln in stdout.splitlines() if "possible duplicate of" in ln
                   and ln.startswith("  new"))
    return f"{summary[len('summary: '):]}; {possible} flagged as possible duplicates"


def baseline(rev: str, base: Path, roster: Path, rows: int) -> None:
    """The same import by copkit as of ``rev``, on the roster's first ``rows`` rows."""
    tmp = Path(tempfile.mkdtemp())
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, "copkit"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive, check=True)
    small = tmp / "roster.csv"
    with roster.open(encoding="utf-8") as src:
        small.write_text("".join(line for _, line in zip(range(rows + 1), src, strict=False)),
                         encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp)}
    for label, env_run, cwd in ((f"copkit {rev[:10]}", env, tmp),
                                ("copkit now", dict(os.environ), None)):
        run = import_once(base, small, env_run, cwd)
        what = sorted_rows(run.stdout) if run.code == 0 else \
            f"{sorted_rows(run.stdout)}; refused: {run.stderr.splitlines()[0][:110]}"
        print(f"  {label:<18} {rows:>6} rows: wall {run.wall:6.2f} s, CPU {run.cpu:6.2f} s, "
              f"peak {run.peak:.0f} MB; {what}")
    shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--baseline", metavar="REV",
                        help="also time copkit as of this git revision")
    parser.add_argument("--baseline-rows", type=int, default=2000)
    args = parser.parse_args()
    print(as_installed())
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} "
          "(other work on a shared machine inflates wall times)")
    base = args.keep or Path(tempfile.mkdtemp()) / "big-cop"
    start = time.perf_counter()
    prepare(base)
    members = members_of(base)
    roster = base.parent / f"roster-{args.rows}.csv"
    sorts = write_roster(roster, members, args.rows)
    print(f"large CoP at {base}: {len(members)} members; roster {roster.name}: {args.rows} rows "
          f"({', '.join(f'{n} {k}' for k, n in sorts.items())}), "
          f"{roster.stat().st_size / 1024:.0f} KB "
          f"(prepared in {time.perf_counter() - start:.1f} s)")
    runs = [import_once(base, roster, dict(os.environ)) for _ in range(args.runs)]
    for run in runs:
        if run.code != 0:
            raise SystemExit(f"failed ({run.code}):\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")
    walls = [r.wall for r in runs]
    cpus = [r.cpu for r in runs]
    peaks = [r.peak for r in runs]
    out = runs[-1].stdout
    med = statistics.median(walls)
    verdict = "ok" if med < TARGET else "OVER TARGET"
    print(f"copkit import members ({args.rows} rows) --yes --no-commit: wall median {med:.2f} s "
          f"(runs {', '.join(f'{t:.2f}' for t in walls)}; CPU {statistics.median(cpus):.2f} s), "
          f"peak memory {max(peaks):.0f} MB  target < {TARGET:g} s: {verdict}")
    print(f"  rows sorted: {sorted_rows(out)}")
    example = next((ln for ln in out.splitlines() if "possible duplicate of" in ln), None)
    if example:
        print(f"  e.g. {re.sub(r' +', ' ', example.strip())}")
    if args.baseline:
        print(f"comparison on the first {args.baseline_rows} rows:")
        baseline(args.baseline, base, roster, args.baseline_rows)
    if not args.keep:
        print(f"(the CoP is left at {base}; pass --keep DIR to choose where)")


if __name__ == "__main__":
    main()
