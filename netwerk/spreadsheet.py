"""Rows as a spreadsheet: CSV that Excel and LibreOffice open as the team expects, whatever the rows say.

A byte-order mark so the accents survive, ";" between columns in Dutch (Excel's list separator there), and a
text that starts like a formula kept as text. What the columns are called and how a value reads is the
caller's (``netwerk.readable`` says it in the reader's language).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

__all__ = ["csv_lines"]


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]], language: str) -> Iterator[str]:
    """Yield CSV for a spreadsheet in ``language``, a row at a time, so that an export of a whole archive can be sent
    as it is read."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if language == "nl" else ",", lineterminator="\r\n")
    out.write("\ufeff")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_inert(value) for value in row])
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()


def _inert(value: Any) -> Any:
    # A text from a phone that starts like a formula ("=HYPERLINK(…)") stays text when the team opens it in Excel.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
