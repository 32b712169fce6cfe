"""Fixtures as in flaskr and datasette: a fresh app per test on tmp_path, clients, real servers and browsers.

A test that needs a browser, a server in a process of its own or PostgreSQL is marked ``slow`` here, from the
fixtures it asks for: ``python -m pytest -m "not slow"`` is the fast lane (CONTRIBUTING.md) and runs the rest.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk import live
from kiosk.app import create_app
from tests.harness.browsers import chromium
from tests.harness.engines import ENGINES, Blink, Gecko, WebKit
from tests.harness.phones import Phones
from tests.harness.postgres import cluster
from tests.harness.room import Room
from tests.harness.server import ArchiveHere, ArchiveProcess, KioskProcess
from tests.harness.team import Team

# The Big List of Naughty Strings (MIT, licence beside it), vendored: the tests read nothing outside the repository.
BLNS = Path(__file__).resolve().parent / "data" / "blns.json"


# Fixtures that drive a browser; and those that start a server process or a database cluster.
BROWSERS = {"browser", "display", "gecko", "open_in_engine"}
PROCESSES = {"kiosk_server", "archive_process", "postgresql"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test by what it needs: ``browser`` for a browser, ``slow`` for a browser, a process or PostgreSQL
    (also through the ``database`` parameter, which asks for the cluster only when it runs)."""
    for item in items:
        needs = set(getattr(item, "fixturenames", ()))
        params = getattr(getattr(item, "callspec", None), "params", {})
        if needs & BROWSERS:
            item.add_marker(pytest.mark.browser)
        if needs & (BROWSERS | PROCESSES) or params.get("database") == "postgresql":
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True, scope="session")
def no_start_page():
    """A kiosk the tests start opens no browser window on a developer's screen (the start page's own test asks it to,
    with a browser of its own)."""
    os.environ["NETWERKKIOSK_NO_BROWSER"] = "1"
    yield
    os.environ.pop("NETWERKKIOSK_NO_BROWSER", None)


@pytest.fixture(autouse=True, scope="session")
def english_terminal():
    """The commands speak the machine's language; the tests read their English, whatever this machine speaks."""
    before = os.environ.get("LC_ALL")
    os.environ["LC_ALL"] = "C.UTF-8"
    yield
    if before is None:
        del os.environ["LC_ALL"]
    else:
        os.environ["LC_ALL"] = before


@pytest.fixture
def app(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "PUBLIC_URL": "http://kiosk.test:5000/",
                      "PIN": "123456", "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam"})  # a laptop at a Dutch market
    yield app
    app.extensions["netwerkkiosk"].store.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def socket_client(app, client):
    """A Socket.IO client on the wall namespace that shares the Flask client's cookies."""
    sio = live.socketio.test_client(app, namespace=live.NAMESPACE, flask_test_client=client)
    yield sio
    if sio.is_connected(live.NAMESPACE):
        sio.disconnect(namespace=live.NAMESPACE)


@pytest.fixture
def phones(client):
    """Phones posting to the app, each from its own address."""
    return Phones(client)


@pytest.fixture
def room(client):
    """The facilitator, signed in to the app with its PIN."""
    return Room(client)


@pytest.fixture
def store(app):
    return app.extensions["netwerkkiosk"].store


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture(scope="session")
def postgresql():
    """A throw-away PostgreSQL cluster for the whole run (tests/postgres.py)."""
    with cluster() as found:
        yield found


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request) -> str | None:
    """The archive's database: its SQLite file (None), or a fresh PostgreSQL database. Every archive test runs on
    both, as both backends keep the same promises."""
    return request.getfixturevalue("postgresql").database() if request.param == "postgresql" else None


@pytest.fixture
def archive(tmp_path, database):
    """The archive's app on a real socket, served from a thread of this process, on either database."""
    server = ArchiveHere(tmp_path / "archive", database=database).start()
    yield server
    server.stop()


@pytest.fixture
def archive_process(tmp_path, database):
    """The real archive as a subprocess, ``netwerkkiosk archive serve``, on either database: for the tests that
    kill or restart it, or read what its own server does."""
    server = ArchiveProcess(tmp_path / "archive", database=database).start()
    yield server
    server.stop()


@pytest.fixture
def team(archive):
    """A team member signed in to the archive (with the admin password set as the team sets it)."""
    team = Team(archive)
    yield team
    team.session.close()


@pytest.fixture
def kiosk_server(tmp_path):
    """The real kiosk, started as a subprocess with ``python run_kiosk.py`` on a free port."""
    server = KioskProcess(tmp_path / "data").start()
    yield server
    server.stop(signal.SIGTERM)


@pytest.fixture(scope="session")
def blns() -> list[str]:
    """The Big List of Naughty Strings, from tests/data."""
    return json.loads(BLNS.read_text("utf-8"))


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (which cannot download a browser of its own here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = chromium(playwright)
        yield launched
        launched.close()


@pytest.fixture
def phone(browser):
    """A phone-sized page: 360 px wide, touch, as on an old Android."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    yield context.new_page()
    context.close()


@pytest.fixture
def projector(browser):
    """A wall page on a 1280×720 projector."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    yield page
    context.close()


@pytest.fixture(scope="session")
def display():
    """A virtual X screen for WebKitGTK's MiniBrowser; Xvfb picks a free display number and says it."""
    process = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    with process.stdout:
        yield ":" + process.stdout.readline().decode().strip()
    process.kill()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def gecko():
    """Debian's Firefox ESR, one for the session; each page gets a user context of its own."""
    browser = Gecko()
    yield browser
    browser.close()


# A browser's word for a reconnect that reached a stopped kiosk (it names the socket's address): expected while a
# test has stopped the kiosk on purpose.
_RECONNECT = re.compile(r"socket\.io/\?EIO=4&transport=websocket")


@pytest.fixture(params=ENGINES)
def open_in_engine(request):
    """Open pages in one engine (the test runs once in each): ``open_in_engine(width, height)``. A console error
    or uncaught exception on any of them fails the test."""
    pages = []

    def opened(width: int = 390, height: int = 844):
        if request.param == "chromium":
            page = Blink(request.getfixturevalue("browser"), width, height)
        elif request.param == "webkit":
            page = WebKit(request.getfixturevalue("display"), width, height)
        else:
            page = request.getfixturevalue("gecko").page(width, height)
        pages.append(page)
        return page

    yield opened
    down = request.node.get_closest_marker("kiosk_goes_down") is not None
    errors = {index: [error for error in page.errors() if not (down and _RECONNECT.search(error))]
              for index, page in enumerate(pages)}
    for page in pages:
        page.close()
    assert not any(errors.values()), f"errors in {request.param}: {errors}"


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 4 MB tmpfs of its own, unmounted afterwards; skipped (never passed) where mounting is not allowed."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command here: the full-disk journey needs a tmpfs of its own")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)], capture_output=True,
                             text=True)
    if mounted.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not allowed here (it needs root): {mounted.stderr.strip()}")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)
