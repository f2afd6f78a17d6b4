"""Cold start of a real server: seconds from spawning `qa serve` to its first answer.

    python bench/cold_start.py --data-dir DIR [--runs 3] [--out result.json]
        [--chroma-url URL] [--baseline OTHER_CHECKOUT]

Each run spawns `python -m qa serve` on a free port over DIR (an index already built, e.g. a
`bench/perf.py --keep` work folder's `data`), POSTs a question to `/api/ask` every 0.1 s from
the moment it is spawned, and records the seconds to the first 200, then to its web UI being
mounted (`/healthz` says `"ui": "ready"`; qa.server mounts it after the first answers), and
the server's peak RSS (VmHWM). Then, in this process, the same path step by step (imports,
store, embedder and keyword index as qa.server starts them, first search and answer, then
gradio), to show where the time goes.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: index/, qa/ and bench/ from the checkout

from bench.floor import process_cpu_s  # noqa: E402
from bench.load import free_port, stop_server  # noqa: E402

QUESTION = "Has Azerbaijan adopted a national migration strategy?"
DEADLINE_SECONDS = 300


def one_run(
    data_dir: Path, question: str, chroma_url: str | None = None, code: Path = ROOT
) -> dict:
    """Seconds from spawning `qa serve` (of the checkout `code`) to its health check and to
    its first answer, over the store in `data_dir` or a running Chroma server (`chroma_url`)."""
    port = free_port()
    env = {**os.environ, "QA_DATA_DIR": str(data_dir), "PYTHONPATH": str(code)}
    env.pop("QA_CHROMA_URL", None)
    if chroma_url:
        env["QA_CHROMA_URL"] = chroma_url
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "qa", "serve", "--port", str(port)],
        cwd=code,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        listening = None
        while time.perf_counter() - started < DEADLINE_SECONDS and server.poll() is None:
            try:
                response = httpx.post(f"{url}/api/ask", json={"question": question}, timeout=60)
                listening = listening or time.perf_counter() - started
                if response.status_code == 200:
                    answered, cpu = time.perf_counter() - started, process_cpu_s(server.pid)
                    return {
                        "listening_s": round(listening, 2),
                        "first_answer_s": round(answered, 2),
                        # CPU the server used until then: what other work on the machine does
                        # not change (its threads may together use more than the wall time)
                        "cpu_to_first_answer_s": round(cpu, 2) if cpu is not None else None,
                        "ui_ready_s": _ui_ready(url, started, server),
                        "peak_rss_mb": _peak_rss_mb(server.pid),
                    }
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"no answer from {url} (exit code {server.poll()})")
    finally:
        stop_server(server)


def _ui_ready(url: str, started: float, server: subprocess.Popen) -> float | None:
    """Seconds from the spawn to `/healthz` reporting the web UI mounted."""
    while time.perf_counter() - started < DEADLINE_SECONDS and server.poll() is None:
        # a server without the field (before qa.server) mounted its UI before listening
        if httpx.get(f"{url}/healthz", timeout=60).json().get("ui", "ready") == "ready":
            return round(time.perf_counter() - started, 2)
        time.sleep(0.1)
    return None


def _peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def steps(data_dir: Path, question: str, chroma_url: str | None = None) -> dict:
    """The same path in this process, step by step (seconds each)."""
    os.environ["QA_DATA_DIR"] = str(data_dir)
    if chroma_url:
        os.environ["QA_CHROMA_URL"] = chroma_url
    times: dict[str, float] = {}
    clock = time.perf_counter()

    def mark(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        times[name] = round(now - clock, 3)
        clock = now

    import uvicorn  # noqa: F401

    import qa.api  # noqa: F401
    from qa.config import Settings
    from qa.engine import Engine

    mark("import qa.api, qa.engine, uvicorn (chromadb, numpy, bm25s)")
    engine = Engine(Settings.from_env())
    engine.ensure_index(progress=False)
    mark("store opened")
    engine.embedder.embed_query("warm")
    mark("embedder loaded")
    keyword = engine.keyword
    mark(f"keyword index opened ({len(keyword)} chunks)")
    engine._views()
    mark("keyword views (record ids, paragraph table)")
    engine.search(question, k=1)
    mark("first search (the store's vector index loaded)")
    engine.ask(question)
    mark("first answer")
    import qa.web  # noqa: F401

    mark("import qa.web (gradio)")
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--question", default=QUESTION)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument(
        "--chroma-url", help="serve over this running `chroma run` server (its store loaded)"
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another checkout (e.g. `git archive` of an older commit): its `qa serve` runs "
        "alternately with this one's, under the same load",
    )
    args = parser.parse_args(argv)
    runs, baseline = [], []
    for _ in range(args.runs):
        if args.baseline:
            baseline.append(one_run(args.data_dir, args.question, args.chroma_url, args.baseline))
        runs.append(one_run(args.data_dir, args.question, args.chroma_url))
    result = {
        "runs": runs,
        "median_first_answer_s": statistics.median(r["first_answer_s"] for r in runs),
        **({"baseline": str(args.baseline), "baseline_runs": baseline} if baseline else {}),
        "steps_in_process": steps(args.data_dir, args.question, args.chroma_url),
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
