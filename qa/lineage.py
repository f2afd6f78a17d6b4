"""Lineage: one logical paragraph across languages and documents (pure functions).

UN documents exist in six languages with the same paragraph numbering, and a follow-up assessment
quotes the concluding observations' recommendation it assesses. A chunk's logical key is what
is the same in all of them: the symbol its paragraph numbers belong to, the paragraph, the kind,
the sub-items and the grade. Chunks sharing a key are language versions of one paragraph.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import replace

from index.domain.errors import AmbiguousReference, NotIndexed, QAError
from index.domain.model import Chunk, items_overlap
from index.domain.symbols import doc_type_for
from qa.model import Hit
from qa.reference import Reference

LINKED_KINDS = ("recommendation", "reply", "assessment")
CO = "concluding observations"
_UN_ORDER = {language: i for i, language in enumerate(("en", "fr", "es", "ru", "ar", "zh"))}

# How a paragraph's chunks are listed: its text, then the reply reference, then assessments.
KIND_ORDER = {
    "paragraph": 0,
    "question": 0,
    "recommendation": 1,
    "reply": 2,
    "assessment": 3,
    "header": 4,
}


def logical_key(chunk: Chunk) -> tuple | None:
    """What language versions of one paragraph share; None for chunks that have no paragraph."""
    if chunk.paragraph is None or chunk.kind == "header" or not chunk.symbol:
        return None
    return (chunk.symbol, chunk.paragraph, chunk.kind, tuple(chunk.items), chunk.grade)


def fold_versions(hits: Iterable[Hit], language: str) -> list[Hit]:
    """One hit per logical paragraph, at the rank of its best version, shown in `language` when
    a version in it was found; the other versions ride along in `Hit.versions`.

    The folded hit keeps the best score of its versions (so the order stays that of the best
    versions) and its own similarity when it has one, else the best version's together with
    that version's language (cross-language similarities run lower; the answer threshold
    depends on it).
    """
    groups: dict[object, list[Hit]] = {}
    for position, hit in enumerate(hits):
        key = logical_key(hit.chunk) or ("chunk", hit.chunk.chunk_id, position)
        groups.setdefault(key, []).append(hit)
    return [_fold(members, language) for members in groups.values()]


def _fold(members: list[Hit], language: str) -> Hit:
    if len(members) == 1:
        return members[0]
    shown = next((hit for hit in members if hit.chunk.language == language), members[0])
    others = tuple(hit.chunk for hit in members if hit is not shown)
    similarity, similarity_language = shown.similarity, shown.similarity_language
    if similarity is None:
        best = max(
            (hit for hit in members if hit.similarity is not None),
            key=lambda hit: hit.similarity,
            default=None,
        )
        if best is not None:
            similarity, similarity_language = best.similarity, best.chunk.language
    return replace(
        shown,
        score=max(hit.score for hit in members),
        dense_rank=_best_rank(hit.dense_rank for hit in members),
        keyword_rank=_best_rank(hit.keyword_rank for hit in members),
        similarity=similarity,
        similarity_language=similarity_language,
        versions=_merge_versions(shown.versions, others, shown.chunk),
    )


def _best_rank(ranks: Iterable[int | None]) -> int | None:
    return min((rank for rank in ranks if rank is not None), default=None)


def _merge_versions(kept: tuple[Chunk, ...], more: tuple[Chunk, ...], shown: Chunk):
    seen = {shown.chunk_id}
    merged = []
    for chunk in (*kept, *more):
        if chunk.chunk_id not in seen:
            seen.add(chunk.chunk_id)
            merged.append(chunk)
    return tuple(sorted(merged, key=lambda c: (_UN_ORDER.get(c.language, 9), c.source)))


def anchor(hits: Sequence[Hit], depth: int = 3) -> Hit | None:
    """The hit an answer is anchored on: the first recommendation or assessment among the top
    `depth` content hits (a concern paragraph of the concluding observations usually ranks
    just above the recommendation that answers it), else the first content hit."""
    content = [hit for hit in hits if hit.chunk.kind != "header"]
    for hit in content[:depth]:
        if hit.chunk.kind in ("recommendation", "assessment"):
            return hit
    return content[0] if content else None


def in_language_order(chunks: Iterable[Chunk], language: str | None = None) -> list[Chunk]:
    """Chunks with `language` first, then the UN's language order, then by source."""
    return sorted(
        chunks,
        key=lambda c: (c.language != language, _UN_ORDER.get(c.language, 9), c.source, c.start),
    )


