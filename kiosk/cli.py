"""The ``netwerkkiosk`` command: one group, a subcommand per job.

Every mistake a user can make answers with one translated line and a non-zero exit (``UserError``);
servers take their port before they announce anything, and Ctrl-C stops them with a goodbye and exit 0.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import click
import requests

from kiosk import archive_link, export, moment_commands
from kiosk.app import create_app, serve_kiosk
from kiosk.config import DEFAULTS, generate_pin
from kiosk.context import Kiosk
from kiosk.folders import cannot_open
from kiosk.journal import JournalBusy, JournalCorrupt
from kiosk.moment import set_prompt, set_theme
from kiosk.network import qr_terminal
from kiosk.store import Store
from kiosk.syncbar import SyncBar, stopped, summary_line
from netwerk.contributions import N_
from netwerk.disk import DiskFull
from netwerk.serving import listen
from netwerk.settings import LANGUAGES
from netwerk.terminal import UserError, say
from sync.archive import admin
from sync.archive.app import create_archive_app, serve
from sync.archive.database import Unavailable
from sync.archive.store import ArchiveStore
from sync.client import SyncError, archive_address, sync

__all__ = ["main"]



@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="netwerkkiosk", message="%(prog)s %(version)s")
def main() -> None:
    """Netwerkkiosk: phones contribute, the wall shows it live, the team syncs it to the archive."""


def _banner(config: dict, pin: str) -> str:
    url = config["PARTICIPANT_URL"]
    rows = [(say(N_("Participants")), url), (say(N_("Wall")), f"{url}wall   ({say(N_('open on the projector'))})"),
            (say(N_("Control room")), f"{url}facilitator   ({say(N_('for the facilitator, with the PIN'))})"),
            (say(N_("PIN")), pin), (say(N_("Data")), config["DATA_DIR"])]
    if config["WIFI_SSID"]:
        rows.append((say(N_("Wi-Fi QR")), f"{url}wifi.svg   ({say(N_('network %(name)s'), name=config['WIFI_SSID'])})"))
    width = max(len(label) for label, _ in rows) + 2
    lines = [f"  {label.ljust(width)}{value}" for label, value in rows]
    lines.insert(1, qr_terminal(url).rstrip("\n"))
    return "\n".join(["", say(N_("Netwerkkiosk is running. Stop it with Ctrl+C.")), "", *lines, ""])


@main.command()
@click.option("--host", default=DEFAULTS["HOST"], show_default=True,
              help="Address to listen on; 0.0.0.0 is every network this laptop is on.")
@click.option("--port", default=DEFAULTS["PORT"], show_default=True, type=click.IntRange(1, 65535),
              help="Port for phones, the wall and the control room.")
@click.option("--data", "data_dir", default=DEFAULTS["DATA_DIR"], show_default=True,
              type=click.Path(file_okay=False), help="Folder that holds the contributions and photos.")
@click.option("--pin", help="Facilitator PIN; a random one is made and printed when left out.")
@click.option("--lang", default=DEFAULTS["LANGUAGE"], show_default=True, type=click.Choice(LANGUAGES),
              help="Language of the pages (phones can switch).")
@click.option("--public-url", help="Address phones use, when the LAN address found is not the right one.")
@click.option("--wifi-ssid", help="Wi-Fi network name, to show a join-the-Wi-Fi QR code on the wall.")
@click.option("--wifi-password", help="Wi-Fi password for that QR code (WPA); leave out for an open network.")
@click.option("--theme", help="Programme theme shown on the wall and the phones (kept for next time).")
@click.option("--prompt", help="The question (gespreksvraag) to ask (kept for next time).")
@click.option("--async-mode", default=DEFAULTS["ASYNC_MODE"], type=click.Choice(["gevent", "threading"]),
              hidden=True, help="Server concurrency; only for the wall benchmark's comparison.")
def run(host, port, data_dir, pin, lang, public_url, wifi_ssid, wifi_password, theme, prompt, async_mode) -> None:
    """Start the kiosk: participant page, live wall and control room."""
    listener = listen(host, port)
    pin = pin or generate_pin()
    config = {
        "HOST": host, "PORT": port, "DATA_DIR": data_dir, "PIN": pin, "LANGUAGE": lang,
        "PUBLIC_URL": public_url, "WIFI_SSID": wifi_ssid, "WIFI_PASSWORD": wifi_password,
        "ASYNC_MODE": async_mode,
    }
    try:
        app = create_app(config)
    except (OSError, JournalCorrupt, JournalBusy, DiskFull) as error:
        listener.close()
        raise cannot_open(data_dir, error) from error
    kiosk: Kiosk = app.extensions["netwerkkiosk"]
    try:
        if theme is not None:
            set_theme(kiosk.store, theme)
        if prompt:
            set_prompt(kiosk.store, prompt)
        click.echo(_banner(app.config, pin))
        serve_kiosk(app, listener)
    finally:
        kiosk.store.close()
    click.echo(say(N_("Netwerkkiosk stopped. Everything is kept in %(folder)s."), folder=app.config["DATA_DIR"]))


@main.command(name="export")
@click.option("--data", "data_dir", default=DEFAULTS["DATA_DIR"], show_default=True,
              type=click.Path(file_okay=False), help="The kiosk's data folder (it may be running).")
@click.option("--format", "fmt", required=True, type=click.Choice(export.FORMATS),
              help="csv for spreadsheets, json for other tools, html to print.")
@click.option("--lang", default=DEFAULTS["LANGUAGE"], show_default=True, type=click.Choice(LANGUAGES),
              help="Language of the column names and the printed page.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="File to write; standard output when left out.")
@click.option("--moment", "number", type=click.IntRange(1), metavar="N",
              help="Which meeting moment of the folder (see 'netwerkkiosk moments'); the current one when left out.")
def export_command(data_dir, fmt, lang, output, number) -> None:
    """Export a meeting moment's contributions, also while the kiosk runs."""
    try:
        app = create_app({"DATA_DIR": data_dir, "READ_ONLY": True, "LANGUAGE": lang, "PUBLIC_URL": "http://kiosk/"})
    except (OSError, JournalCorrupt) as error:
        raise cannot_open(data_dir, error) from error
    store = app.extensions["netwerkkiosk"].store
    if number is not None and number > len(store.moments()):
        raise UserError(N_("This folder holds %(count)s meeting moments: there is no moment %(number)s (see "
                           "'netwerkkiosk moments')."), count=len(store.moments()), number=number)
    with app.test_request_context():
        text = export.render(store, fmt, lang, number)
    if output:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)


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


