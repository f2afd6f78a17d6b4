"""Answers without a language model: the Committee's own verdict sentences and excerpts, cited."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace

from index.domain.model import items_overlap
from index.domain.sentences import split_sentences
from qa.answer_text import (
    answer_language,
    render_closest,
    render_found,
    render_lookup,
    render_not_found,
    render_not_indexed,
)
from qa.lineage import KIND_ORDER, anchor, best_assessment, logical_key
from qa.model import Answer, Citation, Hit, document_url
from qa.question import FUNCTION_WORDS, Question
from qa.verdicts import keep_verified, verdict_of, verdict_spans

ROLES = ("verdict", "excerpt", "summary", "related")
MAX_EXCERPTS = 3
MAX_PER_CHUNK = 2
# Excerpts must score at least this share of the best sentence's score to be shown.
EXCERPT_FLOOR = 0.75
# Below the answer threshold by less than this, the best passages are shown, labelled as the
# closest match and not found: a bare "not covered" would hide what may be the answer (the
# seed's Law on Diaspora, 16 (c) [B], scores 0.767 against a cross-language threshold of 0.768).
DOUBT = 0.015

_HEADING = re.compile(
    r"^(?:\*\*)?\[[A-F]\](?:\*\*)?\s*[:：]|^第\s*\d+\s*段\s*[:：]|^(?:\d+\.\s*)?paragraph\s+\d+\s*:"
    r"|^(?:缔约国的答复|委员会的评价|State party's reply"
    r"|Committee's (?:evaluation|assessment))\W*$",
    re.IGNORECASE,
)
# a section heading of the document's outline: "D. Dissemination and follow-up", "C. 建议"
_SECTION = re.compile(r"^(?:[A-Z]|[IVX]+)\.\s+[^.!?。！？]*$")
_ITEM_START = re.compile(r"^[-•*]?\s*[(（]([a-z])[)）]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_LATIN_WORD = re.compile(r"[^\W\d_]{3,}")
_LETTER = re.compile(r"[^\W\d_]")


"""Answer phrases by language (qa/data/templates.toml): the six UN languages."""


# Composition


def compose_answer(
    question: Question,
    hits: list[Hit],
    sentence_scores: dict[str, list[float]] | None = None,
    *,
    threshold: float,
    lookup: bool = False,
    linked: Sequence[Hit] = (),
    among_states: bool = False,
    facts: Sequence[tuple[Hit, str]] = (),
) -> Answer:
    """Answer from `hits`: verdicts quoted from assessments, excerpts, or a plain "not covered".

    `linked` holds the recommendation, reply reference and assessments of the top hit's
    paragraph (qa.lineage.linked): an answer found in a recommendation brings its assessment's
    verdict, and one found in an assessment brings the recommendation's best sentence.
    `among_states`: the index holds other States than the one the question names, which the
    answer then leads with ("Andorra: ...").
    `facts`: header chunks and the lines of them stating what a question about the document
    asks (qa.document_facts); they answer it first, whatever the similarity.
    """
    hits = list(hits)
    usable = _usable(question, hits)
    if lookup:
        usable = _of_reference(question, usable)
    found = bool(usable) and (lookup or _similar_enough(usable, threshold))
    if facts and not lookup:
        return _with_facts(question, facts, hits, found, among_states)
    doubt = not found and bool(usable) and _similar_enough(usable, threshold - DOUBT)
    if not found and not doubt:
        return _not_found(question, hits)
    if lookup:
        citations = keep_verified(_lookup_citations(question, usable), hits)
        text = render_lookup(question, citations, usable)
        return Answer(text, answer_language(question), True, citations, tuple(hits), question)
    citations, notes = _found_citations(question, usable, sentence_scores, linked)
    shown = hits + [hit for hit in linked if hit.chunk.chunk_id not in _ids(hits)]
    citations = keep_verified(citations, shown)
    if not citations and not notes:
        return _not_found(question, hits)  # nothing quotable: never an empty answer
    text = render_found(question, citations, notes, name_state=among_states)
    if doubt:  # shown as the closest match, never as the answer
        text = render_closest(question, citations)
    return Answer(text, answer_language(question), not doubt, citations, tuple(shown), question)


def _with_facts(question, facts, hits, found: bool, among_states: bool) -> Answer:
    """The header lines stating the document facts asked for, then (when the search found
    an answer too) its best passages."""
    citations = [_fact_citation(hit, line) for hit, line in facts]
    shown = [hit for hit, _ in facts] + [hit for hit in hits if hit.chunk.chunk_id]
    if found:
        usable = [hit for hit in _usable(question, hits) if hit.chunk.kind != "header"]
        citations += _excerpts(question, usable, None, {c.quote for c in citations})[:2]
    citations = keep_verified(citations, shown)
    text = render_found(question, citations, [], name_state=among_states)
    return Answer(text, answer_language(question), True, citations, tuple(shown), question)


def _fact_citation(hit: Hit, line: str) -> Citation:
    """A header line quoted; "(follow-up assessment)" only on a follow-up assessment's header."""
    citation = _cite(hit, line, "excerpt")
    if hit.chunk.doc_type != "follow-up assessment":
        citation = replace(citation, kind="document")
    return citation


