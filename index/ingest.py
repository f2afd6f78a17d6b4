"""Ingestion: files to chunks to embeddings into the store, one document at a time, then BM25.

Each document is read, parsed, chunked and embedded in memory and written by one
`ChromaStore.put_document` call, so a file that fails leaves the index exactly as it was.
Front matter and a sidecar (index/metadata.py) override what the text says and are part of a
document's hash. Unchanged documents (same text and metadata hash) are skipped; unchanged chunks
(same content-addressed id) reuse their stored embeddings.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm import tqdm

from index.chunk import chunk_document, chunker_version
from index.domain.errors import IndexMismatch, NotIndexed, ParseError, SameContent, StoreUnavailable
from index.domain.model import Chunk
from index.domain.sentences import split_sentences
from index.embed import Embedder, EmbedderInfo
from index.metadata import (
    FRONT_MATTER_SUFFIXES,
    Metadata,
    apply_metadata,
    document_hash,
    from_filename,
    is_sidecar,
    merge_metadata,
    read_sidecar,
    split_front_matter,
)
from index.parse import parse_document
from index.read import READERS, read_bytes, read_text
from index.read.markdown_reader import read_plain
from index.store.chunk_store import ChromaStore
from index.store.keyword import refresh as refresh_keyword
from index.store.lock import write_lock
from index.store.records import DocumentRecord

NO_READER = f"no reader for this file type (supported: {', '.join(READERS)})"


@dataclass(frozen=True)
class IngestReport:
    """What one `index_paths` call did, document by document (source names)."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    # (file or source, reason): files without a reader met while walking folders, and
    # documents whose content is already indexed under another name
    skipped: tuple[tuple[str, str], ...] = ()
    failed: tuple[tuple[str, str], ...] = ()  # (source, reason)
    embedded: int = 0  # chunk texts actually sent to the embedder
    sentences: int = 0  # sentence texts (for quoting) actually sent to the embedder
    chunks: int = 0  # committed chunks in the index afterwards

    def to_dict(self) -> dict:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "skipped": [{"source": source, "reason": reason} for source, reason in self.skipped],
            "failed": [{"source": source, "reason": reason} for source, reason in self.failed],
            "embedded": self.embedded,
            "sentences": self.sentences,
            "chunks": self.chunks,
            "sources": {
                "added": list(self.added),
                "updated": list(self.updated),
                "unchanged": list(self.unchanged),
                "skipped": [source for source, _ in self.skipped],
            },
        }


