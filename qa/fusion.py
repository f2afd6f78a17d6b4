"""Fusion of rankings into hits: reciprocal rank fusion, sentence rescoring, language balance
(pure)."""

from __future__ import annotations

from collections.abc import Sequence

from index.domain.model import Chunk
from qa.config import SENTENCE_WEIGHT
from qa.model import Hit

RRF_K = 60


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]], *, k: int = RRF_K, weights: Sequence[float] | None = None
) -> list[tuple[str, float]]:
    """Fuse ranked lists of ids: score(id) = sum of weight / (k + rank), best first.

    Ties keep the order in which ids were first seen, so results are deterministic.
    """
    if weights is None:
        weights = [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError(f"got {len(weights)} weights for {len(rankings)} rankings")
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    order = {item: i for i, item in enumerate(scores)}
    return sorted(scores.items(), key=lambda pair: (-pair[1], order[pair[0]]))


def rescore_by_sentences(
    scored: Sequence[tuple],
    sentence_scores: dict[str, list[float]],
    *,
    weight: float = SENTENCE_WEIGHT,
) -> list[tuple]:
    """(chunk, similarity) pairs rescored as (1 - weight) * similarity + weight * the best
    sentence's similarity, best first; a chunk without sentence scores keeps its similarity."""
    rescored = []
    for chunk, similarity in scored:
        sentences = sentence_scores.get(chunk.chunk_id)
        best = max(sentences) if sentences else similarity
        rescored.append((chunk, (1 - weight) * similarity + weight * best))
    return sorted(rescored, key=lambda pair: -pair[1])


def same_language_offset(scored: Sequence[tuple], language: str, offset: float) -> list[tuple]:
    """(chunk, similarity) pairs re-ordered with `offset` taken from the similarity of chunks in
    `language` (the question's): a multilingual embedder scores its own language higher, which
    would rank an answer in another language below weaker same-language text. Similarities are
    returned unchanged (answer thresholds use them); only the order moves."""
    if not offset:
        return list(scored)
    return sorted(scored, key=lambda pair: -(pair[1] - offset * (pair[0].language == language)))


def in_other_languages(scored: Sequence[tuple], language: str) -> list[list[tuple]]:
    """One ranking per language other than `language` among the scored chunks, each in the
    given order. Fused beside keyword search (which ranks only the question's language), they
    give every chunk an in-language rank whatever its language."""
    languages = sorted({chunk.language for chunk, _ in scored} - {language})
    return [[pair for pair in scored if pair[0].language == other] for other in languages]


def nearest_per_language(scored: Sequence[tuple], pool: int) -> list[tuple]:
    """The first `pool` (chunk, similarity) pairs, then the first `pool` of each language not
    among them enough, in the given order: what is worth rescoring and fusing from a deeper
    list."""
    kept = list(scored[:pool])
    counts: dict[str, int] = {}
    for chunk, _ in kept:
        counts[chunk.language] = counts.get(chunk.language, 0) + 1
    for pair in scored[pool:]:
        language = pair[0].language
        if counts.get(language, 0) < pool:
            counts[language] = counts.get(language, 0) + 1
            kept.append(pair)
    return kept


def same_language(ranked: list[tuple[Chunk, float]], language: str) -> list[tuple[Chunk, float]]:
    """Keyword matches in the question's language only: across languages BM25 matches only
    what every chunk shares (the State's name in the prefix, numbers), which is noise to fuse
    (docs/EVALUATION.md: it pushed English questions' answers out of the top 5)."""
    return [(chunk, score) for chunk, score in ranked if chunk.language == language]


def fuse(dense, keyword, *more, weights=None) -> list[Hit]:
    """Hits by reciprocal rank fusion of the dense ranking, the keyword ranking and `more`
    rankings (dense, of a part of the chunks); similarity is the dense score."""
    chunks = {c.chunk_id: c for ranking in (dense, keyword, *more) for c, _ in ranking}
    dense_rank = {c.chunk_id: rank for rank, (c, _) in enumerate(dense, 1)}
    dense_score = {c.chunk_id: s for ranking in (*more, dense) for c, s in ranking}
    keyword_rank = {c.chunk_id: rank for rank, (c, _) in enumerate(keyword, 1)}
    fused = reciprocal_rank_fusion(
        [[c.chunk_id for c, _ in ranking] for ranking in (dense, keyword, *more)],
        weights=weights,
    )
    return [
        scored_hit(chunks[i], score, dense_rank.get(i), keyword_rank.get(i), dense_score.get(i))
        for i, score in fused
    ]


def scored_hit(chunk, score, dense_rank, keyword_rank, similarity) -> Hit:
    return Hit(chunk, float(score), dense_rank, keyword_rank, similarity)
