"""The meeting moment the kiosk serves: its theme, its prompts and which prompt is active."""

from __future__ import annotations

import uuid
from typing import Any

from kiosk.store import Store

__all__ = ["active_prompt", "ensure_moment", "set_prompt", "set_theme"]


def ensure_moment(store: Store) -> dict[str, Any]:
    """Give a fresh data folder its meeting moment, so every contribution has an ``event_id``."""
    settings = store.settings()
    if settings.get("event_id"):
        return settings
    return store.update_settings(event_id=str(uuid.uuid4()), theme=None, prompts=[], active_prompt_id=None)


def set_theme(store: Store, theme: str) -> dict[str, Any]:
    """Name the programme theme shown on the wall and the phones."""
    return store.update_settings(theme=theme.strip() or None)


def set_prompt(store: Store, text: str) -> dict[str, Any]:
    """Make ``text`` the active prompt, reusing the prompt's id if it was asked before."""
    settings = store.settings()
    prompts = list(settings.get("prompts") or [])
    prompt = next((p for p in prompts if p["text"] == text.strip()), None)
    if prompt is None:
        prompt = {"id": str(uuid.uuid4()), "text": text.strip()}
        prompts.append(prompt)
    return store.update_settings(prompts=prompts, active_prompt_id=prompt["id"])


def active_prompt(settings: dict[str, Any]) -> dict[str, Any] | None:
    """Return the active prompt of ``settings``, or None when the kiosk asks the default question."""
    wanted = settings.get("active_prompt_id")
    return next((p for p in settings.get("prompts") or [] if p["id"] == wanted), None)
