"""Tests for qa.date_range: date bounds from years, months and days; refusals naming the fix."""

import pytest

from index.domain.errors import BadRequest
from index.domain.model import Filters
from qa.date_range import check_dated, check_order, date_bound


@pytest.mark.parametrize(
    "value, end, expected",
    [
        ("2023", False, "2023-01-01"),
        ("2023", True, "2023-12-31"),
        (2023, True, "2023-12-31"),
        ("2024-02", True, "2024-02-29"),  # a leap year's February
        ("2023-2", False, "2023-02-01"),
        (" 2023-06-09 ", True, "2023-06-09"),
        ("", True, None),
        (None, False, None),
    ],
)
def test_date_bound(value, end, expected):
    assert date_bound(value, "date_to", end=end) == expected


@pytest.mark.parametrize("value", ["June 2023", "2023-13", "2023-02-30", "23", "2023-06-09x", True])
def test_date_bound_refuses_what_is_not_a_date(value):
    with pytest.raises(BadRequest, match="date_from must be a date as YYYY-MM-DD, YYYY-MM or YYYY"):
        date_bound(value, "date_from", end=False)


def test_a_range_ending_before_it_starts_is_refused():
    check_order("2023-01-01", "2023-01-01")
    with pytest.raises(BadRequest, match="date_from 2024-01-01 is after date_to 2023-12-31"):
        check_order("2024-01-01", "2023-12-31")


DATES = ("2023-06-09", "2024-11-14", "2026-03-02")


@pytest.mark.parametrize(
    "filters, message",
    [
        (Filters(date_from="2023-06-09", date_to="2023-06-09"), None),
        (Filters(date_to="2023-06-09"), None),
        (Filters(date_from="2026-01-01"), None),
        (Filters(), None),
        (
            Filters(date_from="2025-01-01", date_to="2025-12-31"),  # between indexed dates
            "no indexed document is dated from 2025-01-01 to 2025-12-31; the indexed "
            "documents are dated from 2023-06-09 to 2026-03-02",
        ),
        (Filters(date_from="2026-03-03"), "dated from 2026-03-03 to any date;"),
    ],
)
def test_a_range_no_indexed_date_meets_is_refused_naming_the_indexed_range(filters, message):
    if message is None:
        check_dated(filters, DATES)
        return
    with pytest.raises(BadRequest) as refused:
        check_dated(filters, DATES)
    assert message in str(refused.value)


def test_a_range_over_an_index_without_dates_says_so():
    with pytest.raises(BadRequest, match="no indexed document has a date"):
        check_dated(Filters(date_to="2030"), ())
