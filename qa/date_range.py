"""Date-range filters as callers write them ("2023", "2023-06" or "2023-06-09") turned into ISO
day bounds, and checked against the dates the index holds. Pure."""

from __future__ import annotations

import calendar
import datetime
import re

from index.domain.errors import BadRequest
from index.domain.model import Filters

_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def date_bound(value, name: str, *, end: bool) -> str | None:
    """An ISO date from a year, a month or a day: the first day it covers, or the last when
    `end` ("2023" -> 2023-01-01 as a start, 2023-12-31 as an end); None when blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip() if isinstance(value, str | int) else ""
    found = _DATE.fullmatch(text) if not isinstance(value, bool) else None
    try:
        year, month, day = (int(part) if part else None for part in found.groups())
        month = month or (12 if end else 1)
        day = day or (calendar.monthrange(year, month)[1] if end else 1)
        return datetime.date(year, month, day).isoformat()
    except (AttributeError, ValueError) as e:
        raise BadRequest(
            f"{name} must be a date as YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2023-06-09 or 2023), "
            f"got {str(value)[:40]!r}"
        ) from e


def check_order(date_from: str | None, date_to: str | None) -> None:
    """BadRequest when the range ends before it starts."""
    if date_from and date_to and date_from > date_to:
        raise BadRequest(
            f"date_from {date_from} is after date_to {date_to}: no document can be in that "
            "range; swap them"
        )


def check_dated(filters: Filters | None, dates: tuple[str, ...]) -> None:
    """BadRequest naming the indexed dates when no indexed chunk's date is in the range of
    `filters` (`dates`: the distinct dates of the indexed chunks, sorted)."""
    if filters is None or (filters.date_from is None and filters.date_to is None):
        return
    if any(filters.dated(date) for date in dates):
        return
    wanted = f"from {filters.date_from or 'any date'} to {filters.date_to or 'any date'}"
    if not dates:
        raise BadRequest(
            f"no indexed document has a date, so none is dated {wanted}; "
            "leave date_from and date_to empty"
        )
    raise BadRequest(
        f"no indexed document is dated {wanted}; the indexed documents are dated from "
        f"{dates[0]} to {dates[-1]}: choose a range that meets one"
    )
