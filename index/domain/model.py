"""Frozen dataclasses crossing the build/query boundary: documents, paragraphs, chunks."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

from index.domain.doc_types import DOC_TYPES  # noqa: F401  (re-exported: its home is doc_types)

KINDS = ("header", "recommendation", "reply", "assessment", "paragraph", "question")
"""Chunk kinds. "recommendation": a paragraph in which the Committee recommends (quoted in a
follow-up assessment or in the concluding observations themselves); "reply": where the State
party's follow-up reply on a paragraph is; "assessment": a graded evaluation; "paragraph": any
other numbered paragraph (a concern, a report's or a reply's paragraph); "question": a numbered
question of a list of issues."""


@dataclass(frozen=True)
class Footnote:
    """A footnote: its mark ("1", "*") and its text, with offsets into Document.text."""

    mark: str
    text: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Item:
    """A lettered sub-item (a), (b)... of a recommendation; `items` holds nested (一)/(i)."""

    letter: str
    text: str
    start: int
    end: int
    items: tuple[Item, ...] = ()

    def to_dict(self) -> dict:
        return {
            "letter": self.letter,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "items": [item.to_dict() for item in self.items],
        }


@dataclass(frozen=True)
class Recommendation:
    """One concluding-observation paragraph under follow-up: title, intro, sub-items, footnotes.

    `text` is Document.text[start:end] and begins with the heading line ("第16段: ...").
    """

    paragraph: int
    title: str
    text: str
    start: int
    end: int
    items: tuple[Item, ...] = ()
    footnotes: tuple[Footnote, ...] = ()

    def to_dict(self) -> dict:
        return {
            "paragraph": self.paragraph,
            "title": self.title,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "items": [item.to_dict() for item in self.items],
            "footnotes": [footnote.to_dict() for footnote in self.footnotes],
        }


@dataclass(frozen=True)
class ReplyReference:
    """Where the State party's reply on a paragraph is: `symbol`, paragraphs first..last."""

    paragraph: int
    symbol: str
    first: int
    last: int
    text: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Assessment:
    """The Committee's evaluation of a group of sub-items of one paragraph, with its grade.

    `text` is Document.text[start:end]: the heading line ("[C]: 第 16 段(a)项和(b)项") and the
    whole evaluation. `conclusion` is the Committee's concluding sentence, or None when absent.
    """

    paragraph: int
    items: tuple[str, ...]
    grade: str
    text: str
    start: int
    end: int
    conclusion: str | None = None

    def to_dict(self) -> dict:
        return {**asdict(self), "items": list(self.items)}


