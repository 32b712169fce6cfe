"""The production set-up of docs/hosting.md, from its own files under deploy/: the archive started as its systemd unit
starts it (gunicorn, the unit's environment), Debian's nginx in front with the site's configuration and a
self-signed certificate, on loopback. Through it: HTTPS, the redirect from HTTP, the team's sign-in with a secure
cookie, a kiosk's sync with a photo, and the reader's own address as the archive counts sign-in guesses by it."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests

from tests.harness.phones import phone_session
from tests.harness.photos import jpeg
from tests.harness.server import ArchiveProcess, answers, free_port
from tests.harness.syncing import Kiosk, token_for
from tests.harness.team import PASSWORD

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def unit(path: Path) -> tuple[dict[str, str], list[str]]:
    """The environment and the command of a systemd unit's [Service]."""
    text = path.read_text("utf-8")
    environment = dict(line.split("=", 1) for line in re.findall(r"^Environment=(.+)$", text, re.M))
    return environment, shlex.split(re.search(r"^ExecStart=(.+)$", text, re.M)[1])


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture
def hosted(tmp_path, database, monkeypatch):
    """The archive as deploy/ runs it, behind nginx with TLS on loopback; yields its https:// address."""
    data, port, tls, plain = tmp_path / "archive-data", free_port(), free_port(), free_port()
    environment, command = unit(DEPLOY / "netwerkkiosk-archive.service")
    environment["NETWERKKIOSK_ARCHIVE_DATA_DIR"] = str(data)
    if database:
        environment["NETWERKKIOSK_ARCHIVE_DB"] = database  # what /etc/netwerkkiosk/archive.env holds
    command = [part.replace("/opt/netwerkkiosk/bin/", str(Path(sys.executable).parent) + "/")
               .replace("127.0.0.1:8000", f"127.0.0.1:{port}") for part in command]
    certificate, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out",
                    str(certificate)], check=True, capture_output=True)
    site = (DEPLOY / "netwerkkiosk-nginx.conf").read_text("utf-8")
    site = "\n".join(line for line in site.splitlines() if "[::]" not in line)  # loopback only, no IPv6 here
    site = (site.replace("listen 80;", f"listen 127.0.0.1:{plain};").replace("listen 443 ssl", f"listen 127.0.0.1:{tls} ssl")
            .replace("/etc/letsencrypt/live/archief.example.org/fullchain.pem", str(certificate))
            .replace("/etc/letsencrypt/live/archief.example.org/privkey.pem", str(key))
            .replace("http://127.0.0.1:8000", f"http://127.0.0.1:{port}").replace("archief.example.org", "localhost"))
    (tmp_path / "site.conf").write_text(site)
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder).chmod(0o777)  # nginx's workers run as nobody
    (tmp_path / "nginx.conf").write_text(
        f"daemon off; worker_processes 1; pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;\n"
        f"events {{}}\nhttp {{ access_log {tmp_path}/access.log; client_body_temp_path {tmp_path}/body; "
        f"proxy_temp_path {tmp_path}/proxy; fastcgi_temp_path {tmp_path}/fastcgi; uwsgi_temp_path {tmp_path}/uwsgi; "
        f"scgi_temp_path {tmp_path}/scgi; include {tmp_path}/site.conf; }}\n")
    helper = ArchiveProcess(data, database=database)  # for the team's commands on the same folder and database
    helper.set_password(PASSWORD)
    log = open(tmp_path / "servers.log", "wb")
    archive = subprocess.Popen(command, env=dict(os.environ, **environment), stdout=log, stderr=subprocess.STDOUT,
                               cwd=tmp_path)
    proxy = subprocess.Popen([NGINX, "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)], stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 30
        while not (answers(f"http://127.0.0.1:{port}/api/health") and listening(tls)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert proxy.poll() is None and archive.poll() is None, (tmp_path / "servers.log").read_text()
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(certificate))  # the kiosk's sync trusts the test's certificate
        yield SimpleNamespace(url=f"https://127.0.0.1:{tls}", plain=f"http://127.0.0.1:{plain}", helper=helper,
                              certificate=str(certificate))
    finally:
        proxy.terminate()
        archive.terminate()
        proxy.wait(timeout=10)
        archive.wait(timeout=30)
        log.close()


def test_the_archive_behind_nginx_signs_in_syncs_and_sees_each_readers_address(hosted, tmp_path):
    assert requests.get(hosted.url + "/api/health", timeout=10).json()["ok"] is True
    redirect = requests.get(hosted.plain + "/search?q=bankje", allow_redirects=False, timeout=10)
    assert redirect.status_code == 301 and redirect.headers["Location"].startswith("https://")

    team = phone_session(300)
    signed = team.post(hosted.url + "/team/signin", data={"email": "admin", "password": PASSWORD, "next": "/team"},
                       allow_redirects=False, timeout=30)
    assert signed.status_code == 303 and "Secure" in signed.headers["Set-Cookie"]
    assert team.get(hosted.url + "/team", timeout=10).status_code == 200  # the cookie comes back over HTTPS

    kiosk, token = Kiosk(tmp_path / "kiosk"), token_for(hosted.helper, "markt")
    kiosk.contribute("Een bankje bij de bushalte", photo=jpeg(600, 900))
    kiosk.contribute("Een moestuin achter de school")
    assert kiosk.sync(hosted, token).new == 2
    items = requests.get(hosted.url + "/export.json", timeout=10).json()["items"]
    photo = next(item["photo"] for item in items if item["photo"])
    assert requests.get(hosted.url + photo, timeout=10).headers["Content-Type"] == "image/jpeg"

    # Five wrong passwords from one reader slow that reader, not the next: the archive sees each one's own address
    # (through nginx every connection comes from 127.0.0.1).
    guesser, other = phone_session(301), phone_session(302)
    wrong = {"email": "admin", "password": "fout wachtwoord", "next": "/team"}
    said = [guesser.post(hosted.url + "/team/signin", data=wrong, timeout=30).status_code for _ in range(6)]
    assert said == [401] * 5 + [429]
    assert other.post(hosted.url + "/team/signin", data=wrong, timeout=30).status_code == 401
