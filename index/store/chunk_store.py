"""Chunks and a per-document manifest in Chroma: connection, build record, commits and removals.

Each document is written in one step that a crash cannot split: its chunks are stored under
version-keyed record ids (`{chunk_id}@{doc_hash}`), then the manifest record, which names the
document's current doc_hash, is written (the commit point), then records of other versions are
deleted (on a shared Chroma server only the version it replaced: another version may be another
process's write in progress; a killed write's records are collected later, `collect_orphans`).
Reads show a chunk only when its doc_hash is its document's manifest doc_hash, so a reader sees
the old version or the new one, never a mix, and never a half-written document.
"""

from __future__ import annotations

import hashlib
import re
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import numpy as np

from index.domain.errors import BadRequest, IndexMismatch, StoreUnavailable
from index.domain.model import Chunk
from index.store.chroma import (
    SERVER_TIMEOUT_SECONDS,
    guarded,
    http_client,
    local_client,
)
from index.store.lock import writing_open
from index.store.reads import StoreReads, pages
from index.store.records import (
    BUILD_KEYS,
    DocumentRecord,
    build_record,
    check_document,
    chunk_metadata,
    encode_vectors,
    mismatch_message,
    versioned_id,
)

if TYPE_CHECKING:
    from index.embed import EmbedderInfo

DOCUMENTS_SUFFIX = "_documents"
SENTENCES_SUFFIX = "_sentence_sets"
READ_SNAPSHOT_SECONDS = 2.0  # how stale a query's view of other processes' commits may be
# A reader re-reads the whole manifest when the change marker or the document count moved, and
# at least this often in any case (a writer killed between its commit and the marker's bump
# leaves the marker behind; a new document still moves the count at once).
FULL_REFRESH_SECONDS = 60.0
# Calls to a server are batched small enough to take well under its timeout.
SERVER_BATCH = 1000
CHANGES_SUFFIX = "_changes"
CHANGE_MARKER = "generation"
# On a shared Chroma server another process may be between writing a version's records and
# committing it: uncommitted records younger than this are its write in progress, not orphans
# (a document's records are written in seconds; the margin covers clocks of other machines).
ORPHAN_GRACE_SECONDS = 600
_NAME = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9._-]{1,498}[a-zA-Z0-9]")
_NO_DIMENSION = [0.0]


