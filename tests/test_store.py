"""ChromaStore against a real local Chroma: writes, visibility, filters, build info, errors."""

import dataclasses
import json
import socket

import numpy as np
import pytest

from index.domain.errors import BadRequest, IndexMismatch, StoreUnavailable
from index.domain.model import Chunk, Document, Filters
from index.store.chunk_store import ChromaStore
from index.store.records import (
    STORE_VERSION,
    DocumentRecord,
    decode_vectors,
    encode_vectors,
    record_id,
)

DIM = 4
INFO = {"name": "tiny-embedder", "version": "1", "dim": DIM}


class Info:
    """Stands in for index.embed.EmbedderInfo: the store only reads name, version and dim."""

    def __init__(self, name: str, version: str, dim: int):
        self.name, self.version, self.dim = name, version, dim


def make_chunk(source, paragraph, kind="assessment", items=(), grade=None, doc_hash="h1", **kw):
    text = kw.pop("text", f"{kind} {paragraph} {''.join(items)} of {source}")
    start = kw.pop("start", (paragraph or 0) * 100)
    values = {
        "symbol": f"CMW/C/{source[:3].upper()}/CO/1",
        "title": f"Paragraph {paragraph}",
        "language": "zh",
        "committee": "CMW",
        "state_party": "Azerbaijan",
        "prefix": f"{source} para {paragraph}",
        **kw,
    }
    return Chunk(
        chunk_id=f"{source}:{kind}:{paragraph}:{'-'.join(items)}:{doc_hash}{start}",
        source=source,
        paragraph=paragraph,
        items=tuple(items),
        grade=grade,
        kind=kind,
        spans=((start, start + len(text)),),
        text=text,
        doc_hash=doc_hash,
        **values,
    )


def record_for(source, chunks, doc_hash="h1", **kw):
    return DocumentRecord(
        source=source,
        doc_hash=doc_hash,
        chunk_count=len(chunks),
        doc_type="follow_up_assessment",
        language=kw.pop("language", "zh"),
        **kw,
    )


def unit(*values):
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


# Two documents with distinct metadata, so every filter has something to keep and to drop
# (one chunk without a date: a date range leaves it out).
AZE = [
    make_chunk("aze.md", None, kind="header", start=0),
    make_chunk("aze.md", 16, kind="recommendation", items=("a", "b", "c"), date="2026-03-02"),
    make_chunk("aze.md", 16, items=("a", "b"), grade="C", start=1650, date="2026-03-02"),
    make_chunk("aze.md", 16, items=("c",), grade="B", start=1700, date="2026-03-02"),
    make_chunk("aze.md", 36, kind="reply", start=3600, date="2026-03-02"),
    make_chunk("aze.md", 36, items=("b", "c", "d", "e"), grade="C", start=3650, date="2026-03-02"),
]
ALB_META = {"language": "en", "state_party": "Albania", "date": "2023-06-09"}
ALB = [
    make_chunk("alb.md", 16, items=("a",), grade="B", **ALB_META),
    make_chunk("alb.md", 20, items=("a", "b"), grade="A", **ALB_META),
]
VECTORS = {
    "aze.md": np.stack([unit(1, 0, 0, i / 10) for i in range(len(AZE))]),
    "alb.md": np.stack([unit(0, 1, 0, i / 10) for i in range(len(ALB))]),
}


@pytest.fixture
def store(tmp_path):
    return ChromaStore(path=tmp_path / "chroma", collection="test_store")


@pytest.fixture
def filled(store):
    store.check_compatible(Info(**INFO), "1")
    store.put_document(record_for("aze.md", AZE, state_party="Azerbaijan"), AZE, VECTORS["aze.md"])
    store.put_document(record_for("alb.md", ALB, language="en"), ALB, VECTORS["alb.md"])
    return store


def ids(chunks):
    return {chunk.chunk_id for chunk in chunks}


