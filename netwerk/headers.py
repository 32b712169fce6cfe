"""Headers every answer of the kiosk and the archive carries: what a page may load, and no type sniffing.

No page uses an inline script but the printed export, a file to save whole, whose one script is allowed by its hash
(``allowing``): scripts come only from this server (a participant's text that slipped past escaping still could not
run); styles may be inline (the newsletter and the printed
page carry theirs); images may also be the phone's own preview (``blob:``) or a ``data:`` QR code.
Only a page of the same server may frame one (the control room shows the live wall as a thumbnail).
"""

from __future__ import annotations

import base64
import hashlib

from flask import Flask, Response

__all__ = ["POLICY", "allowing", "init_app"]

POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
          "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'; form-action 'self'")


def allowing(script: str) -> str:
    """Return the policy with this one inline script allowed, by its SHA-256 hash."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return POLICY.replace("script-src 'self'", f"script-src 'self' 'sha256-{digest}'")


def _protect(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", POLICY)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def init_app(app: Flask) -> None:
    """Send the headers with every answer of ``app``."""
    app.after_request(_protect)
