"""Read a request body as fields, whatever a client sends; answer a change made from them, or why not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, current_app, request

from netwerk.contributions import N_, ContributionError
from netwerk.errors import json_error
from netwerk.json_body import read_json

__all__ = ["change", "fields", "photo", "shown"]


def fields() -> Any:
    """Return the JSON body or the form fields; None for JSON that cannot be read.

    The caller checks for a dict: a client may send a list, a string, or nothing at all.
    """
    if not request.is_json:
        # A form sends one "tags" field per ticked tag; the rest are single fields.
        form = request.form.to_dict()
        if "tags" in request.form:
            form["tags"] = " ".join(request.form.getlist("tags"))
        return form
    if (request.content_length or 0) > current_app.config["MAX_JSON_LENGTH"]:
        abort(413)
    return read_json()


def photo() -> bytes | None:
    """Return the bytes of the multipart file field ``photo``, or None when no photo was chosen."""
    upload = request.files.get("photo")
    data = upload.read() if upload else b""
    return data or None


def change(apply: Callable[[dict[str, Any]], Any], status: int = 200) -> Any:
    """Run a set-up change on the request's fields; answer with its result or a clear error."""
    given = fields()
    if not isinstance(given, dict):
        return json_error(N_("Send the change as a JSON object."), 400)
    try:
        return shown(apply(given)), status
    except ContributionError as error:
        return json_error(error.message, error.status, error.params)


def shown(answer: Any) -> Any:
    """An answer without the moment's proof of origin, which goes to the archive only, never over the kiosk's
    Wi-Fi, where anyone may listen."""
    return {key: value for key, value in answer.items() if key != "event_origin"} if isinstance(answer, dict) else answer
