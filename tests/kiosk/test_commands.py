"""The installed ``netwerkkiosk`` command as a new facilitator meets it: from a fresh folder, with default options.

Every mistake answers within seconds with at most two lines, no traceback and a non-zero exit; Ctrl-C
stops a server with a goodbye and exit 0. Each test runs the console script the README's first command
installs, as a subprocess in its own empty working directory, in the English or the Dutch terminal.
"""

from __future__ import annotations

import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

import pytest
import requests
from PIL import Image

from netwerkkiosk.cli import main
from tests.harness.phones import phone_session
from tests.harness.proxy import CuttingProxy
from tests.harness.server import answers, free_port
from tests.harness.syncing import Kiosk, token_for

# Starts server processes of its own.
pytestmark = pytest.mark.slow

COMMAND = str(Path(sys.executable).parent / "netwerkkiosk")
DUTCH = {"LC_ALL": "nl_NL.UTF-8"}
# Words that only a traceback or an unworded exception would show a user.
_LEAKS = re.compile(r"Traceback|Exception|Error\(|InvalidSchema|ConnectionError|KeyboardInterrupt|Aborted|None")


def netwerkkiosk(cwd: Path, *args: str, env: dict[str, str] | None = None, stdin: str | None = None,
                 timeout: float = 10) -> subprocess.CompletedProcess:
    """Run the installed command in ``cwd`` and wait for it (a mistake must answer within ``timeout``)."""
    return subprocess.run([COMMAND, *args], cwd=cwd, capture_output=True, text=True, input=stdin,
                          timeout=timeout, env=dict(os.environ, **(env or {})))


def assert_one_clear_line(result: subprocess.CompletedProcess, *words: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1, result
    assert 1 <= len(lines) <= 2, lines
    assert not _LEAKS.search(result.stderr + result.stdout), result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)


class Running:
    """A server started by the installed command in ``cwd``, its output read as it comes."""

    def __init__(self, cwd: Path, *args: str, health: str = "/api/health", env: dict[str, str] | None = None) -> None:
        self.output = cwd / "terminal.txt"
        self.env = dict(os.environ, **(env or {}))
        for _ in range(3):  # a free port can be taken by another test's connection before we bind it: try another
            self.port = free_port()
            self.url = f"http://127.0.0.1:{self.port}"
            if self._started([COMMAND, *args, "--port", str(self.port)], cwd, health):
                return
        raise AssertionError(f"did not start: {self.output.read_text()}")

    def _started(self, command: list[str], cwd: Path, health: str) -> bool:
        with open(self.output, "wb") as terminal:
            self.process = subprocess.Popen(command, cwd=cwd, stdout=terminal, stderr=subprocess.STDOUT, env=self.env)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and self.process.poll() is None:
            if answers(self.url + health):
                return True
            try:
                self.process.wait(timeout=0.05)  # a short pause that also notices an early exit
            except subprocess.TimeoutExpired:
                pass
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        if re.search("is in use|is al in gebruik", self.output.read_text("utf-8")):
            return False
        raise AssertionError(f"did not start: {self.output.read_text()}")

    def interrupt(self) -> tuple[int, str]:
        """Press Ctrl-C, as the banner says, and return the exit code and everything the terminal showed."""
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=10), self.output.read_text("utf-8")


def camera_photo(colour: tuple[int, int, int] = (180, 120, 60)) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (2400, 1800), colour).save(data, "JPEG", quality=90)
    return data.getvalue()


def test_run_with_default_options_serves_photos_and_stops_cleanly_on_ctrl_c(tmp_path):
    kiosk = Running(tmp_path, "run")
    try:
        phone = phone_session(7)
        answer = phone.post(kiosk.url + "/api/contributions", data={"kind": "story", "text": "Onze moestuin op het dak"},
                            files={"photo": ("IMG_0001.jpg", camera_photo(), "image/jpeg")}, timeout=10)
        assert answer.status_code == 201, answer.text
        photo = requests.get(kiosk.url + answer.json()["photo"], timeout=5)
        assert photo.status_code == 200 and photo.headers["Content-Type"] == "image/jpeg"
        assert (tmp_path / "kiosk-data" / "media" / answer.json()["photo"].rsplit("/", 1)[1]).is_file()
        page = requests.get(kiosk.url + "/", timeout=5).text
        icon = re.search(r'<link rel="icon" href="([^"]+)"', page).group(1)
        assert requests.get(kiosk.url + icon, timeout=5).status_code == 200
    finally:
        code, terminal = kiosk.interrupt()
    assert "/facilitator" in terminal  # the control room's address is in the banner
    assert code == 0, terminal
    assert terminal.rstrip().splitlines()[-1] == f"Netwerkkiosk stopped. Everything is kept in {tmp_path / 'kiosk-data'}."
    assert not _LEAKS.search(terminal), terminal