class Indexer:
    """Indexes files into a store and keeps the keyword index beside it in step.

    `prefix=False` indexes chunks without their contextual prefixes (recorded in the index as
    another chunker version, so the two never mix).
    """

    def __init__(
        self,
        store: ChromaStore,
        embedder: Embedder,
        keyword_dir: Path,
        *,
        window: int | None = None,
        progress: bool = True,
        max_bytes: int | None = None,
        prefix: bool = True,
    ):
        self.store = store
        self.embedder = embedder
        self.keyword_dir = Path(keyword_dir)
        self.window = window or embedder.window
        self.progress = progress
        self.max_bytes = max_bytes
        self.prefix = prefix

    @property
    def embedder_info(self) -> EmbedderInfo:
        return EmbedderInfo.of(self.embedder)

    def index_paths(self, paths: Sequence[Path], *, rebuild: bool = False) -> IngestReport:
        """Index files and folders (walked recursively); one bad file never stops the others.

        Raises IndexMismatch (before writing anything) when the index was built with another
        embedder or chunker, StoreUnavailable when the store cannot be reached, and IndexBusy
        when another process is indexing into the same data directory (StoreInUse when another
        process has its embedded store open: a running server).
        """
        with write_lock(self.keyword_dir.parent), self.store.writing():
            return self._index_paths(paths, rebuild=rebuild)

    def _index_paths(self, paths: Sequence[Path], *, rebuild: bool) -> IngestReport:
        files, no_reader = collect_files(paths)
        skipped = [(name, NO_READER) for name in no_reader]
        if rebuild:
            self.store.reset()
        self.store.check_compatible(self.embedder_info, chunker_version(prefix=self.prefix))
        self.store.collect_orphans()  # a killed run's leftovers (we hold the write lock)
        outcomes: dict[str, list[str]] = {"added": [], "updated": [], "unchanged": []}
        failed: list[tuple[str, str]] = []
        embedded = sentences = 0
        for path, duplicate_of in _with_duplicates(files):
            try:
                _check_unique_name(path, duplicate_of)
                outcome, count, sentence_count = self._index_file(path)
            except (StoreUnavailable, IndexMismatch):
                raise
            except SameContent as e:
                skipped.append((path.name, str(e)))
                continue
            except Exception as e:  # one bad file must not stop the batch
                failed.append((path.name, _reason(e)))
                continue
            outcomes[outcome].append(path.name)
            embedded += count
            sentences += sentence_count
        refresh_keyword(self.keyword_dir, self.store)
        return IngestReport(
            **{outcome: tuple(sources) for outcome, sources in outcomes.items()},
            skipped=tuple(skipped),
            failed=tuple(failed),
            embedded=embedded,
            sentences=sentences,
            chunks=self.store.count(),
        )

    def _index_file(self, path: Path) -> tuple[str, int, int]:
        """Index one file; returns ("added" | "updated" | "unchanged", chunks and sentences
        embedded)."""
        source = path.name
        text, metadata = read_document(path, max_bytes=self.max_bytes)
        doc_hash = document_hash(text, metadata)
        previous = self.store.document(source)
        if previous is not None and previous.doc_hash == doc_hash:
            return "unchanged", 0, 0
        _check_new_content(self.store, source, doc_hash)
        document = parse_document(text, source)
        document = apply_metadata(document, metadata, fallback=from_filename(path))
        chunks = self._chunk(document, doc_hash)
        vectors, embedded = self._embed(source, chunks)
        sentences, sentence_count = self._embed_sentences(source, chunks, vectors)
        record = DocumentRecord.from_document(document, doc_hash, len(chunks))
        self.store.put_document(record, chunks, vectors, sentences)
        return ("added" if previous is None else "updated"), embedded, sentence_count

    def _chunk(self, document, doc_hash: str) -> list[Chunk]:
        chunks = chunk_document(
            document,
            count_tokens=self.embedder.count_tokens,
            window=self.window,
            prefix=self.prefix,
        )
        if not chunks:
            raise ParseError(document.source, "nothing to index: the document gave no chunks")
        return [
            chunk if chunk.doc_hash == doc_hash else dataclasses.replace(chunk, doc_hash=doc_hash)
            for chunk in chunks
        ]

    def _embed(self, source: str, chunks: list[Chunk]) -> tuple[np.ndarray, int]:
        """Vectors for `chunks` in order: stored ones reused, the rest embedded now."""
        stored = self.store.embeddings([chunk.chunk_id for chunk in chunks])
        missing = [chunk for chunk in chunks if chunk.chunk_id not in stored]
        new = self._embed_texts(source, [chunk.indexed_text for chunk in missing])
        fresh = dict(zip([c.chunk_id for c in missing], new, strict=True))
        vectors = np.stack([stored.get(c.chunk_id, fresh.get(c.chunk_id)) for c in chunks])
        _check_vectors(source, vectors, self.embedder.dim)
        return vectors, len(missing)

    def _embed_sentences(
        self, source: str, chunks: list[Chunk], vectors: np.ndarray
    ) -> tuple[list[np.ndarray], int]:
        """One (sentences, dim) matrix per chunk, for quoting (stored ones reused); and how many
        sentences were embedded now.

        A chunk of one sentence takes its own vector (`vectors`, in `chunks` order) as that
        sentence's: embedding the sentence again would cost as much as the chunk for a vector
        that differs only by the prefix. A sentence repeated within the document (an
        assessment quoting its recommendation) is embedded once.
        """
        stored = self.store.sentence_embeddings([chunk.chunk_id for chunk in chunks])
        spans = {c.chunk_id: split_sentences(c.text) for c in chunks}
        own = {c.chunk_id: v[None, :] for c, v in zip(chunks, vectors, strict=True)}
        missing = [c for c in chunks if len(stored.get(c.chunk_id, ())) != len(spans[c.chunk_id])]
        texts = list(
            dict.fromkeys(
                c.text[s:e]
                for c in missing
                if len(spans[c.chunk_id]) > 1
                for s, e in spans[c.chunk_id]
            )
        )
        embedded = dict(zip(texts, self._embed_texts(source, texts, unit="sentence"), strict=True))
        fresh = {
            c.chunk_id: own[c.chunk_id]
            if len(spans[c.chunk_id]) == 1
            else np.stack([embedded[c.text[s:e]] for s, e in spans[c.chunk_id]])
            for c in missing
            if spans[c.chunk_id]
        }
        empty = np.empty((0, self.embedder.dim), dtype=np.float32)
        matrices = [
            np.asarray(fresh[c.chunk_id], dtype=np.float32).reshape(-1, self.embedder.dim)
            if c.chunk_id in fresh
            else stored.get(c.chunk_id, empty)
            for c in chunks
        ]
        return matrices, len(texts)

    def _embed_texts(self, source: str, texts: list[str], *, unit: str = "chunk") -> np.ndarray:
        if not texts:
            return np.empty((0, self.embedder.dim), dtype=np.float32)
        with tqdm(
            total=len(texts),
            desc=f"Embedding {source} ({unit}s)",
            unit=unit,
            disable=not self.progress,
            file=sys.stderr,
            leave=False,
        ) as bar:
            return np.asarray(self.embedder.embed_passages(texts, progress=bar.update))

    def remove(self, source: str) -> int:
        """Remove one document by source name; returns how many chunks it had."""
        with write_lock(self.keyword_dir.parent), self.store.writing():
            return self._remove(source)

    def _remove(self, source: str) -> int:
        self.store.collect_orphans()
        if self.store.document(source) is None:
            known = ", ".join(record.source for record in self.store.documents()) or "none"
            raise NotIndexed(f"{source} is not indexed; indexed documents: {known}")
        removed = self.store.remove_document(source)
        refresh_keyword(self.keyword_dir, self.store)
        return removed


