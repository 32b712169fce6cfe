"""What the open data says of the archive: organisations, programmes, moments and contributions as public items.

Written out field by field rather than passed on from the database, so that nothing the archive keeps for its own
work (a kiosk's name, a revision, whether a card waits for approval) becomes part of an API others build on.
Every item names its organisation, and a contribution its programme, moment and licence.
"""

from __future__ import annotations

from typing import Any

__all__ = ["contribution_item", "moment_item", "organisation_item", "programme_item"]


def organisation_item(found: dict[str, Any], root: str) -> dict[str, Any]:
    """An organisation as the open data lists it."""
    return {"slug": found["slug"], "name": found["name"], "description": found["description"], "lang": found["lang"],
            "colour": found["colour"], "logo": f"{root}logos/{found['logo']}" if found.get("logo") else None,
            "licence": found["licence"], "url": f"{root}o/{found['slug']}/"}


def programme_item(programme: dict[str, Any], root: str) -> dict[str, Any]:
    """A programme with its period, tags and counts."""
    return {"organisation": programme["organisation"], "slug": programme["slug"], "theme": programme["theme"],
            "description": programme.get("description") or "", "start": programme.get("start"),
            "end": programme.get("end"), "tags": programme.get("tags") or [],
            "moments": len(programme["moments"]), "contributions": programme["contributions"],
            "url": f"{root}o/{programme['organisation']}/programme/{programme['slug']}"}


def moment_item(moment: dict[str, Any], programme: str | None, root: str) -> dict[str, Any]:
    """A meeting moment: where and when, which programme it belongs to, and how many it brought."""
    return {"id": moment["event_id"], "organisation": moment["organisation"], "programme": programme,
            "name": moment.get("name") or "", "kind": moment.get("kind") or "other", "date": moment.get("date"),
            "place": moment.get("place") or "", "contributions": moment["contributions"],
            "url": f"{root}search?event={moment['event_id']}"}


def contribution_item(item: dict[str, Any], programme: str | None, licence: str, root: str) -> dict[str, Any]:
    """A visible contribution with where it comes from and the licence it is published under."""
    photo = item.get("photo")
    return {"id": item["id"], "organisation": item["organisation"], "programme": programme,
            "moment": item.get("event_id"), "code": item.get("code"), "kind": item["kind"], "text": item["text"],
            "author": item.get("author"), "tags": item.get("tags") or [],
            "builds_on": [link.get("code") for link in item.get("links") or [] if isinstance(link, dict)],
            "reactions": item.get("reactions") or 0, "pinned": bool(item.get("pinned")), "paper": bool(item.get("paper")),
            "photo": f"{root}{photo.lstrip('/')}" if isinstance(photo, str) else None,
            "created_at": item.get("created_at"), "licence": licence}
