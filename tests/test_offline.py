"""Nothing leaves the machine (issue 11, docs/SECURITY.md): `qa serve` in a subprocess whose
every socket connect and name look-up is recorded opens none to anything but loopback while
it starts, serves the page and answers questions; Gradio reports analytics off."""

from __future__ import annotations

import ipaddress
import os
import subprocess
import sys
import time
from ast import literal_eval
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, seeded_data_dir
from tests.probe import NO_FILTERS, completed, config, fn_index, queue_call
from tests.test_web import free_port

QUESTION = "Is Azerbaijan still detaining migrant children?"
# Loaded by Python at start-up from PYTHONPATH: records every INET connect, sendto and
# getaddrinfo of the process (httpx, urllib, requests, asyncio and posthog all go through them).
RECORDER = """
import os, socket

_log = os.environ["QA_SOCKET_LOG"]


def _record(kind, address):
    with open(_log, "a", encoding="utf-8") as out:
        out.write(f"{kind}\\t{address!r}\\n")


def _wrap(name):
    original = getattr(socket.socket, name)

    def recorded(self, *args):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _record(name, args[-1])
        return original(self, *args)

    setattr(socket.socket, name, recorded)


for _name in ("connect", "connect_ex", "sendto"):
    _wrap(_name)
_getaddrinfo = socket.getaddrinfo


def getaddrinfo(host, *args, **kwargs):
    _record("getaddrinfo", (host, args[0] if args else None))
    return _getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = getaddrinfo
_record("installed", os.getpid())
"""


def recorder_env(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An environment loading the recorder, and the file it writes."""
    (tmp_path / "recorder").mkdir()
    (tmp_path / "recorder" / "sitecustomize.py").write_text(RECORDER)
    log = tmp_path / "sockets.log"
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "recorder"), "QA_SOCKET_LOG": str(log)}
    return env, log


def remote(log: Path) -> list[str]:
    """Recorded calls naming anything but loopback (or no host at all)."""
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines and lines[0].startswith("installed"), lines[:3]
    return [line for line in lines[1:] if not _local(literal_eval(line.split("\t", 1)[1]))]


def _local(address) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    host = host.decode() if isinstance(host, bytes) else host
    if host in (None, "", "localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False  # a name other than localhost: a look-up that leaves the machine
    return ip.is_loopback or ip.is_unspecified


def test_the_recorder_catches_a_remote_call(tmp_path):
    """The control: a connect to a TEST-NET address (never answered) is recorded."""
    env, log = recorder_env(tmp_path)
    code = "import httpx\ntry: httpx.get('http://192.0.2.1/', timeout=0.2)\nexcept Exception: pass"
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    assert any("192.0.2.1" in line for line in remote(log))


def test_the_server_opens_no_socket_but_loopback(tmp_path, tmp_path_factory):
    env, log = recorder_env(tmp_path)
    port = free_port()
    env |= {"QA_DATA_DIR": str(seeded_data_dir(tmp_path_factory, "offline")), "QA_PORT": str(port)}
    env |= {"QA_ADMIN_TOKEN": "offline-token"}
    server = subprocess.Popen(
        [sys.executable, "-m", "qa", "serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, server)
        app_config = config(url)
        assert app_config["analytics_enabled"] is False
        with httpx.Client(base_url=url, timeout=60) as client:
            assert client.get("/").status_code == 200
            assert client.get("/gradio_api/info").status_code == 200
            assert client.post("/api/ask", json={"question": QUESTION}).status_code == 200
            chat = fn_index(app_config, "qa-chat")
            sent = completed(queue_call(client, chat, [QUESTION, [], *NO_FILTERS])[1])
            assert sent["success"] is True
            refused = client.get("/gradio_api/file=https://example.org/x.png")
            assert refused.status_code == 403
        time.sleep(1)  # threads Gradio starts late (analytics, version check) would run by now
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert remote(log) == []


def _wait_healthy(url: str, server: subprocess.Popen) -> None:
    """Until the server answers with its web UI mounted (the JSON routes answer before it)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server.poll() is None:
        try:
            health = httpx.get(f"{url}/healthz", timeout=2)
            if health.status_code == 200 and health.json().get("ui") == "ready":
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    pytest.fail(f"`qa serve` did not answer {url}/healthz (exit code {server.poll()})")
