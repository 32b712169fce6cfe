"""A participant's "herkenbaar / me too": once per device per contribution, slowed down per phone."""

from __future__ import annotations

from typing import Any

from kiosk import live
from kiosk.intake import Phone, refuse_if_waiting
from kiosk.ratelimit import RateLimiter
from kiosk.store import Store
from netwerk.contributions import N_, ContributionError, is_visible, public_view

__all__ = ["Reactions"]


class Reactions:
    """The one way a reaction gets into the kiosk."""

    def __init__(self, store: Store, per_phone: RateLimiter, per_address: RateLimiter) -> None:
        self.store = store
        self._per_phone = per_phone
        self._per_address = per_address

    def react(self, contribution_id: str, phone: Phone) -> dict[str, Any]:
        """Count the phone's reaction, show the new count on the walls, and return the contribution."""
        current = self.store.get_contribution(contribution_id)
        if current is None or not is_visible(current):
            raise ContributionError(N_("There is no contribution with that id."), status=404)
        # Per address too: a phone that clears its cookies must not get a fresh round of reactions.
        refuse_if_waiting(max(self._per_phone.retry_after(phone.key), self._per_address.retry_after(phone.address)))
        # Without a device cookie the address stands in, so a cookie-less phone still counts once.
        item, counted = self.store.add_reaction(contribution_id, phone.device or phone.address)
        if counted:
            self._per_phone.take(phone.key)
            self._per_address.take(phone.address)
            live.contribution_changed(item)
        return public_view(item)
