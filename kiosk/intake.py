"""Take in a contribution: the phone's limits, the domain's rules, the store, then the wall."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping

from kiosk import live
from kiosk.moderation import collected
from kiosk.ratelimit import RateLimiter
from kiosk.store import Store
from kiosk.wordlist import WordList
from kiosk.workers import Busy, Workers
from netwerk.contributions import (
    N_,
    ContributionError,
    contact_details,
    idempotency_key,
    new_contribution,
    public_view,
)
from netwerk.knots import knots
from netwerk.media import PhotoStore

__all__ = ["PHOTO_WORKERS", "Intake", "Phone", "refuse_if_waiting"]

# Photos decoded at once (one per core: more only adds memory) and photos that may wait for them.
PHOTO_WORKERS = (2, 8)
# What a handwritten card's sender is to the kiosk: no phone, so no thank-you page and no "me too" of its own.
_PAPER = "paper"


@dataclass(frozen=True)
class Phone:
    """Who is sending: the network address and the device cookie, if the phone kept one."""

    address: str
    device: str | None = None

    @property
    def key(self) -> str:
        return f"{self.address}|{self.device or ''}"


def refuse_if_waiting(wait: float) -> None:
    """Refuse with 429 and a friendly message while a phone must still wait ``wait`` seconds."""
    if wait > 0:
        raise ContributionError(
            N_("You are sending very quickly. Please wait %(seconds)d seconds and try again."),
            status=429, seconds=math.ceil(wait),
        )


class Intake:
    """The one way a contribution gets into the kiosk."""

    def __init__(
        self, store: Store, photos: PhotoStore, per_phone: RateLimiter, per_address: RateLimiter, words: WordList
    ) -> None:
        self.store = store
        self.photos = photos
        self._words = words
        self._per_phone = per_phone
        self._per_address = per_address
        self._workers = Workers(*PHOTO_WORKERS)

    def submit(self, fields: Mapping[str, Any], phone: Phone, photo: bytes | None = None) -> dict[str, Any]:
        """Store a contribution (and its photo) once, announce it on the wall, and return its public JSON."""
        key, existing = self._resent(fields)
        if existing:  # the phone resent after a Wi-Fi hiccup: same answer, no second card, no token spent
            return public_view(existing)
        self._spend_attempt(phone)
        settings = self.store.settings()
        record = self._made(fields, settings, photo)
        # Pre-moderation, or a listed word, sends it to the facilitator's queue instead of the wall; the words are
        # kept with it for the facilitator (not synced: the archive takes the fields of the protocol only). While
        # the facilitator collects, it waits out of sight too, to be revealed with the others.
        held_for = self._words.found(record["text"], record["author"], *record["tags"])
        collecting = bool(settings.get("collecting"))
        if settings.get("premoderation") or held_for or collecting:
            record.update(status="pending", held_for=held_for, collected=collecting)
        return public_view(self._kept(record, key, contact_details(fields), phone.device or phone.address))

    def enter_paper(self, fields: Mapping[str, Any], photo: bytes | None = None) -> dict[str, Any]:
        """Store a handwritten card the facilitator typed (and perhaps photographed) at the stall: on the wall at
        once, approved by the one who entered it, marked as on paper wherever it goes."""
        key, existing = self._resent(fields)
        if existing:  # a second tap on a slow Wi-Fi: the same card
            return public_view(existing)
        settings = self.store.settings()
        record = dict(self._made(fields, settings, photo), paper=True, approved=True)
        if settings.get("collecting"):  # a reveal is the room's moment: a card from paper waits for it too
            record.update(status="pending", collected=True, approved=False)
        return public_view(self._kept(record, key, None, _PAPER))

    def _resent(self, fields: Mapping[str, Any]) -> tuple[str | None, dict[str, Any] | None]:
        """The sender's idempotency key, and the contribution it already brought, if this is a resend."""
        key = idempotency_key(fields)
        return key, self.store.contribution_by_key(key) if key else None

    def _made(self, fields: Mapping[str, Any], settings: Mapping[str, Any], photo: bytes | None) -> dict[str, Any]:
        """The record of a new contribution for the moment on, with its tags and links, and its photo decoded."""
        record = new_contribution(fields, event_id=settings["event_id"], prompt_id=settings.get("active_prompt_id"))
        record.update(knots(record["text"], record["tags"], self.store.contribution_by_number))
        if photo:
            # Checked after the text, so a refused text costs no photo decoding.
            record["photo"] = "/media/" + self._decode(photo)
        return record

    def _kept(self, record: dict[str, Any], key: str | None, contact: Any, device: str) -> dict[str, Any]:
        """Store ``record`` once and tell the walls and control rooms it came (only how many, while collecting)."""
        stored, created = self.store.add_contribution(record, key, contact, device)
        if created:
            live.contribution_changed(stored, arrived=True)
            if stored.get("collected"):
                live.collecting(True, collected(self.store))
        return stored

    def _spend_attempt(self, phone: Phone) -> None:
        """Count the attempt as it starts: thirty photo posts at once from one phone are thirty attempts now."""
        refuse_if_waiting(max(self._per_phone.retry_after(phone.key), self._per_address.retry_after(phone.address)))
        self._per_phone.take(phone.key)
        self._per_address.take(phone.address)

    def _decode(self, photo: bytes) -> str:
        self.photos.check(photo)  # a photo refused from its header never waits for a worker
        try:
            return self._workers.run(self.photos.add, photo)
        except Busy as error:
            raise ContributionError(N_("The kiosk is busy with other photos. Please try again in a few seconds."),
                                    status=503) from error