def not_indexed(question: Question, what: str, name: str, indexed: Sequence[str]) -> Answer:
    """The answer to a question naming a State or committee ("state", "committee") no indexed
    document is about: say so and list those indexed, rather than answer about another."""
    text = render_not_indexed(question, what, name, indexed)
    return Answer(text, answer_language(question), False, (), (), question)


def _ids(hits: Sequence[Hit]) -> set[str]:
    return {hit.chunk.chunk_id for hit in hits}


def _usable(question: Question, hits: list[Hit]) -> list[Hit]:
    """Hits on the question's State (if it names one), header chunks last-resort only."""
    if question.state_party:
        hits = [hit for hit in hits if hit.chunk.state_party == question.state_party]
    content = [hit for hit in hits if hit.chunk.kind != "header"]
    return content or hits


def _of_reference(question: Question, hits: list[Hit]) -> list[Hit]:
    """Hits on the referenced paragraph (and symbol, items) of a look-up."""
    reference = question.reference
    if reference is None:
        return hits
    symbol = reference.symbol or question.symbol
    return [
        hit
        for hit in hits
        if hit.chunk.paragraph == reference.paragraph
        and (symbol is None or hit.chunk.symbol == symbol)
        and items_overlap(reference.items, hit.chunk.items)
    ]


def _similar_enough(hits: list[Hit], threshold: float) -> bool:
    """The best dense similarity among the hits reaches the threshold (keyword-only hits: no)."""
    similarities = [hit.similarity for hit in hits if hit.similarity is not None]
    return bool(similarities) and max(similarities) >= threshold


def _cite(hit: Hit, quote: str | None, role: str, verdict: str | None = None) -> Citation:
    chunk = hit.chunk
    return Citation(
        symbol=chunk.symbol,
        paragraph=chunk.paragraph,
        items=tuple(chunk.items),
        grade=chunk.grade,
        quote=quote,
        url=hit.url or document_url(chunk.symbol, chunk.language),
        chunk_id=chunk.chunk_id,
        kind=chunk.kind,
        role=role,
        verdict=verdict,
        title=chunk.title,
    )


def _found_citations(
    question: Question,
    hits: list[Hit],
    sentence_scores: dict[str, list[float]] | None,
    linked: Sequence[Hit] = (),
) -> tuple[list[Citation], list[str]]:
    """Verdict citations for the assessments that answer, then excerpts; plus notes to show."""
    scores = sentence_scores or {}
    assessments, notes = _assessments_for(question, hits)
    top = anchor(hits)
    linked = [hit for hit in linked if top and hit.chunk.paragraph == top.chunk.paragraph]
    if top and not assessments and not notes and not question.asks_grade:
        # the anchor's assessments: brought up by search (qa.lineage) or linked by the engine
        same = [hit for hit in hits if hit.chunk.paragraph == top.chunk.paragraph]
        assessments = _linked_assessment(top, same + linked, scores, hits)
    verdicts = [
        citation
        for hit in assessments
        for citation in _verdicts(question, hit, scores.get(hit.chunk.chunk_id))
    ]
    quoted = {citation.quote for citation in verdicts}
    excerpts = _excerpts(question, hits, sentence_scores, quoted)
    if verdicts and not any(c.kind == "recommendation" for c in excerpts):
        excerpts = _linked_recommendation(question, linked, scores) + excerpts
    return verdicts + excerpts, notes


