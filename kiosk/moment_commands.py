"""The line of meeting moments from the terminal: pull the planned one, start one by hand, list them.

Each changes or reads the data folder itself, so the kiosk must not be running for a change: its control room
has the same buttons. Each says in one line what happened, or why it could not.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import click
import requests

from kiosk.config import DEFAULTS
from kiosk.folders import cannot_open
from kiosk.journal import JournalBusy, JournalCorrupt
from kiosk.moment import adopt_plan, ensure_moment, held_plans, line, start_moment
from kiosk.store import Store
from kiosk.syncbar import SyncBar, stopped
from netwerk.contributions import N_, ContributionError
from netwerk.moments import MOMENT_KINDS
from netwerk.terminal import UserError, say, say_plural
from sync.client import pull_plan
from sync.progress import SyncError

__all__ = ["moments_command", "new_moment", "pull"]


def pull(archive_url: str, token: str, data_dir: str, attempts: int) -> None:
    """Set the folder up with the moment the team planned for this kiosk: a new moment when the current one has
    contributions; say in one line what happened."""
    with _writable(data_dir, N_("Pull the planned moment")) as store:
        try:
            with requests.Session() as session:
                plan = pull_plan(session, archive_url, token, attempts=attempts, progress=SyncBar(),
                                 held=held_plans(store))
            settings, outcome = adopt_plan(store, plan)
        except SyncError as error:
            raise stopped(error) from error
    click.echo(say(_PULLED[outcome], name=settings.get("name"), date=settings.get("date") or "—",
                   theme=settings.get("theme"), count=len(settings.get("highlights") or [])))


_PULLED = {
    "set up": N_("Set up as planned: %(name)s (%(date)s), theme %(theme)s, with %(count)s highlights of earlier "
                 "moments."),
    "opened": N_("A new meeting moment as planned: %(name)s (%(date)s), theme %(theme)s, with %(count)s highlights of "
                 "earlier moments. The moment before keeps its own contributions."),
    "current": N_("%(name)s is the current meeting moment already: nothing changed."),
}


@contextlib.contextmanager
def _writable(data_dir: str, button: str) -> Iterator[Store]:
    """Open the data folder to change its moment, saying in one line why that cannot be done.

    A running kiosk holds the folder: then the change is made with ``button`` in its control room.
    """
    try:
        store = Store(data_dir)
    except JournalBusy as error:
        raise UserError(N_("The kiosk is running on this folder: use \"%(button)s\" in its control room."),
                        button=say(button)) from error
    except (OSError, JournalCorrupt) as error:
        raise cannot_open(data_dir, error) from error
    try:
        ensure_moment(store)
        yield store
    except ContributionError as error:
        raise UserError(error.message, **error.params) from error
    finally:
        store.close()


@click.command(name="new-moment")
@click.argument("name")
@click.option("--kind", type=click.Choice(MOMENT_KINDS), default="other", show_default=True,
              help="What kind of meeting moment.")
@click.option("--place", help="Where it takes place.")
@click.option("--date", help="When, as year-month-day (2026-05-30).")
@click.option("--data", "data_dir", default=DEFAULTS["DATA_DIR"], show_default=True,
              type=click.Path(file_okay=False), help="The kiosk's data folder (the kiosk must not be running).")
def new_moment(name, kind, place, date, data_dir) -> None:
    """Start a new meeting moment in this folder: the moment before keeps its own contributions."""
    with _writable(data_dir, N_("Start the new moment")) as store:
        settings, outcome = start_moment(store, {"name": name, "kind": kind, "place": place, "date": date})
    click.echo(say(N_("A new meeting moment: %(name)s (%(date)s).") if outcome == "opened" else
                   N_("The meeting moment is now %(name)s (%(date)s): the one before had no contributions yet."),
                   name=settings.get("name"), date=settings.get("date") or "—"))


@click.command(name="moments")
@click.option("--data", "data_dir", default=DEFAULTS["DATA_DIR"], show_default=True,
              type=click.Path(file_okay=False), help="The kiosk's data folder (it may be running).")
def moments_command(data_dir) -> None:
    """List the meeting moments of this folder, oldest first, with their contributions (for export --moment)."""
    try:
        store = Store(data_dir, read_only=True)
    except (OSError, JournalCorrupt) as error:
        raise cannot_open(data_dir, error) from error
    for moment in line(store):
        parts = [str(moment["number"]), moment.get("name") or "—", moment.get("place") or "—", moment.get("date") or "—",
                 say_plural("%(num)d contribution", "%(num)d contributions", sum(moment["counts"].values()))]
        click.echo(" · ".join(parts + ([say(N_("now"))] if moment.get("current") else [])))
