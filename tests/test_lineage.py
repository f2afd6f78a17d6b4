"""Lineage: language versions of one paragraph fold into one hit; linked chunks of a paragraph."""

from index.domain.model import Chunk
from qa.lineage import (
    fold_versions,
    in_language_order,
    linked,
    logical_key,
    paragraph_table,
    reply_first,
    with_assessments,
)
from qa.model import Hit

CO = "CMW/C/AZE/CO/3"


def chunk(language, kind="assessment", paragraph=36, items=("b", "c"), grade="C", source=None):
    name = source or f"doc_{language}.md"
    return Chunk(
        chunk_id=f"{name}:{kind}:{paragraph}:{''.join(items) or '-'}:{grade}",
        source=name,
        symbol=CO,
        paragraph=paragraph,
        items=tuple(items),
        grade=grade,
        kind=kind,
        title="Detention",
        language=language,
        committee="CMW",
        state_party="Azerbaijan",
        spans=((0, 4),),
        text=f"{language} text",
        prefix="",
    )


def test_logical_key_is_language_neutral():
    assert (
        logical_key(chunk("zh"))
        == logical_key(chunk("en"))
        == (CO, 36, "assessment", ("b", "c"), "C")
    )
    assert logical_key(chunk("en", kind="header", paragraph=None, items=(), grade=None)) is None


def test_versions_fold_at_the_best_rank_in_the_question_language():
    zh, en, other = chunk("zh"), chunk("en"), chunk("zh", paragraph=16, items=("a",))
    hits = [Hit(zh, 0.9, 1, None, 0.80), Hit(other, 0.5, 2, None, 0.7), Hit(en, 0.4, 5, 1, 0.86)]
    folded = fold_versions(hits, "en")
    assert [hit.chunk.chunk_id for hit in folded] == [en.chunk_id, other.chunk_id]
    top = folded[0]
    assert top.score == 0.9 and top.dense_rank == 1 and top.keyword_rank == 1
    assert top.similarity == 0.86 and top.matched_language == "en"
    assert [version.chunk_id for version in top.versions] == [zh.chunk_id]
    assert top.to_dict()["versions"][0]["url"] == f"https://undocs.org/zh/{CO}"


def test_without_a_version_in_the_question_language_the_best_one_is_shown():
    zh, fr = chunk("zh"), chunk("fr")
    folded = fold_versions([Hit(fr, 0.7, 2, None, 0.8), Hit(zh, 0.6, 3, None, 0.79)], "en")
    assert len(folded) == 1 and folded[0].chunk is fr
    assert [v.language for v in folded[0].versions] == ["zh"]


def test_a_keyword_only_version_borrows_the_similarity_and_its_language():
    zh, en = chunk("zh"), chunk("en")
    folded = fold_versions([Hit(zh, 0.9, 1, None, 0.78), Hit(en, 0.2, None, 3, None)], "en")
    assert folded[0].chunk is en
    assert folded[0].similarity == 0.78 and folded[0].matched_language == "zh"


def test_different_paragraphs_items_or_grades_do_not_fold():
    hits = [
        Hit(chunk("en"), 0.5),
        Hit(chunk("zh", items=("a",)), 0.4),
        Hit(chunk("zh", grade="B"), 0.3),
        Hit(chunk("zh", paragraph=60), 0.2),
        Hit(chunk("zh", kind="recommendation"), 0.1),
    ]
    assert len(fold_versions(hits, "en")) == 5


def test_chunks_without_a_paragraph_never_fold():
    header = chunk("en", kind="header", paragraph=None, items=(), grade=None)
    other = chunk("zh", kind="header", paragraph=None, items=(), grade=None)
    assert len(fold_versions([Hit(header, 0.5), Hit(other, 0.4)], "en")) == 2


def test_in_language_order_puts_the_language_first_then_un_order():
    chunks = [chunk("zh"), chunk("ar"), chunk("fr"), chunk("en")]
    assert [c.language for c in in_language_order(chunks, "ar")] == ["ar", "en", "fr", "zh"]
    assert [c.language for c in in_language_order(chunks)] == ["en", "fr", "ar", "zh"]


def test_linked_brings_one_version_of_each_other_chunk_of_the_paragraph():
    top = chunk("en", kind="recommendation", items=("a", "b", "c"), grade=None)
    paragraph = [
        top,
        chunk("zh", kind="recommendation", items=("a", "b", "c"), grade=None),
        chunk("zh", kind="reply", items=(), grade=None),
        chunk("zh"),
        chunk("en"),
        chunk("zh", items=("a",)),
        chunk("zh", paragraph=16),
    ]
    found = linked(top, paragraph, "en")
    assert [(c.kind, c.items, c.language) for c in found] == [
        ("assessment", ("b", "c"), "en"),
        ("reply", (), "zh"),
        ("assessment", ("a",), "zh"),
    ]


