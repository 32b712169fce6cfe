"""Meeting moments as both servers know them: their kinds, and their dates written year-month-day."""

from __future__ import annotations

import re
from datetime import date as date_type
from typing import Any

__all__ = ["MOMENT_KINDS", "is_date"]

MOMENT_KINDS = ("market", "study_day", "festival", "manifestation", "other")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def is_date(value: Any) -> bool:
    """Tell whether ``value`` is a calendar date written year-month-day: 2027-02-31 is not one."""
    try:
        return isinstance(value, str) and bool(_DATE.fullmatch(value)) and bool(date_type.fromisoformat(value))
    except ValueError:
        return False
