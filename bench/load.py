"""Load test: N concurrent clients for T seconds of search, ask and Gradio ask against the app.

    python bench/load.py --clients 32 --seconds 300 --out artifacts/load-32.json

Without --url it starts `python -m qa serve` on a free port over --data-dir (default: a fresh
temporary directory, where the server indexes the bundled seeds first). Each client is a
thread looping without pause over GET /api/search, POST /api/ask and Gradio's `ask` (its HTTP
queue API: POST /gradio_api/call/ask, then the event stream), each request with the next
question of bench/eval_set.jsonl tagged with a unique " #n" so that no two requests ask the
same text (no cache answers them). Reported: requests/s, p50/p95/p99 latency per endpoint and
overall, errors by kind, and the server's RSS (VmRSS from /proc, sampled every second) over the
first and the last minute. JSON with --out; a Markdown table on stdout.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from the checkout
    sys.path.insert(0, str(ROOT))

from bench.floor import embedding_floor, process_cpu_s  # noqa: E402

EVAL_SET = ROOT / "bench" / "eval_set.jsonl"
ENDPOINTS = ("search", "ask", "gradio_ask")
REQUEST_TIMEOUT = 60.0
STARTUP_SECONDS = 600
RSS_INTERVAL = 1.0


class RequestFailed(Exception):
    """A request that did not succeed; its message is the error's kind."""


@dataclass(frozen=True)
class Sample:
    """One request: which endpoint, when it started (s into the run), how long, what failed."""

    endpoint: str
    start: float
    seconds: float
    error: str | None = None


class Questions:
    """Distinct questions for every request: the eval set's, each tagged with a unique #n."""

    def __init__(self, questions: list[str]):
        self._questions = questions
        self._counter = itertools.count()
        self._lock = threading.Lock()

    def next(self) -> str:
        with self._lock:
            n = next(self._counter)
        return f"{self._questions[n % len(self._questions)]} #{n}"


def load_questions(path: Path = EVAL_SET) -> list[str]:
    """The questions of the evaluation set, in file order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


def call_search(client: httpx.Client, question: str) -> None:
    _check(client.get("/api/search", params={"q": question, "k": 5}), "hits")


def call_ask(client: httpx.Client, question: str) -> None:
    _check(client.post("/api/ask", json={"question": question}), "answer")


def call_gradio_ask(client: httpx.Client, question: str) -> None:
    """Gradio's queue API: join with the question, then read the event stream to its end."""
    joined = client.post("/gradio_api/call/ask", json={"data": [question, []]})
    event_id = _check(joined, "event_id")["event_id"]
    with client.stream("GET", f"/gradio_api/call/ask/{event_id}") as stream:
        if stream.status_code != 200:
            raise RequestFailed(f"gradio status {stream.status_code}")
        event = None
        for line in stream.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event in ("complete", "error"):
                if event == "error":
                    raise RequestFailed(f"gradio error: {line[5:].strip()[:80]}")
                answer = json.loads(line[5:])
                if not (isinstance(answer, list) and "answer" in answer[0]):
                    raise RequestFailed("gradio bad answer")
                return
    raise RequestFailed("gradio stream ended without an answer")


CALLS = {"search": call_search, "ask": call_ask, "gradio_ask": call_gradio_ask}


def _check(response: httpx.Response, key: str) -> dict:
    if response.status_code != 200:
        raise RequestFailed(f"status {response.status_code}")
    body = response.json()
    if key not in body:
        raise RequestFailed(f"no {key!r} in the response")
    return body


def timed_call(client: httpx.Client, endpoint: str, question: str, t0: float) -> Sample:
    """Make one request; a failure is a Sample with its kind, never an exception."""
    start = time.perf_counter()
    error = None
    try:
        CALLS[endpoint](client, question)
    except RequestFailed as e:
        error = str(e)
    except httpx.TimeoutException:
        error = "timeout"
    except httpx.TransportError as e:
        error = f"transport: {type(e).__name__}"
    except ValueError:
        error = "bad JSON"
    return Sample(endpoint, start - t0, time.perf_counter() - start, error)


def client_loop(
    url: str, number: int, endpoints: tuple[str, ...], questions: Questions, t0: float, end: float
) -> list[Sample]:
    """One client: the endpoints in turn (each client starting at another one) until `end`."""
    samples = []
    turns = itertools.islice(itertools.cycle(endpoints), number % len(endpoints), None)
    with httpx.Client(base_url=url, timeout=REQUEST_TIMEOUT) as client:
        for endpoint in turns:
            if time.perf_counter() >= end:
                break
            samples.append(timed_call(client, endpoint, questions.next(), t0))
    return samples


