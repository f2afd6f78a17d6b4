"""Cut a parsed Document into retrievable chunks whose texts are verbatim slices of the document.

One chunk for the header, one per recommendation, reply reference and assessment of a follow-up
assessment, and one per numbered paragraph (concern, recommendation, question, report or reply
paragraph) of other documents. A recommendation or paragraph too long for the embedder's window
is split by sub-item, and a sub-item still too long at sentence and clause boundaries. Text no
parsed part claims (headings such as "缔约国的答复", section titles, footnotes after a
recommendation) joins the nearest chunk, so nothing is lost.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from langchain_text_splitters import RecursiveCharacterTextSplitter

from index.chunk.prefix import (
    document_title,
    kind_label,
    numbering_symbol,
    paragraph_label,
    paragraph_titles,
    prefix_of,
)
from index.domain.errors import BadRequest
from index.domain.model import Chunk, Document, Paragraph, Recommendation, content_hash

CHUNKER_VERSION = "2"
NO_PREFIX_SUFFIX = "-noprefix"
SEPARATORS = ["\n\n", "\n", "。", "；", ";", ". ", "，", ", ", " ", ""]

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
"""Labels per language. "paragraph" is the paragraph label's pattern; a numbered paragraph of
kind "paragraph" gets no kind label (its paragraph label says it all)."""

Span = tuple[int, int]


@dataclass
class _Draft:
    """A chunk being built: its spans may still grow to take in unclaimed text."""

    kind: str
    spans: list[Span]
    title: str
    prefix: str
    paragraph: int | None = None
    items: tuple[str, ...] = ()
    grade: str | None = None
    extra: list[Span] = field(default_factory=list)
    label: str = ""  # a decimal paragraph's printed number


def estimate_tokens(text: str) -> int:
    """A conservative token count without a tokenizer: a CJK character is one, else 3 chars."""
    cjk = len(_CJK.findall(text))
    return cjk + math.ceil((len(text) - cjk) / 3)


def chunker_version(*, prefix: bool = True) -> str:
    """The version an index records: "1", or "1-noprefix" for chunks without prefixes."""
    return CHUNKER_VERSION if prefix else CHUNKER_VERSION + NO_PREFIX_SUFFIX


def chunk_document(
    document: Document,
    *,
    count_tokens: Callable[[str], int] | None = None,
    window: int = 512,
    prefix: bool = True,
) -> list[Chunk]:
    """The chunks of `document`, in document order of their first span; ids are stable.

    `count_tokens` counts what the embedder reads (prefix, newline, text); recommendations
    over `window` tokens are split. Every non-blank character of the text lands in a chunk.
    With `prefix=False` chunks carry no contextual prefix (symbol, State, paragraph title):
    the embedder and the keyword index then read the verbatim text alone.
    """
    _check_window(window)
    count = count_tokens or estimate_tokens
    drafts = [*_header(document)]
    for recommendation in document.recommendations:
        drafts.extend(_recommendation(document, recommendation, count, window))
    title = document_title(document)
    for paragraph in document.paragraphs:
        drafts.extend(_paragraph(document, paragraph, title, count, window))
    drafts.extend(_replies(document))
    drafts.extend(_assessments(document))
    drafts = _settle(drafts)
    if not prefix:
        for draft in drafts:
            draft.prefix = ""
    _claim_gaps(document.text, drafts)
    drafts.sort(key=lambda draft: draft.spans[0])
    return _finish(document, drafts)


# Drafts


def _header(document: Document) -> list[_Draft]:
    spans = [span for span in document.header_spans if span[1] > span[0]]
    if not spans:
        return []
    title = document_title(document)
    return [_Draft("header", spans, title, prefix_of(document, title))]


def _replies(document: Document) -> list[_Draft]:
    titles = paragraph_titles(document)
    drafts = []
    for reply in document.replies:
        title = titles.get(reply.paragraph, "")
        label = kind_label(document, "reply", None, ())
        prefix = prefix_of(document, paragraph_label(document, reply.paragraph, title), label)
        drafts.append(_Draft("reply", [(reply.start, reply.end)], title, prefix, reply.paragraph))
    return drafts


def _assessments(document: Document) -> list[_Draft]:
    titles = paragraph_titles(document)
    drafts = []
    for assessment in document.assessments:
        title = titles.get(assessment.paragraph, "")
        label = kind_label(document, "assessment", assessment.grade, assessment.items)
        prefix = prefix_of(document, paragraph_label(document, assessment.paragraph, title), label)
        span = (assessment.start, assessment.end)
        drafts.append(
            _Draft(
                "assessment",
                [span],
                title,
                prefix,
                assessment.paragraph,
                assessment.items,
                assessment.grade,
            )
        )
    return drafts


def _recommendation(
    document: Document, rec: Recommendation, count: Callable[[str], int], window: int
) -> list[_Draft]:
    """One draft for the recommendation, or, when it is over the window, one per part."""
    label = paragraph_label(document, rec.paragraph, rec.title)
    return _drafts(document, rec, "recommendation", rec.title, (label,), count, window)


def _paragraph(
    document: Document, paragraph: Paragraph, title: str, count: Callable[[str], int], window: int
) -> list[_Draft]:
    """One draft for a numbered paragraph, or, when it is over the window, one per part.

    Its prefix: document title, section title (when a heading is under it), "Paragraph N:
    heading" in the document's language, then the kind ("Recommendation (b)").
    """
    heading = paragraph.heading or paragraph.section_title
    section = paragraph.section_title if paragraph.heading else ""
    parts = (title, section, paragraph_label(document, paragraph.printed, heading))
    drafts = _drafts(document, paragraph, paragraph.kind, heading, parts, count, window)
    for draft in drafts:
        draft.label = paragraph.label
    return drafts


def _drafts(
    document: Document,
    part: Recommendation | Paragraph,
    kind: str,
    title: str,
    labels: tuple[str, ...],
    count: Callable[[str], int],
    window: int,
) -> list[_Draft]:
    """The whole of `part` as one draft, or, over the window, its intro and items apart."""
    number = part.paragraph if isinstance(part, Recommendation) else part.number
    whole = _Draft(
        kind,
        [(part.start, part.end)],
        title,
        prefix_of(document, *labels, kind_label(document, kind, None, ())),
        number,
        tuple(item.letter for item in part.items),
    )
    if count(_indexed(whole.prefix, part.text)) <= window:
        drafts = [whole]
    else:
        drafts = []
        for span, items in _parts(document.text, part):
            prefix = prefix_of(document, *labels, kind_label(document, kind, None, items))
            for piece in _fit(document.text, span, prefix, count, window):
                drafts.append(_Draft(kind, [piece], title, prefix, number, items))
    drafts[-1].extra.extend(_outside_footnotes(document.text, part))
    return drafts


def _parts(text: str, rec: Recommendation | Paragraph) -> list[tuple[Span, tuple[str, ...]]]:
    """The intro and each top-level item of a recommendation or paragraph, covering all of it."""
    starts = [item.start for item in rec.items]
    bounds = [rec.start, *starts, rec.end]
    letters: list[tuple[str, ...]] = [(), *((item.letter,) for item in rec.items)]
    parts = []
    for (start, end), items in zip(pairwise(bounds), letters, strict=True):
        span = _strip(text, start, end)
        if span[1] > span[0]:
            parts.append((span, items))
    return parts


def _fit(
    text: str, span: Span, prefix: str, count: Callable[[str], int], window: int
) -> list[Span]:
    """`span`, or its pieces at the last separator that keeps each within the window."""
    start, end = span
    if count(_indexed(prefix, text[start:end])) <= window:
        return [span]
    overhead = count("")
    splitter = RecursiveCharacterTextSplitter(
        separators=SEPARATORS,
        keep_separator="end",
        # A prefix that eats most of the window would shred the text; such pieces overflow
        # instead, and the embedder truncates them.
        chunk_size=max(window - count(_indexed(prefix, "")), window // 4, 1),
        chunk_overlap=0,
        length_function=lambda piece: max(count(piece) - overhead, 0),
    )
    return _locate(text, span, splitter.split_text(text[start:end]))


def _locate(text: str, span: Span, pieces: list[str]) -> list[Span]:
    """The offsets of `pieces`, found in order inside `span` of `text`."""
    spans, position = [], span[0]
    for piece in pieces:
        found = text.find(piece, position, span[1])
        if found < 0:
            raise ValueError(
                f"chunker bug: piece {piece[:40]!r} is not in the text after {position}"
            )
        spans.append((found, found + len(piece)))
        position = found + len(piece)
    return spans


def _outside_footnotes(text: str, rec: Recommendation | Paragraph) -> list[Span]:
    """Whole lines of the recommendation's footnotes that sit outside its span (after its items)."""
    spans = []
    for footnote in rec.footnotes:
        if rec.start <= footnote.start < rec.end:
            continue
        spans.append((text.rfind("\n", 0, footnote.start) + 1, footnote.end))
    return spans


