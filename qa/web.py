"""The Gradio web app (the only module importing gradio): ask, look-up, search, documents, API.

With an admin token set (Settings.admin_token) the Documents tab also uploads, removes and
re-indexes documents for whoever enters the token; without one those components and their
endpoints are never built.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from html import escape
from pathlib import Path

import gradio as gr
from fastapi import FastAPI

from index.domain.errors import QAError
from index.domain.model import Filters
from qa.admin import allowed_suffixes, index_upload, reindex, remove_document, token_matches
from qa.config import MAX_K, Settings
from qa.engine import Engine, inspect_indexed
from qa.render import (
    CSS,
    question_of,
    render_answer,
    render_documents,
    render_error,
    render_hits,
    render_inspection,
    render_question,
    render_status,
)

log = logging.getLogger(__name__)
INTERNAL_ERROR = "internal error; the server's log has the details"
# Queries run side by side (the JSON routes already do); administration runs one at a time.
QUERY_CONCURRENCY = 8
# Gradio keeps ~100 KB of state per session, and every API call (`ask` over /gradio_api/call)
# is a new session: its default 10,000 sessions grew the server by ~1 GB under load
# (docs/BENCHMARKS.md, Load). Our events read everything from their inputs, so an evicted
# session loses nothing.
SESSION_CAPACITY = 256

ASK_EXAMPLES = [
    "Is Azerbaijan still detaining migrant children?",
    "阿塞拜疆通过国家移民战略了吗？",
    "paragraph 62(c)",
    "Which recommendations were not implemented?",
    "第36段(b)项",
]
SEARCH_EXAMPLES = [
    "Are migrant children still detained?",
    "阿塞拜疆是否仍在拘留移民儿童？",
    "贩运人口受害者的识别",
]
GRADES = ["", "A", "B", "C", "D", "E", "F"]
LANGUAGES = ["", "ar", "zh", "en", "fr", "ru", "es"]
NO_SOURCES = "Ask a question: the passages it was answered from appear here."


def _filters(source, paragraph, grade, language) -> Filters:
    """Filters from the UI's widgets; empty widgets mean any."""
    return Filters(
        source=source or None,
        paragraph=int(paragraph) if paragraph else None,
        grade=grade or None,
        language=language or None,
    )


def _text(content) -> str:
    """The text of a chat message's content (Gradio 6 gives a list of typed parts)."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return content.get("text") or ""
    if isinstance(content, list | tuple):
        return "\n".join(_text(part) for part in content)
    return ""


def chat_questions(history: list[dict] | None) -> list[str]:
    """The questions the user typed, in order, from the Chatbot's (escaped HTML) messages."""
    return [
        question_of(_text(message.get("content")))
        for message in history or ()
        if message.get("role") == "user"
    ]


def _api_history(history) -> list:
    """API history: user questions as strings, or messages whose content may be typed parts."""
    turns = []
    for turn in history or ():
        if isinstance(turn, dict):
            turn = {"role": turn.get("role"), "content": _text(turn.get("content"))}
        turns.append(turn)
    return turns


def _document_choices(engine: Engine) -> list[tuple[str, str]]:
    """(label, source) for each indexed document, "any" first."""
    choices = [("All documents", "")]
    for record in engine.documents():
        symbol = record.symbol or record.co_symbol
        label = f"{symbol} · {record.source}" if symbol else record.source
        choices.append((label, record.source))
    return choices


def _ui_error(error: QAError) -> gr.Error:
    """A gr.Error for the UI: its modal renders HTML, so the message is escaped."""
    return gr.Error(escape(str(error)))


def _guarded(handler: Callable) -> Callable:
    """A UI handler whose unexpected errors reach the user as one line, never a trace."""

    @functools.wraps(handler)
    def run(*args):
        try:
            return handler(*args)
        except gr.Error:
            raise
        except QAError as e:
            raise _ui_error(e) from e
        except Exception as e:
            log.exception("internal error in %s", handler.__name__)
            raise gr.Error(INTERNAL_ERROR) from e

    return run


