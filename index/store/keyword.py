"""BM25 keyword search over chunks, language-aware (the only module importing bm25s and jieba)."""

from __future__ import annotations

import json
import logging
import numbers
import os
import re
import shutil
import sys
import tempfile
import time
import unicodedata
from array import array
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import bm25s
import numpy as np

from index.domain.errors import BadRequest
from index.domain.model import Chunk, Filters
from index.store.keyword_rows import (  # noqa: F401 - CHUNKS_FILE: where the rows are
    CHUNKS_FILE,
    ChunkRows,
    RowWriter,
    fields_of,
    has_rows,
    write_rows,
)

if TYPE_CHECKING:
    from index.store.chunk_store import ChromaStore

TOKENIZER_VERSION = "2"
MAX_DF = 0.5  # query tokens in a larger share of the chunks are ignored...
MIN_CHUNKS_FOR_MAX_DF = 10  # ...once there are enough chunks for shares to mean something
META_FILE = "meta.json"
BM25_DIR = "bm25"
ABANDONED_AFTER_SECONDS = 3600  # a staging folder this old belongs to a killed save
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_TOKEN = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>(?:(?![{_CJK}])[^\W_])+)")
# Very common function words only: item letters (a, b...) and numbers must stay searchable.
STOPWORDS = frozenset(
    "the of and to in on for is are was were be been by with that this these those it its as at "
    "from or an de la le les des et du en el los las y "
    "que qui dans pour sur au aux une un del por con al "
    "на по для что от как "
    "في من علي الي ان عن او التي الذي "
    "的 了 和 与 及 在 是 对 其 并 或 等 于 之 为 以 也 将 就 都 而".split()
)
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_ARABIC = re.compile("[\u0600-\u06ff]")
log = logging.getLogger(__name__)