def test_run_opens_the_start_page_in_the_laptops_browser_and_only_there(tmp_path):
    browser = tmp_path / "browser.sh"  # the laptop's browser, as $BROWSER names it: it notes what it was asked to open
    # Written whole, then named: the test reads the file as soon as it is there.
    opening, opened = tmp_path / "opening", tmp_path / "opened.txt"
    browser.write_text(f'#!/bin/sh\necho "$1" > {opening} && mv {opening} {opened}\n')
    browser.chmod(0o755)
    kiosk = Running(tmp_path, "run", env={"BROWSER": str(browser), "DISPLAY": ":9", "NETWERKKIOSK_NO_BROWSER": "0"})
    try:
        deadline = time.monotonic() + 10
        while not (tmp_path / "opened.txt").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        opened = (tmp_path / "opened.txt").read_text().strip()
        assert opened == f"http://127.0.0.1:{kiosk.port}/start"
        assert "Netwerkkiosk is running" in requests.get(opened + "?lang=en", timeout=5).text
    finally:
        code, terminal = kiosk.interrupt()
    assert code == 0 and f"http://127.0.0.1:{kiosk.port}/start" in terminal  # the banner names it too
    (tmp_path / "opened.txt").unlink()
    headless = Running(tmp_path, "run", env={"BROWSER": str(browser), "DISPLAY": "", "WAYLAND_DISPLAY": "",
                                             "NETWERKKIOSK_NO_BROWSER": "0"})  # a server, an SSH session
    headless.interrupt()
    assert not (tmp_path / "opened.txt").exists()


def test_the_archive_stops_cleanly_on_ctrl_c(tmp_path):
    code, terminal = Running(tmp_path, "archive", "serve", health="/api/contributions").interrupt()
    assert code == 0 and terminal.rstrip().splitlines()[-1] == "The archive stopped.", terminal


@pytest.mark.parametrize("args, folder", [(("run",), "kiosk-data"), (("archive", "serve"), "archive-data")])
def test_a_port_in_use_fails_first_and_alone(tmp_path, args, folder):
    with socket.create_server(("0.0.0.0", 0)) as taken:
        port = str(taken.getsockname()[1])
        result = netwerkkiosk(tmp_path, *args, "--port", port)
    assert_one_clear_line(result, f"port {port} is in use", "--port")
    assert result.stdout == ""  # no banner, no PIN for a kiosk that never ran
    assert not (tmp_path / folder).exists()


def test_a_port_in_use_is_said_in_dutch_in_a_dutch_terminal(tmp_path):
    with socket.create_server(("0.0.0.0", 0)) as taken:
        result = netwerkkiosk(tmp_path, "run", "--port", str(taken.getsockname()[1]), env=DUTCH)
    assert_one_clear_line(result, "Fout: Kan niet luisteren", "is al in gebruik")


def test_an_unusable_archive_folder_is_one_line(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    assert_one_clear_line(netwerkkiosk(tmp_path, "archive", "serve", "--port", str(free_port()), "--data",
                                       "a-file/archive"), "a file stands where the folder should be")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    as_someone_else = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] if os.geteuid() == 0 else []
    result = subprocess.run([*as_someone_else, COMMAND, "archive", "serve", "--port", str(free_port()), "--data",
                             str(locked / "archive")], capture_output=True, text=True, timeout=10, cwd="/")
    assert_one_clear_line(result, "read-only or belongs to another user")


