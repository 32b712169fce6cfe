"""Start the real kiosk as a subprocess on a free port, as facilitators do, and wait for it."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import requests

from tests.harness.browsers import chromium

ROOT = Path(__file__).resolve().parents[2]
ORGANISATION = "buurtnetwerk"  # the organisation a test's kiosks belong to unless it names another


def free_port() -> int:
    """A port no one listens on, below the range the system hands out to outgoing connections (32768 and up on
    Linux): a port from that range could become some client's own end before the server binds it."""
    for port in random.sample(range(20_000, 32_000), 200):
        with socket.socket() as probe:
            try:
                probe.bind(("0.0.0.0", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port between 20000 and 32000")


def answers(url: str) -> bool:
    """Whether a server that is still starting answers ``url``; a slow first answer on a busy CI machine is not yet."""
    try:
        return requests.get(url, timeout=(1, 5)).ok
    except (requests.ConnectionError, requests.Timeout):
        return False


class ServerProcess:
    """A server of this project as a subprocess on 127.0.0.1; ``start`` may be called again after ``kill``."""

    health = "/api/health"

    def __init__(self, data_dir: Path, *, env: dict[str, str] | None = None, args: tuple[str, ...] = (),
                 cwd: Path = ROOT):
        self.data_dir, self.cwd = data_dir, cwd
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.args = args
        self.env = dict(os.environ, **(env or {}))
        self.process: subprocess.Popen | None = None
        self.log = data_dir.parent / f"server-{self.port}.log"

    def command(self) -> list[str]:
        raise NotImplementedError

    def start(self, timeout: float = 20.0) -> "ServerProcess":
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT, env=self.env,
                                            cwd=self.cwd)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}: {self.log.read_text()[-2000:]}")
            if answers(self.url + self.health):
                return self
            try:
                self.process.wait(timeout=0.05)  # a short pause that also notices an early exit
            except subprocess.TimeoutExpired:
                pass
        self.kill()
        raise TimeoutError(f"server did not answer within {timeout} s: {self.log.read_text()[-2000:]}")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=10)

    stop = kill


class KioskProcess(ServerProcess):
    """``python run_kiosk.py`` as a facilitator starts it (or ``program``: ``netwerkkiosk run`` as installed)."""

    program = (sys.executable, str(ROOT / "run_kiosk.py"))

    def command(self) -> list[str]:
        return [*self.program, "--host", "127.0.0.1", "--port", str(self.port),
                "--data", str(self.data_dir), "--pin", "123456", "--public-url", self.url + "/", *self.args]


class ArchiveProcess(ServerProcess):
    """``netwerkkiosk archive serve`` as the team runs it: on its SQLite file, or on PostgreSQL (``database``)."""

    program = (str(Path(sys.executable).parent / "netwerkkiosk"), "archive")

    def __init__(self, data_dir: Path, *, database: str | None = None, **options) -> None:
        super().__init__(data_dir, **options)
        self.database = database
        self.organisations: set[str] = set()

    def where(self) -> list[str]:
        """The options that name this archive to the ``netwerkkiosk archive`` commands: its folder and database."""
        return ["--data", str(self.data_dir), *(("--db", self.database) if self.database else ())]

    def command_line(self, *args: str, stdin: str | None = None) -> str:
        """Run ``netwerkkiosk archive …`` on this archive, as the team does; return what it prints."""
        command = [*self.program, *args, *self.where()]
        return subprocess.run(command, input=stdin, capture_output=True, text=True, check=True, timeout=60,
                              cwd=ROOT).stdout.strip()

    def add_kiosk(self, name: str, organisation: str = ORGANISATION) -> str:
        """Register a kiosk of ``organisation``, added first (as its team would) if this test has not yet."""
        if organisation not in self.organisations:
            self.add_organisation(organisation)
        return self.command_line("add-kiosk", name, "--organisation", organisation)

    def add_organisation(self, slug: str, *options: str) -> None:
        """Add an organisation with ``netwerkkiosk archive add-organisation``; one added before is left as it is."""
        command = [*self.program, "add-organisation", slug, "--name", slug.title(), *options, *self.where()]
        subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=ROOT)
        self.organisations.add(slug)

    def renew_token(self, name: str) -> str:
        return self.command_line("renew-token", name)

    def set_password(self, password: str) -> None:
        self.command_line("set-password", stdin=f"{password}\n{password}\n")

    def command(self) -> list[str]:
        return [*self.program, "serve", "--host", "127.0.0.1", "--port", str(self.port), *self.where(), *self.args]


class GunicornArchive(ArchiveProcess):
    """The hosted archive as docs/archive.md runs it: gunicorn with gevent workers, set up by the environment."""

    def __init__(self, data_dir: Path, *, workers: int = 2, database: str | None = None, proxies: int = 0) -> None:
        where = {"NETWERKKIOSK_ARCHIVE_DATA_DIR": str(data_dir), "NETWERKKIOSK_ARCHIVE_PROXIES": str(proxies)}
        super().__init__(data_dir, database=database, env=dict(where, **(
            {"NETWERKKIOSK_ARCHIVE_DB": database} if database else {})))
        self.workers = workers

    def command(self) -> list[str]:
        return [str(Path(sys.executable).parent / "gunicorn"), "--worker-class", "gevent", "--workers",
                str(self.workers), "--bind", f"127.0.0.1:{self.port}", "archive.app:create_archive_app()"]

    def kill(self, sig: int = signal.SIGTERM) -> None:
        super().kill(sig)  # the arbiter takes its workers along on SIGTERM; SIGKILL would leave them serving

    stop = kill


class ArchiveHere:
    """The archive's own app on a real socket, served from a thread of the test's process: the routes, store and
    database of ``netwerkkiosk archive serve`` without a second interpreter to start for every test. A test where
    the process is the point (killed, restarted, gunicorn, its command line) takes ``ArchiveProcess``."""

    def __init__(self, data_dir: Path, *, database: str | None = None) -> None:
        self.data_dir, self.database = data_dir, database
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self) -> "ArchiveHere":
        from werkzeug.serving import make_server

        from archive.app import create_archive_app

        self.app = create_archive_app({"DATA_DIR": str(self.data_dir), "DB": self.database})
        self._server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.01,), daemon=True)
        self._thread.start()
        return self

    program = ArchiveProcess.program  # the same command, with the same folder and database options, run beside it
    where = ArchiveProcess.where
    command_line = ArchiveProcess.command_line

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
        self.store.close()

    @property
    def store(self):
        return self.app.extensions["archive"]

    def add_kiosk(self, name: str, organisation: str = ORGANISATION) -> str:
        self.add_organisation(organisation)
        return self.store.add_kiosk(name, organisation)

    def add_organisation(self, slug: str, **fields: str) -> None:
        from archive.organisations import organisation_fields

        self.store.organisations.add(organisation_fields(slug, fields.pop("name", slug.title()), **fields))

    def renew_token(self, name: str) -> str:
        return self.store.renew_token(name)

    def set_password(self, password: str) -> None:
        from archive import admin

        admin.set_password(self.store, password)


Archive = ArchiveProcess | ArchiveHere


@contextlib.contextmanager
def kiosk_and_browser(*options: str) -> Iterator[tuple[KioskProcess, object]]:
    """A kiosk started with ``options`` on a fresh data folder, and Debian's Chromium: what the scripts that make
    the docs' pictures all begin with. Both are gone afterwards."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = chromium(playwright)
        kiosk = KioskProcess(Path(folder) / "data", args=options).start()
        try:
            yield kiosk, browser
        finally:
            kiosk.stop()
            browser.close()
