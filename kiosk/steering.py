"""What the facilitator changes that every wall and phone follows: the moment's set-up, the prompt, the layout, the
spotlight, and a moment pulled from the archive or started by hand.

Each change is made and stored by ``kiosk.moment``, then told once by ``kiosk.live``; the routes only call here.
The spotlight is a layout (one card large on every wall), not a moderation: the card itself does not change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk import live, moderation, moment
from kiosk.presenter import Presenter
from kiosk.rotation import WallCounts
from kiosk.store import Store
from netwerk.contributions import N_, ContributionError, is_visible

__all__ = ["add_prompt", "collect", "follow_plan", "reveal", "set_up", "showing", "spotlight", "start_moment",
           "switch_layout", "switch_prompt", "turn_page"]


def set_up(store: Store, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Set the programme theme and period and the moment's name, kind, place and date."""
    settings = moment.update_moment(store, fields)
    live.prompt_changed(settings)
    return settings


def add_prompt(store: Store, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Add a prompt to the list; with ``"activate": true`` the walls and phones switch to it at once."""
    prompt = moment.add_prompt(store, fields)
    if fields.get("activate") is True:
        switch_prompt(store, prompt["id"])
    return prompt


def switch_prompt(store: Store, prompt_id: str) -> dict[str, Any]:
    """Make a listed prompt the active one."""
    settings = moment.activate_prompt(store, prompt_id)
    live.prompt_changed(settings)
    return settings


def switch_layout(store: Store, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Switch the walls' layout, approved-only, and the cloud's hidden words."""
    changed = moment.set_layout(store, fields)
    live.layout_changed(changed)
    return changed


def spotlight(store: Store, contribution_id: str) -> dict[str, Any] | None:
    """Show one visible contribution large on every wall; None if there is no such contribution."""
    item = store.get_contribution(contribution_id)
    if item is None:
        return None
    if not is_visible(item):
        raise ContributionError(N_("Only a contribution on the wall can be in the spotlight."), status=409)
    switch_layout(store, {"mode": "spotlight", "spotlight_id": contribution_id})
    return item


def showing(presenter: Presenter, store: Store, counts: WallCounts) -> dict[str, Any]:
    """Return the page every wall shows now; when it turned since the last time anyone asked, every wall is told."""
    before = presenter.version
    state = presenter.state(store, counts)
    if state["version"] != before:
        live.page_turned(state)
    return state


def turn_page(presenter: Presenter, store: Store, counts: WallCounts, action: str,
              contribution_id: Any = None) -> dict[str, Any]:
    """Pause or resume the walls' turn, go to the next or previous page, or ``show`` one contribution now in full;
    answer with what the walls show then."""
    item = store.get_contribution(contribution_id) if isinstance(contribution_id, str) else None
    if action == "show" and item is None:
        raise ContributionError(N_("There is no such contribution."), status=404)
    presenter.control(store, counts, action, item)
    return showing(presenter, store, counts)


def collect(store: Store, on: Any) -> dict[str, Any]:
    """Start or stop collecting: while on, new contributions wait out of sight, to be revealed together."""
    on, count = moment.set_collecting(store, on)["collecting"], moderation.collected(store)
    live.collecting(on, count)
    return {"collecting": on, "collected": count}


def reveal(presenter: Presenter, store: Store, counts: WallCounts, session: str) -> dict[str, Any]:
    """Reveal every collected contribution together, and turn the walls' page at once so they come first."""
    shown = moderation.reveal(store, session)
    if shown:
        turn_page(presenter, store, counts, "next")
    return {"revealed": len(shown)}


def follow_plan(store: Store, plan: Mapping[str, Any]) -> dict[str, Any]:
    """Set the moment up as the archive planned it; answer with the settings and what happened (``outcome``)."""
    return _told(*moment.adopt_plan(store, plan))


def start_moment(store: Store, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Start a new meeting moment by hand; the current one keeps its contributions."""
    return _told(*moment.start_moment(store, fields))


def _told(settings: dict[str, Any], outcome: str) -> dict[str, Any]:
    """Tell walls, phones and control rooms what a pull or a new moment changed."""
    if outcome != "current":
        live.prompt_changed(settings)
        live.highlights_changed(settings["highlights"])
    if outcome == "opened":
        live.moment_opened(settings)
    return dict(settings, outcome=outcome)
