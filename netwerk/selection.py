"""What goes on paper: a selection of the contributions (the highlights, the pinned, the most recognised, one tag, or
all) and the groups the printed exhibition gives a sheet of their own (a kind, or a tag).

Nobody prints 300 pages for a manifestation: the team in the archive and the facilitator in the control room choose
a selection, and both print it the same way. Pure functions over contribution dicts, so both sides share them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from netwerk.contributions import KINDS, N_

__all__ = ["GROUPINGS", "PICKS", "SIZES", "TOPS", "chosen", "groups", "picked", "tags"]

PICKS = {"highlights": N_("Highlights"), "recognised": N_("The most recognised"),
         "pinned": N_("Pinned"), "tag": N_("One tag"), "all": N_("All of them")}
GROUPINGS = ("kind", "tag")
TOPS = (12, 24, 48, 96)  # how many the highlights and the most recognised may be
SIZES = ("A4", "A3")
_TAGS = 60  # tags a selection offers at most


def chosen(asked: Mapping[str, str], pick: str = "highlights") -> dict[str, Any]:
    """Read what a reader asked to print from a query string: ``pick`` (one of PICKS), ``tag``, ``top``, ``by`` (a
    kind or a tag a sheet) and ``size``; each one of those offered (``pick``, 24, per kind and A4 when left out or
    wrong)."""
    top = asked.get("top", "")
    return dict(pick=asked.get("pick") if asked.get("pick") in PICKS else pick,
                tag=(asked.get("tag") or "").lstrip("#")[:100] or None,
                top=int(top) if top.isdigit() and int(top) in TOPS else 24,
                by=asked.get("by") if asked.get("by") in GROUPINGS else "kind",
                size=asked.get("size") if asked.get("size") in SIZES else "A4")


def picked(items: Sequence[dict[str, Any]], selection: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Return the contributions the selection takes, in the order given (oldest first) unless it ranks them."""
    pick, top = selection["pick"], selection["top"]
    if pick == "pinned":
        return [item for item in items if item.get("pinned")]
    if pick == "tag":
        return [item for item in items if selection["tag"] in (item.get("tags") or [])]
    if pick == "recognised":
        return sorted(items, key=lambda item: -(item.get("reactions") or 0))[:top]
    if pick == "highlights":  # pinned, then most recognised, then with a photo: a quiet moment still fills its 24
        return sorted(items, key=lambda item: (not item.get("pinned"), -(item.get("reactions") or 0),
                                               not item.get("photo")))[:top]
    return list(items)


def groups(items: Sequence[dict[str, Any]], by: str) -> list[tuple[str, list[dict[str, Any]]]]:
    """Group the contributions for their sheets: per kind in the kinds' order, or per tag, the most used first, each
    contribution once, under the most used of its tags (those without a tag last, under "")."""
    if by == "tag":
        used = Counter(tag for item in items for tag in item.get("tags") or [])
        placed: dict[str, list[dict[str, Any]]] = {}
        for item in items:
            tags = item.get("tags") or []
            placed.setdefault(min(tags, key=lambda tag: (-used[tag], tag)) if tags else "", []).append(item)
        return sorted(placed.items(), key=lambda group: (group[0] == "", -len(group[1]), group[0]))
    return [(kind, members) for kind in KINDS if (members := [item for item in items if item["kind"] == kind])]


def tags(items: Sequence[dict[str, Any]]) -> list[tuple[str, int]]:
    """Return the tags of the contributions with how often each is used, the most used first: those a selection by
    tag offers."""
    return Counter(tag for item in items for tag in item.get("tags") or []).most_common(_TAGS)
