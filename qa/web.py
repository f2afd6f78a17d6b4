"""The Gradio web app (the only module importing gradio): ask, look-up, search, documents, API.

With an admin token set (Settings.admin_token) the Documents tab also uploads, removes and
re-indexes documents for whoever enters the token; without one those components and their
endpoints are never built.
"""

# No `from __future__ import annotations`: Gradio reads an API function's return type from
# inspect.signature, which would then be a string, and gradio_client would show `Any`.
import functools
import logging
from collections.abc import Callable
from html import escape
from pathlib import Path

from qa import offline  # noqa: F401 - before gradio: no telemetry

# isort: split
import gradio as gr
from fastapi import FastAPI
from gradio.utils import get_upload_folder

from index.domain.errors import QAError
from qa.admin import (
    admin_reindex,
    admin_remove,
    admin_upload,
    allowed_suffixes,
    inspect_indexed,
)
from qa.api_types import AnswerJSON, ChatMessage, HitsJSON
from qa.config import MAX_K, QUERY_WORKERS, UI_QUEUE_SIZE, UI_SESSION_CAPACITY, Settings
from qa.coverage import coverage
from qa.engine import Engine
from qa.export_files import export_chat
from qa.grades import GROUPS, grade_rows
from qa.grades_view import grades_chart, grades_table
from qa.guard import (
    Runner,
    check_history,
    check_text,
    check_whole,
    public_message,
)
from qa.model import hits_json
from qa.reference import parse_reference
from qa.render import (
    CSS,
    render_answer,
    render_coverage,
    render_documents,
    render_download,
    render_error,
    render_hits,
    render_inspection,
    render_question,
    render_status,
)
from qa.ui_choices import (
    ASK_EXAMPLES,
    EXPORT_CHOICES,
    GROUP_CHOICES,
    NO_SOURCES,
    SEARCH_EXAMPLES,
    chat_questions,
    filter_choices,
    filters_of,
)
from qa.ui_script import PAGE_JS, SCROLL_TO_ANSWER_JS, TOKEN_COOKIE_JS

log = logging.getLogger(__name__)
PRIVATE = {"api_visibility": "private"}
INTERNAL_ERROR = "internal error; the server's log has the details"


def _error(message: str) -> gr.Error:
    """A message for the user; not a fault, so Gradio prints no trace (the fault path logs its
    own with log.exception)."""
    return gr.Error(message, print_exception=False)


def _ui_error(error: QAError) -> gr.Error:
    """A gr.Error for the UI: its modal renders HTML, so the message is escaped; no server
    path or process id reaches it (the details go to the server's log)."""
    log.info("refused: %s", error)
    return _error(escape(public_message(error)))


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
            raise _error(INTERNAL_ERROR) from e

    return run


def _filter_row(engine: Engine) -> list:
    """The widgets `filters_of` takes, in its order, each offering what is indexed."""
    choices = filter_choices(engine.documents(), engine.keyword.fields)
    with gr.Row():
        return [gr.Dropdown(options, value="", label=label) for label, options in choices]


