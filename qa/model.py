"""Query-time dataclasses: a retrieved Hit with its citation and official-document link."""

from __future__ import annotations

from dataclasses import dataclass, field

from index.domain.model import Chunk
from qa.question import Question
from qa.reference import format_citation

UNDOCS = "https://undocs.org"
UN_LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")


def document_url(symbol: str | None, language: str) -> str | None:
    """The official-document link for a symbol, in the document's language when it is a UN one."""
    if not symbol:
        return None
    lang = language if language in UN_LANGUAGES else "en"
    return f"{UNDOCS}/{lang}/{symbol}"


@dataclass(frozen=True)
class Hit:
    """A chunk found for a query: fused score, each retriever's rank, dense cosine similarity.

    `versions` are the same logical paragraph in other languages or documents (qa.lineage),
    folded into this hit.
    """

    chunk: Chunk
    score: float
    dense_rank: int | None = None
    keyword_rank: int | None = None
    similarity: float | None = None
    similarity_language: str | None = None
    versions: tuple[Chunk, ...] = field(default=())

    @property
    def matched_language(self) -> str:
        """The language of the text whose dense similarity `similarity` is."""
        return self.similarity_language or self.chunk.language

    @property
    def citation(self) -> str:
        chunk = self.chunk
        paragraph = chunk.cited_paragraph
        return format_citation(chunk.symbol, paragraph, chunk.items, chunk.grade, chunk.kind)

    @property
    def url(self) -> str | None:
        return document_url(self.chunk.symbol, self.chunk.language)

    def to_dict(self) -> dict:
        chunk = self.chunk
        return {
            "chunk_id": chunk.chunk_id,
            "source": chunk.source,
            "symbol": chunk.symbol,
            "paragraph": chunk.paragraph,
            "label": chunk.label,
            "items": list(chunk.items),
            "grade": chunk.grade,
            "kind": chunk.kind,
            "language": chunk.language,
            "title": chunk.title,
            "state_party": chunk.state_party,
            "committee": chunk.committee,
            "date": chunk.date or None,
            "text": chunk.text,
            "start": chunk.start,
            "end": chunk.end,
            "score": round(self.score, 6),
            "dense_rank": self.dense_rank,
            "keyword_rank": self.keyword_rank,
            "similarity": None if self.similarity is None else round(self.similarity, 6),
            "citation": self.citation,
            "url": self.url,
            "versions": [
                {
                    "language": version.language,
                    "source": version.source,
                    "chunk_id": version.chunk_id,
                    "title": version.title,
                    "url": document_url(version.symbol, version.language),
                }
                for version in self.versions
            ],
        }


@dataclass(frozen=True)
class Citation:
    """A cited passage: where it is (symbol, paragraph, items, grade) and its verbatim quote."""

    symbol: str | None
    paragraph: int | None
    items: tuple[str, ...]
    grade: str | None
    quote: str | None
    url: str | None
    chunk_id: str
    kind: str
    role: str = "excerpt"
    verdict: str | None = None
    title: str = ""

    @property
    def citation(self) -> str:
        return format_citation(self.symbol, self.paragraph, self.items, self.grade, self.kind)

    def to_dict(self) -> dict:
        return {
            "symbol": self.symbol,
            "paragraph": self.paragraph,
            "items": list(self.items),
            "grade": self.grade,
            "quote": self.quote,
            "url": self.url,
            "chunk_id": self.chunk_id,
            "kind": self.kind,
            "role": self.role,
            "verdict": self.verdict,
            "title": self.title,
            "citation": self.citation,
        }


@dataclass(frozen=True)
class Answer:
    """What the user reads: the answer text in their language, whether found, citations, hits.

    `closest`: not found, but the best passages are shown, labelled as the closest match
    (qa.answer: a similarity in the band just under the answer bar)."""

    answer: str
    language: str
    found: bool
    citations: tuple[Citation, ...] = ()
    hits: tuple[Hit, ...] = ()
    question: Question | None = None
    closest: bool = False

    def to_dict(self) -> dict:
        return {
            "answer": self.answer,
            "language": self.language,
            "found": self.found,
            "closest": self.closest,
            "citations": [citation.to_dict() for citation in self.citations],
            "hits": [hit.to_dict() for hit in self.hits],
        }


def hits_json(hits) -> dict:
    """{"hits": [...]}: how search and cite answer over HTTP and the Gradio API."""
    return {"hits": [hit.to_dict() for hit in hits]}
