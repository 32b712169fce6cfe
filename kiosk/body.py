"""Read a request body as fields, whatever a client sends."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, request

from netwerk.json_body import read_json

__all__ = ["fields", "photo"]


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
