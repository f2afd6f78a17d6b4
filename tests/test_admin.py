"""Tests for qa.admin and the admin routes: token, uploads checked by content, size, traversal."""

from __future__ import annotations

import io
import json
import os
import socket
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient

from index.store.lock import write_lock
from qa.admin import (
    UPLOAD_NAME,
    BadUpload,
    UploadTooLarge,
    store_upload,
    upload_suffix,
)
from qa.api import create_app
from qa.config import Settings
from qa.engine import Engine
from qa.guard import token_matches
from tests.conftest import DATA, seeded_data_dir
from tests.hostile_files import page_tree_pdf
from tests.test_web import running_server

TOKEN = "s3cret-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
MAX_FILE_MB = 0.25
LIMIT = int(MAX_FILE_MB * 1024 * 1024)
FOLLOW_UP = DATA / "follow_up_en.md"
IMG = "<img src=x onerror=alert(1)>"
TRAVERSAL = ["../../etc/passwd", "/etc/passwd", "..\\..\\boot.ini", "a.md\x00.sh", ""]


# Token and names, without a server


@pytest.mark.parametrize(
    "given, expected, matches",
    [
        (TOKEN, TOKEN, True),
        ("wrong", TOKEN, False),
        ("", TOKEN, False),
        (None, TOKEN, False),
        (TOKEN[:-1], TOKEN, False),
        ("", None, False),
        ("anything", "", False),
    ],
)
def test_token_matches(given, expected, matches):
    assert token_matches(given, expected) is matches


def test_default_settings_bind_localhost_and_hide_the_token():
    settings = Settings.from_env({"QA_ADMIN_TOKEN": TOKEN})
    assert settings.host == "127.0.0.1"
    assert settings.admin_token == TOKEN
    assert TOKEN not in repr(settings) and TOKEN not in str(settings.to_dict())
    assert Settings.from_env({}).admin_token is None


@pytest.mark.parametrize("name", TRAVERSAL)
def test_names_without_a_readable_suffix_are_refused(name):
    with pytest.raises(BadUpload, match="unsupported format"):
        upload_suffix(name)


@pytest.mark.parametrize(
    "name",
    ["../../x.md", "/tmp/abs/x.md", f"{IMG}.md", "a\x00b.md", "..\\..\\x.MD", "x.txt"],
)
def test_uploads_are_stored_under_generated_names(tmp_path, name):
    uploads = tmp_path / "data" / "uploads"
    path = store_upload(io.BytesIO(FOLLOW_UP.read_bytes()), name, uploads, LIMIT)
    assert path.parent == uploads
    assert UPLOAD_NAME.fullmatch(path.name) and path.suffix == Path(name.lower()).suffix
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()) == [
        path.relative_to(tmp_path)
    ]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


CONTENT_CASES = [
    ("binary.md", os.urandom(4000), "not text"),
    ("nul.txt", b"hello\x00world\n" * 20, "NUL bytes"),
    ("empty.md", b"", "the file is empty"),
    ("fake.pdf", b"<html>not a pdf</html>", "not a PDF"),
    ("fake.docx", b"PK\x03\x04 not really a zip", "not a zip archive"),
    ("other.docx", _zip({"xl/workbook.xml": b"<x/>"}), "no word/document.xml"),
    ("page.html", os.urandom(4000), "not text"),
]


@pytest.mark.parametrize("name, content, message", CONTENT_CASES)
def test_content_must_match_the_suffix(tmp_path, name, content, message):
    uploads = tmp_path / "uploads"
    with pytest.raises(BadUpload, match=message):
        store_upload(io.BytesIO(content), name, uploads, LIMIT)
    assert list(uploads.iterdir()) == []


def test_oversize_upload_is_refused_and_left_nowhere(tmp_path):
    uploads = tmp_path / "uploads"
    with pytest.raises(UploadTooLarge, match="larger than 0.25 MB"):
        store_upload(io.BytesIO(b"a" * (LIMIT + 1)), "big.txt", uploads, LIMIT)
    assert list(uploads.iterdir()) == []


# The routes without a token: they do not exist


@pytest.fixture(scope="module")
def tokenless(tmp_path_factory):
    settings = Settings.from_env({"QA_DATA_DIR": str(tmp_path_factory.mktemp("tokenless"))})
    return TestClient(create_app(Engine(settings)))


@pytest.mark.parametrize(
    "method, path",
    [
        ("POST", "/api/documents"),
        ("DELETE", "/api/documents/x.md"),
        ("DELETE", "/api/documents?source=x.md"),
        ("POST", "/api/reindex"),
    ],
)
def test_admin_routes_are_404_without_a_token(tokenless, method, path):
    for headers in ({}, AUTH, {"Authorization": "Bearer "}):
        response = tokenless.request(method, path, headers=headers, files={"file": ("a.md", b"x")})
        assert response.status_code == 404


