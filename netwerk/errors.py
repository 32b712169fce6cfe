"""Errors as the contract promises them: a JSON ``{"error": …}`` for every /api/ path."""

from __future__ import annotations

from typing import NoReturn

from flask import Flask, Response, abort, jsonify, request
from werkzeug.exceptions import HTTPException

from netwerk.contributions import N_
from netwerk.i18n import translate

__all__ = ["init_app", "json_error", "refuse"]

_MESSAGES = {
    400: N_("The request could not be read."),
    404: N_("There is nothing at this address."),
    405: N_("This address does not take that method."),
    413: N_("That is too large to send."),
    415: N_("That type of content is not accepted here."),
    429: N_("Too many requests; please wait a moment."),
}


def json_error(message: str, status: int, params: dict | None = None, **extra: object) -> tuple[Response, int]:
    """Answer with a translated, human-readable error, and any ``extra`` fields a machine needs (kiosk and archive)."""
    return jsonify(error=translate(message, params), **extra), status


def refuse(message: str, status: int) -> NoReturn:
    """Stop this request with a translated, human-readable error: JSON on an /api/ path, a plain page elsewhere.

    For checks below the routes (reading a request's filters, say), which every kind of page shares.
    """
    if request.path.startswith("/api/"):
        answer, _ = json_error(message, status)
        answer.status_code = status
        abort(answer)
    abort(status, description=translate(message))


def _handle(error: HTTPException):
    # Unexpected exceptions reach here too, wrapped as InternalServerError.
    if not request.path.startswith("/api/"):
        return error
    status = error.code or 500
    return json_error(_MESSAGES.get(status, N_("Something went wrong on the kiosk.")), status)


def init_app(app: Flask) -> None:
    """Turn HTTP errors on API paths into JSON."""
    app.register_error_handler(HTTPException, _handle)
