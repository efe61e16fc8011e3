"""How many files of a large CoP the fast line reader (copkit.yaml.fast) reads without falling
back to read.parse, in copkit's own layout and as PyYAML and ruamel.yaml write the same data;
every fast result is checked equal (types included) to read.parse's data.

Target (issue #14 item 9): at least 95% of the PyYAML-dumped files on the fast path.
Run: python benchmarks/bench_fastpath.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generate import generate_cop

from copkit.yaml.fast import NotSimple, load_simple
from copkit.yaml.read import parse
from copkit.yaml.scalars import plain
from tests.test_fastyaml import pyyaml_dump, ruamel_dump, same


def count(texts: dict[str, str]) -> tuple[int, list[str]]:
    """How many of ``texts`` load_simple reads (each checked against read.parse), and the names
    of the refused ones."""
    fast = 0
    refused: list[str] = []
    for name, text in texts.items():
        try:
            got = load_simple(text)
        except NotSimple:
            refused.append(name)
            continue
        want = parse(text).data
        assert same(got, want), f"{name}: fast result differs from read.parse"
        fast += 1
    return fast, refused


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--show", type=int, default=0, help="print why N refused files failed")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp()) / "big-cop"
    if not (base / "charter.yaml").exists():
        generate_cop(base)
    paths = sorted(base.rglob("*.yaml"))
    own = {str(p.relative_to(base)): p.read_text(encoding="utf-8") for p in paths}
    layouts: dict[str, dict[str, str]] = {"copkit": own, "PyYAML": {}, "ruamel": {}}
    with tempfile.TemporaryDirectory(prefix="copkit-fastpath-") as tmp:
        for name, text in own.items():
            data = plain(parse(text).data)
            for layout, dump in (("PyYAML", pyyaml_dump), ("ruamel", ruamel_dump)):
                path = Path(tmp) / layout / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(dump(data), encoding="utf-8")
                layouts[layout][name] = path.read_text(encoding="utf-8")
    print(f"{'layout':8} {'fast':>6} {'files':>6} {'share':>7}")
    for layout, texts in layouts.items():
        fast, refused = count(texts)
        print(f"{layout:8} {fast:6} {len(texts):6} {100 * fast / len(texts):6.1f}%")
        for name in refused[:args.show]:
            try:
                load_simple(texts[name])
            except NotSimple as exc:
                print(f"  {layout} {name}: {exc}")


if __name__ == "__main__":
    main()
