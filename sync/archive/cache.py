"""The archive's public pages cost their queries once per change of its data, not once per reader.

Every write that changes what a page shows (a batch, a programme, a planned moment) moves the archive's
data version in the same transaction; a page or a count computed at one version is kept, in this
process, until the version moves. Each process keeps its own copies and asks the database for the
version on every request, so no process ever serves what another has changed since. Only what anyone
may see is kept: never a signed-in team member's page.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g, request

from netwerk.i18n import current_language
from sync.archive.kept import Kept

__all__ = ["init_app"]

_PUBLIC = ("archive_pages.home", "archive_pages.programme", "archive_pages.search", "archive_pages.export_view",
           "archive_api.contributions")


def _cacheable() -> bool:
    signed_in = current_app.config["SESSION_COOKIE_NAME"] in request.cookies
    return request.method == "GET" and request.endpoint in _PUBLIC and not signed_in


def _kept_page() -> Response | None:
    if not _cacheable():
        return None
    g.page = (request.full_path, current_language())
    g.version = current_app.extensions["archive"].version()
    found = current_app.extensions["archive_pages"].get(g.page, g.version)
    if found is None:
        return None
    g.page = None  # served from here: nothing to keep afterwards
    body, status, headers = found
    return Response(body, status, headers)


def _keep_page(response: Response) -> Response:
    page = g.pop("page", None)
    if page and response.status_code == 200 and "Set-Cookie" not in response.headers:
        response.make_sequence()
        current_app.extensions["archive_pages"].put(page, g.version, (
            response.get_data(), response.status_code, list(response.headers.items())))
    return response


def init_app(app: Flask, size: int = 256) -> None:
    """Serve the public pages from this process's copies while the data stays; register after compression."""
    app.extensions["archive_pages"] = Kept(size)
    app.before_request(_kept_page)
    app.after_request(_keep_page)  # after_request runs last-registered first: this sees the page uncompressed
