"""A stranger's probes over real HTTP (issue 11, docs/SECURITY.md): no route returns the bytes
of a server file, /dev/zero is refused at once, and Gradio's upload takes files only from
the admin, keeps none it refuses and never shows a server path."""

from __future__ import annotations

import html
import time
from pathlib import Path

import httpx
import pytest
from gradio.utils import get_upload_folder

from tests.conftest import DATA, seeded_data_dir
from tests.probe import (
    FILE_META,
    NO_FILTERS,
    chat_with_file,
    completed,
    config,
    fetched_urls,
    file_part,
    fn_index,
    named_call,
    queue_call,
)
from tests.test_web import running_server

TOKEN = "security-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def secret(tmp_path_factory) -> Path:
    """A server file in the system's temp directory (one Gradio allows for outputs)."""
    path = tmp_path_factory.mktemp("secret") / "secret.txt"
    path.write_bytes(b"SECRET-MARKER-6f1c")
    return path


@pytest.fixture(scope="module", params=["no token", "token"])
def server(request, tmp_path_factory):
    """(url, data_dir, token or None): the app without and with QA_ADMIN_TOKEN."""
    data_dir = seeded_data_dir(tmp_path_factory, "security")
    env = {"QA_ADMIN_TOKEN": TOKEN} if request.param == "token" else {}
    with running_server(data_dir, **env) as url:
        yield url, data_dir, env.get("QA_ADMIN_TOKEN")


def targets(secret: Path, data_dir: Path) -> dict[str, bytes]:
    """Server files a stranger names, with bytes that would show them leaked."""
    return {
        "/proc/self/environ": b"PATH=",
        "/etc/passwd": b"root:x:0:0",
        str(data_dir / "chroma" / "chroma.sqlite3"): b"SQLite format 3",
        str(secret): secret.read_bytes(),
    }


def _leaked(client: httpx.Client, sent: str | bytes, markers: dict[str, bytes]) -> list[str]:
    body = sent.encode() if isinstance(sent, str) else sent
    if isinstance(sent, str):
        body += fetched_urls(client, sent)
    return [path for path, marker in markers.items() if marker in body]


def copies_since(started: float, names: set[str]) -> list[Path]:
    """Files named like a target that appeared (or were touched) in Gradio's cache since."""
    folder = Path(get_upload_folder())
    return [
        path
        for path in (folder.rglob("*") if folder.exists() else ())
        if path.name in names and path.stat().st_ctime >= started
    ]


def test_no_route_returns_a_server_file(server, secret):
    url, data_dir, token = server
    markers = targets(secret, data_dir)
    started = time.time() - 1
    app_config = config(url)
    events = [
        index
        for index, dependency in enumerate(app_config["dependencies"])
        if dependency.get("backend_fn", True)
    ]
    assert len(events) >= 5  # ask (twice), look up, search, documents...
    leaks = []
    with httpx.Client(base_url=url) as client:
        for path in markers:
            values = (file_part(path), chat_with_file(path), [file_part(path)])
            for index in events:
                width = len(app_config["dependencies"][index]["inputs"])
                for value in values:
                    data = [token or "", *[value] * (width - 1)] if width else []
                    leaks += _leaked(client, queue_call(client, index, data)[1], markers)
            for api_name in ("ask", "search", "cite"):
                leaks += _leaked(
                    client, named_call(client, api_name, [path, chat_with_file(path)]), markers
                )
                for route in ("run", "api"):
                    data = {"data": [file_part(path), chat_with_file(path)]}
                    sent = client.post(f"/gradio_api/{route}/{api_name}", json=data, timeout=30)
                    leaks += _leaked(client, sent.text, markers)
            asked = client.post("/api/ask", json={"question": "x", "history": chat_with_file(path)})
            assert asked.status_code == 400 and "text only" in asked.json()["error"]
            for route in ("/gradio_api/file=", "/gradio_api/file/", "/file="):
                leaks += _leaked(client, client.get(f"{route}{path}").content, markers)
            leaks += _leaked(client, client.get("/api/search", params={"q": path}).text, markers)
            leaks += _leaked(client, client.get("/api/cite", params={"ref": path}).text, markers)
        fetched = client.get(f"/gradio_api/file={url}/healthz")
        assert fetched.status_code == 403 and "fetches no URL" in fetched.json()["error"]
    assert leaks == []
    assert copies_since(started, {Path(path).name for path in markers}) == []  # none copied


