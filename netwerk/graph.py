"""The network of a programme or a meeting moment: who and what is connected, laid out here, not in the browser.

Nodes are meeting moments, tags and contributions (and, for the team, consented contacts); edges are
a contribution's tags, its links ("bouwt voort op"), its moment when it has no tag, and how much
moments share a tag. Positions are computed on the server, so a browser only draws: a force layout
of 2,000 nodes takes a browser seconds, this takes milliseconds and is the same for everyone.

Layout: moments on an outer ring, tags on an inner ring (the more used, the nearer the centre),
each contribution in a small sunflower around its first tag, or its moment when it has none. Shared
tags pull clusters together visually through their edges; every position is deterministic.

Up to 2,000 contributions each get a dot. Beyond, a map of dots stops being readable and drawable
(10,000 made a page of megabytes): each cluster keeps its share of 2,000 dots, its initiatives and
most reacted first, and one "+N" node stands for the rest, which the archive's search lists.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

__all__ = ["network", "who_joins"]

_GOLDEN = math.pi * (3 - math.sqrt(5))
_SPACING = 14.0  # between two contributions in a cluster: a mark of 12 a finger can tap, and a gap
DOTS = 2000  # contributions drawn one by one at most
_FEWEST = 12  # dots a cluster keeps, however small its share


def network(moments: list[dict[str, Any]], items: list[dict[str, Any]],
            contacts: Iterable[dict[str, Any]] = (), dots: int = DOTS) -> dict[str, list[dict[str, Any]]]:
    """Return Cytoscape elements (``nodes`` and ``edges``, with positions) for these moments and contributions.

    ``contacts`` (the team's view only) are joined to the initiatives they started or build on. Beyond
    ``dots`` contributions, each cluster shows its share and a "+N" node for the rest.
    """
    tag_use = Counter(tag for item in items for tag in item.get("tags") or [])
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        members[_anchor(item)].append(item)
    nodes = _moment_nodes(moments, members) + _tag_nodes(tag_use, members)
    centre = {node["data"]["id"]: node["position"] for node in nodes}
    for anchor, group in members.items():
        if anchor in centre:
            shown = _shown(group, len(items), dots)
            nodes += [_item_node(item, centre[anchor], number) for number, item in enumerate(shown)]
            if len(shown) < len(group):
                nodes.append(_more_node(anchor, len(group) - len(shown), centre[anchor], len(shown)))
    # A contribution whose moment is not described has no place, and no edges: none may point nowhere.
    placed = {node["data"]["id"] for node in nodes}
    edges = _edges(items, placed, centre)
    contact_nodes, contact_edges = _contacts(contacts, items, {n["data"]["id"]: n["position"] for n in nodes})
    return {"nodes": nodes + contact_nodes, "edges": edges + contact_edges}


def _anchor(item: dict[str, Any]) -> str:
    tags = item.get("tags") or []
    return f"tag:{tags[0]}" if tags else f"moment:{item.get('event_id')}"


def _ring(count: int, radius: float) -> list[dict[str, float]]:
    return [{"x": round(radius * math.cos(2 * math.pi * n / max(count, 1) - math.pi / 2), 1),
             "y": round(radius * math.sin(2 * math.pi * n / max(count, 1) - math.pi / 2), 1)} for n in range(count)]


def _cluster_radius(size: int) -> float:
    return _SPACING * math.sqrt(size + 1) + 20


def _moment_nodes(moments: list[dict[str, Any]], members: dict[str, list]) -> list[dict[str, Any]]:
    ordered = sorted(moments, key=lambda moment: (moment.get("date") or "", moment.get("name") or ""))
    widest = max((_cluster_radius(len(members[f"moment:{m['event_id']}"])) for m in ordered), default=0)
    radius = max(900.0, len(ordered) * widest / math.pi)
    return [{"data": {"id": f"moment:{moment['event_id']}", "type": "moment",
                      "label": moment.get("name") or moment.get("theme") or "", "date": moment.get("date")},
             "position": position} for moment, position in zip(ordered, _ring(len(ordered), radius), strict=True)]


def _tag_nodes(tag_use: Counter, members: dict[str, list]) -> list[dict[str, Any]]:
    # The most used tags nearest the centre, on rings wide enough for their clusters.
    nodes, placed, ring = [], 0, 0
    ordered = [tag for tag, _ in tag_use.most_common()]
    while placed < len(ordered):
        ring += 1
        radius = 260.0 * ring
        room = max(1, int(2 * math.pi * radius / (2 * _cluster_radius(len(members[f"tag:{ordered[placed]}"])) + 30)))
        batch = ordered[placed:placed + room]
        for tag, position in zip(batch, _ring(len(batch), radius), strict=True):
            # Its label stands above its cluster (``lift``), never over the contributions around it.
            lift = -round(_cluster_radius(len(members[f"tag:{tag}"])))
            nodes.append({"data": {"id": f"tag:{tag}", "type": "tag", "label": f"#{tag}", "weight": tag_use[tag],
                                   "lift": lift}, "position": position})
        placed += len(batch)
    return nodes


def _shown(group: list[dict[str, Any]], total: int, dots: int) -> list[dict[str, Any]]:
    """The contributions of a cluster that get a dot: all, or its share of ``dots``, the weightiest first."""
    if total <= dots:
        return group
    share = max(_FEWEST, dots * len(group) // total)
    weightiest = sorted(group, key=lambda item: (item["kind"] != "initiative", not item.get("pinned"),
                                                 -(item.get("reactions") or 0), -len(item.get("links") or [])))
    return weightiest[:share]


def _spiral(centre: dict[str, float], number: int) -> dict[str, float]:
    # A sunflower spiral: evenly filled, nothing on top of anything, whatever the cluster's size.
    distance, angle = _SPACING * math.sqrt(number + 1) + 14, number * _GOLDEN
    return {"x": round(centre["x"] + distance * math.cos(angle), 1), "y": round(centre["y"] + distance * math.sin(angle), 1)}


def _item_node(item: dict[str, Any], centre: dict[str, float], number: int) -> dict[str, Any]:
    return {"data": {"id": item["id"], "type": "contribution", "kind": item["kind"], "code": item.get("code"),
                     "label": (item.get("text") or "")[:140], "author": item.get("author"),
                     "reactions": item.get("reactions") or 0},
            "position": _spiral(centre, number)}


def _more_node(anchor: str, count: int, centre: dict[str, float], number: int) -> dict[str, Any]:
    # Where the next dot would go: at the edge of the cluster it stands for.
    kind, _, key = anchor.partition(":")
    return {"data": {"id": f"more:{anchor}", "type": "more", "label": f"+{count}", "count": count, kind: key},
            "position": _spiral(centre, number)}


def _edges(items: list[dict[str, Any]], placed: set[str], centre: dict[str, Any]) -> list[dict[str, Any]]:
    """Edges of the contributions with a dot; how much moments share a tag counts them all."""
    edges = []
    shared: Counter = Counter()
    for item in items:
        tags = item.get("tags") or []
        for tag in tags:
            shared[(f"moment:{item.get('event_id')}", f"tag:{tag}")] += 1
        if item["id"] not in placed:
            continue
        for tag in tags:
            edges.append(_edge(item["id"], f"tag:{tag}", "tag"))
        if not tags and f"moment:{item.get('event_id')}" in centre:
            edges.append(_edge(item["id"], f"moment:{item.get('event_id')}", "moment"))
        for link in item.get("links") or []:
            if link.get("id") in placed:
                edges.append(_edge(item["id"], link["id"], "link"))
    edges += [_edge(moment, tag, "shared", weight=count) for (moment, tag), count in shared.items() if moment in centre]
    return edges


def _edge(source: str, target: str, kind: str, **extra: Any) -> dict[str, Any]:
    return {"data": {"id": f"{kind}:{source}>{target}", "source": source, "target": target, "type": kind, **extra}}


def who_joins(contacts: Iterable[dict[str, Any]], items: list[dict[str, Any]]) -> list[tuple[dict, list[dict]]]:
    """Return each initiative with the consented contacts who started it or build on it ("wie doet mee?")."""
    initiatives = {item["id"]: item for item in items if item["kind"] == "initiative"}
    by_id = {item["id"]: item for item in items}
    people: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for contact in contacts:
        own = by_id.get(contact["contribution_id"])
        if own is None:
            continue
        for target in {own["id"], *(link.get("id") for link in own.get("links") or [])} & initiatives.keys():
            people[target].append(contact)
    return [(initiatives[key], people[key]) for key in initiatives if people[key]]


def _contacts(contacts: Iterable[dict[str, Any]], items: list[dict[str, Any]],
              positions: dict[str, dict[str, float]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    nodes: dict[str, dict[str, Any]] = {}
    edges = []
    for initiative, people in who_joins(contacts, items):
        for contact in people:
            node_id = f"contact:{contact['contribution_id']}"
            anchor = positions[contact["contribution_id"]]
            nodes[node_id] = {"data": {"id": node_id, "type": "contact", "label": contact["contact"]},
                              "position": {"x": anchor["x"] + 12, "y": anchor["y"] - 12}}
            edges.append(_edge(node_id, initiative["id"], "joins"))
    return list(nodes.values()), edges
