"""JSON routes (FastAPI): /api/search, /api/cite, /api/documents, /healthz; errors become 4xx.

With an admin token set (QA_ADMIN_TOKEN), POST /api/documents uploads a file to index,
DELETE /api/documents/{source} removes one and POST /api/reindex re-indexes, each behind
`Authorization: Bearer <token>`; without one those routes answer 404.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Annotated

import orjson
from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from index.domain.errors import (
    BadReference,
    BadRequest,
    BadSymbol,
    EmptyQuestion,
    IndexBusy,
    IndexMismatch,
    NotIndexed,
    QAError,
    StoreUnavailable,
)
from index.domain.model import FILTER_NAMES, Filters
from qa.admin import (
    UploadTooLarge,
    index_upload,
    inspect_indexed,
    reindex,
    remove_document,
    too_large,
)
from qa.api_workspace import ErrorJSON, add_workspace_routes, checked_symbol, local_docs
from qa.config import MAX_K, QUERY_WORKERS
from qa.engine import Engine
from qa.guard import (
    Guard,
    RequestTimeout,
    Runner,
    check_history,
    check_text,
    parse_json_object,
    public_message,
    token_matches,
)
from qa.model import hits_json

log = logging.getLogger(__name__)
# Room for the multipart boundaries and part headers around an upload of the largest size.
MULTIPART_OVERHEAD = 16 * 1024
# every filter but `source` (a file name is no public handle: the symbol is)
SEARCH_PARAMS = ("q", "k", *(name for name in FILTER_NAMES if name != "source"))

STATUS = {
    EmptyQuestion: 400,
    BadRequest: 400,
    BadReference: 400,
    BadSymbol: 400,
    NotIndexed: 404,
    IndexMismatch: 409,
    IndexBusy: 409,
    StoreUnavailable: 503,
    RequestTimeout: 503,
}


def status_for(error: QAError) -> int:
    """The HTTP status for a project error (500 only for the unexpected)."""
    for cls, status in STATUS.items():
        if isinstance(error, cls):
            return status
    return 500


class AskRequest(BaseModel):
    """Body of POST /api/ask: the question and the chat so far (Gradio-style messages, checked
    by qa.guard.check_history)."""

    question: object = ""
    history: object = None
    k: int | None = None
    date_from: str | None = None
    date_to: str | None = None

    model_config = ConfigDict(extra="forbid")


# The body is parsed by ask_request, not by FastAPI, so its schema is declared here.
ASK_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": AskRequest.model_json_schema()}},
    }
}


async def ask_request(request: Request) -> AskRequest:
    """The body of POST /api/ask, parsed strictly (400) and then by its schema (422)."""
    body = parse_json_object(await request.body())
    try:
        return AskRequest.model_validate(body)
    except ValidationError as e:
        raise RequestValidationError(
            [{**problem, "loc": ("body", *problem["loc"])} for problem in e.errors()]
        ) from e


def json_response(body: dict) -> Response:
    """`body` as JSON, serialised by orjson: FastAPI's own path (jsonable_encoder walking
    every field, then json.dumps) took 0.44 ms of an answer's ~25 ms of CPU, orjson 0.004."""
    try:
        return Response(orjson.dumps(body), media_type="application/json")
    except TypeError:  # a value orjson does not know: FastAPI's encoder converts it
        return JSONResponse(jsonable_encoder(body))


def validation_message(error: RequestValidationError) -> str:
    """One line naming each refused parameter, what was sent and what is expected."""
    parts = []
    for problem in error.errors():
        name = ".".join(str(part) for part in problem["loc"][1:]) or "body"
        sent = f" (got {problem['input']!r})" if "input" in problem else ""
        parts.append(f"{name}: {problem['msg']}{sent}")
    return "; ".join(parts)


