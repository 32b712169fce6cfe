"""The kiosk's link to the archive: where it is, its token, and a sync started from the control room.

A sync and a pull run the same way: as a child process, the very ``netwerkkiosk sync`` the team runs in a
terminal, whose network waits never stall the walls; a sync's progress is passed on to the control room, and a
pull's plan is adopted by the kiosk, whose process alone writes its folder.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Callable

from gevent import subprocess

from netwerk.files import write_atomically
from sync.progress import SyncError

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


def pull(folder: Path) -> dict[str, Any]:
    """Fetch the moment planned next for this kiosk from its linked archive, past the ones it held already, in a
    child as a sync runs (two tries: someone is waiting); raise SyncError when it cannot."""
    child = _Child(folder, "--attempts", "2", "--pull")
    for _ in child.steps():
        pass  # one short request: no progress to show
    outcome = child.outcome()
    if "plan" not in outcome:
        raise SyncError(outcome["error"]["kind"], **outcome["error"]["params"])
    return outcome["plan"]


class _Child:
    """``netwerkkiosk sync --events`` for this folder in a child process: the very command the team runs in a
    terminal, so its network waits never stall the walls, and it reads the address and token from the data folder
    itself, so the token never stands on a command line that ``ps`` shows. It reports each step as a JSON line."""

    def __init__(self, folder: Path, *args: str) -> None:
        command = [sys.executable, "-m", "netwerkkiosk", "sync", "--data", str(folder), "--events", *args]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._final: dict[str, Any] | None = None

    def steps(self) -> Iterator[dict[str, Any]]:
        """Every step's progress as it comes (gevent's pipe: waiting here lets the walls go on)."""
        for line in self.process.stdout:
            event = json.loads(line)
            if "progress" in event:
                yield event["progress"]
            else:
                self._final = event

    def outcome(self) -> dict[str, Any]:
        """Once the steps are read: its last line (``summary``, ``plan`` or ``error``), or why it could not start."""
        errors = self.process.stderr.read().decode("utf-8", "replace").strip().splitlines()
        self.process.wait()
        if self._final:
            return self._final
        reason = errors[-1] if errors else f"exit {self.process.returncode}"  # the child could not even start
        return {"error": {"kind": "failed", "params": {"reason": reason}}}


class SyncRun:
    """At most one sync at a time; ``state`` says how the last one is doing, as data the control room words.

    ``state`` is ``idle``, ``running`` (with the sync's ``progress``), ``done`` (with its ``summary``),
    ``failed`` (with an ``error``: a kind from ``sync.progress.MESSAGES`` and its parameters) or ``cancelled``.
    Each state carries a ``step`` that grows: an answer that crosses a later event on the way to the control
    room (Cancel's answer overtaken by ``cancelled``) is older, and the room keeps what it has.
    """

    def __init__(self) -> None:
        self.state: dict[str, Any] = {"state": "idle", "step": 0}
        self._child: _Child | None = None
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
                self._child.process.terminate()
        return self.state

    def run(self, folder: Path, report: Callable[[dict[str, Any]], None]) -> None:
        """Sync ``folder`` to its saved archive, reporting every step; meant for a background task."""
        if not load(folder):
            self._report({"state": "failed", "error": {"kind": "no_link", "params": {}}}, report)
            return
        # Four tries: someone at the stall hears within seconds that the archive is out of reach, and can
        # press again; the terminal's default of eight suits a long sync on a train.
        self._child = child = _Child(folder, "--attempts", "4")
        if self._cancelled:  # cancelled before the child was there to stop
            child.process.terminate()
        for progress in child.steps():
            self._report({"state": "running", "progress": progress}, report)
        outcome = child.outcome()
        self._child = None
        self._report(self._outcome(outcome), report)

    def _outcome(self, outcome: dict[str, Any]) -> dict[str, Any]:
        """The state a finished child leaves: its summary, cancelled, or its error."""
        if "summary" in outcome:
            return {"state": "done", "summary": outcome["summary"]}
        if self._cancelled:
            return {"state": "cancelled"}
        return {"state": "failed", "error": outcome["error"]}

    def _report(self, state: dict[str, Any], report: Callable[[dict[str, Any]], None]) -> None:
        self.state = {**state, "step": self.state["step"] + 1}
        report(self.state)
