"""The meeting moment the kiosk serves: programme theme and period, the moment itself, its prompts.

Domain rules only; the store keeps the result in the settings document.
"""

from __future__ import annotations

import base64
import re
import uuid
from collections.abc import Mapping
from typing import Any

from kiosk.store import Store
from netwerk.contributions import (
    KINDS,
    MAX_AUTHOR,
    MAX_TEXT,
    N_,
    ContributionError,
    is_visible,
    parse_tags,
    text_field,
    utc_stamp,
)
from netwerk.logos import NAME, Logos, safe_logo
from netwerk.moments import MOMENT_KINDS, is_date
from netwerk.origin import new_origin

__all__ = [
    "LAYOUTS", "activate_prompt", "active_prompt", "add_prompt", "adopt_plan", "chosen", "described", "ensure_moment",
    "held_plans", "layout", "line", "set_collecting", "set_layout", "set_premoderation", "set_prompt", "set_theme", "start_moment", "update_moment",
]

LAYOUTS = ("grid", "columns", "top", "spotlight", "cloud", "network")
_DEFAULT_LAYOUT = {"mode": "grid", "spotlight_id": None, "approved_only": False, "hidden_words": [], "highlights": True}
_SHORT = 120
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")  # an organisation's colour, as the archive keeps it
_NOT_A_PLAN = N_("The archive's plan is not in a form this kiosk understands.")
_LOGO_SIZE = 2_000_000  # characters of base64 a plan's logo may take: a PNG of 320 pixels takes far fewer
_HIGHLIGHTS = 12
# Settings that are the kiosk's own business rather than the moment's, and where a moment's contributions lie.
_INTERNAL = ("prompts", "active_prompt_id", "premoderation", "collecting", "highlights", "moment_first", "first", "end", "current",
             "event_origin")


def ensure_moment(store: Store) -> dict[str, Any]:
    """Give a fresh data folder its meeting moment, so every contribution has an ``event_id``."""
    settings = store.settings()
    if settings.get("event_id"):
        return settings
    event_id, origin = new_origin()
    return store.update_settings(event_id=event_id, event_origin=origin, theme=None, prompts=[], active_prompt_id=None)


