"""Tokenizer and BM25 keyword index: segmentation, folding, ranking, filters, persistence."""

import json
import math
import shutil

import numpy as np
import pytest

from index.domain.errors import BadRequest
from index.domain.model import EQUALITY_FILTERS, Filters
from index.read import read_text
from index.store import keyword, keyword_rows, reads
from index.store.chunk_store import ChromaStore
from index.store.keyword import KeywordIndex, tokenize
from tests.conftest import SEED
from tests.test_store import ALB, AZE, VECTORS, Info, make_chunk, record_for


def seed_paragraph_36b() -> str:
    text = read_text(SEED)
    start = text.index("(b) 立即停止对儿童")
    return text[start : text.index("\n", start)]


def test_tokenize_segments_chinese_with_jieba():
    tokens = tokenize(seed_paragraph_36b())
    assert "拘留" in tokens and "儿童" in tokens
    assert "的" not in tokens  # a stop word


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Évaluation", ["evaluation"]),
        ("ÉVALUATION des Progrès", ["evaluation", "progres"]),
        ("paragraph 36(b)", ["paragraph", "36", "b"]),
        ("para. 62 (a) and (c)", ["para", "62", "a", "c"]),
        ("３６", ["36"]),  # full-width digits
        ("CMW/C/AZE/CO/3", ["cmw", "c", "aze", "co", "3"]),
        ("Straße", ["strasse"]),
        ("Задержание детей", ["задержание", "детей"]),
        ("Ещё ЁЛКА", ["еще", "елка"]),
        ("La détention des enfants", ["detention", "enfants"]),
        ("détention", ["detention"]),
        ("niños NIÑOS", ["ninos", "ninos"]),
        ("Párrafo 36", ["parrafo", "36"]),
        ("احتجازُ الأطفالِ", ["احتجاز", "الاطفال"]),
        ("إلى الأطفال في الفقرة ٣٦", ["الاطفال", "الفقره", "36"]),
        ("آمنة مستشفى", ["امنه", "مستشفي"]),
        ("الـــفقرة ۳۶", ["الفقره", "36"]),
        ("...!!! — ,;", []),
        ("", []),
        ("the of and", []),
    ],
)
def test_tokenize_folds_words_and_keeps_numbers(text, expected):
    assert tokenize(text) == expected


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("détention des enfants", "detention des enfants"),
        ("niños migrantes", "ninos migrantes"),
        ("ещё", "еще"),
        ("الأطفال", "الاطفال"),
        ("إحتجاز", "احتجاز"),
        ("الفقرة ٣٦", "الفقرة 36"),
    ],
)
def test_tokenize_folds_spelling_variants_alike(one, other):
    assert tokenize(one) == tokenize(other)


def test_tokenize_mixed_scripts_keeps_numbers_between_chinese():
    tokens = tokenize("第36段(b)项: 拘留")
    assert "36" in tokens and "b" in tokens and "拘留" in tokens


CHUNKS = AZE + ALB


@pytest.fixture(scope="module")
def index():
    return KeywordIndex.build(CHUNKS, fingerprint="f1")


def test_search_finds_the_only_chunk_with_a_word_and_drops_zero_scores():
    chunks = [
        make_chunk("a.md", 1, text="detention of migrant children"),
        make_chunk("a.md", 2, text="trafficking in persons"),
        make_chunk("a.md", 3, text="labour inspection"),
    ]
    hits = KeywordIndex.build(chunks).search("children", 10)
    assert [chunk for chunk, _ in hits] == [chunks[0]]
    assert hits[0][1] > 0


def test_scores_match_a_reference_bm25():
    """Lucene BM25 (k1=1.5, b=0.75) computed by hand for a three-chunk corpus."""
    texts = ["alpha beta beta", "alpha gamma", "delta"]
    chunks = [make_chunk("r.md", i, text=t, prefix="") for i, t in enumerate(texts)]
    hits = dict((c.chunk_id, s) for c, s in KeywordIndex.build(chunks).search("beta alpha", 3))
    docs = [t.split() for t in texts]
    average = sum(map(len, docs)) / len(docs)

    def score(doc, term):
        df = sum(term in d for d in docs)
        idf = math.log(1 + (len(docs) - df + 0.5) / (df + 0.5))
        tf = doc.count(term)
        return idf * tf / (tf + 1.5 * (1 - 0.75 + 0.75 * len(doc) / average))

    expected = {
        c.chunk_id: score(d, "beta") + score(d, "alpha") for c, d in zip(chunks, docs, strict=True)
    }
    assert set(hits) == {chunks[0].chunk_id, chunks[1].chunk_id}
    for chunk_id, value in hits.items():
        assert value == pytest.approx(expected[chunk_id], rel=1e-5)


