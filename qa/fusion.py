"""Reciprocal rank fusion of ranked id lists; pure."""

from __future__ import annotations

from collections.abc import Sequence

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


SENTENCE_WEIGHT = 0.5


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
