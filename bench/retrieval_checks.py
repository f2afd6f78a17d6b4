"""Recall@1/3/5 of the retrieval checks (tests/data/retrieval_checks.json) per search mode.

    python bench/retrieval_checks.py [--embedder NAME]

Indexes the bundled seeds into a temporary data directory, then asks every check question in
each mode (keyword = BM25 only, dense, hybrid) and counts a hit when a chunk of the expected
paragraph is ranked within the first 1, 3 or 5. Also prints the seed's index time.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout not installed with pip -e
    sys.path.insert(0, str(ROOT))

from qa.config import Settings  # noqa: E402
from qa.engine import MODES, Engine  # noqa: E402

CHECKS = ROOT / "tests" / "data" / "retrieval_checks.json"


def recall(engine: Engine, checks: list[dict], mode: str) -> dict[str, float]:
    """Share of checks whose paragraph is in the top 1, 3 and 5 for one mode."""
    found = {1: 0, 3: 0, 5: 0}
    for check in checks:
        paragraphs = [
            hit.chunk.paragraph for hit in engine.search(check["question"], k=5, mode=mode)
        ]
        for cut in found:
            found[cut] += check["paragraph"] in paragraphs[:cut]
    return {f"recall@{cut}": round(count / len(checks), 3) for cut, count in found.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", default=None)
    args = parser.parse_args()
    checks = json.loads(CHECKS.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings.from_env({"QA_DATA_DIR": data_dir}, embedder=args.embedder)
        engine = Engine(settings)
        started = time.perf_counter()
        engine.index([settings.seeds_dir], progress=False)
        index_seconds = time.perf_counter() - started
        results = {mode: recall(engine, checks, mode) for mode in ("keyword", "dense", "hybrid")}
    assert set(results) <= set(MODES)
    print(
        json.dumps(
            {
                "embedder": settings.embedder,
                "checks": len(checks),
                "seed_index_seconds": round(index_seconds, 2),
                **results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
