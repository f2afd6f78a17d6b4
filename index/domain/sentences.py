"""Sentence spans in Chinese and Latin-script text; pure, shared by indexing and answering."""

from __future__ import annotations

import re

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
