"""Short form of bench/load.py: 4 clients for ~5 s against a server on the seeded data dir."""

from __future__ import annotations

import pytest

from bench.load import ENDPOINTS, Questions, markdown, percentile
from bench.load import main as load_main
from tests.conftest import seeded_data_dir


def test_percentile_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert [percentile(values, q) for q in (50, 95, 99, 100)] == [50.0, 95.0, 99.0, 100.0]
    assert percentile([3.0], 95) == 3.0


def test_questions_are_distinct():
    questions = Questions(["a?", "b?"])
    asked = [questions.next() for _ in range(5)]
    assert len(set(asked)) == 5 and asked[0] == "a? #0" and asked[3] == "b? #3"


@pytest.mark.timeout(600)
def test_short_load_has_no_errors_and_exercises_every_endpoint(tmp_path_factory, tmp_path):
    data_dir = seeded_data_dir(tmp_path_factory, "load")
    out = tmp_path / "load.json"
    result = load_main(
        ["--data-dir", str(data_dir), "--clients", "4", "--seconds", "5", "--out", str(out)]
    )
    assert out.is_file()
    assert result["overall"]["errors"] == {}
    assert set(result["endpoints"]) == set(ENDPOINTS)
    assert all(row["requests"] > 0 and not row["errors"] for row in result["endpoints"].values())
    assert result["rss"]["peak_mb"] > 0
    assert "| overall |" in markdown(result)
