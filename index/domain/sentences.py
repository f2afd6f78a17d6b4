"""Sentence spans in Chinese and Latin-script text; pure, shared by indexing and answering."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

_CLOSERS = "”’」』）)\"'"
_SENTENCE_END = re.compile(
    rf"[。！？；]+[{_CLOSERS}]*"
    rf"|[.!?;]+[{_CLOSERS}]*(?=\s|$|[\u3400-\u9fff])"
    r"|\n"
)
_ABBREVIATION = re.compile(
    r"(?:\b(?:para|paras|No|Nos|art|arts|Art|p|pp|vol|cf|op|cit|Mr|Mrs|Ms|Dr|St|Add|Rev|Corr"
    r"|Inc|vs|al|approx|fig|ch|sect)|\b(?:[A-Za-z]\.)+[A-Za-z]|\b[A-Z])$"
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence (zh and Latin punctuation, line breaks), whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.group()[0] == "." and _ABBREVIATION.search(text, start, match.start()):
            continue
        _add_span(spans, text, start, match.end())
        start = match.end()
    _add_span(spans, text, start, len(text))
    return spans


def _add_span(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


# A sentence of a chunk gets a vector of its own (for sentence scores and quotes) when it has at
# least this many tokens as the embedder reads it (its "passage: " prefix and special tokens, 5
# for e5, included): a paragraph number ("2."), an item letter or a one-word line is not
# embedded, and neither is the sentence of a one-sentence chunk; the chunk's own vector stands
# for them. Stricter rules (long sentences only, or only chunks with two long ones) cost less
# but moved the cycle set's recall@1 by more than 0.01 (docs/BENCHMARKS.md, "Indexing cost").
OWN_VECTOR_TOKENS = 8


def own_vectors(sentences: Sequence[str], count_tokens: Callable[[str], int]) -> list[bool]:
    """Which of a chunk's sentences are embedded on their own (the others take the chunk's)."""
    if len(sentences) < 2:
        return [False] * len(sentences)
    return [count_tokens(sentence) >= OWN_VECTOR_TOKENS for sentence in sentences]
