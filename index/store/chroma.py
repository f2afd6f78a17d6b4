"""The connection to Chroma, local or a server; the only module importing chromadb.

Clients are built here, with timeouts on every server call, and `guarded` turns a lost
connection into StoreUnavailable for the store's methods."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import chromadb
import httpx
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import NotFoundError

from index.domain.errors import BadRequest, StoreUnavailable
from index.store.lock import hold_open

# A Chroma server call that takes longer fails as StoreUnavailable (chromadb's HttpClient waits
# forever: a frozen server hung requests > 40 s).
SERVER_TIMEOUT_SECONDS = 5.0


SERVER_CONNECT_SECONDS = 3.0


T = TypeVar("T")


def guarded(method: Callable[..., T]) -> Callable[..., T]:
    """Turn a lost connection to a Chroma server into StoreUnavailable, and recover from
    collection handles gone stale.

    Handles are dropped on a connection error (the server may come back with other data) and
    re-resolved once when a collection was dropped and re-created under us (another process's
    `qa index --rebuild` on a shared server): the next call works without a restart.
    """

    @functools.wraps(method)
    def wrapper(self, *args: Any, **kwargs: Any) -> T:
        try:
            try:
                return method(self, *args, **kwargs)
            except NotFoundError:
                if not self._handles:
                    raise
                self._handles.clear()
                return method(self, *args, **kwargs)
        except (httpx.TransportError, ConnectionError) as e:
            self._handles.clear()
            raise self._unavailable(e) from e

    return wrapper


def local_client(path: Path):
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    hold_open(path)  # before chromadb caches anything of it in this process
    return chromadb.PersistentClient(
        path=str(path), settings=ChromaSettings(anonymized_telemetry=False)
    )


def http_client(url: str, unavailable: Callable[[Exception], StoreUnavailable], timeout: float):
    """A chromadb HttpClient whose every call times out after `timeout` seconds."""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadRequest(f"bad Chroma URL {url!r}: expected e.g. http://127.0.0.1:8000")
    port = parts.port or (443 if parts.scheme == "https" else 8000)
    bounded = httpx.Timeout(timeout, connect=min(timeout, SERVER_CONNECT_SECONDS))
    try:
        # chromadb's client calls the server once while it is built, with no timeout
        heartbeat = f"{parts.scheme}://{parts.hostname}:{port}/api/v2/heartbeat"
        httpx.get(heartbeat, timeout=bounded, verify=parts.scheme == "https").raise_for_status()
        client = chromadb.HttpClient(
            host=parts.hostname,
            port=port,
            ssl=parts.scheme == "https",
            settings=ChromaSettings(anonymized_telemetry=False),
        )
    except (ValueError, httpx.HTTPError, ConnectionError) as e:
        raise unavailable(e) from e
    _bound_session(client, bounded)
    return client


def _bound_session(client, timeout: httpx.Timeout) -> None:
    """Set the timeout of the httpx session chromadb's FastAPI client made with none."""
    session = getattr(getattr(client, "_server", None), "_session", None)
    if not isinstance(session, httpx.Client):
        raise RuntimeError(
            f"chromadb {chromadb.__version__}: no httpx session found to bound its timeouts; "
            "update index/store/chroma.py for this chromadb version"
        )
    session.timeout = timeout
