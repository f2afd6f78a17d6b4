"""`qa serve`: the JSON routes answer first; the Gradio UI is mounted once gradio is imported.

Start-up order (docs/BENCHMARKS.md, "Scale (issue 16)"): the embedder loads in a thread while
the store opens; the keyword index opens in another; uvicorn listens as soon as the JSON app
exists, and `/api/*` requests wait only for what they use. Gradio's import (2.5-7 s, more
than everything else) runs in a background thread once the engine is warm, and until its UI
is mounted "/" answers 503 with a page saying it is starting.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable

import numpy as np
from fastapi import FastAPI
from starlette.responses import HTMLResponse, JSONResponse

from qa.config import QUERY_WORKERS, Settings
from qa.engine import Engine
from qa.guard import Runner

log = logging.getLogger(__name__)
WARM_QUESTION = "Has the State party adopted a national strategy?"
STARTING_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">
<title>Treaty-body QA: starting</title></head>
<body><h1>Treaty-body QA is starting</h1>
<p>The web interface will be ready in a few seconds; this page reloads itself.
The JSON API (<code>/api/ask</code>, <code>/api/search</code>, <code>/api/cite</code>)
already answers.</p></body></html>
"""
STARTING_MESSAGE = "the web interface is starting; retry in a few seconds (/api/* answers now)"
FAILED_MESSAGE = "the web interface could not start; the server's log has the details"


class LateUI:
    """ASGI app at "/" behind the JSON routes: 503 until `ready` hands it the UI's app."""

    def __init__(self, app: FastAPI):
        self._app = app
        self._target = None
        app.state.ui = "starting"

    def ready(self, target) -> None:
        self._target = target
        self._app.state.ui = "ready"

    def failed(self) -> None:
        self._app.state.ui = "failed"

    async def __call__(self, scope, receive, send):
        if self._target is not None:
            return await self._target(scope, receive, send)
        if scope["type"] != "http":
            return None
        failed = self._app.state.ui == "failed"
        if scope["path"] == "/" and scope["method"] in ("GET", "HEAD") and not failed:
            response = HTMLResponse(STARTING_PAGE, 503, headers={"Retry-After": "2"})
        else:
            message = FAILED_MESSAGE if failed else STARTING_MESSAGE
            response = JSONResponse({"error": message}, 503, headers={"Retry-After": "2"})
        await response(scope, receive, send)


def warm(engine: Engine) -> Callable[[], None]:
    """Load the embedder now, in a thread of its own (it takes ~1-2 s, mostly outside the
    GIL); returns the function that then opens the keyword index and the store's vector index
    side by side and searches once, before a client asks (each request would else wait for
    them in turn)."""
    embedder = _started(lambda: engine.embedder.embed_query("warm-up"), "qa-warm-embedder")

    def rest() -> None:
        loading = [
            _started(lambda: engine.keyword, "qa-warm-keyword"),
            _started(lambda: _load_vectors(engine), "qa-warm-vectors"),
            embedder,
        ]
        for thread in loading:
            thread.join()
        engine.search(WARM_QUESTION, k=1)

    return rest


def _started(target: Callable[[], object], name: str) -> threading.Thread:
    thread = threading.Thread(target=target, name=name, daemon=True)
    thread.start()
    return thread


def _load_vectors(engine: Engine) -> None:
    """One nearest-neighbour query with a vector of the store's dimension, for Chroma to load
    its vector index (~1 s at 10k chunks) without waiting for the embedder."""
    dim = engine.store.build_info().get("dim")
    if dim:
        engine.store.query(np.full(dim, dim**-0.5, dtype=np.float32), 1)


def create_staged_app(settings: Settings, *, progress: bool = True) -> FastAPI:
    """The JSON app with a LateUI at "/"; its lifespan warms the engine and then mounts the
    Gradio UI from a background thread."""
    from qa.api import create_app

    engine = Engine(settings)
    rest = warm(engine)
    engine.ensure_index(progress=progress)
    runner = Runner(settings.request_seconds, QUERY_WORKERS)
    app = create_app(engine, runner)
    late = LateUI(app)
    app.mount("/", late)
    app.router.lifespan_context = _lifespan(engine, runner, late, rest)
    return app


def _lifespan(engine: Engine, runner: Runner, late: LateUI, warm_rest: Callable[[], None]):
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        loop = asyncio.get_running_loop()
        async with contextlib.AsyncExitStack() as stack:

            def start_ui() -> None:
                try:
                    warm_rest()
                except Exception:  # a request will meet the same fault and report it
                    log.exception("warming the engine failed")
                try:
                    _mount_ui(engine, runner, late, stack, loop)
                except Exception:
                    log.exception("the web interface could not start")
                    late.failed()

            threading.Thread(target=start_ui, name="qa-start-ui", daemon=True).start()
            yield

    return lifespan


def _mount_ui(engine, runner, late: LateUI, stack: contextlib.AsyncExitStack, loop) -> None:
    """Import gradio, build the UI and start it on the server's event loop (its queue and
    startup events run there), then route "/" to it."""
    from qa.web import mount_ui

    holder = mount_ui(FastAPI(), engine, runner)

    async def start() -> None:
        await stack.enter_async_context(holder.router.lifespan_context(holder))

    asyncio.run_coroutine_threadsafe(start(), loop).result()
    late.ready(holder)


def serve(settings: Settings) -> None:
    """Index the seeds if needed, then serve the JSON routes and, once loaded, the UI."""
    import uvicorn

    app = create_staged_app(settings)
    print(f"Serving on http://{settings.host}:{settings.port}", flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
