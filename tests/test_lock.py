"""Tests for index.store.lock: one writer per data directory, a clear message for the second."""

import os
import subprocess
import sys

import pytest

from index.domain.errors import IndexBusy, StoreInUse
from index.store.lock import LOCK_NAME, hold_open, write_lock, writing_open
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


HOLD = """
import sys
from index.store.lock import hold_open, writing_open
held = writing_open(sys.argv[1]) if sys.argv[2] == "write" else None
if held is None:
    hold_open(sys.argv[1])
else:
    held.__enter__()
print("held", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def other_process():
    """Start a process holding a directory's open-lock ("open") or writing it ("write")."""
    started = []

    def start(directory, mode: str) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(directory), mode],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
        )  # fmt: skip
        started.append(process)
        assert process.stdout.readline().strip() == "held"
        return process

    yield start
    for process in started:
        process.kill()
        process.wait(timeout=10)


def test_writing_is_refused_while_another_process_has_the_store_open(tmp_path, other_process):
    reader = other_process(tmp_path, "open")
    hold_open(tmp_path)  # reading beside another reader is fine
    with pytest.raises(StoreInUse) as refused:
        with writing_open(tmp_path):
            pass
    message = str(refused.value)
    for fix in ("POST /api/documents", "POST /api/reindex", "QA_CHROMA_URL"):
        assert fix in message
    assert str(tmp_path) not in message and str(reader.pid) not in message  # shown over HTTP
    reader.kill()
    reader.wait(timeout=10)
    with writing_open(tmp_path):  # the lock died with its process
        pass


def test_opening_is_refused_while_another_process_writes(tmp_path, other_process):
    other_process(tmp_path, "write")
    with pytest.raises(IndexBusy, match="being written by another process .*; wait for it"):
        hold_open(tmp_path)


def test_a_process_writes_beside_its_own_readers_and_then_lets_others_open(tmp_path, other_process):
    hold_open(tmp_path)
    with writing_open(tmp_path), writing_open(tmp_path):  # re-entrant within the process
        pass
    other_process(tmp_path, "open")  # back to shared: another process may open it now