def test_a_recommendation_is_followed_by_its_best_ranked_assessment():
    rec = chunk("en", kind="recommendation", items=("a", "b", "c"), grade=None)
    a36a = chunk("zh", items=("a",), grade="C")
    a36bc = chunk("zh")
    a16 = chunk("zh", paragraph=16, items=("a",))
    other = chunk("en", kind="paragraph", paragraph=35, items=(), grade=None)
    table = paragraph_table([a36bc, a36a, a16, rec, other])
    hits = [Hit(rec, 0.9), Hit(other, 0.8), Hit(a36bc, 0.3)]
    ordered = with_assessments(hits, table, "en")
    assert [h.chunk.chunk_id for h in ordered] == [rec.chunk_id, a36bc.chunk_id, other.chunk_id]
    assert ordered[1] is hits[2]  # moved up, not duplicated
    alone = with_assessments([Hit(rec, 0.9)], table, "en")  # none found: the first covering one
    assert [h.chunk.chunk_id for h in alone] == [rec.chunk_id, a36a.chunk_id]
    assert alone[1].score == 0.9


def test_without_a_ranked_assessment_the_most_relevant_one_follows():
    rec = chunk("en", kind="recommendation", items=("a", "b", "c"), grade=None)
    a36a, a36bc = chunk("zh", items=("a",), grade="C"), chunk("zh")
    table = paragraph_table([a36a, a36bc, rec])
    asked = []

    def relevance(chunks):
        asked.append([c.chunk_id for c in chunks])
        return [0.9 if c is a36bc else 0.2 for c in chunks]

    ordered = with_assessments([Hit(rec, 0.9)], table, "en", relevance=relevance)
    assert [h.chunk.chunk_id for h in ordered] == [rec.chunk_id, a36bc.chunk_id]
    assert asked == [[a36a.chunk_id, a36bc.chunk_id]]
    # an assessment the search ranked wins without asking
    asked.clear()
    ranked = with_assessments([Hit(rec, 0.9), Hit(a36a, 0.1)], table, "en", relevance=relevance)
    assert [h.chunk.chunk_id for h in ranked] == [rec.chunk_id, a36a.chunk_id]
    assert asked == []


def test_assessments_brought_in_respect_the_filters_and_the_items():
    rec_b = chunk("en", kind="recommendation", items=("b",), grade=None)
    a36a, a36bc = chunk("zh", items=("a",)), chunk("zh")
    table = paragraph_table([a36a, a36bc])
    assert [h.chunk for h in with_assessments([Hit(rec_b, 1.0)], table, "en")] == [rec_b, a36bc]
    only_recommendations = with_assessments(
        [Hit(rec_b, 1.0)], table, "en", accept=lambda c: c.kind == "recommendation"
    )
    assert [h.chunk for h in only_recommendations] == [rec_b]


def test_a_concern_paragraph_brings_the_recommendation_under_its_heading_and_its_assessment():
    from dataclasses import replace

    co = "concluding observations"
    concern = replace(
        chunk("en", kind="paragraph", paragraph=35, items=(), grade=None), doc_type=co
    )
    rec = replace(chunk("en", kind="recommendation", items=("b", "c"), grade=None), doc_type=co)
    later_rec = replace(rec, chunk_id="r40", paragraph=40)
    elsewhere = replace(rec, chunk_id="r38", paragraph=38, title="Trafficking")
    assessment = chunk("zh")
    table = paragraph_table([concern, rec, later_rec, elsewhere, assessment])
    ordered = with_assessments([Hit(concern, 0.9)], table, "en")
    assert [h.chunk.chunk_id for h in ordered] == [
        concern.chunk_id,
        rec.chunk_id,
        assessment.chunk_id,
    ]


def test_a_question_for_the_reply_gets_the_reply_of_the_best_paragraph_first():
    rec = chunk("en", kind="recommendation", items=("a", "b", "c"), grade=None)
    reply_zh = chunk("zh", kind="reply", items=(), grade=None)
    reply_en = chunk("en", kind="reply", items=(), grade=None)
    other = chunk("en", kind="paragraph", paragraph=35, items=(), grade=None)
    table = paragraph_table([rec, reply_zh, reply_en, other, chunk("zh")])
    brought = reply_first([Hit(rec, 0.9), Hit(other, 0.8)], table, "en", lambda c: True)
    assert [h.chunk.chunk_id for h in brought] == [reply_en.chunk_id, rec.chunk_id, other.chunk_id]
    ranked = [Hit(rec, 0.9), Hit(other, 0.8), Hit(reply_en, 0.2)]
    moved = reply_first(ranked, table, "en", lambda c: True)
    assert moved[0] is ranked[2] and len(moved) == 3  # moved up, not duplicated
    # the filters keep their word; a paragraph without a reply leaves the hits as they are
    kept = reply_first(ranked[:2], table, "en", lambda c: c.kind != "reply")
    assert kept == ranked[:2]
    alone = reply_first([Hit(other, 0.8)], table, "en", lambda c: True)
    assert [h.chunk.chunk_id for h in alone] == [other.chunk_id]
