"""The kiosk's commands: run it, export a moment (netwerkkiosk.cli names every command and where it lives).

Every mistake a user can make answers with one translated line and a non-zero exit (``UserError``);
servers take their port before they announce anything, and Ctrl-C stops them with a goodbye and exit 0.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
import webbrowser

import click

from kiosk import export
from kiosk.app import create_app, serve_kiosk
from kiosk.config import DEFAULTS, generate_pin
from kiosk.context import Kiosk
from kiosk.folders import cannot_open
from kiosk.journal import JournalBusy, JournalCorrupt
from kiosk.moment import set_prompt, set_theme
from netwerk.contributions import N_
from netwerk.disk import DiskFull
from netwerk.qr import qr_terminal
from netwerk.serving import listen
from netwerk.settings import LANGUAGES
from netwerk.terminal import UserError, say

__all__ = ["export_command", "run"]


def _banner(config: dict, pin: str) -> str:
    url = config["PARTICIPANT_URL"]
    # Said outside the f-strings: the catalog's extraction does not look inside one (the banner spoke English).
    projector, facilitator = say(N_("open on the projector")), say(N_("for the facilitator, with the PIN"))
    laptop = say(N_("on this laptop"))
    rows = [(say(N_("Participants")), url), (say(N_("Wall")), f"{url}wall   ({projector})"),
            (say(N_("Control room")), f"{url}facilitator   ({facilitator})"),
            (say(N_("PIN")), pin), (say(N_("Data")), config["DATA_DIR"]),
            (say(N_("Start page")), f"http://127.0.0.1:{config['PORT']}/start   ({laptop})")]
    if config["WIFI_SSID"]:
        network = say(N_("network %(name)s"), name=config["WIFI_SSID"])
        rows.append((say(N_("Wi-Fi QR")), f"{url}wifi.svg   ({network})"))
    width = max(len(label) for label, _ in rows) + 2
    lines = [f"  {label.ljust(width)}{value}" for label, value in rows]
    lines.insert(1, qr_terminal(url).rstrip("\n"))
    return "\n".join(["", say(N_("Netwerkkiosk is running. Stop it with Ctrl+C.")), "", *lines, ""])


def _open_start_page(listener: socket.socket) -> None:
    """Open the start page in the laptop's own browser, the server's socket already taken, so that it answers as soon
    as it serves. A machine without a screen (a server, an SSH session) has no browser to open."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return
    # Beside the server: a browser named by $BROWSER runs until it is closed, and the kiosk must serve meanwhile.
    threading.Thread(target=webbrowser.open, args=(f"http://127.0.0.1:{listener.getsockname()[1]}/start",),
                     daemon=True).start()


@click.command()
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
@click.option("--no-browser", is_flag=True, envvar="NETWERKKIOSK_NO_BROWSER",
              help="Do not open the start page in this laptop's browser.")
@click.option("--async-mode", default=DEFAULTS["ASYNC_MODE"], type=click.Choice(["gevent", "threading"]),
              hidden=True, help="Server concurrency; only for the wall benchmark's comparison.")
def run(host, port, data_dir, pin, lang, public_url, wifi_ssid, wifi_password, theme, prompt, no_browser,
        async_mode) -> None:
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
        if not no_browser:
            _open_start_page(listener)
        serve_kiosk(app, listener)
    finally:
        kiosk.store.close()
    click.echo(say(N_("Netwerkkiosk stopped. Everything is kept in %(folder)s."), folder=app.config["DATA_DIR"]))


@click.command(name="export")
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