def test_sync_mistakes_answer_at_once_in_one_line(tmp_path, archive):
    Kiosk(tmp_path / "kiosk-data").contribute("Een idee voor de buurt")
    token = token_for(archive, "markt")
    with socket.create_server(("127.0.0.1", 0)) as closed:
        nobody = f"http://127.0.0.1:{closed.getsockname()[1]}"
    (tmp_path / "other").mkdir()
    kiosk = Running(tmp_path / "other", "run")
    mistakes = [
        (("--archive", "localhost:8000", "--token", token), ["must start with http:// or https://"]),
        (("--archive", nobody, "--token", token), [f"No archive answers at {nobody}"]),
        (("--archive", "http://archief.invalid", "--token", token), ["is not known"]),
        (("--archive", archive.url + "/verkeerd/pad", "--token", token), ["There is no archive at", "404"]),
        (("--archive", kiosk.url, "--token", token), ["There is no archive at", "not the kiosk's own"]),
        (("--archive", archive.url, "--token", "geraden"), ["does not accept this kiosk's token", "new one"]),
        ((), ["--archive and --token"]),
    ]
    try:
        for args, words in mistakes:
            started = time.monotonic()
            result = netwerkkiosk(tmp_path, "sync", *args)
            assert time.monotonic() - started < 5, args
            assert_one_clear_line(result, *words)
            assert "run it again" not in result.stderr
    finally:
        kiosk.interrupt()
    dutch = netwerkkiosk(tmp_path, "sync", "--archive", nobody, "--token", token, env=DUTCH)
    assert_one_clear_line(dutch, f"Fout: Op {nobody} antwoordt geen archief")
    assert "archive" not in dutch.stderr.replace(nobody, "")


def test_a_revoked_token_says_to_ask_for_a_new_one(tmp_path, archive):
    Kiosk(tmp_path / "kiosk-data").contribute("Een verhaal over de bibliotheek")
    token = token_for(archive, "markt")
    assert netwerkkiosk(tmp_path, "sync", "--archive", archive.url, "--token", token).returncode == 0
    assert netwerkkiosk(tmp_path, "archive", "revoke-kiosk", "markt", *archive.where()).returncode == 0
    assert_one_clear_line(netwerkkiosk(tmp_path, "sync", "--archive", archive.url, "--token", token),
                          "wrong or revoked", "ask the team for a new one")


def test_a_sync_says_what_it_did_in_words_and_the_token_may_come_from_the_environment(tmp_path, archive):
    kiosk = Kiosk(tmp_path / "kiosk-data")
    kiosk.contribute("Een foto van de markt", photo=camera_photo())
    result = netwerkkiosk(tmp_path, "sync", "--archive", archive.url,
                          env={"NETWERKKIOSK_TOKEN": token_for(archive, "markt")})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "In the archive: 1 new, 0 updated, 0 unchanged, 1 photo sent (4 requests)."
    Kiosk(tmp_path / "nl" / "kiosk-data").contribute("Twee foto's van de markt", photo=camera_photo((40, 90, 160)))
    dutch = netwerkkiosk(tmp_path / "nl", "sync", "--archive", archive.url,
                         env=dict(DUTCH, NETWERKKIOSK_TOKEN=token_for(archive, "tweede")))
    assert dutch.stdout.strip() == "In het archief: 1 nieuw, 0 bijgewerkt, 0 ongewijzigd, 1 foto verstuurd (4 verzoeken)."


def test_a_connection_that_keeps_breaking_is_retried_on_the_progress_line_then_said(tmp_path, archive):
    Kiosk(tmp_path / "kiosk-data").contribute("Over de trein en de wifi")
    proxy = CuttingProxy(archive.port, fraction=1.0)
    try:
        result = netwerkkiosk(tmp_path, "sync", "--archive", proxy.url, "--token", token_for(archive, "markt"),
                              "--attempts", "3", timeout=30)
    finally:
        proxy.close()
    assert result.returncode == 1
    assert "Contacting the archive… The connection broke; trying again (2 of 3)…" in result.stderr
    assert "The connection broke; trying again (3 of 3)…" in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: The connection to the archive kept breaking (3 tries)") and "nothing is lost" in last
    assert not _LEAKS.search(result.stderr)


def test_pull_on_a_running_kiosk_names_the_button_there_is(tmp_path, archive):
    running = Running(tmp_path, "run", "--lang", "en")
    try:
        result = netwerkkiosk(tmp_path, "sync", "--pull", "--archive", archive.url, "--token",
                              token_for(archive, "markt"))
        room = requests.Session()
        pin = re.search(r"PIN\s+(\d{6})", (tmp_path / "terminal.txt").read_text("utf-8")).group(1)
        room.post(running.url + "/api/session", json={"pin": pin}, timeout=5)
        page = room.get(running.url + "/facilitator?lang=en", timeout=5).text
    finally:
        running.interrupt()
    assert_one_clear_line(result, '"Pull the planned moment" in its control room')
    assert ">Pull the planned moment</button>" in page