def linked(top: Chunk, chunks: Iterable[Chunk], language: str) -> list[Chunk]:
    """The recommendation, reply references and assessments of `top`'s paragraph, one version of
    each logical paragraph (in `language` when there is one), `top`'s own key left out."""
    own = logical_key(top)
    best: dict[tuple, Chunk] = {}
    for chunk in in_language_order(chunks, language):
        key = logical_key(chunk)
        if (
            key is None
            or key == own
            or chunk.kind not in LINKED_KINDS
            or (chunk.symbol, chunk.paragraph) != (top.symbol, top.paragraph)
        ):
            continue
        best.setdefault(key, chunk)
    return list(best.values())


def reply_first(
    hits: Sequence[Hit], table: dict[tuple, list[Chunk]], language: str, accept
) -> list[Hit]:
    """For a question asking where the State party's reply is ("where is its reply on
    trafficking?"): the reply reference of the best hit's paragraph first, moved up or brought
    in (it is what states where the reply is); the hits unchanged when that paragraph has none."""
    top = next((hit.chunk for hit in hits if hit.chunk.paragraph is not None), None)
    if top is None or top.kind == "reply":
        return list(hits)
    key = (top.symbol, top.paragraph)
    replies = [c for c in linked(top, table.get(key, []), language) if c.kind == "reply"]
    replies = [c for c in replies if accept(c)]
    if not replies:
        return list(hits)
    wanted = logical_key(replies[0])
    found = next((hit for hit in hits if logical_key(hit.chunk) == wanted), None)
    first = found or Hit(replies[0], hits[0].score)
    return [first, *(hit for hit in hits if hit is not found)]


def paragraph_table(chunks: Iterable[Chunk]) -> dict[tuple, list[Chunk]]:
    """(symbol, paragraph) -> the chunks of that paragraph (every kind, language, document), in
    the order given; and ("recommendation", source, title) -> the recommendations under a
    thematic heading of concluding observations (a concern paragraph's recommendation follows
    it there). Built once per keyword index from its committed chunks."""
    found: dict[tuple, list[Chunk]] = {}
    for chunk in chunks:
        if chunk.paragraph is not None and chunk.symbol and chunk.kind != "header":
            found.setdefault((chunk.symbol, chunk.paragraph), []).append(chunk)
        if chunk.kind == "recommendation" and chunk.doc_type == CO and chunk.title:
            found.setdefault(("recommendation", chunk.source, chunk.title), []).append(chunk)
    return found


def with_assessments(
    hits: Sequence[Hit],
    assessments: dict[tuple, list[Chunk]],
    language: str,
    accept=lambda chunk: True,
    relevance=None,
) -> list[Hit]:
    """Each recommendation followed by the best assessment of its sub-items (in `language`
    where that version exists), and each concern paragraph of concluding observations by the
    recommendation under its heading and that one's best assessment, moved up from further
    down or brought in: the Committee's verdict belongs next to what it recommended, and that
    next to what concerned it. `accept` keeps the search's filters; `relevance` (chunks ->
    scores, e.g. the question's similarity to each) picks among assessments the search did not
    rank."""
    out: list[Hit] = []
    placed: set[tuple] = set()
    later = {logical_key(hit.chunk): hit for hit in hits if logical_key(hit.chunk)}
    for hit in hits:
        key = logical_key(hit.chunk)
        if key in placed:
            continue
        out.append(hit)
        placed.add(key)
        for chunk in _linked_after(hit.chunk, assessments, language, later, relevance):
            linked_key = logical_key(chunk)
            if linked_key in placed or not accept(chunk):
                continue
            placed.add(linked_key)
            out.append(later.get(linked_key) or Hit(chunk, hit.score))
    return out


def _linked_after(
    chunk: Chunk, table: dict, language: str, ranked: dict, relevance=None
) -> list[Chunk]:
    """What follows a hit: a recommendation's best assessment; a concern paragraph's
    recommendation (the next one under its heading) and that recommendation's best assessment.

    One assessment, not all: the best-ranked one the search found, else the most relevant (or,
    without `relevance`, the first) covering the recommendation's items; more would push other
    paragraphs out of the first results."""
    if chunk.kind == "recommendation":
        return _best_assessment(chunk, table, language, ranked, relevance)
    if chunk.kind != "paragraph" or chunk.doc_type != CO or chunk.paragraph is None:
        return []
    following = [
        rec
        for rec in table.get(("recommendation", chunk.source, chunk.title), [])
        if rec.paragraph is not None and rec.paragraph > chunk.paragraph
    ]
    if not following:
        return []
    nearest = min(rec.paragraph for rec in following)
    recommendations = [rec for rec in following if rec.paragraph == nearest]
    linked_chunks = []
    for rec in recommendations:
        linked_chunks.append(rec)
        linked_chunks.extend(_best_assessment(rec, table, language, ranked, relevance))
    return linked_chunks


