"""Headless Chromium (Debian's package) for the site's browser tests and the README's
screenshot: Playwright's own browser download is not reachable, so it drives
/usr/bin/chromium, with the flags that keep it off the network."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import ViewportSize

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE: ViewportSize = {"width": 375, "height": 740}


@contextmanager
def browser() -> Iterator[Any]:
    """A browser context (a fresh profile) at the phone's width."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), args=ARGS, headless=True, viewport=PHONE)
        try:
            yield context
        finally:
            context.close()
