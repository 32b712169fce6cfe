"""A meeting moment's outcomes to take home: CSV for spreadsheets, JSON for other tools, HTML to print.

Each export is of one moment of the data folder: the current one unless another is asked by its number. The page
to print is the exhibition of a selection (``netwerk.selection``), laid out as the archive's.

Deleted contributions are left out (only their tombstone in the moderation log remains). Consented
contact details are in the CSV and JSON, which only a signed-in facilitator (or the team, on the
laptop, with the CLI) can make; never in the printable page, which is made to be shown.
"""

from __future__ import annotations

import base64
import functools
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from flask import current_app, render_template
from markupsafe import Markup

from kiosk.moment import chosen, described
from kiosk.store import Store
from netwerk import selection
from netwerk.contributions import is_visible, public_view
from netwerk.headers import allowing
from netwerk.i18n import human_time, moment_title
from netwerk.media import PhotoStore
from netwerk.readable import readable_csv

__all__ = ["FORMATS", "contacts", "contributions", "policy", "render", "to_csv", "to_html", "to_json"]

FORMATS = ("csv", "json", "html")
_COLUMNS = ("created_at", "code", "kind", "text", "author", "tags", "links", "status", "pinned", "paper", "reactions",
            "prompt", "moment", "contact", "id")


def contributions(store: Store, visible_only: bool = False, number: int | None = None) -> list[dict[str, Any]]:
    """Return a moment's contributions worth exporting, oldest first, each with its prompt's text."""
    picked = chosen(store, number)
    prompts = {prompt["id"]: prompt["text"] for prompt in picked.get("prompts") or []}
    keep = is_visible if visible_only else (lambda item: not item.get("deleted"))
    kept = store.arrived(keep, len(store), moment=picked["number"])[::-1]  # in arrival order, for equal times
    kept.sort(key=lambda item: item["created_at"])
    return [dict(public_view(item), prompt=prompts.get(item["prompt_id"])) for item in kept]


def contacts(store: Store, number: int | None = None) -> list[dict[str, Any]]:
    """Return a moment's consented contact details, each with the text of its contribution."""
    # Contacts are few; fetch their contributions one by one rather than copying all of them.
    event = chosen(store, number).get("event_id")
    found = []
    for contact in store.contacts():
        item = store.get_contribution(contact["contribution_id"])
        if item is not None and item.get("event_id") == event:
            found.append(dict(contact, text=item["text"]))
    return found


def to_csv(store: Store, language: str, number: int | None = None) -> str:
    """Return a moment's contributions as CSV for a spreadsheet in ``language`` (netwerk.spreadsheet).

    Consented contacts are in it: only a signed-in facilitator, or the team with the CLI, makes this.
    """
    contact_of = {contact["contribution_id"]: contact["contact"] for contact in store.contacts()}
    moment = moment_title(described(store, number))
    rows = [dict(item, contact=contact_of.get(item["id"], ""), moment=moment)
            for item in contributions(store, number=number)]
    return readable_csv(rows, _COLUMNS, language)


def to_json(store: Store, number: int | None = None) -> str:
    """Return a moment, its contributions and their moderation log as one JSON document."""
    number = chosen(store, number)["number"]
    # The log names deleted contributions too: their tombstone is all that is left of them.
    ids = {item["id"] for item in store.arrived(lambda item: True, len(store), moment=number)}
    document = {
        "moment": described(store, number),
        "contributions": contributions(store, number=number),
        "contacts": contacts(store, number),
        "moderation_log": [entry for entry in store.moderation_log() if entry["contribution_id"] in ids],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _with_embedded_photo(item: dict[str, Any], photos: PhotoStore) -> dict[str, Any]:
    # A saved or mailed page has no kiosk to fetch /media/ from, so the photo travels inside it.
    path = photos.path(item["photo"].rsplit("/", 1)[-1]) if item["photo"] else None
    if path is None:
        return dict(item, photo=None)
    return dict(item, photo="data:image/jpeg;base64," + base64.b64encode(path.read_bytes()).decode("ascii"))


@functools.cache
def _inlined(static: Path) -> tuple[Markup, Markup]:
    # The kiosk's own style sheets and script, not participant text: marked safe here, so their quotes stay quotes in
    # <style> and <script>. The kinds' colours are written out in place of the exhibition's @import of them. Read
    # once: they are the release's files, and a printed page asks for them twice (the page, its security policy).
    css = (static / "css" / "exhibition.css").read_text("utf-8").replace(
        '@import url("kinds.css");', (static / "css" / "kinds.css").read_text("utf-8"))
    return Markup(css), Markup((static / "js" / "exhibition.js").read_text("utf-8"))


def policy() -> str:
    """The security policy of the printable page: the page's own inline script may run, nothing else inline."""
    return allowing(_inlined(Path(current_app.static_folder))[1])


def to_html(store: Store, number: int | None = None, asked: dict[str, Any] | None = None) -> str:
    """Return a moment's visible contributions as the exhibition prints them, the selection ``asked`` (all of them
    when None) on its sheets; a page that needs nothing but itself. Needs an app context for the language."""
    asked = asked or selection.chosen({}, "all")
    taken = selection.picked(contributions(store, True, number), asked)
    photos = PhotoStore(store.folder)
    css, script = _inlined(Path(current_app.static_folder))
    return render_template(
        "export.html",
        moment=described(store, number),
        groups=selection.groups([_with_embedded_photo(item, photos) for item in taken], asked["by"]),
        selection=asked,
        count=len(taken),
        css=css,
        script=script,
        generated_at=human_time(datetime.now(timezone.utc).isoformat()),  # the page's language, the kiosk's time
    )


def render(store: Store, fmt: str, language: str, number: int | None = None,
           asked: dict[str, Any] | None = None) -> str:
    """Return moment ``number``'s export (the current moment's for None) in ``fmt`` (one of FORMATS); the printable
    page of the selection ``asked``."""
    if fmt == "csv":
        return to_csv(store, language, number)
    if fmt == "json":
        return to_json(store, number)
    return to_html(store, number, asked)
