"""Probes of a running app over real HTTP, as a stranger would send them (tests/test_security*)."""

from __future__ import annotations

import json
import re
import uuid

import httpx

FILE_META = {"_type": "gradio.FileData"}
# The Ask tab's filter widgets all left at "any": document, paragraph, grade, language, State,
# committee, document type, from year, to year (qa.ui_choices.filter_choices).
NO_FILTERS = ["", None, "", "", "", "", "", "", ""]


def file_part(path: str) -> dict:
    """A Gradio FileData value naming a server path, as a client may send it anywhere."""
    return {"path": path, "meta": FILE_META}


def chat_with_file(path: str) -> list[dict]:
    """A chat history whose user turn holds a file part."""
    return [{"role": "user", "content": [{"type": "file", "file": file_part(path)}]}]


def config(url: str) -> dict:
    return httpx.get(f"{url}/config", timeout=30).json()


def fn_index(app_config: dict, elem_id: str) -> int:
    """The index of the first event taking the component `elem_id` among its inputs (besides
    an event it triggers itself), as the page's JavaScript sends it to /queue/join."""
    ids = [
        c["id"] for c in app_config["components"] if c.get("props", {}).get("elem_id") == elem_id
    ]
    for index, dependency in enumerate(app_config["dependencies"]):
        if ids and ids[0] in dependency["inputs"] and dependency.get("backend_fn", True):
            return index
    raise LookupError(f"no event takes #{elem_id}")


def queue_call(client: httpx.Client, fn: int, data: list, timeout: float = 30) -> tuple[int, str]:
    """POST /gradio_api/queue/join then read /queue/data until the event completes: (status of
    the join, everything the server sent)."""
    session = uuid.uuid4().hex
    joined = client.post(
        "/gradio_api/queue/join",
        json={"data": data, "fn_index": fn, "session_hash": session, "event_data": None},
        timeout=timeout,
    )
    if joined.status_code != 200:
        return joined.status_code, joined.text
    received = []
    params = {"session_hash": session}
    with client.stream("GET", "/gradio_api/queue/data", params=params, timeout=timeout) as stream:
        for line in stream.iter_lines():
            received.append(line)
            if "process_completed" in line or "close_stream" in line:
                break
    return joined.status_code, "\n".join(received)


def completed(sent: str) -> dict:
    """The process_completed message of a queue call."""
    for line in sent.splitlines():
        if line.startswith("data:") and "process_completed" in line:
            return json.loads(line[5:])
    raise AssertionError(f"the event did not complete: {sent[-500:]}")


def named_call(client: httpx.Client, api_name: str, data: list) -> str:
    """POST /gradio_api/call/<name>, then GET its result stream: everything the server sent."""
    posted = client.post(f"/gradio_api/call/{api_name}", json={"data": data}, timeout=30)
    if posted.status_code != 200:
        return posted.text
    event = posted.json()["event_id"]
    result = client.get(f"/gradio_api/call/{api_name}/{event}", timeout=30)
    return posted.text + result.text


def fetched_urls(client: httpx.Client, sent: str) -> bytes:
    """The bytes of every URL on this server a response names (what a stranger would download
    next); links to other hosts (undocs.org) are never fetched."""
    body = b""
    own = str(client.base_url).rstrip("/")
    for url in set(re.findall(r'"url":\s*"([^"]+)"', sent)):
        if url.startswith("/") or url.startswith(own + "/"):
            body += client.get(url, timeout=30).content
    return body
