"""Tests for qa.engine: answers over the indexed seed, end to end with the real model."""

import shutil

import pytest

from index.domain.errors import BadRequest, EmptyQuestion, IndexMismatch
from index.domain.model import Filters
from qa.conversation import previous_question
from tests.conftest import seeded_engine


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return seeded_engine(tmp_path_factory, "engine")


def chunk_texts(answer) -> dict[str, str]:
    return {hit.chunk.chunk_id: hit.chunk.text for hit in answer.hits}


def assert_quotes_verbatim(answer):
    texts = chunk_texts(answer)
    for citation in answer.citations:
        if citation.quote is not None:
            assert citation.quote in texts[citation.chunk_id]


def test_migrant_children_answered_from_paragraph_36_with_grade_and_quote(engine):
    answer = engine.ask("Is Azerbaijan still detaining migrant children?")
    # an English question over the Chinese seed scores 0.795, under the answer bar (0.805 for a
    # pair with Chinese): shown as the closest match, or as the answer if that changes (issue 14)
    assert (answer.found or answer.closest) and answer.language == "en"
    first = answer.citations[0]
    assert (first.paragraph, first.grade, first.kind) == (36, "C", "assessment")
    assert first.quote == "委员会认为该建议尚未得到执行。"
    assert "para. 36" in answer.answer and "[C]" in answer.answer
    assert "has not been implemented" in answer.answer
    assert_quotes_verbatim(answer)


def test_chinese_migration_strategy_answered_in_chinese_from_16ab(engine):
    answer = engine.ask("阿塞拜疆通过国家移民战略了吗？")
    assert answer.found and answer.language == "zh"
    first = answer.citations[0]
    assert (first.paragraph, first.items, first.grade) == (16, ("a", "b"), "C")
    assert "para. 16 (a)(b) [C]" in answer.answer and "相关段落" in answer.answer
    assert_quotes_verbatim(answer)


def test_paragraph_lookup_returns_that_assessment_exactly(engine):
    answer = engine.ask("paragraph 62(c)")
    assert answer.found
    assert [(h.chunk.kind, h.chunk.paragraph) for h in answer.hits] == [
        ("recommendation", 62),
        ("reply", 62),
        ("assessment", 62),
    ]
    assessment = answer.hits[-1].chunk
    assert (assessment.items, assessment.grade) == (("c",), "F")
    assert "para. 62 (c) [F]" in answer.answer
    assert_quotes_verbatim(answer)


@pytest.mark.parametrize(
    "question, state",
    [("Is France detaining migrant children?", "France"), ("巴西是否拘留移民儿童？", "Brazil")],
)
def test_state_not_in_corpus_is_said_to_be_not_covered(engine, question, state):
    # no longer the closest paragraphs: they would be about another State (issue 14)
    answer = engine.ask(question)
    assert not answer.found
    assert not answer.citations and not answer.hits
    if answer.language == "en":
        assert answer.answer == f"{state} is not in the indexed documents; indexed: Azerbaijan."
    else:
        assert answer.answer == "已收录的文件中没有巴西；已收录：阿塞拜疆。"


def test_off_topic_question_is_not_answered(engine):
    answer = engine.ask("What did the Committee say about climate change adaptation?")
    assert not answer.found
    # not covered, or the closest match labelled as not clearly an answer: never an answer
    assert answer.answer.startswith(
        ("The indexed documents do not cover this question.", "No indexed passage clearly")
    )


def test_follow_ups_resolve_against_the_conversation(engine):
    first = "Is Azerbaijan still detaining migrant children?"
    history = [
        {"role": "user", "content": [{"type": "text", "text": first}]},
        {"role": "assistant", "content": [{"type": "text", "text": "..."}]},
    ]
    answer = engine.ask("and paragraph 60?", history=history)
    assert answer.found and {h.chunk.paragraph for h in answer.hits} == {60}
    history += [{"role": "user", "content": "and paragraph 60?"}]
    graded = engine.ask("what grade did it get?", history=history)
    assert {c.paragraph for c in graded.citations} == {60}
    assert {c.grade for c in graded.citations if c.kind == "assessment"} <= {"B", "C", "F"}


def test_previous_question_reads_strings_and_parts():
    history = ["Is Azerbaijan still detaining migrant children?", "and paragraph 60?"]
    assert previous_question(history).reference.paragraph == 60
    assert previous_question([]) is None


def test_grade_question_lists_the_assessments_with_that_grade(engine):
    answer = engine.ask("Which recommendations were graded B?")
    assert answer.found
    verdicts = [c for c in answer.citations if c.role == "verdict"]
    assert {(c.paragraph, c.items) for c in verdicts} == {
        (16, ("c",)),
        (60, ("a",)),
        (62, ("a", "b")),
    }
    assert {c.grade for c in verdicts} == {"B"}


def test_not_implemented_question_quotes_those_verdicts(engine):
    answer = engine.ask("Which recommendations were not implemented?")
    verdicts = [c for c in answer.citations if c.role == "verdict"]
    assert verdicts and verdicts[0].verdict == "not_implemented"
    assert {c.paragraph for c in verdicts if c.verdict == "not_implemented"} == {16, 36}


@pytest.mark.parametrize(
    "question, error",
    [("", EmptyQuestion), ("   ", EmptyQuestion)],
)
def test_ask_errors(engine, question, error):
    with pytest.raises(error):
        engine.ask(question)


def test_search_k_out_of_range(engine):
    with pytest.raises(BadRequest, match="k must be a whole number from 1 to 100"):
        engine.search("detention", k=0)


def test_dense_search_ranks_the_children_assessment_first(engine):
    hits = engine.search("Is Azerbaijan still detaining migrant children?", k=3, mode="dense")
    assert (hits[0].chunk.paragraph, hits[0].chunk.kind) == (36, "assessment")


def test_reference_in_a_search_puts_its_assessment_in_the_top_five(engine):
    hits = engine.search("CMW/C/AZE/CO/3 para. 36(a)")
    top = [(h.chunk.paragraph, h.chunk.items, h.chunk.kind) for h in hits[:5]]
    assert any(p == 36 and "a" in items and kind == "assessment" for p, items, kind in top), top
    assert hits[0].chunk.paragraph == 36 and hits[0].similarity is not None


def test_question_with_a_reference_is_answered_from_it(engine):
    answer = engine.ask("What does CMW/C/AZE/CO/3 para. 36 ask the State party to do?")
    assert answer.found
    assert answer.citations[0].paragraph == 36
    assert_quotes_verbatim(answer)


def test_law_on_diaspora_is_answered_from_16c(engine):
    # found, or just under the threshold: then shown as the closest match, never "not covered"
    answer = engine.ask("What did the Committee decide about the Law on Diaspora?")
    closest = "No indexed passage clearly answers this question.\nClosest match (check that it"
    assert answer.found or (answer.closest and answer.answer.startswith(closest))
    assert any((c.paragraph, c.items, c.grade) == (16, ("c",), "B") for c in answer.citations)
    assert_quotes_verbatim(answer)


def test_a_date_range_over_a_store_of_the_earlier_format_asks_to_re_index(tmp_path_factory):
    # a store written before chunks carried their date (format 2) would fail every range as
    # "no indexed document has a date": the format is checked first
    old = seeded_engine(tmp_path_factory, "engine-format-2")
    records = old.store._chunks.get(include=[])["ids"]
    old.store._chunks.update(ids=records, metadatas=[{"date": None, "day": None}] * len(records))
    shutil.rmtree(old.settings.keyword_dir)  # rebuilt from the store: without dates
    assert not [chunk for chunk in old.keyword.chunks if chunk.date]
    recorded = {**old.store.build_info(), "store_version": "2"}
    old.store._chunks.modify(metadata=recorded)
    for call in (old.search, old.ask):
        with pytest.raises(IndexMismatch, match="store format 2.*qa index --rebuild"):
            call("Are migrant children detained?", filters=Filters(date_from="2026"))


def test_assessments_are_read_once_until_the_store_changes(tmp_path_factory, monkeypatch):
    engine = seeded_engine(tmp_path_factory, "engine-assessments")
    reads = []
    get = engine.store.get
    monkeypatch.setattr(engine.store, "get", lambda *a, **kw: reads.append(a) or get(*a, **kw))
    first = engine.assessments()
    assert first and {chunk.kind for chunk in first} == {"assessment"}
    assert engine.assessments() == first
    assert len(reads) == 1  # the dashboard's second call comes from memory
    (source,) = {chunk.source for chunk in first}
    engine.remove(source)
    assert engine.assessments() == []  # a change is seen at once
    assert len(reads) == 2
