"""Light pages for phones on one bar of Wi-Fi: compressed answers, and static files that are fetched once.

HTML, CSS, scripts, JSON and SVG travel compressed (zstd, brotli or gzip, as the browser says it can read;
files from disk without gzip, which cannot stream) — the control room's HTML shrinks to a fifth. A static file's address carries a digest of its content (``?v=3f2a…``), so browsers may keep it for a
year: a new version of the file is a new address. Both the kiosk and the archive use this.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, request, send_file
from flask_compress import Compress

from netwerk.version import version

__all__ = ["assets_root", "init_app", "photo_answer"]

_YEAR = 365 * 24 * 3600
_COMPRESSED = ["text/html", "text/css", "text/javascript", "application/javascript", "application/json",
               "image/svg+xml", "text/csv", "text/plain"]


def assets_root() -> Path:
    """Find templates/ and static/: inside the kiosk's package in a wheel, at the project's top in a checkout."""
    top = Path(__file__).resolve().parent.parent
    return top / "kiosk" if (top / "kiosk" / "templates").is_dir() else top


@functools.lru_cache(maxsize=512)
def _digest(path: Path) -> str:
    """The first 12 hex digits of a file's SHA-256; files under static/ change only with a new release."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.is_file() else ""


def photo_answer(path: Path | None, mimetype: str = "image/jpeg") -> Response:
    """A stored photo (kiosk or archive) or logo, kept for a year: named by its hash, it never changes; 404 for
    none."""
    if path is None:
        abort(404)
    return send_file(path, mimetype=mimetype, max_age=_YEAR)


def init_app(app: Flask) -> None:
    """Compress ``app``'s answers and give its static files versioned addresses with a year's cache; tell the pages
    which release they belong to."""
    app.config.setdefault("COMPRESS_MIMETYPES", _COMPRESSED)
    Compress(app)
    folder = Path(app.static_folder or "")

    app.jinja_env.globals["release"] = version()  # in the pages' footers

    @app.url_defaults
    def versioned(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "filename" in values:
            values.setdefault("v", _digest(folder / values["filename"]))

    @app.after_request  # runs before Compress's own, which was registered first
    def kept(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code != 200:
            return response
        # Read the (small) file whole: compressing it as a stream would leave the file open.
        response.direct_passthrough = False
        response.make_sequence()
        if request.args.get("v"):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = _YEAR
            response.cache_control.immutable = True
        return response
