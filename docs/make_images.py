"""The README's page images of the report's summary, one per language: page 1 of
`copkit report --format pdf --lang L` on the led-units example, as docs/img/summary-L.png.

    python docs/make_images.py

Needs `pdftoppm` (poppler-utils: `apt-get install poppler-utils`). The example is copied to a
temporary git repository first (the report reads the history); today is fixed so that the
images change only when the report does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "img"
EXAMPLE = "led-units"
TODAY = "2026-11-30"
LANGUAGES = ("en", "es", "fr")


def main() -> int:
    if shutil.which("pdftoppm") is None:
        sys.exit("pdftoppm is missing: install poppler-utils")
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="copkit-images-") as tmp:
        cop = Path(tmp) / EXAMPLE
        shutil.copytree(ROOT / "examples" / EXAMPLE, cop)
        git = ["git", "-c", "user.name=copkit", "-c", "user.email=copkit@example.org"]
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=cop, check=True)
        subprocess.run(["git", "add", "-A"], cwd=cop, check=True)
        subprocess.run([*git, "commit", "-q", "-m", "example"], cwd=cop, check=True)
        env = {**os.environ, "COPKIT_TODAY": TODAY}
        for lang in LANGUAGES:
            pdf = Path(tmp) / f"report-{lang}.pdf"
            subprocess.run([sys.executable, "-m", "copkit", "report", "--cop", str(cop),
                            "--period", "2026", "--format", "pdf", "--lang", lang,
                            "--out", str(pdf)], check=True, env=env, cwd=ROOT)
            stem = IMAGES / f"summary-{lang}"
            subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1",
                            "-singlefile", str(pdf), str(stem)], check=True)
            print(f"wrote {stem.with_suffix('.png').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
