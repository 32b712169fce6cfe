"""A request's JSON body, whatever a client sends: of any type, or None.

``get_json(silent=True)`` answers None for JSON that does not parse (a ValueError), but a body nested
deeper than Python's parser goes ("[[[[…" 100,000 deep) raises RecursionError, which it lets through:
a 500. The parser itself is the cap on nesting: it stops at the interpreter's recursion limit (about a
thousand levels, a few hundred kilobytes of stack, at once), which is caught here. Scanning the
brackets first was tried and dropped: 32 MB of hostile brackets or quotes cost 1 to 11 s of CPU to
scan, where the parser gives up after the first thousand bytes. The size is capped before any of this
by ``MAX_CONTENT_LENGTH`` (and the kiosk's own ``MAX_JSON_LENGTH``).
"""

from __future__ import annotations

from typing import Any

from flask import request

__all__ = ["read_json"]


def read_json() -> Any | None:
    """Return the request's JSON body, of whatever type; None when it is no JSON or nests beyond the parser.

    The caller checks the type: a client may send a list, a string, a number or nothing at all.
    """
    try:
        return request.get_json(silent=True)
    except RecursionError:
        return None