def test_empty_store_answers_with_nothing(store):
    assert store.documents() == []
    assert store.get() == []
    assert store.query(unit(1, 0, 0, 0), 5) == []
    assert store.count() == 0
    assert store.chunk_ids("aze.md") == set()


def test_chunks_round_trip_unchanged(filled):
    assert {c.chunk_id: c for c in filled.all_chunks()} == {c.chunk_id: c for c in AZE + ALB}
    assert filled.count() == len(AZE) + len(ALB)
    assert filled.chunk_ids("aze.md") == ids(AZE)


def test_get_orders_by_source_then_start(filled):
    keys = [(c.source, c.start) for c in filled.get()]
    assert keys == sorted(keys)
    assert keys[0][0] == "alb.md"


def test_query_scores_cosine_similarity_best_first(filled):
    hits = filled.query(VECTORS["aze.md"][2], 3)
    assert hits[0][0] == AZE[2]
    assert hits[0][1] == pytest.approx(1.0, abs=1e-5)
    expected = float(VECTORS["aze.md"][2] @ VECTORS["aze.md"][1])
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
    assert dict((c.chunk_id, s) for c, s in hits)[AZE[1].chunk_id] == pytest.approx(expected)


FILTERS = [
    Filters(symbol="CMW/C/ALB/CO/1"),
    Filters(paragraph=16),
    Filters(grade="C"),
    Filters(kind="assessment"),
    Filters(language="en"),
    Filters(state_party="Azerbaijan"),
    Filters(source="alb.md"),
    Filters(items=("b",)),
    Filters(paragraph=16, items=("c",)),
    Filters(kind="assessment", grade="B", language="zh"),
    Filters(date_from="2024-01-01"),
    Filters(date_to="2023-06-09"),  # both ends are included
    Filters(date_from="2023-06-09", date_to="2026-03-02"),
    Filters(grade="B", date_to="2024-12-31"),
]


def test_query_with_known_chunks_fetches_only_the_others(filled, monkeypatch):
    vector = unit(1, 1, 0, 0)
    plain = filled.query(vector, 6)
    everything = {record_id(chunk): chunk for chunk in filled.all_chunks()}
    assert filled.query(vector, 6, known=everything) == plain
    fetched = []
    fetch = ChromaStore._fetch
    monkeypatch.setattr(
        ChromaStore, "_fetch", lambda self, c, ids: fetched.extend(ids) or fetch(self, c, ids)
    )
    some = dict(list(everything.items())[::2])
    assert filled.query(vector, 6, known=some) == plain
    assert fetched and not set(fetched) & set(some)
    assert filled.query(vector, 6, Filters(language="en"), known=some) == filled.query(
        vector, 6, Filters(language="en")
    )


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: json.dumps(f.to_dict()))
def test_get_and_query_apply_filters_like_filters_matches(filled, filters):
    expected = {c.chunk_id for c in AZE + ALB if filters.matches(c)}
    assert 0 < len(expected) < len(AZE + ALB)
    assert ids(filled.get(filters)) == expected
    hits = filled.query(unit(1, 1, 1, 1), 20, filters)
    assert ids(chunk for chunk, _ in hits) == expected


def test_items_filter_keeps_chunks_without_items(filled):
    found = ids(filled.get(Filters(source="aze.md", items=("b",))))
    assert AZE[0].chunk_id in found and AZE[4].chunk_id in found  # header, reply: no items
    assert AZE[3].chunk_id not in found  # items ("c",) only


def test_query_returns_k_when_filters_drop_nearer_chunks(filled):
    hits = filled.query(VECTORS["aze.md"][0], 2, Filters(source="alb.md"))
    assert ids(c for c, _ in hits) == ids(ALB)


def test_manifest_records_round_trip(filled):
    record = filled.document("aze.md")
    assert record == record_for("aze.md", AZE, state_party="Azerbaijan")
    assert [r.source for r in filled.documents()] == ["alb.md", "aze.md"]
    assert filled.document("missing.md") is None
    json.dumps(record.to_dict())


