"""Contributions as a spreadsheet: the CSV both the kiosk's export and the archive's give the team."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["csv_lines", "csv_text"]


def csv_text(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], language: str) -> str:
    """Write contributions as CSV for Excel: UTF-8 with a byte-order mark, ";" between columns in Dutch."""
    return "".join(csv_lines(rows, columns, language))


def csv_lines(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], language: str) -> Iterator[str]:
    """Yield ``csv_text`` a row at a time, so that an export of a whole archive can be sent as it is read."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if language == "nl" else ",", lineterminator="\r\n")
    out.write("\ufeff")
    writer.writerow(columns)
    for item in rows:
        row = dict(item, tags=", ".join(item.get("tags") or []), author=item.get("author") or "",
                   prompt=item.get("prompt") or "")
        writer.writerow([_inert(row.get(column, "")) for column in columns])
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()


def _inert(value: Any) -> Any:
    # A text from a phone that starts like a formula ("=HYPERLINK(…)") stays text when the team opens it in Excel.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