def test_chinese_query_ranks_the_chinese_chunk_first():
    chunks = [
        make_chunk("z.md", 36, text=seed_paragraph_36b()),
        make_chunk("z.md", 60, text="审查并修订其立法，以确保妥善识别贩运受害者"),
    ]
    hits = KeywordIndex.build(chunks).search("儿童移民拘留", 2)
    assert hits[0][0] == chunks[0]


def test_prefix_is_searchable():
    chunk = make_chunk("p.md", 7, text="plain words", prefix="Trafficking in persons")
    assert KeywordIndex.build([chunk]).search("trafficking", 1)[0][0] == chunk


FILTERS = [
    Filters(symbol="CMW/C/ALB/CO/1"),
    Filters(paragraph=16),
    Filters(grade="C"),
    Filters(kind="assessment"),
    Filters(language="en"),
    Filters(state_party="Azerbaijan"),
    Filters(source="alb.md", items=("b",)),
    Filters(date_from="2024-01-01"),
    Filters(date_to="2023-06-09", grade="A"),
]


def test_a_date_range_keeps_dated_chunks_within_it_and_leaves_out_undated_ones(index):
    hits = index.search("para", len(CHUNKS), Filters(date_from="2023-06-09"))
    undated = {c.chunk_id for c in CHUNKS if not c.date}
    assert undated and {c.chunk_id for c, _ in hits} == {c.chunk_id for c in CHUNKS} - undated
    hits = index.search("para", len(CHUNKS), Filters(date_to="2025-12-31"))
    assert {c.source for c, _ in hits} == {"alb.md"}


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: json.dumps(f.to_dict()))
def test_search_applies_filters_before_ranking(index, filters):
    expected = {c.chunk_id for c in CHUNKS if filters.matches(c)}
    assert 0 < len(expected) < len(CHUNKS)
    hits = index.search("para", len(CHUNKS), filters)  # every chunk's prefix says "para"
    assert {c.chunk_id for c, _ in hits} == expected


def test_filtered_search_still_returns_k_when_better_chunks_are_filtered_out():
    strong = [make_chunk("s.md", i, text="detention detention detention") for i in range(20)]
    weak = [make_chunk("w.md", i, text="detention and many other words here") for i in range(3)]
    other = [make_chunk("o.md", i, text="unrelated text on trafficking") for i in range(30)]
    index = KeywordIndex.build(strong + weak + other)
    hits = index.search("detention", 3, Filters(source="w.md"))
    assert [c for c, _ in hits] == weak


@pytest.mark.parametrize("query", ["", "   ", "!!!", "的", "unknownword"])
def test_queries_without_known_tokens_return_nothing(index, query):
    assert index.search(query, 5) == []


@pytest.mark.parametrize("k", [0, -3, 1.5])
def test_bad_k_is_refused(index, k):
    with pytest.raises(BadRequest, match="k must be a positive integer"):
        index.search("para", k)


def test_empty_corpus_searches_saves_and_loads(tmp_path):
    empty = KeywordIndex.build([], fingerprint="none")
    assert empty.search("anything", 3) == []
    empty.save(tmp_path / "kw")
    loaded = KeywordIndex.load(tmp_path / "kw")
    assert (len(loaded), loaded.fingerprint, loaded.search("anything", 3)) == (0, "none", [])


def test_save_and_load_give_the_same_results(index, tmp_path):
    index.save(tmp_path / "kw")
    index.save(tmp_path / "kw")  # replacing an existing index
    loaded = KeywordIndex.load(tmp_path / "kw")
    assert loaded.chunks == index.chunks and loaded.fingerprint == "f1"
    for query in ("paragraph 36", "alb", "recommendation"):
        assert loaded.search(query, 5) == index.search(query, 5)
    meta = json.loads((tmp_path / "kw" / keyword.META_FILE).read_text())
    assert meta["tokenizer_version"] == keyword.TOKENIZER_VERSION and meta["fingerprint"] == "f1"
    assert meta["bm25s_version"]
    assert [p.name for p in tmp_path.iterdir()] == ["kw"]  # no staging left behind


