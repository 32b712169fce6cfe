"""Simulated phones: each its own 127.x.y.z address, as Linux routes all of 127/8 to loopback.

A room full of phones is many clients; sending from one address would hit the per-phone rate
limit, which the tests keep switched on.
"""

from __future__ import annotations

import io
import itertools
from typing import Any

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
    session.mount("https://", adapter)  # the archive behind TLS (tests/install/test_hosting.py)
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


def answered(answer: Any) -> Any:
    """The JSON of an answer, from Flask's test client or from requests alike."""
    return answer.get_json() if hasattr(answer, "get_json") else answer.json()


class Phones:
    """A room full of phones: every post from a fresh phone with its own address (the rate limits stay on), on the
    app's test client in this process (``Phones(client)``) or over the network to a real kiosk (``Phones(url)``).
    It keeps the ids the kiosk acknowledged with a 201, in the order it did."""

    def __init__(self, where: Any, first: int = 1) -> None:
        self.where = where
        self.numbers = itertools.count(first)
        self.acknowledged: list[str] = []

    def send(self, text: str = "Een buurtmoestuin achter de school", kind: str = "story", photo: bytes | None = None,
             phone: int | None = None, lang: str | None = None, **fields: Any) -> Any:
        """Post a contribution as a phone's page does (from phone number ``phone``, or a fresh one); the answer."""
        number = next(self.numbers) if phone is None else phone
        answer = (self._over_the_network if isinstance(self.where, str) else self._in_process)(
            number, lang, {"kind": kind, "text": text, **fields}, photo)
        if answer.status_code == 201:
            self.acknowledged.append(answered(answer)["id"])
        return answer

    def contribute(self, text: str = "Een buurtmoestuin achter de school", **options: Any) -> dict:
        """Post a contribution the kiosk must take; return it as the kiosk answered."""
        answer = self.send(text, **options)
        assert answer.status_code == 201, answered(answer)
        return answered(answer)

    def _over_the_network(self, number: int, lang: str | None, fields: dict, photo: bytes | None) -> Any:
        with phone_session(number) as phone:
            if lang:
                phone.get(f"{self.where}/?lang={lang}", timeout=5)  # the cookie the page's language switch sets
            return send(phone, self.where, photo=photo, **fields)

    def _in_process(self, number: int, lang: str | None, fields: dict, photo: bytes | None) -> Any:
        where = {"environ_base": {"REMOTE_ADDR": phone_address(number)},
                 "headers": {"Accept-Language": lang} if lang else {}}
        if photo is None:
            return self.where.post("/api/contributions", json=fields, **where)
        return self.where.post("/api/contributions", data=dict(fields, photo=(io.BytesIO(photo), "foto.jpg")),
                               content_type="multipart/form-data", **where)

