"""A reporting cycle indexed together: concluding observations beside the follow-up assessment.

The English concluding-observations fixture (tests/data/co_en.md, our own text) numbers its
paragraphs like the seed's CMW/C/AZE/CO/3, so its paragraph 36 and the recommendation the seed
quotes are two language versions of one logical paragraph, and the seed's assessments of
paragraph 36 assess it.
"""

import pytest

from qa.lineage import logical_key
from tests.conftest import DATA, seeded_engine

CO = "CMW/C/AZE/CO/3"


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = seeded_engine(tmp_path_factory, "cycle")
    paths = [DATA / "co_en.md", DATA / "fco_en.md", DATA / "loi_en.md"]
    report = engine.index(paths, progress=False)
    assert not report.failed and len(report.added) == 3
    return engine


def test_the_concluding_observations_are_indexed_with_their_type(engine):
    types = {record.source: record for record in engine.documents()}
    assert set(types) >= {"co_en.md", "fco_en.md"}
    hits = engine.cite(f"{CO} para. 35")
    assert [(h.chunk.kind, h.chunk.language, h.chunk.doc_type) for h in hits] == [
        ("paragraph", "en", "concluding observations")
    ]


def test_detention_question_brings_recommendation_36_and_its_c_assessment_together(engine):
    answer = engine.ask("Is Azerbaijan still detaining migrant children?")
    assert answer.found
    cited = {(c.paragraph, c.kind, c.grade) for c in answer.citations}
    assert (36, "recommendation", None) in cited
    assert (36, "assessment", "C") in cited
    assert all(c.paragraph == 36 for c in answer.citations[:2])
    texts = {hit.chunk.chunk_id: hit.chunk.text for hit in answer.hits}
    for citation in answer.citations:
        assert citation.quote is None or citation.quote in texts[citation.chunk_id]


def test_cite_returns_the_recommendation_in_every_language_then_reply_and_assessments(engine):
    hits = engine.cite(f"{CO} para. 36")
    rows = [(h.chunk.kind, h.chunk.language, h.chunk.items, h.chunk.grade) for h in hits]
    assert rows == [
        ("recommendation", "en", ("a", "b", "c", "d", "e"), None),
        ("recommendation", "zh", ("a", "b", "c", "d", "e"), None),
        ("reply", "zh", (), None),
        ("assessment", "zh", ("a",), "C"),
        ("assessment", "zh", ("b", "c", "d", "e"), "C"),
    ]
    chinese_first = engine.cite(f"{CO} para. 36", language="zh")
    assert [h.chunk.language for h in chinese_first][:2] == ["zh", "en"]


def test_cite_of_a_sub_item_keeps_the_assessments_covering_it(engine):
    hits = engine.cite(f"{CO} para. 36(b)")
    assert [(h.chunk.kind, h.chunk.items) for h in hits if h.chunk.kind == "assessment"] == [
        ("assessment", ("b", "c", "d", "e"))
    ]
    assert {h.chunk.language for h in hits if h.chunk.kind == "recommendation"} == {"en", "zh"}


def test_search_folds_language_versions_and_prefers_the_question_language(engine):
    hits = engine.search("end the detention of migrant children", k=8)
    keys = [logical_key(hit.chunk) for hit in hits if logical_key(hit.chunk)]
    assert len(keys) == len(set(keys))
    recommendation = next(
        hit for hit in hits if hit.chunk.kind == "recommendation" and hit.chunk.paragraph == 36
    )
    assert recommendation.chunk.language == "en"
    assert [v.language for v in recommendation.versions] == ["zh"]
    as_json = recommendation.to_dict()["versions"]
    assert as_json[0]["url"] == f"https://undocs.org/zh/{CO}"


def test_a_chinese_question_shows_the_chinese_version(engine):
    hits = engine.search("立即停止对儿童的移民拘留", k=8)
    recommendation = next(
        hit for hit in hits if hit.chunk.kind == "recommendation" and hit.chunk.paragraph == 36
    )
    assert recommendation.chunk.language == "zh"
    assert [v.language for v in recommendation.versions] == ["en"]


def test_the_state_partys_reply_paragraphs_keep_their_own_symbol(engine):
    hits = engine.cite("CMW/C/AZE/FCO/3 para. 14")
    assert hits and all(h.chunk.symbol == "CMW/C/AZE/FCO/3" for h in hits)
    assert hits[0].chunk.doc_type == "follow-up reply"


def test_a_paragraph_without_a_symbol_is_the_concluding_observations_paragraph(engine):
    hits = engine.cite("para. 14")
    assert hits and {h.chunk.symbol for h in hits} == {CO}
    assert engine.cite("CMW/C/AZE/FCO/3 para. 14")[0].chunk.symbol == "CMW/C/AZE/FCO/3"


def test_a_sub_item_of_a_list_of_issues_question_is_cited(engine):
    hits = engine.cite("CMW/C/AZE/Q/3 para. 2(b)")
    assert [(h.chunk.kind, h.chunk.paragraph) for h in hits] == [("question", 2)]
    assert engine.cite("CMW/C/AZE/Q/3 para. 2(z)") == []


def _top(engine, question, k=5):
    return [(h.chunk.paragraph, h.chunk.kind, h.chunk.items) for h in engine.search(question, k=k)]


def test_an_english_question_finds_the_chinese_assessment_of_the_sub_items_it_is_about(engine):
    # English text scores higher with e5 for an English question; the in-language rankings and
    # the same-language offset keep the Chinese assessment of 36(b)-(e) among the first five
    top = _top(
        engine, "Do unaccompanied foreign minors get the same care as children without parents?"
    )
    assert (36, "assessment", ("b", "c", "d", "e")) in top
    assert (36, "recommendation", ("a", "b", "c", "d", "e")) in top


def test_a_question_on_partly_implemented_recommendations_finds_those_assessments(engine):
    # English paragraphs of the concluding observations score higher for an English question;
    # assessments ranked apart (concluding "partly implemented" first) bring the verdicts up
    hits = engine.search("Which recommendations did the Committee find only partly implemented?")
    top = [(h.chunk.paragraph, h.chunk.items, h.chunk.kind) for h in hits[:5]]
    assert hits[0].chunk.kind == "assessment" and "部分执行" in hits[0].chunk.text, top
    assert sum(kind == "assessment" for *_, kind in top) >= 3, top
    assert {(62, ("a", "b"), "assessment"), (16, ("c",), "assessment")} <= set(top)


def test_received_a_grade_filters_by_that_grade(engine):
    hits = engine.search("Which assessments received a C?")
    # search itself takes no grade from the text; ask does, through the question's filters
    answer = engine.ask("Which assessments received a C?")
    assert answer.found and hits
    assert {c.grade for c in answer.citations if c.kind == "assessment"} == {"C"}
