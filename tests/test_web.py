"""Tests for qa.web: the real app served by uvicorn, called through gradio_client."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn
from gradio_client import Client

from qa.config import Settings
from qa.ui_choices import chat_questions
from qa.web import create_server_app
from tests.conftest import seeded_data_dir

QUESTION = "Is Azerbaijan still detaining migrant children?"
STARTUP_SECONDS = 60


def _settings(data_dir: Path, port: int = 0, **env: str) -> Settings:
    return Settings.from_env({"QA_DATA_DIR": str(data_dir), "QA_PORT": str(port), **env})


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_server(data_dir: Path, **env: str) -> Iterator[str]:
    """Serve create_server_app on a free port in a thread; yields its URL; always stops it.

    `env` adds QA_* settings (e.g. QA_ADMIN_TOKEN).
    """
    settings = _settings(data_dir, free_port(), **env)
    app = create_server_app(settings, progress=False)
    config = uvicorn.Config(app, host=settings.host, port=settings.port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://{settings.host}:{settings.port}"
    try:
        _wait_healthy(url, thread)
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _wait_healthy(url: str, thread: threading.Thread) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and thread.is_alive():
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the app did not answer {url}/healthz within {STARTUP_SECONDS} s")


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    with running_server(seeded_data_dir(tmp_path_factory, "web")) as url:
        yield url


@pytest.fixture(scope="module")
def client(server_url):
    return Client(server_url, verbose=False)


def test_gradio_client_sees_only_named_endpoints_typed_field_by_field(client):
    info = client.view_api(return_format="dict", print_info=False)
    assert set(info["named_endpoints"]) == {"/ask", "/search", "/cite"}
    assert not info.get("unnamed_endpoints")
    for endpoint in info["named_endpoints"].values():
        for part in (*endpoint["parameters"], *endpoint["returns"]):
            assert part["python_type"]["type"] != "Any", part
    returned = info["named_endpoints"]["/search"]["returns"][0]["python_type"]["type"]
    assert "hits: list[dict(chunk_id: str" in returned and "citation: str" in returned


def test_healthz(server_url):
    assert httpx.get(f"{server_url}/healthz").json() == {
        "status": "ok",
        "documents": 1,
        "ui": "ready",
    }


def test_ask(client):
    answer = client.predict(QUESTION, api_name="/ask")
    # the answer or, just under the answer bar, the closest match (test_engine's first test)
    assert answer["found"] is True or answer["closest"] is True
    assert answer["language"] == "en"
    assert any(c["paragraph"] == 36 for c in answer["citations"])
    assert all(c["url"].startswith("https://undocs.org/") for c in answer["citations"])
    assert {"answer", "language", "found", "citations", "hits"} <= answer.keys()


def test_ask_follow_up_uses_history(client):
    answer = client.predict("and paragraph 60?", [QUESTION], api_name="/ask")
    assert answer["found"] is True
    assert {c["paragraph"] for c in answer["citations"]} == {60}


def test_ask_not_found_says_so(client):
    answer = client.predict("What is the capital of France?", api_name="/ask")
    assert answer["found"] is False
    assert all(c["role"] == "related" for c in answer["citations"])


def test_search(client):
    hits = client.predict(QUESTION, 5, api_name="/search")["hits"]
    assert len(hits) == 5
    assert any(h["paragraph"] == 36 and h["kind"] == "assessment" for h in hits)
    assert all(h["text"] and h["citation"] for h in hits)


def test_cite_paragraph_62c(client):
    hits = client.predict("paragraph 62(c)", api_name="/cite")["hits"]
    assert [h["kind"] for h in hits] == ["recommendation", "reply", "assessment"]
    assert hits[-1]["citation"] == "CMW/C/AZE/CO/3, para. 62 (c) [F]"
    assert hits[-1]["grade"] == "F"


@pytest.mark.parametrize(
    "api_name, args, message",
    [
        ("/ask", ("",), "the question is empty"),
        ("/ask", ("   ",), "the question is empty"),
        ("/search", ("", 5), "the question is empty"),
        ("/search", ("x", 0), "k must be a whole number from 1 to 100"),
        ("/cite", ("nonsense",), "cannot find a paragraph number"),
    ],
)
def test_errors_raise_with_message(client, api_name, args, message):
    with pytest.raises(Exception, match=message):
        client.predict(*args, api_name=api_name)


def test_chat_questions_reads_back_escaped_user_turns():
    history = [
        {"role": "user", "content": [{"type": "text", "text": "<div>a &lt;b&gt; &amp; c</div>"}]},
        {"role": "assistant", "content": "<div>answer</div>"},
        {"role": "user", "content": "<div>and paragraph 60?</div>"},
    ]
    assert chat_questions(history) == ["a <b> & c", "and paragraph 60?"]


# The JSON routes, over real HTTP on the same server


def test_rest_search(server_url):
    response = httpx.get(f"{server_url}/api/search", params={"q": QUESTION, "k": 3}, timeout=30)
    assert response.status_code == 200
    hits = response.json()["hits"]
    assert len(hits) == 3 and hits[0]["paragraph"] == 36


def test_rest_ask(server_url):
    body = {"question": "and paragraph 60?", "history": [QUESTION]}
    answer = httpx.post(f"{server_url}/api/ask", json=body, timeout=30).json()
    assert answer["found"] and {h["paragraph"] for h in answer["hits"]} == {60}
    assert set(answer) == {"answer", "language", "found", "closest", "citations", "hits"}


def test_rest_cite_and_documents(server_url):
    hits = httpx.get(f"{server_url}/api/cite", params={"ref": "第62段(c)项"}, timeout=30).json()
    assert [h["kind"] for h in hits["hits"]] == ["recommendation", "reply", "assessment"]
    documents = httpx.get(f"{server_url}/api/documents", timeout=30).json()["documents"]
    assert [d["chunk_count"] for d in documents] == [18]


def test_openapi_page_lists_the_routes(server_url):
    spec = httpx.get(f"{server_url}/openapi.json", timeout=30).json()
    assert {"/api/search", "/api/ask", "/api/cite", "/api/documents", "/healthz"} <= set(
        spec["paths"]
    )
    assert httpx.get(f"{server_url}/docs", timeout=30).status_code == 200


@pytest.mark.parametrize(
    "method, path, payload, status, message",
    [
        ("GET", "/api/search", {"q": ""}, 400, "the question is empty"),
        ("GET", "/api/search", {"q": "x", "k": 0}, 400, "k must be a whole number"),
        ("POST", "/api/ask", {"question": "   "}, 400, "the question is empty"),
        ("GET", "/api/cite", {"ref": "no paragraph here"}, 400, "cannot find a paragraph number"),
    ],
)
def test_rest_errors_are_4xx_json(server_url, method, path, payload, status, message):
    if method == "GET":
        response = httpx.get(f"{server_url}{path}", params=payload, timeout=30)
    else:
        response = httpx.post(f"{server_url}{path}", json=payload, timeout=30)
    assert response.status_code == status
    assert message in response.json()["error"]


@pytest.mark.parametrize(
    "method, path, allowed",
    [
        ("DELETE", "/healthz", "GET, HEAD"),
        ("POST", "/healthz", "GET, HEAD"),
        ("PUT", "/p/CMW/C/AZE/CO/3/36", "GET"),
        ("POST", "/docs", "GET"),
        ("DELETE", "/openapi.json", "GET, HEAD"),
        ("POST", "/docs-assets/swagger-ui.css", "GET, HEAD"),
        ("GET", "/api/ask", "POST"),
        ("PATCH", "/api/search", "GET"),
        ("OPTIONS", "/api/cite", "GET"),
    ],
)
def test_a_wrong_method_on_any_of_our_routes_is_a_405_error_json(server_url, method, path, allowed):
    # outside /api the Gradio app mounted at "/" would answer it (a 404) without ErrorJSON
    response = httpx.request(method, f"{server_url}{path}", timeout=30)
    assert response.status_code == 405
    assert response.headers["allow"] == allowed
    assert response.json() == {"error": f"{method} is not allowed on {path}; use {allowed}"}


def test_gradio_routes_and_head_on_healthz_still_answer(server_url):
    assert httpx.head(f"{server_url}/healthz", timeout=30).status_code == 200
    assert httpx.get(f"{server_url}/config", timeout=30).status_code == 200
    assert httpx.get(f"{server_url}/gradio_api/info", timeout=30).status_code == 200
    page = httpx.get(f"{server_url}/", timeout=30)
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    missing = httpx.get(f"{server_url}/no-such-page", timeout=30)
    assert missing.status_code == 404 and "error" in missing.json()


ADMIN_ELEMENTS = ("qa-admin", "qa-admin-token", "qa-upload", "qa-remove", "qa-reindex")


def test_documents_tab_without_a_token_has_no_admin_components(server_url):
    config = httpx.get(f"{server_url}/config", timeout=30).json()
    elem_ids = {c["props"].get("elem_id") for c in config["components"]}
    assert "qa-documents" in elem_ids
    assert not elem_ids & set(ADMIN_ELEMENTS)
    inputs = {i for d in config["dependencies"] for i in d["inputs"]}
    passwords = [c["id"] for c in config["components"] if c["props"].get("type") == "password"]
    assert not inputs & set(passwords)
    files = [c for c in config["components"] if c["type"] in ("file", "uploadbutton")]
    assert files == []


def test_unexpected_errors_reach_the_user_as_one_line():
    import gradio as gr

    from qa.web import INTERNAL_ERROR, _guarded, _json

    def broken(*args):
        raise RuntimeError("secret detail in /srv/data")

    for call in (lambda: _json(broken), lambda: _guarded(broken)("question")):
        with pytest.raises(gr.Error) as raised:
            call()
        assert raised.value.message == INTERNAL_ERROR