def test_record_from_document_keeps_small_metadata_only():
    document = Document(
        source="x.md", text="t", doc_type="follow_up_assessment", committee="CMW",
        state_party="Azerbaijan", country_code="AZE", language="zh", symbol="CMW/C/39/2/Add.1",
        co_symbol="CMW/C/AZE/CO/3", follow_up_paragraphs=(16, 36),
    )  # fmt: skip
    record = DocumentRecord.from_document(document, "abc", 3)
    assert (record.co_symbol, record.chunk_count, record.doc_hash) == ("CMW/C/AZE/CO/3", 3, "abc")
    assert record.details["follow_up_paragraphs"] == [16, 36]
    assert "recommendations" not in record.details and record.indexed_at


def test_embeddings_returns_stored_vectors_and_omits_unknown(filled):
    found = filled.embeddings([AZE[1].chunk_id, "nope"])
    assert set(found) == {AZE[1].chunk_id}
    np.testing.assert_allclose(found[AZE[1].chunk_id], VECTORS["aze.md"][1], rtol=1e-6)


def test_new_version_replaces_old_and_leaves_no_stale_record(filled):
    changed = make_chunk("aze.md", 36, items=("b",), grade="A", doc_hash="h2", start=3650)
    kept = [dataclasses.replace(c, doc_hash="h2") for c in AZE[:5]]
    new = [*kept, changed]
    filled.put_document(record_for("aze.md", new, doc_hash="h2"), new, VECTORS["aze.md"])
    assert filled.chunk_ids("aze.md") == ids(new)
    assert {c.doc_hash for c in filled.get(Filters(source="aze.md"))} == {"h2"}
    assert filled._chunks.count() == len(new) + len(ALB)


class Crash(Exception):
    """The process dying at this point."""


class CrashOnUpsert:
    """A collection whose writes crash; reads go through."""

    def __init__(self, collection):
        self.collection = collection

    def upsert(self, **kwargs):
        raise Crash()

    def __getattr__(self, name):
        return getattr(self.collection, name)


def crash(*args, **kwargs):
    raise Crash()


def version_two():
    chunks = [make_chunk("aze.md", 99, text=f"new {i}", doc_hash="h2", start=i) for i in range(12)]
    vectors = np.stack([unit(1, 0, 0, 0)] * len(chunks))  # nearer to the query than v1
    return record_for("aze.md", chunks, doc_hash="h2"), chunks, vectors


def test_crash_before_commit_leaves_old_version_whole(filled, monkeypatch):
    before = ({c.chunk_id: c for c in filled.all_chunks()}, filled.fingerprint())

    manifest = ChromaStore._manifest.fget
    monkeypatch.setattr(ChromaStore, "_manifest", property(lambda s: CrashOnUpsert(manifest(s))))
    with pytest.raises(Crash):
        filled.put_document(*version_two())
    monkeypatch.undo()
    assert ({c.chunk_id: c for c in filled.all_chunks()}, filled.fingerprint()) == before
    hits = filled.query(unit(1, 0, 0, 0), 3, Filters(source="aze.md"))
    assert len(hits) == 3 and all(c.doc_hash == "h1" for c, _ in hits)


def test_crash_after_commit_shows_new_version_only(filled, monkeypatch):
    record, chunks, vectors = version_two()
    monkeypatch.setattr(ChromaStore, "_delete_chunks", crash)
    with pytest.raises(Crash):
        filled.put_document(record, chunks, vectors)
    monkeypatch.undo()
    assert ids(filled.get(Filters(source="aze.md"))) == ids(chunks)
    assert filled.count() == len(chunks) + len(ALB)
    filled.put_document(record, chunks, vectors)  # the retry cleans up
    assert filled._chunks.count() == len(chunks) + len(ALB)