def _ask_tab(engine: Engine, runner: Runner) -> gr.HTML:
    """A chat answering with quotes and citations, the retrieved passages beside it."""

    @_guarded
    def respond(question, history, *filter_values):
        question = check_text(question, "the question")
        # the chat is rebuilt from its text alone: nothing a client sent as a file (or any
        # other part) can reach Gradio's output, which would serve it
        history = check_history(history, "the chat")
        filters = filters_of(*filter_values)
        answer = runner.run(engine.ask, question, history=chat_questions(history), filters=filters)
        history.append({"role": "user", "content": render_question(question)})
        history.append({"role": "assistant", "content": render_answer(answer)})
        sources = render_hits(list(answer.hits), empty="No passage was retrieved.")
        return history, sources, ""

    with gr.Row():
        with gr.Column(scale=3):
            covered = gr.HTML(elem_id="qa-coverage")  # what is indexed, filled on page load
            chatbot = gr.Chatbot(
                label="Answers",
                elem_id="qa-chat",
                height=640,
                autoscroll=False,  # qa.ui_script scrolls to the new answer's first line
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
            export_row = _export_row(engine, runner)
        with gr.Column(scale=2):
            gr.Markdown("### Sources")
            sources = gr.HTML(render_hits([], empty=NO_SOURCES), elem_id="qa-sources")
    inputs = [question, chatbot, *filters]
    outputs = [chatbot, sources, question]
    for event in (ask.click, question.submit):
        event(respond, inputs, outputs, **PRIVATE).then(None, js=SCROLL_TO_ANSWER_JS, **PRIVATE)
    clear.click(
        lambda: ([], render_hits([], empty=NO_SOURCES)), None, [chatbot, sources], **PRIVATE
    )
    export_row(chatbot, filters)
    return covered


def _export_row(engine: Engine, runner: Runner) -> Callable:
    """Export buttons for the conversation or its last answer (qa.export_files.export_chat);
    returns the function wiring them to the chat and its filters."""

    @_guarded
    def exported(history, fmt, last_only, *filter_values):
        questions, filters = chat_questions(history), filters_of(*filter_values)
        return render_download(*runner.run(export_chat, engine, questions, fmt, last_only, filters))

    with gr.Row():
        fmt = gr.Dropdown(EXPORT_CHOICES, value="md", label="Export format", scale=2)
        everything = gr.Button("Export conversation", size="sm", elem_id="qa-export-all")
        last = gr.Button("Export last answer", size="sm", elem_id="qa-export-last")
    # a data: link, not a file component: nothing is written to disk, nothing can be uploaded
    download = gr.HTML(elem_id="qa-export-file")

    def wire(chatbot, filters):
        for button, last_only in ((everything, False), (last, True)):
            run = functools.partial(lambda flag, h, f, *v: exported(h, f, flag, *v), last_only)
            button.click(run, [chatbot, fmt, *filters], download, **PRIVATE)

    return wire


def _lookup_tab(engine: Engine, runner: Runner) -> None:
    """A paragraph's recommendation, the reply reference and the assessments."""

    @_guarded
    def cite_html(reference):
        reference = check_text(reference, "the reference")
        try:
            hits = runner.run(engine.cite, reference)
            items = parse_reference(reference).items  # marked in the text, as on /p/ pages
        except QAError as e:
            return render_error(public_message(e))
        return render_hits(hits, empty=f"No such paragraph in the index: {reference}", items=items)

    reference = gr.Textbox(
        label="Reference", placeholder="CMW/C/AZE/CO/3 para. 36(b)  ·  第36段(b)项"
    )
    button = gr.Button("Look up", variant="primary")
    cited = gr.HTML()
    button.click(cite_html, reference, cited, **PRIVATE)
    reference.submit(cite_html, reference, cited, **PRIVATE)


def _search_tab(engine: Engine, runner: Runner) -> None:
    """Hybrid search with filters; verbatim hits."""

    @_guarded
    def search_html(question, k, *filter_values):
        question, k = check_text(question, "the question"), check_whole(k, "k")
        filters = filters_of(*filter_values)
        try:
            hits = runner.run(engine.search, question, k=k, filters=filters)
        except QAError as e:
            return render_error(public_message(e))
        return render_hits(hits, empty="Nothing in the indexed documents matches this question.")

    question = gr.Textbox(label="Question", placeholder=SEARCH_EXAMPLES[0])
    k = gr.Slider(1, min(MAX_K, 20), value=engine.settings.k, step=1, label="Results")
    filters = _filter_row(engine)
    button = gr.Button("Search", variant="primary")
    results = gr.HTML()
    gr.Examples(SEARCH_EXAMPLES, inputs=question)
    inputs = [question, k, *filters]
    button.click(search_html, inputs, results, **PRIVATE)
    question.submit(search_html, inputs, results, **PRIVATE)


def _documents_tab(engine: Engine) -> tuple[Callable, gr.HTML]:
    """The indexed documents; with an admin token set, the administration panel below them."""

    def table():
        return render_documents(engine.documents())

    # filled on page load by a private event (a callable value would add a public endpoint)
    documents = gr.HTML(elem_id="qa-documents")
    refresh = gr.Button("Refresh", size="sm")
    refresh.click(_guarded(table), None, documents, **PRIVATE)
    _inspect_panel(engine)
    if engine.settings.admin_token:
        _admin_panel(engine, documents)
    return _guarded(table), documents


def _grades_tab(engine: Engine, runner: Runner) -> tuple[Callable, list]:
    """Where each State stands: a chart of grades by State (or committee, paragraph, theme)
    and a sortable table; each bar segment and paragraph opens the paragraph page."""

    @_guarded
    def show(by):
        by = check_text(by, "group")
        rows = grade_rows(runner.run(engine.assessments))
        return grades_chart(rows, by if by in GROUPS else GROUPS[0]), grades_table(rows)

    by = gr.Radio(GROUP_CHOICES, value=GROUPS[0], label="Grades by", elem_id="qa-grades-by")
    chart = gr.HTML(elem_id="qa-grades-chart")
    table = gr.HTML(elem_id="qa-grades-table")
    by.change(show, by, [chart, table], **PRIVATE)
    return show, [by, chart, table]


def _inspect_panel(engine: Engine) -> None:
    """Check one indexed document: its metadata, paragraph numbers and warnings."""

    def sources():
        return gr.Dropdown(choices=[record.source for record in engine.documents()])

    def show(source: str | None) -> str:
        return render_inspection(inspect_indexed(engine, source)) if source else ""

    with gr.Row():
        chosen = gr.Dropdown(label="Inspect a document", choices=[], elem_id="qa-inspect-source")
    view = gr.HTML(elem_id="qa-inspection")
    chosen.focus(_guarded(sources), None, chosen, **PRIVATE)
    chosen.change(_guarded(show), chosen, view, **PRIVATE)


def _admin_panel(engine: Engine, documents: gr.HTML) -> None:
    """Upload, remove and re-index, each checking the token entered here."""
    admin = {"api_visibility": "private", "concurrency_limit": 1, "concurrency_id": "admin"}

    def refreshed(status: str):
        records = engine.documents()
        sources = [record.source for record in records]
        return status, render_documents(records), gr.update(choices=sources)

    @_guarded
    def upload(token, files):
        folder = Path(get_upload_folder())
        return (*refreshed(render_status(admin_upload(engine, token, files, folder))), None)

    @_guarded
    def remove(token, source):
        return refreshed(render_status(admin_remove(engine, token, source)))

    @_guarded
    def reindex_all(token, scope):
        return refreshed(render_status(admin_reindex(engine, token, scope)))

    with gr.Accordion("Administration", open=True, elem_id="qa-admin"):
        token = gr.Textbox(label="Admin token", type="password", elem_id="qa-admin-token")
        token.change(None, token, None, js=TOKEN_COOKIE_JS, **PRIVATE)
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


def build_ui(engine: Engine, runner: Runner | None = None) -> gr.Blocks:
    """The Blocks app: Ask, Look up, Search and Documents tabs; `ask`, `search`, `cite` API.

    Engine calls run on `runner` within the settings' time budget.
    """
    runner = runner or Runner(engine.settings.request_seconds, QUERY_WORKERS)

    def ask_json(question: str, history: list[ChatMessage] | None = None) -> AnswerJSON:
        """Answer a question (a follow-up resolved against `history`); returns the answer."""

        def answer():
            turns = check_history(history)
            question_text = check_text(question, "question")
            return runner.run(engine.ask, question_text, history=turns).to_dict()

        return _json(answer)

    def search_json(question: str, k: int = 5) -> HitsJSON:
        """Hybrid search; returns {"hits": [...]}."""
        return _json(
            lambda: hits_json(
                runner.run(engine.search, check_text(question, "question"), k=check_whole(k, "k"))
            )
        )

    def cite_json(reference: str) -> HitsJSON:
        """Exact paragraph look-up; returns {"hits": [...]}."""
        return _json(lambda: hits_json(runner.run(engine.cite, check_text(reference, "reference"))))

    with gr.Blocks(title="Treaty-body QA", analytics_enabled=False) as demo:
        gr.Markdown(
            "## Treaty-body QA\nAsk about UN treaty-committee documents in any language: "
            "every answer quotes the Committee verbatim, with symbol, paragraph, sub-items and "
            "grade."
        )
        with gr.Tab("Ask"):
            covered = _ask_tab(engine, runner)
        with gr.Tab("Look up a paragraph"):
            _lookup_tab(engine, runner)
        with gr.Tab("Search"):
            _search_tab(engine, runner)
        with gr.Tab("Where each State stands"):
            grades_show, (grades_by, *grades_out) = _grades_tab(engine, runner)
        with gr.Tab("Documents"):
            documents_table, documents = _documents_tab(engine)
        demo.load(documents_table, None, documents, **PRIVATE)
        demo.load(lambda: render_coverage(coverage(engine.documents())), None, covered, **PRIVATE)
        demo.load(grades_show, grades_by, grades_out, **PRIVATE)
        gr.api(ask_json, api_name="ask")
        gr.api(search_json, api_name="search")
        gr.api(cite_json, api_name="cite")
    demo.state_session_capacity = UI_SESSION_CAPACITY  # read when the app is mounted
    return demo.queue(default_concurrency_limit=QUERY_WORKERS, max_size=UI_QUEUE_SIZE)


def _json(run: Callable[[], dict]) -> dict:
    """Run an API call; project errors become gr.Error with their one-line message, others
    one generic line (the trace goes to the server's log)."""
    try:
        return run()
    except QAError as e:
        log.info("refused: %s", e)
        raise _error(public_message(e)) from e
    except Exception as e:
        log.exception("internal error in the Gradio API")
        raise _error(INTERNAL_ERROR) from e


def create_server_app(settings: Settings, *, progress: bool = True) -> FastAPI:
    """The FastAPI app (JSON routes) with the Gradio UI and API mounted at "/"; seeds indexed.
    (`qa serve` mounts the UI later, once gradio is imported: qa.server.)"""
    from qa.api import create_app

    engine = Engine(settings)
    engine.ensure_index(progress=progress)
    runner = Runner(settings.request_seconds, QUERY_WORKERS)
    app = mount_ui(create_app(engine, runner), engine, runner)
    app.state.ui = "ready"
    return app


def mount_ui(app: FastAPI, engine: Engine, runner: Runner) -> FastAPI:
    """`app` with the Gradio UI and API mounted at "/" (started by `app`'s lifespan)."""
    demo = build_ui(engine, runner)
    app = gr.mount_gradio_app(
        app,
        demo,
        path="/",
        css=CSS,
        js=f"() => {{ {PAGE_JS} }}",  # copy buttons, sortable tables (qa.ui_script)
        show_error=False,  # only gr.Error messages reach the page, never an exception's text
        max_file_size=engine.settings.max_file_bytes,
        blocked_paths=[str(engine.settings.data_dir.resolve())],
        run_history=False,  # its routes would connect to the Hugging Face hub for a client
    )
    # Gradio checks the paths of file values sent to an event (only its upload folder) and
    # returned by one only once `has_launched` is set, which launch() does and mounting does
    # not: without it any server file named in a value was copied out (docs/SECURITY.md).
    demo.has_launched = True
    return app
