"""Every test here drives a real browser, or starts the kiosk in a process of its own for one: ``browser`` and
``slow``, whatever fixtures it asks for (a module-wide day of contributions is one)."""

from pathlib import Path

import pytest

from bench.filling import fill
from tests.harness.server import ArchiveHere

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """An archive filled as bench.filling fills it, with 2,000 contributions in 50 moments of 3 programmes, served for
    the tests of one module."""
    folder = tmp_path_factory.mktemp("filled") / "archive"
    fill(folder, None, 2000)
    archive = ArchiveHere(folder).start()
    yield archive
    archive.stop()
