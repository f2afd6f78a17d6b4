"""Finish a bench/perf.py build that was stopped, on its kept work folder, and time the rest.

    python bench/resume_build.py --work /tmp/w100k/perf-100000-XXXX [--out result.json]

`qa index` skips documents already committed (crash-safe writes leave every document whole or
absent), so this indexes only the rest of WORK/corpus into WORK/data, with the same reused
vectors as perf.py (bench/reused_vectors.py), then re-indexes the unchanged corpus. Reported:
chunks before and after, seconds, chunks per second for this part, the unchanged re-index,
and this process's peak RSS. Query latency and memory then come from bench/latency.py on the
same folder, cold start from `python -c "from bench.perf import cold_start..."` (see
docs/BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: index/, qa/ and bench/ from the checkout

from bench.perf import peak_rss_mb  # noqa: E402
from bench.reused_vectors import ReusedVectorEmbedder  # noqa: E402
from index.embed import load_embedder  # noqa: E402
from qa.config import Settings  # noqa: E402
from qa.engine import Engine  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True, help="a perf.py --keep work folder")
    parser.add_argument("--out", type=Path, default=None, help="write the result JSON here")
    args = parser.parse_args(argv)
    embedder = ReusedVectorEmbedder(load_embedder("multilingual-e5-small"))
    engine = Engine(Settings.from_env({"QA_DATA_DIR": str(args.work / "data")}), embedder=embedder)
    before = engine.store.count()
    started = time.perf_counter()
    report = engine.index([args.work / "corpus"], progress=False)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    again = engine.index([args.work / "corpus"], progress=False)
    reindex = time.perf_counter() - started
    added = report.chunks - before
    result = {
        "chunks_before": before,
        "chunks_after": report.chunks,
        "documents_added": len(report.added),
        "documents_failed": len(report.failed),
        "seconds": round(seconds, 1),
        "chunks_per_s": round(added / seconds, 1) if seconds else None,
        "fresh_embedding_s": round(embedder.fresh_seconds, 1),
        "reindex_unchanged_s": round(reindex, 2),
        "reindex_unchanged_documents": len(again.unchanged),
        "peak_rss_mb": peak_rss_mb(),
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