def _check_params(request: Request, known: tuple[str, ...]) -> None:
    """Refuse query parameters the route does not know (a misspelt filter would else be
    ignored silently and widen the search)."""
    unknown = sorted(set(request.query_params) - set(known))
    if unknown:
        raise BadRequest(
            f"unknown parameter {', '.join(unknown)}; {request.url.path} takes {', '.join(known)}"
        )


def create_app(engine: Engine, runner: Runner | None = None) -> FastAPI:
    """The FastAPI app with the JSON routes; the Gradio UI is mounted on it by qa.web.

    Engine calls run on `runner` (one per server, shared with the UI) within the settings'
    time budget; every request passes qa.guard.Guard first.
    """
    # /docs is served from local assets (qa.api_workspace.local_docs): no CDN
    app = FastAPI(title="Treaty-body QA", version="0.1.0", docs_url=None, redoc_url=None)
    app.add_middleware(Guard, settings=engine.settings)
    # {"error": ...} for every 404 and 405, those of the UI mounted at "/" too
    app.add_middleware(ErrorJSON, routes=app.router.routes)
    run = (runner or Runner(engine.settings.request_seconds, QUERY_WORKERS)).arun
    local_docs(app)

    @app.exception_handler(QAError)
    async def qa_error(request: Request, error: QAError):
        if isinstance(error, IndexBusy):
            log.warning("refused on %s: %s", request.url.path, error)
        return JSONResponse({"error": public_message(error)}, status_code=status_for(error))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError):
        # FastAPI's own 422, with the project's one-line {"error": ...} beside its details
        body = {"error": validation_message(error), "detail": jsonable_encoder(error.errors())}
        return JSONResponse(body, status_code=422)

    @app.exception_handler(Refused)
    async def refused(request: Request, error: Refused):
        return JSONResponse({"error": error.message}, error.status, error.headers)

    app.state.ui = "none"  # the web UI: "starting", "ready" or "failed" once one is mounted

    @app.head("/healthz", include_in_schema=False)  # for uptime probes
    @app.get("/healthz")
    def healthz(request: Request):
        documents = len(engine.documents())
        return {"status": "ok", "documents": documents, "ui": request.app.state.ui}

    @app.get("/api/search")
    async def search(
        request: Request,
        q: str = Query("", description="The question"),
        k: int = Query(5, description=f"Number of hits, 1..{MAX_K}"),
        symbol: str | None = None,
        paragraph: int | None = None,
        grade: str | None = None,
        kind: str | None = None,
        language: str | None = None,
        state_party: str | None = None,
        committee: str | None = None,
        doc_type: str | None = None,
        date_from: str | None = Query(None, description="From this date: YYYY-MM-DD or YYYY"),
        date_to: str | None = Query(None, description="Up to this date: YYYY-MM-DD or YYYY"),
    ):
        _check_params(request, SEARCH_PARAMS)
        filters = Filters(
            symbol=checked_symbol(symbol),
            paragraph=paragraph,
            grade=grade,
            kind=kind,
            language=language,
            state_party=state_party,
            committee=committee,
            doc_type=doc_type,
            date_from=date_from,
            date_to=date_to,
        )
        hits = await run(engine.search, check_text(q, "q"), k=k, filters=filters)
        return json_response(hits_json(hits))

    @app.post("/api/ask", openapi_extra=ASK_BODY)
    async def ask(request: Annotated[AskRequest, Depends(ask_request)]):
        question = check_text(request.question, "question")
        history = check_history(request.history)
        dates = Filters(date_from=request.date_from, date_to=request.date_to)
        answer = await run(engine.ask, question, history=history, k=request.k, filters=dates)
        return json_response(answer.to_dict())

    @app.get("/api/cite")
    async def cite(
        request: Request,
        ref: str = Query("", description="e.g. CMW/C/AZE/CO/3 para. 36(b)"),
        symbol: str | None = Query(
            None, max_length=120, description="the document, if ref names none"
        ),
    ):
        _check_params(request, ("ref", "symbol"))
        symbol = check_text(symbol, "symbol") if symbol is not None else None
        hits = await run(engine.cite, check_text(ref, "ref"), symbol=symbol)
        return json_response(hits_json(hits))

    @app.get("/api/documents")
    def documents():
        return {"documents": [record.to_dict() for record in engine.documents()]}

    @app.get("/api/documents/{source}")
    async def document(request: Request, source: str):
        _check_params(request, ())
        return (await run(inspect_indexed, engine, check_text(source, "source"))).to_dict()

    _admin_routes(app, engine)
    add_workspace_routes(app, engine, run)
    return app