def _filter_row(engine: Engine) -> list:
    """Document, paragraph, grade and language widgets, in the order `_filters` takes them."""
    with gr.Row():
        document = gr.Dropdown(_document_choices(engine), value="", label="Document")
        paragraph = gr.Number(label="Paragraph", precision=0, value=None, minimum=0)
        grade = gr.Dropdown(GRADES, value="", label="Grade")
        language = gr.Dropdown(LANGUAGES, value="", label="Language")
    return [document, paragraph, grade, language]


def _ask_tab(engine: Engine) -> None:
    """A chat answering with quotes and citations, the retrieved passages beside it."""

    @_guarded
    def respond(question, history, *filter_values):
        history = list(history or [])
        answer = engine.ask(
            question, history=chat_questions(history), filters=_filters(*filter_values)
        )
        history.append({"role": "user", "content": render_question(question)})
        history.append({"role": "assistant", "content": render_answer(answer)})
        sources = render_hits(list(answer.hits), empty="No passage was retrieved.")
        return history, sources, ""

    with gr.Row():
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(
                label="Answers",
                elem_id="qa-chat",
                height=640,
                sanitize_html=True,
                allow_tags=False,
                latex_delimiters=[],
                feedback_options=None,
                placeholder="Ask about a State's follow-up, a paragraph or a grade.",
            )
            with gr.Row():
                question = gr.Textbox(
                    show_label=False,
                    placeholder=ASK_EXAMPLES[0],
                    elem_id="qa-question",
                    scale=5,
                )
                ask = gr.Button("Ask", variant="primary", elem_id="qa-ask", scale=1)
            with gr.Accordion("Filters", open=False):
                filters = _filter_row(engine)
            gr.Examples(ASK_EXAMPLES, inputs=question, label="Examples")
            clear = gr.Button("New conversation", size="sm")
        with gr.Column(scale=2):
            gr.Markdown("### Sources")
            sources = gr.HTML(render_hits([], empty=NO_SOURCES), elem_id="qa-sources")
    inputs = [question, chatbot, *filters]
    outputs = [chatbot, sources, question]
    ask.click(respond, inputs, outputs, api_visibility="private")
    question.submit(respond, inputs, outputs, api_visibility="private")
    clear.click(
        lambda: ([], render_hits([], empty=NO_SOURCES)),
        None,
        [chatbot, sources],
        api_visibility="private",
    )


def _lookup_tab(engine: Engine) -> None:
    """A paragraph's recommendation, the reply reference and the assessments."""

    @_guarded
    def cite_html(reference):
        try:
            hits = engine.cite(reference)
        except QAError as e:
            return render_error(str(e))
        return render_hits(hits, empty=f"No such paragraph in the index: {reference}")

    reference = gr.Textbox(
        label="Reference", placeholder="CMW/C/AZE/CO/3 para. 36(b)  ·  第36段(b)项"
    )
    button = gr.Button("Look up", variant="primary")
    cited = gr.HTML()
    button.click(cite_html, reference, cited, api_visibility="private")
    reference.submit(cite_html, reference, cited, api_visibility="private")


def _search_tab(engine: Engine) -> None:
    """Hybrid search with filters; verbatim hits."""

    @_guarded
    def search_html(question, k, *filter_values):
        try:
            hits = engine.search(question, k=int(k), filters=_filters(*filter_values))
        except QAError as e:
            return render_error(str(e))
        return render_hits(hits, empty="Nothing in the indexed documents matches this question.")

    question = gr.Textbox(label="Question", placeholder=SEARCH_EXAMPLES[0])
    k = gr.Slider(1, min(MAX_K, 20), value=engine.settings.k, step=1, label="Results")
    filters = _filter_row(engine)
    button = gr.Button("Search", variant="primary")
    results = gr.HTML()
    gr.Examples(SEARCH_EXAMPLES, inputs=question)
    inputs = [question, k, *filters]
    button.click(search_html, inputs, results, api_visibility="private")
    question.submit(search_html, inputs, results, api_visibility="private")


