"""The ``netwerkkiosk`` command: one group, a subcommand per job."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import click
import requests

from kiosk import create_app, export, live
from kiosk.config import DEFAULTS, LANGUAGES, generate_pin
from kiosk.context import Kiosk
from kiosk.contributions import ContributionError
from kiosk.journal import JournalBusy, JournalCorrupt
from kiosk.moment import adopt_plan, ensure_moment, set_prompt, set_theme
from kiosk.network import qr_terminal
from kiosk.store import Store
from sync.archive import admin, create_archive_app, serve
from sync.archive.store import ArchiveStore
from sync.client import Progress, SyncError, pull_plan, sync

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Netwerkkiosk: phones contribute, the wall shows it live, the team syncs it to the archive."""


def _banner(app_config: dict, pin: str) -> str:
    url = app_config["PARTICIPANT_URL"]
    lines = [
        "",
        "Netwerkkiosk is running. Stop it with Ctrl+C.",
        "",
        f"  Participants  {url}",
        qr_terminal(url).rstrip("\n"),
        f"  Wall          {url}wall   (open on the projector)",
        f"  PIN           {pin}   (for the facilitator)",
        f"  Data          {Path(app_config['DATA_DIR']).resolve()}",
    ]
    if app_config["WIFI_SSID"]:
        lines.append(f"  Wi-Fi QR      {url}wifi.svg   (network {app_config['WIFI_SSID']})")
    return "\n".join(lines) + "\n"


@main.command()
@click.option("--host", default=DEFAULTS["HOST"], show_default=True, help="Address to listen on.")
@click.option("--port", default=DEFAULTS["PORT"], show_default=True, type=click.IntRange(1, 65535))
@click.option("--data", "data_dir", default=DEFAULTS["DATA_DIR"], show_default=True,
              type=click.Path(file_okay=False), help="Folder that holds the contributions.")
@click.option("--pin", help="Facilitator PIN; a random one is made and printed when left out.")
@click.option("--lang", default=DEFAULTS["LANGUAGE"], show_default=True, type=click.Choice(LANGUAGES))
@click.option("--public-url", help="Address phones use, when the LAN address found is not the right one.")
@click.option("--wifi-ssid", help="Wi-Fi network name, to show a join-the-Wi-Fi QR code on the wall.")
@click.option("--wifi-password", help="Wi-Fi password for that QR code (WPA); leave out for an open network.")
@click.option("--theme", help="Programme theme shown on the wall and the phones (kept for next time).")
@click.option("--prompt", help="The question (gespreksvraag) to ask (kept for next time).")
@click.option("--async-mode", default=DEFAULTS["ASYNC_MODE"], type=click.Choice(["gevent", "threading"]),
              hidden=True, help="Server concurrency; only for the wall benchmark's comparison.")
def run(host, port, data_dir, pin, lang, public_url, wifi_ssid, wifi_password, theme, prompt, async_mode) -> None:
    """Start the kiosk: participant page, live wall and API."""
    pin = pin or generate_pin()
    config = {
        "HOST": host, "PORT": port, "DATA_DIR": data_dir, "PIN": pin, "LANGUAGE": lang,
        "PUBLIC_URL": public_url, "WIFI_SSID": wifi_ssid, "WIFI_PASSWORD": wifi_password,
        "ASYNC_MODE": async_mode,
    }
    try:
        app = create_app(config)
    except (OSError, JournalCorrupt, JournalBusy) as error:
        raise click.ClickException(f"cannot open the data folder {data_dir}: {error}") from error
    kiosk: Kiosk = app.extensions["netwerkkiosk"]
    if theme is not None:
        set_theme(kiosk.store, theme)
    if prompt:
        set_prompt(kiosk.store, prompt)
    click.echo(_banner(app.config, pin))
    try:
        live.socketio.run(app, host=host, port=port, log_output=False, allow_unsafe_werkzeug=True)
    except OSError as error:
        raise click.ClickException(f"cannot listen on {host}:{port}: {error.strerror or error}") from error
    finally:
        kiosk.store.close()


@main.command(name="export")
@click.option("--data", "data_dir", default=DEFAULTS["DATA_DIR"], show_default=True,
              type=click.Path(file_okay=False), help="The kiosk's data folder (it may be running).")
@click.option("--format", "fmt", required=True, type=click.Choice(export.FORMATS),
              help="csv for spreadsheets, json for other tools, html to print.")
@click.option("--lang", default=DEFAULTS["LANGUAGE"], show_default=True, type=click.Choice(LANGUAGES))
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="File to write; standard output when left out.")
def export_command(data_dir, fmt, lang, output) -> None:
    """Export the contributions so far, also while the kiosk runs."""
    try:
        app = create_app({"DATA_DIR": data_dir, "READ_ONLY": True, "LANGUAGE": lang, "PUBLIC_URL": "http://kiosk/"})
    except (OSError, JournalCorrupt) as error:
        raise click.ClickException(f"cannot read the data folder {data_dir}: {error}") from error
    with app.test_request_context():
        text = export.render(app.extensions["netwerkkiosk"].store, fmt, lang)
    if output:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)


