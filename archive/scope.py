"""The organisation a page is under: ``/o/<org>/…`` names it, and the page speaks its language and wears its look.

Read once from the address before the view runs (a slug no organisation has is 404), and written back into
every link the page makes to another page of the same organisation, so a template links ``programme`` without
naming the organisation each time.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, current_app, g

__all__ = ["init_app"]


def _read_organisation(endpoint: str | None, values: dict[str, Any] | None) -> None:
    if not values or "org" not in values:
        return
    found = current_app.extensions["archive"].organisations.get(values["org"])
    if found is None:
        abort(404)
    g.organisation = found
    g.page_language = found["lang"]


def _link_organisation(endpoint: str, values: dict[str, Any]) -> None:
    if "organisation" in g and current_app.url_map.is_endpoint_expecting(endpoint, "org"):
        values.setdefault("org", g.organisation["slug"])


def init_app(app: Flask) -> None:
    """Read the organisation of every ``/o/<org>/`` address, and link within it."""
    app.url_value_preprocessor(_read_organisation)
    app.url_defaults(_link_organisation)
    app.jinja_env.globals["organisation"] = lambda: g.get("organisation")
