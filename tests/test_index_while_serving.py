"""`qa index` in another process on the data directory of a running `qa serve`: the writer is
refused with the ways to index through the server, and the server's readers see no error
(before the open-lock, ~40% of /api/ask calls failed during such a run and all of them after it;
bench/index_while_serving.py, docs/BENCHMARKS.md)."""

import time

import httpx
import pytest

from bench.index_while_serving import Readers, copy_fixtures, run_writer
from bench.load import start_server, stop_server
from tests.conftest import seeded_data_dir

pytestmark = pytest.mark.timeout(120)


def test_qa_index_beside_a_running_server_is_refused_and_readers_see_no_error(
    tmp_path_factory, tmp_path
):
    data_dir = seeded_data_dir(tmp_path_factory, "serving")
    server, url = start_server(data_dir, tmp_path / "server.log")
    try:
        with Readers(url, 1) as asking:
            while sum(asking.counts["before"].values()) < 2:
                time.sleep(0.2)
            asking.phase = "during"
            writer = run_writer(data_dir, copy_fixtures(tmp_path / "documents", ["loi_en.md"]))
            asking.phase = "after"
            time.sleep(2)
        assert writer["returncode"] == 1, writer
        assert "open in another process" in writer["stderr"]
        assert "POST /api/documents" in writer["stderr"] and "QA_CHROMA_URL" in writer["stderr"]
        assert "Traceback" not in writer["stderr"]
        assert asking.counts["after"]["200"] > 0
        assert [asking.failures(phase) for phase in ("before", "during", "after")] == [0, 0, 0], (
            asking.errors
        )
        assert httpx.get(f"{url}/healthz", timeout=10).json()["documents"] == 1  # unchanged
    finally:
        stop_server(server)
