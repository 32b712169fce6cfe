"""What the blueprints share for the app they run in: the store, intake, reactions, the PIN guard, pairing,
sessions, the walls' reads."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from kiosk.archive_link import SyncRun
from kiosk.auth import PinGuard
from kiosk.cloud import CloudCounts
from kiosk.intake import Intake
from kiosk.pairing import Pairing
from kiosk.presenter import Presenter
from kiosk.ratelimit import RateLimiter
from kiosk.reactions import Reactions
from kiosk.rotation import WallCounts
from kiosk.sessions import Sessions
from kiosk.store import Store
from kiosk.versioned import PerVersion

__all__ = ["Kiosk", "current_kiosk"]


@dataclass(frozen=True)
class Kiosk:
    """The parts of one running kiosk; ``create_app`` makes it, the routes use it."""

    store: Store
    intake: Intake
    reactions: Reactions
    pin_guard: PinGuard
    pairing: Pairing
    sync: SyncRun
    sessions: Sessions
    # What the walls read, computed once per version of the store, and how often one address may read it.
    reads: PerVersion
    cloud: CloudCounts
    counts: WallCounts
    readers: RateLimiter
    # The wall's turn, kept here so every wall and the control room's picture show the same page.
    presenter: Presenter


def current_kiosk() -> Kiosk:
    """Return the kiosk of the app that handles this request."""
    return current_app.extensions["netwerkkiosk"]
