"""Every test here drives a real browser, or starts the kiosk in a process of its own for one: ``browser`` and
``slow``, whatever fixtures it asks for (a module-wide day of contributions is one)."""

from pathlib import Path

import pytest

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)