def read_document(path: Path, *, max_bytes: int | None = None) -> tuple[str, Metadata | None]:
    """A file's plain text without its front matter, and the metadata overriding the text's
    (front matter, then the sidecar over it); ParseError naming the file for a bad one."""
    suffix = path.suffix.lower()
    if suffix not in FRONT_MATTER_SUFFIXES:
        return read_text(path, max_bytes=max_bytes), merge_metadata(None, read_sidecar(path))
    # the file is read and decoded once; the Markdown reader drops the '---' lines, so the
    # block is found in the decoded text before the reader runs on the rest
    raw = read_plain(read_bytes(path, max_bytes=max_bytes), str(path))
    front, body = split_front_matter(raw, path.name)
    text = READERS[suffix](body.encode("utf-8"), str(path))
    return text, merge_metadata(front, read_sidecar(path))


def collect_files(paths: Sequence[Path]) -> tuple[list[Path], list[str]]:
    """Files to index (folders walked recursively, sorted) and the files skipped for no reader.

    A file named directly is always kept: if it has no reader, its failure is reported.
    Metadata sidecars (*.meta.json, *.meta.yaml) in folders belong to their document: neither
    indexed nor reported as skipped.
    """
    files: list[Path] = []
    skipped: list[str] = []
    for path in map(Path, paths):
        if not path.is_dir():
            files.append(path)
            continue
        for found in sorted(path.rglob("*")):
            relative = found.relative_to(path)
            if not found.is_file() or any(part.startswith(".") for part in relative.parts):
                continue
            if is_sidecar(found):
                continue
            (files if found.suffix.lower() in READERS else skipped).append(found)
    return files, [str(path) for path in skipped]


def _with_duplicates(files: list[Path]) -> Iterable[tuple[Path, Path | None]]:
    """Each distinct file once, with the earlier file of the same name when there is one."""
    first: dict[str, Path] = {}
    seen: set[Path] = set()
    for path in files:
        resolved = path.resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        yield path, first.get(path.name)
        first.setdefault(path.name, path)


def _check_new_content(store: ChromaStore, source: str, doc_hash: str) -> None:
    """SameContent when another source is committed with this content (a copy under another
    name would double every hit); a changed document keeps its indexed version meanwhile."""
    twins = sorted(set(store.sources_with_hash(doc_hash)) - {source})
    if twins:
        raise SameContent(f"same content as {twins[0]}")


def _check_unique_name(path: Path, duplicate_of: Path | None) -> None:
    if duplicate_of is not None:
        raise ParseError(
            path.name,
            f"two files named {path.name}: {duplicate_of} and {path}; "
            "the name identifies a document, rename one",
        )


def _reason(e: Exception) -> str:
    if isinstance(e, ParseError):
        return e.reason
    return f"{type(e).__name__}: {e}"


def _check_vectors(source: str, vectors: np.ndarray, dim: int) -> None:
    if vectors.ndim != 2 or vectors.shape[1] != dim:
        raise ValueError(
            f"{source}: the embedder gave vectors of shape {vectors.shape}, not (n, {dim})"
        )
    if not np.all(np.isfinite(vectors)):
        raise ValueError(f"{source}: the embedder gave non-finite values")
