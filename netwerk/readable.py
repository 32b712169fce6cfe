"""Contributions as the coordinator reads them in a spreadsheet: the CSV both the kiosk's export and the archive's
give the team.

The column names and the kinds, states and yes/no in the language of the page that made it, times in the
kiosk's or archive's time zone as a spreadsheet reads them (``2026-05-12 14:03:09``), what a card builds on by
its code; written by ``netwerk.spreadsheet``. Needs a request context, for the language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from flask_babel import gettext

from netwerk.contributions import KINDS, N_
from netwerk.i18n import kind_label, local_time, status_label
from netwerk.spreadsheet import csv_lines

__all__ = ["readable_csv", "readable_lines"]

# Each column's name, as the reader's language says it.
_HEADERS = {
    "created_at": N_("Sent at"), "consent_at": N_("Consent given at"), "kind": N_("Kind"), "text": N_("Text"),
    "author": N_("Name"), "tags": N_("Tags"), "status": N_("State"), "pinned": N_("Pinned"),
    "paper": N_("On paper"), "reactions": N_("Me too"), "prompt": N_("Question"), "contact": N_("Contact"),
    "code": N_("Code"), "links": N_("Builds on"), "moment": N_("Meeting moment"),
    "organisation": N_("Organisation"), "kiosk": N_("Kiosk"), "event_id": N_("Moment id"),
    "contribution_id": N_("Contribution id"), "id": N_("Contribution id"),
}


def _yes_no(value: Any) -> str:
    return gettext("yes") if value else gettext("no")


# How a column's value reads; the others as they are.
_CELLS: dict[str, Callable[[Any], Any]] = {
    "created_at": local_time, "consent_at": local_time,
    "kind": lambda kind: kind_label(kind) if kind in KINDS else kind or "",
    "status": lambda status: status_label(status) if status else "",
    "pinned": _yes_no, "paper": _yes_no,
    "tags": lambda tags: ", ".join(tags or []),
    "links": lambda links: ", ".join(link.get("code") or "" for link in links or []),
}


def readable_csv(items: Iterable[Mapping[str, Any]], columns: tuple[str, ...], language: str) -> str:
    """Return ``items`` as CSV with ``columns``, as the reader of ``language`` reads it."""
    return "".join(readable_lines(items, columns, language))


def readable_lines(items: Iterable[Mapping[str, Any]], columns: tuple[str, ...], language: str) -> Iterator[str]:
    """Yield ``readable_csv`` a row at a time."""
    rows = ([_cell(column, item) for column in columns] for item in items)
    return csv_lines([gettext(_HEADERS[column]) for column in columns], rows, language)


def _cell(column: str, item: Mapping[str, Any]) -> Any:
    value = item.get(column)
    if column in _CELLS:
        return _CELLS[column](value)
    return "" if value is None else value
