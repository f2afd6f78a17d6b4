"""JSON routes (FastAPI): /api/search, /api/cite, /api/documents, /healthz; errors become 4xx."""

from __future__ import annotations

from fastapi import FastAPI, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from index.errors import (
    BadReference,
    BadRequest,
    EmptyQuestion,
    IndexBusy,
    IndexMismatch,
    NotIndexed,
    QAError,
    StoreUnavailable,
)
from index.model import KINDS, Filters
from qa.config import MAX_K
from qa.engine import Engine

STATUS = {
    EmptyQuestion: 400,
    BadRequest: 400,
    BadReference: 400,
    NotIndexed: 404,
    IndexMismatch: 409,
    IndexBusy: 409,
    StoreUnavailable: 503,
}


def status_for(error: QAError) -> int:
    """The HTTP status for a project error (500 only for the unexpected)."""
    for cls, status in STATUS.items():
        if isinstance(error, cls):
            return status
    return 500


class AskRequest(BaseModel):
    """Body of POST /api/ask: the question and the chat so far (Gradio-style messages)."""

    question: str = ""
    history: list[dict | str] = Field(default_factory=list)
    k: int | None = None


def create_app(engine: Engine) -> FastAPI:
    """The FastAPI app with the JSON routes; the Gradio UI is mounted on it by qa.web."""
    app = FastAPI(title="Treaty-body QA", version="0.1.0")

    @app.exception_handler(QAError)
    async def qa_error(request: Request, error: QAError):
        return JSONResponse({"error": str(error)}, status_code=status_for(error))

    @app.get("/healthz")
    def healthz():
        return {"status": "ok", "documents": len(engine.documents())}

    @app.get("/api/search")
    def search(
        q: str = Query("", description="The question"),
        k: int = Query(5, description=f"Number of hits, 1..{MAX_K}"),
        symbol: str | None = None,
        paragraph: int | None = None,
        grade: str | None = None,
        kind: str | None = None,
        language: str | None = None,
        state_party: str | None = None,
    ):
        if kind is not None and kind not in KINDS:
            raise BadRequest(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
        filters = Filters(
            symbol=symbol,
            paragraph=paragraph,
            grade=grade,
            kind=kind,
            language=language,
            state_party=state_party,
        )
        return {"hits": [hit.to_dict() for hit in engine.search(q, k=k, filters=filters)]}

    @app.post("/api/ask")
    def ask(request: AskRequest):
        return engine.ask(request.question, history=request.history, k=request.k).to_dict()

    @app.get("/api/cite")
    def cite(ref: str = Query("", description="e.g. CMW/C/AZE/CO/3 para. 36(b)")):
        return {"hits": [hit.to_dict() for hit in engine.cite(ref)]}

    @app.get("/api/documents")
    def documents():
        return {"documents": [record.to_dict() for record in engine.documents()]}

    return app