@cache
def _jieba():
    """jieba, imported and initialised once, quietly (its dictionary load takes a second)."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba


def tokenize(text: str) -> list[str]:
    """Search tokens of `text`: jieba words for Chinese runs, folded words and numbers otherwise.

    Latin words lose case and accents ("Détention" -> "detention"); Cyrillic words lose case
    and ё becomes е (й stays); Arabic words lose diacritics and tatweel, alef forms become ا,
    ta marbuta ه and alef maqsura ي; Arabic-Indic digits become 0-9.
    """
    text = _ARABIC_MARKS.sub("", unicodedata.normalize("NFKC", text)).translate(_DIGITS)
    tokens: list[str] = []
    for match in _TOKEN.finditer(text):
        if match.lastgroup == "cjk":
            tokens.extend(_jieba().lcut_for_search(match.group()))
        else:
            tokens.append(_fold(match.group()))
    return [token for token in tokens if token and token not in STOPWORDS]


def _fold(word: str) -> str:
    """A word folded for matching: "Évaluation" -> "evaluation", "Ещё" -> "еще"."""
    if _CYRILLIC.search(word):
        return word.casefold().replace("ё", "е")
    if _ARABIC.search(word):
        return word.translate(_ARABIC_LETTERS)
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class KeywordIndex:
    """BM25 over chunks' indexed text (prefix and text); `fingerprint` names the store state.

    `chunks` are read from disk on use when the index was loaded (keyword_rows.ChunkRows);
    `fields` (ids, filter fields) are in memory."""

    def __init__(self, chunks: Sequence[Chunk], retriever: bm25s.BM25 | None, fingerprint: str):
        if isinstance(chunks, ChunkRows):
            self.chunks: Sequence[Chunk] = chunks
            self.fields = chunks.fields
        else:
            self.chunks = list(chunks)
            self.fields = [fields_of(chunk, row) for row, chunk in enumerate(self.chunks)]
        self.fingerprint = fingerprint
        self._retriever = retriever

    def __len__(self) -> int:
        return len(self.chunks)

    @classmethod
    def build(cls, chunks: Sequence[Chunk], *, fingerprint: str = "") -> KeywordIndex:
        """Index `chunks`; an empty corpus gives an index whose searches return []."""
        # interned: the corpus repeats a vocabulary of ~10^5 tokens millions of times (at 100k
        # chunks the token lists took 722 MB as separate strings, 289 MB interned)
        corpus = [[sys.intern(token) for token in tokenize(chunk.indexed_text)] for chunk in chunks]
        if not any(corpus):
            return cls(chunks, None, fingerprint)
        retriever = bm25s.BM25()
        retriever.index(corpus, show_progress=False)
        return cls(chunks, retriever, fingerprint)

    def search(
        self, query: str, k: int, filters: Filters | None = None
    ) -> list[tuple[Chunk, float]]:
        """The `k` best chunks passing `filters` with their BM25 scores, best first; no zeros."""
        if not isinstance(k, numbers.Integral) or isinstance(k, bool) or k < 1:
            raise BadRequest(f"k must be a positive integer, got {k!r}")
        if self._retriever is None:
            return []
        tokens = self._discriminating(list(dict.fromkeys(tokenize(query))))
        if not tokens:
            return []
        scores = self._retriever.get_scores(tokens)
        candidates = np.flatnonzero(scores > 0)  # filters are checked on matches only
        if filters is not None and not filters.is_empty():
            keep = [filters.matches(self.fields[i]) for i in candidates]
            candidates = candidates[np.array(keep, dtype=bool)]
        order = candidates[np.argsort(-scores[candidates], kind="stable")][:k]
        return [(self.chunks[i], float(scores[i])) for i in order]

    def _discriminating(self, tokens: list[str]) -> list[str]:
        """Known query tokens found in at most MAX_DF of the chunks.

        A token in most chunks (the State's name in every prefix, "委员会") only ranks chunks by
        length, which would add noise to the fusion; with nothing else matching, better nothing.
        """
        vocab, indptr = self._retriever.vocab_dict, self._retriever.scores["indptr"]
        if len(self.chunks) < MIN_CHUNKS_FOR_MAX_DF:
            return [token for token in tokens if token in vocab]
        limit = MAX_DF * len(self.chunks)
        kept = []
        for token in tokens:
            index = vocab.get(token)
            if index is not None and indptr[index + 1] - indptr[index] <= limit:
                kept.append(token)
        return kept

    def save(self, directory: Path) -> None:
        """Write the index to `directory`, replacing what was there (swapped in whole)."""
        directory = Path(directory)
        directory.parent.mkdir(parents=True, exist_ok=True)
        _clear_abandoned(directory)
        staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))
        try:
            self._write(staging)
            _swap_in(staging, directory)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def _write(self, directory: Path) -> None:
        if self._retriever is not None:
            self._retriever.save(directory / BM25_DIR, show_progress=False)
        write_rows(directory, self.chunks)
        meta = {
            "bm25s_version": bm25s.__version__,
            "tokenizer_version": TOKENIZER_VERSION,
            "fingerprint": self.fingerprint,
            "chunks": len(self.chunks),
            "bm25": self._retriever is not None,
        }
        (directory / META_FILE).write_text(json.dumps(meta, indent=2), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> KeywordIndex:
        """Read an index written by `save`; ValueError when it is from another version."""
        directory = Path(directory)
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
        _check_meta(meta, directory)
        chunks = ChunkRows(directory)
        if len(chunks) != meta["chunks"]:
            raise ValueError(f"{directory}: {len(chunks)} chunks, meta says {meta['chunks']}")
        retriever = None
        if meta["bm25"]:
            # memory-mapped: the pages a query's tokens touch are read, not the whole matrix
            retriever = bm25s.BM25.load(directory / BM25_DIR, mmap=True, show_progress=False)
        return cls(chunks, retriever, meta["fingerprint"])

    @classmethod
    def open(cls, directory: Path, store: ChromaStore) -> KeywordIndex:
        """The saved index when it matches the store's fingerprint, else rebuilt and saved."""
        refresh(directory, store)
        try:
            return cls.load(directory)
        except (OSError, ValueError, KeyError, TypeError) as e:
            log.info("rebuilding the keyword index in %s: %s", directory, e)
        refresh(directory, store, force=True)
        return cls.load(directory)


def refresh(directory: Path, store: ChromaStore, *, force: bool = False) -> str:
    """Bring the saved index in `directory` in step with the store; returns its fingerprint.

    A stale or unreadable index is rebuilt from the store document by document (streamed:
    rows written as they come, tokens kept as integer ids), so a build of 100k chunks never
    holds the corpus as Python objects.
    """
    directory = Path(directory)
    # Fingerprint read before the chunks: a write in between makes the saved index look stale
    # (rebuilt once more later), never look fresh while missing chunks.
    fingerprint = store.fingerprint()
    if not force and _saved_matches(directory, fingerprint):
        return fingerprint
    directory.parent.mkdir(parents=True, exist_ok=True)
    _clear_abandoned(directory)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))
    try:
        _stream_build(staging, store.committed_chunks(), fingerprint)
        _swap_in(staging, directory)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return fingerprint


