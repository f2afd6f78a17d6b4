"""Chunks and a per-document manifest in Chroma; the only module importing chromadb.

Each document is written in one step that a crash cannot split: its chunks are stored under
version-keyed record ids (`{chunk_id}@{doc_hash}`), then the manifest record, which names the
document's current doc_hash, is written (the commit point), then records of other versions are
deleted. Reads show a chunk only when its doc_hash is its document's manifest doc_hash, so a
reader sees the old version or the new one, never a mix, and never a half-written document.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import numbers
import re
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

import chromadb
import httpx
import numpy as np
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import NotFoundError

from index.domain.errors import BadRequest, IndexMismatch, StoreUnavailable
from index.domain.model import Chunk, Document, Filters
from index.domain.sentences import split_sentences
from index.lock import hold_open, writing_open

if TYPE_CHECKING:
    from index.embed import EmbedderInfo

DOCUMENTS_SUFFIX = "_documents"
SENTENCES_SUFFIX = "_sentence_sets"
READ_SNAPSHOT_SECONDS = 2.0  # how stale a query's view of other processes' commits may be
# A reader re-reads the whole manifest when the change marker or the document count moved, and
# at least this often in any case (a writer killed between its commit and the marker's bump
# leaves the marker behind; a new document still moves the count at once).
FULL_REFRESH_SECONDS = 60.0
# A Chroma server call that takes longer fails as StoreUnavailable (chromadb's HttpClient waits
# forever: a frozen server hung requests > 40 s). Calls to a server are batched small enough
# (SERVER_BATCH records) to take well under it.
SERVER_TIMEOUT_SECONDS = 5.0
SERVER_CONNECT_SECONDS = 3.0
SERVER_BATCH = 1000
CHANGES_SUFFIX = "_changes"
CHANGE_MARKER = "generation"
STORE_VERSION = "2"  # 2: one sentence-set record per chunk (float16 vectors in its metadata)
EQUALITY_FILTERS = ("source", "symbol", "paragraph", "grade", "kind", "language", "state_party")
# Document.to_dict() keys left out of the manifest: they grow with the document.
BULKY_KEYS = ("footnotes", "recommendations", "replies", "assessments")
_NAME = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9._-]{1,498}[a-zA-Z0-9]")
_NO_DIMENSION = [0.0]
T = TypeVar("T")


@dataclass(frozen=True)
class DocumentRecord:
    """One indexed document as the manifest knows it: its hash, chunk count and metadata."""

    source: str
    doc_hash: str
    chunk_count: int
    doc_type: str
    language: str
    symbol: str | None = None
    co_symbol: str | None = None
    committee: str | None = None
    state_party: str | None = None
    date: str | None = None
    indexed_at: str = ""
    details: dict = field(default_factory=dict, compare=False)

    @classmethod
    def from_document(cls, document: Document, doc_hash: str, chunk_count: int) -> DocumentRecord:
        """The manifest record for `document`, stamped with the current UTC time."""
        details = {k: v for k, v in document.to_dict().items() if k not in BULKY_KEYS}
        return cls(
            source=document.source,
            doc_hash=doc_hash,
            chunk_count=chunk_count,
            doc_type=document.doc_type,
            language=document.language,
            symbol=document.symbol,
            co_symbol=document.co_symbol,
            committee=document.committee,
            state_party=document.state_party,
            date=document.date,
            indexed_at=datetime.now(UTC).isoformat(timespec="seconds"),
            details=details,
        )

    def to_dict(self) -> dict:
        return asdict(self)

    def to_metadata(self) -> dict:
        """Flat Chroma metadata (None values left out: chroma refuses them)."""
        metadata = {**asdict(self), "details": json.dumps(self.details, ensure_ascii=False)}
        return {key: value for key, value in metadata.items() if value is not None}

    @classmethod
    def from_metadata(cls, metadata: dict) -> DocumentRecord:
        """Rebuild a record from what `to_metadata` stored."""
        names = cls.__dataclass_fields__.keys() - {"details"}
        values = {name: metadata.get(name) for name in names}
        return cls(**values, details=json.loads(metadata.get("details") or "{}"))


def _guarded(method: Callable[..., T]) -> Callable[..., T]:
    """Turn a lost connection to a Chroma server into StoreUnavailable, and recover from
    collection handles gone stale.

    Handles are dropped on a connection error (the server may come back with other data) and
    re-resolved once when a collection was dropped and re-created under us (another process's
    `qa index --rebuild` on a shared server): the next call works without a restart.
    """

    @functools.wraps(method)
    def wrapper(self: ChromaStore, *args: Any, **kwargs: Any) -> T:
        try:
            try:
                return method(self, *args, **kwargs)
            except NotFoundError:
                if not self._handles:
                    raise
                self._handles.clear()
                return method(self, *args, **kwargs)
        except (httpx.TransportError, ConnectionError) as e:
            self._handles.clear()
            raise self._unavailable(e) from e

    return wrapper


class ChromaStore:
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
            self._client = _http_client(url, self._unavailable, timeout)
            self._max_batch = min(self._guarded_batch_size(), SERVER_BATCH)
        else:
            self._client = _local_client(path)
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

    @_guarded
    def build_info(self) -> dict:
        """How the index was built (embedder, embedder_version, dim, chunker_version); {} if new."""
        return {k: v for k, v in (self._chunks.metadata or {}).items() if k in _BUILD_KEYS}

    @_guarded
    def check_compatible(self, info: EmbedderInfo, chunker_version: str) -> None:
        """Record the build info while no document is indexed; else IndexMismatch if it differs."""
        wanted = _build_info(info, chunker_version)
        recorded = self.build_info()
        if recorded == wanted:
            return
        if not recorded or not self._manifest.count():
            self._record_build_info(wanted)
            return
        raise IndexMismatch(_mismatch_message(self.location, recorded, wanted))

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

    @_guarded
    def documents(self) -> list[DocumentRecord]:
        """Every indexed document, by source name."""
        result = self._manifest.get(include=["metadatas"])
        records = [DocumentRecord.from_metadata(m) for m in result["metadatas"]]
        return sorted(records, key=lambda record: record.source)

    @_guarded
    def document(self, source: str) -> DocumentRecord | None:
        """The manifest record of `source`, or None when it is not indexed."""
        result = self._manifest.get(ids=[source], include=["metadatas"])
        return DocumentRecord.from_metadata(result["metadatas"][0]) if result["ids"] else None

    @_guarded
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

    @_guarded
    def chunk_ids(self, source: str) -> set[str]:
        """Ids of the committed chunks of `source` (empty when it is not indexed)."""
        record = self.document(source)
        if record is None:
            return set()
        where = {"$and": [{"source": source}, {"doc_hash": record.doc_hash}]}
        return {m["chunk_id"] for m in self._get_all(where, ["metadatas"])["metadatas"]}

    @_guarded
    def embeddings(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """Stored embeddings of the chunks among `ids` (same id, same text, same vector)."""
        found: dict[str, np.ndarray] = {}
        unique = sorted(set(ids))
        for start in range(0, len(unique), self._max_batch):
            where = {"chunk_id": {"$in": unique[start : start + self._max_batch]}}
            result = self._chunks.get(where=where, include=["metadatas", "embeddings"])
            for metadata, vector in zip(result["metadatas"], result["embeddings"], strict=True):
                found[metadata["chunk_id"]] = np.asarray(vector, dtype=np.float32)
        return found

    @_guarded
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
        _check_document(record, chunks, embeddings)
        collection = self._chunks
        ids = [_record_id(chunk.chunk_id, record.doc_hash) for chunk in chunks]
        metadatas = [_chunk_metadata(chunk, record.doc_hash) for chunk in chunks]
        for start in range(0, len(chunks), self._max_batch):
            batch = slice(start, start + self._max_batch)
            collection.upsert(
                ids=ids[batch],
                embeddings=np.asarray(embeddings[batch], dtype=np.float32),
                documents=[chunk.text for chunk in chunks[batch]],
                metadatas=metadatas[batch],
            )
        if sentence_embeddings is not None:
            self._put_sentences(record, chunks, sentence_embeddings)
        self._manifest.upsert(
            ids=[record.source], embeddings=[_NO_DIMENSION], metadatas=[record.to_metadata()]
        )
        self._mark_changed()
        stale = {"$and": [{"source": record.source}, {"doc_hash": {"$ne": record.doc_hash}}]}
        self._delete_chunks(stale)
        self._delete(self._sentences, stale)

    def _put_sentences(self, record: DocumentRecord, chunks, sentence_embeddings) -> None:
        """One record per chunk holding all its sentence vectors (float16, in its metadata).

        Sentence vectors are only ever fetched by chunk, never searched: one record per chunk
        instead of one per sentence keeps writes, the store's size and its memory down. The
        record's own embedding is a 1-dimensional position (the vector index is unused).
        """
        ids, positions, metadatas = [], [], []
        for chunk, matrix in zip(chunks, sentence_embeddings, strict=True):
            record_id = _record_id(chunk.chunk_id, record.doc_hash)
            ids.append(record_id)
            positions.append([_position(record_id)])
            metadatas.append(
                {
                    "chunk_id": chunk.chunk_id,
                    "source": record.source,
                    "doc_hash": record.doc_hash,
                    "sentences": int(len(matrix)),
                    "vectors": encode_vectors(np.asarray(matrix, dtype=np.float32)),
                }
            )
        collection = self._sentences
        for start in range(0, len(ids), self._max_batch):
            batch = slice(start, start + self._max_batch)
            collection.upsert(
                ids=ids[batch], embeddings=positions[batch], metadatas=metadatas[batch]
            )

    @_guarded
    def committed_sentence_embeddings(self, chunks: Sequence[Chunk]) -> dict[str, np.ndarray]:
        """Sentence vectors of committed chunks, looked up by record id (no metadata scan)."""
        wanted = {record_id(chunk): chunk for chunk in chunks}
        ids = list(wanted)
        matrices = {}
        for start in range(0, len(ids), self._max_batch):
            result = self._sentences.get(
                ids=ids[start : start + self._max_batch], include=["metadatas"]
            )
            for metadata in result["metadatas"]:
                matrix = _sentence_matrix(metadata)
                text = _text_of(wanted, metadata)
                if matrix is not None and len(matrix) == len(split_sentences(text)):
                    matrices[metadata["chunk_id"]] = matrix
        return matrices

    @_guarded
    def sentence_embeddings(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]:
        """Stored sentence vectors of the chunks among `chunk_ids`: (sentences, dim) each."""
        found: dict[str, np.ndarray] = {}
        unique = sorted(set(chunk_ids))
        for start in range(0, len(unique), self._max_batch):
            where = {"chunk_id": {"$in": unique[start : start + self._max_batch]}}
            result = self._sentences.get(where=where, include=["metadatas"])
            for metadata in result["metadatas"]:
                matrix = _sentence_matrix(metadata)
                if matrix is not None:
                    found[metadata["chunk_id"]] = matrix
        return found

    @_guarded
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

    @_guarded
    def collect_orphans(self) -> int:
        """Delete chunk and sentence records of no committed version; how many were deleted.

        A writer killed after storing a version's records but before its commit leaves them
        unseen, and one killed between its commit and its clean-up leaves the old version's:
        readers never show them, but they take space and search depth. Call only under the
        write lock (a running writer's records are uncommitted until its commit). A full scan
        runs only when a collection holds more records than the manifest's chunk counts.
        """
        self._snapshot = None  # read afresh: another process may have committed meanwhile
        records = self._manifest_snapshot().records
        committed = {source: metadata["doc_hash"] for source, metadata in records.items()}
        expected = sum(metadata["chunk_count"] for metadata in records.values())
        removed = 0
        for collection in (self._chunks, self._sentences):
            if collection.count() <= expected:
                continue
            orphans = [
                record_id
                for page in _pages(collection, None, ["metadatas"], self._max_batch)
                for record_id, metadata in zip(page["ids"], page["metadatas"], strict=True)
                if committed.get((metadata or {}).get("source")) != (metadata or {}).get("doc_hash")
            ]
            for start in range(0, len(orphans), self._max_batch):
                collection.delete(ids=orphans[start : start + self._max_batch])
            removed += len(orphans)
        return removed

    def _delete_chunks(self, where: dict) -> None:
        self._delete(self._chunks, where)

    def _delete(self, collection, where: dict) -> None:
        ids = []
        for page in _pages(collection, where, [], self._max_batch):
            ids.extend(page["ids"])
        for start in range(0, len(ids), self._max_batch):
            collection.delete(ids=ids[start : start + self._max_batch])

    @_guarded
    def query(
        self,
        vector: np.ndarray,
        k: int,
        filters: Filters | None = None,
        *,
        known: Mapping[str, Chunk] | None = None,
    ) -> list[tuple[Chunk, float]]:
        """The `k` committed chunks most similar to `vector` that pass `filters`, best first.

        The score is the cosine similarity (1 - cosine distance). `known` maps record ids
        (`record_id(chunk)`) to chunks the caller already holds (the keyword index's): only
        their distances are fetched then, and the metadata and text of the others (fetching
        every hit's metadata and text is most of a query's time in Chroma at 10k chunks).
        """
        _check_k(k)
        filters = filters or Filters()
        collection = self._chunks
        wanted = k + 8
        while True:
            hits, returned = self._nearest(collection, vector, wanted, filters, known)
            if len(hits) >= k or returned < wanted:
                return hits[:k]
            wanted *= 4

    def _nearest(self, collection, vector, n: int, filters: Filters, known=None):
        """Visible hits among the `n` nearest records, and how many records came back."""
        include = ["distances"] if known is not None else ["metadatas", "documents", "distances"]
        result = collection.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32)],
            n_results=n,
            where=_where(filters),
            include=include,
        )
        ids, distances = result["ids"][0], result["distances"][0]
        if known is None:
            rows = zip(result["documents"][0], result["metadatas"][0], strict=True)
            found = dict(zip(ids, (_chunk(text, metadata) for text, metadata in rows), strict=True))
        else:
            found = {i: known[i] for i in ids if i in known}
            found.update(self._fetch(collection, [i for i in ids if i not in found]))
        # a record deleted between the query and the fetch is left out
        pairs = [(found[i], d) for i, d in zip(ids, distances, strict=True) if i in found]
        committed = self._visible_versions({chunk.source for chunk, _ in pairs})
        hits = [
            (chunk, 1.0 - float(distance))
            for chunk, distance in pairs
            if _visible(chunk, committed) and filters.matches(chunk)
        ]
        return hits, len(ids)

    def _fetch(self, collection, ids: list[str]) -> dict[str, Chunk]:
        """Chunks of the record ids (those still stored), by id."""
        if not ids:
            return {}
        result = collection.get(ids=ids, include=["metadatas", "documents"])
        rows = zip(result["ids"], result["documents"], result["metadatas"], strict=True)
        return {i: _chunk(text, metadata) for i, text, metadata in rows}

    @_guarded
    def get(self, filters: Filters | None = None) -> list[Chunk]:
        """Every committed chunk that passes `filters`, ordered by source then start offset."""
        filters = filters or Filters()
        chunks: list[Chunk] = []
        # page by page: Chroma's raw rows of a whole corpus never sit beside its chunks
        include, size = ["metadatas", "documents"], self._max_batch
        for page in _pages(self._chunks, _where(filters), include, size):
            rows = zip(page["documents"], page["metadatas"], strict=True)
            chunks.extend(_chunk(text, metadata) for text, metadata in rows)
        committed = self._visible_versions({chunk.source for chunk in chunks})
        chunks = [c for c in chunks if _visible(c, committed) and filters.matches(c)]
        return sorted(chunks, key=lambda chunk: (chunk.source, chunk.start, chunk.chunk_id))

    def all_chunks(self) -> list[Chunk]:
        """Every committed chunk, ordered by source then start offset."""
        return self.get()

    def _get_all(self, where: dict | None, include: list[str]) -> dict[str, list]:
        """`collection.get` paged by the client's batch size (a single get can be refused)."""
        collection = self._chunks
        merged: dict[str, list] = {"ids": [], "metadatas": [], "documents": []}
        for page in _pages(collection, where, include, self._max_batch):
            for key in merged:
                merged[key].extend(page.get(key) or [])
        return merged

    @_guarded
    def count(self) -> int:
        """Number of committed chunks."""
        return sum(record.chunk_count for record in self.documents())

    @_guarded
    def fingerprint(self) -> str:
        """Changes whenever the set of committed chunks (or how they were built) changes; as
        fresh as the read snapshot (READ_SNAPSHOT_SECONDS; exact after this store's writes)."""
        metadatas = self._manifest_snapshot().records.values()
        documents = sorted((m["source"], m["doc_hash"], m["chunk_count"]) for m in metadatas)
        state = {"build": self.build_info(), "documents": documents}
        return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()[:16]

    @_guarded
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


_BUILD_KEYS = ("embedder", "embedder_version", "dim", "chunker_version", "store_version")


def _build_info(info: EmbedderInfo, chunker_version: str) -> dict:
    return {
        "embedder": info.name,
        "embedder_version": str(info.version),
        "dim": int(info.dim),
        "chunker_version": str(chunker_version),
        "store_version": STORE_VERSION,
    }


def _mismatch_message(location: str, recorded: dict, wanted: dict) -> str:
    def describe(build: dict) -> str:
        return (
            f"{build.get('embedder')} {build.get('embedder_version')} "
            f"({build.get('dim')} dims, chunker {build.get('chunker_version')}, "
            f"store format {build.get('store_version', 1)})"
        )

    fix = "re-index with `qa index --rebuild`"
    if recorded.get("embedder") != wanted["embedder"] or recorded.get("dim") != wanted["dim"]:
        fix += f" or set QA_EMBEDDER={recorded.get('embedder')}"
    return (
        f"the index at {location} was built with {describe(recorded)}, "
        f"but {describe(wanted)} is in use; {fix}"
    )


def _local_client(path: Path):
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    hold_open(path)  # before chromadb caches anything of it in this process
    return chromadb.PersistentClient(
        path=str(path), settings=ChromaSettings(anonymized_telemetry=False)
    )


def _http_client(url: str, unavailable: Callable[[Exception], StoreUnavailable], timeout: float):
    """A chromadb HttpClient whose every call times out after `timeout` seconds."""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadRequest(f"bad Chroma URL {url!r}: expected e.g. http://127.0.0.1:8000")
    port = parts.port or (443 if parts.scheme == "https" else 8000)
    bounded = httpx.Timeout(timeout, connect=min(timeout, SERVER_CONNECT_SECONDS))
    try:
        # chromadb's client calls the server once while it is built, with no timeout
        heartbeat = f"{parts.scheme}://{parts.hostname}:{port}/api/v2/heartbeat"
        httpx.get(heartbeat, timeout=bounded, verify=parts.scheme == "https").raise_for_status()
        client = chromadb.HttpClient(
            host=parts.hostname,
            port=port,
            ssl=parts.scheme == "https",
            settings=ChromaSettings(anonymized_telemetry=False),
        )
    except (ValueError, httpx.HTTPError, ConnectionError) as e:
        raise unavailable(e) from e
    _bound_session(client, bounded)
    return client


def _bound_session(client, timeout: httpx.Timeout) -> None:
    """Set the timeout of the httpx session chromadb's FastAPI client made with none."""
    session = getattr(getattr(client, "_server", None), "_session", None)
    if not isinstance(session, httpx.Client):
        raise RuntimeError(
            f"chromadb {chromadb.__version__}: no httpx session found to bound its timeouts; "
            "update index/store.py for this chromadb version"
        )
    session.timeout = timeout


def _check_collection_name(name: str) -> None:
    if not _NAME.fullmatch(name):
        raise BadRequest(
            f"bad collection name {name!r}: use 3-500 characters from [a-zA-Z0-9._-], "
            "starting and ending with a letter or digit"
        )


def _check_k(k: int) -> None:
    if not isinstance(k, numbers.Integral) or isinstance(k, bool) or k < 1:
        raise BadRequest(f"k must be a positive integer, got {k!r}")


def _check_document(record: DocumentRecord, chunks: Sequence[Chunk], embeddings) -> None:
    if len(chunks) != len(embeddings):
        raise ValueError(f"{record.source}: {len(chunks)} chunks but {len(embeddings)} embeddings")
    if len(chunks) != record.chunk_count:
        raise ValueError(
            f"{record.source}: record says {record.chunk_count} chunks, got {len(chunks)}"
        )
    ids = [chunk.chunk_id for chunk in chunks]
    if len(set(ids)) != len(ids):
        raise ValueError(
            f"{record.source}: two chunks share an id; the chunker must make them unique"
        )
    strangers = {chunk.source for chunk in chunks} - {record.source}
    if strangers:
        raise ValueError(f"{record.source}: chunks of other documents {sorted(strangers)}")


def record_id(chunk: Chunk) -> str:
    """The id of a chunk's record in the store (the chunk id at its document's version)."""
    return _record_id(chunk.chunk_id, chunk.doc_hash)


def _record_id(chunk_id: str, doc_hash: str) -> str:
    return f"{chunk_id}@{doc_hash}"


def _chunk_metadata(chunk: Chunk, doc_hash: str) -> dict:
    # `has_items` lets chroma keep item-less chunks under an items filter (no "missing" operator).
    return {
        **chunk.to_metadata(),
        "chunk_id": chunk.chunk_id,
        "doc_hash": doc_hash,
        "has_items": bool(chunk.items),
    }


def _chunk(text: str, metadata: dict) -> Chunk:
    return Chunk.from_metadata(metadata["chunk_id"], text, metadata)


def _visible(chunk: Chunk, committed: dict[str, str]) -> bool:
    return committed.get(chunk.source) == chunk.doc_hash


def _where(filters: Filters) -> dict | None:
    """A Chroma where clause for `filters` (items: any overlap, or a chunk without items)."""
    clauses: list[dict] = [
        {name: getattr(filters, name)}
        for name in EQUALITY_FILTERS
        if getattr(filters, name) is not None
    ]
    if filters.items:
        overlap = [{"items": {"$contains": item}} for item in filters.items]
        clauses.append({"$or": [*overlap, {"has_items": False}]})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _pages(collection, where: dict | None, include: list[str], size: int) -> Iterator[dict]:
    offset = 0
    while True:
        page = collection.get(where=where, include=include, limit=size, offset=offset)
        yield page
        if len(page["ids"]) < size:
            return
        offset += size


def encode_vectors(matrix: np.ndarray) -> str:
    """A (sentences, dim) matrix as base64 of float16 (cosine error ~1e-4; half the bytes)."""
    return base64.b64encode(np.ascontiguousarray(matrix, dtype="<f2").tobytes()).decode("ascii")


def decode_vectors(text: str, rows: int) -> np.ndarray:
    """The matrix `encode_vectors` wrote, as float32."""
    flat = np.frombuffer(base64.b64decode(text), dtype="<f2").astype(np.float32)
    return flat.reshape(rows, -1) if rows else flat.reshape(0, 0)


def _sentence_matrix(metadata: dict) -> np.ndarray | None:
    try:
        return decode_vectors(metadata["vectors"], int(metadata["sentences"]))
    except (KeyError, ValueError, TypeError):
        return None


def _text_of(wanted: dict[str, Chunk], metadata: dict) -> str:
    return wanted[_record_id(metadata["chunk_id"], metadata["doc_hash"])].text


def _position(record_id: str) -> float:
    """A stable pseudo-random scalar per record: the unused vector index stays well spread."""
    return int(hashlib.sha256(record_id.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF
