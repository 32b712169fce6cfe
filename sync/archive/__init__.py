"""The central archive: where every kiosk's contributions come together after the event."""

from __future__ import annotations

from typing import Any

from flask import Flask

from sync.archive import api
from sync.archive.store import ArchiveStore

__all__ = ["create_archive_app"]


def create_archive_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the archive app on a data folder (``DATA_DIR``)."""
    app = Flask(__name__)
    app.config.from_mapping(DATA_DIR="archive-data", MAX_CONTENT_LENGTH=32 * 1024 * 1024)
    app.config.from_prefixed_env("NETWERKKIOSK_ARCHIVE")
    app.config.from_mapping(config or {})
    app.extensions["archive"] = ArchiveStore(app.config["DATA_DIR"])
    app.register_blueprint(api.bp)
    return app
