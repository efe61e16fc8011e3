"""Generate a portfolio of synthetic CoPs for `copkit portfolio` benchmarks: ``count`` CoPs,
each a git repository of one commit holding what ``generate.generate_cop`` writes at a
small size (50 members, 50 meetings by default), each with its own charter name (so its own
id) and seed. A LIST file of their folders is written beside them (``cops.txt``).

Command line::

    python benchmarks/generate_portfolio.py DEST [--count 200] [--members 50] [--meetings 50]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate_cop

_GIT_ENV = {"GIT_AUTHOR_NAME": "Benchmark", "GIT_AUTHOR_EMAIL": "bench@example.org",
            "GIT_COMMITTER_NAME": "Benchmark", "GIT_COMMITTER_EMAIL": "bench@example.org",
            "GIT_AUTHOR_DATE": "2026-11-15T12:00:00Z",
            "GIT_COMMITTER_DATE": "2026-11-15T12:00:00Z"}


def generate_portfolio(dest: Path, count: int = 200, members: int = 50,
                       meetings: int = 50) -> list[Path]:
    """``count`` CoPs under ``dest`` (cop-001 ...), each committed; their folders."""
    dest.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **_GIT_ENV}
    folders = []
    for n in range(1, count + 1):
        folder = dest / f"cop-{n:03d}"
        if not (folder / ".git").is_dir():
            generate_cop(folder, members=members, meetings=meetings, attendees=min(12, members),
                         practices=20, stories=5, surveys=2, responses=min(20, members),
                         seed=n)
            charter = folder / "charter.yaml"
            text = charter.read_text(encoding="utf-8")
            # each CoP its own name, so its own id in the portfolio
            text = re.sub(r"^name: .*$", f"name: Synthetic community {n:03d}", text, count=1,
                          flags=re.M)
            charter.write_text(text, encoding="utf-8")
            for args in (["init", "-q", "-b", "main"], ["add", "-A"],
                         ["commit", "-q", "-m", "records"]):
                subprocess.run(["git", "-C", str(folder), *args], check=True, env=env)
        folders.append(folder)
    (dest / "cops.txt").write_text("".join(f"{f}\n" for f in folders), encoding="utf-8")
    return folders


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dest", type=Path)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--meetings", type=int, default=50)
    args = parser.parse_args()
    folders = generate_portfolio(args.dest, args.count, args.members, args.meetings)
    print(f"{len(folders)} CoPs in {args.dest} (list: {args.dest / 'cops.txt'})")


if __name__ == "__main__":
    main()
