"""Tests for qa.fusion: reciprocal rank fusion arithmetic."""

from dataclasses import dataclass

import pytest

from qa.fusion import (
    RRF_K,
    in_other_languages,
    nearest_per_language,
    reciprocal_rank_fusion,
    rescore_by_sentences,
    same_language_offset,
)


@dataclass(frozen=True)
class Text:
    name: str
    language: str


def test_rrf_sums_reciprocal_ranks():
    fused = dict(reciprocal_rank_fusion([["a", "b", "c"], ["b", "d"]]))
    assert fused["b"] == pytest.approx(1 / (RRF_K + 2) + 1 / (RRF_K + 1))
    assert fused["a"] == pytest.approx(1 / (RRF_K + 1))
    assert fused["d"] == pytest.approx(1 / (RRF_K + 2))


def test_rrf_orders_best_first_and_breaks_ties_by_first_seen():
    order = [item for item, _ in reciprocal_rank_fusion([["a", "b"], ["b", "a"], ["c"]])]
    assert order == ["a", "b", "c"]


def test_rrf_agreement_beats_single_list_top_rank():
    order = [item for item, _ in reciprocal_rank_fusion([["x", "y"], ["z", "y"]])]
    assert order[0] == "y"


def test_rrf_weights():
    fused = dict(reciprocal_rank_fusion([["a"], ["b"]], weights=[2.0, 1.0]))
    assert fused["a"] == pytest.approx(2 * fused["b"])


def test_rrf_weight_count_must_match():
    with pytest.raises(ValueError, match="2 weights for 1 rankings"):
        reciprocal_rank_fusion([["a"]], weights=[1.0, 2.0])


def test_rrf_of_nothing_is_empty():
    assert reciprocal_rank_fusion([[], []]) == []


class FakeChunk:
    def __init__(self, chunk_id):
        self.chunk_id = chunk_id


def test_rescore_by_sentences_mixes_chunk_and_best_sentence():
    a, b = FakeChunk("a"), FakeChunk("b")
    rescored = rescore_by_sentences([(a, 0.8), (b, 0.7)], {"a": [0.1, 0.2], "b": [0.9, 0.3]})
    assert [(chunk.chunk_id, round(score, 3)) for chunk, score in rescored] == [
        ("b", 0.8),
        ("a", 0.5),
    ]


def test_rescore_keeps_chunks_without_sentences():
    a = FakeChunk("a")
    assert rescore_by_sentences([(a, 0.6)], {}) == [(a, 0.6)]


def test_same_language_offset_reorders_but_keeps_similarities():
    en, zh = Text("en", "en"), Text("zh", "zh")
    scored = [(en, 0.86), (zh, 0.83)]
    assert same_language_offset(scored, "en", 0.04) == [(zh, 0.83), (en, 0.86)]
    assert same_language_offset(scored, "en", 0.02) == scored  # 0.84 > 0.83: order kept
    assert same_language_offset(scored, "zh", 0.04) == scored  # the question's language loses
    assert same_language_offset(scored, "en", 0.0) == scored


def test_in_other_languages_ranks_each_other_language_apart():
    en1, zh1, fr1, zh2, en2 = (Text(n, n[:2]) for n in ("en1", "zh1", "fr1", "zh2", "en2"))
    scored = [(en1, 0.9), (zh1, 0.8), (fr1, 0.7), (zh2, 0.6), (en2, 0.5)]
    assert in_other_languages(scored, "en") == [[(fr1, 0.7)], [(zh1, 0.8), (zh2, 0.6)]]
    assert in_other_languages([(en1, 0.9)], "en") == []


def test_nearest_per_language_tops_up_each_language_from_deeper_down():
    en = [(Text(f"en{i}", "en"), 0.9 - i / 100) for i in range(6)]
    zh = [(Text(f"zh{i}", "zh"), 0.7 - i / 100) for i in range(3)]
    scored = [*en[:4], zh[0], *en[4:], *zh[1:]]
    kept = nearest_per_language(scored, 3)
    assert kept == [en[0], en[1], en[2], zh[1 - 1], zh[1], zh[2]]
    assert nearest_per_language(en, 3) == en[:3]  # one language: the first `pool` only
