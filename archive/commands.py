"""``netwerkkiosk archive …``: serve the central archive and give kiosks their tokens.

Loaded only for these commands (netwerkkiosk.cli): the archive's server loads nothing of the kiosk.
"""

from __future__ import annotations

from collections.abc import Callable

import click

from archive import admin
from archive.app import create_archive_app, serve
from archive.database import Unavailable
from archive.store import ArchiveStore
from netwerk.contributions import N_
from netwerk.folders import cannot_open
from netwerk.qr import qr_terminal
from netwerk.serving import listen
from netwerk.terminal import UserError, say

__all__ = ["archive"]


@click.group()
def archive() -> None:
    """The central archive: serve it, and give kiosks their tokens."""


def _cannot_open_archive(data_dir: str, database: str | None, error: Exception) -> UserError:
    if database and isinstance(error, (ValueError, Unavailable)):
        return UserError(N_("Cannot use the archive's database: %(reason)s"), reason=str(error))
    return cannot_open(data_dir, error)


def _archive_store(data_dir: str, database: str | None) -> ArchiveStore:
    try:
        return ArchiveStore(data_dir, database)
    except (OSError, ValueError, Unavailable) as error:
        raise _cannot_open_archive(data_dir, database, error) from error


def _archive_data(command: Callable) -> Callable:
    """The two places an archive keeps its things: the data folder (photos) and the database."""
    command = click.option("--db", "database", envvar="NETWERKKIOSK_ARCHIVE_DB", metavar="postgresql://…",
                           help="A PostgreSQL database for a hosted archive (default: archive.sqlite in the data "
                                "folder). Also NETWERKKIOSK_ARCHIVE_DB.")(command)
    return click.option("--data", "data_dir", default="archive-data", show_default=True,
                        type=click.Path(file_okay=False), help="The archive's data folder (its photos).")(command)


@archive.command(name="serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (behind a TLS proxy).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port for kiosks' syncs and the archive's pages.")
@click.option("--proxies", default=0, show_default=True, type=click.IntRange(0, 10),
              envvar="NETWERKKIOSK_ARCHIVE_PROXIES",
              help="How many reverse proxies of your own stand in front: their X-Forwarded-For then names the "
                   "reader. Also NETWERKKIOSK_ARCHIVE_PROXIES.")
@_archive_data
def archive_serve(host, port, proxies, data_dir, database) -> None:
    """Serve the archive: the sync API for kiosks, the contributions API and the pages."""
    listener = listen(host, port)
    try:
        app = create_archive_app({"DATA_DIR": data_dir, "DB": database, "PROXIES": proxies})
    except (OSError, ValueError, Unavailable) as error:
        listener.close()
        raise _cannot_open_archive(data_dir, database, error) from error
    click.echo(say(N_("Netwerkkiosk archive on http://%(host)s:%(port)s/ (data in %(folder)s). Stop it with "
                      "Ctrl+C."), host=host, port=port, folder=app.config["DATA_DIR"]))
    try:
        serve(app, listener)
    finally:
        app.extensions["archive"].close()
    click.echo(say(N_("The archive stopped.")))


@archive.command(name="add-kiosk")
@click.argument("name")
@_archive_data
def archive_add_kiosk(name, data_dir, database) -> None:
    """Register a kiosk and print its token (shown once; the archive keeps only its hash)."""
    _show_token(_archive_store(data_dir, database).add_kiosk(name), N_("There is a kiosk called %(name)s already."),
                name)


def _show_token(token: str | None, refusal: str, name: str) -> None:
    """Print a kiosk's new token once, with its QR code for a phone's camera on standard error; or say why not."""
    if token is None:
        raise UserError(refusal, name=name)
    click.echo(token)
    click.echo(qr_terminal(token), err=True)


def _long_enough(password: str) -> str:
    if len(password) < admin.MIN_LENGTH:
        raise click.UsageError(say(N_("The admin password needs at least %(count)s characters."),
                                   count=admin.MIN_LENGTH))
    return password


@archive.command(name="set-password")
@_archive_data
def archive_set_password(data_dir, database) -> None:
    """Set the admin password for the team-only pages (hidden contributions, moderation log, contacts)."""
    password = click.prompt(say(N_("Admin password")), hide_input=True, err=True, value_proc=_long_enough,
                            confirmation_prompt=say(N_("Repeat the password")))
    admin.set_password(_archive_store(data_dir, database), password)
    click.echo(say(N_("The admin password is set; browsers signed in with an earlier one are signed out.")))


@archive.command(name="renew-token")
@click.argument("name")
@_archive_data
def archive_renew_token(name, data_dir, database) -> None:
    """Give a kiosk a new token and stop its old one (a lost, leaked or revoked token); print it once."""
    _show_token(_archive_store(data_dir, database).renew_token(name), N_("There is no kiosk called %(name)s."), name)


@archive.command(name="revoke-kiosk")
@click.argument("name")
@_archive_data
def archive_revoke_kiosk(name, data_dir, database) -> None:
    """Stop a kiosk's token from syncing (a lost laptop)."""
    if not _archive_store(data_dir, database).revoke_kiosk(name):
        raise UserError(N_("There is no kiosk called %(name)s."), name=name)
    click.echo(say(N_("%(name)s can no longer sync."), name=name))