@main.command(name="sync")
@click.option("--archive", "archive_url", required=True, help="The archive's address, e.g. https://archief.example.nl")
@click.option("--token", required=True, help="This kiosk's token, from 'netwerkkiosk archive add-kiosk'.")
@click.option("--data", "data_dir", default=DEFAULTS["DATA_DIR"], show_default=True,
              type=click.Path(file_okay=False), help="The kiosk's data folder (it may be running).")
@click.option("--attempts", default=8, show_default=True, type=click.IntRange(1, 20),
              help="How often to try each request before giving up (pauses grow: 0.5 s, 1 s, 2 s, ...).")
@click.option("--pull", is_flag=True,
              help="Instead: set this kiosk up with the meeting moment the team planned for it in the archive.")
def sync_command(archive_url, token, data_dir, attempts, pull) -> None:
    """Bring everything this kiosk holds to the archive; exit 0 only when all of it is there."""
    if pull:
        _pull(archive_url, token, data_dir, attempts)
        return
    try:
        store = Store(data_dir, read_only=True)
    except (OSError, JournalCorrupt) as error:
        raise click.ClickException(f"cannot read the data folder {data_dir}: {error}") from error

    def show(progress: Progress) -> None:
        click.echo(f"\rto send: {progress.records} records, {progress.photos} photos   ", nl=False, err=True)

    try:
        with requests.Session() as session:
            summary = sync(store, session, archive_url, token, progress=show, attempts=attempts)
    except SyncError as error:
        click.echo(err=True)
        raise click.ClickException(f"sync stopped: {error}; run it again to continue") from error
    click.echo(err=True)
    click.echo(f"in the archive: {summary.line()}")


def _pull(archive_url: str, token: str, data_dir: str, attempts: int) -> None:
    try:
        store = Store(data_dir)
    except JournalBusy as error:
        raise click.ClickException("the kiosk is running on this folder: use \"Pull from the archive\" in its "
                                   "control room") from error
    except (OSError, JournalCorrupt) as error:
        raise click.ClickException(f"cannot open the data folder {data_dir}: {error}") from error
    try:
        with requests.Session() as session:
            plan = pull_plan(session, archive_url, token, attempts=attempts)
        ensure_moment(store)
        settings = adopt_plan(store, plan)
    except (SyncError, ContributionError) as error:
        raise click.ClickException(f"pull stopped: {error}") from error
    finally:
        store.close()
    click.echo(f"set up: {settings.get('name')} ({settings.get('date') or 'no date'}), theme {settings.get('theme')}, "
               f"{len(settings.get('highlights') or [])} highlights of earlier moments")


@main.group()
def archive() -> None:
    """The central archive: serve it, and give kiosks their tokens."""


def _archive_store(data_dir: str) -> ArchiveStore:
    try:
        return ArchiveStore(data_dir)
    except (OSError, sqlite3.Error) as error:
        raise click.ClickException(f"cannot open the archive folder {data_dir}: {error}") from error


_ARCHIVE_DATA = click.option("--data", "data_dir", default="archive-data", show_default=True,
                             type=click.Path(file_okay=False), help="The archive's data folder.")


@archive.command(name="serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (behind a TLS proxy).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@_ARCHIVE_DATA
def archive_serve(host, port, data_dir) -> None:
    """Serve the archive: the sync API for kiosks and the contributions API."""
    app = create_archive_app({"DATA_DIR": data_dir})
    click.echo(f"Netwerkkiosk archive on http://{host}:{port}/ (data in {Path(data_dir).resolve()})")
    try:
        serve(app, host, port)
    except OSError as error:
        raise click.ClickException(f"cannot listen on {host}:{port}: {error.strerror or error}") from error


@archive.command(name="add-kiosk")
@click.argument("name")
@_ARCHIVE_DATA
def archive_add_kiosk(name, data_dir) -> None:
    """Register a kiosk and print its token (shown once; the archive keeps only its hash)."""
    store = _archive_store(data_dir)
    try:
        token = store.add_kiosk(name)
    except sqlite3.IntegrityError as error:
        raise click.ClickException(f"there is a kiosk called {name} already") from error
    click.echo(token)
    click.echo(qr_terminal(token), err=True)


@archive.command(name="set-password")
@_ARCHIVE_DATA
def archive_set_password(data_dir) -> None:
    """Set the admin password for the team-only pages (hidden contributions, moderation log, contacts)."""
    password = click.prompt("Admin password", hide_input=True, confirmation_prompt=True, err=True)
    try:
        admin.set_password(_archive_store(data_dir), password)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    click.echo("the admin password is set; browsers signed in with an earlier one are signed out")


@archive.command(name="revoke-kiosk")
@click.argument("name")
@_ARCHIVE_DATA
def archive_revoke_kiosk(name, data_dir) -> None:
    """Stop a kiosk's token from syncing (a lost laptop)."""
    if not _archive_store(data_dir).revoke_kiosk(name):
        raise click.ClickException(f"there is no kiosk called {name}")
    click.echo(f"{name} can no longer sync")


if __name__ == "__main__":
    main()
