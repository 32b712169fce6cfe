"""An archive that takes the connection and never answers (a hotspot's sign-in page, a hung proxy).

Against a real server socket on loopback that accepts and stays silent, with the real timeouts: the
command says within 15 s that the archive does not answer, says each retry, and gives up with one clear
line within two minutes; the control room shows the same words, and its facilitator can cancel.
"""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest
import requests

from tests.harness.room import Room
from tests.harness.silent import SilentArchive
from tests.harness.syncing import Kiosk

# Starts server processes of its own.
pytestmark = pytest.mark.slow

COMMAND = str(Path(sys.executable).parent / "netwerkkiosk")

# The words the control room shows too (sync.progress.PROGRESS), filled in by the terminal.
_NO_ANSWER = "The archive does not answer (a hotspot's sign-in page or a proxy?); trying again ({retry} of "


class Streamed:
    """A command whose standard error is read line by line as it comes, each line with its second since the start."""

    def __init__(self, *args: str, cwd: Path) -> None:
        self.started = time.monotonic()
        self.process = subprocess.Popen([COMMAND, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True)
        self._lines: queue.Queue[tuple[float, str] | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self._lines.put((time.monotonic() - self.started, line.rstrip("\n")))
        self._lines.put(None)

    def lines(self, within: float) -> list[tuple[float, str]]:
        """Every line until the command ends, which must be within ``within`` seconds of its start."""
        lines: list[tuple[float, str]] = []
        with self.process:  # waits, and closes the pipes
            try:
                while (line := self._lines.get(timeout=max(0.0, self.started + within - time.monotonic()))):
                    lines.append(line)
            except queue.Empty:
                self.process.kill()
                pytest.fail(f"still running after {within} s, having said {lines}")
            self.output = self.process.stdout.read()
        return lines


def _gives_up_as_promised(lines: list[tuple[float, str]], url: str) -> None:
    """Within 15 s: the archive does not answer; then each retry in turn; then one clear line."""
    *retries, (ended, last) = lines
    assert retries and retries[0][0] < 15, lines
    tries = int(retries[0][1].split(" of ")[1].split(")")[0])
    assert len(retries) == tries - 1, lines
    for number, (_, line) in enumerate(retries, start=2):
        assert line.startswith("Contacting the archive… " + _NO_ANSWER.format(retry=number) + f"{tries}) in "), line
    assert ended < 120
    assert last.startswith(f"Error: The archive at {url} accepts the connection but does not answer ({tries} tries "
                           "in "), last
    assert "sign-in page" in last and "nothing is lost" in last
    assert "Traceback" not in "\n".join(line for _, line in lines)


def test_the_command_says_within_15_s_that_the_archive_does_not_answer_and_gives_up_within_2_minutes(tmp_path):
    kiosk = Kiosk(tmp_path / "kiosk-data")
    kiosk.contribute("Een idee voor de buurt")
    kiosk.store.close()  # a pull needs the folder to itself
    with SilentArchive() as silent:
        link = ("--archive", silent.url, "--token", "geheim", "--data", str(tmp_path / "kiosk-data"))
        commands = Streamed("sync", *link, cwd=tmp_path), Streamed("sync", "--pull", *link, cwd=tmp_path)
        try:
            for command in commands:  # side by side: each has the whole two minutes
                _gives_up_as_promised(command.lines(within=125), silent.url)
                assert command.process.returncode == 1 and command.output == ""
        finally:
            for command in commands:
                command.process.kill()  # nothing to do for one that has ended
        assert len(silent.held) >= 2 * 4  # every try was a real connection, taken and never answered


def _until(condition: Callable[[dict], bool], url: str, room: requests.Session, seconds: float) -> dict:
    """The control room's sync state once ``condition`` holds for it, asked as the page does, within ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition(state := room.get(url + "/api/sync", timeout=5).json()):
        assert time.monotonic() < deadline, f"not within {seconds} s: {state}"
        time.sleep(0.1)
    return state


def test_the_control_room_says_the_archive_does_not_answer_and_cancels_the_sync(kiosk_server):
    room = Room(kiosk_server.url).session
    room.headers["Accept-Language"] = "en"
    with SilentArchive() as silent:
        room.post(kiosk_server.url + "/api/archive", json={"archive": silent.url, "token": "geheim"}, timeout=5)
        assert room.post(kiosk_server.url + "/api/sync/cancel", headers={"X-CSRF-Token": "wrong"},
                         timeout=5).status_code == 403
        pressed = time.monotonic()
        assert room.post(kiosk_server.url + "/api/sync", timeout=5).status_code == 202
        state = _until(lambda state: (state.get("progress") or {}).get("retry"), kiosk_server.url, room, 20)
        assert time.monotonic() - pressed < 15
        assert state.pop("step") > 1
        assert state == {"state": "running", "progress": {"phase": "contact", "records": 0, "photos": 0, "total": 0,
                                                          "retry": 2, "attempts": 4, "trouble": "no_answer",
                                                          "wait": 1, "says": ["phase-contact", "retry-no_answer"]}}
        page = room.get(kiosk_server.url + "/facilitator?lang=en", timeout=5).text
        assert ("The archive does not answer (a hotspot&#39;s sign-in page or a proxy?); trying again ({retry} of "
                "{attempts}) in {wait} s…") in page
        assert "The archive at {url} accepts the connection but does not answer ({attempts} tries in" in page
        answer = room.post(kiosk_server.url + "/api/sync/cancel", timeout=5)
        assert answer.status_code == 202
        # Cancel answers with the running state; the room shows the later ``cancelled`` even when that overtakes it
        cancelled = _until(lambda state: state["state"] == "cancelled", kiosk_server.url, room, 5)
        assert cancelled["step"] > answer.json()["step"]
        assert not [child for child in psutil.Process(kiosk_server.process.pid).children()
                    if "--events" in child.cmdline()]
        assert "Sync cancelled. Nothing is lost" in page

        pressed = time.monotonic()
        pulled = room.post(kiosk_server.url + "/api/archive/pull", timeout=60)
        assert time.monotonic() - pressed < 30
        assert pulled.status_code == 502
        assert pulled.json()["error"].startswith(f"The archive at {silent.url} accepts the connection but does not "
                                                 "answer (2 tries in")