def _linked_assessment(
    top: Hit, linked: Sequence[Hit], scores: dict, ranked: Sequence[Hit]
) -> list[Hit]:
    """The assessment of the top hit's paragraph (covering its items) to show: chosen by
    qa.lineage.best_assessment, as search chooses it (`ranked`: the search's hits)."""
    if top.chunk.kind not in ("recommendation", "paragraph"):
        return []
    candidates = [
        hit
        for hit in linked
        if hit.chunk.kind == "assessment" and items_overlap(top.chunk.items, hit.chunk.items)
    ]
    by_id = {hit.chunk.chunk_id: hit for hit in candidates}
    best = best_assessment(
        [hit.chunk for hit in candidates],
        [logical_key(hit.chunk) for hit in ranked],
        lambda chunks: [max(scores.get(c.chunk_id) or [0.0]) for c in chunks],
    )
    return [by_id[best.chunk_id]] if best is not None else []


def _linked_recommendation(
    question: Question, linked: Sequence[Hit], scores: dict
) -> list[Citation]:
    """The best sentence of the linked recommendation: what the Committee asked for."""
    recommendations = [hit for hit in linked if hit.chunk.kind == "recommendation"]
    return _excerpts(question, recommendations[:1], scores, set())[:1]


def _assessments_for(question: Question, hits: list[Hit]) -> tuple[list[Hit], list[str]]:
    """The assessments whose verdict answers the question, and a note key when none fits."""
    assessments = [hit for hit in hits if hit.chunk.kind == "assessment"]
    if question.grades or question.verdict:
        matching = [hit for hit in assessments if _matches(question, hit)]
        return matching[:3], ([] if matching else ["no_match"])
    reference = question.reference
    if question.asks_grade and reference is not None:
        chosen = [
            hit
            for hit in assessments
            if hit.chunk.paragraph == reference.paragraph
            and items_overlap(reference.items, hit.chunk.items)
        ]
        return chosen[:3], ([] if chosen else ["no_assessment"])
    top = hits[0].chunk.paragraph
    best = [hit for hit in hits[:3] if hit in assessments and top is not None]
    best = [hit for hit in best if hit.chunk.paragraph == top]
    if best or not question.asks_grade:
        return best[:1], []
    return assessments[:1], ([] if assessments else ["no_assessment"])


def _matches(question: Question, hit: Hit) -> bool:
    """The assessment has an asked grade and (if asked) a verdict sentence with that verdict."""
    if question.grades and hit.chunk.grade not in question.grades:
        return False
    text = hit.chunk.text
    return not question.verdict or any(
        verdict_of(text[s:e]) == question.verdict for s, e in verdict_spans(text)
    )


def _verdicts(question: Question, hit: Hit, scores: list[float] | None = None) -> list[Citation]:
    """The Committee's verdict sentences of an assessment, or its last sentence if it has none.

    With several verdicts (one assessment grading several sub-items paragraph by paragraph),
    the one closing the passage that best answers the question comes first.
    """
    text = hit.chunk.text
    spans = verdict_spans(text)
    if not spans:
        last = [text[s:e] for s, e in split_sentences(text) if not _HEADING.search(text[s:e])]
        return [_cite(hit, last[-1], "verdict")] if last else []
    spans = _closing_best_first(text, spans, scores)
    citations = [_cite(hit, text[s:e], "verdict", verdict_of(text[s:e])) for s, e in spans]
    if question.verdict:
        citations.sort(key=lambda citation: citation.verdict != question.verdict)
    return citations


def _closing_best_first(text: str, spans: list, scores: list[float] | None) -> list:
    """Verdict spans with the first one after the best-scoring sentence moved to the front."""
    sentences = split_sentences(text)
    if len(spans) < 2 or not scores or len(scores) != len(sentences):
        return spans
    best_start = sentences[max(range(len(scores)), key=scores.__getitem__)][0]
    closing = next((span for span in spans if span[0] >= best_start), spans[-1])
    return [closing] + [span for span in spans if span != closing]


def _excerpts(
    question: Question,
    hits: list[Hit],
    sentence_scores: dict[str, list[float]] | None,
    quoted: set[str | None],
) -> list[Citation]:
    """The best-scoring sentences of the top hits: at most three, two per chunk, none repeated."""
    candidates = []
    for rank, hit in enumerate(hits[:3]):
        text = hit.chunk.text
        spans = split_sentences(text)
        scores = _scores(question, hit, spans, sentence_scores)
        for (start, end), score in zip(spans, scores, strict=True):
            sentence = text[start:end]
            if _quotable(sentence) and sentence not in quoted:
                candidates.append((score, rank, start, hit, sentence))
    if not candidates:
        return []
    best = max(candidate[0] for candidate in candidates)
    floor, limit = best * EXCERPT_FLOOR, MAX_EXCERPTS if best > 0 else 1  # no signal: one
    candidates.sort(key=lambda candidate: (-candidate[0], candidate[1], candidate[2]))
    chosen, per_chunk = [], {}
    for score, rank, start, hit, sentence in candidates:
        count = per_chunk.get(hit.chunk.chunk_id, 0)
        if count >= MAX_PER_CHUNK or (chosen and score < floor):
            continue
        per_chunk[hit.chunk.chunk_id] = count + 1
        chosen.append((rank, start, _cite(hit, sentence, "excerpt")))
        if len(chosen) == limit:
            break
    return [citation for _, _, citation in sorted(chosen, key=lambda c: c[:2])]