class ChromaStore(StoreReads):
    """Chunks with their embeddings, and a manifest of documents, in a local or remote Chroma."""

    def __init__(
        self,
        *,
        path: Path | None = None,
        url: str | None = None,
        collection: str = "treaty_qa",
        timeout: float = SERVER_TIMEOUT_SECONDS,
    ):
        _check_collection_name(collection)
        if (path is None) == (url is None):
            raise BadRequest("ChromaStore needs exactly one of path= (local) or url= (server)")
        self.name = collection
        self.location = url or str(path)
        self.url = url
        self.path = None if url else Path(path)
        self.timeout = timeout
        if url:
            self._client = http_client(url, self._unavailable, timeout)
            self._max_batch = min(self._guarded_batch_size(), SERVER_BATCH)
        else:
            self._client = local_client(path)
            self._max_batch = self._client.get_max_batch_size()
        self._handles: dict = {}
        self._snapshot: _Snapshot | None = None

    def _guarded_batch_size(self) -> int:
        try:
            return self._client.get_max_batch_size()
        except (httpx.TransportError, ConnectionError) as e:
            raise self._unavailable(e) from e

    def __repr__(self) -> str:
        return f"ChromaStore({self.location!r}, collection={self.name!r})"

    @contextmanager
    def writing(self) -> Iterator[None]:
        """While this process writes: a local store must not be open in another process
        (index.lock.writing_open; StoreInUse at once if it is); a Chroma server serves many."""
        if self.path is None:
            yield
            return
        with writing_open(self.path):
            yield

    def _unavailable(self, e: Exception) -> StoreUnavailable:
        if isinstance(e, httpx.TimeoutException):
            e = f"no answer within {self.timeout:g} s (is it frozen or overloaded?)"
        return StoreUnavailable(
            f"cannot reach the Chroma server at {self.url}: {e}; start it with "
            "`chroma run --path DIR --port N` or unset QA_CHROMA_URL"
        )

    @property
    def _chunks(self):
        return self._collection(self.name, cosine=True)

    @property
    def _sentences(self):
        return self._collection(self.name + SENTENCES_SUFFIX, cosine=False)

    @property
    def _manifest(self):
        return self._collection(self.name + DOCUMENTS_SUFFIX, cosine=False)

    @property
    def _changes(self):
        return self._collection(self.name + CHANGES_SUFFIX, cosine=False)

    def _collection(self, name: str, *, cosine: bool):
        """A collection handle, resolved once (each resolution is a round trip to a server)."""
        handle = self._handles.get(name)
        if handle is None:
            configuration = {"hnsw": {"space": "cosine"}} if cosine else None
            handle = self._client.get_or_create_collection(
                name, configuration=configuration, embedding_function=None
            )
            self._handles[name] = handle
        return handle

    @guarded
    def build_info(self) -> dict:
        """How the index was built (embedder, embedder_version, dim, chunker_version); {} if new."""
        return {k: v for k, v in (self._chunks.metadata or {}).items() if k in BUILD_KEYS}

    @guarded
    def check_compatible(self, info: EmbedderInfo, chunker_version: str) -> None:
        """Record the build info while no document is indexed; else IndexMismatch if it differs."""
        wanted = build_record(info, chunker_version)
        recorded = self.build_info()
        if recorded == wanted:
            return
        if not recorded or not self._manifest.count():
            self._record_build_info(wanted)
            return
        raise IndexMismatch(mismatch_message(self.location, recorded, wanted))

    def _record_build_info(self, wanted: dict) -> None:
        if self.build_info() or self._chunks.count():
            # No document is committed, but the collection may keep the old dimension (or hold
            # leftovers of an interrupted first write): start it afresh.
            self._drop(self.name, self.name + SENTENCES_SUFFIX)
        self._chunks.modify(metadata=wanted)
        self._mark_changed()

    def _mark_changed(self) -> None:
        """Move the change marker readers poll (after each commit or removal)."""
        self._snapshot = None
        self._changes.upsert(
            ids=[CHANGE_MARKER],
            embeddings=[_NO_DIMENSION],
            metadatas=[{"token": uuid.uuid4().hex}],
        )

    def _drop(self, *names: str) -> None:
        self._snapshot = None
        existing = {collection.name for collection in self._client.list_collections()}
        for name in names:
            self._handles.pop(name, None)
            if name in existing:
                self._client.delete_collection(name)

    @guarded
    def has_documents(self) -> bool:
        """Whether any document is committed (one count, not the whole manifest)."""
        return self._manifest.count() > 0

    @guarded
    def documents(self) -> list[DocumentRecord]:
        """Every indexed document, by source name."""
        result = self._manifest.get(include=["metadatas"])
        records = [DocumentRecord.from_metadata(m) for m in result["metadatas"]]
        return sorted(records, key=lambda record: record.source)

    @guarded
    def document(self, source: str) -> DocumentRecord | None:
        """The manifest record of `source`, or None when it is not indexed."""
        result = self._manifest.get(ids=[source], include=["metadatas"])
        return DocumentRecord.from_metadata(result["metadatas"][0]) if result["ids"] else None

    @guarded
    def sources_with_hash(self, doc_hash: str) -> list[str]:
        """Sources of the committed documents whose content hash is `doc_hash`."""
        result = self._manifest.get(where={"doc_hash": doc_hash}, include=["metadatas"])
        return sorted(metadata["source"] for metadata in result["metadatas"])

    def _visible_versions(self, sources: set[str]) -> dict[str, str]:
        """source -> committed doc_hash for reads, from a manifest snapshot at most
        READ_SNAPSHOT_SECONDS old (this store's own writes drop it at once). Another process's
        commit shows within that time, like the keyword index's freshness check; a reader never
        sees a half-written document either way, since the snapshot only names committed ones."""
        committed = self._manifest_snapshot().records
        return {s: committed[s]["doc_hash"] for s in sources if s in committed}

    def _manifest_snapshot(self) -> _Snapshot:
        """Every manifest record, re-read only when the change marker or the document count
        moved (two key look-ups, checked at most every READ_SNAPSHOT_SECONDS) or the snapshot is
        FULL_REFRESH_SECONDS old: reading the whole manifest takes 0.4-0.9 s at 4,785 documents."""
        now = time.monotonic()
        snapshot = self._snapshot
        if snapshot is not None and now - snapshot.checked <= READ_SNAPSHOT_SECONDS:
            return snapshot
        state = self._change_state()
        stale = snapshot is None or now - snapshot.read > FULL_REFRESH_SECONDS
        if stale or state != snapshot.state:
            result = self._manifest.get(include=["metadatas"])
            records = {m["source"]: m for m in result["metadatas"]}
            snapshot = _Snapshot(read=now, checked=now, state=state, records=records)
        else:
            snapshot = replace(snapshot, checked=now)
        self._snapshot = snapshot
        return snapshot

    def _change_state(self) -> tuple:
        marker = self._changes.get(ids=[CHANGE_MARKER], include=["metadatas"])
        token = marker["metadatas"][0].get("token") if marker["ids"] else None
        return token, self._manifest.count()

    @guarded
    def put_document(
        self,
        record: DocumentRecord,
        chunks: Sequence[Chunk],
        embeddings: np.ndarray,
        sentence_embeddings: Sequence[np.ndarray] | None = None,
    ) -> None:
        """Write one document: its chunks and their sentence vectors, then its manifest record
        (the commit), then the cleanup of the previous version.

        `sentence_embeddings[i]` holds one vector per sentence of `chunks[i].text`
        (index.domain.sentences.split_sentences), in order.
        """
        check_document(record, chunks, embeddings)
        previous = self.document(record.source)
        collection = self._chunks
        written = int(time.time())
        ids = [versioned_id(chunk.chunk_id, record.doc_hash) for chunk in chunks]
        metadatas = [chunk_metadata(chunk, record.doc_hash, written) for chunk in chunks]
        for start in range(0, len(chunks), self._max_batch):
            batch = slice(start, start + self._max_batch)
            collection.upsert(
                ids=ids[batch],
                embeddings=np.asarray(embeddings[batch], dtype=np.float32),
                documents=[chunk.text for chunk in chunks[batch]],
                metadatas=metadatas[batch],
            )
        if sentence_embeddings is not None:
            self._put_sentences(record, chunks, sentence_embeddings, written)
        self._manifest.upsert(
            ids=[record.source], embeddings=[_NO_DIMENSION], metadatas=[record.to_metadata()]
        )
        self._mark_changed()
        stale = self._replaced(record, previous)
        if stale is not None:
            self._delete_chunks(stale)
            self._delete(self._sentences, stale)

    def _replaced(self, record: DocumentRecord, previous: DocumentRecord | None) -> dict | None:
        """Which records of `record.source` a commit makes stale: every other version in a
        local store (one writer), only the version it replaced on a Chroma server, where
        another process may be writing a newer one right now (a killed write's records are
        then collected later, by collect_orphans)."""
        if self.url is None:
            return {"$and": [{"source": record.source}, {"doc_hash": {"$ne": record.doc_hash}}]}
        if previous is None or previous.doc_hash == record.doc_hash:
            return None
        return {"$and": [{"source": record.source}, {"doc_hash": previous.doc_hash}]}

    def _put_sentences(
        self, record: DocumentRecord, chunks, sentence_embeddings, written: int = 0
    ) -> None:
        """One record per chunk holding all its sentence vectors (float16, in its metadata).

        Sentence vectors are only ever fetched by chunk, never searched: one record per chunk
        instead of one per sentence keeps writes, the store's size and its memory down. The
        record's own embedding is a 1-dimensional position (the vector index is unused).
        """
        ids, positions, metadatas = [], [], []
        for chunk, matrix in zip(chunks, sentence_embeddings, strict=True):
            record_id = versioned_id(chunk.chunk_id, record.doc_hash)
            ids.append(record_id)
            positions.append([_position(record_id)])
            metadatas.append(
                {
                    "chunk_id": chunk.chunk_id,
                    "source": record.source,
                    "doc_hash": record.doc_hash,
                    "sentences": int(len(matrix)),
                    "vectors": encode_vectors(np.asarray(matrix, dtype=np.float32)),
                    "written": written,
                }
            )
        collection = self._sentences
        for start in range(0, len(ids), self._max_batch):
            batch = slice(start, start + self._max_batch)
            collection.upsert(
                ids=ids[batch], embeddings=positions[batch], metadatas=metadatas[batch]
            )

    @guarded
    def remove_document(self, source: str) -> int:
        """Remove a document (manifest first: readers stop seeing it at once); its chunk count."""
        record = self.document(source)
        if record is not None:
            self._manifest.delete(ids=[source])
            self._mark_changed()
        self._snapshot = None
        self._delete_chunks({"source": source})
        self._delete(self._sentences, {"source": source})
        return record.chunk_count if record else 0

    @guarded
    def collect_orphans(self) -> int:
        """Delete chunk and sentence records of no committed version; how many were deleted.

        A writer killed after storing a version's records but before its commit leaves them
        unseen, and one killed between its commit and its clean-up leaves the old version's:
        readers never show them, but they take space and search depth. Call only under the
        write lock (a running writer's records are uncommitted until its commit); on a Chroma
        server, which other processes may be writing, records younger than
        ORPHAN_GRACE_SECONDS are left for a later collection. A full scan runs only when a
        collection holds more records than the manifest's chunk counts.
        """
        self._snapshot = None  # read afresh: another process may have committed meanwhile
        records = self._manifest_snapshot().records
        committed = {source: metadata["doc_hash"] for source, metadata in records.items()}
        expected = sum(metadata["chunk_count"] for metadata in records.values())
        cutoff = time.time() - ORPHAN_GRACE_SECONDS if self.url else float("inf")
        removed = 0
        for collection in (self._chunks, self._sentences):
            if collection.count() <= expected:
                continue
            orphans = [
                record_id
                for page in pages(collection, None, ["metadatas"], self._max_batch)
                for record_id, metadata in zip(page["ids"], page["metadatas"], strict=True)
                if _orphan(metadata or {}, committed, cutoff)
            ]
            for start in range(0, len(orphans), self._max_batch):
                collection.delete(ids=orphans[start : start + self._max_batch])
            removed += len(orphans)
        return removed

    def _delete_chunks(self, where: dict) -> None:
        self._delete(self._chunks, where)

    def _delete(self, collection, where: dict) -> None:
        ids = []
        for page in pages(collection, where, [], self._max_batch):
            ids.extend(page["ids"])
        for start in range(0, len(ids), self._max_batch):
            collection.delete(ids=ids[start : start + self._max_batch])

    @guarded
    def reset(self) -> None:
        """Drop every chunk, document and the recorded build info (for `--rebuild`)."""
        self._drop(self.name + DOCUMENTS_SUFFIX, self.name + SENTENCES_SUFFIX, self.name)
        self._mark_changed()


@dataclass(frozen=True)
class _Snapshot:
    """The manifest as a reader last read it: when read and last checked, the change state it
    was read at, and source -> manifest metadata."""

    read: float
    checked: float
    state: tuple
    records: dict[str, dict]


def _orphan(metadata: dict, committed: dict[str, str], cutoff: float) -> bool:
    """A record of no committed version, written before `cutoff` (records written before
    `written` was recorded count as old)."""
    if committed.get(metadata.get("source")) == metadata.get("doc_hash"):
        return False
    return metadata.get("written", 0) < cutoff


def _check_collection_name(name: str) -> None:
    if not _NAME.fullmatch(name):
        raise BadRequest(
            f"bad collection name {name!r}: use 3-500 characters from [a-zA-Z0-9._-], "
            "starting and ending with a letter or digit"
        )


def _position(record_id: str) -> float:
    """A stable pseudo-random scalar per record: the unused vector index stays well spread."""
    return int(hashlib.sha256(record_id.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF
