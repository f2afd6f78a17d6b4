"""Index build, re-index, search/ask latency, server search, RSS and cold start at N chunks.

    python bench/perf.py --sizes 1000 10000 100000 --fresh-max 1000 --out artifacts/perf

For each size a child process generates a synthetic corpus (bench/synth.py), indexes it with
the real pipeline (Engine.index), re-indexes it unchanged, times warm search (hybrid and dense)
and ask over distinct English and Chinese questions, the same search through a real
`chroma run` server, and the app's cold start to a first answer in a fresh process. Sizes up to
--fresh-max embed every text with the real embedder and time that embedder alone on the same
texts (pipeline overhead = build / raw embedding - 1). Larger sizes reuse real vectors
(bench/reused_vectors.py): their results say `"vectors": "reused"` and their embedding numbers
are extrapolated, never measured. Results: one JSON file per size in --out, and a summary.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: index/, qa/ and bench/ from the checkout

from bench.load import free_port, stop_server  # noqa: E402
from bench.reused_vectors import ReusedVectorEmbedder  # noqa: E402
from bench.synth import load_pool, state_names, write_corpus  # noqa: E402
from index.chunk import chunk_document  # noqa: E402
from index.domain.sentences import split_sentences  # noqa: E402
from index.embed import load_embedder  # noqa: E402
from index.parse import parse_document  # noqa: E402
from index.read import read_text  # noqa: E402
from qa.config import Settings  # noqa: E402
from qa.engine import Engine  # noqa: E402

QUESTIONS = {
    "en": (
        "Is {} still detaining migrant children?",
        "Has {} adopted a national migration strategy?",
        "How are victims of trafficking identified in {}?",
        "Are traffickers prosecuted and punished in {}?",
        "Can undocumented workers in {} regularize their status?",
        "alternatives to detaining asylum seekers in {}",
        "Must a judge review immigration detention in {} within a day?",
        "statistics on the scale of trafficking in persons in {}",
        "What happened to the reintegration fund in {}?",
        "Does {} keep a register of people held for migration reasons?",
    ),
    "zh": (
        "{}是否仍在拘留移民儿童？",
        "{}通过国家移民战略了吗？",
        "{}如何识别人口贩运的受害者",
        "{}是否起诉和惩处贩运人口的犯罪者",
        "{}的非正常移民工人能否使其身份正常化",
        "{}有没有不关押寻求庇护者的替代办法",
        "{}侨民法草案进展如何",
        "{}贩运人口现象的分类数据",
    ),
}
SAMPLE_TEXTS = 200  # texts embedded fresh at reused-vector sizes, to extrapolate raw embedding
COLD_START = """
import resource, sys, time
from fastapi.testclient import TestClient
from qa.config import Settings
from qa.web import create_server_app
app = create_server_app(Settings.from_env(), progress=False)
response = TestClient(app).post("/api/ask", json={"question": sys.argv[1]})
response.raise_for_status()
print("ANSWERED", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
"""


def questions(paths: list[Path], count: int) -> list[str]:
    """`count` distinct questions (English and Chinese templates x the corpus's States)."""
    names = state_names(paths)
    english, chinese = names[0::2], names[1::2]
    pairs = [(t, s) for t in QUESTIONS["en"] for s in english]
    pairs += [(t, s) for t in QUESTIONS["zh"] for s in chinese]
    order = np.random.default_rng(0).permutation(len(pairs))
    found = [pairs[i][0].format(pairs[i][1]) for i in order]
    if len(found) < count:
        raise ValueError(f"only {len(found)} distinct questions; use a bigger corpus")
    return found[:count]


def percentiles(seconds: list[float]) -> dict:
    """p50/p95/mean in milliseconds."""
    ms = np.asarray(seconds) * 1000
    return {
        "p50_ms": round(float(np.percentile(ms, 50)), 1),
        "p95_ms": round(float(np.percentile(ms, 95)), 1),
        "mean_ms": round(float(ms.mean()), 1),
        "n": len(ms),
    }


def timed(call, items) -> list[float]:
    """Wall time of `call(item)` for each item."""
    seconds = []
    for item in items:
        started = time.perf_counter()
        call(item)
        seconds.append(time.perf_counter() - started)
    return seconds


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def ingestion_texts(paths: list[Path], embedder) -> tuple[list[str], list[str]]:
    """The chunk texts and sentence texts ingestion sends to the embedder, in order."""
    chunk_texts, sentence_texts = [], []
    for path in paths:
        document = parse_document(read_text(path), path.name)
        chunks = chunk_document(
            document, count_tokens=embedder.count_tokens, window=embedder.window
        )
        chunk_texts += [chunk.indexed_text for chunk in chunks]
        sentence_texts += [c.text[s:e] for c in chunks for s, e in split_sentences(c.text)]
    return chunk_texts, sentence_texts


def raw_embedding(real, chunk_texts: list[str], sentence_texts: list[str], fresh: bool) -> dict:
    """Seconds the real embedder alone takes on the ingestion texts (sampled when not fresh)."""
    texts = chunk_texts + sentence_texts
    sample = texts if fresh else texts[:: max(1, len(texts) // SAMPLE_TEXTS)]
    started = time.perf_counter()
    real.embed_passages(sample)
    seconds = time.perf_counter() - started
    tokens = sum(real.count_tokens(text) for text in sample)
    return {
        "texts": len(texts),
        "chunk_texts": len(chunk_texts),
        "sentence_texts": len(sentence_texts),
        "measured_texts": len(sample),
        "tokens_per_s": round(tokens / seconds, 1),
        "seconds": round(seconds * len(texts) / len(sample), 1),
        "extrapolated": not fresh,
    }


def build(engine: Engine, corpus: Path) -> dict:
    """First index build, then an unchanged re-index, timed."""
    started = time.perf_counter()
    report = engine.index([corpus], progress=False)
    build_seconds = time.perf_counter() - started
    started = time.perf_counter()
    again = engine.index([corpus], progress=False)
    reindex_seconds = time.perf_counter() - started
    return {
        "build_s": round(build_seconds, 2),
        "chunks": report.chunks,
        "chunks_per_s": round(report.chunks / build_seconds, 1),
        "embedded_chunks": report.embedded,
        "embedded_sentences": report.sentences,
        "reindex_s": round(reindex_seconds, 2),
        "reindex_unchanged": len(again.unchanged),
        "reindex_share": round(reindex_seconds / build_seconds, 4),
    }


def latency(engine: Engine, warm: list[str], batches: list[list[str]], profile) -> dict:
    """Warm query-embedding, hybrid and dense search and ask latencies on distinct questions.

    The engine remembers query vectors by question text, so each batch has its own questions;
    timing `embed_query` directly on the hybrid batch first does not fill that memory.
    """
    for question in warm:
        engine.ask(question)
    hybrid, dense, asked = batches
    results = {"query_embedding": percentiles(timed(engine.embedder.embed_query, hybrid))}
    with _profiled(profile, "search"):
        results["search_hybrid"] = percentiles(timed(engine.search, hybrid))
    results["search_dense"] = percentiles(timed(lambda q: engine.search(q, mode="dense"), dense))
    with _profiled(profile, "ask"):
        results["ask"] = percentiles(timed(engine.ask, asked))
    return results


class _profiled:
    """pyinstrument around a block when `directory` is given; its text report saved there."""

    def __init__(self, directory: Path | None, name: str):
        self.directory, self.name, self.profiler = directory, name, None

    def __enter__(self):
        if self.directory is not None:
            from pyinstrument import Profiler

            self.profiler = Profiler(interval=0.0005)
            self.profiler.start()

    def __exit__(self, *exc):
        if self.profiler is not None:
            self.profiler.stop()
            text = self.profiler.output_text(unicode=True, color=False, show_all=False)
            (self.directory / f"{self.name}.txt").write_text(text, encoding="utf-8")


def _wait_for(url: str, server: subprocess.Popen, seconds: float = 90) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"chroma run exited with {server.returncode}")
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.3)
    raise RuntimeError(f"chroma run did not answer at {url} within {seconds} s")


def server_search(settings: Settings, real, warm, asked: list[str], work: Path) -> dict:
    """Hybrid search latency through a `chroma run` server on a copy of the built store."""
    path = work / "server-chroma"
    shutil.copytree(settings.chroma_path, path)
    port = free_port()
    chroma = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    log = open(work / "chroma-server.log", "wb")  # noqa: SIM115 - closed in finally
    server = subprocess.Popen(
        [chroma, "run", "--path", str(path), "--port", str(port)], stdout=log, stderr=log
    )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_for(url, server)
        engine = Engine(settings.with_(chroma_url=url), embedder=real)
        for question in warm:
            engine.search(question)
        return percentiles(timed(engine.search, asked))
    finally:
        stop_server(server, timeout=15)
        log.close()


def cold_start(data_dir: Path, question: str) -> dict:
    """Seconds from starting a fresh Python process to its first answer through the app."""
    env = {**os.environ, "QA_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    env.pop("QA_CHROMA_URL", None)
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", COLD_START, question],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
        text=True,
    )
    line = child.stdout.readline()
    seconds = time.perf_counter() - started
    child.wait(timeout=120)
    if not line.startswith("ANSWERED"):
        raise RuntimeError(f"cold start failed (exit {child.returncode}): {line!r}")
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(int(line.split()[1]) / 1024, 1)}


def run_size(size: int, fresh: bool, count: int, work: Path, profile: Path | None) -> dict:
    """Every measurement at one corpus size, in this process."""
    paths = write_corpus(size, work / "corpus", seed=0)
    load_pool("zh"), load_pool("en")
    real = load_embedder("multilingual-e5-small")
    asked = questions(paths, 3 * count + 6)
    warm, batches = asked[:5], [asked[5 + i * count : 5 + (i + 1) * count] for i in range(3)]
    chunk_texts, sentence_texts = ingestion_texts(paths, real)
    raw = raw_embedding(real, chunk_texts, sentence_texts, fresh)
    embedder = real if fresh else ReusedVectorEmbedder(real)
    settings = Settings.from_env({"QA_DATA_DIR": str(work / "data")})
    engine = Engine(settings, embedder=embedder)
    built = build(engine, work / "corpus")
    rss_build = peak_rss_mb()
    result = {
        "size": size,
        "files": len(paths),
        "vectors": "fresh" if fresh else "reused",
        "raw_embedding": raw,
        "build": built,
        **_embedding_split(built, raw, embedder),
        "latency": latency(engine, warm, batches, profile),
        "peak_rss_mb_after_build": rss_build,
    }
    result["peak_rss_mb"] = peak_rss_mb()
    result["server_search"] = server_search(settings, real, warm, batches[0], work)
    result["cold_start"] = cold_start(work / "data", asked[-1])
    return result


def _embedding_split(built: dict, raw: dict, embedder) -> dict:
    """Build time against raw embedding time; with reused vectors, the non-embedding part."""
    if isinstance(embedder, ReusedVectorEmbedder):
        other = built["build_s"] - embedder.fresh_seconds
        return {
            "reused": {
                "fresh_sentence_patterns": embedder.fresh_texts,
                "fresh_embedding_s": round(embedder.fresh_seconds, 1),
                "build_without_embedding_s": round(other, 2),
                "est_overhead_vs_fresh": round(other / raw["seconds"], 4),
            }
        }
    return {"pipeline_overhead": round(built["build_s"] / raw["seconds"] - 1, 4)}


def ratios(result: dict) -> dict:
    """Search ÷ query embedding and hybrid ÷ dense, at p50."""
    latency = result["latency"]
    embed = latency["query_embedding"]["p50_ms"]
    return {
        "search_over_query_embedding": round(latency["search_hybrid"]["p50_ms"] / embed, 2),
        "hybrid_over_dense": round(
            latency["search_hybrid"]["p50_ms"] / latency["search_dense"]["p50_ms"], 2
        ),
        "server_over_local_search": round(
            result["server_search"]["p50_ms"] / latency["search_hybrid"]["p50_ms"], 2
        ),
    }


def child(args: argparse.Namespace, size: int) -> dict:
    """Run one size in this process and write its JSON."""
    work = Path(tempfile.mkdtemp(prefix=f"perf-{size}-", dir=args.work))
    profile = None
    if args.profile:
        profile = args.out / f"profile-{size}"
        profile.mkdir(parents=True, exist_ok=True)
    try:
        result = run_size(size, size <= args.fresh_max, args.queries, work, profile)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    result["ratios"] = ratios(result)
    result["work_dir"] = str(work) if args.keep else None
    (args.out / f"perf-{size}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


ROWS = (
    ("vectors", lambda r: r["vectors"]),
    ("files", lambda r: r["files"]),
    ("build (s)", lambda r: r["build"]["build_s"]),
    ("build chunks/s", lambda r: r["build"]["chunks_per_s"]),
    ("raw embedding (s)", lambda r: _raw(r["raw_embedding"])),
    ("embedder tokens/s", lambda r: r["raw_embedding"]["tokens_per_s"]),
    ("pipeline overhead", lambda r: _overhead(r)),
    ("re-index unchanged (s)", lambda r: r["build"]["reindex_s"]),
    ("re-index / build", lambda r: f"{r['build']['reindex_share']:.2%}"),
    ("query embedding p50/p95 (ms)", lambda r: _p(r["latency"]["query_embedding"])),
    ("search hybrid p50/p95 (ms)", lambda r: _p(r["latency"]["search_hybrid"])),
    ("search dense p50/p95 (ms)", lambda r: _p(r["latency"]["search_dense"])),
    ("ask p50/p95 (ms)", lambda r: _p(r["latency"]["ask"])),
    ("search via chroma run p50/p95 (ms)", lambda r: _p(r["server_search"])),
    ("search / query embedding (p50)", lambda r: r["ratios"]["search_over_query_embedding"]),
    ("hybrid / dense (p50)", lambda r: r["ratios"]["hybrid_over_dense"]),
    ("peak RSS, bench process (MB)", lambda r: r["peak_rss_mb"]),
    ("cold start to first answer (s)", lambda r: r["cold_start"]["seconds"]),
    ("peak RSS, cold-start process (MB)", lambda r: r["cold_start"]["peak_rss_mb"]),
)


def _p(latency: dict) -> str:
    return f"{latency['p50_ms']} / {latency['p95_ms']}"


def _raw(raw: dict) -> str:
    return f"{raw['seconds']}" + (" (extrapolated)" if raw["extrapolated"] else "")


def _overhead(result: dict) -> str:
    if "pipeline_overhead" in result:
        return f"{result['pipeline_overhead']:.1%}"
    share = result["reused"]["est_overhead_vs_fresh"]
    return f"n/a, reused vectors (non-embedding build = {share:.1%} of est. fresh embedding)"


def report(out: Path) -> str:
    """A Markdown table of every perf-*.json in `out`, one column per size."""
    results = sorted(
        (json.loads(path.read_text(encoding="utf-8")) for path in out.glob("perf-*.json")),
        key=lambda result: result["size"],
    )
    lines = ["| measure | " + " | ".join(f"{r['size']:,} chunks" for r in results) + " |"]
    lines.append("| --- " * (len(results) + 1) + "|")
    for label, value in ROWS:
        lines.append(f"| {label} | " + " | ".join(str(value(r)) for r in results) + " |")
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument(
        "--fresh-max",
        type=int,
        default=1000,
        help="largest size embedded fresh; larger sizes reuse real vectors (reused_vectors.py)",
    )
    parser.add_argument("--queries", type=int, default=200, help="questions per measurement")
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "perf")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: /tmp)")
    parser.add_argument("--keep", action="store_true", help="keep corpus and index afterwards")
    parser.add_argument("--profile", action="store_true", help="pyinstrument search and ask")
    parser.add_argument("--report", action="store_true", help="print --out's results as Markdown")
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.report:
        print(report(args.out))
        return 0
    if args.in_process:
        print(json.dumps(child(args, args.sizes[0]), indent=2), flush=True)
        return 0
    for size in args.sizes:  # one process per size: its peak RSS is that size's own
        command = [sys.executable, __file__, *_forwarded(args), "--sizes", str(size)]
        code = subprocess.call([*command, "--in-process"])
        if code:
            print(f"size {size} failed with exit code {code}", file=sys.stderr)
            return code
    return 0


def _forwarded(args: argparse.Namespace) -> list[str]:
    flags = ["--fresh-max", str(args.fresh_max), "--queries", str(args.queries)]
    flags += ["--out", str(args.out)] + (["--work", str(args.work)] if args.work else [])
    return flags + (["--keep"] if args.keep else []) + (["--profile"] if args.profile else [])


if __name__ == "__main__":
    sys.exit(main())
