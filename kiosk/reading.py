"""How long a card takes to read, and whether cards fit a page of the wall whole.

The kiosk plans the wall's pages for every wall at once (``kiosk.turn``), so it must know without a
browser whether a text fits its place at the smallest readable size. It models the wall as
``static/css/wall.css`` lays it out on a 16:9 screen, in screen heights (vh), in its tightest form: a
two-line prompt, the Wi-Fi's and the kiosk's QR codes, the earlier moments' highlights. A wall with
more room shows the same page in larger type. The browser tests check the model against Chromium's own
layout at 1920×1080 and 1280×720 (``tests/browser/test_wall_day.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from netwerk.knots import unwritten_tags

__all__ = ["GRID", "Arrangement", "PIN_ROW", "Stage", "arrange", "reading_seconds"]

# A room reads about 15 characters a second from a screen, and needs 5 s to find and take in any card at all.
READING_SPEED = 15
SHORTEST_READ = 5.0

# The wall's measures in vh at the readable size (2.2vh type, 1.3 line height), from wall.css.
_LINE = 2.2 * 1.3
_CHAR = 1.14          # Dutch text in the widest common sans (DejaVu Sans) averages 1.13vh a character
_GAP = 1.6
_PAD_X = 1.6 * 2
_PAD_Y = 1.4 + 1.6 + 0.7  # padding and the kind's coloured top border
_HEAD = 3.2               # the head line: the kind, the name, the code and the badges
_HEAD_FIXED = 27.0        # of it: the icon, the longest kind in capitals, a code of five and the gaps
_BADGE = 12.0             # "vastgezet" or "op papier" in the head line
_SPACE = 1.0              # above the text
_PART = 0.8               # above each of reactions, links, tags and name
_PHOTO = 28.0             # the highest a photo stands (a portrait one), at its own shape, never cropped
_WIDE = 90.0              # a card this wide (alone in the grid's one column) has its photo beside its text
_PHOTO_SIDE = 42.0        # the photo's width there, and the gap
_SAFETY = 0.98            # of the height: the model's lines against the browser's


@dataclass(frozen=True)
class Stage:
    """Where a turn's cards stand: ``width`` × ``height`` in vh, in at most ``columns`` columns of cards that take
    the height their text needs, at most ``most`` cards."""

    width: float
    height: float
    columns: int
    most: int


# Measured in Chromium at both sizes (the stage is 135.6 × 69.8 vh beside the 34 vh column of QR codes).
GRID = Stage(width=135.0, height=69.5, columns=4, most=8)
# A column per kind: its title above its cards.
_TITLE = 5.5
# The row the pins stand in above the pages (13vh and the gap), when there are pins.
PIN_ROW = 14.6


def reading_seconds(item: Mapping[str, Any]) -> float:
    """Return how long ``item`` must stay whole on screen to be read: its length at 15 characters a second, at
    least 5 s."""
    return max(SHORTEST_READ, len(item["text"]) / READING_SPEED)


@dataclass(frozen=True)
class Arrangement:
    """How a page's cards stand: the numbers of the items in each column, top to bottom, the columns' shares of
    the width (``3, 2``: the first column half as wide again as the second), and the kind of each column when the
    page stands in a column per kind."""

    columns: list[list[int]]
    shares: tuple[int, ...]
    kinds: tuple[str, ...] = ()


# Two columns may also share the width unevenly: a long story beside another, shorter one, each whole.
_SHARES = {2: ((1, 1), (3, 2), (2, 1))}


def arrange(items: Sequence[Mapping[str, Any]], stage: Stage, kinds: Sequence[str] = ()) -> Arrangement | None:
    """Return how ``items`` stand whole at the readable size on ``stage``; None when they do not fit.

    As many columns as there are items (up to the stage's), fewer when a long text needs a wider one; the tallest
    first, each in the emptiest column it fits (the widest of equals), so a long story stands beside a stack of
    short ones and the columns stay even. With ``kinds`` (the wall's column per kind) each card stands in its kind's
    column, unless the first is too long for one: then the page is laid out as above, a story too long for a
    column read whole on a page of its own width.
    """
    if not 0 < len(items) <= stage.most:
        return None
    if kinds:
        column = Stage((stage.width - (len(kinds) - 1) * _GAP) / len(kinds), stage.height - _TITLE, 1, stage.most)
        if _placed(items[:1], column, (1,)) is not None:
            return _by_kind(items, column, tuple(kinds))
    for count in range(min(stage.columns, len(items)), 0, -1):
        for shares in _SHARES.get(count, ((1,) * count,)):
            columns = _placed(items, stage, shares)
            if columns is not None:
                return Arrangement(columns, shares)
    return None


def _by_kind(items: Sequence[Mapping[str, Any]], column: Stage, kinds: tuple[str, ...]) -> Arrangement | None:
    columns = [[number for number, item in enumerate(items) if item["kind"] == kind] for kind in kinds]
    if any(_placed([items[number] for number in numbers], column, (1,)) is None for numbers in columns if numbers):
        return None
    return Arrangement(columns, (1,) * len(kinds), kinds)


def _placed(items: Sequence[Mapping[str, Any]], stage: Stage, shares: tuple[int, ...]) -> list[list[int]] | None:
    free = stage.width - (len(shares) - 1) * _GAP
    widths = [free * share / sum(shares) - _PAD_X for share in shares]
    room = [stage.height * _SAFETY] * len(shares)
    placed: list[list[int]] = [[] for _ in shares]
    tallest_first = sorted(range(len(items)), key=lambda number: -_height_of(items[number], widths[-1]))
    for number in tallest_first:
        heights = [_height_of(items[number], width) + _PAD_Y for width in widths]
        fitting = [column for column in range(len(shares)) if heights[column] <= room[column]]
        if not fitting:
            return None
        column = max(fitting, key=room.__getitem__)
        room[column] -= heights[column] + _GAP
        placed[column].append(number)
    return [sorted(column) for column in placed]


def _height_of(item: Mapping[str, Any], width: float) -> float:
    """The height ``item`` takes inside a card ``width`` wide, in vh: its photo at its own shape (a portrait one
    at most ``_PHOTO`` high), its text and every line below it."""
    beside = bool(item.get("photo")) and width >= _WIDE
    per_line = max(1, int((width - _PHOTO_SIDE if beside else width) / _CHAR))
    parts = [
        str(item.get("reactions") or ""),
        ", ".join(link.get("code", "") for link in item.get("links") or []),
        " ".join("#" + tag for tag in unwritten_tags(item)),  # a tag the text shows is not shown again
    ]
    height = _head(item, width, per_line) + _SPACE + _lines(item["text"], per_line) * _LINE
    height += sum(_PART + _lines(part, per_line) * _LINE for part in parts if part)
    if beside:  # a card as wide as the stage has its photo beside the text
        return max(height, _PHOTO)
    return height + (min(width * 4 / 3, _PHOTO) + _SPACE if item.get("photo") else 0)


def _head(item: Mapping[str, Any], width: float, per_line: int) -> float:
    """The head line's height: the name stands in it beside the kind and the code (a line the text keeps), on a
    line of its own below them when the card is too narrow."""
    used = _HEAD_FIXED + _BADGE * (bool(item.get("pinned")) + bool(item.get("paper")))
    author = item.get("author") or ""
    return _HEAD if not author or used + len(author) * _CHAR <= width else _HEAD + _lines(author, per_line) * _LINE


def _lines(text: str, per_line: int) -> int:
    """How many lines ``text`` takes at ``per_line`` characters, wrapped at words as the browser does."""
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > per_line:
                lines += 1
                used = 0
            while len(word) > per_line:  # a word longer than a line breaks anywhere (overflow-wrap)
                word = word[per_line:]
                lines += 1
            used += (1 if used else 0) + len(word)
    return lines
