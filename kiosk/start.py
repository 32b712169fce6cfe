"""The laptop's own start page: what ``netwerkkiosk run`` opens in the laptop's browser, so that nobody reads a
terminal. The address and QR code for phones, the Wi-Fi's, the PIN, the wall and the control room a click away (this
browser signed in, since it is the laptop's), the free disk space, and whether phones can reach the kiosk at all.

Only the laptop itself opens it: a visitor from loopback asking for a loopback name. Anyone else on the Wi-Fi gets a
404, and so does a web page that points a name of its own at 127.0.0.1 (its Host header is not a loopback name).
"""

from __future__ import annotations

import ipaddress

from flask import Blueprint, abort, current_app, render_template, request

from kiosk import diskspace
from kiosk.auth import signed_in, start_session
from kiosk.context import current_kiosk
from kiosk.network import reachable, typed_address

__all__ = ["bp"]

bp = Blueprint("start", __name__)
_LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def _from_the_laptop() -> bool:
    """Tell whether this request comes from the laptop the kiosk runs on, by a loopback name."""
    try:
        peer = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return peer.is_loopback and request.host.rsplit(":", 1)[0] in _LOOPBACK_NAMES


@bp.get("/start")
def start() -> str:
    """The start page, on the laptop only; it signs this browser in as the facilitator."""
    if not _from_the_laptop():
        abort(404)
    if not signed_in():
        start_session()
    config = current_app.config
    return render_template("start.html", url=config["PARTICIPANT_URL"], address=typed_address(config["PARTICIPANT_URL"]),
                           pin=config["PIN"], wifi=config["WIFI_SSID"], wifi_password=config["WIFI_PASSWORD"],
                           disk=diskspace.space(current_kiosk().store.folder),
                           reachable=reachable(config["HOST"], config["PARTICIPANT_URL"]))