def adopt_plan(store: Store, plan: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    """Set up the moment the team planned in the archive; return the settings and what happened.

    ``"current"``: the plan is the current moment already, and nothing changes. ``"opened"``: the
    current moment had contributions, so it is kept as it was and the plan becomes a new moment with
    its own ``event_id``. ``"set up"``: the current moment had none yet and becomes the plan. A plan
    that already ended on this kiosk is refused (409): its contributions stay where they are.
    The plan comes from the network, so each part is checked as if a facilitator typed it.
    """
    programme, planned = (plan.get("programme"), plan.get("moment")) if isinstance(plan, Mapping) else (None, None)
    highlights = plan.get("highlights") or [] if isinstance(plan, Mapping) else []
    if not (isinstance(programme, Mapping) and isinstance(planned, Mapping) and isinstance(highlights, list)):
        raise ContributionError(_NOT_A_PLAN, status=502)
    dates = [programme.get("start"), programme.get("end")]
    period = " – ".join(day for day in dates if isinstance(day, str) and day) or None
    # Everything checked before anything is written: a plan is taken whole or not at all.
    logo = _pulled_logo(plan.get("logo"))
    pulled = {"programme_id": text_field(programme, "id", _SHORT, required=False),
              "planned_id": text_field(planned, "id", _SHORT, required=False),
              "suggested_tags": parse_tags({"tags": programme.get("tags") or []}),
              "highlights": [dict(_highlight(item), logo=logo and logo[0]) for item in highlights[:_HIGHLIGHTS]
                             if isinstance(item, Mapping)]}
    described = _moment_fields({"theme": programme.get("theme"), "period": period, "name": planned.get("name"),
                                "kind": planned.get("kind"), "place": planned.get("place"),
                                "date": planned.get("date")})
    settings = store.settings()
    if pulled["planned_id"] and pulled["planned_id"] == settings.get("planned_id"):
        return settings, "current"
    _refuse_ended(store, pulled["planned_id"])
    if logo:
        Logos(store.folder).keep(*logo)
    return _next_moment(store, described | pulled)


def _pulled_logo(sent: Any) -> tuple[str, bytes] | None:
    """The name and bytes of the organisation's logo a plan brings (base64), made safe as an owner's upload is; None
    for none. What is no image refuses the plan, as any other part of it that is wrong."""
    if sent is None:
        return None
    try:
        if not isinstance(sent, str) or len(sent) > _LOGO_SIZE:
            raise ValueError("no logo")
        return safe_logo(base64.b64decode(sent, validate=True))
    except ValueError as error:  # as are a bad base64 (binascii.Error) and a refused image (ContributionError)
        raise ContributionError(_NOT_A_PLAN, status=502) from error


def start_moment(store: Store, fields: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    """Start a new meeting moment by hand (no plan, no internet); return the settings and what happened.

    The programme's theme and period stay unless ``fields`` give new ones; the current moment, when
    it has contributions, is kept as it was (``"opened"``), else it becomes the new one (``"set up"``).
    """
    settings = store.settings()
    if not text_field(fields, "name", _SHORT, required=False):
        raise ContributionError(N_("Give the new meeting moment a name."))
    described = _moment_fields({"theme": settings.get("theme"), "period": settings.get("period"), **fields})
    earlier = [item for item in settings.get("highlights") or [] if isinstance(item, Mapping)]
    return _next_moment(store, dict(described, planned_id=None, highlights=earlier))


def line(store: Store) -> list[dict[str, Any]]:
    """Return the folder's moments, oldest first, each with its contributions counted per kind: the look back."""
    return [dict(moment, counts=store.tally(lambda item: not item.get("deleted"), moment=moment["number"]))
            for moment in store.moments()]


def held_plans(store: Store) -> list[str]:
    """Return the planned moments this folder ran: the ended ones, and the current one once it has contributions."""
    moments = store.moments()
    held = moments[:-1] + (moments[-1:] if store.tally(lambda item: True) else [])
    return [moment["planned_id"] for moment in held if moment.get("planned_id")]


def _refuse_ended(store: Store, planned_id: str | None) -> None:
    ended = next((moment for moment in store.moments()[:-1] if planned_id and moment.get("planned_id") == planned_id),
                 None)
    if ended is not None:
        raise ContributionError(N_("%(name)s already took place on this kiosk (moment %(number)s): its contributions "
                                   "stay there. Ask the team to plan the next moment in the archive."), status=409,
                                name=ended.get("name") or "—", number=ended["number"])


# What an ended moment keeps of the settings: what the archive and the exports say of it.
_KEPT = ("event_id", "event_origin", "theme", "period", "name", "kind", "place", "date", "programme_id", "planned_id",
         "prompts")


def _next_moment(store: Store, changes: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """Make ``changes`` the current moment: a new one, unless the current moment holds no contribution yet."""
    settings = store.settings()
    has_contributions = bool(store.tally(lambda item: True))
    ended = {name: settings.get(name) for name in _KEPT} | {"ended_at": utc_stamp()} if has_contributions else None
    changes = dict(changes, highlights=_merged(_earlier_highlights(store, ended), changes.get("highlights") or []))
    if ended is None:
        return store.update_settings(**changes), "set up"
    event_id, origin = new_origin()
    opened = store.open_moment(ended, **changes, event_id=event_id, event_origin=origin,
                               layout=dict(layout(settings), spotlight_id=None))
    return opened, "opened"


def _earlier_highlights(store: Store, just_ended: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Return the pinned and most recognised visible contributions of this folder's earlier moments.

    They are on this laptop even when the archive was never reached, so a line of moments run
    offline still shows "earlier in this programme". ``just_ended`` is the moment about to end.
    """
    moments = store.moments()[:-1] + ([dict(just_ended, number=len(store.moments()))] if just_ended else [])
    found = []
    for moment in moments:
        name = moment.get("name") or moment.get("place") or moment.get("date") or ""
        found += [dict(item, moment=name) for item in store.arrived(is_visible, len(store), moment=moment["number"])]
    found.sort(key=lambda item: (bool(item.get("pinned")), item.get("reactions", 0), item["created_at"]), reverse=True)
    return [_highlight(item) for item in found[:_HIGHLIGHTS]]


def _merged(*lists: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The highlights of several lists, each contribution once, the first list first."""
    seen: dict[str, dict[str, Any]] = {}
    for item in (item for items in lists for item in items):
        seen.setdefault(item.get("id") or str(len(seen)), item)
    return list(seen.values())[:_HIGHLIGHTS]


def _highlight(item: Mapping[str, Any]) -> dict[str, Any]:
    kind = item.get("kind") if item.get("kind") in KINDS else "idea"
    colour, logo = item.get("colour"), item.get("logo")
    # The organisation of the programme, its colour and its logo (a file of the folder's logos/), for the walls to
    # show them in its look.
    return {"id": text_field(item, "id", _SHORT, required=False), "kind": kind,
            "text": text_field(item, "text", MAX_TEXT, required=False) or "",
            "author": text_field(item, "author", MAX_AUTHOR, required=False),
            "moment": text_field(item, "moment", _SHORT, required=False),
            "organisation": text_field(item, "organisation", _SHORT, required=False),
            "colour": colour if isinstance(colour, str) and _COLOUR.fullmatch(colour) else None,
            "logo": logo if isinstance(logo, str) and NAME.fullmatch(logo) else None}


def chosen(store: Store, number: int | None = None) -> dict[str, Any]:
    """Return moment ``number`` of this folder (the current one for None); raise LookupError when there is none."""
    moments = store.moments()
    if number is None:
        return moments[-1]
    if not 0 < number <= len(moments):
        raise LookupError(f"no meeting moment number {number} in {store.folder}")
    return moments[number - 1]


def described(store: Store, number: int | None = None) -> dict[str, Any]:
    """Return a meeting moment's description: theme, period, name, kind, place, date, prompts, participants."""
    picked = chosen(store, number)
    description = {key: value for key, value in picked.items() if key not in _INTERNAL}
    description["prompts"] = [prompt["text"] for prompt in picked.get("prompts") or []]
    description["participants"] = store.participants(picked["number"])
    return description


def set_theme(store: Store, theme: str) -> dict[str, Any]:
    """Name the programme theme shown on the wall and the phones."""
    return store.update_settings(theme=theme.strip() or None)


def update_moment(store: Store, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Set the programme theme and period and the moment's name, kind, place and date."""
    return store.update_settings(**_moment_fields(fields))


def _moment_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Check a moment's theme, period, name, kind, place and date; raise ContributionError saying what is wrong."""
    kind = fields.get("kind") or "other"
    if kind not in MOMENT_KINDS:
        raise ContributionError(N_("Choose the kind of meeting moment: market, study day, festival, manifestation or other."))
    date = text_field(fields, "date", 10, required=False)
    if date and not is_date(date):
        raise ContributionError(N_("Give the date as year-month-day, for example 2026-05-30."))
    changes = {name: text_field(fields, name, _SHORT, required=False) for name in ("theme", "period", "name", "place")}
    return dict(changes, kind=kind, date=date)


def add_prompt(store: Store, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Add a prompt (gespreksvraag) to the list, or find it if it was asked before; return it."""
    text = text_field(fields, "text", 300, required=True)
    prompts = list(store.settings().get("prompts") or [])
    prompt = next((p for p in prompts if p["text"] == text), None)
    if prompt is None:
        prompt = {"id": str(uuid.uuid4()), "text": text}
        store.update_settings(prompts=prompts + [prompt])
    return prompt


def activate_prompt(store: Store, prompt_id: str) -> dict[str, Any]:
    """Make a listed prompt the one the wall and the phones ask."""
    if not any(p["id"] == prompt_id for p in store.settings().get("prompts") or []):
        raise ContributionError(N_("There is no prompt with that id."), status=404)
    return store.update_settings(active_prompt_id=prompt_id)


def set_prompt(store: Store, text: str) -> dict[str, Any]:
    """Make ``text`` the active prompt, adding it to the list if it is new."""
    return activate_prompt(store, add_prompt(store, {"text": text})["id"])


def set_premoderation(store: Store, on: Any) -> dict[str, Any]:
    """Switch pre-moderation: while on, new contributions wait for the facilitator's approval."""
    if not isinstance(on, bool):
        raise ContributionError(N_("Pre-moderation is switched with true or false."))
    return store.update_settings(premoderation=on)


def set_collecting(store: Store, on: Any) -> dict[str, Any]:
    """Switch collecting: while on, new contributions wait out of sight, to be revealed together."""
    if not isinstance(on, bool):
        raise ContributionError(N_("Collecting is switched with true or false."))
    return store.update_settings(collecting=on)


def active_prompt(settings: Mapping[str, Any]) -> dict[str, Any] | None:
    """Return the active prompt of ``settings``, or None when the kiosk asks the default question."""
    wanted = settings.get("active_prompt_id")
    return next((p for p in settings.get("prompts") or [] if p["id"] == wanted), None)


def layout(settings: Mapping[str, Any]) -> dict[str, Any]:
    """Return how the walls show the contributions: mode, spotlight, approved-only, words kept out of the cloud,
    and whether the highlights of earlier moments are shown."""
    return dict(_DEFAULT_LAYOUT, **(settings.get("layout") or {}))


def set_layout(store: Store, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Change the walls' layout; fields left out keep their value."""
    current = layout(store.settings())
    mode = fields.get("mode", current["mode"])
    if mode not in LAYOUTS:
        raise ContributionError(N_("Choose a layout: grid, columns, top, spotlight, cloud or network."))
    approved_only, highlights = (fields.get(name, current[name]) for name in ("approved_only", "highlights"))
    if not isinstance(approved_only, bool) or not isinstance(highlights, bool):
        raise ContributionError(N_("Approved only and highlights are switched with true or false."))
    words = fields.get("hidden_words", current["hidden_words"])
    if isinstance(words, str):
        words = words.replace(",", " ").split()
    if not isinstance(words, list) or not all(isinstance(word, str) for word in words):
        raise ContributionError(N_("Hidden words are a list of words."))
    hidden = sorted({word.strip().casefold() for word in words if word.strip()})[:200]
    spotlight_id = fields.get("spotlight_id", current["spotlight_id"])
    if spotlight_id is not None and not (isinstance(spotlight_id, str) and len(spotlight_id) <= _SHORT):
        raise ContributionError(N_("Choose the card for the spotlight by its id."))
    changed = {"mode": mode, "spotlight_id": spotlight_id,
               "approved_only": approved_only, "hidden_words": hidden, "highlights": highlights}
    return layout(store.update_settings(layout=changed))
