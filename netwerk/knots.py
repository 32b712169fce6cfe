"""Knotting conversations together: tags and links between contributions, written as participants talk.

Every contribution has a short code on the wall (``K7``). Writing ``#K7`` in a text links it to that
contribution ("bouwt voort op #K7"); any other ``#word`` is a tag. Links are kept by id, with the code
for showing, so they mean the same in the archive where several kiosks meet.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from netwerk.contributions import (
    MAX_TAGS,
    N_,
    ContributionError,
    parse_tags,
    text_field,
)

__all__ = ["MAX_LINKS", "code", "knots", "number_of", "read_knots", "unwritten_tags", "written"]

MAX_LINKS = 5
_CODE = re.compile(r"#?[Kk](\d{1,7})\b")
_LINK = re.compile(r"(?<![\w#])#[Kk](\d{1,7})\b")  # only a written "#K7" links, not the "K3" in "PK3"
_HASHTAG = re.compile(r"(?<![\w#])#(\w[\w-]{0,39})")


def code(number: int) -> str:
    """Return the short code of the kiosk's contribution ``number``, as the wall shows it."""
    return f"K{number}"


def number_of(text: str) -> int | None:
    """Return the number in a short code such as ``K7`` or ``#K7``, or None when it is not one."""
    found = _CODE.fullmatch(text.strip())
    return int(found.group(1)) if found else None


def knots(text: str, extra_tags: list[str], find: Callable[[int], dict[str, Any] | None],
          leave_out: str | None = None) -> dict[str, Any]:
    """Return the tags and links a text makes: its ``#words``, ``extra_tags``, and the contributions its codes name.

    ``find`` looks a contribution up by its number; a code that names none (or ``leave_out``, the
    contribution itself) is left as text. At most MAX_TAGS tags and MAX_LINKS links.
    """
    words = [word for word in _HASHTAG.findall(text) if number_of(word) is None]
    tags = list(dict.fromkeys(tag.casefold() for tag in [*extra_tags, *words]))[:MAX_TAGS]
    links: list[dict[str, str]] = []
    for number in dict.fromkeys(int(found) for found in _LINK.findall(text)):
        target = find(number)
        if target and not target.get("deleted") and target["id"] != leave_out and len(links) < MAX_LINKS:
            links.append({"id": target["id"], "code": target["code"]})
    return {"tags": tags, "links": links}


def read_knots(fields: Mapping[str, Any], find: Callable[[int], dict[str, Any] | None],
               leave_out: str) -> dict[str, Any]:
    """Read a facilitator's tags and links for a contribution, written as ``#groen #K7``; they replace the old ones."""
    text = text_field(fields, "knots", 400, required=False) or ""
    made = knots(text, [], find, leave_out)
    named = len({int(found) for found in _LINK.findall(text)})
    if named > len(made["links"]):
        raise ContributionError(N_("A code names no contribution here (or this one itself)."))
    return dict(made, tags=parse_tags({"tags": made["tags"]}))


def written(item: Mapping[str, Any]) -> str:
    """Write a contribution's tags and links as a facilitator types them: ``#groen #K7``."""
    return " ".join([f"#{tag}" for tag in item.get("tags") or []]
                    + [f"#{link['code']}" for link in item.get("links") or []])


def unwritten_tags(item: Mapping[str, Any]) -> list[str]:
    """Return the tags a card must show below its text: those the text does not already show as ``#tag``."""
    written_there = {tag.casefold() for tag in _HASHTAG.findall(item.get("text") or "")}
    return [tag for tag in item.get("tags") or [] if tag.casefold() not in written_there]
