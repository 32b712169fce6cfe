"""``netwerkkiosk sync``: bring a kiosk's data folder to the archive, or (``--pull``) set it up with the moment
the team planned there. Also what the control room's *Sync now* and *Pull* run in a child process (``--events``):
it loads the store and the sync, nothing of the kiosk's web server.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import requests

from kiosk import archive_link, moment_commands
from kiosk.config import DEFAULTS
from kiosk.folders import cannot_open
from kiosk.journal import JournalCorrupt
from kiosk.moment import held_plans
from kiosk.outbox import Outbox
from kiosk.store import Store
from kiosk.syncbar import SyncBar, stopped, summary_line
from netwerk.contributions import N_
from netwerk.terminal import UserError
from sync.client import archive_address, pull_plan, sync
from sync.progress import Progress, Summary, SyncError

__all__ = ["sync_command"]


def _linked(data_dir: str, archive_url: str | None, token: str | None) -> tuple[str, str]:
    """Fill in the archive's address and token from what the control room saved, and check the address."""
    saved = archive_link.load(Path(data_dir)) or {}
    archive_url, token = archive_url or saved.get("archive"), token or saved.get("token")
    if not (archive_url and token):
        raise UserError(N_("Give the archive's address and this kiosk's token (--archive and --token), or save them "
                           "in the control room first."))
    try:
        return archive_address(archive_url), token
    except SyncError as error:
        raise stopped(error) from error


@click.command(name="sync")
@click.option("--archive", "archive_url",
              help="The archive's address, e.g. https://archief.example.nl (the one saved in the control room when "
                   "left out).")
@click.option("--token", envvar="NETWERKKIOSK_TOKEN", show_envvar=True,
              help="This kiosk's token, from 'netwerkkiosk archive add-kiosk' (the saved one when left out; the "
                   "variable keeps it out of the process list).")
@click.option("--data", "data_dir", default=DEFAULTS["DATA_DIR"], show_default=True,
              type=click.Path(file_okay=False), help="The kiosk's data folder (it may be running).")
@click.option("--attempts", default=8, show_default=True, type=click.IntRange(1, 20),
              help="How often to try a request whose connection breaks (pauses grow: 0.5 s, 1 s, 2 s, ...); an "
                   "archive that does not answer is given up on within two minutes.")
@click.option("--pull", is_flag=True,
              help="Instead: set this kiosk up with the meeting moment the team planned for it in the archive.")
@click.option("--events", is_flag=True, hidden=True, help="Report as JSON lines on standard output (control room).")
def sync_command(archive_url, token, data_dir, attempts, pull, events) -> None:
    """Bring everything this kiosk holds to the archive; exit 0 only when all of it is there."""
    archive_url, token = _linked(data_dir, archive_url, token)
    if pull and not events:
        moment_commands.pull(archive_url, token, data_dir, attempts)
        return
    try:
        store = Store(data_dir, read_only=True)
    except (OSError, JournalCorrupt) as error:
        raise cannot_open(data_dir, error) from error
    if events:
        _with_events(lambda report: {"plan": _pulled(store, archive_url, token, attempts)} if pull
                     else {"summary": _synced(store, archive_url, token, attempts, report).as_json()})
        return
    bar = SyncBar()
    try:
        summary = _synced(store, archive_url, token, attempts, bar)
    except SyncError as error:
        raise stopped(error) from error
    finally:
        bar.close()
    click.echo(summary_line(summary))


def _event(**event: object) -> None:
    click.echo(json.dumps(event))


def _with_events(work: Callable[[Callable[[Progress], None]], dict[str, Any]]) -> None:
    """Do a sync or a pull for the control room (``kiosk.archive_link``), which runs this command as a child: every
    step, and then what came of it or why it stopped, as a JSON line that the control room words itself."""
    try:
        _event(**work(lambda progress: _event(progress=progress.as_json())))
    except SyncError as error:
        _event(error=error.as_json())
        sys.exit(1)


def _synced(store: Store, archive_url: str, token: str, attempts: int, report: Callable[[Progress], None]) -> Summary:
    with requests.Session() as session:
        return sync(Outbox(store), session, archive_url, token, attempts=attempts, progress=report)


def _pulled(store: Store, archive_url: str, token: str, attempts: int) -> dict[str, Any]:
    """The plan for the running kiosk to adopt: only its own process writes its folder."""
    with requests.Session() as session:
        return pull_plan(session, archive_url, token, attempts=attempts, held=held_plans(store))
