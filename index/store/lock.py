"""Locks per data directory: one writer at a time, and no writer beside another process that has
the embedded Chroma store open.

`write_lock` (flock on index.lock) keeps two indexing runs from interleaving. The open-lock (a
POSIX record lock on the store's qa-open.lock) covers what chromadb does not: an embedded
PersistentClient caches its vector index in memory, so a process reading the store while another
process writes it gets "Error finding id" failures and never sees the new documents until it
restarts (chromadb: "PersistentClient is not process-safe"). Every process that opens the store
holds a shared open-lock for as long as it lives (chromadb's cache lives as long); a writer turns
it exclusive for the duration of its write, which fails while any other process holds it.
POSIX record locks belong to a process, so its own threads (a server's readers and its admin
writes) never conflict with each other.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from index.domain.errors import IndexBusy, StoreInUse

LOCK_NAME = "index.lock"
OPEN_LOCK_NAME = "qa-open.lock"
IN_USE = (
    "the index in this data directory is open in another process (a running `qa serve`, or "
    "another `qa` command): writing to an embedded Chroma store while another process reads it "
    "breaks that process's answers until it restarts. Index through the running server instead "
    "(`POST /api/documents` with the file, or `POST /api/reindex`, with QA_ADMIN_TOKEN set; or "
    "its Admin tab), stop the other process first, or share a Chroma server between processes "
    "(`chroma run --path DIR --port N`, then QA_CHROMA_URL)"
)
BEING_WRITTEN = (
    "the index in this data directory is being written by another process (`qa index` or "
    "`qa remove`); wait for it to finish and try again"
)

# One descriptor per open-lock file and process: closing any descriptor of a file drops all of
# the process's POSIX locks on it. Path -> [descriptor, writers in this process].
_held: dict[Path, list[int]] = {}
_guard = threading.Lock()


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


def hold_open(directory: Path) -> None:
    """Mark the store in `directory` open in this process until it exits (a shared open-lock);
    IndexBusy when another process is writing it right now."""
    path = Path(directory).resolve() / OPEN_LOCK_NAME
    with _guard:
        if path in _held and _same_file(_held[path][0], path):
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.lockf(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError as e:
            os.close(descriptor)
            raise IndexBusy(BEING_WRITTEN) from e
        _held[path] = [descriptor, 0]


@contextmanager
def writing_open(directory: Path) -> Iterator[None]:
    """Hold the store's open-lock exclusively while this process writes; StoreInUse at once
    when another process has the store open."""
    hold_open(directory)
    path = Path(directory).resolve() / OPEN_LOCK_NAME
    with _guard:
        entry = _held[path]
        if entry[1] == 0:
            try:
                fcntl.lockf(entry[0], fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as e:
                raise StoreInUse(IN_USE) from e
        entry[1] += 1
    try:
        yield
    finally:
        with _guard:
            entry[1] -= 1
            if entry[1] == 0:
                fcntl.lockf(entry[0], fcntl.LOCK_SH)  # back to shared: never blocks (ours)


def _same_file(descriptor: int, path: Path) -> bool:
    """Whether `path` is still the file `descriptor` locks (not deleted and made anew)."""
    try:
        return os.fstat(descriptor).st_ino == os.stat(path).st_ino
    except OSError:
        return False