def test_openapi_hides_admin_routes_without_a_token(tokenless):
    spec = tokenless.get("/openapi.json").json()
    assert "/api/reindex" not in spec["paths"]
    assert set(spec["paths"]["/api/documents"]) == {"get"}


def test_unexpected_errors_are_500_json_without_a_trace(tmp_path):
    class Broken(Engine):
        def documents(self):
            raise RuntimeError("secret detail in /srv/data")

    engine = Broken(Settings.from_env({"QA_DATA_DIR": str(tmp_path)}))
    client = TestClient(create_app(engine), raise_server_exceptions=False)
    response = client.get("/api/documents")
    assert response.status_code == 500
    assert response.json() == {"error": "internal error"}
    assert "secret" not in response.text and "Traceback" not in response.text


# A real server with a token


@pytest.fixture(scope="module")
def admin(tmp_path_factory):
    """(url, data_dir) of the app over the seed, with an admin token and a 0.25 MB limit."""
    data_dir = seeded_data_dir(tmp_path_factory, "admin")
    with running_server(data_dir, QA_ADMIN_TOKEN=TOKEN, QA_MAX_FILE_MB=str(MAX_FILE_MB)) as url:
        yield url, data_dir


def _documents(url: str) -> list[str]:
    return [d["source"] for d in httpx.get(f"{url}/api/documents", timeout=30).json()["documents"]]


def _upload(url: str, name: str, content: bytes, headers=AUTH) -> httpx.Response:
    files = {"file": (name, content, "application/octet-stream")}
    return httpx.post(f"{url}/api/documents", files=files, headers=headers, timeout=120)


@pytest.mark.parametrize(
    "method, path",
    [("POST", "/api/documents"), ("DELETE", "/api/documents/x.md"), ("POST", "/api/reindex")],
)
@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": TOKEN},
        {"Authorization": f"Bearer {TOKEN}x"},
    ],
)
def test_admin_routes_need_the_token(admin, method, path, headers):
    url, _ = admin
    response = httpx.request(method, f"{url}{path}", headers=headers, timeout=30)
    assert response.status_code == 401
    assert "admin token is required" in response.json()["error"]
    assert response.headers["www-authenticate"] == "Bearer"


def test_upload_then_remove(admin):
    url, data_dir = admin
    before = _documents(url)
    response = _upload(url, f"../../{IMG}.md", FOLLOW_UP.read_bytes())
    assert response.status_code == 200, response.text
    body = response.json()
    source = body["source"]
    assert UPLOAD_NAME.fullmatch(source) and source.endswith(".md")
    assert body["filename"] == f"{IMG}.md"
    assert body["report"]["added"] == 1 and body["report"]["failed"] == []
    assert body["chunks"] > 0
    assert (data_dir / "uploads" / source).is_file()
    assert _documents(url) == sorted([*before, source])
    answer = httpx.post(
        f"{url}/api/ask", json={"question": "Has Portugal ratified ILO conventions?"}, timeout=60
    ).json()
    assert answer["hits"]

    removed = httpx.delete(f"{url}/api/documents/{source}", headers=AUTH, timeout=60)
    assert removed.status_code == 200 and removed.json()["removed_chunks"] > 0
    assert not (data_dir / "uploads" / source).exists()
    assert _documents(url) == before


BAD_UPLOADS = [
    ("../../etc/passwd", b"root:x:0:0", 400, "unsupported format"),
    ("/etc/shadow", b"x", 400, "unsupported format"),
    ("a.md\x00.sh", b"x", 400, "unsupported format"),
    (f"{IMG}.exe", b"MZ", 400, "unsupported format"),
    ("binary.md", os.urandom(3000), 400, "not text"),
    ("unparsable.md", b"just a line of text\n", 400, "cannot be indexed"),
    ("big.txt", b"a" * (LIMIT + 100), 413, "larger than 0.25 MB"),
]


@pytest.mark.parametrize("name, content, status, message", BAD_UPLOADS)
def test_bad_uploads_are_refused_with_the_index_unchanged(admin, name, content, status, message):
    url, data_dir = admin
    before = _documents(url)
    response = _upload(url, name, content)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert message in error and "\n" not in error and "Traceback" not in error
    assert _documents(url) == before
    assert not any((data_dir / "uploads").glob("*"))


def test_upload_must_be_multipart_with_a_file(admin):
    url, _ = admin
    response = httpx.post(f"{url}/api/documents", content=b"x", headers=AUTH, timeout=30)
    assert response.status_code == 400 and "multipart/form-data" in response.json()["error"]
    response = httpx.post(f"{url}/api/documents", data={"a": "b"}, files={}, headers=AUTH)
    assert response.status_code == 400