class Refused(Exception):
    """A request refused before it reaches the engine (auth, size, form): status and message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


def admin_check(engine: Engine):
    """A dependency letting through only `Authorization: Bearer <admin token>`.

    Without a token configured the admin routes do not exist: 404, whatever is sent.
    """
    expected = engine.settings.admin_token

    def require_admin(authorization: str | None = Header(None)) -> None:
        if not expected:
            raise Refused(404, "Not Found")
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token_matches(given.strip(), expected):
            raise Refused(
                401,
                "a valid admin token is required: send Authorization: Bearer <QA_ADMIN_TOKEN>",
                {"WWW-Authenticate": "Bearer"},
            )

    return require_admin


def _admin_routes(app: FastAPI, engine: Engine) -> None:
    """Upload, remove and re-index, behind the admin token (listed only when one is set)."""
    admin = {
        "dependencies": [Depends(admin_check(engine))],
        "include_in_schema": bool(engine.settings.admin_token),
    }

    @app.post("/api/documents", **admin)
    async def upload(request: Request):
        """Index one uploaded file (multipart field `file`); returns the ingest report."""
        limit = engine.settings.max_file_bytes
        form = await _upload_form(request, limit)
        try:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise Refused(400, "send the file as the multipart/form-data field 'file'")
            try:
                uploaded = await run_in_threadpool(
                    index_upload, engine, upload.file, upload.filename or ""
                )
            except UploadTooLarge as e:
                raise Refused(413, str(e)) from e
        finally:
            await form.close()
        return uploaded.to_dict()

    @app.delete("/api/documents/{source}", **admin)
    def remove(source: str):
        """Remove one document (by its source name, as GET /api/documents lists it)."""
        return {"source": source, "removed_chunks": remove_document(engine, source)}

    @app.delete("/api/documents", **admin)
    def remove_by_query(source: str = Query("", description="The document's source name")):
        """Remove one document named by the `source` query parameter."""
        return {"source": source, "removed_chunks": remove_document(engine, source)}

    @app.post("/api/reindex", **admin)
    def reindex_documents(
        scope: str = Query("seeds", description="seeds, or all (seeds and uploads)"),
        rebuild: bool = Query(False, description="empty the index first"),
    ):
        """Re-index the bundled seeds or everything uploaded; returns the ingest report."""
        return reindex(engine, scope, rebuild=rebuild).to_dict()


async def _upload_form(request: Request, limit: int):
    """The multipart form of an upload, refused (413) as soon as the body passes the limit."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + MULTIPART_OVERHEAD:
        raise Refused(413, too_large("the upload", limit))
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise Refused(400, "send the file as the multipart/form-data field 'file'")
    stream = _limited(request.stream(), limit + MULTIPART_OVERHEAD, limit)
    parser = MultiPartParser(request.headers, stream, max_files=1, max_fields=4)
    try:
        return await parser.parse()
    except MultiPartException as e:
        raise Refused(400, f"not a valid multipart upload ({e.message})") from e


async def _limited(stream: AsyncIterator[bytes], most: int, limit: int) -> AsyncIterator[bytes]:
    """The request body, stopped (413) past `most` bytes, before the rest is received."""
    received = 0
    async for chunk in stream:
        received += len(chunk)
        if received > most:
            raise Refused(413, too_large("the upload", limit))
        yield chunk
