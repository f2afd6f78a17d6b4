"""Settings: one frozen object from CLI flags, then QA_* environment variables, then defaults."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from index.domain.errors import BadRequest

# The web UI's queue: events waiting beyond UI_QUEUE_SIZE are refused ("queue full"), so a
# flood holds bounded memory. Gradio keeps ~100 KB of state per session and every API call
# is a new session: its default 10,000 sessions grew the server by ~1 GB under load
# (docs/BENCHMARKS.md, Load); our events read everything from their inputs, so an evicted
# session loses nothing.
UI_QUEUE_SIZE = 256
UI_SESSION_CAPACITY = 256
# Share of a chunk's dense score taken from its best sentence (qa.fusion.rescore_by_sentences).
SENTENCE_WEIGHT = 0.5

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EMBEDDER = "multilingual-e5-small"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
DEFAULT_K = 5
MAX_K = 100  # results per search or answer; more is refused (BadRequest), not cut
# Longest question or reference accepted, in characters; a longer one is refused with a message
# naming the limit rather than cut, since a cut question silently asks something else. The
# embedder reads at most 512 tokens (~2,000 characters of English) anyway.
MAX_QUESTION_CHARS = 2000
DEFAULT_MAX_FILE_MB = 50.0
# Bounds on every request a stranger can send (issue 11; docs/SECURITY.md). A JSON or Gradio
# request body (uploads aside, which QA_MAX_FILE_MB bounds) is refused (413) past this size:
# room for a full chat history of CJK text escaped as \uXXXX.
MAX_BODY_BYTES = 4 * 1024 * 1024
# A chat history is refused (400) past this many messages (both roles) or characters in all.
MAX_HISTORY_TURNS = 100
MAX_HISTORY_CHARS = 500_000
# Seconds a request may run before it is answered 503; its engine call then finishes in the
# background on one of QUERY_WORKERS threads, and queued calls are dropped.
DEFAULT_REQUEST_SECONDS = 30.0
# 16, not 8: concurrent questions are embedded together (index/embed/batching.py), and more
# of them waiting at once make fuller batches (16 clients on 2 cores: 97-103 req/s against
# 86-95 with 8; docs/BENCHMARKS.md, "Throughput"). Each holds a thread, not a model.
QUERY_WORKERS = 16


def default_data_dir() -> Path:
    """Where data lives when QA_DATA_DIR is unset: $XDG_DATA_HOME/treaty-qa."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "treaty-qa"


def default_seeds_dir() -> Path:
    """The bundled seed documents: ./seeds when present, else the checkout's seeds/."""
    local = Path("seeds")
    return local if local.is_dir() else REPO_ROOT / "seeds"


@dataclass(frozen=True)
class Settings:
    """Everything a front end needs to build the engine."""

    data_dir: Path
    embedder: str = DEFAULT_EMBEDDER
    chroma_url: str | None = None
    seeds_dir: Path = REPO_ROOT / "seeds"
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    k: int = DEFAULT_K
    max_file_mb: float = DEFAULT_MAX_FILE_MB
    threshold: float | None = None
    chunk_prefix: bool = True
    sentence_weight: float = SENTENCE_WEIGHT
    request_seconds: float = DEFAULT_REQUEST_SECONDS
    # Enables uploading, removing and re-indexing from the web app and the JSON API; None
    # (QA_ADMIN_TOKEN unset) means those actions do not exist. Never printed: repr leaves it
    # out and to_dict says only whether it is set.
    admin_token: str | None = field(default=None, repr=False)

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def keyword_dir(self) -> Path:
        return self.data_dir / "keyword"

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> Settings:
        """Build settings: explicit overrides (CLI flags) win over QA_* variables over defaults."""
        env = os.environ if environ is None else environ
        values = {
            "data_dir": Path(env["QA_DATA_DIR"]) if env.get("QA_DATA_DIR") else default_data_dir(),
            "embedder": env.get("QA_EMBEDDER") or DEFAULT_EMBEDDER,
            "chroma_url": _chroma_url(env),
            "seeds_dir": Path(env["QA_SEEDS_DIR"])
            if env.get("QA_SEEDS_DIR")
            else default_seeds_dir(),
            "host": env.get("QA_HOST") or DEFAULT_HOST,
            "port": _int(env, "QA_PORT", DEFAULT_PORT),
            "k": _int(env, "QA_K", DEFAULT_K),
            "max_file_mb": _float(env, "QA_MAX_FILE_MB", DEFAULT_MAX_FILE_MB),
            "threshold": _float(env, "QA_THRESHOLD", None),
            "chunk_prefix": _bool(env, "QA_CHUNK_PREFIX", True),
            "sentence_weight": _weight(env, "QA_SENTENCE_WEIGHT", SENTENCE_WEIGHT),
            "request_seconds": _positive(env, "QA_REQUEST_SECONDS", DEFAULT_REQUEST_SECONDS),
            "admin_token": env.get("QA_ADMIN_TOKEN") or None,
        }
        values.update({key: value for key, value in overrides.items() if value is not None})
        if isinstance(values["data_dir"], str):
            values["data_dir"] = Path(values["data_dir"])
        return cls(**values)

    def with_(self, **changes) -> Settings:
        """A copy with some fields changed."""
        return replace(self, **changes)

    def to_dict(self) -> dict:
        """The settings as JSON; the admin token only as whether one is set."""
        values = {k: str(v) if isinstance(v, Path) else v for k, v in asdict(self).items()}
        values["admin_token"] = "(set)" if self.admin_token else None
        return values


def _chroma_url(env) -> str | None:
    if env.get("QA_CHROMA_URL"):
        return env["QA_CHROMA_URL"]
    if env.get("QA_CHROMA_HOST"):
        return f"http://{env['QA_CHROMA_HOST']}:{env.get('QA_CHROMA_PORT') or 8000}"
    return None


def _int(env, name: str, default: int) -> int:
    try:
        return int(env.get(name) or default)
    except ValueError as e:
        raise BadRequest(f"{name}={env.get(name)!r} is not a whole number; fix or unset it") from e


def _float(env, name: str, default: float | None) -> float | None:
    try:
        return float(env[name]) if env.get(name) else default
    except ValueError as e:
        raise BadRequest(f"{name}={env.get(name)!r} is not a number; fix or unset it") from e


def _bool(env, name: str, default: bool) -> bool:
    value = (env.get(name) or "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise BadRequest(f"{name}={env.get(name)!r} is not on or off; use 1 or 0, or unset it")


def _weight(env, name: str, default: float) -> float:
    weight = _float(env, name, default)
    if not 0.0 <= weight <= 1.0:
        raise BadRequest(f"{name}={env.get(name)!r} must be from 0 to 1; fix or unset it")
    return weight


def _positive(env, name: str, default: float) -> float:
    value = _float(env, name, default)
    if not 0 < value < float("inf"):
        raise BadRequest(f"{name}={env.get(name)!r} must be a positive number; fix or unset it")
    return value
