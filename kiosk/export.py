"""A meeting moment's outcomes to take home: CSV for spreadsheets, JSON for other tools, HTML to print.

Deleted contributions are left out (only their tombstone in the moderation log remains). Consented
contact details are in the CSV and JSON, which only a signed-in facilitator (or the team, on the
laptop, with the CLI) can make; never in the printable page, which is made to be shown.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from flask import current_app, render_template

from kiosk.store import Store
from netwerk.contributions import is_visible, public_view
from netwerk.media import PhotoStore
from netwerk.spreadsheet import csv_text

__all__ = ["FORMATS", "contacts", "contributions", "moment", "render", "to_csv", "to_html", "to_json"]

FORMATS = ("csv", "json", "html")
_COLUMNS = ("created_at", "kind", "text", "author", "tags", "status", "pinned", "reactions", "prompt", "contact", "id")
# Settings that are the kiosk's own business rather than the moment's.
_INTERNAL = ("prompts", "active_prompt_id", "premoderation", "highlights")


def moment(store: Store) -> dict[str, Any]:
    """Return the meeting moment's description: theme, period, name, kind, place, date, prompts, participants."""
    settings = store.settings()
    described = {key: value for key, value in settings.items() if key not in _INTERNAL}
    described["prompts"] = [prompt["text"] for prompt in settings.get("prompts") or []]
    described["participants"] = store.participants()
    return described


def contributions(store: Store, visible_only: bool = False) -> list[dict[str, Any]]:
    """Return the contributions worth exporting, oldest first, each with its prompt's text."""
    prompts = {prompt["id"]: prompt["text"] for prompt in store.settings().get("prompts") or []}
    kept = [item for item in store.changes_since(0) if not item.get("deleted")]
    if visible_only:
        kept = [item for item in kept if is_visible(item)]
    kept.sort(key=lambda item: item["created_at"])
    return [dict(public_view(item), prompt=prompts.get(item["prompt_id"])) for item in kept]


def contacts(store: Store) -> list[dict[str, Any]]:
    """Return the consented contact details, each with the text of its contribution."""
    # Contacts are few; fetch their contributions one by one rather than copying all of them.
    found = []
    for contact in store.contacts():
        item = store.get_contribution(contact["contribution_id"])
        found.append(dict(contact, text=item["text"] if item else ""))
    return found


def to_csv(store: Store, language: str) -> str:
    """Return all contributions as CSV that Excel opens with the accents intact.

    Consented contacts are in it: only a signed-in facilitator, or the team with the CLI, makes this.
    """
    contact_of = {contact["contribution_id"]: contact["contact"] for contact in store.contacts()}
    rows = [dict(item, contact=contact_of.get(item["id"], "")) for item in contributions(store)]
    return csv_text(rows, _COLUMNS, language)


def to_json(store: Store) -> str:
    """Return the moment, its contributions and the moderation log as one JSON document."""
    document = {
        "moment": moment(store),
        "contributions": contributions(store),
        "contacts": contacts(store),
        "moderation_log": store.moderation_log(),
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _with_embedded_photo(item: dict[str, Any], photos: PhotoStore) -> dict[str, Any]:
    # A saved or mailed page has no kiosk to fetch /media/ from, so the photo travels inside it.
    path = photos.path(item["photo"].rsplit("/", 1)[-1]) if item["photo"] else None
    if path is None:
        return dict(item, photo=None)
    return dict(item, photo="data:image/jpeg;base64," + base64.b64encode(path.read_bytes()).decode("ascii"))


def to_html(store: Store) -> str:
    """Return a printable page of the visible contributions by kind; needs an app context for the language."""
    css = Path(current_app.static_folder, "css", "export.css").read_text("utf-8")
    return render_template(
        "export.html",
        moment=moment(store),
        items=[_with_embedded_photo(item, PhotoStore(store.folder)) for item in contributions(store, True)],
        css=css,
        generated_at=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    )


def render(store: Store, fmt: str, language: str) -> str:
    """Return the export in ``fmt`` (one of FORMATS)."""
    if fmt == "csv":
        return to_csv(store, language)
    if fmt == "json":
        return to_json(store)
    return to_html(store)