def _documents_tab(engine: Engine) -> None:
    """The indexed documents; with an admin token set, the administration panel below them."""

    def table():
        return render_documents(engine.documents())

    documents = gr.HTML(table, elem_id="qa-documents")
    refresh = gr.Button("Refresh", size="sm")
    refresh.click(_guarded(table), None, documents, api_visibility="private")
    _inspect_panel(engine)
    if engine.settings.admin_token:
        _admin_panel(engine, documents)


def _inspect_panel(engine: Engine) -> None:
    """Check one indexed document: its metadata, paragraph numbers and warnings."""

    def sources():
        return gr.Dropdown(choices=[record.source for record in engine.documents()])

    def show(source: str | None) -> str:
        return render_inspection(inspect_indexed(engine, source)) if source else ""

    with gr.Row():
        chosen = gr.Dropdown(label="Inspect a document", choices=[], elem_id="qa-inspect-source")
    view = gr.HTML(elem_id="qa-inspection")
    chosen.focus(_guarded(sources), None, chosen, api_visibility="private")
    chosen.change(_guarded(show), chosen, view, api_visibility="private")


def _admin_panel(engine: Engine, documents: gr.HTML) -> None:
    """Upload, remove and re-index, each checking the token entered here."""
    admin = {"api_visibility": "private", "concurrency_limit": 1, "concurrency_id": "admin"}

    def check(token: str) -> None:
        if not token_matches(token, engine.settings.admin_token):
            raise gr.Error("a valid admin token is required: enter QA_ADMIN_TOKEN")

    def refreshed(status: str):
        records = engine.documents()
        sources = [record.source for record in records]
        return status, render_documents(records), gr.update(choices=sources)

    @_guarded
    def upload(token, files):
        check(token)
        if not files:
            raise gr.Error("choose one or more files to upload first")
        lines = [_upload_one(engine, Path(file)) for file in files]
        return (*refreshed(render_status("\n".join(lines))), None)

    @_guarded
    def remove(token, source):
        check(token)
        if not source:
            raise gr.Error("choose the document to remove")
        removed = remove_document(engine, source)
        return refreshed(render_status(f"Removed {source} ({removed} chunks)."))

    @_guarded
    def reindex_all(token, scope):
        check(token)
        report = reindex(engine, scope)
        return refreshed(render_status(_report_line(report)))

    with gr.Accordion("Administration", open=True, elem_id="qa-admin"):
        token = gr.Textbox(label="Admin token", type="password", elem_id="qa-admin-token")
        files = gr.File(
            label="Documents to index",
            file_count="multiple",
            file_types=allowed_suffixes(),
            elem_id="qa-upload",
        )
        index_button = gr.Button("Index the uploaded files", elem_id="qa-index-uploads")
        with gr.Row():
            sources = [record.source for record in engine.documents()]
            # custom values: a page opened before an upload lists the documents of then
            source = gr.Dropdown(
                sources, label="Document", allow_custom_value=True, elem_id="qa-remove-source"
            )
            remove_button = gr.Button("Remove", variant="stop", elem_id="qa-remove")
        with gr.Row():
            choices = [("Bundled seeds", "seeds"), ("Seeds and uploads", "all")]
            scope = gr.Radio(choices, value="seeds", label="Re-index")
            reindex_button = gr.Button("Re-index", elem_id="qa-reindex")
        status = gr.HTML(elem_id="qa-admin-status")
    outputs = [status, documents, source]
    index_button.click(upload, [token, files], [*outputs, files], **admin)
    remove_button.click(remove, [token, source], outputs, **admin)
    reindex_button.click(reindex_all, [token, scope], outputs, **admin)