# Each mistake a user can make on the command line, and a word of the one line that answers it in Dutch and English.
_MISTAKES = [
    (("run", "--lang", "fr"), "Fout: --lang: geef nl of en", "Error: --lang: give nl or en"),
    (("run", "--port", "99999"), "geef een geheel getal van 1 tot en met 65535", "give a whole number from 1 to 65535"),
    (("run", "--data", "a-file"), "--data: geef een map, geen bestand", "--data: give a folder, not a file"),
    (("export",), "--format ontbreekt: geef csv, json of html", "--format is missing: give csv, json or html"),
    (("run", "--bogus"), "de optie --bogus bestaat niet", "there is no option --bogus"),
    (("bogus",), "zo gebruik je 'netwerkkiosk' niet", "that is not how 'netwerkkiosk' is used"),
    (("archive", "add-kiosk"), "NAME ontbreekt", "NAME is missing"),
    (("export", "--format", "csv", "--data", "/proc/geen/map"), "niet te gebruiken", "Cannot use the data folder"),
    (("run", "--data", "/proc/geen/map", "--port", "{port}"), "bestaat niet en kan daar niet worden gemaakt",
     "does not exist and cannot be made"),
]


@pytest.mark.parametrize("language", ["nl_NL.UTF-8", "en_US.UTF-8"])
def test_every_mistake_on_the_command_line_is_one_line_in_the_terminals_language(tmp_path, language):
    (tmp_path / "a-file").write_text("not a folder")
    terminal = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": language}
    for args, dutch, english in _MISTAKES:
        result = netwerkkiosk(tmp_path, *(arg.format(port=free_port()) for arg in args), env=terminal)
        lines = result.stderr.strip().splitlines()
        assert result.returncode in (1, 2) and len(lines) == 1, (args, result.stderr)
        assert (dutch if language.startswith("nl") else english) in lines[0], (args, lines)
        assert lines[0].startswith("Fout: " if language.startswith("nl") else "Error: "), lines
        assert not _LEAKS.search(result.stderr), result.stderr


def test_the_banner_speaks_the_terminals_language(tmp_path):
    running = Running(tmp_path, "run", env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "nl_NL.UTF-8"})
    code, shown = running.interrupt()
    assert code == 0
    for dutch in ("Deelnemers", "open op de beamer", "voor de begeleider, met de pincode", "Pincode"):
        assert dutch in shown, shown
    assert not re.search(r"\((open on|for the facilitator)", shown)


def test_a_new_kiosk_token_says_what_it_is_for_and_a_name_taken_points_to_renew_token(tmp_path):
    netwerkkiosk(tmp_path, "archive", "add-organisation", "oost", "--name", "Oost")
    made = netwerkkiosk(tmp_path, "archive", "add-kiosk", "markt", env={"LC_ALL": "nl_NL.UTF-8"})
    assert made.returncode == 0 and len(made.stdout.strip().splitlines()) == 1  # the token alone, for a script
    assert "alleen nu te zien" in made.stderr and "netwerkkiosk sync --token" in made.stderr
    again = netwerkkiosk(tmp_path, "archive", "add-kiosk", "markt", env={"LC_ALL": "nl_NL.UTF-8"})
    assert_one_clear_line(again, "netwerkkiosk archive renew-token markt")


def test_set_password_refuses_a_short_one_before_asking_to_repeat_it(tmp_path):
    result = netwerkkiosk(tmp_path, "archive", "set-password", stdin="kort\nlang genoeg wachtwoord\nlang genoeg wachtwoord\n")
    assert result.returncode == 0, result.stderr
    shown = result.stderr
    assert shown.index("at least 10 characters") < shown.index("Repeat the password")
    assert shown.count("Repeat the password") == 1
    assert result.stdout.startswith("The admin password is set")


def test_version_and_help_for_every_option(tmp_path):
    assert netwerkkiosk(tmp_path, "--version").stdout.strip() == f"netwerkkiosk {version('netwerkkiosk')}"
    commands = [main]
    while commands:
        command = commands.pop()
        commands.extend(getattr(command, "commands", {}).values())
        for option in command.params:
            if getattr(option, "hidden", False) or option.name in ("help", "version"):
                continue
            assert getattr(option, "help", None) or option.param_type_name == "argument", (command.name, option.name)
