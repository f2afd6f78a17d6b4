"""The Committee's verdict sentences in an assessment, and the check that every quote is a
verbatim slice of its chunk; pure functions."""

from __future__ import annotations

from collections.abc import Sequence

from index.domain.sentences import split_sentences
from qa.intent import match_verdict
from qa.model import Citation, Hit


def verdict_of(sentence: str) -> str | None:
    """ "not_implemented", "partially_implemented" or "implemented" for a verdict sentence."""
    return match_verdict(sentence)


def verdict_spans(text: str) -> list[tuple[int, int]]:
    """Spans of every verdict sentence in an assessment, in order."""
    return [(s, e) for s, e in split_sentences(text) if verdict_of(text[s:e])]


def conclusion_of(text: str) -> tuple[int, int] | None:
    """Span of the last verdict sentence of an assessment, or None when it gives no verdict."""
    spans = verdict_spans(text)
    return spans[-1] if spans else None


def verdict_first(scored: Sequence[tuple], verdict: str | None) -> list[tuple]:
    """(chunk, score) pairs of assessments with those whose conclusion gives `verdict` first
    ("which were only partly implemented?"), each group in the given order."""
    if verdict is None:
        return list(scored)

    def gives(chunk) -> bool:
        span = conclusion_of(chunk.text)
        return span is not None and verdict_of(chunk.text[span[0] : span[1]]) == verdict

    return sorted(scored, key=lambda pair: not gives(pair[0]))


def verify_quote(quote: str | None, chunk) -> bool:
    """True when `quote` is a non-empty verbatim slice of the chunk's text."""
    return bool(quote and quote.strip()) and quote in chunk.text


def keep_verified(citations, hits: list[Hit]) -> tuple[Citation, ...]:
    """The citations whose quote occurs verbatim in their cited chunk (related ones carry none)."""
    chunks = {hit.chunk.chunk_id: hit.chunk for hit in hits}
    kept = []
    for citation in citations:
        chunk = chunks.get(citation.chunk_id)
        if chunk is None:
            continue
        if citation.quote is None and citation.role == "related":
            kept.append(citation)
        elif verify_quote(citation.quote, chunk):
            kept.append(citation)
    return tuple(kept)
