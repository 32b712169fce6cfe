"""What a programme brought, in figures and pages: the manifestation moment shows what has grown.

Pure functions over a programme and its visible contributions, so the report page and the newsletter tell the
same story.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from netwerk.contributions import KINDS

__all__ = ["figures", "timeline"]

_TOP = 10
_NEWSLETTER = 5


def figures(programme: dict[str, Any], items: list[dict[str, Any]]) -> dict[str, Any]:
    """Count a programme's outcomes: per kind, moment and tag, the most reacted, participants and initiatives."""
    moments = {moment["event_id"]: moment for moment in programme["moments"]}
    per_moment = Counter(item.get("event_id") for item in items)
    return {
        "contributions": len(items),
        "initiatives": sum(item["kind"] == "initiative" for item in items),
        # Phones per moment, added up: someone at two moments counts twice, nobody's identity is needed.
        "participants": sum(moment.get("participants") or 0 for moment in moments.values()),
        "kinds": [(kind, sum(item["kind"] == kind for item in items)) for kind in KINDS],
        "moments": [(moment, per_moment[moment["event_id"]]) for moment in programme["moments"]],
        "tags": Counter(tag for item in items for tag in item.get("tags") or []).most_common(20),
        "most_reacted": sorted((item for item in items if item.get("reactions")),
                               key=lambda item: -item["reactions"])[:_TOP],
        # For a newsletter: the most recognised first, then what was pinned, then what has a photo.
        "highlights": sorted(items, key=lambda item: (-(item.get("reactions") or 0), not item.get("pinned"),
                                                      not item.get("photo")))[:_NEWSLETTER],
        "timeline": timeline(items, programme.get("start"), programme.get("end")),
    }


def timeline(items: list[dict[str, Any]], start: str | None, end: str | None) -> list[tuple[str, int]]:
    """Count contributions per day over the period (per week when it is longer than four months)."""
    days = sorted(item["created_at"][:10] for item in items if item.get("created_at"))
    first, last = start or (days[0] if days else None), end or (days[-1] if days else None)
    if not first or not last or last < first:
        return []
    begin, finish = date.fromisoformat(first), date.fromisoformat(last)
    step = 7 if (finish - begin).days > 120 else 1
    counts = Counter((date.fromisoformat(day) - begin).days // step for day in days if first <= day <= last)
    buckets = (finish - begin).days // step + 1
    return [((begin + timedelta(days=bucket * step)).isoformat(), counts[bucket]) for bucket in range(buckets)]
