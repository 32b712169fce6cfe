"""The kiosk's link to the archive: where it is, its token, and a sync started from the control room.

The sync runs as a child process, the very ``netwerkkiosk sync`` the team runs in a terminal: its
network waits never stall the walls, and its progress events are passed on to the control room.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, Callable

import requests
from gevent import subprocess

from netwerk.files import write_atomically
from sync.client import pull_plan

__all__ = ["SyncRun", "load", "pull", "save"]

_FILE = "archive.json"


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


def pull(link: dict[str, str], held: list[str]) -> dict[str, Any]:
    """Fetch the moment planned next for this kiosk from the linked archive, past the ``held`` ones (two tries:
    someone is waiting)."""
    with requests.Session() as session:
        return pull_plan(session, link["archive"], link["token"], attempts=2, held=held)


class SyncRun:
    """At most one sync at a time; ``state`` says how the last one is doing, as data the control room words.

    ``state`` is ``idle``, ``running`` (with the sync's ``progress``), ``done`` (with its ``summary``),
    ``failed`` (with an ``error``: a kind from ``sync.progress.MESSAGES`` and its parameters) or ``cancelled``.
    Each state carries a ``step`` that grows: an answer that crosses a later event on the way to the control
    room (Cancel's answer overtaken by ``cancelled``) is older, and the room keeps what it has.
    """

    def __init__(self) -> None:
        self.state: dict[str, Any] = {"state": "idle", "step": 0}
        self._child: subprocess.Popen | None = None
        self._cancelled = False

    @property
    def running(self) -> bool:
        return self.state["state"] == "running"

    def start(self, folder: Path, report: Callable[[dict[str, Any]], None],
              spawn: Callable[..., Any]) -> dict[str, Any]:
        """Start a sync with ``spawn`` (a background task) unless one runs; return the state."""
        if not self.running:
            self.state = {"state": "running", "progress": None, "step": self.state["step"] + 1}
            self._cancelled = False
            spawn(self.run, folder, report)
        return self.state

    def cancel(self) -> dict[str, Any]:
        """Stop the running sync; return the state (``cancelled`` is reported once the child has gone).

        Nothing is lost: the archive keeps every batch it acknowledged, and the next sync goes on from
        its checkpoint.
        """
        if self.running:
            self._cancelled = True
            if self._child is not None:
                self._child.terminate()
        return self.state

    def run(self, folder: Path, report: Callable[[dict[str, Any]], None]) -> None:
        """Sync ``folder`` to its saved archive, reporting every step; meant for a background task.

        The child reads the address and token from the data folder itself, so the token never
        stands on a command line that ``ps`` shows, and reports each step as a JSON line.
        """
        if not load(folder):
            self._report({"state": "failed", "error": {"kind": "no_link", "params": {}}}, report)
            return
        # Four tries: someone at the stall hears within seconds that the archive is out of reach, and can
        # press again; the terminal's default of eight suits a long sync on a train.
        command = [sys.executable, "-m", "netwerkkiosk", "sync", "--data", str(folder), "--attempts", "4", "--events"]
        self._child = child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if self._cancelled:  # cancelled before the child was there to stop
            child.terminate()
        final = None
        for line in child.stdout:  # gevent's pipe: waiting here lets the walls go on
            event = json.loads(line)
            if "progress" in event:
                self._report({"state": "running", "progress": event["progress"]}, report)
            else:
                final = event
        errors = child.stderr.read().decode("utf-8", "replace").strip().splitlines()
        child.wait()
        self._child = None
        self._report(self._outcome(final, errors, child.returncode), report)

    def _outcome(self, final: dict[str, Any] | None, errors: list[str], returncode: int) -> dict[str, Any]:
        """The state a finished child leaves: its summary, its error, cancelled, or why it could not start."""
        if final and "summary" in final:
            return {"state": "done", "summary": final["summary"]}
        if self._cancelled:
            return {"state": "cancelled"}
        if final:
            return {"state": "failed", "error": final["error"]}
        reason = errors[-1] if errors else f"exit {returncode}"  # the child could not even start its sync
        return {"state": "failed", "error": {"kind": "failed", "params": {"reason": reason}}}

    def _report(self, state: dict[str, Any], report: Callable[[dict[str, Any]], None]) -> None:
        self.state = {**state, "step": self.state["step"] + 1}
        report(self.state)
