"""The archive's open data: a versioned, read-only JSON API and Atom feeds of new outcomes, for everyone.

``/api/v1/…`` lists organisations, programmes, moments and contributions (filtered as the pages are, a page at
a time by ``cursor``); ``feed.atom`` under an organisation or a programme says what came in last, for a
newsletter or a website. Only what the public pages show, whoever asks: no cookie is read, so a browser on
any site may read it (CORS), and every answer carries the data's version (``ETag``) and age
(``Last-Modified``), so a reader that asks again gets a 304 until something changed. docs/api.md describes it.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from email.utils import format_datetime
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request

from archive import filters
from archive.published import (
    contribution_item,
    moment_item,
    organisation_item,
    programme_item,
)
from netwerk.errors import json_error

__all__ = ["bp"]

bp = Blueprint("archive_open", __name__)
_FEED = 50  # entries a feed holds: the newest


def _store():
    return current_app.extensions["archive"]


def _root() -> str:
    return request.url_root


@bp.after_request
def _open_to_all(response: Response) -> Response:
    """Let any site read it, and answer 304 to a reader whose copy is of the data as it is now: also for an answer
    this process kept (archive.cache), which carries the headers it was made with."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Vary"] = "Accept-Encoding"
    if response.status_code != 200:
        return response
    if "ETag" not in response.headers:
        response.headers.update(_headers())
    return response.make_conditional(request)


def _etag() -> str:
    # The data's version and the address asked (an API page is the same for everyone who asks the same).
    shown = hashlib.sha256(f"{_store().views.version()} {request.full_path}".encode()).hexdigest()[:32]
    return f'W/"{shown}"'


def _changed_at() -> int:
    return _store().views.changed_at()



def _headers() -> dict[str, str]:
    changed = datetime.fromtimestamp(_changed_at(), timezone.utc)
    return {"ETag": _etag(), "Last-Modified": format_datetime(changed, usegmt=True),
            "Cache-Control": "public, max-age=60"}


def _programme_of() -> dict[str, str]:
    """Each moment's programme, by its event id."""
    return {moment["event_id"]: programme["slug"] for programme in filters.all_programmes()
            for moment in programme["moments"]}


@bp.get("/api/v1/organisations")
def organisations():
    """Every organisation of the platform."""
    return {"items": [organisation_item(found, _root()) for found in _store().organisations.all()], "next": None}


@bp.get("/api/v1/programmes")
def programmes():
    """Every programme (of one ``organisation``), with its counts."""
    chosen = request.args.get("organisation") or None
    return {"items": [programme_item(item, _root()) for item in filters.all_programmes(chosen)], "next": None}


@bp.get("/api/v1/moments")
def moments():
    """Every meeting moment (of one ``organisation`` and ``programme``), with its count."""
    chosen, programme = request.args.get("organisation") or None, request.args.get("programme") or None
    items = [moment_item(moment, item["slug"], _root()) for item in filters.all_programmes(chosen)
             if programme in (None, item["slug"]) for moment in item["moments"]]
    return {"items": items, "next": None}


@bp.get("/api/v1/contributions")
def contributions():
    """The visible contributions of a view, oldest first, ``limit`` (at most 1,000) at a time: ``next`` is the
    ``cursor`` that asks for the ones after them, null at the end."""
    cursor = request.args.get("cursor", "")
    if cursor and not (cursor.isdigit() and len(cursor) < 19):
        return json_error("cursor is the value of next from the page before", 400)
    chosen = dict(filters.from_request(), event=request.args.get("moment") or None)
    items, following = filters.page_of(chosen, int(cursor) if cursor else None)
    return {"items": _published(items), "next": None if following is None else str(following)}


def _published(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    where, licences = _programme_of(), {found["slug"]: found["licence"] for found in _store().organisations.all()}
    return [contribution_item(item, where.get(item.get("event_id")), licences.get(item["organisation"], ""), _root())
            for item in items]


def _feed(title: str, link: str, organisation: dict[str, Any], items: list[dict[str, Any]]) -> Response:
    changed = datetime.fromtimestamp(_changed_at(), timezone.utc).isoformat()
    return Response(render_template("archive_feed.xml", title=title, link=link, organisation=organisation,
                                    items=_published(items), updated=changed, self_url=request.base_url),
                    mimetype="application/atom+xml")


@bp.get("/o/<org>/feed.atom")
def organisation_feed(org: str) -> Response:
    """The newest outcomes of an organisation."""
    found = _store().organisations.get(org)
    return _feed(found["name"], f"{_root()}o/{org}/", found, _store().views.recent(_FEED, org))


@bp.get("/o/<org>/programme/<name>/feed.atom")
def programme_feed(org: str, name: str) -> Response:
    """The newest outcomes of one programme."""
    programme = filters.programme(name, org)
    if programme is None:
        abort(404)
    events = [moment["event_id"] for moment in programme["moments"]]
    found = _store().organisations.get(org)
    return _feed(f"{programme['theme']} · {found['name']}", f"{_root()}o/{org}/programme/{name}", found,
                 _store().views.recent(_FEED, org, events))


@bp.get("/bundle/<key>/feed.atom")
def bundle_feed(key: str) -> Response:
    """The newest cards of a bundle, whichever organisation they come from."""
    bundle = _store().bundles.get(key)
    if bundle is None:
        abort(404)
    found = _store().organisations.get(bundle["organisation"])
    return _feed(bundle["title"], f"{_root()}bundle/{key}", found, _store().views.recent(_FEED, bundle=key))
