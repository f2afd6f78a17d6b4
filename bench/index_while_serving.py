"""Readers of a running `qa serve` while `qa index` runs in another process on its data directory.

    python bench/index_while_serving.py --readers 4 --after 30 --out artifacts/iws.json

Starts `python -m qa serve` on a free port over --data-dir (default: a fresh temporary directory,
where the server indexes the bundled seeds first), lets --readers threads loop POST /api/ask with
the README's example question, then runs `python -m qa index` over --documents (default: a few
of the test fixtures, copied) in another process on the same data directory, and keeps asking
for --after seconds once it has exited. Reported: the writer's exit code, duration and message,
and the readers' answers by HTTP status during the writer's run and after it; then whether a
question only a new document answers is found (it is when a writer may index; with the store
open-lock the writer is refused and the server's index is unchanged). JSON with --out.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: bench/ from the checkout

from bench.load import start_server, stop_server  # noqa: E402

QUESTION = "Is Azerbaijan still detaining migrant children?"  # the README's example
FIXTURES = ("follow_up_en.md", "loi_en.md", "co_en.md")
# Answered only by tests/data/follow_up_en.md (not among the seeds).
NEW_QUESTION = "Is each detention order reviewed by a judge within 48 hours?"
NEW_SOURCE = "follow_up_en.md"
REQUEST_TIMEOUT = 60.0
PHASES = ("before", "during", "after")


class Readers:
    """Threads asking one question in a loop; statuses counted by phase ("during", "after")."""

    def __init__(self, url: str, count: int):
        self.url = url
        self.phase = "before"
        self.counts: dict[str, Counter] = {
            "before": Counter(),
            "during": Counter(),
            "after": Counter(),
        }
        self.errors: list[str] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._loop, daemon=True) for _ in range(count)]

    def __enter__(self) -> Readers:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=REQUEST_TIMEOUT + 5)

    def _loop(self) -> None:
        with httpx.Client(base_url=self.url, timeout=REQUEST_TIMEOUT) as client:
            while not self._stop.is_set():
                phase = self.phase
                try:
                    response = client.post("/api/ask", json={"question": QUESTION})
                    status, detail = str(response.status_code), response.text[:300]
                except httpx.HTTPError as e:
                    status, detail = type(e).__name__, str(e)[:300]
                with self._lock:
                    self.counts[phase][status] += 1
                    if status != "200" and len(self.errors) < 20:
                        self.errors.append(f"{phase} {status}: {detail}")

    def failures(self, phase: str) -> int:
        return sum(n for status, n in self.counts[phase].items() if status != "200")


def copy_fixtures(folder: Path, names=FIXTURES) -> Path:
    """The fixture documents the writer indexes, in a folder of their own."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(ROOT / "tests" / "data" / name, folder / name)
    return folder


def run_writer(data_dir: Path, documents: Path) -> dict:
    """`python -m qa index` over `documents` into `data_dir`: exit code, seconds, output."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "qa", "index", "--quiet", str(documents)],
        cwd=ROOT,
        env={**os.environ, "QA_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=1800,
    )
    return {
        "returncode": result.returncode,
        "seconds": round(time.perf_counter() - started, 2),
        "stderr": result.stderr.strip()[-1000:],
    }


def new_document_found(url: str) -> bool:
    """Whether the server's answer to NEW_QUESTION cites the writer's new document."""
    response = httpx.post(f"{url}/api/ask", json={"question": NEW_QUESTION}, timeout=60)
    return response.status_code == 200 and NEW_SOURCE in response.text


def measure(url: str, data_dir: Path, documents: Path, readers: int, after: float) -> dict:
    """Readers before (5 s), during and `after` seconds after one writer run."""
    with Readers(url, readers) as asking:
        time.sleep(5)
        asking.phase = "during"
        writer = run_writer(data_dir, documents)
        asking.phase = "after"
        time.sleep(after)
    return {
        "writer": writer,
        "readers": readers,
        "counts": {phase: dict(counts) for phase, counts in asking.counts.items()},
        "failures": {phase: asking.failures(phase) for phase in asking.counts},
        "first_errors": asking.errors,
        "new_document_found": new_document_found(url),
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, help="data directory for the server")
    parser.add_argument("--documents", type=Path, help="folder the writer indexes")
    parser.add_argument("--readers", type=int, default=4, help="reader threads [4]")
    parser.add_argument("--after", type=float, default=30, help="seconds asked after [30]")
    parser.add_argument("--out", type=Path, help="write the JSON result here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="qa-iws-") as scratch:
        data_dir = args.data_dir or Path(scratch) / "data"
        documents = args.documents or copy_fixtures(Path(scratch) / "documents")
        server, url = start_server(data_dir, Path(scratch) / "server.log")
        try:
            result = measure(url, data_dir, documents, args.readers, args.after)
        finally:
            stop_server(server)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