def _raw_request(url: str, head: str, body_chunks=()) -> bytes:
    """Send a raw HTTP request (headers, then body pieces) and read the response's start."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(head.encode("latin-1"))
        for chunk in body_chunks:
            sock.sendall(chunk)
        return sock.recv(4096)


def _multipart_head(url: str, extra: str) -> str:
    return (
        f"POST /api/documents HTTP/1.1\r\nHost: {urlsplit(url).netloc}\r\n"
        f"Authorization: Bearer {TOKEN}\r\n"
        "Content-Type: multipart/form-data; boundary=XyZ\r\n"
        f"{extra}\r\n"
    )


def test_declared_oversize_body_is_refused_before_it_is_sent(admin):
    url, _ = admin
    response = _raw_request(url, _multipart_head(url, "Content-Length: 10000000000\r\n"))
    assert response.startswith(b"HTTP/1.1 413")
    assert b"larger than 0.25 MB" in response


def test_streamed_oversize_body_is_refused_while_streaming(admin):
    url, _ = admin
    piece = b"a" * 16384
    preamble = b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
    count = (LIMIT + 2 * 16384) // len(piece) + 2  # just past the limit and the overhead
    chunks = [preamble, *([piece] * count)]
    encoded = [f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" for chunk in chunks]
    response = _raw_request(url, _multipart_head(url, "Transfer-Encoding: chunked\r\n"), encoded)
    assert response.startswith(b"HTTP/1.1 413")


def test_busy_index_is_409(admin):
    url, data_dir = admin
    with write_lock(data_dir):
        upload = _upload(url, "follow.md", FOLLOW_UP.read_bytes())
        reindexed = httpx.post(f"{url}/api/reindex", headers=AUTH, timeout=60)
    for response in (upload, reindexed):
        assert response.status_code == 409
        assert "is being indexed" in response.json()["error"]
    assert not any((data_dir / "uploads").glob("*"))


def test_a_hostile_upload_is_refused_without_taking_the_write_lock(admin):
    url, data_dir = admin
    with write_lock(data_dir):  # held elsewhere: an upload that reached indexing would be 409
        upload = _upload(url, "pages.pdf", page_tree_pdf())
    assert upload.status_code == 400
    assert "pages" in upload.json()["error"]
    assert not any((data_dir / "uploads").glob("*"))


def test_reindex_seeds(admin):
    url, _ = admin
    response = httpx.post(
        f"{url}/api/reindex", params={"scope": "seeds"}, headers=AUTH, timeout=120
    )
    assert response.status_code == 200
    assert response.json()["unchanged"] == 1
    bad = httpx.post(f"{url}/api/reindex", params={"scope": "etc"}, headers=AUTH, timeout=30)
    assert bad.status_code == 400 and "scope must be one of seeds, all" in bad.json()["error"]


@pytest.mark.parametrize(
    "path, status", [("/api/documents/not-there.md", 404), ("/api/documents?source=", 400)]
)
def test_remove_errors(admin, path, status):
    url, _ = admin
    response = httpx.delete(f"{url}{path}", headers=AUTH, timeout=30)
    assert response.status_code == status
    assert response.json()["error"]


def test_admin_routes_listed_with_a_token(admin):
    url, _ = admin
    paths = httpx.get(f"{url}/openapi.json", timeout=30).json()["paths"]
    assert {"get", "post"} <= set(paths["/api/documents"]) and "/api/reindex" in paths


# The Gradio side: components and endpoints


def _config(url: str) -> dict:
    return httpx.get(f"{url}/config", timeout=30).json()


def _component_id(config: dict, elem_id: str) -> int:
    return next(c["id"] for c in config["components"] if c["props"].get("elem_id") == elem_id)


def _queue_call(url: str, fn_index: int, data: list) -> dict:
    """Call a UI event through Gradio's queue as the page does; returns the completion message."""
    session = "admin-test-session"
    body = {"data": data, "fn_index": fn_index, "session_hash": session, "event_data": None}
    joined = httpx.post(f"{url}/gradio_api/queue/join", json=body, timeout=30)
    assert joined.status_code == 200, joined.text
    with httpx.stream(
        "GET", f"{url}/gradio_api/queue/data", params={"session_hash": session}, timeout=120
    ) as stream:
        for line in stream.iter_lines():
            if line.startswith("data:"):
                message = json.loads(line[5:])
                if message.get("msg") == "process_completed":
                    return message
    raise AssertionError("the queue never completed the call")


def test_gradio_admin_events_check_the_token(admin):
    url, _ = admin
    config = _config(url)
    button = _component_id(config, "qa-reindex")
    dependency = next(
        d for d in config["dependencies"] if any(t[0] == button for t in d["targets"])
    )
    assert dependency["api_visibility"] == "private"
    for token in ("", "wrong", TOKEN[:-1]):
        message = _queue_call(url, dependency["id"], [token, "seeds"])
        assert message["success"] is False
        assert "admin token is required" in message["output"]["error"]
    message = _queue_call(url, dependency["id"], [TOKEN, "seeds"])
    assert message["success"] is True, message
    assert "1 unchanged" in message["output"]["data"][0]