def _saved_matches(directory: Path, fingerprint: str) -> bool:
    """Whether `directory` holds a complete index of this version for `fingerprint`."""
    try:
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
        _check_meta(meta, directory)
    except (OSError, ValueError, KeyError, TypeError) as e:
        log.info("rebuilding the keyword index in %s: %s", directory, e)
        return False
    files = [directory / BM25_DIR / "params.index.json"] if meta.get("bm25") else []
    fresh = meta.get("fingerprint") == fingerprint and has_rows(directory)
    return fresh and all(path.is_file() for path in files)


def _stream_build(directory: Path, chunks, fingerprint: str) -> None:
    """Write the chunks' rows one by one and the BM25 index of their tokens (as ids)."""
    vocab: dict[str, int] = {}
    corpus: list[array] = []
    rows = RowWriter(directory)
    try:
        for chunk in chunks:
            rows.add(chunk)
            tokens = tokenize(chunk.indexed_text)
            corpus.append(array("i", [vocab.setdefault(t, len(vocab)) for t in tokens]))
    finally:
        rows.close()
    count, bm25 = len(corpus), bool(vocab)
    if bm25:
        retriever = bm25s.BM25()
        retriever.index((corpus, vocab), show_progress=False)
        del corpus
        retriever.save(directory / BM25_DIR, show_progress=False)
    meta = {
        "bm25s_version": bm25s.__version__,
        "tokenizer_version": TOKENIZER_VERSION,
        "fingerprint": fingerprint,
        "chunks": count,
        "bm25": bm25,
    }
    (directory / META_FILE).write_text(json.dumps(meta, indent=2), encoding="utf-8")


def _check_meta(meta: dict, directory: Path) -> None:
    if meta.get("tokenizer_version") != TOKENIZER_VERSION:
        raise ValueError(f"{directory}: tokenizer version {meta.get('tokenizer_version')}")
    if meta.get("bm25s_version") != bm25s.__version__:
        raise ValueError(f"{directory}: written by bm25s {meta.get('bm25s_version')}")


def _clear_abandoned(directory: Path) -> None:
    """Remove staging folders a killed save left behind (older than any save takes)."""
    cutoff = time.time() - ABANDONED_AFTER_SECONDS
    for leftover in directory.parent.glob(f".{directory.name}-*"):
        try:
            if leftover.is_dir() and leftover.stat().st_mtime < cutoff:
                shutil.rmtree(leftover, ignore_errors=True)
        except OSError:
            continue  # another process removed it first


def _swap_in(staging: Path, directory: Path) -> None:
    """Put `staging` at `directory`; a directory cannot be os.replace'd over a full one."""
    retired = None
    if directory.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{directory.name}-old-", dir=directory.parent))
        os.replace(directory, retired / directory.name)
    try:
        os.replace(staging, directory)
    except OSError:
        # Another process swapped its index in meanwhile: built from the store too, keep it.
        log.info("keyword index %s was replaced concurrently; keeping that one", directory)
    finally:
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)
