"""The read side of the store: nearest chunks, chunks by filter, stored vectors, the fingerprint.

Only committed versions are shown (see index.store.chunk_store): every read filters by the
manifest snapshot's doc_hash per source.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence

import numpy as np

from index.domain.model import Chunk, Filters
from index.domain.sentences import split_sentences
from index.store.chroma import guarded
from index.store.records import (
    check_k,
    chunk_of,
    is_visible,
    record_id,
    sentence_matrix,
    versioned_id,
    where_clause,
)

DOCUMENTS_PER_PAGE = 32  # documents whose chunks committed_chunks fetches at a time


class StoreReads:
    """Reads of ChromaStore (mixed in): it provides the collections, `_max_batch`,
    `_visible_versions`, `_manifest_snapshot` and `build_info`."""

    @guarded
    def chunk_ids(self, source: str) -> set[str]:
        """Ids of the committed chunks of `source` (empty when it is not indexed)."""
        record = self.document(source)
        if record is None:
            return set()
        where = {"$and": [{"source": source}, {"doc_hash": record.doc_hash}]}
        return {m["chunk_id"] for m in self._get_all(where, ["metadatas"])["metadatas"]}

    @guarded
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

    @guarded
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
                matrix = sentence_matrix(metadata)
                text = _text_of(wanted, metadata)
                if matrix is not None and len(matrix) == len(split_sentences(text)):
                    matrices[metadata["chunk_id"]] = matrix
        return matrices

    @guarded
    def sentence_embeddings(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]:
        """Stored sentence vectors of the chunks among `chunk_ids`: (sentences, dim) each."""
        found: dict[str, np.ndarray] = {}
        unique = sorted(set(chunk_ids))
        for start in range(0, len(unique), self._max_batch):
            where = {"chunk_id": {"$in": unique[start : start + self._max_batch]}}
            result = self._sentences.get(where=where, include=["metadatas"])
            for metadata in result["metadatas"]:
                matrix = sentence_matrix(metadata)
                if matrix is not None:
                    found[metadata["chunk_id"]] = matrix
        return found

    @guarded
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
        check_k(k)
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
            where=where_clause(filters),
            include=include,
        )
        ids, distances = result["ids"][0], result["distances"][0]
        if known is None:
            rows = zip(result["documents"][0], result["metadatas"][0], strict=True)
            found = dict(
                zip(ids, (chunk_of(text, metadata) for text, metadata in rows), strict=True)
            )
        else:
            found = {i: known[i] for i in ids if i in known}
            found.update(self._fetch(collection, [i for i in ids if i not in found]))
        # a record deleted between the query and the fetch is left out
        pairs = [(found[i], d) for i, d in zip(ids, distances, strict=True) if i in found]
        committed = self._visible_versions({chunk.source for chunk, _ in pairs})
        hits = [
            (chunk, 1.0 - float(distance))
            for chunk, distance in pairs
            if is_visible(chunk, committed) and filters.matches(chunk)
        ]
        return hits, len(ids)

    def _fetch(self, collection, ids: list[str]) -> dict[str, Chunk]:
        """Chunks of the record ids (those still stored), by id."""
        if not ids:
            return {}
        result = collection.get(ids=ids, include=["metadatas", "documents"])
        rows = zip(result["ids"], result["documents"], result["metadatas"], strict=True)
        return {i: chunk_of(text, metadata) for i, text, metadata in rows}

    @guarded
    def get(self, filters: Filters | None = None) -> list[Chunk]:
        """Every committed chunk that passes `filters`, ordered by source then start offset."""
        filters = filters or Filters()
        chunks: list[Chunk] = []
        # page by page: Chroma's raw rows of a whole corpus never sit beside its chunks
        include, size = ["metadatas", "documents"], self._max_batch
        for page in pages(self._chunks, where_clause(filters), include, size):
            rows = zip(page["documents"], page["metadatas"], strict=True)
            chunks.extend(chunk_of(text, metadata) for text, metadata in rows)
        committed = self._visible_versions({chunk.source for chunk in chunks})
        chunks = [c for c in chunks if is_visible(c, committed) and filters.matches(c)]
        return sorted(chunks, key=lambda chunk: (chunk.source, chunk.start, chunk.chunk_id))

    def committed_chunks(self) -> Iterator[Chunk]:
        """Every committed chunk, in `all_chunks` order, a few documents at a time (a whole
        corpus is never in memory at once)."""
        committed = self._committed_versions()
        sources, size = sorted(committed), DOCUMENTS_PER_PAGE
        for start in range(0, len(sources), size):
            yield from self._committed_page(sources[start : start + size], committed)

    @guarded
    def _committed_versions(self) -> dict[str, str]:
        return {s: m["doc_hash"] for s, m in self._manifest_snapshot().records.items()}

    @guarded
    def _committed_page(self, sources: list[str], committed: dict[str, str]) -> list[Chunk]:
        """The committed chunks of `sources`, in `all_chunks` order."""
        chunks: list[Chunk] = []
        include = ["metadatas", "documents"]
        for rows in pages(self._chunks, {"source": {"$in": sources}}, include, self._max_batch):
            pairs = zip(rows["documents"], rows["metadatas"], strict=True)
            chunks.extend(chunk_of(text, metadata) for text, metadata in pairs)
        chunks = [chunk for chunk in chunks if is_visible(chunk, committed)]
        return sorted(chunks, key=lambda chunk: (chunk.source, chunk.start, chunk.chunk_id))

    def all_chunks(self) -> list[Chunk]:
        """Every committed chunk, ordered by source then start offset."""
        return self.get()

    def _get_all(self, where: dict | None, include: list[str]) -> dict[str, list]:
        """`collection.get` paged by the client's batch size (a single get can be refused)."""
        collection = self._chunks
        merged: dict[str, list] = {"ids": [], "metadatas": [], "documents": []}
        for page in pages(collection, where, include, self._max_batch):
            for key in merged:
                merged[key].extend(page.get(key) or [])
        return merged

    @guarded
    def count(self) -> int:
        """Number of committed chunks."""
        return sum(record.chunk_count for record in self.documents())

    @guarded
    def fingerprint(self) -> str:
        """Changes whenever the set of committed chunks (or how they were built) changes; as
        fresh as the read snapshot (READ_SNAPSHOT_SECONDS; exact after this store's writes)."""
        metadatas = self._manifest_snapshot().records.values()
        documents = sorted((m["source"], m["doc_hash"], m["chunk_count"]) for m in metadatas)
        state = {"build": self.build_info(), "documents": documents}
        return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()[:16]


def pages(collection, where: dict | None, include: list[str], size: int) -> Iterator[dict]:
    offset = 0
    while True:
        page = collection.get(where=where, include=include, limit=size, offset=offset)
        yield page
        if len(page["ids"]) < size:
            return
        offset += size


def _text_of(wanted: dict[str, Chunk], metadata: dict) -> str:
    return wanted[versioned_id(metadata["chunk_id"], metadata["doc_hash"])].text
