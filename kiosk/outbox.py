"""A kiosk's data folder as the sync reads it: the ``Outbox`` that sync.client asks for, made of the kiosk's store.

The sync needs a few things the kiosk knows how to say (what a moment is to the archive, where a photo lies);
they are said here, so the door between the two stays one-way: the kiosk uses the sync, never the reverse.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.moment import described
from kiosk.store import Store
from netwerk.media import PhotoStore

__all__ = ["Outbox"]


class Outbox:
    """The kiosk's store, read for a sync (``sync.client.Outbox``)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._photos = PhotoStore(store.folder)

    @property
    def kiosk_db_id(self) -> str:
        return self.store.kiosk_db_id

    @property
    def seq(self) -> int:
        return self.store.seq

    def feed(self, since: int) -> tuple[list[dict[str, Any]], int]:
        return self.store.feed(since)

    def photo(self, name: str) -> Path | None:
        return self._photos.path(name)

    def described_moments(self) -> dict[str, dict[str, Any]]:
        """Every moment with an ``event_id``, described as its exports describe it, with the proof of its origin."""
        return {chosen["event_id"]: dict(described(self.store, chosen["number"]), origin=chosen.get("event_origin"))
                for chosen in self.store.moments() if chosen.get("event_id")}

    def current_event(self) -> str | None:
        return self.store.settings().get("event_id")

    def contacts(self) -> list[dict[str, Any]]:
        return self.store.contacts()

    def moderation_log(self) -> list[dict[str, Any]]:
        return self.store.moderation_log()