def _upload_one(engine: Engine, path: Path) -> str:
    """Index one file Gradio received; one line saying what happened (refusals included)."""
    try:
        if path.stat().st_size > engine.settings.max_file_bytes:
            return f"{path.name}: larger than {engine.settings.max_file_mb:g} MB; refused"
        with open(path, "rb") as upload:
            uploaded = index_upload(engine, upload, path.name)
    except QAError as e:
        return str(e)
    finally:
        path.unlink(missing_ok=True)  # Gradio's copy: the upload now lives in uploads/
    return f"Indexed {uploaded.filename} as {uploaded.source} ({uploaded.chunks} chunks)."


def _report_line(report) -> str:
    """An ingest report in one line."""
    failed = "; ".join(f"{source}: {reason}" for source, reason in report.failed)
    return (
        f"Re-indexed: {len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.failed)} failed"
        + (f" ({failed})" if failed else "")
        + "."
    )


def build_ui(engine: Engine) -> gr.Blocks:
    """The Blocks app: Ask, Look up, Search and Documents tabs; `ask`, `search`, `cite` API."""

    def ask_json(question: str, history: list | None = None) -> dict:
        """Answer a question (a follow-up resolved against `history`); returns the answer."""
        return _json(lambda: engine.ask(question, history=_api_history(history)).to_dict())

    def search_json(question: str, k: int = 5) -> dict:
        """Hybrid search; returns {"hits": [...]}."""
        return _json(lambda: _hits(engine.search(question, k=int(k))))

    def cite_json(reference: str) -> dict:
        """Exact paragraph look-up; returns {"hits": [...]}."""
        return _json(lambda: _hits(engine.cite(reference)))

    with gr.Blocks(title="Treaty-body QA") as demo:
        gr.Markdown(
            "## Treaty-body QA\nAsk about UN treaty-committee documents in any language: "
            "every answer quotes the Committee verbatim, with symbol, paragraph, sub-items and "
            "grade."
        )
        with gr.Tab("Ask"):
            _ask_tab(engine)
        with gr.Tab("Look up a paragraph"):
            _lookup_tab(engine)
        with gr.Tab("Search"):
            _search_tab(engine)
        with gr.Tab("Documents"):
            _documents_tab(engine)
        gr.api(ask_json, api_name="ask")
        gr.api(search_json, api_name="search")
        gr.api(cite_json, api_name="cite")
    demo.state_session_capacity = SESSION_CAPACITY  # read when the app is mounted
    return demo.queue(default_concurrency_limit=QUERY_CONCURRENCY)


def _hits(hits) -> dict:
    return {"hits": [hit.to_dict() for hit in hits]}


def _json(run: Callable[[], dict]) -> dict:
    """Run an API call; project errors become gr.Error with their one-line message, others
    one generic line (the trace goes to the server's log)."""
    try:
        return run()
    except QAError as e:
        raise gr.Error(str(e)) from e
    except Exception as e:
        log.exception("internal error in the Gradio API")
        raise gr.Error(INTERNAL_ERROR) from e


def create_server_app(settings: Settings, *, progress: bool = True) -> FastAPI:
    """The FastAPI app (JSON routes) with the Gradio UI and API mounted at "/"; seeds indexed."""
    from qa.api import create_app

    engine = Engine(settings)
    engine.ensure_index(progress=progress)
    return gr.mount_gradio_app(
        create_app(engine),
        build_ui(engine),
        path="/",
        css=CSS,
        show_error=False,  # only gr.Error messages reach the page, never an exception's text
        max_file_size=settings.max_file_bytes,
    )


def serve(settings: Settings) -> None:
    """Index the seeds if needed, then serve the UI, the Gradio API and the JSON routes."""
    import uvicorn

    app = create_server_app(settings)
    print(f"Serving on http://{settings.host}:{settings.port}", flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
