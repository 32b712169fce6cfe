"""Fixtures as in flaskr and datasette: a fresh app per test on tmp_path, clients, a real server."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk import create_app, live
from tests.server import KioskProcess

BLNS = Path(__file__).resolve().parent.parent.parent / "shared" / "testdata" / "blns" / "blns.json"


@pytest.fixture
def app(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "PUBLIC_URL": "http://kiosk.test:5000/"})
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


@pytest.fixture
def kiosk_server(tmp_path):
    """The real kiosk, started as a subprocess with ``python run_kiosk.py`` on a free port."""
    server = KioskProcess(tmp_path / "data").start()
    yield server
    server.stop(signal.SIGTERM)


@pytest.fixture(scope="session")
def blns() -> list[str]:
    """The Big List of Naughty Strings, read from the shared test data (never copied)."""
    return json.loads(BLNS.read_text("utf-8"))