def _best_assessment(
    rec: Chunk, table: dict, language: str, ranked: dict, relevance=None
) -> list[Chunk]:
    best = best_assessment(_assessments_of(rec, table, language), list(ranked), relevance)
    return [best] if best is not None else []


def best_assessment(
    candidates: Sequence[Chunk], ranked: Sequence[tuple], relevance=None
) -> Chunk | None:
    """The one assessment to show for a recommendation, for search and ask alike: the
    best-ranked candidate the search found (`ranked`: logical keys, best first), else the
    most relevant (`relevance`: chunks -> scores), else the first."""
    order = {key: i for i, key in reversed(list(enumerate(ranked)))}
    found = [c for c in candidates if logical_key(c) in order]
    if found:
        return min(found, key=lambda c: order[logical_key(c)])
    if relevance is None or len(candidates) < 2:
        return candidates[0] if candidates else None
    scores = relevance(list(candidates))
    return max(zip(candidates, scores, strict=True), key=lambda pair: pair[1])[0]


def _assessments_of(recommendation: Chunk, assessments: dict, language: str) -> list[Chunk]:
    candidates = assessments.get((recommendation.symbol, recommendation.paragraph), [])
    covering = [
        c
        for c in candidates
        if c.kind == "assessment" and items_overlap(recommendation.items, c.items)
    ]
    chosen: dict[tuple, Chunk] = {}
    for chunk in in_language_order(covering, language):
        chosen.setdefault(logical_key(chunk), chunk)
    return sorted(chosen.values(), key=lambda c: (c.items, c.grade or ""))


def concluding_observations_first(chunks: list[Chunk]) -> list[Chunk]:
    """A paragraph number without a symbol means the concluding observations' paragraph (the
    numbering follow-up assessments use), when one is indexed; a State party's reply or a list
    of issues numbers its own paragraphs and is cited with its symbol."""
    numbered_by_co = [c for c in chunks if c.symbol and _is_co_symbol(c.symbol)]
    return numbered_by_co or chunks


def _is_co_symbol(symbol: str) -> bool:
    try:
        return doc_type_for(symbol) == "concluding observations"
    except QAError:
        return False


def select_cited(
    chunks: list[Chunk], items: tuple[str, ...], language: str | None = None
) -> list[Chunk]:
    """Chunks of one paragraph that a reference with `items` cites: by kind (recommendation,
    reply, assessments), each logical paragraph's language versions together."""
    if items:
        chunks = [c for c in chunks if items_overlap(items, c.items)]
        if not any(c.items for c in chunks):
            return []  # no chunk of this paragraph has sub-items: the reference is wrong
    ordered = in_language_order(chunks, language)
    position = {c.chunk_id: i for i, c in enumerate(ordered)}
    return sorted(
        ordered,
        key=lambda c: (KIND_ORDER.get(c.kind, 9), c.items, c.grade or "", position[c.chunk_id]),
    )


def indexed_symbols(records) -> set[str]:
    """The symbols a citation may name: each indexed document's own and its CO's."""
    fields = [record.to_dict() for record in records]
    return {field[key] for field in fields for key in ("symbol", "co_symbol") if field.get(key)}


def check_indexed(symbol: str, known: set[str]) -> None:
    """Raise NotIndexed naming the closest indexed symbols when `symbol` is not indexed."""
    if symbol in known:
        return
    closest = difflib.get_close_matches(symbol, sorted(known), n=3, cutoff=0.0)
    hint = f"; closest indexed: {', '.join(closest)}" if closest else "; the index is empty"
    raise NotIndexed(f"{symbol} is not indexed{hint}")


def one_document(chunks: list[Chunk], reference: Reference) -> list[Chunk]:
    """The chunks of a bare paragraph reference when they are one document's; when several
    documents have that paragraph, AmbiguousReference listing them (never a guess)."""
    symbols = sorted({c.symbol or c.source for c in chunks})
    if len(symbols) > 1:
        raise AmbiguousReference(
            f"para. {reference.number} is in {len(symbols)} indexed documents: "
            f"{', '.join(symbols[:10])}; name one, e.g. '{symbols[0]} para. {reference.number}'"
        )
    return chunks
