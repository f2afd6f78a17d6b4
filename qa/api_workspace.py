"""The advocate's workspace over HTTP: GET /api/grades, GET /api/coverage, POST /api/export,
the paragraph pages /p/<symbol>/<paragraph>, and {"error": ...} for every refusal (unknown
routes, 405, framework errors)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute, Match, Mount

from index.domain.errors import BadRequest
from index.domain.symbols import parse_symbol
from qa.coverage import coverage
from qa.engine import Engine
from qa.export import ask_turns
from qa.export_files import FORMATS, export
from qa.grades import GROUPS, grade_rows, grades_payload
from qa.guard import check_history, check_text, parse_json_object
from qa.paragraph_page import cite_or_missing, parse_permalink

log = logging.getLogger(__name__)
MAX_EXPORT_QUESTIONS = 20
HTTP_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]
STATIC_METHODS = {"GET", "HEAD"}


class ExportRequest(BaseModel):
    """Body of POST /api/export: one question (with the chat before it) or a whole list of
    questions asked in turn, and the format (md, docx or csv)."""

    question: object = None
    questions: object = None
    history: object = None
    format: str = "md"

    model_config = ConfigDict(extra="forbid")


EXPORT_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": ExportRequest.model_json_schema()}},
    }
}


def add_workspace_routes(app: FastAPI, engine: Engine, run) -> None:
    """Grades, coverage, export and paragraph pages; `run` is the server's Runner.arun."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):
        return JSONResponse(
            {"error": str(error.detail)}, status_code=error.status_code, headers=error.headers
        )

    @app.get("/api/grades")
    async def grades(
        by: str = Query("state_party", description=f"Counts by: {', '.join(GROUPS)}"),
    ):
        """The graded follow-up assessments: scale, one row per assessment, counts."""
        if by not in GROUPS:
            raise BadRequest(f"by must be one of {', '.join(GROUPS)}, got {by!r}")
        rows = grade_rows(await run(engine.assessments))
        return {"by": by, **grades_payload(rows)}

    @app.get("/api/coverage")
    async def covered():
        """What is indexed: States, committees, document types, languages, date range."""
        return coverage(await run(engine.documents)).to_dict()

    @app.post("/api/export", openapi_extra=EXPORT_BODY)
    async def export_answers(request: Request):
        """Ask, then return the answers with all their sources as Markdown, Word or CSV."""
        try:
            body = ExportRequest.model_validate(parse_json_object(await request.body()))
        except ValidationError as e:
            raise RequestValidationError(
                [{**problem, "loc": ("body", *problem["loc"])} for problem in e.errors()]
            ) from e
        fmt = check_text(body.format, "format")
        if fmt not in FORMATS:
            raise BadRequest(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
        questions, history = _export_questions(body)
        turns = await run(ask_turns, engine, questions, history)
        content, media_type, name = export(turns, fmt)
        disposition = f'attachment; filename="{name}"'
        return Response(
            content, media_type=media_type, headers={"Content-Disposition": disposition}
        )

    @app.get("/p/{path:path}", response_class=HTMLResponse)
    async def paragraph_page(
        path: str,
        items: str = Query("", description="Sub-items to highlight, e.g. b"),
        q: str = Query("", description="The question the link was made for"),
    ):
        """A paragraph in every indexed language, its sub-items highlighted, with its lineage."""
        request = parse_permalink(path, items, q)
        html, status = await run(cite_or_missing, engine.cite, request)
        return HTMLResponse(html, status_code=status)

    @app.api_route("/api/{rest:path}", methods=HTTP_METHODS, include_in_schema=False)
    async def unknown(request: Request, rest: str):
        """404 for a path no route has (ErrorJSON answers a wrong method on one that exists)."""
        return JSONResponse({"error": f"no such route: {request.url.path[:80]}"}, 404)


class ErrorJSON:
    """ASGI middleware, so that every refusal is {"error": ...}: a method none of our routes
    takes at a path one of them has is a 405 naming the methods (Allow header), before routing
    (Gradio, mounted at "/", would answer it outside /api); a 404 or 405 a framework answered
    {"detail": ...} becomes {"error": ...}. Gradio's own paths keep their answers:
    gradio_client reads them.

    `routes` is the FastAPI app's route list, read at each request (routes are added later)."""

    def __init__(self, app, routes: list):
        self.app = app
        self.routes = routes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"].startswith("/gradio_api/"):
            return await self.app(scope, receive, send)
        allowed = allowed_methods(self.routes, scope)
        if allowed:
            path = scope["path"][:80]
            message = f"{scope['method']} is not allowed on {path}; use {', '.join(allowed)}"
            refusal = JSONResponse({"error": message}, 405, {"Allow": ", ".join(allowed)})
            return await refusal(scope, receive, send)
        held: list[dict] = []

        async def rewriting(message):
            if message["type"] == "http.response.start" and message["status"] in (404, 405):
                headers = dict(message.get("headers") or [])
                if headers.get(b"content-type", b"").startswith(b"application/json"):
                    held.append(message)
                    return
            if held and message["type"] == "http.response.body":
                held.append(message)
                if not message.get("more_body"):
                    await _send_rewritten(send, held)
                return
            await send(message)

        await self.app(scope, receive, rewriting)


def allowed_methods(routes: list, scope) -> list[str]:
    """The methods our routes take at the request's path when none of them takes its method;
    [] when one does, or when none has the path (Gradio's, or unknown)."""
    allowed: set[str] = set()
    for route in routes:
        if isinstance(route, Mount):
            if not route.path:  # the Gradio app, mounted at "/"
                continue
            methods = STATIC_METHODS  # /docs-assets: files
        elif isinstance(route, BaseRoute) and getattr(route, "name", "") != "unknown":
            methods = set(getattr(route, "methods", None) or HTTP_METHODS)
        else:
            continue
        match, _ = route.matches(scope)
        if match is Match.NONE:
            continue
        if scope["method"] in methods:
            return []
        allowed |= methods
    return sorted(allowed)


async def _send_rewritten(send, held: list[dict]) -> None:
    start, body = held[0], b"".join(m.get("body", b"") for m in held[1:])
    try:
        payload = json.loads(body)
    except ValueError:
        payload = None
    if isinstance(payload, dict) and "detail" in payload and "error" not in payload:
        detail = payload["detail"]
        body = json.dumps({"error": detail if isinstance(detail, str) else "not found"}).encode()
    headers = [(k, v) for k, v in start.get("headers", []) if k != b"content-length"]
    headers.append((b"content-length", str(len(body)).encode()))
    await send({**start, "headers": headers})
    await send({"type": "http.response.body", "body": body})


# Swagger UI 5 as the fastapi-offline package ships it (swagger-ui-bundle's 4.15 cannot read
# the OpenAPI 3.1 that FastAPI writes: /docs said "Unable to render this definition").
SWAGGER_UI = Path(fastapi_offline.__file__).parent / "static"


def local_docs(app: FastAPI) -> None:
    """Swagger UI at /docs from files installed with the app (nothing remote)."""
    app.mount("/docs-assets", StaticFiles(directory=SWAGGER_UI), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url,
            title=f"{app.title} · API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/docs-assets/favicon.png",
        )


def checked_symbol(symbol: str | None) -> str | None:
    """A symbol filter in its canonical spelling; BadSymbol (400) when no document could have
    it, e.g. symbol=FOO (a misspelt filter would else find nothing and look like an answer)."""
    if symbol is None or not symbol.strip():
        return None
    return parse_symbol(check_text(symbol, "symbol")).text


def _export_questions(body: ExportRequest) -> tuple[list[str], list[dict]]:
    if body.questions is not None:
        if not isinstance(body.questions, list) or not body.questions:
            raise BadRequest("questions must be a non-empty list of questions")
        if len(body.questions) > MAX_EXPORT_QUESTIONS:
            raise BadRequest(f"at most {MAX_EXPORT_QUESTIONS} questions can be exported at once")
        return [check_text(q, "a question") for q in body.questions], []
    return [check_text(body.question, "question")], check_history(body.history)
