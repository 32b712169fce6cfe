"""Simulated phones: each its own 127.x.y.z address, as Linux routes all of 127/8 to loopback.

A room full of phones is many clients; sending from one address would hit the per-phone rate
limit, which the tests keep switched on.
"""

from __future__ import annotations

import requests
from requests.adapters import HTTPAdapter


def phone_address(number: int) -> str:
    """Return the loopback address of simulated phone ``number`` (0 … 16 million)."""
    number += 2  # skip 127.0.0.0 and 127.0.0.1, the laptop itself
    return f"127.{(number >> 16) & 255}.{(number >> 8) & 255}.{number & 255}"


class _SourceAdapter(HTTPAdapter):
    def __init__(self, source: str) -> None:
        self._source = source
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self._source, 0)
        super().init_poolmanager(*args, **kwargs)


def phone_session(number: int) -> requests.Session:
    """Return a requests session that sends from phone ``number``'s own address."""
    session = requests.Session()
    adapter = _SourceAdapter(phone_address(number))
    session.mount("http://", adapter)
    return session


def send(phone: requests.Session, url: str, text: str, photo: bytes | None = None, **fields: str
         ) -> requests.Response:
    """Send a story from ``phone`` as its browser does (form page first, for the device cookie); return the answer."""
    phone.get(url + "/", timeout=5)
    if photo is None:
        return phone.post(url + "/api/contributions", json={"kind": "story", "text": text, **fields}, timeout=5)
    return phone.post(url + "/api/contributions", data={"kind": "story", "text": text, **fields},
                      files={"photo": ("foto.jpg", photo, "image/jpeg")}, timeout=10)


def contribute(phone: requests.Session, url: str, text: str, photo: bytes | None = None, **fields: str) -> dict:
    """Send a story from ``phone`` that the kiosk must take; return the contribution it answers with."""
    answer = send(phone, url, text, photo, **fields)
    assert answer.status_code == 201, answer.text
    return answer.json()


def on_the_wall(phone: requests.Session, url: str) -> list[dict]:
    """Every visible contribution of the current moment, read from the public feed page by page as a wall does."""
    items, since, more = [], 0, True
    while more:
        answer = phone.get(url + "/api/contributions", params={"since": since}, timeout=10).json()
        items += answer["items"]
        since, more = answer["seq"], answer["more"]
    return items
