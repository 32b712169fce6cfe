"""A bundle's public pages: its cards from every organisation, each with its origin, and its report and exhibition.

Read through the same visible-only views as every public page (``bundle=`` is one more filter), so a card hidden
or erased at its source is gone from here at once; the exports and the API take ``bundle=`` too.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, render_template, url_for

from archive import admin, filters, report
from archive.manifestation import printed

__all__ = ["bp"]

bp = Blueprint("archive_bundles", __name__)


def _store():
    return current_app.extensions["archive"]


def _bundle(key: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A bundle as a programme of its own (its title the theme, the moments its cards come from), and its cards."""
    bundle = _store().bundles.get(key)
    if bundle is None:
        abort(404)
    items = filters.contributions(filters.chosen(bundle=key))
    counts: dict[str, int] = {}
    for item in items:
        counts[item.get("event_id")] = counts.get(item.get("event_id"), 0) + 1
    moments = [dict(moment, contributions=counts[moment["event_id"]]) for moment in _store().views.moments()
               if moment["event_id"] in counts]
    return dict(bundle, theme=bundle["title"], description=bundle["introduction"], moments=moments,
                contributions=len(items), period=None), items


@bp.get("/bundles")
def bundles() -> str:
    """Every bundle, newest first."""
    return render_template("archive_bundles.html", bundles=_store().bundles.all(),
                           names=_store().organisations.names())


@bp.get("/bundle/<key>")
def bundle(key: str) -> str:
    """A bundle: its introduction and every card with the organisation and moment it comes from."""
    found, items = _bundle(key)
    adders = _store().bundles.adders(key)
    removable = {card for card, org in adders.items() if admin.at_least_role(found["organisation"], "editor")
                 or admin.at_least_role(org, "editor")}
    return render_template("archive_bundle.html", bundle=found, items=items,
                           organisations=_store().organisations.names(),
                           moments={moment["event_id"]: moment for moment in found["moments"]}, removable=removable)


@bp.get("/bundle/<key>/report")
def bundle_report(key: str) -> str:
    """The bundle in figures, as a programme's report."""
    found, items = _bundle(key)
    links = {"home": url_for("archive_bundles.bundle", key=key),
             "exhibition": url_for("archive_bundles.bundle_exhibition", key=key)}
    return render_template("archive_report.html", programme=found, figures=report.figures(found, items), links=links,
                           bundle=found)


@bp.get("/bundle/<key>/exhibition")
def bundle_exhibition(key: str) -> str:
    """The bundle's printable exhibition: all its cards unless a selection is asked for (a bundle is a hand-picked
    set already)."""
    return printed(*_bundle(key), pick="all")

