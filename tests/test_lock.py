"""Tests for index.lock: one writer per data directory, a clear message for the second."""

import os
import subprocess
import sys

import pytest

from index.domain.errors import IndexBusy
from index.lock import LOCK_NAME, write_lock
from tests.conftest import ROOT, SEED


def test_second_writer_is_refused_naming_the_holder(tmp_path):
    with write_lock(tmp_path):
        with pytest.raises(IndexBusy, match=f"being indexed by process {os.getpid()}; wait"):
            with write_lock(tmp_path):
                pass


def test_lock_is_released_after_use_and_after_an_error(tmp_path):
    with pytest.raises(RuntimeError):
        with write_lock(tmp_path):
            raise RuntimeError("boom")
    with write_lock(tmp_path):
        assert (tmp_path / LOCK_NAME).exists()


def test_qa_index_in_another_process_is_refused_while_one_runs(data_dir):
    """A real second process: `qa index` exits 1 with one line while the lock is held."""
    env = {**os.environ, "QA_DATA_DIR": str(data_dir)}
    with write_lock(data_dir):
        result = subprocess.run(
            [sys.executable, "-m", "qa", "index", "--quiet", str(SEED)],
            capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
        )  # fmt: skip
    assert result.returncode == 1
    assert "is being indexed by process" in result.stderr
    assert "Traceback" not in result.stderr
    docs = subprocess.run(
        [sys.executable, "-m", "qa", "docs", "--json"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=True,
    )  # fmt: skip
    assert '"documents": []' in docs.stdout  # refused before anything was written
