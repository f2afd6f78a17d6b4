"""The Gradio web app (the only module importing gradio): search, look-up, API endpoints."""

from __future__ import annotations

import gradio as gr

from index.errors import QAError
from index.model import Filters
from qa.config import MAX_K, Settings
from qa.engine import Engine
from qa.render import CSS, render_error, render_hits

EXAMPLES = [
    "Are migrant children still detained?",
    "Has Azerbaijan adopted a national migration strategy?",
    "阿塞拜疆是否仍在拘留移民儿童？",
    "贩运人口受害者的识别",
]
GRADES = ["", "A", "B", "C", "D", "E", "F"]
LANGUAGES = ["", "ar", "zh", "en", "fr", "ru", "es"]


def _filters(paragraph, grade, language) -> Filters:
    return Filters(
        paragraph=int(paragraph) if paragraph else None,
        grade=grade or None,
        language=language or None,
    )


def build_ui(engine: Engine) -> gr.Blocks:
    """The Blocks app; its events double as the Gradio API (`search`, `cite`)."""

    def search_html(question, k, paragraph, grade, language):
        try:
            hits = engine.search(question, k=int(k), filters=_filters(paragraph, grade, language))
        except QAError as e:
            return render_error(str(e))
        return render_hits(hits, empty="Nothing in the indexed documents matches this question.")

    def cite_html(reference):
        try:
            hits = engine.cite(reference)
        except QAError as e:
            return render_error(str(e))
        return render_hits(hits, empty=f"No such paragraph in the index: {reference}")

    def search_json(question: str, k: int = 5) -> dict:
        """Hybrid search; returns {"hits": [...]}."""
        return _json(lambda: engine.search(question, k=int(k)))

    def cite_json(reference: str) -> dict:
        """Exact paragraph look-up; returns {"hits": [...]}."""
        return _json(lambda: engine.cite(reference))

    with gr.Blocks(title="Treaty-body QA") as demo:
        gr.Markdown(
            "## Treaty-body QA\nSearch UN treaty-committee documents in any language; every "
            "result is quoted verbatim with its symbol, paragraph, sub-items and grade."
        )
        with gr.Tab("Search"):
            question = gr.Textbox(label="Question", placeholder=EXAMPLES[0])
            with gr.Row():
                k = gr.Slider(1, min(MAX_K, 20), value=engine.settings.k, step=1, label="Results")
                paragraph = gr.Number(label="Paragraph", precision=0, value=None)
                grade = gr.Dropdown(GRADES, value="", label="Grade")
                language = gr.Dropdown(LANGUAGES, value="", label="Language")
            button = gr.Button("Search", variant="primary")
            results = gr.HTML()
            gr.Examples(EXAMPLES, inputs=question)
            inputs = [question, k, paragraph, grade, language]
            button.click(search_html, inputs, results, api_visibility="private")
            question.submit(search_html, inputs, results, api_visibility="private")
        with gr.Tab("Look up a paragraph"):
            reference = gr.Textbox(
                label="Reference", placeholder="CMW/C/AZE/CO/3 para. 36(b)  ·  第36段(b)项"
            )
            cite_button = gr.Button("Look up", variant="primary")
            cited = gr.HTML()
            cite_button.click(cite_html, reference, cited, api_visibility="private")
            reference.submit(cite_html, reference, cited, api_visibility="private")
        gr.api(search_json, api_name="search")
        gr.api(cite_json, api_name="cite")
    return demo


def _json(run) -> dict:
    try:
        return {"hits": [hit.to_dict() for hit in run()]}
    except QAError as e:
        raise gr.Error(str(e)) from e


def serve(settings: Settings) -> None:
    """Index the seeds if needed, then serve the UI, the Gradio API and the JSON routes."""
    import uvicorn

    from qa.api import create_app

    engine = Engine(settings)
    engine.ensure_index()
    app = create_app(engine)
    app = gr.mount_gradio_app(app, build_ui(engine), path="/", css=CSS)
    print(f"Serving on http://{settings.host}:{settings.port}", flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
