"""The long fault-injection sweep (issue #13): every write command interrupted at EVERY point
where a crash or a failing disk can stop it, plus kills after N milliseconds, each judged as
tests/faults.py judges (all as before or all as after once `copkit repair` has run; every file
readable; nothing left; the commit the command's own; the next command works).

CI runs a sample of these points (tests/test_faults.py); this runs them all and prints, for
each command, the points tried and held, and the totals for the README.

Run: python benchmarks/bench_faults.py [--only NAME] [--timed MS,MS,...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.faults import COMMANDS, every_fault, interrupted, reference


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="one command, by name (e.g. 'member forget')")
    parser.add_argument("--timed", default="100,250,500,800",
                        help="kills after these milliseconds, for every command")
    args = parser.parse_args()
    timed = [int(ms) for ms in args.timed.split(",") if ms]
    total = held = 0
    failures: list[str] = []
    start = time.perf_counter()
    print(f"{'command':22} {'points':>6} {'tried':>6} {'held':>5}  rolled back / finished")
    for name, cmd in COMMANDS:
        if args.only and name != args.only:
            continue
        with tempfile.TemporaryDirectory(prefix="copkit-faults-") as tmp:
            try:
                ref = reference(Path(tmp), cmd)
            except AssertionError as exc:  # the command fails uninterrupted
                failures.append(f"{name}: does not run: {exc}")
                continue
            faults: list[str | None] = list(every_fault(ref))
            verdicts = [interrupted(Path(tmp), ref, fault) for fault in faults]
            verdicts += [interrupted(Path(tmp), ref, kill_after=ms / 1000) for ms in timed]
        ok = [v for v in verdicts if v.held]
        back = sum(v.why == "as before" for v in ok)
        total += len(verdicts)
        held += len(ok)
        failures += [f"{name}: {v.fault}: {v.why}" for v in verdicts if not v.held]
        print(f"{name:22} {len(ref.points):>6} {len(verdicts):>6} {len(ok):>5}  "
              f"{back} / {len(ok) - back}")
    print(f"total: {total} interruptions tried, {held} held "
          f"({time.perf_counter() - start:.0f} s)")
    for line in failures:
        print(f"NOT HELD {line}")
    return 0 if held == total else 1


if __name__ == "__main__":
    sys.exit(main())
