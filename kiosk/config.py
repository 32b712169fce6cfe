"""The kiosk's settings: defaults, and the pieces the command line fills in."""

from __future__ import annotations

import secrets
from typing import Any

from netwerk.settings import local_zone

__all__ = ["DEFAULTS", "generate_pin"]

DEFAULTS: dict[str, Any] = {
    "DATA_DIR": "kiosk-data",
    # Read the data folder without writing, e.g. to export while a kiosk runs on it.
    "READ_ONLY": False,
    "HOST": "0.0.0.0",
    "PORT": 5000,
    "PIN": None,
    "LANGUAGE": "nl",
    # Times in exports and pages: the laptop's own time zone (netwerk.settings.local_zone).
    "BABEL_DEFAULT_TIMEZONE": local_zone(),
    # The address phones use; None means "the laptop's LAN address and PORT".
    "PUBLIC_URL": None,
    "WIFI_SSID": None,
    "WIFI_PASSWORD": None,
    # gevent sustained the wall benchmark's load where threading collapsed; see docs/performance.md.
    "ASYNC_MODE": "gevent",
    # A photo may be 15 MB (netwerk/media.py); the form around it adds a little. JSON bodies have
    # their own, much smaller limit (MAX_JSON_LENGTH): a contribution is a few KB of text.
    "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
    "MAX_JSON_LENGTH": 64 * 1024,
    # Token buckets (burst, seconds per token): one for a phone (address and device), one for
    # an address whatever device cookie it shows, so clearing cookies does not lift the limit.
    "RATE_PER_PHONE": (5, 10.0),
    "RATE_PER_ADDRESS": (20, 3.0),
    # "Me too" reactions per phone: a quick scroll through the list, then one every two seconds.
    "RATE_REACTIONS": (20, 2.0),
    "RATE_REACTIONS_PER_ADDRESS": (40, 1.0),
    # The walls' public reads (/api/wall/…, /api/network, /api/contributions) per address: a wall asks a few
    # a second at most; a passer-by looping them on twenty connections is slowed to this and gets 429.
    "RATE_WALL_READS": (60, 0.05),
    # Wrong facilitator PINs per address: five tries, then one per 30 seconds.
    "RATE_WRONG_PIN": (5, 30.0),
    # ... and across all addresses together: ten, then three a minute. A six-digit PIN would take
    # a passer-by with a thousand addresses some four months (python -m bench.pin).
    "RATE_WRONG_PIN_KIOSK": (10, 20.0),
    # The facilitator's session cookie never leaves with a request from another site.
    "SESSION_COOKIE_SAMESITE": "Strict",
    "SESSION_COOKIE_HTTPONLY": True,
    # How many of the newest contributions the wall's network layout draws: more is a clump from the back.
    "WALL_NETWORK": 160,
    # How many of the newest contributions the phone page lists to react to: twelve texts of the
    # longest kind still keep the page under its 50 KB budget.
    "PHONE_CARDS": 12,
}


def generate_pin() -> str:
    """Make a six-digit facilitator PIN that is easy to read aloud and hard to guess."""
    return f"{secrets.randbelow(1_000_000):06d}"