def test_has_documents_counts_committed_documents_only(store):
    assert not store.has_documents()
    store.check_compatible(Info(**INFO), "1")
    assert not store.has_documents()  # a build record is no document
    filled = store
    filled.put_document(record_for("aze.md", AZE), AZE, VECTORS["aze.md"])
    filled.put_document(record_for("alb.md", ALB, language="en"), ALB, VECTORS["alb.md"])
    assert filled.has_documents()
    filled.remove_document("alb.md")
    filled.remove_document("aze.md")
    assert not filled.has_documents()


def test_remove_document_and_fingerprint(filled):
    before = filled.fingerprint()
    assert filled.fingerprint() == before
    assert filled.remove_document("alb.md") == len(ALB)
    assert filled.fingerprint() != before
    assert ids(filled.all_chunks()) == ids(AZE)
    assert filled.remove_document("alb.md") == 0
    assert filled._chunks.count() == len(AZE)


def test_data_persists_across_store_instances(filled, tmp_path):
    again = ChromaStore(path=tmp_path / "chroma", collection="test_store")
    assert again.fingerprint() == filled.fingerprint()
    assert ids(again.all_chunks()) == ids(AZE + ALB)


def test_a_reader_rereads_the_manifest_only_when_it_changed(filled, tmp_path, monkeypatch):
    import index.store.chunk_store

    # check on every read
    monkeypatch.setattr(index.store.chunk_store, "READ_SNAPSHOT_SECONDS", 0.0)
    reader = ChromaStore(path=tmp_path / "chroma", collection="test_store")
    before = reader.fingerprint()
    first_read = reader._snapshot.read
    assert reader.fingerprint() == before
    assert reader._snapshot.read == first_read  # checked again, not re-read
    assert reader._snapshot.checked >= first_read
    record, chunks, vectors = version_two()
    filled.put_document(record, chunks, vectors)  # another store object commits
    assert reader.fingerprint() == filled.fingerprint() != before
    assert reader._snapshot.read > first_read
    assert ids(reader.get(Filters(source="aze.md"))) == ids(chunks)


def test_a_commit_whose_change_marker_was_never_written_still_shows(filled, tmp_path, monkeypatch):
    import index.store.chunk_store

    monkeypatch.setattr(index.store.chunk_store, "READ_SNAPSHOT_SECONDS", 0.0)
    reader = ChromaStore(path=tmp_path / "chroma", collection="test_store")
    before = reader.fingerprint()
    monkeypatch.setattr(ChromaStore, "_mark_changed", crash)  # killed right after the commit
    new = [make_chunk("new.md", 5, doc_hash="h9")]
    with pytest.raises(Crash):
        vectors = np.stack([unit(1, 0, 0, 0)])
        filled.put_document(record_for("new.md", new, doc_hash="h9"), new, vectors)
    monkeypatch.undo()
    monkeypatch.setattr(index.store.chunk_store, "READ_SNAPSHOT_SECONDS", 0.0)
    assert reader.fingerprint() != before  # the document count moved
    assert ids(reader.get(Filters(source="new.md"))) == ids(new)


def test_check_compatible_records_then_refuses_another_embedder(filled):
    assert filled.build_info() == {
        "embedder": "tiny-embedder", "embedder_version": "1", "dim": DIM, "chunker_version": "1",
        "store_version": STORE_VERSION,
    }  # fmt: skip
    filled.check_compatible(Info(**INFO), "1")
    with pytest.raises(IndexMismatch) as raised:
        filled.check_compatible(Info("other-model", "2", 8), "1")
    message = str(raised.value)
    assert "tiny-embedder" in message and "other-model" in message
    assert "qa index --rebuild" in message and "QA_EMBEDDER=tiny-embedder" in message