# Unclaimed text, ids


def _check_window(window: int) -> None:
    if not isinstance(window, int) or window < 1:
        raise BadRequest(
            f"window must be a positive number of tokens, not {window!r}; "
            "pass the embedder's window (e.g. 512)"
        )


def _settle(drafts: list[_Draft]) -> list[_Draft]:
    """Drafts with their extra spans merged in; empty spans and drafts left out."""
    settled = []
    for draft in drafts:
        draft.spans = _merge([s for s in (*draft.spans, *draft.extra) if s[1] > s[0]])
        if draft.spans:
            settled.append(draft)
    return settled


def _claim_gaps(text: str, drafts: list[_Draft]) -> None:
    """Give every non-blank stretch no span covers to the span after it (or, at the end, before)."""
    owners = sorted(
        ((span, draft, index) for draft in drafts for index, span in enumerate(draft.spans)),
        key=lambda owner: owner[0],
    )
    covered = 0
    for (start, end), draft, index in owners:
        if text[covered:start].strip():
            draft.spans[index] = (_strip(text, covered, start)[0], end)
        covered = max(covered, end)
    if owners and text[covered:].strip():
        _, draft, index = max(owners, key=lambda owner: owner[0][1])
        draft.spans[index] = (draft.spans[index][0], _strip(text, covered, len(text))[1])
    for draft in drafts:
        draft.spans = _merge(draft.spans)


