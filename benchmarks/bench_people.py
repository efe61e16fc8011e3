"""Naming people on the large CoP (#15): the one resolver in the record commands.

Times `member show` and `plan assign` (no commit) with a member named by id, by full name, by a
word only their name has, and by an ambiguous surname, on the large CoP of generate.py; with
--before COMMIT the same commands run from a git worktree of that commit in the same run (a
name the old code did not take is shown as 'refused'). Median of --runs runs, wall seconds.

    python benchmarks/bench_people.py --before 47d706d
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_records import prepare

ROOT = Path(__file__).resolve().parent.parent


def run(tree: Path, cop: Path, args: list[str], runs: int) -> str:
    times, code = [], 0
    env = {**os.environ, "PYTHONPATH": str(tree)}
    for _ in range(runs):
        start = time.perf_counter()
        code = subprocess.run([sys.executable, "-m", "copkit", *args, "--cop", str(cop)],
                              env=env, cwd=str(tree), capture_output=True).returncode
        times.append(time.perf_counter() - start)
    return f"{statistics.median(times):.2f} s (exit {code})" if code in (0, 1) else "refused"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", help="a commit to compare with, from a git worktree")
    parser.add_argument("--runs", type=int, default=3)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cop = Path(tmp) / "cop"
        prepare(cop)
        import yaml

        members = yaml.safe_load((cop / "members.yaml").read_text("utf-8"))["members"]
        words: dict[str, list[str]] = {}
        for m in members:
            for w in str(m["name"]).split():
                words.setdefault(w, []).append(m["id"])
        names = [str(m["name"]) for m in members]
        member = min((m for m in members if names.count(str(m["name"])) == 1),
                     key=lambda m: min(len(words[w]) for w in str(m["name"]).split()))
        unique = min(str(member["name"]).split(), key=lambda w: len(words[w]))
        common = max(words, key=lambda w: len(words[w]))
        cases = {"member show ID": ["member", "show", member["id"]],
                 "member show FULL NAME": ["member", "show", member["name"]],
                 f"member show '{unique}' ({len(words[unique])} member(s))": [
                     "member", "show", unique],
                 f"member show '{common}' ({len(words[common])} members)": [
                     "member", "show", common],
                 "plan assign 4 --to FULL NAME (no commit)": [
                     "plan", "assign", "4", "--to", member["name"], "--no-commit"]}
        trees = {"now": ROOT}
        if opts.before:
            wt = Path(tmp) / "before"
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach",
                            str(wt), opts.before], check=True)
            trees[opts.before] = wt
        try:
            print(f"{len(members)} members; median of {opts.runs} runs")
            for label, args in cases.items():
                row = "  ".join(f"{name}: {run(tree, cop, args, opts.runs)}"
                                for name, tree in trees.items())
                print(f"{label:48} {row}")
        finally:
            if opts.before:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                                str(trees[opts.before])], check=False)


if __name__ == "__main__":
    main()