class RssSampler(threading.Thread):
    """Samples a process's resident memory (VmRSS, MiB) every second until stopped."""

    def __init__(self, pid: int | None, t0: float):
        super().__init__(daemon=True)
        self.pid, self.t0 = pid, t0
        self.samples: list[tuple[float, float]] = []
        self._stopped = threading.Event()

    def run(self) -> None:
        while self.pid and not self._stopped.is_set():
            rss = read_rss_mb(self.pid)
            if rss is not None:
                self.samples.append((time.perf_counter() - self.t0, rss))
            self._stopped.wait(RSS_INTERVAL)

    def stop(self) -> None:
        self._stopped.set()
        self.join()


def read_rss_mb(pid: int) -> float | None:
    """VmRSS of a process in MiB, from /proc (None once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def run_load(
    url: str,
    clients: int,
    seconds: float,
    *,
    pid: int | None = None,
    endpoints: tuple[str, ...] = ENDPOINTS,
) -> dict:
    """Warm each endpoint once, then run the clients; returns the summary."""
    questions = Questions(load_questions())
    with httpx.Client(base_url=url, timeout=REQUEST_TIMEOUT) as client:
        warm = {e: timed_call(client, e, questions.next(), 0.0) for e in endpoints}
    failed = {e: s.error for e, s in warm.items() if s.error}
    if failed:
        raise SystemExit(f"warm-up failed: {failed}")
    results: list[list[Sample]] = [[] for _ in range(clients)]
    t0, cpu0 = time.perf_counter(), process_cpu_s(pid)
    sampler = RssSampler(pid, t0)
    sampler.start()

    def work(number: int) -> None:
        results[number] = client_loop(url, number, endpoints, questions, t0, t0 + seconds)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed, cpu1 = time.perf_counter() - t0, process_cpu_s(pid)
    sampler.stop()
    samples = [sample for client_samples in results for sample in client_samples]
    summary = summarise(samples, elapsed, clients, sampler.samples, warm)
    if cpu0 is not None and cpu1 is not None and samples:  # the server's CPU, whatever the load
        summary["server_cpu_ms_per_request"] = round(1000 * (cpu1 - cpu0) / len(samples), 2)
    return summary


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of `values`."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, round(q / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def latency(samples: list[Sample], elapsed: float) -> dict:
    """Count, throughput, latency percentiles (ms) and errors by kind of some requests."""
    seconds = [s.seconds for s in samples if s.error is None]
    return {
        "requests": len(samples),
        "requests_per_s": round(len(samples) / elapsed, 2),
        "errors": dict(Counter(s.error for s in samples if s.error)),
        **{
            f"p{q}_ms": round(1000 * percentile(seconds, q), 1) if seconds else None
            for q in (50, 95, 99)
        },
        "max_ms": round(1000 * max(seconds), 1) if seconds else None,
    }


def rss_summary(samples: list[tuple[float, float]], elapsed: float) -> dict:
    """RSS at the start and end, peak, and mean over the first and last minute (or third)."""
    if not samples:
        return {}
    window = min(60.0, elapsed / 3)
    first = [rss for t, rss in samples if t <= window]
    last = [rss for t, rss in samples if t >= elapsed - window]
    return {
        "window_s": round(window, 1),
        "start_mb": round(samples[0][1], 1),
        "end_mb": round(samples[-1][1], 1),
        "peak_mb": round(max(rss for _, rss in samples), 1),
        "first_window_mean_mb": round(sum(first) / len(first), 1) if first else None,
        "last_window_mean_mb": round(sum(last) / len(last), 1) if last else None,
        "samples": [(round(t, 1), round(rss, 1)) for t, rss in samples],
    }


def summarise(samples, elapsed, clients, rss_samples, warm) -> dict:
    by_endpoint = {
        endpoint: latency([s for s in samples if s.endpoint == endpoint], elapsed)
        for endpoint in dict.fromkeys(s.endpoint for s in samples)
    }
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "overall": latency(samples, elapsed),
        "endpoints": by_endpoint,
        "warm_up_ms": {e: round(1000 * s.seconds, 1) for e, s in warm.items()},
        "rss": rss_summary(rss_samples, elapsed),
        "load_average": os.getloadavg(),
    }


def markdown(result: dict) -> str:
    """The summary as a Markdown table (one row per endpoint, then overall) and an RSS line."""
    lines = [
        f"N = {result['clients']} clients, {result['seconds']} s",
        "",
        "| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    rows = {**result["endpoints"], "overall": result["overall"]}
    for name, row in rows.items():
        errors = ", ".join(f"{kind}: {n}" for kind, n in row["errors"].items()) or "0"
        lines.append(
            f"| {name} | {row['requests']} | {row['requests_per_s']} | {row['p50_ms']} | "
            f"{row['p95_ms']} | {row['p99_ms']} | {row['max_ms']} | {errors} |"
        )
    rss = result["rss"]
    if rss:
        lines += [
            "",
            f"Server RSS: start {rss['start_mb']} MiB, mean over the first {rss['window_s']} s "
            f"{rss['first_window_mean_mb']} MiB, over the last {rss['window_s']} s "
            f"{rss['last_window_mean_mb']} MiB, peak {rss['peak_mb']} MiB, "
            f"end {rss['end_mb']} MiB.",
        ]
    return "\n".join(lines)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(data_dir: Path, log: Path) -> tuple[subprocess.Popen, str]:
    """`python -m qa serve` over `data_dir` on a free port; returns it once /healthz answers
    with the web UI mounted (qa.server mounts it after the JSON routes answer: its import
    would else run during the measurement)."""
    port = free_port()
    env = {**os.environ, "QA_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    env.pop("QA_ADMIN_TOKEN", None)
    with open(log, "wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "qa", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and server.poll() is None:
        try:
            health = httpx.get(f"{url}/healthz", timeout=2)
            if health.status_code == 200 and health.json().get("ui") in ("ready", "none"):
                return server, url
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    stop_server(server)
    tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
    raise SystemExit(f"the server did not answer {url}/healthz; its output ends:\n{tail}")


def stop_server(server: subprocess.Popen, timeout: float = 30) -> None:
    """Terminate a server process, killing it if it outlives `timeout` seconds."""
    server.terminate()
    try:
        server.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running app (default: start one)")
    parser.add_argument("--pid", type=int, help="the running app's process, for its RSS")
    parser.add_argument("--data-dir", type=Path, help="data directory for the started app")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients [8]")
    parser.add_argument("--seconds", type=float, default=60, help="run length [60]")
    parser.add_argument(
        "--endpoints", default=",".join(ENDPOINTS), help=f"comma-separated subset of {ENDPOINTS}"
    )
    parser.add_argument("--out", type=Path, help="write the JSON result here")
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also measure the embedding floor (queries/s of the embedder alone) before the run",
    )
    args = parser.parse_args(argv)
    args.endpoints = tuple(e for e in args.endpoints.split(",") if e)
    unknown = set(args.endpoints) - set(ENDPOINTS)
    if unknown or not args.endpoints:
        parser.error(f"--endpoints takes {', '.join(ENDPOINTS)}; got {args.endpoints}")
    if args.clients < 1 or args.seconds <= 0:
        parser.error("--clients and --seconds must be positive")
    return args


def main(argv: list[str] | None = None) -> dict:
    """Run the load test (starting and stopping the app unless --url); prints the table."""
    args = parse_args(argv)
    floor, questions = None, load_questions()
    if args.floor:
        floor = {
            "one_per_call": embedding_floor(args.clients, min(args.seconds, 30), 1, questions),
            "batch_16": embedding_floor(2, min(args.seconds, 30), 16, questions),
        }
    with tempfile.TemporaryDirectory(prefix="qa-load-") as scratch:
        server = None
        url, pid = args.url, args.pid
        if url is None:
            data_dir = args.data_dir or Path(scratch) / "data"
            server, url = start_server(data_dir, Path(scratch) / "server.log")
            pid = server.pid
        try:
            result = run_load(url, args.clients, args.seconds, pid=pid, endpoints=args.endpoints)
        finally:
            if server is not None:
                stop_server(server)
    result["command"] = " ".join(["python bench/load.py", *(argv or sys.argv[1:])])
    if floor is not None:
        result["embedding_floor_per_s"] = {name: rate for name, (rate, _) in floor.items()}
        result["embedding_floor_cpu_ms"] = {name: cpu for name, (_, cpu) in floor.items()}
        result["requests_over_floor"] = {
            name: round(result["overall"]["requests_per_s"] / rate, 3)
            for name, (rate, _) in floor.items()
        }
        if "server_cpu_ms_per_request" in result:  # embedding's CPU share of a request's
            result["floor_cpu_over_request_cpu"] = {
                name: round(cpu / result["server_cpu_ms_per_request"], 3)
                for name, (_, cpu) in floor.items()
            }
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(markdown(result))
    return result


if __name__ == "__main__":
    main()
