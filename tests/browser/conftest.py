"""Every test here drives a real browser, or starts the kiosk in a process of its own for one: ``browser`` and
``slow``, whatever fixtures it asks for (a module-wide day of contributions is one)."""

from pathlib import Path

import pytest

from bench.filling import fill
from tests.harness.server import ArchiveHere
from tests.harness.wall import SIZES, DayKiosk, settle

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


@pytest.fixture(scope="session")
def kiosks(tmp_path_factory):
    """Kiosks with 6, 40 or 200 contributions, each made when a test first asks for it and shared by the walls' tests;
    back on the grid for each test."""
    made: dict[int, DayKiosk] = {}

    def kiosk(count: int) -> DayKiosk:
        if count not in made:
            made[count] = DayKiosk(tmp_path_factory.mktemp(f"day{count}"), count)
        made[count].room.layout(mode="grid", spotlight_id=None, approved_only=False)
        return made[count]

    yield kiosk
    for each in made.values():
        each.server.stop()


@pytest.fixture
def wall(browser):
    """Open a wall at a projector size with Playwright's clock in charge of its timers."""
    contexts = []

    def open_wall(url: str, size: str, ready: str = "#stage .card", slow_state: bool = False,
                  held_socket: bool = False):
        """``slow_state``: the kiosk's answer of what is up (the pins, the page) comes after the wall drew its view.
        ``held_socket``: the wall's socket reaches the kiosk only when the test calls ``page.join()``."""
        width, height = SIZES[size]
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        if slow_state:
            page.route("**/api/wall/now", lambda route: (page.wait_for_timeout(400), route.continue_()))
        if held_socket:
            held = []
            page.route_web_socket("**/socket.io/**", lambda socket: held.append(socket))
            page.join = lambda: held[0].connect_to_server()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.errors = errors
        page.clock.install()
        page.goto(url + "/wall")
        page.wait_for_selector(ready, state="attached")
        settle(page)
        return page

    yield open_wall
    for context in contexts:
        context.close()
