"""The JSON the Gradio API endpoints take and return, as TypedDicts: gradio_client then shows
every field's name and type instead of `Any` (they mirror Hit, Citation and Answer.to_dict)."""

from __future__ import annotations

from typing import TypedDict


class ChatMessage(TypedDict):
    role: str
    content: str


class VersionJSON(TypedDict):
    language: str
    source: str
    chunk_id: str
    title: str
    url: str | None


class HitJSON(TypedDict):
    chunk_id: str
    source: str
    symbol: str | None
    paragraph: int | None
    label: str
    items: list[str]
    grade: str | None
    kind: str
    language: str
    title: str
    state_party: str | None
    committee: str | None
    date: str | None
    text: str
    start: int
    end: int
    score: float
    dense_rank: int | None
    keyword_rank: int | None
    similarity: float | None
    citation: str
    url: str | None
    versions: list[VersionJSON]


class CitationJSON(TypedDict):
    symbol: str | None
    paragraph: int | None
    items: list[str]
    grade: str | None
    quote: str | None
    url: str | None
    chunk_id: str
    kind: str
    role: str
    verdict: str | None
    title: str
    citation: str


class AnswerJSON(TypedDict):
    answer: str
    language: str
    found: bool
    closest: bool
    citations: list[CitationJSON]
    hits: list[HitJSON]


class HitsJSON(TypedDict):
    hits: list[HitJSON]
