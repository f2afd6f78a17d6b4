"""Tests for qa.server: a real `qa serve` answers /api/ask before its Gradio UI is mounted, "/"
says it is starting meanwhile, and the UI follows; the CLI's other commands never import
gradio."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from bench.load import free_port, stop_server
from tests.conftest import ROOT, seeded_data_dir

STARTUP_SECONDS = 120
QUESTION = "Is Azerbaijan still detaining migrant children?"
# `qa serve` itself, with the UI's mounting held until the test creates the gate file: the
# order the test checks would else depend on how fast gradio happens to import.
GATED_SERVE = """
import sys, time
from pathlib import Path
import qa.server
gate, mount = Path(sys.argv[1]), qa.server._mount_ui
def gated(*args):
    while not gate.exists():
        time.sleep(0.05)
    assert "gradio" not in sys.modules, "gradio was imported before the UI was mounted"
    return mount(*args)
qa.server._mount_ui = gated
from qa.cli import cli
cli(sys.argv[2:], prog_name="qa")
"""


def _health(url: str) -> dict | None:
    try:
        response = httpx.get(f"{url}/healthz", timeout=5)
    except httpx.TransportError:
        return None
    return response.json() if response.status_code == 200 else None


def _wait_for(url: str, server: subprocess.Popen, ui: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and server.poll() is None:
        health = _health(url)
        if health is not None and health["ui"] == ui:
            return
        time.sleep(0.1)
    pytest.fail(f"no /healthz with ui={ui}: {log.read_text(errors='replace')[-2000:]}")


@pytest.fixture(scope="module")
def gated_server(tmp_path_factory):
    """A `qa serve` over the seed whose UI waits for the gate file; yields (url, gate, log)."""
    data_dir = seeded_data_dir(tmp_path_factory, "start")
    work = tmp_path_factory.mktemp("gate")
    gate, log = work / "mount-ui", work / "serve.log"
    port = free_port()
    env = {**os.environ, "QA_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    env.pop("QA_CHROMA_URL", None)
    command = [sys.executable, "-c", GATED_SERVE, str(gate), "serve", "--port", str(port)]
    with open(log, "wb") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url, server, "starting", log)
        yield url, server, gate, log
    finally:
        stop_server(server)


def test_the_json_api_answers_before_the_ui_is_mounted(gated_server):
    url, server, gate, log = gated_server
    answer = httpx.post(f"{url}/api/ask", json={"question": QUESTION}, timeout=60)
    assert answer.status_code == 200, answer.text
    assert answer.json()["found"] is True or answer.json()["closest"] is True
    assert "CMW/C/AZE/CO/3" in answer.json()["answer"]
    hits = httpx.get(f"{url}/api/search", params={"q": QUESTION, "k": 2}, timeout=60)
    assert hits.status_code == 200 and len(hits.json()["hits"]) == 2
    page = httpx.get(f"{url}/", timeout=10)
    assert page.status_code == 503
    assert "starting" in page.text and page.headers["retry-after"] == "2"
    gradio_api = httpx.get(f"{url}/gradio_api/info", timeout=10)
    assert gradio_api.status_code == 503
    assert "starting" in gradio_api.json()["error"]
    assert _health(url)["ui"] == "starting"  # still held: the order above was not luck

    gate.touch()
    _wait_for(url, server, "ready", log)
    page = httpx.get(f"{url}/", timeout=30)
    assert page.status_code == 200 and "gradio" in page.text.lower()
    assert httpx.get(f"{url}/gradio_api/info", timeout=30).status_code == 200
    again = httpx.post(f"{url}/api/ask", json={"question": QUESTION}, timeout=60)
    assert again.json()["answer"] == answer.json()["answer"]


@pytest.mark.parametrize(
    "args", [["ask", QUESTION], ["search", QUESTION, "-k", "1"], ["cite", "CMW/C/AZE/CO/3 para 36"]]
)
def test_the_cli_never_imports_gradio(args, tmp_path_factory):
    code = (
        "import sys\nfrom qa.cli import cli\n"
        "try:\n    cli(sys.argv[1:], prog_name='qa')\nexcept SystemExit as e:\n"
        "    assert not e.code, e.code\n"
        "print('gradio' in sys.modules)"
    )
    env = {**os.environ, "QA_DATA_DIR": str(seeded_data_dir(tmp_path_factory, "start"))}
    env.pop("QA_CHROMA_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=STARTUP_SECONDS,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "False"
