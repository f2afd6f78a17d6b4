"""Tests for qa.coverage: what is indexed, as the Ask tab's line and /api/coverage say it."""

import pytest

from index.store.records import DocumentRecord
from qa.coverage import coverage


def _record(source: str, date: str | None, state: str = "Portugal") -> DocumentRecord:
    return DocumentRecord(
        source=source,
        doc_hash="h",
        chunk_count=3,
        doc_type="follow-up assessment",
        language="en",
        symbol="CMW/C/36/2/Add.1",
        co_symbol="CMW/C/PRT/CO/1",
        committee="CMW",
        state_party=state,
        date=date,
    )


@pytest.mark.parametrize(
    "dates, line, date_range",
    [
        (["2023-06-09"], "Date: 2023-06-09", ["2023-06-09", "2023-06-09"]),
        (
            ["2026-03-02", None, "2023-06-09"],
            "Dates: 2023-06-09 to 2026-03-02",
            ["2023-06-09", "2026-03-02"],
        ),
        ([None], None, [None, None]),
    ],
)
def test_the_date_range_is_said_once_for_one_date(dates, line, date_range):
    covered = coverage([_record(f"{i}.md", date) for i, date in enumerate(dates)])
    summary = covered.summary()
    assert summary.startswith(f"Indexed: {len(dates)} document")
    assert "States: Portugal · Committees: CMW" in summary
    assert (line in summary) if line else ("Date" not in summary)
    assert covered.to_dict()["date_range"] == date_range


def test_nothing_indexed_says_how_to_index():
    assert "run `qa index`" in coverage([]).summary()