def _quotable(sentence: str) -> bool:
    """A passage worth quoting: words, not a heading ("D. Dissemination and follow-up", "[B]:")
    nor a recommendation's stem ending in a colon ("The Committee recommends that:")."""
    stripped = sentence.strip()
    if not _has_words(stripped) or _HEADING.search(stripped) or stripped.endswith((":", "：")):
        return False
    return not _SECTION.match(stripped)


def _has_words(sentence: str) -> bool:
    """A sentence with content: never a bare paragraph number like "2." quoted as a passage."""
    return len(_LETTER.findall(sentence)) >= 3


def _scores(
    question: Question,
    hit: Hit,
    spans: list[tuple[int, int]],
    sentence_scores: dict[str, list[float]] | None,
) -> list[float]:
    """The caller's per-sentence scores for this chunk, else lexical overlap with the question."""
    given = (sentence_scores or {}).get(hit.chunk.chunk_id)
    if given is not None and len(given) == len(spans):
        return [float(score) for score in given]
    wanted = _tokens(question.text)
    return [_overlap(wanted, _tokens(hit.chunk.text[s:e])) for s, e in spans]


def _tokens(text: str) -> set[str]:
    """Latin content words (lower-cased) and CJK character bigrams."""
    words = {
        word
        for word in _LATIN_WORD.findall(text.lower())
        if not _CJK_RUN.search(word) and word not in FUNCTION_WORDS
    }
    for run in _CJK_RUN.findall(text):
        words.update(run[i : i + 2] for i in range(max(len(run) - 1, 1)))
    return words


def _overlap(wanted: set[str], sentence: set[str]) -> float:
    return len(wanted & sentence) / math.sqrt(len(sentence)) if sentence else 0.0


def _lookup_citations(question: Question, hits: list[Hit]) -> list[Citation]:
    """A paragraph's summary: its recommendation, the reply reference, each assessment's verdict."""
    citations: list[Citation] = []
    # stable: a logical paragraph's language versions stay in the order they came in
    for hit in sorted(
        hits, key=lambda h: (KIND_ORDER.get(h.chunk.kind, 9), h.chunk.items, h.chunk.grade or "")
    ):
        if hit.chunk.kind == "assessment":
            citations.extend(_verdicts(Question(""), hit))
        elif hit.chunk.kind in ("paragraph", "question", "recommendation", "reply"):
            quotes = _summary_quotes(hit, question.reference.items if question.reference else ())
            citations.extend(_cite(hit, quote, "summary") for quote in quotes)
    return citations


def _summary_quotes(hit: Hit, items: tuple[str, ...]) -> list[str]:
    """A look-up shows a reply's first sentence, a recommendation's asked items or its intro."""
    text = hit.chunk.text
    sentences = [
        text[s:e]
        for s, e in split_sentences(text)
        if _has_words(text[s:e]) and not _HEADING.search(text[s:e])
    ]
    if hit.chunk.kind == "recommendation" and items:
        return [s for s in sentences if (m := _ITEM_START.match(s)) and m.group(1) in items]
    return sentences[:1]


# Rendering: text is built from verified citations only, so it never quotes what was dropped.


def _not_found(question: Question, hits: list[Hit]) -> Answer:
    """A plain "not covered" answer, the missing State, and up to three related paragraphs."""
    related = _related(hits)
    text = render_not_found(question, hits, related)
    return Answer(text, answer_language(question), False, related, tuple(hits), question)


def _related(hits: list[Hit]) -> tuple[Citation, ...]:
    """Up to three distinct paragraphs among the hits, without quotes: they are not answers."""
    content = [hit for hit in hits if hit.chunk.kind != "header"] or hits
    seen, related = set(), []
    for hit in content:
        key = (hit.chunk.symbol, hit.chunk.paragraph)
        if key in seen:
            continue
        seen.add(key)
        related.append(_cite(hit, None, "related"))
        if len(related) == 3:
            break
    return tuple(related)
