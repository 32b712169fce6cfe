"""A throw-away PostgreSQL cluster for the tests and benchmarks: Debian's own server, started in a temporary folder.

``initdb`` and ``pg_ctl`` refuse to run as root, so as root the cluster belongs to the ``postgres`` user the
Debian package made (or ``nobody``). It listens on 127.0.0.1 only, on a free port, without fsync (a crash
of the test machine loses nothing anyone needs). ``NETWERKKIOSK_TEST_POSTGRESQL`` names a server to use
instead: an address whose user may create databases.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

from tests.harness.server import free_port

__all__ = ["Cluster", "cluster", "pg_binary"]


def pg_binary(name: str) -> str:
    """The path of one of PostgreSQL's programs (Debian keeps them under /usr/lib/postgresql/<version>/bin)."""
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if found is None:
        raise RuntimeError(f"PostgreSQL's {name} is not installed: apt-get install -y postgresql")
    return found


def _owner() -> str | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name).pw_name
    raise RuntimeError("as root, the cluster needs an unprivileged user: postgres or nobody")


class Cluster:
    """A PostgreSQL server and the address of its administrator; ``database()`` makes a fresh database."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url

    def database(self) -> str:
        """Create an empty database and return its address."""
        import psycopg

        name = f"archive_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return self.admin_url.rsplit("/", 1)[0] + f"/{name}"


def _as_owner(owner: str | None, command: list[str]) -> list[str]:
    return ["runuser", "-u", owner, "--", *command] if owner else command


@contextlib.contextmanager
def cluster(durable: bool = False) -> Iterator[Cluster]:
    """Start a throw-away cluster (or use the one ``NETWERKKIOSK_TEST_POSTGRESQL`` names); remove it after.

    Without fsync for the tests; ``durable`` for the benchmarks, which measure what a hosted archive would do.
    """
    given = os.environ.get("NETWERKKIOSK_TEST_POSTGRESQL")
    if given:
        yield Cluster(given)
        return
    owner, port = _owner(), free_port()
    folder = Path(tempfile.mkdtemp(prefix="netwerkkiosk-pg-"))
    if owner:
        shutil.chown(folder, owner)
    data, log = folder / "data", folder / "server.log"
    subprocess.run(_as_owner(owner, [pg_binary("initdb"), "-D", str(data), "-U", "netwerkkiosk", "-A", "trust",
                                     "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
                   check=True, capture_output=True)
    fast = "" if durable else "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 {fast}-c max_connections=200"
    started = subprocess.run(_as_owner(owner, [pg_binary("pg_ctl"), "-D", str(data), "-l", str(log), "-o", options,
                                               "-w", "-t", "60", "start"]), capture_output=True, text=True)
    try:
        if started.returncode:
            raise RuntimeError(f"PostgreSQL did not start: {started.stderr}{log.read_text()[-2000:]}")
        yield Cluster(f"postgresql://netwerkkiosk@127.0.0.1:{port}/postgres")
    finally:
        subprocess.run(_as_owner(owner, [pg_binary("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
