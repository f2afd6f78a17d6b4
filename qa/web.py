"""The Gradio web app (the only module importing gradio): ask, look-up, search, API endpoints."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import gradio as gr
from fastapi import FastAPI

from index.errors import QAError
from index.model import Filters
from qa.config import MAX_K, Settings
from qa.engine import Engine
from qa.render import (
    CSS,
    question_of,
    render_answer,
    render_error,
    render_hits,
    render_question,
)

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

    def respond(question, history, *filter_values):
        history = list(history or [])
        try:
            answer = engine.ask(
                question, history=chat_questions(history), filters=_filters(*filter_values)
            )
        except QAError as e:
            raise _ui_error(e) from e
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


def build_ui(engine: Engine) -> gr.Blocks:
    """The Blocks app: Ask, Look up and Search tabs, and the `ask`, `search`, `cite` API."""

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
        gr.api(ask_json, api_name="ask")
        gr.api(search_json, api_name="search")
        gr.api(cite_json, api_name="cite")
    return demo


def _hits(hits) -> dict:
    return {"hits": [hit.to_dict() for hit in hits]}


def _json(run: Callable[[], dict]) -> dict:
    """Run an API call; project errors become gr.Error with their one-line message."""
    try:
        return run()
    except QAError as e:
        raise gr.Error(str(e)) from e


def create_server_app(settings: Settings, *, progress: bool = True) -> FastAPI:
    """The FastAPI app (JSON routes) with the Gradio UI and API mounted at "/"; seeds indexed."""
    from qa.api import create_app

    engine = Engine(settings)
    engine.ensure_index(progress=progress)
    return gr.mount_gradio_app(create_app(engine), build_ui(engine), path="/", css=CSS)


def serve(settings: Settings) -> None:
    """Index the seeds if needed, then serve the UI, the Gradio API and the JSON routes."""
    import uvicorn

    app = create_server_app(settings)
    print(f"Serving on http://{settings.host}:{settings.port}", flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
