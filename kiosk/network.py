"""Where phones can reach this laptop, and what a phone's camera reads to join its Wi-Fi."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

import psutil

__all__ = ["lan_address", "participant_url", "reachable", "typed_address", "wifi_payload"]

# Interface names that are usually the Wi-Fi or the laptop's own hotspot, best first.
_PREFERRED = ("wl", "wlan", "wi-fi", "wifi", "ap", "en", "eth", "ethernet")


def _candidates() -> list[tuple[str, str]]:
    found = []
    for name, addresses in psutil.net_if_addrs().items():
        for address in addresses:
            if address.family != socket.AF_INET:
                continue
            ip = ipaddress.IPv4Address(address.address)
            if not (ip.is_loopback or ip.is_link_local or ip.is_unspecified):
                found.append((name, address.address))
    return found


def _rank(candidate: tuple[str, str]) -> tuple[int, int]:
    name, address = candidate
    lowered = name.lower()
    preference = next((i for i, prefix in enumerate(_PREFERRED) if lowered.startswith(prefix)), len(_PREFERRED))
    return (0 if ipaddress.IPv4Address(address).is_private else 1, preference)


def lan_address() -> str:
    """Return the address phones on the same network can reach, or 127.0.0.1 if there is none.

    Read from the network interfaces, never by sending a packet: the kiosk runs offline.
    """
    candidates = sorted(_candidates(), key=_rank)
    return candidates[0][1] if candidates else "127.0.0.1"


def participant_url(public_url: str | None, port: int) -> str:
    """Return the participant page's address, ending in a slash."""
    url = public_url or f"http://{lan_address()}:{port}/"
    return url if url.endswith("/") else url + "/"


def reachable(host: str, url: str) -> bool:
    """Tell whether phones can reach the participant page's address ``url`` at all, as far as the laptop can tell
    without sending anything: it is an address on the network (not the laptop's own 127.0.0.1, which is what a
    laptop with no network gets), and the kiosk listens there (on every interface, ``host`` 0.0.0.0, or on that
    one). A firewall or a guest network that keeps phones apart can still stand between: the start page says so."""
    named = urlsplit(url).hostname or ""
    try:
        if ipaddress.ip_address(named).is_loopback:
            return False
    except ValueError:
        pass  # a name given with --public-url
    return host in ("0.0.0.0", "::", "") or host == named


def typed_address(url: str) -> str:
    """Return the participant page's address as a person types it: no ``http://``, no closing slash.

    The wall prints it on one line in large type for the phone whose camera cannot read the QR code; phone
    browsers add ``http://`` themselves.
    """
    return url.removeprefix("http://").rstrip("/")


def wifi_payload(ssid: str, password: str | None) -> str:
    """Return the standard ``WIFI:`` text that phone cameras offer to join."""

    def escape(value: str) -> str:
        for special in ("\\", ";", ",", ":", '"'):
            value = value.replace(special, "\\" + special)
        return value

    if not password:
        return f"WIFI:T:nopass;S:{escape(ssid)};;"
    return f"WIFI:T:WPA;S:{escape(ssid)};P:{escape(password)};;"
