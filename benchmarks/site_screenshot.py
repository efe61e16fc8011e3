"""The README's picture of the site: the home page of examples/camafu-fire-management (public
audience) at a phone's width, as headless Chromium shows it from disk.

Run: python benchmarks/site_screenshot.py [--out docs/img/site-home.png]
(needs Debian's chromium: apt-get install chromium; the same browser as tests/test_site_browser.py)
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from copkit import i18n
    from copkit.model.load import load_cop
    from copkit.site.build import build_site
    from tests.site_browser import browser

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs/img/site-home.png")
    args = parser.parse_args()
    cop = ROOT / "examples/camafu-fire-management"
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_site(cop, load_cop(cop).cop, site, audience="public", language=i18n.ENGLISH,
                   today=dt.date(2026, 11, 15))
        with browser() as context:
            page = context.new_page()
            page.goto((site / "index.html").as_uri())
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out), full_page=False)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