def test_a_loaded_index_holds_fields_and_reads_only_the_chunks_it_returns(index, tmp_path):
    index.save(tmp_path / "kw")
    loaded = KeywordIndex.load(tmp_path / "kw")
    assert loaded.fields == index.fields  # ids and filter fields, in memory
    assert loaded.chunks._cache == {}  # no chunk text parsed on load
    for filters in FILTERS:
        hits = loaded.search("para", 3, filters)
        assert hits == index.search("para", 3, filters)
    returned = {c.chunk_id for f in FILTERS for c, _ in loaded.search("para", 3, f)}
    assert {chunk.chunk_id for chunk in loaded.chunks._cache.values()} == returned
    assert [loaded.chunks[row] for row in (0, -1)] == [index.chunks[0], index.chunks[-1]]


@pytest.mark.parametrize("damage", ["truncated", "rows", "fields"])
def test_a_damaged_row_table_is_refused_on_load(index, tmp_path, damage):
    directory = tmp_path / "kw"
    index.save(directory)
    if damage == "truncated":
        with open(directory / keyword_rows.CHUNKS_FILE, "r+b") as rows:
            rows.truncate(100)
    else:
        name = keyword_rows.ROWS_FILE if damage == "rows" else keyword_rows.FIELDS_FILE
        (directory / name).unlink()
    with pytest.raises((OSError, ValueError)):
        KeywordIndex.load(directory)


@pytest.fixture
def store(tmp_path):
    store = ChromaStore(path=tmp_path / "chroma")
    store.check_compatible(Info("tiny", "1", 4), "1")
    store.put_document(record_for("aze.md", AZE), AZE, VECTORS["aze.md"])
    return store


def builds(monkeypatch) -> list[int]:
    """Count keyword index builds from the store (and the chunks each one indexed)."""
    calls: list[int] = []
    original = keyword._stream_build

    def counting(directory, chunks, fingerprint):
        chunks = list(chunks)
        calls.append(len(chunks))
        return original(directory, chunks, fingerprint)

    monkeypatch.setattr(keyword, "_stream_build", counting)
    return calls


def test_open_builds_once_then_loads_while_the_store_is_unchanged(store, tmp_path, monkeypatch):
    calls = builds(monkeypatch)
    first = KeywordIndex.open(tmp_path / "kw", store)
    second = KeywordIndex.open(tmp_path / "kw", store)
    assert calls == [len(AZE)]
    assert first.fingerprint == second.fingerprint == store.fingerprint()


def test_open_rebuilds_when_the_store_changed(store, tmp_path, monkeypatch):
    KeywordIndex.open(tmp_path / "kw", store)
    store.put_document(record_for("alb.md", ALB), ALB, VECTORS["alb.md"])
    calls = builds(monkeypatch)
    reopened = KeywordIndex.open(tmp_path / "kw", store)
    assert calls == [len(AZE) + len(ALB)]
    assert reopened.fingerprint == store.fingerprint()
    assert {c.source for c, _ in reopened.search("alb", 5)} == {"alb.md"}


@pytest.mark.parametrize(
    "damage", ["delete", "meta", "chunks", "rows", "fields", "tokenizer", "bm25", "no bm25"]
)
def test_open_rebuilds_when_files_are_missing_or_damaged(store, tmp_path, monkeypatch, damage):
    directory = tmp_path / "kw"
    KeywordIndex.open(directory, store)
    meta_path = directory / keyword.META_FILE
    if damage == "delete":
        shutil.rmtree(directory)
    elif damage == "meta":
        meta_path.write_text("{not json")
    elif damage == "chunks":
        (directory / keyword.CHUNKS_FILE).unlink()
    elif damage in ("rows", "fields"):  # also: an index of the layout before them
        name = keyword_rows.ROWS_FILE if damage == "rows" else keyword_rows.FIELDS_FILE
        (directory / name).unlink()
    elif damage == "tokenizer":
        meta = json.loads(meta_path.read_text())
        meta_path.write_text(json.dumps({**meta, "tokenizer_version": "0"}))
    else:
        shutil.rmtree(directory / keyword.BM25_DIR)
        if damage == "bm25":
            (directory / keyword.BM25_DIR).mkdir()
    calls = builds(monkeypatch)
    reopened = KeywordIndex.open(directory, store)
    assert calls == [len(AZE)]
    assert KeywordIndex.load(directory).chunks == reopened.chunks == store.all_chunks()


