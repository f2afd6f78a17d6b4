"""A store of N real chunks with random vectors, for the parts of scale that vectors do not decide.

    python bench/random_store.py --chunks 100000 --work /tmp/r100k

Writes the bench/synth.py corpus of N chunks (seed 0) to WORK/corpus, then parses and chunks
every file as ingestion does and writes each document through `ChromaStore.put_document` into
WORK/data with random unit vectors (chunks and sentences alike) instead of embeddings: on two
cores a fresh 100k build takes over ten hours and even the reused-vector one over an hour.
What it is good for: the keyword phase of a build (timed, with the peak RSS of a process
doing only that), a server's cold start and memory at N chunks (bench/cold_start.py), and
store sizes. Not for: build time (no embedding), recall, or anything ranked by similarity.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: index/, qa/ and bench/ from the checkout

from bench.child import child_output  # noqa: E402
from bench.perf import peak_rss_mb  # noqa: E402
from bench.synth import write_corpus  # noqa: E402

KEYWORD_PHASE = """
import json, resource, sys, time
from pathlib import Path
from index.store.chunk_store import ChromaStore
from index.store.keyword import refresh
data = Path(sys.argv[1])
started = time.perf_counter()
refresh(data / "keyword", ChromaStore(path=data / "chroma"), force=True)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
seconds = round(time.perf_counter() - started, 1)
print(json.dumps({"seconds": seconds, "peak_rss_mb": round(peak, 1)}))
"""


def fill(corpus: Path, data: Path, seed: int = 0) -> dict:
    """Every corpus file parsed, chunked and written with random vectors; counts and seconds."""
    from index.chunk import chunk_document, chunker_version
    from index.domain.sentences import split_sentences
    from index.embed import EmbedderInfo, load_embedder
    from index.ingest import read_document
    from index.metadata import apply_metadata, document_hash, from_filename
    from index.parse import parse_document
    from index.store.chunk_store import ChromaStore
    from index.store.records import DocumentRecord

    embedder = load_embedder()  # for token counts (chunk sizes) and the build record only
    store = ChromaStore(path=data / "chroma")
    store.check_compatible(EmbedderInfo.of(embedder), chunker_version(prefix=True))
    rng = np.random.default_rng(seed)
    chunks_written = sentences = 0
    started = time.perf_counter()
    for path in sorted(corpus.glob("*.md")):
        text, metadata = read_document(path)
        doc_hash = document_hash(text, metadata)
        document = apply_metadata(
            parse_document(text, path.name), metadata, fallback=from_filename(path)
        )
        chunks = chunk_document(document, count_tokens=embedder.count_tokens)
        chunks = [dataclasses.replace(chunk, doc_hash=doc_hash) for chunk in chunks]
        vectors = _unit(rng, len(chunks), embedder.dim)
        sets = [_unit(rng, len(split_sentences(c.text)), embedder.dim) for c in chunks]
        record = DocumentRecord.from_document(document, doc_hash, len(chunks))
        store.put_document(record, chunks, vectors, sets)
        chunks_written += len(chunks)
        sentences += sum(len(s) for s in sets)
    return {
        "chunks": chunks_written,
        "sentence_vectors": sentences,
        "write_s": round(time.perf_counter() - started, 1),
        "peak_rss_mb": peak_rss_mb(),
    }


def _unit(rng, n: int, dim: int) -> np.ndarray:
    vectors = rng.normal(size=(n, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True).clip(1e-9)


def keyword_phase(data: Path) -> dict:
    """The keyword index rebuilt from the store in a process doing nothing else."""
    return json.loads(child_output(KEYWORD_PHASE, str(data)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    corpus, data = args.work / "corpus", args.work / "data"
    if not corpus.exists():
        write_corpus(args.chunks, corpus, seed=0)
    result = {"store": fill(corpus, data)}
    result["keyword_phase"] = keyword_phase(data)
    result["disk_mb"] = round(sum(f.stat().st_size for f in data.rglob("*") if f.is_file()) / 2**20)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
