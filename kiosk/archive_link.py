"""The kiosk's link to the archive: where it is, its token, and a sync started from the control room.

The sync runs as a child process, the very ``netwerkkiosk sync`` the team runs in a terminal: its
network waits never stall the walls, and its progress line is passed on to the control room.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any, Callable

import requests
from gevent import subprocess

from kiosk.journal import write_atomically
from sync.client import pull_plan

__all__ = ["SyncRun", "load", "pull", "save"]

_FILE = "archive.json"
_PROGRESS = re.compile(rb"to send: (\d+) records, (\d+) photos")


def load(folder: Path) -> dict[str, str] | None:
    """Return the saved archive address and token, or None."""
    try:
        return json.loads((Path(folder) / _FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def save(folder: Path, archive: str, token: str) -> None:
    """Keep the archive's address and this kiosk's token in the data folder, readable by its owner only."""
    path = Path(folder) / _FILE
    write_atomically(path, json.dumps({"archive": archive, "token": token}).encode("utf-8"))
    os.chmod(path, 0o600)


def pull(link: dict[str, str]) -> dict[str, Any]:
    """Fetch the moment planned for this kiosk from the linked archive (two tries: someone is waiting)."""
    with requests.Session() as session:
        return pull_plan(session, link["archive"], link["token"], attempts=2)


class SyncRun:
    """At most one sync at a time; ``state`` says how the last one is doing."""

    def __init__(self) -> None:
        self.state: dict[str, Any] = {"state": "idle"}

    @property
    def running(self) -> bool:
        return self.state["state"] == "running"

    def start(self, folder: Path, report: Callable[[dict[str, Any]], None],
              spawn: Callable[..., Any]) -> dict[str, Any]:
        """Start a sync with ``spawn`` (a background task) unless one runs; return the state."""
        if not self.running:
            self.state = {"state": "running", "records": None, "photos": None}
            spawn(self.run, folder, report)
        return self.state

    def run(self, folder: Path, report: Callable[[dict[str, Any]], None]) -> None:
        """Sync ``folder`` to its saved archive, reporting every step; meant for a background task."""
        link = load(folder)
        if not link:
            self._report({"state": "failed", "error": "no archive set"}, report)
            return
        # Four tries: someone at the stall hears within seconds that the archive is out of reach, and can
        # press again; the terminal's default of eight suits a long sync on a train.
        command = [sys.executable, "-m", "kiosk.cli", "sync", "--archive", link["archive"], "--token", link["token"],
                   "--data", str(folder), "--attempts", "4"]
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        errors = b""
        while chunk := child.stderr.read1(4096):  # gevent's pipe: waiting here lets the walls go on
            errors = (errors + chunk)[-2000:]
            progress = _PROGRESS.findall(chunk)
            if progress:
                records, photos = progress[-1]
                self._report({"state": "running", "records": int(records), "photos": int(photos)}, report)
        # The CLI's lines carry their own lead-in; the control room puts its translated one.
        summary = child.stdout.read().decode("utf-8", "replace").strip().removeprefix("in the archive: ")
        if child.wait() == 0:
            self._report({"state": "done", "summary": summary}, report)
        else:
            lines = errors.decode("utf-8", "replace").strip().splitlines() or ["sync failed"]
            self._report({"state": "failed", "error": lines[-1].removeprefix("Error: sync stopped: ")}, report)

    def _report(self, state: dict[str, Any], report: Callable[[dict[str, Any]], None]) -> None:
        self.state = state
        report(state)
