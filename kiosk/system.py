"""How the kiosk is doing, for the facilitator's checks and for tests that wait for it to start."""

from __future__ import annotations

from flask import Blueprint

from kiosk.context import current_kiosk

__all__ = ["bp"]

bp = Blueprint("system", __name__)


@bp.get("/api/health")
def health() -> dict:
    """Answer once the kiosk serves, with what it holds."""
    store = current_kiosk().store
    return {"status": "ok", "contributions": len(store), "seq": store.seq, "kiosk_db_id": store.kiosk_db_id}
