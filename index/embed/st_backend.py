"""Any sentence-transformers model (a local folder or a Hugging Face name) as an embedder."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from index.domain.errors import EmbedderNotFound
from index.embed.base import not_found_message

BATCH = 32
DEVICE_VARIABLE = "QA_DEVICE"


class SentenceTransformerEmbedder:
    """A sentence-transformers model; e5 models get "query: "/"passage: ", others their prompts."""

    def __init__(
        self,
        model_name_or_path: str,
        device: str = "cpu",
        *,
        name: str | None = None,
        allow_download: bool = True,
        batch_size: int = BATCH,
    ):
        import sentence_transformers

        self._model = _load(sentence_transformers, model_name_or_path, device, allow_download)
        self.name = name or model_name_or_path
        self.version = f"{self.name} sentence-transformers-{sentence_transformers.__version__}"
        self.dim = int(self._model.get_embedding_dimension())
        self.window = int(self._model.max_seq_length)
        self.batch_size = batch_size
        self._query_prompt, self._passage_prompt = _prompts(self._model, model_name_or_path)

    def embed_passages(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        """(n, dim) float32 unit vectors, embedded `batch_size` texts at a time."""
        texts = list(texts)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            batch = texts[start : start + self.batch_size]
            out[start : start + len(batch)] = self._encode(batch, self._passage_prompt)
            if progress is not None:
                progress(len(batch))
        return out

    def embed_query(self, text: str) -> np.ndarray:
        """(dim,) float32 unit vector of a search query."""
        return self._encode([text], self._query_prompt)[0]

    def count_tokens(self, text: str) -> int:
        """Tokens the model reads for `text` as a passage, prompt and special tokens included."""
        encoded = self._model.tokenizer(self._passage_prompt + text, verbose=False)
        return len(encoded["input_ids"])

    def _encode(self, texts: list[str], prompt: str) -> np.ndarray:
        vectors = self._model.encode(
            texts,
            prompt=prompt or None,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)


def best_device(environ=os.environ, cuda_available: Callable[[], bool] | None = None) -> str:
    """QA_DEVICE when set, else "cuda" when torch sees a CUDA device, else "cpu"."""
    chosen = (environ.get(DEVICE_VARIABLE) or "").strip()
    if chosen:
        return chosen
    if cuda_available is None:
        import torch

        cuda_available = torch.cuda.is_available
    try:
        return "cuda" if cuda_available() else "cpu"
    except (RuntimeError, OSError):  # a broken driver is no device
        return "cpu"


def _load(sentence_transformers, model: str, device: str, allow_download: bool):
    """Load from disk or the local Hub cache first; only then, if allowed, from the network."""
    attempts = (True, False) if allow_download else (True,)
    for local_files_only in attempts:
        try:
            return sentence_transformers.SentenceTransformer(
                model, device=device, local_files_only=local_files_only
            )
        except (OSError, ValueError) as e:
            error = e
    reason = "not found on disk or in the Hugging Face cache"
    if allow_download:
        reason += " and it could not be downloaded"
    raise EmbedderNotFound(not_found_message(model, reason)) from error


def _prompts(model, model_name_or_path: str) -> tuple[str, str]:
    """(query prompt, passage prompt): e5's prefixes, else the model's own prompts, else none."""
    if "e5" in Path(model_name_or_path).name.lower():
        return "query: ", "passage: "
    prompts = getattr(model, "prompts", None) or {}
    passage = prompts.get("document") or prompts.get("passage") or ""
    return prompts.get("query") or "", passage
