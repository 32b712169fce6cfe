"""The wall's network: each contribution a tile with its code in the shape of its kind, each tag a label with
its contributions after it, all in one grid shaped like the projector; "bouwt voort op" links as arrows.

The archive's rings and sunflowers (netwerk/graph.py) suit a map one explores with a mouse; from the back of a
room they are a clump of dots whose labels collide. Here every tile and every tag has a cell of its own, the
cells fill the screen's shape with hardly a gap, and the wall zooms the grid to its screen, so 5
contributions read as well as 200 (the wall draws at most its WALL_NETWORK newest).
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

__all__ = ["CELL_HEIGHT", "CELL_WIDTH", "tag_map"]

CELL_WIDTH, CELL_HEIGHT = 142, 102  # a tile of 130 × 90 and its gap: room for "K123" in the tile's type
_CHARACTER = 29  # the width of one character of a tag's label, at its size on the wall
_NEARLY = 0.97  # tiles this much smaller are as readable, and a grid that fills the width looks whole


def tag_map(items: list[dict[str, Any]], aspect: float = 2.4) -> dict[str, list[dict[str, Any]]]:
    """Return Cytoscape elements for ``items``: first those without a tag, then each tag (most used first) followed
    by the contributions it is the first tag of, in a grid about ``aspect`` times as wide as high (the wall's stage).
    A contribution's further tags and its links are edges."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        groups[(item.get("tags") or [""])[0]].append(item)
    order = sorted(groups, key=lambda tag: (tag != "", -len(groups[tag]), tag))
    flow: list[tuple[str, Any, int]] = []
    for tag in order:
        if tag:
            flow.append(("tag", tag, _span(tag)))
        flow += [("contribution", item, 1) for item in groups[tag]]
    places = _grid(flow, _columns(flow, aspect))
    nodes = [_node(kind, thing, place) for (kind, thing, _), place in zip(flow, places, strict=True)]
    shown = {item["id"] for item in items}
    edges = []
    for item in items:
        edges += [_edge(item["id"], f"tag:{tag}", "tag") for tag in (item.get("tags") or [])[1:] if tag in groups]
        edges += [_edge(item["id"], link["id"], "link") for link in item.get("links") or [] if link.get("id") in shown]
    return {"nodes": nodes, "edges": edges}


def _span(tag: str) -> int:
    """Return how many cells a tag's label takes."""
    return math.ceil((len(tag) + 1) * _CHARACTER / CELL_WIDTH)


def _grid(flow: list[tuple[str, Any, int]], columns: int) -> list[tuple[int, int]]:
    """Return each cell's (column, row), reading order; a label that does not fit the row's end starts a new row."""
    places, column, row = [], 0, 0
    for _, _, span in flow:
        if column + span > columns and column > 0:
            column, row = 0, row + 1
        places.append((column, row))
        column += span
    return places


def _columns(flow: list[tuple[str, Any, int]], aspect: float) -> int:
    """Return the number of columns at which the grid is drawn largest on a screen ``aspect`` times as wide as high;
    of those within ``_NEARLY`` of the largest, the widest, so the map takes the stage's whole width."""
    widest = max((span for _, _, span in flow), default=1)
    scales: dict[int, float] = {}
    for columns in range(widest, max(widest, len(flow)) + 1):
        if scales and aspect / (columns * CELL_WIDTH) < _NEARLY * max(scales.values()):
            break  # wider grids only get smaller: each try is a pass over the flow, and 200 passes took 10 ms
        rows = _grid(flow, columns)[-1][1] + 1 if flow else 1
        scales[columns] = min(aspect / (columns * CELL_WIDTH), 1 / (rows * CELL_HEIGHT))
    best = max(scales.values())
    return max(columns for columns, scale in scales.items() if scale >= _NEARLY * best)


def _node(kind: str, thing: Any, place: tuple[int, int]) -> dict[str, Any]:
    column, row = place
    y = row * CELL_HEIGHT + CELL_HEIGHT / 2
    if kind == "tag":
        return {"data": {"id": f"tag:{thing}", "type": "tag", "label": f"#{thing}"},
                "position": {"x": column * CELL_WIDTH, "y": y}}
    return {"data": {"id": thing["id"], "type": "contribution", "kind": thing["kind"], "code": thing.get("code"),
                     "label": (thing.get("text") or "")[:140]},
            "position": {"x": column * CELL_WIDTH + CELL_WIDTH / 2, "y": y}}


def _edge(source: str, target: str, kind: str) -> dict[str, Any]:
    return {"data": {"id": f"{kind}:{source}>{target}", "source": source, "target": target, "type": kind}}