def test_dev_zero_is_refused_at_once(server):
    url, _, token = server
    app_config = config(url)
    chat = fn_index(app_config, "qa-chat")
    with httpx.Client(base_url=url) as client:
        started = time.monotonic()
        sent = queue_call(client, chat, ["detention", chat_with_file("/dev/zero"), *NO_FILTERS])
        assert completed(sent[1])["success"] is False
        if token:
            index = fn_index(app_config, "qa-upload")
            sent = queue_call(client, index, [token, [file_part("/dev/zero")]])
            assert completed(sent[1])["success"] is False
        assert time.monotonic() - started < 5
        assert client.get("/healthz", timeout=5).status_code == 200


def test_gradio_upload_needs_the_admin_token(server):
    url, _, token = server
    folder = Path(get_upload_folder())
    before = set(folder.rglob("*")) if folder.exists() else set()
    files = {"files": ("a.md", b"# a note\n")}
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Cookie": "qa_admin_token=wrong"}):
        response = httpx.post(f"{url}/gradio_api/upload", files=files, headers=headers)
        assert response.status_code == (401 if token else 404)
        assert "/" not in response.json()["error"].replace("QA_ADMIN_TOKEN", "")
    after = set(folder.rglob("*")) if folder.exists() else set()
    assert after - before == set()
    if token:
        for headers in (AUTH, {"Cookie": f"qa_admin_token={TOKEN}"}):
            response = httpx.post(f"{url}/gradio_api/upload", files=files, headers=headers)
            assert response.status_code == 200
            (uploaded,) = response.json()
            assert folder.resolve() in Path(uploaded).resolve().parents
            Path(uploaded).unlink()


@pytest.fixture(scope="module")
def admin(tmp_path_factory):
    data_dir = seeded_data_dir(tmp_path_factory, "security-admin")
    with running_server(data_dir, QA_ADMIN_TOKEN=TOKEN) as url:
        yield url, data_dir


def _upload(url: str, name: str, content: bytes) -> str:
    response = httpx.post(
        f"{url}/gradio_api/upload", files={"files": (name, content)}, headers=AUTH
    )
    assert response.status_code == 200, response.text
    return response.json()[0]


def _sources(url: str) -> list[str]:
    return [d["source"] for d in httpx.get(f"{url}/api/documents").json()["documents"]]


def test_admin_upload_indexes_only_uploaded_files_and_removes_them(admin, secret):
    url, _ = admin
    index = fn_index(config(url), "qa-upload")
    before = _sources(url)
    with httpx.Client(base_url=url) as client:
        for path in (str(secret), "/etc/passwd", str(DATA / "follow_up_en.md")):
            sent = completed(queue_call(client, index, [TOKEN, [file_part(path)]])[1])
            assert sent["success"] is False, sent
        assert _sources(url) == before
        uploaded = _upload(url, "follow_up_en.md", (DATA / "follow_up_en.md").read_bytes())
        value = [{"path": uploaded, "orig_name": "follow_up_en.md", "meta": FILE_META}]
        sent = completed(queue_call(client, index, [TOKEN, value], timeout=120)[1])
    assert sent["success"] is True, sent
    assert "Indexed follow_up_en.md" in str(sent["output"])
    assert not Path(uploaded).exists() and not Path(uploaded).parent.exists()
    assert len(_sources(url)) == len(before) + 1


def test_a_file_part_in_the_chat_is_refused_with_a_clear_error(admin):
    """A file the admin uploaded passes Gradio's own check; the chat still refuses it."""
    url, _ = admin
    uploaded = _upload(url, "note.md", b"UPLOADED-MARKER-93ab\n")
    chat = fn_index(config(url), "qa-chat")
    try:
        with httpx.Client(base_url=url) as client:
            data = ["detention", chat_with_file(uploaded), *NO_FILTERS]
            status, sent = queue_call(client, chat, data)
            assert b"UPLOADED-MARKER" not in sent.encode() + fetched_urls(client, sent)
    finally:
        Path(uploaded).unlink(missing_ok=True)
    error = html.unescape(completed(sent)["output"]["error"])
    assert status == 200 and "a chat message may hold text only, not 'file' parts" in error
