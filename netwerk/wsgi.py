"""What every request must be before Flask reads it: a query string of UTF-8, whatever bytes a client sent.

Werkzeug decodes the query string strictly, so one raw ``\\xff`` in an address answered 500 on
every page of both servers. Bytes outside ASCII are percent-encoded before the app sees them;
decoding them then replaces what is not UTF-8, as it does for a form.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote

__all__ = ["readable_query"]

_KEEP = "/?&=+;%:@,!$'()*[]~"


def readable_query(app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    """Wrap a WSGI ``app`` so that its ``QUERY_STRING`` is always plain ASCII."""

    def wrapped(environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        query = environ.get("QUERY_STRING", "")
        if not query.isascii():
            environ["QUERY_STRING"] = quote(query.encode("latin-1", "replace"), safe=_KEEP)
        return app(environ, start_response)

    return wrapped
