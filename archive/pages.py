"""The archive's public pages: the platform's organisations, each one's programmes, a meeting moment's contributions,
search across all of them, and exports of any view."""

from __future__ import annotations

import difflib
import json
from collections.abc import Collection, Iterable, Iterator
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)

from archive import filters
from archive.admin import editing, hidden_for
from archive.database import search_terms
from archive.store import ArchiveStore
from netwerk.assets import photo_answer
from netwerk.contributions import N_
from netwerk.i18n import current_language, moment_title
from netwerk.readable import readable_lines

__all__ = ["bp", "programme_page"]

bp = Blueprint("archive_pages", __name__)
_COLUMNS = ("created_at", "code", "kind", "text", "author", "tags", "links", "reactions", "paper", "moment",
            "organisation", "kiosk", "event_id", "id")
_RECENT = 4  # outcomes the platform's home shows of each organisation
_ORDERS = {"relevant": N_("Most relevant"), "newest": N_("Newest first"), "oldest": N_("Oldest first")}


def _store() -> ArchiveStore:
    return current_app.extensions["archive"]


@bp.get("/")
def home() -> str:
    """The platform: every organisation with its current programmes and recent outcomes, and a search over all."""
    programmes, every = filters.all_programmes(), _store().organisations.all()
    places = [dict(found, programmes=[item for item in programmes if item["organisation"] == found["slug"]],
                   recent=_store().views.recent(_RECENT, found["slug"])) for found in every]
    return render_template("archive_platform.html", organisations=places, tags=_store().views.tags(),
                           bundles=_store().bundles.all()[:6], names={found["slug"]: found["name"] for found in every})


@bp.get("/o/<org>/")
def organisation(org: str) -> str:
    """One organisation's home: its programmes with their meeting moments, in its language and look."""
    return render_template("archive_home.html", programmes=filters.all_programmes(org), tags=_store().views.tags())


@bp.get("/o/<org>/programme/<name>")
def programme(org: str, name: str) -> str:
    """One programme: its theme, period and meeting moments."""
    return programme_page(org, name)


def programme_page(org: str, name: str, form: Any = None, error: str | None = None) -> str:
    """A programme's page, with the team's planning form as it was sent and what was wrong with it."""
    found = filters.programme(name, org)
    if found is None:
        abort(404)
    return render_template("archive_programme.html", programme=found, tags=_store().views.tags(),
                           kiosks=_store().kiosks(org), form=form or {}, error=error,
                           linked=_store().bundles.linked(org, name), organisations=_store().organisations.names())


@bp.get("/programme/<name>")
@bp.get("/programme/<name>/<path:rest>")
def moved(name: str, rest: str = ""):
    """A programme's address from before organisations: it lives under its organisation now."""
    found = filters.programme(name, None)
    if found is None:
        abort(404)
    query = request.query_string.decode("ascii", "replace")  # a view's choices (?pick=all&size=A3) move along
    return redirect(url_for("archive_pages.programme", org=found["organisation"], name=name) + (f"/{rest}" if rest
                    else "") + (f"?{query}" if query else ""), 301)


@bp.get("/search")
def search() -> str:
    """Contributions found by words and filters, rendered as the wall renders them, a page at a time.

    The most relevant first when words are searched, else the oldest, so a moment reads as it went; "newest" and
    "oldest" may be asked for. In time's order "more" goes on after the last card shown, so cards that arrive
    meanwhile never push one onto two pages; by relevance it skips the cards shown.
    """
    chosen = filters.from_request()
    hidden, mine = hidden_for(chosen["organisation"]), editing()
    moments = {moment["event_id"]: moment for moment in _store().views.moments()}
    order = filters.order(chosen)
    skip, after = (filters.skip(), None) if order == "relevant" else (0, filters.after())
    items = filters.contributions(chosen, hidden, after=after, limit=filters.PAGE + 1, order=order, skip=skip)
    orders = [(way, label) for way, label in _ORDERS.items() if way != "relevant" or search_terms(chosen["words"])]
    return render_template("archive_search.html", items=items[:filters.PAGE], following=_following(order, skip, items),
                           order=order, orders=orders, moments=moments,
                           **({} if items else _something_else(chosen, hidden)),
                           counts=filters.facets(chosen, hidden), filters=chosen, marks=chosen["words"],
                           moment=moments.get(chosen["event"]), page_start=after is not None or skip > 0,
                           programme=filters.programme(chosen["programme"], chosen["organisation"])
                           if chosen["programme"] else None, organisations=_store().organisations.names(),
                           args=filters.asked(), tags=_store().views.tags(), targets=_targets(mine),
                           moderating=mine, team_hidden=_store().hidden_by_team(mine))


def _following(order: str, skip: int, items: list[dict[str, Any]]) -> dict[str, int] | None:
    """Where "more" goes on from a page (None when nothing follows): past the cards shown, by relevance; after the
    last one, in time's order."""
    if len(items) <= filters.PAGE:
        return None
    return {"skip": skip + filters.PAGE} if order == "relevant" else {"after": items[filters.PAGE - 1]["number"]}


def _something_else(chosen: dict[str, Any], hidden: Collection[str]) -> dict[str, Any]:
    """What a search that found nothing offers to try: tags spelled like its last word, and the most used tags of the
    organisation (or of the whole archive)."""
    words = chosen["words"].split()
    tags = _store().views.tags()
    similar = difflib.get_close_matches(words[-1].casefold().lstrip("#"), tags, n=5, cutoff=0.7) if words else []
    popular = filters.facets(filters.chosen(organisation=chosen["organisation"]), hidden)["tags"][:8]
    return {"similar": similar, "popular": popular}


def _targets(mine: list[str]) -> list[tuple[str, str]]:
    """Where a member who edits for the organisations ``mine`` may gather the cards of a search: any bundle, or a
    programme of their own."""
    if not mine:
        return []
    names = _store().organisations.names()
    return ([(f"bundle:{found['slug']}", found["title"]) for found in _store().bundles.all()] +
            [(f"programme:{org}/{item['slug']}", f"{names[org]}: {item['theme']}") for org in mine
             for item in filters.all_programmes(org)])


@bp.get("/media/<name>")
def photo(name: str) -> Response:
    """A contribution's photo, named by its hash, so it can be cached for good."""
    return photo_answer(_store().photos.path(name))


@bp.get("/logos/<name>")
def logo(name: str) -> Response:
    """An organisation's logo, named by its hash, so it can be cached for good."""
    return photo_answer(_store().logos.path(name), "image/png")


@bp.get("/export.<fmt>")
def export_view(fmt: str) -> Response:
    """The same view as CSV or JSON, sent as it is read: an export of the whole archive is never whole in memory."""
    if fmt not in ("csv", "json"):
        abort(404)
    chosen = filters.from_request()
    hidden = hidden_for(chosen["organisation"])
    items = filters.every(chosen, hidden)
    if fmt == "csv":
        columns = _COLUMNS + ("status",) if hidden else _COLUMNS
        titles = {moment["event_id"]: moment_title(moment) for moment in _store().views.moments()}
        rows = (dict(item, moment=titles.get(item["event_id"], "")) for item in items)
        return Response(stream_with_context(readable_lines(rows, columns, current_language())), mimetype="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="archief.csv"'})
    return Response(stream_with_context(_json_lines(items)), mimetype="application/json")


def _json_lines(items: Iterable[dict[str, Any]]) -> Iterator[str]:
    # {"items": [...]} with one contribution a line, written as each is read.
    yield '{"items": ['
    for number, item in enumerate(items):
        yield ("," if number else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]}\n"
