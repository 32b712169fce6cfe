"""Programmes in the archive: the ones the team planned, and the meeting moments that came in for each.

A moment belongs to the programme its kiosk pulled it from; a moment set up by hand belongs to the
programme with its theme (the same words, whatever the accents or capitals), or else forms a programme
of its own theme, so nothing synced is ever left off the home page.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from netwerk.i18n import human_date, theme_title

__all__ = ["group", "of_archive", "period", "slug"]


def slug(theme: str | None) -> str:
    """Name a programme in its address: its theme in lower case, accents and punctuation dropped."""
    plain = unicodedata.normalize("NFKD", theme or "").encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "zonder-thema"


def period(programme: dict[str, Any]) -> str | None:
    """Say a planned programme's period from its dates, as people read them."""
    dates = [programme.get("start"), programme.get("end")]
    return " – ".join(human_date(date) for date in dates if date) or None


def of_archive(store: Any, organisation: str | None = None) -> list[dict[str, Any]]:
    """Return every programme of an archive's organisation (or of all), planned or come in through a sync (``group``
    for each organisation), each naming its organisation."""
    slugs = [organisation] if organisation else store.organisations.slugs()
    moments, planned = store.views.moments(), store.planning.planned_programmes(organisation)
    return [dict(item, organisation=slug) for slug in slugs for item in group(
        [moment for moment in moments if moment["organisation"] == slug],
        [item for item in planned if item["organisation"] == slug])]


def group(moments: list[dict[str, Any]], planned: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return every programme with its synced moments and counts, planned ones first in their own order."""
    programmes: dict[str, dict[str, Any]] = {
        item["id"]: dict(item, slug=item["id"], period=period(item), moments=[], contributions=0, planned=True)
        for item in planned}
    for moment in moments:
        key = moment.get("programme_id") if moment.get("programme_id") in programmes else slug(moment.get("theme"))
        programme = programmes.setdefault(key, {"slug": key, "theme": theme_title(moment.get("theme")), "plans": [],
                                                "period": moment.get("period"), "moments": [], "contributions": 0,
                                                "description": "", "tags": [], "planned": False})
        programme["moments"].append(moment)
        programme["contributions"] += moment["contributions"]
        programme["period"] = programme["period"] or moment.get("period")
    held: dict[str, int] = {}
    for moment in moments:
        if moment.get("planned_id"):
            held[moment["planned_id"]] = held.get(moment["planned_id"], 0) + moment["contributions"]
    for programme in programmes.values():
        programme["plans"] = [dict(plan, held=plan["id"] in held, contributions=held.get(plan["id"], 0))
                              for plan in programme["plans"]]
    return sorted(programmes.values(), key=lambda programme: programme["theme"].casefold())