@pytest.mark.parametrize("earlier", [None, "2"])  # 2: before chunks carried their date
def test_an_index_in_an_earlier_store_format_is_refused_with_the_fix(filled, earlier):
    recorded = {k: v for k, v in filled.build_info().items() if k != "store_version"}
    if earlier:
        recorded["store_version"] = earlier
    filled._chunks.modify(metadata=recorded)
    wanted = f"store format {earlier or 1}.*store format {STORE_VERSION}.*qa index --rebuild"
    with pytest.raises(IndexMismatch, match=wanted):
        filled.check_compatible(Info(**INFO), "1")


def test_sentence_vectors_round_trip_through_float16_within_1e_3():
    rng = np.random.default_rng(0)
    matrix = rng.normal(size=(3, DIM)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    decoded = decode_vectors(encode_vectors(matrix), 3)
    assert decoded.shape == (3, DIM) and decoded.dtype == np.float32
    assert np.abs(decoded - matrix).max() < 1e-3


def test_check_compatible_refuses_another_chunker(filled):
    with pytest.raises(IndexMismatch, match="chunker 1.*chunker 2.*qa index --rebuild"):
        filled.check_compatible(Info(**INFO), "2")


def test_reset_drops_everything_and_accepts_a_new_build(filled):
    filled.reset()
    assert (filled.documents(), filled.all_chunks(), filled.build_info()) == ([], [], {})
    filled.check_compatible(Info("other-model", "2", 8), "1")
    chunk = make_chunk("x.md", 1)
    filled.put_document(record_for("x.md", [chunk]), [chunk], np.ones((1, 8)))
    assert filled.query(np.ones(8), 1)[0][0] == chunk


def test_empty_index_takes_a_new_embedder_of_another_dimension(store):
    store.check_compatible(Info(**INFO), "1")
    chunk = make_chunk("x.md", 1)
    store.put_document(record_for("x.md", [chunk]), [chunk], unit(1, 0, 0, 0)[None])
    store.remove_document("x.md")
    store.check_compatible(Info("other-model", "2", 8), "1")
    store.put_document(record_for("x.md", [chunk]), [chunk], np.ones((1, 8)))
    assert store.count() == 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"path": "x", "collection": "ab"}, BadRequest, "bad collection name 'ab'"),
        ({"path": "x", "collection": "a b c"}, BadRequest, "bad collection name"),
        ({}, BadRequest, "exactly one of path="),
        ({"url": "ftp://host:1"}, BadRequest, "bad Chroma URL"),
        ({"url": "http://127.0.0.1:{port}"}, StoreUnavailable, "chroma run --path DIR --port N"),
    ],
)
def test_construction_errors_name_the_fix(tmp_path, kwargs, error, message):
    if "path" in kwargs:
        kwargs["path"] = tmp_path / kwargs["path"]
    if "url" in kwargs:
        kwargs["url"] = kwargs["url"].format(port=free_port())
    with pytest.raises(error, match=message.replace("(", r"\(")) as raised:
        ChromaStore(**kwargs)
    if "url" in kwargs and error is StoreUnavailable:
        assert kwargs["url"] in str(raised.value)


@pytest.mark.parametrize("k", [0, -1, 2.5, True])
def test_query_refuses_bad_k(filled, k):
    with pytest.raises(BadRequest, match="k must be a positive integer"):
        filled.query(unit(1, 0, 0, 0), k)


def test_put_document_refuses_inconsistent_input(store):
    chunk = make_chunk("x.md", 1)
    cases = [
        (record_for("x.md", [chunk, chunk]), [chunk, chunk], np.ones((2, DIM)), "share an id"),
        (record_for("x.md", [chunk]), [chunk], np.ones((2, DIM)), "1 chunks but 2 embeddings"),
        (record_for("y.md", [chunk]), [chunk], np.ones((1, DIM)), "other documents"),
    ]
    for record, chunks, vectors, message in cases:
        with pytest.raises(ValueError, match=message):
            store.put_document(record, chunks, vectors)
    assert store.documents() == []