def _merge(spans: list[Span]) -> list[Span]:
    """Sorted spans, overlapping or touching ones joined."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _strip(text: str, start: int, end: int) -> Span:
    """`start`..`end` without the whitespace at either end."""
    stretch = text[start:end]
    left = len(stretch) - len(stretch.lstrip())
    right = len(stretch.rstrip())
    return (start + left, start + right) if right > left else (start, start)


def _indexed(prefix: str, text: str) -> str:
    """What the embedder reads, as `Chunk.indexed_text` builds it."""
    return f"{prefix}\n{text}" if prefix else text


def _finish(document: Document, drafts: list[_Draft]) -> list[Chunk]:
    """Frozen chunks with stable ids; a repeated id (identical text) gets a counter."""
    chunks, seen, doc_hash = [], {}, document.content_hash
    for draft in drafts:
        text = "\n\n".join(document.text[start:end] for start, end in draft.spans)
        chunk_id = ":".join(
            (
                document.source,
                draft.kind,
                draft.label or (str(draft.paragraph) if draft.paragraph is not None else "-"),
                "".join(draft.items) or "-",
                content_hash(draft.prefix + text),
            )
        )
        seen[chunk_id] = seen.get(chunk_id, 0) + 1
        if seen[chunk_id] > 1:
            chunk_id += f"~{seen[chunk_id]}"
        chunks.append(
            Chunk(
                chunk_id=chunk_id,
                source=document.source,
                symbol=numbering_symbol(document),
                paragraph=draft.paragraph,
                items=draft.items,
                grade=draft.grade,
                kind=draft.kind,
                title=draft.title,
                language=document.language,
                committee=document.committee,
                state_party=document.state_party,
                spans=tuple(draft.spans),
                text=text,
                prefix=draft.prefix,
                doc_hash=doc_hash,
                doc_type=document.doc_type,
                label=draft.label,
                date=document.date or "",
            )
        )
    return chunks
