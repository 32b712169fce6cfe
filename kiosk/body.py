"""Read a request body as fields, whatever a client sends."""

from __future__ import annotations

from typing import Any

from flask import request

__all__ = ["fields"]


def fields() -> Any:
    """Return the JSON body or the form fields; None for JSON that cannot be read.

    The caller checks for a dict: a client may send a list, a string, or nothing at all.
    """
    if not request.is_json:
        return request.form
    try:
        return request.get_json(silent=True)
    except RecursionError:  # "[[[[…" nested deeper than the decoder goes; not a ValueError
        return None