@dataclass(frozen=True)
class Paragraph:
    """A numbered paragraph of concluding observations, a report, a reply or a list of issues.

    `text` is Document.text[start:end] and begins with the paragraph number. `kind` is
    "recommendation", "paragraph" or "question" (see KINDS). `section` is the section letter
    ("C") and `section_title` its title; `heading` the thematic sub-heading above the paragraph
    ("Detention of migrants"), "" when there is none. A decimal paragraph of views and
    decisions ("2.1") has `number` 2 and `label` "2.1"; `label` is "" otherwise, so the int
    number stays the key of every ordinary paragraph.
    """

    number: int
    kind: str
    text: str
    start: int
    end: int
    section: str | None = None
    section_title: str = ""
    heading: str = ""
    items: tuple[Item, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    label: str = ""

    @property
    def printed(self) -> str:
        """The number as the document prints it: "36", or "2.1"."""
        return self.label or str(self.number)

    def to_dict(self) -> dict:
        return {
            "number": self.number,
            "label": self.label,
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "section": self.section,
            "section_title": self.section_title,
            "heading": self.heading,
            "items": [item.to_dict() for item in self.items],
            "footnotes": [footnote.to_dict() for footnote in self.footnotes],
        }


@dataclass(frozen=True)
class Stakeholder:
    """Information received from a stakeholder: who, and when (ISO date or None)."""

    name: str
    date: str | None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Document:
    """A parsed committee document. `text` is the plain text all offsets point into."""

    source: str
    text: str
    doc_type: str
    committee: str | None
    state_party: str | None
    country_code: str | None
    language: str
    symbol: str | None = None
    date: str | None = None
    co_symbol: str | None = None
    co_date: str | None = None
    co_session: int | None = None
    follow_up_paragraphs: tuple[int, ...] = ()
    reply_symbol: str | None = None
    reply_date: str | None = None
    stakeholders: tuple[Stakeholder, ...] = ()
    grades_summary: tuple[tuple[int, tuple[str, ...]], ...] = ()
    adoption_session: int | None = None
    adoption_dates: tuple[str, str] | None = None
    header_spans: tuple[tuple[int, int], ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    replies: tuple[ReplyReference, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    session: int | None = None

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "doc_type": self.doc_type,
            "committee": self.committee,
            "state_party": self.state_party,
            "country_code": self.country_code,
            "language": self.language,
            "symbol": self.symbol,
            "date": self.date,
            "co_symbol": self.co_symbol,
            "co_date": self.co_date,
            "co_session": self.co_session,
            "follow_up_paragraphs": list(self.follow_up_paragraphs),
            "reply_symbol": self.reply_symbol,
            "reply_date": self.reply_date,
            "stakeholders": [s.to_dict() for s in self.stakeholders],
            "grades_summary": {str(p): list(g) for p, g in self.grades_summary},
            "adoption_session": self.adoption_session,
            "adoption_dates": list(self.adoption_dates) if self.adoption_dates else None,
            "footnotes": [f.to_dict() for f in self.footnotes],
            "recommendations": [r.to_dict() for r in self.recommendations],
            "replies": [r.to_dict() for r in self.replies],
            "assessments": [a.to_dict() for a in self.assessments],
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "session": self.session,
        }


@dataclass(frozen=True)
class Chunk:
    """One retrievable unit: a header, a recommendation, a reply reference or an assessment.

    `text` is the verbatim source text (Document.text at `spans`, joined by a blank line);
    `prefix` (document and paragraph title) is used for embedding and keyword search only.
    """

    chunk_id: str
    source: str
    symbol: str | None
    paragraph: int | None
    items: tuple[str, ...]
    grade: str | None
    kind: str
    title: str
    language: str
    committee: str | None
    state_party: str | None
    spans: tuple[tuple[int, int], ...]
    text: str
    prefix: str
    doc_hash: str = ""
    doc_type: str = ""
    label: str = ""
    """A decimal paragraph's printed number ("2.1"; `paragraph` is then 2), else ""."""
    date: str = ""
    """Its document's date (ISO, "2023-06-09": the date under the symbol, or the one its
    metadata sets), "" when the document gives none."""

    @property
    def cited_paragraph(self) -> int | str | None:
        """The paragraph as a citation prints it: 36, or "2.1"."""
        return self.label or self.paragraph

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    @property
    def indexed_text(self) -> str:
        """What the embedder and the keyword index see: prefix, then the text."""
        return f"{self.prefix}\n{self.text}" if self.prefix else self.text

    def to_dict(self) -> dict:
        return {
            "chunk_id": self.chunk_id,
            "source": self.source,
            "symbol": self.symbol,
            "paragraph": self.paragraph,
            "items": list(self.items),
            "grade": self.grade,
            "kind": self.kind,
            "title": self.title,
            "language": self.language,
            "committee": self.committee,
            "state_party": self.state_party,
            "start": self.start,
            "end": self.end,
            "spans": [list(span) for span in self.spans],
            "text": self.text,
            "doc_type": self.doc_type,
            "label": self.label,
            "date": self.date,
        }

    def to_metadata(self) -> dict:
        """Flat metadata for the vector store (None values left out: chroma drops them)."""
        metadata = {
            "source": self.source,
            "symbol": self.symbol,
            "paragraph": self.paragraph,
            "items": list(self.items) or None,
            "grade": self.grade,
            "kind": self.kind,
            "title": self.title,
            "language": self.language,
            "committee": self.committee,
            "state_party": self.state_party,
            "spans": json.dumps([list(span) for span in self.spans]),
            "start": self.start,
            "end": self.end,
            "prefix": self.prefix,
            "doc_hash": self.doc_hash,
            "doc_type": self.doc_type or None,
            "label": self.label or None,
            "date": self.date or None,
        }
        return {key: value for key, value in metadata.items() if value is not None}

    @classmethod
    def from_metadata(cls, chunk_id: str, text: str, metadata: dict) -> Chunk:
        """Rebuild a Chunk from what `to_metadata` stored."""
        return cls(
            chunk_id=chunk_id,
            source=metadata["source"],
            symbol=metadata.get("symbol"),
            paragraph=metadata.get("paragraph"),
            items=tuple(metadata.get("items") or ()),
            grade=metadata.get("grade"),
            kind=metadata["kind"],
            title=metadata.get("title", ""),
            language=metadata.get("language", ""),
            committee=metadata.get("committee"),
            state_party=metadata.get("state_party"),
            spans=tuple(tuple(span) for span in json.loads(metadata["spans"])),
            text=text,
            prefix=metadata.get("prefix", ""),
            doc_hash=metadata.get("doc_hash", ""),
            doc_type=metadata.get("doc_type", ""),
            label=metadata.get("label", ""),
            date=metadata.get("date", ""),
        )


# The filters that compare a chunk's metadata for equality (items are matched apart).
EQUALITY_FILTERS = (
    "source",
    "symbol",
    "paragraph",
    "grade",
    "kind",
    "language",
    "state_party",
    "committee",
    "doc_type",
)
# Every filter a caller names: the equality filters and the date range (ISO dates, both ends
# included; a chunk of a document without a date is left out when either end is set).
FILTER_NAMES = (*EQUALITY_FILTERS, "date_from", "date_to")


@dataclass(frozen=True)
class Filters:
    """Metadata filters applied alike to dense and keyword search; None means any."""

    source: str | None = None
    symbol: str | None = None
    paragraph: int | None = None
    grade: str | None = None
    kind: str | None = None
    language: str | None = None
    state_party: str | None = None
    items: tuple[str, ...] = field(default=())
    committee: str | None = None
    doc_type: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    def is_empty(self) -> bool:
        return self == Filters()

    def matches(self, chunk: Chunk) -> bool:
        """True when `chunk` passes every set filter (items: any overlap; no items pass)."""
        for name in EQUALITY_FILTERS:
            wanted = getattr(self, name)
            if wanted is not None and getattr(chunk, name) != wanted:
                return False
        if self.items and chunk.items and not set(self.items) & set(chunk.items):
            return False
        return self.dated(chunk.date)

    def dated(self, date: str) -> bool:
        """Whether an ISO `date` is within the date range (any date when none is set; an
        unknown date, "", only then)."""
        if self.date_from is None and self.date_to is None:
            return True
        return bool(date) and (self.date_from or date) <= date <= (self.date_to or date)

    def to_dict(self) -> dict:
        return {key: value for key, value in asdict(self).items() if value not in (None, ())}


def content_hash(text: str) -> str:
    """Short stable hash of a text (sha256, 16 hex digits)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def items_overlap(wanted: tuple[str, ...], items: tuple[str, ...]) -> bool:
    """Whether two sets of sub-items meet; no sub-items means the whole paragraph, which meets
    any ("36" and "36 (b)" overlap, "36 (a)" and "36 (b)" do not)."""
    return not wanted or not items or bool(set(wanted) & set(items))
