"""Query latency on an index bench/perf.py built and kept (`--keep`), without rebuilding it.

    python bench/latency.py --work /tmp/w10k/perf-10000-XXXX [--queries 200] [--profile DIR]
                            [--server] [--cold-start]

Runs the same warm, one-process measurements as bench/perf.py (query embedding, hybrid and
dense search, ask, 200 distinct questions each) against `WORK/data`, with the questions drawn
from `WORK/corpus`, so a change on the query path can be measured before and after on one index.
`--server` adds hybrid search through a `chroma run` server on a copy of the store, and
`--cold-start` the seconds from a fresh process to its first answer (both as in bench/perf.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: index/, qa/ and bench/ from the checkout

from bench.perf import cold_start, latency, peak_rss_mb, questions, server_search  # noqa: E402
from bench.synth import load_pool  # noqa: E402
from qa.config import Settings  # noqa: E402
from qa.engine import Engine  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True, help="a perf.py --keep work folder")
    parser.add_argument("--queries", type=int, default=200, help="questions per measurement")
    parser.add_argument("--profile", type=Path, default=None, help="pyinstrument reports here")
    parser.add_argument("--server", action="store_true", help="also search via `chroma run`")
    parser.add_argument("--cold-start", action="store_true", help="also time a cold start")
    args = parser.parse_args(argv)
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    paths = sorted((args.work / "corpus").glob("*.md"))
    load_pool("zh"), load_pool("en")
    count = args.queries
    asked = questions(paths, 3 * count + 6)
    warm, batches = asked[:5], [asked[5 + i * count : 5 + (i + 1) * count] for i in range(3)]
    settings = Settings.from_env({"QA_DATA_DIR": str(args.work / "data")})
    engine = Engine(settings)
    result = {"latency": latency(engine, warm, batches, args.profile)}
    timings = result["latency"]
    embed = timings["query_embedding"]["p50_ms"]
    result["search_over_query_embedding"] = round(timings["search_hybrid"]["p50_ms"] / embed, 2)
    result["hybrid_over_dense"] = round(
        timings["search_hybrid"]["p50_ms"] / timings["search_dense"]["p50_ms"], 2
    )
    result["peak_rss_mb"] = peak_rss_mb()
    if args.server:
        with tempfile.TemporaryDirectory(dir=args.work) as scratch:
            result["server_search"] = server_search(
                settings, engine.embedder, warm, batches[0], Path(scratch)
            )
    if args.cold_start:
        result["cold_start"] = cold_start(args.work / "data", asked[-1])
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
