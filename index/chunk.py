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

from index.countries import country_name
from index.errors import BadRequest
from index.model import Chunk, Document, Paragraph, Recommendation, content_hash

CHUNKER_VERSION = "2"
NO_PREFIX_SUFFIX = "-noprefix"
SEPARATORS = ["\n\n", "\n", "。", "；", ";", ". ", "，", ", ", " ", ""]

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
_TITLE_HINT = re.compile(r"评价|评估|后续行动|evaluation|assessment|follow-up", re.I)
_NUMBERED_TITLE_HINT = re.compile(
    r"Concluding observations|Observations finales|Observaciones finales|Заключительные замечания"
    r"|الملاحظات الختامية|结论性意见|List of issues|Liste de points|Lista de cuestiones"
    r"|Перечень вопросов|قائمة المسائل|问题清单|report|rapport|informe|доклад|تقرير|报告"
    r"|Information received|Renseignements reçus|Información recibida|Информация|معلومات|资料",
    re.I,
)
_LABELS = {
    "zh": {
        "recommendation": "建议",
        "reply": "缔约国答复",
        "assessment": "评价",
        "question": "问题",
        "paragraph": "第{n}段",
    },
    "en": {
        "recommendation": "Recommendation",
        "reply": "State party reply",
        "assessment": "Assessment",
        "question": "Question",
        "paragraph": "Paragraph {n}",
    },
    "fr": {
        "recommendation": "Recommandation",
        "reply": "Réponse de l'État partie",
        "assessment": "Évaluation",
        "question": "Question",
        "paragraph": "Paragraphe {n}",
    },
    "es": {
        "recommendation": "Recomendación",
        "reply": "Respuesta del Estado parte",
        "assessment": "Evaluación",
        "question": "Pregunta",
        "paragraph": "Párrafo {n}",
    },
    "ru": {
        "recommendation": "Рекомендация",
        "reply": "Ответ государства-участника",
        "assessment": "Оценка",
        "question": "Вопрос",
        "paragraph": "Пункт {n}",
    },
    "ar": {
        "recommendation": "توصية",
        "reply": "رد الدولة الطرف",
        "assessment": "تقييم",
        "question": "سؤال",
        "paragraph": "الفقرة {n}",
    },
}
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
    title = _document_title(document)
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


# Prefixes and titles


def _language(document: Document) -> str:
    """The labels' language: the document's, when it is one of the six, else English."""
    language = document.language[:2].lower()
    return language if language in _LABELS else "en"


def _symbol(document: Document) -> str | None:
    return document.co_symbol or document.symbol


def _state(document: Document) -> str | None:
    """The State party as "阿塞拜疆/Azerbaijan" in Chinese documents, else its English name."""
    code = document.country_code
    english = (country_name(code) if code else None) or document.state_party
    chinese = country_name(code, "zh") if code else None
    if _language(document) == "zh" and chinese and english:
        return f"{chinese}/{english}"
    return english


def _paragraph_label(document: Document, paragraph: int, title: str) -> str:
    label = _LABELS[_language(document)]["paragraph"].format(n=paragraph)
    return f"{label}: {title}" if title else label


def _items_label(items: tuple[str, ...]) -> str:
    """ "(a)(b)", or "(b)–(e)" for a run of three or more consecutive letters."""
    letters = list(items)
    consecutive = all(
        len(a) == 1 and len(b) == 1 and ord(b) == ord(a) + 1 for a, b in pairwise(letters)
    )
    if len(letters) >= 3 and consecutive:
        return f"({letters[0]})–({letters[-1]})"
    return "".join(f"({letter})" for letter in letters)


def _prefix(document: Document, *parts: str | None) -> str:
    """ "CMW/C/AZE/CO/3 · 阿塞拜疆/Azerbaijan · ..." from the document and the given parts."""
    head = (_symbol(document), _state(document))
    return " · ".join(part for part in (*head, *parts) if part)


def _paragraph_titles(document: Document) -> dict[int, str]:
    return {rec.paragraph: rec.title for rec in document.recommendations}


def _kind_label(document: Document, kind: str, grade: str | None, items: tuple[str, ...]) -> str:
    label = "" if kind == "paragraph" else _LABELS[_language(document)][kind]
    if grade:
        label += f" [{grade}]"
    return f"{label} {_items_label(items)}".strip() if items else label


def _document_title(document: Document) -> str:
    """The header line naming the report ("对阿塞拜疆结论性意见后续行动资料的评价")."""
    if not document.header_spans:
        return ""
    start, end = document.header_spans[0]
    lines = [line.strip() for line in document.text[start:end].split("\n") if line.strip()]
    hint = _NUMBERED_TITLE_HINT if document.paragraphs else _TITLE_HINT
    titles = [line for line in lines if hint.search(line) and not re.search(r"[:：\t]", line)]
    return (titles[-1] if titles else lines[0] if lines else "").rstrip("*")


# Drafts


def _header(document: Document) -> list[_Draft]:
    spans = [span for span in document.header_spans if span[1] > span[0]]
    if not spans:
        return []
    title = _document_title(document)
    return [_Draft("header", spans, title, _prefix(document, title))]


def _replies(document: Document) -> list[_Draft]:
    titles = _paragraph_titles(document)
    drafts = []
    for reply in document.replies:
        title = titles.get(reply.paragraph, "")
        label = _kind_label(document, "reply", None, ())
        prefix = _prefix(document, _paragraph_label(document, reply.paragraph, title), label)
        drafts.append(_Draft("reply", [(reply.start, reply.end)], title, prefix, reply.paragraph))
    return drafts


def _assessments(document: Document) -> list[_Draft]:
    titles = _paragraph_titles(document)
    drafts = []
    for assessment in document.assessments:
        title = titles.get(assessment.paragraph, "")
        label = _kind_label(document, "assessment", assessment.grade, assessment.items)
        prefix = _prefix(document, _paragraph_label(document, assessment.paragraph, title), label)
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
    paragraph_label = _paragraph_label(document, rec.paragraph, rec.title)
    return _drafts(document, rec, "recommendation", rec.title, (paragraph_label,), count, window)


def _paragraph(
    document: Document, paragraph: Paragraph, title: str, count: Callable[[str], int], window: int
) -> list[_Draft]:
    """One draft for a numbered paragraph, or, when it is over the window, one per part.

    Its prefix: document title, section title (when a heading is under it), "Paragraph N:
    heading" in the document's language, then the kind ("Recommendation (b)").
    """
    heading = paragraph.heading or paragraph.section_title
    section = paragraph.section_title if paragraph.heading else ""
    parts = (title, section, _paragraph_label(document, paragraph.number, heading))
    return _drafts(document, paragraph, paragraph.kind, heading, parts, count, window)


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
        _prefix(document, *labels, _kind_label(document, kind, None, ())),
        number,
        tuple(item.letter for item in part.items),
    )
    if count(_indexed(whole.prefix, part.text)) <= window:
        drafts = [whole]
    else:
        drafts = []
        for span, items in _parts(document.text, part):
            prefix = _prefix(document, *labels, _kind_label(document, kind, None, items))
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
                str(draft.paragraph) if draft.paragraph is not None else "-",
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
                symbol=_symbol(document),
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
            )
        )
    return chunks
