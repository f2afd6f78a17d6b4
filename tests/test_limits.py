"""Every request bounded, over real HTTP (issue 11, docs/SECURITY.md): body size (413), chat
history (400), time (503, the server still answering /healthz), malformed JSON (400 on a
connection that stays usable), and no server path or process id in a message."""

from __future__ import annotations

import html
import json
import os
import re
import time

import httpx
import pytest

from index.store.lock import write_lock
from qa.config import MAX_BODY_BYTES, MAX_HISTORY_CHARS, MAX_HISTORY_TURNS
from tests.conftest import seeded_data_dir
from tests.probe import NO_FILTERS, completed, config, fn_index, queue_call
from tests.test_web import running_server

TOKEN = "limits-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
QUESTION = "Is Azerbaijan still detaining migrant children?"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = seeded_data_dir(tmp_path_factory, "limits")
    with running_server(data_dir, QA_ADMIN_TOKEN=TOKEN) as url:
        yield url, data_dir


def turns(count: int, text: str = "and paragraph 36?") -> list[dict]:
    return [{"role": "user", "content": text} for _ in range(count)]


TOO_LARGE = f"larger than {MAX_BODY_BYTES / 2**20:g} MB"
HISTORY_CASES = [
    # (history, message)
    (turns(MAX_HISTORY_TURNS + 1), f"the limit is {MAX_HISTORY_TURNS:,}"),
    (turns(10, "x" * (MAX_HISTORY_CHARS // 10 + 1)), f"the limit is {MAX_HISTORY_CHARS:,}"),
]


@pytest.mark.parametrize("history, message", HISTORY_CASES, ids=["turns", "characters"])
def test_history_past_its_limits_is_400(server, history, message):
    url, _ = server
    response = httpx.post(f"{url}/api/ask", json={"question": QUESTION, "history": history})
    assert response.status_code == 400 and message in response.json()["error"]
    chat = fn_index(config(url), "qa-chat")
    # the Chatbot's own shape: content as typed parts
    messages = [
        {**turn, "content": [{"type": "text", "text": turn["content"]}]} for turn in history
    ]
    with httpx.Client(base_url=url) as client:
        sent = completed(queue_call(client, chat, [QUESTION, messages, *NO_FILTERS])[1])
        assert sent["success"] is False and message in html.unescape(sent["output"]["error"])
        sent = client.post("/gradio_api/call/ask", json={"data": [QUESTION, history]})
        result = client.get(f"/gradio_api/call/ask/{sent.json()['event_id']}").text
    assert "event: error" in result and message in result


def test_history_at_its_limits_is_answered(server):
    url, _ = server
    history = turns(MAX_HISTORY_TURNS, "x" * (MAX_HISTORY_CHARS // MAX_HISTORY_TURNS))
    response = httpx.post(
        f"{url}/api/ask", json={"question": QUESTION, "history": history}, timeout=60
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "path", ["/api/ask", "/gradio_api/queue/join", "/gradio_api/call/ask", "/gradio_api/run/ask"]
)
@pytest.mark.parametrize("chunked", [False, True], ids=["length", "chunked"])
def test_a_body_past_the_limit_is_413(server, path, chunked):
    url, _ = server
    body = json.dumps({"question": QUESTION, "history": ["x" * MAX_BODY_BYTES]}).encode()
    content = iter([body[i : i + 65536] for i in range(0, len(body), 65536)]) if chunked else body
    started = time.monotonic()
    response = httpx.post(f"{url}{path}", content=content, timeout=30)
    assert response.status_code == 413 and TOO_LARGE in response.json()["error"]
    assert time.monotonic() - started < 5
    assert httpx.get(f"{url}/healthz").status_code == 200


BAD_BODIES = [
    # (raw body, message)
    (b'{"question": "\\ud800 detention"}', "lone surrogate"),
    (b'{"question": "detention", "history": ["\\udfff"]}', "lone surrogate"),
    (b'{"question": "detention", "k": NaN}', "NaN is not a JSON number"),
    (b'{"question": "detention", "k": Infinity}', "Infinity is not a JSON number"),
    (b'{"question": "detention", "k": -Infinity}', "-Infinity is not a JSON number"),
    (b'{"question": "x", "history": [{"role": "user", "content": {"text": {}}}]}', "must be text"),
    (b'{"question": "x", "history": [{"role": "user", "content": 5}]}', "must be text"),
    (b'{"question": "x", "history": [{"role": "robot", "content": "hi"}]}', "role must be one"),
    (b'{"question": "x", "history": {"role": "user"}}', "history must be a list"),
    (b'{"question": "x", "history": [[1, 2]]}', "must be a message or a string"),
    (b'{"question": {"text": "x"}}', "question must be text"),
    (b'{"question": "caf\xe9"}', "not UTF-8"),
    (b'{"question": "x"', "not JSON"),
    (b"", "not JSON"),
    (b'["detention"]', "must be a JSON object, got list"),
    (b'"detention"', "must be a JSON object, got str"),
    (b"null", "must be a JSON object, got NoneType"),
]


def test_malformed_json_is_400_and_the_connection_stays_usable(server):
    url, _ = server
    ports = set()
    with httpx.Client(base_url=url, timeout=30) as client:
        for body, message in BAD_BODIES:
            response = client.post(
                "/api/ask", content=body, headers={"Content-Type": "application/json"}
            )
            assert response.status_code == 400, (body, response.text)
            assert message in response.json()["error"], (body, response.text)
            assert response.headers.get("connection") != "close"
            assert client.get("/healthz").status_code == 200
            ports.add(_local_port(response))
    assert len(ports) == 1  # one keep-alive connection throughout


def _local_port(response: httpx.Response) -> int:
    return response.extensions["network_stream"].get_extra_info("client_addr")[1]


def test_busy_index_message_shows_no_path_or_pid(server):
    url, data_dir = server
    app_config = config(url)
    reindex = next(
        index
        for index, dependency in enumerate(app_config["dependencies"])
        if _elem(app_config, dependency["targets"][0][0]) == "qa-reindex"
    )
    with write_lock(data_dir):
        response = httpx.post(f"{url}/api/reindex", headers=AUTH, timeout=60)
        with httpx.Client(base_url=url) as client:
            sent = completed(queue_call(client, reindex, [TOKEN, "seeds"])[1])
    assert response.status_code == 409
    for message in (response.json()["error"], html.unescape(sent["output"]["error"])):
        assert "is being indexed by another run" in message
        assert str(data_dir) not in message and "/" not in message
        assert not re.search(r"process \d+", message) and str(os.getpid()) not in message


def _elem(app_config: dict, component_id: int) -> str | None:
    for component in app_config["components"]:
        if component["id"] == component_id:
            return component.get("props", {}).get("elem_id")
    return None


def test_a_request_past_its_time_budget_is_503_and_health_answers(tmp_path_factory):
    data_dir = seeded_data_dir(tmp_path_factory, "limits-slow")
    with running_server(data_dir, QA_REQUEST_SECONDS="0.001") as url:
        started = time.monotonic()
        response = httpx.post(f"{url}/api/ask", json={"question": QUESTION}, timeout=30)
        assert response.status_code == 503
        assert "longer than 0.001 s (QA_REQUEST_SECONDS)" in response.json()["error"]
        searched = httpx.get(f"{url}/api/search", params={"q": QUESTION}, timeout=30)
        assert searched.status_code == 503
        with httpx.Client(base_url=url) as client:
            chat = fn_index(config(url), "qa-chat")
            sent = completed(queue_call(client, chat, [QUESTION, [], *NO_FILTERS])[1])
            assert "QA_REQUEST_SECONDS" in sent["output"]["error"]
            assert client.get("/healthz", timeout=5).json()["status"] == "ok"
        assert time.monotonic() - started < 10
