"""The archive's public pages cost their queries once per change of its data, not once per reader.

Every write that changes what a page shows (a batch, a programme, a planned moment) moves the archive's
data version in the same transaction; a page computed at one version is kept, in this process, until
the version moves. Each process keeps its own copies and asks the database for the version on every
request, so no process ever serves what another has changed since. Only what anyone may see is kept:
never a signed-in team member's page.

An export is kept too when it turns out small (a moment's, a kind's): it is sent as it is read, and kept
once it has been sent whole without weighing more than a page may; a larger one is never held whole.

A page is kept by what it shows, not by its address: the parameters its view reads, as the view reads
them, so ``?junk=1``, ``?junk=2``, … are one page, not one each. The copies are kept compressed (gzip, which
every browser reads: a copy is sent as it was kept, and unpacked for a client that cannot read it); those of one
process weigh at most ``BUDGET`` bytes together.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Hashable, Iterator
from typing import Any

from flask import Flask, Response, current_app, g, request

from archive import filters
from archive.kept import Kept
from netwerk.i18n import current_language

__all__ = ["BUDGET", "init_app"]

BUDGET = 32 * 1024 * 1024  # bytes of pages one process keeps at most
_LARGEST = BUDGET // 16  # a page heavier than this is not kept (the API's 1,000 long stories come to about 2 MB)
_AROUND = 1024  # what Python's own objects around a kept page weigh besides its bytes, about
_LEVEL = 6  # gzip's level for a kept page: compressed once per change, it may take its time


def _arg(name: str) -> Callable[[], Any]:
    return lambda: request.args.get(name)


def _root() -> str:
    # The open data writes whole addresses, so a copy made for one host name is not another's.
    return request.url_root


# What each public page reads of the request, besides its address's own parts (a programme's name).
_READS: dict[str, tuple[Callable[[], Any], ...]] = {
    "archive_pages.home": (),
    "archive_pages.organisation": (),
    "archive_bundles.bundles": (),
    "archive_bundles.bundle": (),
    "archive_pages.programme": (),
    "archive_pages.search": (filters.from_request, filters.after, filters.skip),
    "archive_pages.export_view": (filters.from_request,),
    "archive_api.contributions": (filters.from_request, filters.after, filters.limit),
    "archive_open.organisations": (_root,),
    "archive_open.programmes": (_root, _arg("organisation")),
    "archive_open.moments": (_root, _arg("organisation"), _arg("programme")),
    "archive_open.contributions": (_root, filters.from_request, _arg("cursor"), _arg("moment"), filters.limit),
    "archive_open.organisation_feed": (_root,),
    "archive_open.programme_feed": (_root,),
    "archive_open.bundle_feed": (_root,),
}


def _cacheable() -> bool:
    signed_in = current_app.config["SESSION_COOKIE_NAME"] in request.cookies
    return request.method == "GET" and request.endpoint in _READS and not signed_in


def _shown() -> Hashable:
    """Name the page this request asks for by what it shows: two addresses that read the same show the same."""
    read = tuple(_frozen(reader()) for reader in _READS[request.endpoint])
    return request.endpoint, _frozen(request.view_args or {}), read, current_language()


def _frozen(value: Any) -> Hashable:
    return tuple(sorted(value.items())) if isinstance(value, dict) else value


def _weight(key: Hashable, page: tuple[bytes, int, list[tuple[str, str]]]) -> int:
    body, _, headers = page
    return len(body) + sum(len(name) + len(value) for name, value in headers) + len(repr(key)) + _AROUND


def _kept_page() -> Response | None:
    if not _cacheable():
        return None
    g.page = _shown()
    g.version = current_app.extensions["archive"].views.version()
    found = current_app.extensions["archive_pages"].get(g.page, g.version)
    if found is None:
        return None
    g.page = None  # served from here: nothing to keep afterwards
    body, status, headers = found
    if request.accept_encodings["gzip"]:  # every browser: sent as kept, compressed once for all its readers
        return Response(body, status, [*headers, ("Content-Encoding", "gzip")])
    return Response(gzip.decompress(body), status, headers)


def _keep_page(response: Response) -> Response:
    page = g.pop("page", None)
    if not page or response.status_code != 200 or "Set-Cookie" in response.headers:
        return response
    # As it is now: compression, which comes after, changes the answer's headers and body.
    head = (response.status_code, list(response.headers.items()))
    if response.is_streamed:
        response.response = _keeping(response.iter_encoded(), current_app.extensions["archive_pages"], page, g.version,
                                     head)
        return response
    response.make_sequence()
    _keep(current_app.extensions["archive_pages"], page, g.version, [response.get_data()], head)
    return response


def _keeping(chunks: Iterator[bytes], kept: Kept, page: Hashable, version: str,
             head: tuple[int, list[tuple[str, str]]]) -> Iterator[bytes]:
    """Send a streamed answer on as it is read, and keep it once it has gone whole if it weighs no more than a page
    may."""
    held, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size <= _LARGEST:
            held.append(chunk)
        else:
            held.clear()
        yield chunk
    if size <= _LARGEST:
        _keep(kept, page, version, held, head)


def _keep(kept: Kept, page: Hashable, version: str, body: list[bytes], head: tuple[int, list[tuple[str, str]]]) -> None:
    # Compressed: a page weighs a sixth, and a reader's copy is sent without compressing it again each time.
    kept.put(page, version, (gzip.compress(b"".join(body), _LEVEL), *head))


def init_app(app: Flask) -> None:
    """Serve the public pages from this process's copies while the data stays; register after compression."""
    app.extensions["archive_pages"] = Kept(BUDGET, _weight, _LARGEST)
    app.before_request(_kept_page)
    app.after_request(_keep_page)  # after_request runs last-registered first: this sees the page uncompressed
