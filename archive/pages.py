"""The archive's public pages: programmes, a meeting moment's contributions, search, and exports of any view."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    stream_with_context,
)

from archive import filters
from archive.admin import is_team
from archive.store import ArchiveStore
from netwerk.assets import photo_answer
from netwerk.i18n import current_language
from netwerk.spreadsheet import csv_lines

__all__ = ["bp"]

bp = Blueprint("archive_pages", __name__)
_COLUMNS = ("created_at", "kind", "text", "author", "tags", "reactions", "kiosk", "event_id", "id")


def _store() -> ArchiveStore:
    return current_app.extensions["archive"]


@bp.get("/")
def home() -> str:
    """Every programme with its meeting moments, and a search over all of them."""
    return render_template("archive_home.html", programmes=filters.all_programmes(), tags=_store().views.tags())


@bp.get("/programme/<name>")
def programme(name: str) -> str:
    """One programme: its theme, period and meeting moments."""
    found = filters.programme(name)
    if found is None:
        abort(404)
    return render_template("archive_programme.html", programme=found, tags=_store().views.tags(), kiosks=_store().kiosks(),
                           form={})


@bp.get("/search")
def search() -> str:
    """Contributions found by words and filters, rendered as the wall renders them, a page at a time.

    Oldest first, so a moment reads as it went; "more" goes on after the last card shown, so cards that
    arrive meanwhile never push one onto two pages.
    """
    chosen = filters.from_request()
    moments = {moment["event_id"]: moment for moment in _store().views.moments()}
    items = filters.contributions(chosen, is_team(), after=filters.after(), limit=filters.PAGE + 1)
    return render_template("archive_search.html", items=items[:filters.PAGE], more=len(items) > filters.PAGE,
                           counts=filters.facets(chosen, is_team()), filters=chosen, marks=chosen["words"],
                           moment=moments.get(chosen["event"]), page_start=filters.after() is not None,
                           programme=filters.programme(chosen["programme"]) if chosen["programme"] else None,
                           args=filters.asked(), tags=_store().views.tags())


@bp.get("/media/<name>")
def photo(name: str) -> Response:
    """A contribution's photo, named by its hash, so it can be cached for good."""
    return photo_answer(_store().photos.path(name))


@bp.get("/export.<fmt>")
def export_view(fmt: str) -> Response:
    """The same view as CSV or JSON, sent as it is read: an export of the whole archive is never whole in memory."""
    if fmt not in ("csv", "json"):
        abort(404)
    hidden = is_team()
    items = filters.every(filters.from_request(), hidden)
    if fmt == "csv":
        columns = _COLUMNS + ("status",) if hidden else _COLUMNS
        return Response(stream_with_context(csv_lines(items, columns, current_language())), mimetype="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="archief.csv"'})
    return Response(stream_with_context(_json_lines(items)), mimetype="application/json")


def _json_lines(items: Iterable[dict[str, Any]]) -> Iterator[str]:
    # {"items": [...]} with one contribution a line, written as each is read.
    yield '{"items": ['
    for number, item in enumerate(items):
        yield ("," if number else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]}\n"
