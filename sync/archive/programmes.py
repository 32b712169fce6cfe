"""Programmes in the archive: the meeting moments that share a theme, under one stable address."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

__all__ = ["group", "slug"]


def slug(theme: str | None) -> str:
    """Name a programme in its address: its theme in lower case, accents and punctuation dropped."""
    plain = unicodedata.normalize("NFKD", theme or "").encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "zonder-thema"


def group(moments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Group meeting moments by their programme's theme, as a network programme runs them; sorted by theme."""
    programmes: dict[str, dict[str, Any]] = {}
    for moment in moments:
        key = slug(moment.get("theme"))
        programme = programmes.setdefault(key, {"slug": key, "theme": moment.get("theme") or "—",
                                                "period": moment.get("period"), "moments": [], "contributions": 0})
        programme["moments"].append(moment)
        programme["contributions"] += moment["contributions"]
        programme["period"] = programme["period"] or moment.get("period")
    return sorted(programmes.values(), key=lambda programme: programme["theme"].casefold())
