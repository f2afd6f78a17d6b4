"""The CLI and the JSON API against a real `chroma run` server: indexing and search, an outage
and recovery without a restart, and two processes sharing one server."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from index.domain.errors import StoreUnavailable
from index.store.chroma import SERVER_TIMEOUT_SECONDS
from index.store.chunk_store import ChromaStore
from qa.api import create_app
from qa.cli import cli
from qa.config import Settings
from qa.engine import Engine
from qa.keywords import FRESHNESS_SECONDS
from tests.conftest import DATA, ROOT, SEED
from tests.test_ingest import _wait_for_heartbeat, free_port

pytestmark = pytest.mark.server
ENGLISH = DATA / "follow_up_en.md"
DETENTION_REGISTER = "register of every person held for migration reasons"
QUIET = {"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT, "text": True}


class ChromaServer:
    """A `chroma run` process that can be stopped and started again on the same port and path."""

    def __init__(self, directory: Path):
        chroma = Path(sys.executable).with_name("chroma")
        if not chroma.exists():
            pytest.skip(f"no chroma executable next to {sys.executable}")
        self.command = [str(chroma), "run", "--path", str(directory / "server")]
        self.log_path = directory / "chroma.log"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [*self.command, "--port", str(self.port)],
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
            )
        _wait_for_heartbeat(self.url, self.process, self.log_path)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = ChromaServer(tmp_path_factory.mktemp("chroma-server"))
    running.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def seed_report(server, tmp_path_factory):
    """`qa index` of the seed into the server (from a data directory of its own)."""
    env = {"QA_CHROMA_URL": server.url, "QA_DATA_DIR": str(tmp_path_factory.mktemp("indexer"))}
    result = CliRunner().invoke(cli, ["index", "--json", str(SEED)], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def engine(server, seed_report, data_dir):
    return Engine(Settings.from_env({"QA_CHROMA_URL": server.url, "QA_DATA_DIR": str(data_dir)}))


def qa(server, data_dir: Path, *args: str):
    """`qa ARGS` in-process against the server; the click Result."""
    env = {"QA_CHROMA_URL": server.url, "QA_DATA_DIR": str(data_dir)}
    return CliRunner().invoke(cli, list(args), env=env)


def test_cli_and_api_index_and_search_on_the_server(server, seed_report, engine, data_dir):
    assert seed_report["sources"]["added"] == [SEED.name] and seed_report["chunks"] == 18
    again = qa(server, data_dir, "index", "--json", str(SEED))
    assert json.loads(again.stdout)["sources"]["unchanged"] == [SEED.name]
    result = qa(server, data_dir, "search", "Are migrant children still detained?", "--json")
    assert result.exit_code == 0, result.output
    assert any(hit["paragraph"] == 36 for hit in json.loads(result.stdout)["hits"][:3])
    client = TestClient(create_app(engine))
    assert client.get("/healthz").json() == {"status": "ok", "documents": 1, "ui": "none"}
    hits = client.get("/api/search", params={"q": "立即停止对儿童的移民拘留", "k": 3}).json()[
        "hits"
    ]
    assert len(hits) == 3 and hits[0]["source"] == SEED.name


def test_an_outage_is_a_clear_error_and_the_same_engine_recovers(server, engine, data_dir):
    client = TestClient(create_app(engine))
    question = {"q": "Are migrant children still detained?", "k": 3}
    assert client.get("/api/search", params=question).status_code == 200
    server.stop()
    try:
        with pytest.raises(StoreUnavailable) as raised:
            engine.search(question["q"])
        message = str(raised.value)
        assert f"cannot reach the Chroma server at {server.url}" in message
        assert "start it with `chroma run --path DIR --port N`" in message
        response = client.get("/api/search", params=question)
        assert response.status_code == 503 and response.json()["error"] == message
        assert client.get("/healthz").status_code == 503
        result = qa(server, data_dir, "search", question["q"])
        assert result.exit_code == 1 and "Traceback" not in result.output
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith(f"Error: cannot reach the Chroma server at {server.url}")
    finally:
        server.start()
    assert len(engine.search(question["q"], k=3)) == 3  # the same engine, no restart
    assert client.get("/api/search", params=question).status_code == 200


def test_a_frozen_server_is_a_503_within_seconds_and_the_engine_recovers(server, engine):
    """SIGSTOP: the server accepts connections but never answers (chromadb waits forever)."""
    client = TestClient(create_app(engine))
    question = {"q": "Are migrant children still detained?", "k": 3}
    assert client.get("/api/search", params=question).status_code == 200
    server.process.send_signal(signal.SIGSTOP)
    try:
        started = time.monotonic()
        response = client.get("/api/search", params=question)
        elapsed = time.monotonic() - started
        assert response.status_code == 503, response.text
        error = response.json()["error"]
        assert f"cannot reach the Chroma server at {server.url}: no answer within" in error
        started = time.monotonic()
        with pytest.raises(StoreUnavailable, match="no answer within"):
            ChromaStore(url=server.url)  # building a client asks the server too
        built = time.monotonic() - started
        print(f"frozen server: 503 in {elapsed:.1f} s; a new store refused in {built:.1f} s")
        assert elapsed < SERVER_TIMEOUT_SECONDS + 3 and built < SERVER_TIMEOUT_SECONDS + 3
    finally:
        server.process.send_signal(signal.SIGCONT)
    assert client.get("/api/search", params=question).status_code == 200  # no restart


def test_another_process_indexing_is_seen_by_keyword_search(server, engine, tmp_path):
    """One process indexes into the shared server; the other's keyword index reloads."""
    assert found_within(engine, DETENTION_REGISTER, 0) == []  # loads A's keyword index
    env = {**os.environ, "QA_CHROMA_URL": server.url, "QA_DATA_DIR": str(tmp_path / "other")}
    other = [sys.executable, "-m", "qa"]
    done = subprocess.run([*other, "index", "-q", str(ENGLISH)], cwd=ROOT, env=env, **QUIET)
    assert done.returncode == 0, done.stdout
    try:
        hits = found_within(engine, DETENTION_REGISTER, FRESHNESS_SECONDS + 3)
        assert hits[0].chunk.source == ENGLISH.name and hits[0].chunk.paragraph == 40
        client = TestClient(create_app(engine))
        sources = {r["source"] for r in client.get("/api/documents").json()["documents"]}
        assert sources == {SEED.name, ENGLISH.name}
    finally:
        removed = subprocess.run([*other, "remove", ENGLISH.name], cwd=ROOT, env=env, **QUIET)
        assert removed.returncode == 0, removed.stdout
    assert found_within(engine, DETENTION_REGISTER, FRESHNESS_SECONDS + 3, gone=True) == []


def found_within(engine: Engine, query: str, seconds: float, *, gone: bool = False):
    """Keyword hits for `query` from the English document, polled until they appear (or
    disappear) or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while True:
        hits = [
            hit
            for hit in engine.search(query, k=5, mode="keyword")
            if hit.chunk.source == ENGLISH.name
        ]
        if bool(hits) != gone or time.monotonic() > deadline:
            return hits
        time.sleep(0.2)


def test_keyword_freshness_check_costs_little_per_query(server, engine):
    """The store fingerprint read at most every FRESHNESS_SECONDS: what it adds to a query."""
    engine.search("拘留", k=3)
    runs = 20
    started = time.perf_counter()
    for _ in range(runs):
        engine.store.fingerprint()
    per_check = (time.perf_counter() - started) / runs * 1000
    started = time.perf_counter()
    for _ in range(runs):
        engine.keyword  # noqa: B018 - the property under test: cached between checks
    per_query = (time.perf_counter() - started) / runs * 1000
    print(f"fingerprint over the server: {per_check:.1f} ms; keyword property: {per_query:.2f} ms")
    assert per_query < per_check