def test_search_results_are_sorted_and_positive(index):
    hits = index.search("para 16 aze", 10)
    scores = np.array([s for _, s in hits])
    assert len(hits) > 1 and np.all(scores > 0) and np.all(np.diff(scores) <= 0)


def test_tokens_in_most_chunks_are_ignored():
    common = [make_chunk("c.md", i, text=f"azerbaijan topic{i}") for i in range(12)]
    index = KeywordIndex.build(common)
    assert index.search("azerbaijan", 5) == []
    assert [c.chunk_id for c, _ in index.search("azerbaijan topic3", 5)] == [common[3].chunk_id]


def test_save_clears_staging_folders_a_killed_save_left_behind(tmp_path):
    import os
    import time

    from index.store.keyword import ABANDONED_AFTER_SECONDS

    target = tmp_path / "keyword"
    old = tmp_path / ".keyword-abandoned"
    recent = tmp_path / ".keyword-in-progress"
    for folder in (old, recent):
        folder.mkdir()
        (folder / "meta.json").write_text("{}")
    long_ago = time.time() - ABANDONED_AFTER_SECONDS - 60
    os.utime(old, (long_ago, long_ago))
    KeywordIndex.build([]).save(target)
    assert not old.exists()
    assert recent.exists()  # may be another process's save in progress
    assert (target / "meta.json").exists()


def test_the_streamed_build_scores_exactly_as_the_in_memory_one(tmp_path, monkeypatch):
    """The build from the store (document by document, tokens as ids) gives the same chunks,
    in the same order, and the same scores as KeywordIndex.build over all chunks at once."""
    from index.chunk import chunk_document
    from index.parse import parse_document
    from tests.conftest import DATA

    store = ChromaStore(path=tmp_path / "chroma")
    store.check_compatible(Info("tiny", "1", 4), "1")
    rng = np.random.default_rng(0)
    for path in (SEED, DATA / "co_en.md", DATA / "co_fr.md", DATA / "co_zh.md"):
        chunks = chunk_document(parse_document(read_text(path), path.name), count_tokens=len)
        vectors = rng.normal(size=(len(chunks), 4)).astype(np.float32)
        store.put_document(
            record_for(path.name, chunks, doc_hash=chunks[0].doc_hash), chunks, vectors
        )
    monkeypatch.setattr(reads, "DOCUMENTS_PER_PAGE", 2)  # several pages of documents
    streamed = KeywordIndex.open(tmp_path / "kw", store)
    whole = KeywordIndex.build(store.all_chunks())
    assert streamed.chunks == whole.chunks and len(whole.chunks) > 40
    for query in ("detention of migrant children", "拘留 儿童", "Comité recommande", "36"):
        got = [(c.chunk_id, round(s, 5)) for c, s in streamed.search(query, 20)]
        assert got == [(c.chunk_id, round(s, 5)) for c, s in whole.search(query, 20)]
        assert got, query


def test_the_in_memory_fields_hold_every_attribute_a_filter_reads():
    # Filters.matches runs on keyword_rows.ChunkFields, not on chunks: a filter on a chunk
    # attribute the fields lack would fail at search time (the date range needed "date" added)
    read = {*EQUALITY_FILTERS, "items", "date"}
    assert read <= set(keyword_rows.COLUMNS), read - set(keyword_rows.COLUMNS)
    undated = keyword_rows.fields_of(make_chunk("aze.md", 36), 0)
    dated = keyword_rows.fields_of(make_chunk("aze.md", 36, date="2023-06-09"), 1)
    wanted = Filters(state_party="Azerbaijan", date_from="2023-01-01", date_to="2023-12-31")
    assert (wanted.matches(undated), wanted.matches(dated)) == (False, True)
