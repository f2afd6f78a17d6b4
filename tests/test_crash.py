"""Crash safety: `qa index` killed with SIGKILL at random moments leaves every document either
fully present (in its old or its new version) or absent, and the next `qa index` completes.

Each trial copies one indexed data directory (three documents), starts a real `qa index` that
updates those three and adds a fourth, kills it after a seeded random delay spread over a full
run's duration, and checks the store and the keyword index directly. CI runs 10 trials; a long
run (the figures are printed with -s):

    QA_CRASH_TRIALS=200 QA_CRASH_SEED=7 python -m pytest tests/test_crash.py -s
"""

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from chromadb.api.shared_system_client import SharedSystemClient

from index.domain.errors import QAError
from index.domain.model import Filters
from index.store.chunk_store import ChromaStore
from index.store.keyword import KeywordIndex
from qa.config import Settings
from qa.engine import Engine
from tests.conftest import DATA, ROOT, SEED, seeded_data_dir

TRIALS = int(os.environ.get("QA_CRASH_TRIALS") or 10)
RANDOM_SEED = int(os.environ.get("QA_CRASH_SEED") or 20260515)
RECOVER_EVERY = 10  # a normal `qa index` completes over every tenth killed directory (and the last)
ENGLISH = (DATA / "follow_up_en.md").read_text(encoding="utf-8")
# (old, new) sentence edits: each changes one chunk, so an update re-embeds only that chunk
SEED_EDIT = ("超过 6,300 名移民", "超过 7,400 名移民")
ENGLISH_EDIT = ("within 48 hours", "within 24 hours")
NEW = "follow_up_en_3.md"  # the document each trial adds


def english_copy(number: int) -> str:
    """follow_up_en.md with one sentence changed: a distinct document, not a duplicate."""
    old = "The Committee notes the draft plan"
    return ENGLISH.replace(old, f"{old} (copy {number})") if number else ENGLISH


