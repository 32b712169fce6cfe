"""The filters of an archive view, read from the query string, shared by the pages, the exports and the API.

Every view of the archive (a programme, a moment, a search) is the same query with other filters,
so a view can always be exported or fetched as JSON with the same parameters.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from typing import Any

from flask import current_app, request

from archive import programmes
from archive.database import search_terms
from netwerk.contributions import KINDS, N_
from netwerk.errors import refuse
from netwerk.moments import is_date

__all__ = ["COUNTED", "NAMES", "ORDERS", "PAGE", "after", "all_programmes", "asked", "chosen", "contributions", "every",
           "facets", "from_request", "limit", "order", "page_of", "programme", "skip"]

NAMES = ("organisation", "bundle", "programme", "event", "q", "kind", "tag", "from", "to", "order")
ORDERS = ("relevant", "newest", "oldest")  # how a page of the archive may be sorted
PAGE = 60  # cards a page of the archive shows before "more"
COUNTED = 10_000  # contributions a page counts at most: a view of more says "more than 10,000"
_API_PAGE = 1000  # contributions the API gives at most at a time
_READ_AT_ONCE = 500  # contributions an export reads from the database at a time
# The filter each name of the query string sets, as ``from_request`` reads it.
_FILTERS = {"organisation": "organisation", "bundle": "bundle", "programme": "programme", "event": "event",
            "q": "words", "kind": "kind", "tag": "tag", "from": "start", "to": "end", "order": "order"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_CHARACTER = N_("A filter holds a control character (such as a NUL byte); leave it out.")


def _date(name: str) -> str | None:
    value = request.args.get(name, "")
    return value if is_date(value) else None


def asked() -> dict[str, str]:
    """Return the filters of this request as they were read, and nothing else, to link the same view.

    As read, not as written: a page is kept by what it shows (``archive.cache``), so it may link
    nothing of the address it was first asked at.
    """
    chosen = from_request()
    return {name: chosen[key] for name, key in _FILTERS.items() if chosen[key]}


def from_request() -> dict[str, Any]:
    """Read the filters: ``organisation``, ``bundle``, ``programme``, ``event``, ``q``, ``kind``, ``tag``, ``from``
    and ``to``; and the ``order`` a page is asked in.

    A control character in any of them is refused with 400: no filter needs one, and PostgreSQL
    refuses a NUL byte in a text outright.
    """
    if any(_CONTROL.search(request.args.get(name, "")) for name in NAMES):
        refuse(_CONTROL_CHARACTER, 400)
    kind, order = request.args.get("kind") or None, request.args.get("order")
    return {"organisation": request.args.get("organisation", "")[:40] or None,
            "bundle": request.args.get("bundle", "")[:120] or None,
            "programme": request.args.get("programme") or None, "event": request.args.get("event") or None,
            "words": request.args.get("q", "")[:200], "kind": kind if kind in KINDS else None,
            "tag": request.args.get("tag", "").lstrip("#")[:100] or None, "start": _date("from"), "end": _date("to"),
            "order": order if order in ORDERS else None}


def chosen(**given: Any) -> dict[str, Any]:
    """Return the filters of a view the code names (a programme's, a bundle's): those given, the rest unset."""
    return dict(dict.fromkeys(_FILTERS.values()), words="", **given)


def after() -> int | None:
    """Return where the page asked for goes on from: the number of the last card before it, or None."""
    value = request.args.get("after", "")
    return int(value) if value.isdigit() and len(value) < 19 else None


def skip() -> int:
    """Return how many of a page sorted by relevance come before it: a score has no card to go on from."""
    value = request.args.get("skip", "")
    return min(int(value), COUNTED) if value.isdigit() and len(value) < 9 else 0


def order(filters: dict[str, Any]) -> str:
    """Return the order a page of the view is shown in: as asked, else the most relevant first when words are
    searched, else the oldest first, so that a moment reads as it went."""
    return filters["order"] or ("relevant" if search_terms(filters["words"]) else "oldest")


def limit() -> int:
    """Return how many contributions the API is asked for at a time: 1 to 1,000, and 1,000 when left out."""
    return max(1, min(request.args.get("limit", _API_PAGE, type=int), _API_PAGE))


def all_programmes(organisation: str | None = None) -> list[dict[str, Any]]:
    """Return every programme of one organisation (or of all), planned or come in through a sync, with its moments."""
    return programmes.of_archive(current_app.extensions["archive"], organisation)


def programme(name: str, organisation: str | None) -> dict[str, Any] | None:
    """Return the programme with this address name in an organisation (or the first in any), or None."""
    return next((item for item in all_programmes(organisation) if item["slug"] == name), None)


def _query(filters: dict[str, Any], hidden: Collection[str]) -> dict[str, Any]:
    events = [filters["event"]] if filters["event"] else None
    if filters["programme"]:
        ids = [moment["event_id"] for item in all_programmes(filters["organisation"])
               if item["slug"] == filters["programme"] for moment in item["moments"]]
        events = [event for event in ids if events is None or event in events]
    return dict({name: filters[name] for name in ("words", "kind", "tag", "start", "end", "organisation", "bundle")},
                events=events, hidden=hidden)


def contributions(filters: dict[str, Any], hidden: Collection[str] = (), after: int | None = None,
                  limit: int | None = None, order: str = "oldest", skip: int = 0) -> list[dict[str, Any]]:
    """Return the contributions of a view (the ``hidden`` ones of those organisations too), or a page of them, in
    the ``order`` given (``ArchiveStore.views.contributions``)."""
    return current_app.extensions["archive"].views.contributions(**_query(filters, hidden), after=after, limit=limit,
                                                                 order=order, skip=skip)


def page_of(filters: dict[str, Any], after: int | None) -> tuple[list[dict[str, Any]], int | None]:
    """Return the page of a view the API is asked for (``limit``, after ``after``), and the number it goes on from
    (None at the end)."""
    size = limit()
    items = contributions(filters, after=after, limit=size + 1)
    return items[:size], items[size - 1]["number"] if len(items) > size else None


def every(filters: dict[str, Any], hidden: Collection[str] = ()) -> Iterator[dict[str, Any]]:
    """Yield every contribution of a view, oldest first, read a few hundred at a time: an export of the whole
    archive never sits in memory at once."""
    last = None
    while True:
        items = contributions(filters, hidden, after=last, limit=_READ_AT_ONCE)
        yield from items
        if len(items) < _READ_AT_ONCE:
            return
        last = items[-1]["number"]


def facets(filters: dict[str, Any], hidden: Collection[str] = ()) -> dict[str, Any]:
    """Count a view, up to ``COUNTED``: in all, by kind and organisation, and its most used tags."""
    return current_app.extensions["archive"].views.facets(**_query(filters, hidden), cap=COUNTED)
