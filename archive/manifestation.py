"""A programme's views beyond its list: the network, the report, the printable exhibition and the newsletter.

Public pages, like the rest of the archive: only what the walls showed. The network adds, for the
signed-in team only, the consented contacts joined to the initiatives they start or build on.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
    url_for,
)

from archive import filters, report
from archive.admin import at_least_role
from netwerk import selection
from netwerk.graph import DOTS, network, who_joins

__all__ = ["bp", "printed"]

bp = Blueprint("archive_manifestation", __name__, url_prefix="/o/<org>/programme/<name>")
_MARKDOWN = str.maketrans({char: "\\" + char for char in "\\`*_{}[]()#+-.!|~>"} | {"<": "&lt;", "&": "&amp;",
                                                                                     "\n": " "})


@bp.app_template_filter("md")
def markdown_text(text: str | None) -> str:
    """Write a participant's text into Markdown as plain text: no markup, link or HTML of theirs takes effect."""
    return (text or "").translate(_MARKDOWN)


def _programme(org: str, name: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    programme = filters.programme(name, org)
    if programme is None:
        abort(404)
    return programme, filters.contributions(filters.chosen(organisation=org, programme=name))


@bp.get("/network")
def network_page(org: str, name: str) -> str:
    """Contributions, tags, initiatives and meeting moments as a map; clusters show what belongs together."""
    programme, items = _programme(org, name)
    team = at_least_role(org, "editor")  # who may read the contacts
    contacts = current_app.extensions["archive"].views.contacts(org) if team else []
    return render_template("archive_network.html", programme=programme, count=len(items), team=team, dots=DOTS,
                           graph=network(programme["moments"], items, contacts),
                           joiners=[(initiative, [c["contact"] for c in people])
                                    for initiative, people in who_joins(contacts, items)])


@bp.get("/report")
def report_page(org: str, name: str) -> str:
    """Contributions per kind, moment and tag, a timeline, the most reacted, participants and initiatives."""
    programme, items = _programme(org, name)
    links = {"home": url_for("archive_pages.programme", name=name),
             "exhibition": url_for("archive_manifestation.exhibition", name=name),
             "newsletter_html": url_for("archive_manifestation.newsletter", name=name, fmt="html"),
             "newsletter_md": url_for("archive_manifestation.newsletter", name=name, fmt="md")}
    return render_template("archive_report.html", programme=programme, figures=report.figures(programme, items),
                           links=links)


@bp.get("/exhibition")
def exhibition(org: str, name: str) -> str:
    """A selection of the programme to print (``?pick=``, ``tag``, ``top``), a sheet per kind or tag (``?by=``), on A4
    or A3 (``?size=``)."""
    return printed(*_programme(org, name))


def printed(programme: dict[str, Any], items: list[dict[str, Any]], pick: str = "highlights") -> str:
    """The exhibition of a programme or a bundle: the selection its address asks for (``pick`` when it asks none),
    laid out on sheets."""
    chosen = selection.chosen(request.args, pick)
    taken = selection.picked(items, chosen)
    # Codes begin at K1 in every moment: on paper from several, each card says which one it comes from.
    moments = {moment["event_id"]: moment for moment in programme["moments"]} if len(programme["moments"]) > 1 else {}
    return render_template("archive_exhibition.html", programme=programme, selection=chosen, count=len(taken),
                           groups=selection.groups(taken, chosen["by"]), picks=selection.PICKS, tops=selection.TOPS,
                           tags=selection.tags(items), moments=moments)


@bp.get("/newsletter.<fmt>")
def newsletter(org: str, name: str, fmt: str) -> Response:
    """The programme's story so far, ready for a newsletter: an HTML e-mail body or Markdown."""
    if fmt not in ("html", "md"):
        abort(404)
    programme, items = _programme(org, name)
    context = {"programme": programme, "figures": report.figures(programme, items), "base": request.url_root}
    if fmt == "md":
        return Response(render_template("archive_newsletter.md", **context), mimetype="text/markdown")
    return Response(render_template("archive_newsletter.html", **context), mimetype="text/html")
