"""Several `qa serve` processes, each with its own data directory, over one `chroma run` server:
a document indexed through any of them (admin API or CLI) is found by all, keyword index
included, within 5 s; a process killed mid-write loses nothing of the others'."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import numpy as np
import pytest
from click.testing import CliRunner

from bench.load import free_port, stop_server
from index.domain.model import Filters
from index.store.chunk_store import ChromaStore
from qa.cli import cli
from tests.conftest import DATA, ROOT, SEED
from tests.test_server import QUIET, ChromaServer
from tests.test_store import INFO, Info, make_chunk, record_for, unit

pytestmark = pytest.mark.server
TOKEN = "multi-process-test-token-0123456789"
FOLLOWS_WITHIN_SECONDS = 5.0
STARTUP_SECONDS = 90
QUESTIONS = {  # document -> a question only it answers
    "follow_up_en.md": "register of every person held for migration reasons",
    "loi_en.md": "Are migrant children held in the Umbar holding centre, and for how long?",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = ChromaServer(tmp_path_factory.mktemp("chroma-multi"))
    running.start()
    try:
        yield running
    finally:
        running.stop()


class Serve:
    """One `python -m qa serve` process on a free port with a data directory of its own."""

    def __init__(self, chroma_url: str, data_dir: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "QA_CHROMA_URL": chroma_url,
            "QA_DATA_DIR": str(data_dir),
            "QA_ADMIN_TOKEN": TOKEN,
        }
        self.log = data_dir.parent / f"{data_dir.name}.log"
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "qa", "serve", "--port", str(self.port)],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        pytest.fail(f"qa serve did not start: {self.log.read_text(errors='replace')[-2000:]}")

    def upload(self, path: Path) -> httpx.Response:
        with open(path, "rb") as file:
            return httpx.post(
                f"{self.url}/api/documents",
                files={"file": (path.name, file, "text/markdown")},
                headers={"Authorization": f"Bearer {TOKEN}"},
                timeout=120,
            )

    def hits(self, question: str) -> list[dict]:
        response = httpx.get(f"{self.url}/api/search", params={"q": question, "k": 5}, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()["hits"]


@pytest.fixture(scope="module")
def serves(server, tmp_path_factory):
    """The seed indexed once through the CLI, then two servers started side by side."""
    env = {"QA_CHROMA_URL": server.url, "QA_DATA_DIR": str(tmp_path_factory.mktemp("cli"))}
    result = CliRunner().invoke(cli, ["index", "-q", str(SEED)], env=env)
    assert result.exit_code == 0, result.output
    root = tmp_path_factory.mktemp("serves")
    running = [Serve(server.url, root / name) for name in ("a", "b")]
    try:
        for serve in running:
            serve.wait()
        yield running
    finally:
        for serve in running:
            if serve.process.poll() is None:
                stop_server(serve.process)


def found_by(serve: Serve, source: str, *, keyword: bool = False) -> bool:
    """Whether `source` is among the hits for its question (and ranked by BM25 too)."""
    return any(
        hit["source"].endswith(source) and (hit["keyword_rank"] is not None or not keyword)
        for hit in serve.hits(QUESTIONS[source])
    )


def seconds_until_found(serves: list[Serve], source: str) -> float:
    """Seconds until every server finds `source` with both its dense and its keyword side."""
    started = time.monotonic()
    waiting = list(serves)
    while waiting and time.monotonic() - started < FOLLOWS_WITHIN_SECONDS + 5:
        waiting = [serve for serve in waiting if not found_by(serve, source, keyword=True)]
        if waiting:
            time.sleep(0.1)
    assert not waiting, f"{source} not found by {[s.url for s in waiting]}"
    return time.monotonic() - started


def test_an_upload_to_one_server_is_found_by_all_within_seconds(serves):
    first, second = serves
    response = first.upload(DATA / "follow_up_en.md")
    assert response.status_code == 200, response.text
    source = response.json()["source"]
    assert not source.endswith("follow_up_en.md")  # uploads are stored under a fresh name
    QUESTIONS.setdefault(source, QUESTIONS["follow_up_en.md"])
    elapsed = seconds_until_found(serves, source)
    print(f"upload to one server found by both in {elapsed:.2f} s")
    assert elapsed <= FOLLOWS_WITHIN_SECONDS


def test_qa_index_from_another_process_is_found_by_all_servers(serves, server, tmp_path):
    env = {**os.environ, "QA_CHROMA_URL": server.url, "QA_DATA_DIR": str(tmp_path / "cli")}
    command = [sys.executable, "-m", "qa", "index", "-q", str(DATA / "loi_en.md")]
    done = subprocess.run(command, cwd=ROOT, env=env, **QUIET)
    assert done.returncode == 0, done.stdout
    elapsed = seconds_until_found(serves, "loi_en.md")
    print(f"qa index in a third process found by both servers in {elapsed:.2f} s")
    assert elapsed <= FOLLOWS_WITHIN_SECONDS


def test_a_server_killed_mid_write_loses_nothing(serves, server):
    """One server is SIGKILLed during an upload while the other indexes its own: the other's
    document and every committed one stay whole; the killed upload is whole or absent."""
    victim, survivor = serves
    before = {r.source: r.chunk_count for r in ChromaStore(url=server.url).documents()}
    killed = threading.Thread(target=_upload_quietly, args=(victim, DATA / "co_en.md"))
    killed.start()
    time.sleep(1.0)  # reading, embedding or writing: any moment must be safe
    victim.process.send_signal(signal.SIGKILL)
    victim.process.wait(timeout=10)
    killed.join(timeout=30)
    response = survivor.upload(DATA / "co_fr.md")
    assert response.status_code == 200, response.text
    store = ChromaStore(url=server.url)
    after = {r.source: r.chunk_count for r in store.documents()}
    assert before.items() <= after.items()  # nothing committed before is lost or changed
    for source, count in after.items():  # every document whole, the killed one included
        assert len(store.get(Filters(source=source))) == count, source
    assert response.json()["source"] in after
    assert survivor.hits("Comité")  # the survivor still answers


def _upload_quietly(serve: Serve, path: Path) -> None:
    try:
        serve.upload(path)
    except httpx.TransportError:
        pass  # the server was killed under it


def test_a_commit_on_the_server_never_deletes_another_process_write_in_progress(server):
    """Process A has written version 1's records but not committed yet; process B commits
    version 2 of the same document and collects orphans; then A commits: A's version is whole
    (a commit used to delete every other version's records, A's among them)."""
    name = f"race{free_port()}"
    writer_a, writer_b = (ChromaStore(url=server.url, collection=name) for _ in range(2))
    writer_a.check_compatible(Info(**INFO), "1")
    first = [make_chunk("x.md", 1, text=f"one {i}", doc_hash="h1", start=i) for i in range(3)]
    second = [make_chunk("x.md", 1, text=f"two {i}", doc_hash="h2", start=i) for i in range(4)]
    vectors = np.stack([unit(1, 0, 0, 0)] * 4)
    record_a = record_for("x.md", first, doc_hash="h1")
    manifest = writer_a._manifest
    writer_a._handles[manifest.name] = _NoCommit(manifest)
    with pytest.raises(_Paused):
        writer_a.put_document(record_a, first, vectors[:3])
    writer_b.put_document(record_for("x.md", second, doc_hash="h2"), second, vectors)
    assert writer_b.collect_orphans() == 0  # A's records are young: a write in progress
    writer_a._handles[manifest.name] = manifest
    # A resumes where it stopped: its commit (its records are not written again)
    manifest.upsert(ids=["x.md"], embeddings=[[0.0]], metadatas=[record_a.to_metadata()])
    writer_b._snapshot = None  # B reads the manifest afresh
    assert {c.text for c in writer_b.get(Filters(source="x.md"))} == {c.text for c in first}


class _Paused(Exception):
    """A writer stopped just before its commit."""


class _NoCommit:
    """A manifest collection whose writes stop the writer (reads go through)."""

    def __init__(self, collection):
        self.collection = collection

    def upsert(self, **kwargs):
        raise _Paused()

    def __getattr__(self, name):
        return getattr(self.collection, name)
