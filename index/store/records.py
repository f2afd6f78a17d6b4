"""What the store writes and reads, as plain data: document records (the manifest), record ids,
chunk metadata, where clauses for filters, sentence vectors as text, and the build record."""

from __future__ import annotations

import base64
import json
import numbers
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import numpy as np

from index.domain.errors import BadRequest
from index.domain.model import EQUALITY_FILTERS, Chunk, Document, Filters

if TYPE_CHECKING:
    from index.embed import EmbedderInfo


# 2: one sentence-set record per chunk (float16 vectors in its metadata); 3: each chunk's
# document date ("date", and "day" as YYYYMMDD for range filters). An older store is refused
# (IndexMismatch: re-index) rather than read: its chunks would all fail a date range.
STORE_VERSION = "3"


# Document.to_dict() keys left out of the manifest: they grow with the document.
BULKY_KEYS = ("footnotes", "recommendations", "replies", "assessments")


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


BUILD_KEYS = ("embedder", "embedder_version", "dim", "chunker_version", "store_version")


def build_record(info: EmbedderInfo, chunker_version: str) -> dict:
    return {
        "embedder": info.name,
        "embedder_version": str(info.version),
        "dim": int(info.dim),
        "chunker_version": str(chunker_version),
        "store_version": STORE_VERSION,
    }


def mismatch_message(location: str, recorded: dict, wanted: dict) -> str:
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


def check_k(k: int) -> None:
    if not isinstance(k, numbers.Integral) or isinstance(k, bool) or k < 1:
        raise BadRequest(f"k must be a positive integer, got {k!r}")


def check_document(record: DocumentRecord, chunks: Sequence[Chunk], embeddings) -> None:
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
    return versioned_id(chunk.chunk_id, chunk.doc_hash)


def versioned_id(chunk_id: str, doc_hash: str) -> str:
    return f"{chunk_id}@{doc_hash}"


def chunk_metadata(chunk: Chunk, doc_hash: str, written: int = 0) -> dict:
    # `has_items` lets chroma keep item-less chunks under an items filter (no "missing" operator);
    # `written` (epoch seconds) tells a killed write's leftovers from another process's write in
    # progress on a shared Chroma server (ChromaStore.collect_orphans).
    # `day` (YYYYMMDD) because Chroma compares numbers only ($gte/$lte), never ISO strings.
    metadata = {
        **chunk.to_metadata(),
        "chunk_id": chunk.chunk_id,
        "doc_hash": doc_hash,
        "has_items": bool(chunk.items),
        "written": written,
    }
    if chunk.date:
        metadata["day"] = day_number(chunk.date)
    return metadata


def day_number(date: str) -> int:
    """An ISO date as the integer YYYYMMDD ("2023-06-09" -> 20230609)."""
    return int(date.replace("-", ""))


def chunk_of(text: str, metadata: dict) -> Chunk:
    return Chunk.from_metadata(metadata["chunk_id"], text, metadata)


def is_visible(chunk: Chunk, committed: dict[str, str]) -> bool:
    return committed.get(chunk.source) == chunk.doc_hash


def where_clause(filters: Filters) -> dict | None:
    """A Chroma where clause for `filters` (items: any overlap, or a chunk without items)."""
    clauses: list[dict] = [
        {name: getattr(filters, name)}
        for name in EQUALITY_FILTERS
        if getattr(filters, name) is not None
    ]
    if filters.items:
        overlap = [{"items": {"$contains": item}} for item in filters.items]
        clauses.append({"$or": [*overlap, {"has_items": False}]})
    # a chunk without a date has no `day`: any comparison leaves it out, as Filters.matches does
    if filters.date_from is not None:
        clauses.append({"day": {"$gte": day_number(filters.date_from)}})
    if filters.date_to is not None:
        clauses.append({"day": {"$lte": day_number(filters.date_to)}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def encode_vectors(matrix: np.ndarray) -> str:
    """A (sentences, dim) matrix as base64 of float16 (cosine error ~1e-4; half the bytes)."""
    return base64.b64encode(np.ascontiguousarray(matrix, dtype="<f2").tobytes()).decode("ascii")


def decode_vectors(text: str, rows: int) -> np.ndarray:
    """The matrix `encode_vectors` wrote, as float32."""
    flat = np.frombuffer(base64.b64decode(text), dtype="<f2").astype(np.float32)
    return flat.reshape(rows, -1) if rows else flat.reshape(0, 0)


def sentence_matrix(metadata: dict) -> np.ndarray | None:
    try:
        return decode_vectors(metadata["vectors"], int(metadata["sentences"]))
    except (KeyError, ValueError, TypeError):
        return None
