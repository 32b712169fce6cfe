"""What every request must be before Flask reads it: a query string of UTF-8, and an address of a sane length.

Werkzeug decodes the query string strictly, so one raw ``\\xff`` in an address answered 500 on
every page of both servers. Bytes outside ASCII are percent-encoded before the app sees them;
decoding them then replaces what is not UTF-8, as it does for a form.

A request line past gevent's 8 KB got gevent's own bare, plain-text 414; the API promises JSON
errors. The server (``netwerk.serving``) reads such a line to its end and passes the request on
without its query, marked ``TOO_LONG``; it is answered here, for both servers alike.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote

from werkzeug.wrappers import Request, Response

from netwerk.contributions import N_
from netwerk.headers import POLICY
from netwerk.settings import LANGUAGES
from netwerk.terminal import say_in

__all__ = ["TOO_LONG", "readable_query"]

TOO_LONG = "netwerk.request_line_too_long"
_KEEP = "/?&=+;%:@,!$'()*[]~"
_TOO_LONG_SAID = N_("This address is too long.")


def readable_query(app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    """Wrap a WSGI ``app`` so that its ``QUERY_STRING`` is always plain ASCII, and an address too long a clear 414."""

    def wrapped(environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        if environ.get(TOO_LONG):
            return _too_long(Request(environ))(environ, start_response)
        query = environ.get("QUERY_STRING", "")
        if not query.isascii():
            environ["QUERY_STRING"] = quote(query.encode("latin-1", "replace"), safe=_KEEP)
        return app(environ, start_response)

    return wrapped


def _too_long(request: Request) -> Response:
    """Say 414 in the reader's language: ``{"error": …}`` on /api/, a line of text elsewhere."""
    chosen = request.cookies.get("lang")
    said = say_in(chosen if chosen in LANGUAGES else request.accept_languages.best_match(LANGUAGES, "nl"),
                  _TOO_LONG_SAID)
    api = request.path.startswith("/api/")
    body, kind = (json.dumps({"error": said}), "application/json") if api else (said + "\n", "text/plain")
    return Response(body, 414, content_type=kind, headers={
        "Content-Security-Policy": POLICY, "X-Content-Type-Options": "nosniff", "Connection": "close"})
