"""The archive's public pages: programmes, a meeting moment's contributions, search, and exports of any view."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request, send_file

from kiosk.contributions import KINDS
from kiosk.export import csv_text
from kiosk.i18n import current_language
from sync.archive.store import ArchiveStore

__all__ = ["bp"]

bp = Blueprint("archive_pages", __name__)
_COLUMNS = ("created_at", "kind", "text", "author", "tags", "reactions", "kiosk", "event_id", "id")


def _store() -> ArchiveStore:
    return current_app.extensions["archive"]


def _programmes(moments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Group meeting moments by their programme theme, as the network programme does."""
    programmes: dict[str, dict[str, Any]] = {}
    for moment in moments:
        theme = moment.get("theme") or "—"
        programme = programmes.setdefault(theme, {"theme": theme, "period": moment.get("period"), "moments": [],
                                                  "contributions": 0})
        programme["moments"].append(moment)
        programme["contributions"] += moment["contributions"]
    return sorted(programmes.values(), key=lambda programme: programme["theme"])


def _filters() -> dict[str, str | None]:
    kind = request.args.get("kind") or None
    return {"event": request.args.get("event") or None, "words": request.args.get("q", "")[:200],
            "kind": kind if kind in KINDS else None, "tag": request.args.get("tag") or None}


@bp.get("/")
def home() -> str:
    """Every programme with its meeting moments, and a search over all of them."""
    return render_template("archive_home.html", programmes=_programmes(_store().moments()))


@bp.get("/search")
def search() -> str:
    """Contributions found by words and filters, rendered as the wall renders them."""
    filters = _filters()
    moments = {moment["event_id"]: moment for moment in _store().moments()}
    return render_template("archive_search.html", items=_store().contributions(**filters), filters=filters,
                           moment=moments.get(filters["event"]), args=request.args.to_dict())


@bp.get("/media/<name>")
def photo(name: str) -> Response:
    """A contribution's photo, named by its hash, so it can be cached for good."""
    path = _store().photos.path(name)
    if path is None:
        abort(404)
    return send_file(path, mimetype="image/jpeg", max_age=365 * 24 * 3600)


@bp.get("/export.<fmt>")
def export_view(fmt: str) -> Response:
    """The same view as CSV or JSON."""
    items = _store().contributions(**_filters())
    if fmt == "csv":
        return Response(csv_text(items, _COLUMNS, current_language()), mimetype="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="archief.csv"'})
    if fmt == "json":
        return Response(json.dumps({"items": items}, ensure_ascii=False, indent=2), mimetype="application/json")
    abort(404)
