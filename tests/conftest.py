"""Fixtures as in flaskr and datasette: a fresh app per test on tmp_path, clients, a real server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.store import ArchiveStore
from kiosk import live
from kiosk.app import create_app
from tests.engines import ENGINES, Blink, Gecko, WebKit
from tests.postgres import cluster
from tests.server import ArchiveProcess, KioskProcess
from tests.team import Team

# The Big List of Naughty Strings (MIT, licence beside it), vendored: the tests read nothing outside the repository.
BLNS = Path(__file__).resolve().parent / "data" / "blns.json"


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
                      "PIN": "123456"})
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
def archive_store(tmp_path, database):
    """The archive's store on a folder of its own, on either database."""
    store = ArchiveStore(tmp_path / "archive", database)
    yield store
    store.close()


@pytest.fixture
def archive(tmp_path, database):
    """The real archive, started as a subprocess with ``netwerkkiosk archive serve``, on either database."""
    server = ArchiveProcess(tmp_path / "archive", database=database).start()
    yield server
    server.stop()


@pytest.fixture
def team(archive):
    """A team member signed in to the real archive (the admin password set through the CLI)."""
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


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (which cannot download a browser of its own here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


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
    errors = {index: page.errors() for index, page in enumerate(pages)}
    for page in pages:
        page.close()
    assert not any(errors.values()), f"errors in {request.param}: {errors}"