@main.command(name="sync")
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
    if pull:
        moment_commands.pull(archive_url, token, data_dir, attempts)
        return
    try:
        store = Store(data_dir, read_only=True)
    except (OSError, JournalCorrupt) as error:
        raise cannot_open(data_dir, error) from error
    if events:
        _sync_with_events(store, archive_url, token, attempts)
        return
    bar = SyncBar()
    try:
        with requests.Session() as session:
            summary = sync(store, session, archive_url, token, progress=bar, attempts=attempts)
    except SyncError as error:
        raise stopped(error) from error
    finally:
        bar.close()
    click.echo(summary_line(summary))


def _event(**event: object) -> None:
    click.echo(json.dumps(event))


def _sync_with_events(store: Store, archive_url: str, token: str, attempts: int) -> None:
    """Sync, reporting every step as a JSON line: the control room words them in its own language."""
    try:
        with requests.Session() as session:
            summary = sync(store, session, archive_url, token, attempts=attempts,
                           progress=lambda progress: _event(progress=progress.as_json()))
    except SyncError as error:
        _event(error=error.as_json())
        sys.exit(1)
    _event(summary=summary.as_json())


main.add_command(moment_commands.new_moment)
main.add_command(moment_commands.moments_command)


@main.group()
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
    token = _archive_store(data_dir, database).add_kiosk(name)
    if token is None:
        raise UserError(N_("There is a kiosk called %(name)s already."), name=name)
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
    token = _archive_store(data_dir, database).renew_token(name)
    if token is None:
        raise UserError(N_("There is no kiosk called %(name)s."), name=name)
    click.echo(token)
    click.echo(qr_terminal(token), err=True)


@archive.command(name="revoke-kiosk")
@click.argument("name")
@_archive_data
def archive_revoke_kiosk(name, data_dir, database) -> None:
    """Stop a kiosk's token from syncing (a lost laptop)."""
    if not _archive_store(data_dir, database).revoke_kiosk(name):
        raise UserError(N_("There is no kiosk called %(name)s."), name=name)
    click.echo(say(N_("%(name)s can no longer sync."), name=name))


if __name__ == "__main__":
    main()
