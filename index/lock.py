"""An exclusive lock per data directory, so two indexing runs never interleave their writes."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from index.domain.errors import IndexBusy

LOCK_NAME = "index.lock"


@contextmanager
def write_lock(directory: Path) -> Iterator[None]:
    """Hold the directory's write lock, or raise IndexBusy at once naming who holds it."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / LOCK_NAME, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise IndexBusy(
                f"{directory} is being indexed by {holder}; wait for it to finish "
                "(one `qa index` or `qa remove` at a time per data directory)"
            ) from e
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"process {os.getpid()}")
            handle.flush()
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
