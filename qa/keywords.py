"""The keyword index as query time holds it: opened once on first use, reloaded in the
background when the store changed (another process indexed), and the tables derived from it."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from index.domain.model import Chunk
from index.store.chunk_store import ChromaStore
from index.store.keyword import KeywordIndex
from index.store.records import versioned_id
from qa.lineage import paragraph_table

log = logging.getLogger(__name__)
# How often a query checks the store's fingerprint for other processes' commits.
FRESHNESS_SECONDS = 2.0


class RowMap(Mapping):
    """key -> a chunk (or a list of chunks) of a keyword index, read from it on use: only the
    rows are in memory (the index's chunks are read from disk when loaded from disk)."""

    def __init__(self, rows: dict, keyword: KeywordIndex):
        self._rows = rows
        self._chunks = keyword.chunks

    def __getitem__(self, key):
        rows = self._rows[key]
        if isinstance(rows, int):
            return self._chunks[rows]
        return [self._chunks[row] for row in rows]

    def __contains__(self, key) -> bool:
        return key in self._rows

    def __iter__(self):
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


@dataclass(frozen=True)
class KeywordViews:
    """Derived from one keyword index: its chunks by store record id (a dense query then
    fetches only distances from the store) and by paragraph (qa.lineage.paragraph_table),
    both built from the index's in-memory fields and reading chunks on use."""

    keyword: KeywordIndex
    by_record: Mapping[str, Chunk]
    paragraphs: Mapping[tuple, list[Chunk]]
    states: frozenset[str] = frozenset()
    committees: frozenset[str] = frozenset()
    dates: tuple[str, ...] = ()
    """The distinct dates of the chunks, sorted (a date range is checked against them)."""


class LiveKeywordIndex:
    """The current keyword index of a data directory and its views.

    The first use opens it (once, whichever thread asks); later changes are picked up by a
    background reload while the current index keeps answering: rebuilding 100k chunks takes
    minutes, which no request should wait for."""

    def __init__(self, directory: Path, store: Callable[[], ChromaStore]):
        self._directory = directory
        self._store = store
        self._keyword: KeywordIndex | None = None
        self._checked = 0.0
        self._opening = threading.Lock()
        self._reloading = threading.Lock()
        self._views: KeywordViews | None = None

    def reset(self) -> None:
        """Forget the index (after this process wrote): the next use opens it afresh."""
        self._keyword = None

    def current(self) -> KeywordIndex:
        """The index, opened on first use; a changed store starts a background reload."""
        keyword = self._keyword
        if keyword is None:
            with self._opening:
                if self._keyword is None:
                    self._keyword = KeywordIndex.open(self._directory, self._store())
                    self._checked = time.monotonic()
                return self._keyword
        now = time.monotonic()
        if now - self._checked > FRESHNESS_SECONDS:
            self._checked = now
            if self._store().fingerprint() != keyword.fingerprint:
                self._reload()
        return keyword

    def views(self) -> KeywordViews:
        """The tables of the current index, built once per index."""
        keyword = self.current()
        views = self._views
        if views is None or views.keyword is not keyword:
            fields = keyword.fields
            table = paragraph_table(fields)  # of fields: the same attributes as a chunk's
            views = KeywordViews(
                keyword,
                by_record=RowMap(
                    {versioned_id(f.chunk_id, f.doc_hash): f.row for f in fields}, keyword
                ),
                paragraphs=RowMap(
                    {key: [f.row for f in rows] for key, rows in table.items()}, keyword
                ),
                states=frozenset(f.state_party for f in fields if f.state_party),
                committees=frozenset(f.committee for f in fields if f.committee),
                dates=tuple(sorted({f.date for f in fields if f.date})),
            )
            self._views = views
        return views

    def _reload(self) -> None:
        """Reopen the index in a background thread (one at a time)."""
        if not self._reloading.acquire(blocking=False):
            return  # a reload is already running

        def reload() -> None:
            try:
                self._keyword = KeywordIndex.open(self._directory, self._store())
            except Exception:  # the next check tries again; requests keep the current index
                log.exception("reloading the keyword index failed")
            finally:
                self._reloading.release()

        threading.Thread(target=reload, name="qa-keyword-reload", daemon=True).start()