def write_documents(folder: Path, *, edited: bool, new: bool) -> Path:
    """The seed and two English documents (edited or not), and the fourth one when `new`."""
    folder.mkdir(parents=True, exist_ok=True)
    seed = SEED.read_text(encoding="utf-8")
    texts = {
        SEED.name: seed,
        "follow_up_en.md": english_copy(0),
        "follow_up_en_2.md": english_copy(2),
    }
    if edited:
        texts = {
            name: text.replace(*(SEED_EDIT if name == SEED.name else ENGLISH_EDIT))
            for name, text in texts.items()
        }
    if new:
        texts[NEW] = english_copy(3)
    for name, text in texts.items():
        assert text.count(SEED_EDIT[0] if name == SEED.name else ENGLISH_EDIT[0]) == (
            0 if edited and name != NEW else 1
        )
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def qa_index(data_dir: Path, documents: Path) -> subprocess.Popen:
    """A real `qa index` process over `documents` into `data_dir`."""
    return subprocess.Popen(
        [sys.executable, "-m", "qa", "index", "--quiet", str(documents)],
        cwd=ROOT,
        env={**os.environ, "QA_DATA_DIR": str(data_dir)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def run_to_completion(data_dir: Path, documents: Path) -> float:
    """Run `qa index` until it exits; its duration in seconds."""
    started = time.perf_counter()
    process = qa_index(data_dir, documents)
    output, _ = process.communicate(timeout=600)
    assert process.returncode == 0, output.decode()
    return time.perf_counter() - started


def versions(data_dir: Path) -> dict[str, tuple[str, frozenset[str]]]:
    """source -> (doc_hash, committed chunk ids) of a data directory (read on its own path)."""
    store = ChromaStore(path=data_dir / "chroma")
    try:
        return {
            record.source: (record.doc_hash, frozenset(store.chunk_ids(record.source)))
            for record in store.documents()
        }
    finally:
        forget_clients()


def forget_clients() -> None:
    """Drop chromadb's per-path client cache: every directory is opened once, then deleted."""
    SharedSystemClient.clear_system_cache()


def check_consistent(data_dir: Path, expected: dict[str, dict[str, frozenset]]) -> dict[str, str]:
    """Assert each document is fully present in a known version or absent, and that the keyword
    index holds exactly the committed chunks; returns source -> "old" / "new" / "absent"."""
    store = ChromaStore(path=data_dir / "chroma")
    try:
        states = _document_states(store, expected)
        committed = {chunk.chunk_id for chunk in store.all_chunks()}
        keyword_dir = data_dir / "keyword"
        try:
            saved = KeywordIndex.load(keyword_dir)
        except (OSError, ValueError, KeyError):
            saved = None  # killed before its first save, or mid-swap: the engine rebuilds it
        if saved is not None and saved.fingerprint == store.fingerprint():
            assert {chunk.chunk_id for chunk in saved.chunks} == committed  # never a lie
        loaded = KeywordIndex.open(keyword_dir, store)  # as Engine.keyword loads it
        assert {chunk.chunk_id for chunk in loaded.chunks} == committed
        return states
    finally:
        forget_clients()


def _document_states(store: ChromaStore, expected) -> dict[str, str]:
    records = {record.source: record for record in store.documents()}
    assert set(records) <= set(expected), f"unknown documents {set(records) - set(expected)}"
    states = {}
    for source, known in expected.items():
        record = records.get(source)
        if record is None:
            assert store.get(Filters(source=source)) == [], f"{source}: chunks without a record"
            states[source] = "absent"
            continue
        assert record.doc_hash in known, f"{source}: unknown version {record.doc_hash}"
        chunks = store.get(Filters(source=source))
        ids = {chunk.chunk_id for chunk in chunks}
        assert ids == store.chunk_ids(source) == known[record.doc_hash], f"{source}: chunks"
        assert record.chunk_count == len(ids)
        sentences = store.committed_sentence_embeddings(chunks)
        assert set(sentences) == ids, f"{source}: sentence vectors missing"
        states[source] = "new" if record.doc_hash == list(known)[-1] else "old"
    return states


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    """The indexed directory each trial starts from, the trial's documents, the expected
    versions and one uninterrupted trial's duration."""
    root = tmp_path_factory.mktemp("crash")
    template = seeded_data_dir(tmp_path_factory, "crash-template")  # the seed, already indexed
    run_to_completion(template, write_documents(root / "old", edited=False, new=False))
    documents = write_documents(root / "new", edited=True, new=True)
    reference = root / "reference"
    shutil.copytree(template, reference)
    duration = run_to_completion(reference, documents)
    old, new = versions(template), versions(reference)
    assert set(old) == set(new) - {NEW} and len(new) == 4
    expected = {source: dict([old.get(source, new[source]), new[source]]) for source in new}
    assert all(len(known) == 2 for source, known in expected.items() if source != NEW)
    return template, documents, expected, duration


@pytest.mark.timeout(300 + 60 * TRIALS)
def test_killed_indexing_leaves_each_document_whole_or_absent(build, tmp_path):
    template, documents, expected, duration = build
    rng = random.Random(RANDOM_SEED)
    outcomes: Counter = Counter()
    started = time.perf_counter()
    for trial in range(TRIALS):
        data_dir = tmp_path / f"trial-{trial}"
        shutil.copytree(template, data_dir)
        delay = rng.uniform(0.0, duration)
        process = qa_index(data_dir, documents)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        killed = process.returncode == -signal.SIGKILL
        checked = tmp_path / f"checked-{trial}"
        shutil.copytree(data_dir, checked)  # checking reopens the keyword index: not in place
        states = check_consistent(checked, expected)
        outcomes[(killed, tuple(sorted(Counter(states.values()).items())))] += 1
        if trial % RECOVER_EVERY == RECOVER_EVERY - 1 or trial == TRIALS - 1:
            recover(data_dir, documents, expected)
        shutil.rmtree(checked)
        shutil.rmtree(data_dir)
        print(f"trial {trial}: killed at {delay:.2f} s of {duration:.2f} s: {states}")
    elapsed = time.perf_counter() - started
    print(f"{TRIALS} trials in {elapsed:.0f} s; (killed, document states): {dict(outcomes)}")


def recover(data_dir: Path, documents: Path, expected) -> None:
    """A normal `qa index` over a killed directory leaves every document in its new version,
    and a search over it works."""
    run_to_completion(data_dir, documents)
    newest = {source: list(known)[-1] for source, known in expected.items()}
    assert {s: h for s, (h, _) in versions(data_dir).items()} == newest
    assert set(check_consistent(data_dir, expected).values()) == {"new"}
    store = ChromaStore(path=data_dir / "chroma")
    chunks = store.count()
    # the killed run's leftovers (uncommitted or replaced versions) were collected
    assert (store._chunks.count(), store._sentences.count()) == (chunks, chunks)
    engine = Engine(Settings.from_env({"QA_DATA_DIR": str(data_dir)}))
    try:
        hits = engine.search("Is each detention order reviewed by a judge?", k=3)
        assert any(hit.chunk.paragraph == 40 for hit in hits)
    except QAError as e:
        pytest.fail(f"search after recovery: {e}")
    finally:
        forget_clients()
