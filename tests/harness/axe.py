"""axe-core (vendored under tests/vendor with its licence) run in a page: the accessibility checks of a page."""

from __future__ import annotations

from pathlib import Path

__all__ = ["violations"]

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core-4.14.1.min.js"


def violations(page) -> list[str]:
    """Every rule of axe-core the page breaks, one line each."""
    page.evaluate(AXE.read_text("utf-8"))  # evaluated by the browser's debugger, past the page's script-src 'self'
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['html'][:120]})" for v in found]
