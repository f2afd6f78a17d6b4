"""Peak memory and time of the keyword phase at N chunks, streamed against all in memory.

    python bench/keyword_phase.py --corpus /tmp/r100k/corpus

Each way runs in a process of its own over the same chunks, parsed and chunked from a
bench/synth.py corpus as ingestion does (no store, no vectors: what is measured is the
keyword phase alone, plus the parser and the embedder's tokenizer that both ways load):

* streamed (`index.store.keyword._stream_build`, what a build does now): chunks come one
  document at a time, rows are written as they come, tokens are kept as integer ids;
* in memory (`KeywordIndex.build` then `save`, what a build did before): every chunk in a
  list first, tokens as (interned) strings.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: index/, qa/ and bench/ from the checkout

from bench.child import child_output  # noqa: E402

CHILD = """
import json, resource, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from bench.keyword_phase import chunks_of
from index.store import keyword
corpus, way = Path(sys.argv[1]), sys.argv[2]
started = time.perf_counter()
with tempfile.TemporaryDirectory() as tmp:
    if way == "streamed":
        keyword._stream_build(Path(tmp), chunks_of(corpus), "bench")
    else:
        keyword.KeywordIndex.build(list(chunks_of(corpus)), fingerprint="bench").save(Path(tmp))
    files = sum(f.stat().st_size for f in Path(tmp).rglob("*") if f.is_file())
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"way": way, "seconds": round(time.perf_counter() - started, 1),
                  "peak_rss_mb": round(peak, 1), "index_mb": round(files / 2**20, 1)}))
"""


def chunks_of(corpus: Path):
    """Every chunk of the corpus, one document at a time, as ingestion makes them."""
    from index.chunk import chunk_document
    from index.embed import load_embedder
    from index.ingest import read_document
    from index.metadata import apply_metadata, from_filename
    from index.parse import parse_document

    embedder = load_embedder()
    for path in sorted(corpus.glob("*.md")):
        text, metadata = read_document(path)
        document = apply_metadata(
            parse_document(text, path.name), metadata, fallback=from_filename(path)
        )
        yield from chunk_document(document, count_tokens=embedder.count_tokens)


def run(corpus: Path, way: str) -> dict:
    return json.loads(child_output(CHILD, str(corpus), way, str(ROOT)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    result = [run(args.corpus, way) for way in ("streamed", "in_memory")]
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
