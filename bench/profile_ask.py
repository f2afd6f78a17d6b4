"""What a request does besides embedding the question: cProfile of N distinct asks.

    python bench/profile_ask.py [--asks 80] [--data-dir DIR]

Over DIR (default: a fresh data directory, where the seed is indexed first), times N query
embeddings alone, then N `Engine.ask` calls on distinct questions (bench/eval_set.jsonl, each
tagged with a unique #n) under cProfile, and prints both means and the top functions by own
time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: index/, qa/ and bench/ from the checkout

from bench.load import load_questions  # noqa: E402
from qa.config import Settings  # noqa: E402
from qa.engine import Engine  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--asks", type=int, default=80)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    questions = load_questions()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="qa-profile-"))
    engine = Engine(Settings.from_env({"QA_DATA_DIR": str(data_dir)}))
    engine.ensure_index(progress=False)
    engine.ask(f"{questions[0]} #warm")
    started = time.perf_counter()
    for n in range(args.asks):
        engine.embedder.embed_query(f"{questions[n % len(questions)]} #e{n}")
    embedding = (time.perf_counter() - started) / args.asks
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for n in range(args.asks):
        engine.ask(f"{questions[n % len(questions)]} #a{n}")
    profile.disable()
    ask = (time.perf_counter() - started) / args.asks
    print(f"query embedding {embedding * 1000:.1f} ms, ask {ask * 1000:.1f} ms a call")
    report = io.StringIO()
    pstats.Stats(profile, stream=report).sort_stats("tottime").print_stats(15)
    print(report.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
