"""Debian's Chromium as the tests, the benchmarks and the docs' pictures launch it: Playwright cannot download a
browser of its own here, and nothing it does may call out to the internet."""

from __future__ import annotations

from typing import Any

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "chromium"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]


def chromium(playwright: Any) -> Any:
    """Launch Debian's Chromium through a running Playwright (``sync_playwright()``)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
