"""Tests for qa.question: language, reference, grade, verdict, State, committee, follow-ups."""

import pytest

from index.domain.errors import EmptyQuestion
from index.domain.model import Filters
from qa.intent import asks_grade, find_grades, find_verdict
from qa.question import (
    Question,
    analyze,
    detect_language,
    filters,
    find_committee,
    find_state,
)
from qa.reference import Reference


@pytest.mark.parametrize(
    "text, language",
    [
        ("Is Azerbaijan still detaining migrant children?", "en"),
        ("阿塞拜疆是否仍在拘留移民儿童？", "zh"),
        ("那第60段呢？", "zh"),
        ("CMW/C/AZE/CO/3 第36段(b)项的评级是什么", "zh"),
        ("CMW/C/AZE/CO/3 para. 36(b)", "en"),
        ("La recommandation sur la détention a-t-elle été mise en œuvre ?", "fr"),
        ("Quelle est la note du paragraphe 36 ?", "fr"),
        ("¿Qué recomendaciones no se han aplicado en Azerbaiyán?", "es"),
        ("¿Cuál es la situación de los niños migrantes?", "es"),
        ("Какие рекомендации не выполнены?", "ru"),
        ("ما هي التوصيات التي لم تنفذ؟", "ar"),
        ("What does 阿塞拜疆 mean in this report?", "en"),
        ("", "en"),
        ("§60", "en"),
    ],
)
def test_detect_language(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize(
    "text, reference",
    [
        ("paragraph 62(c)", Reference(62, ("c",))),
        ("CMW/C/AZE/CO/3 para. 36(b)", Reference(36, ("b",), "CMW/C/AZE/CO/3")),
        ("第36段(b)项", Reference(36, ("b",))),
        ("§60", Reference(60)),
        ("36(b)-(e)", Reference(36, ("b", "c", "d", "e"))),
        ("what did the Committee say about detention in paragraph 36?", Reference(36)),
        ("In 2023 more than 6,300 migrants were detained", None),
        ("Is Azerbaijan still detaining migrant children?", None),
    ],
)
def test_reference(text, reference):
    assert analyze(text).reference == reference


@pytest.mark.parametrize(
    "text, grades",
    [
        ("Which recommendations got [C]?", ("C",)),
        ("what was graded B?", ("B",)),
        ("grade C paragraphs", ("C",)),
        ("grades B and C", ("B", "C")),
        ("哪些建议是C级？", ("C",)),
        ("评级为F的段落", ("F",)),
        ("it was graded a bit harshly", ()),
        ("what grade did it get?", ()),
        ("paragraph 36(c)", ()),
        ("CMW/C/AZE/CO/3", ()),
    ],
)
def test_find_grades(text, grades):
    assert find_grades(text) == grades


@pytest.mark.parametrize(
    "text, verdict",
    [
        ("Which recommendations have not been implemented?", "not_implemented"),
        ("what was not implemented in Azerbaijan", "not_implemented"),
        ("哪些建议尚未得到执行？", "not_implemented"),
        ("未执行的建议", "not_implemented"),
        ("Which ones were partially implemented?", "partially_implemented"),
        ("部分执行的建议有哪些", "partially_implemented"),
        ("Which recommendations have been implemented?", "implemented"),
        ("哪些建议已得到执行", "implemented"),
        ("recommandations non mise en œuvre", "not_implemented"),
        ("recommandations partiellement mises en œuvre", "partially_implemented"),
        ("¿Qué recomendación no se ha aplicado?", "not_implemented"),
        ("рекомендации, которые не выполнены", "not_implemented"),
        ("рекомендации, выполненные частично", "partially_implemented"),
        ("was it implemented?", None),
        ("该建议是否已得到执行？", None),
        ("What did the Committee say about detention?", None),
    ],
)
def test_find_verdict(text, verdict):
    assert find_verdict(text) == verdict


@pytest.mark.parametrize(
    "text, state",
    [
        ("Is Azerbaijan still detaining migrant children?", "Azerbaijan"),
        ("阿塞拜疆是否仍在拘留移民儿童？", "Azerbaijan"),
        ("What about Azerbaijani migrant workers abroad?", "Azerbaijan"),
        ("Armenian workers", "Armenia"),
        ("prison conditions in France", "France"),
        ("we ate turkey at the committee", None),
        ("What did the Committee say about detention?", None),
    ],
)
def test_find_state(text, state):
    assert find_state(text) == state


def test_state_party_from_symbol():
    assert analyze("CMW/C/AZE/CO/3 para. 36(b)").state_party == "Azerbaijan"


@pytest.mark.parametrize(
    "text, committee",
    [
        ("What did the CMW say?", "CMW"),
        ("Committee on Migrant Workers on detention", "CMW"),
        ("the migrant workers committee", "CMW"),
        ("移民工人委员会怎么评价", "CMW"),
        ("Committee against Torture", "CAT"),
        ("the cat sat on the mat", None),
        ("What did the Committee say?", None),
    ],
)
def test_find_committee(text, committee):
    assert find_committee(text) == committee


def test_committee_from_symbol():
    assert analyze("CMW/C/AZE/CO/3 para. 36").committee == "CMW"


@pytest.mark.parametrize(
    "text, is_lookup",
    [
        ("paragraph 62(c)", True),
        ("CMW/C/AZE/CO/3 para. 36(b)", True),
        ("第36段(b)项", True),
        ("§60", True),
        ("36(b)", True),
        ("show paragraph 16", True),
        ("what did the Committee say about detention in paragraph 36?", False),
        ("第36段关于拘留说了什么？", False),
        ("Is Azerbaijan still detaining migrant children?", False),
    ],
)
def test_is_lookup(text, is_lookup):
    assert analyze(text).is_lookup is is_lookup


@pytest.mark.parametrize(
    "text, asks_grade",
    [
        ("what grade did it get?", True),
        ("was it implemented?", True),
        ("评级是什么", True),
        ("Which recommendations have not been implemented?", True),
        ("Is Azerbaijan still detaining migrant children?", False),
        ("第36段(b)项", False),
    ],
)
def test_asks_grade(text, asks_grade):
    assert analyze(text).asks_grade is asks_grade


def test_follow_up_conversation_in_english():
    first = analyze("Is Azerbaijan still detaining migrant children?")
    assert (first.state_party, first.reference, first.is_followup) == ("Azerbaijan", None, False)

    second = analyze("and paragraph 60?", first)
    assert second.is_followup
    assert second.reference == Reference(60)
    assert second.state_party == "Azerbaijan"

    third = analyze("what grade did it get?", second)
    assert third.is_followup and third.asks_grade
    assert third.reference == Reference(60)
    assert third.state_party == "Azerbaijan"

    fresh = analyze("What did the Committee say about the national migration strategy?", third)
    assert not fresh.is_followup
    assert fresh.reference is None
    assert fresh.state_party is None


def test_follow_up_conversation_in_chinese():
    first = analyze("CMW/C/AZE/CO/3 第36段(b)项")
    second = analyze("那第60段呢？", first)
    assert second.is_followup
    assert second.reference == Reference(60, (), "CMW/C/AZE/CO/3")
    assert second.state_party == "Azerbaijan"
    third = analyze("它的评级是什么？", second)
    assert third.is_followup and third.asks_grade
    assert third.reference == Reference(60, (), "CMW/C/AZE/CO/3")


def test_follow_up_on_items_keeps_the_paragraph():
    first = analyze("CMW/C/AZE/CO/3 para. 36(a)")
    second = analyze("and (b)?", first)
    assert second.is_followup and second.is_lookup
    assert second.reference == Reference(36, ("b",), "CMW/C/AZE/CO/3")


@pytest.mark.parametrize(
    "text",
    [
        "What about France?",
        "What did the Committee say about trafficking victims in Azerbaijan's neighbours?",
        "Has the State party adopted a law that protects its nationals abroad?",
        "CMW/C/ALB/CO/2 para. 12",
    ],
)
def test_self_contained_question_is_not_a_follow_up(text):
    previous = analyze("what grade did it get?", analyze("CMW/C/AZE/CO/3 para. 60"))
    question = analyze(text, previous)
    assert not question.is_followup
    assert question.reference is None or question.reference.paragraph != 60


def test_filters_from_reference_grade_and_state():
    question = analyze("CMW/C/AZE/CO/3 para. 36(b) graded C")
    assert filters(question) == Filters(
        symbol="CMW/C/AZE/CO/3",
        paragraph=36,
        items=("b",),
        grade="C",
        state_party="Azerbaijan",
        committee="CMW",
    )


def test_filters_leave_grade_open_when_several_are_asked():
    assert filters(analyze("grades B or C in Azerbaijan")) == Filters(state_party="Azerbaijan")


def test_question_to_dict():
    question = analyze("CMW/C/AZE/CO/3 para. 36(b)")
    assert question.to_dict() == {
        "text": "CMW/C/AZE/CO/3 para. 36(b)",
        "language": "en",
        "reference": {"symbol": "CMW/C/AZE/CO/3", "paragraph": 36, "items": ["b"]},
        "symbol": "CMW/C/AZE/CO/3",
        "grades": [],
        "verdict": None,
        "state_party": "Azerbaijan",
        "committee": "CMW",
        "is_lookup": True,
        "asks_grade": False,
        "is_followup": False,
        "asks_document": False,
        "topic": "",
    }
    assert Question("x").to_dict()["reference"] is None


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_question_is_an_error(text):
    with pytest.raises(EmptyQuestion, match="the question is empty"):
        analyze(text)


@pytest.mark.parametrize(
    ("text", "grades"),
    [
        ("Which assessments received a C?", ("C",)),
        ("Which recommendations got an A?", ("A",)),
        ("Did it get a grade?", ()),
        ("Was it given a hearing?", ()),
    ],
)
def test_grades_received_or_given(text, grades):
    assert find_grades(text) == grades


def test_asks_grade_covers_grades_verdicts_and_implementation():
    assert asks_grade("Which recommendations were only partly implemented?")
    assert asks_grade("What grade did paragraph 36 get?")
    assert asks_grade("哪些建议得到了落实？")
    assert not asks_grade("Where are migrant children held?")


def test_grade_follow_up_keeps_the_topical_question_as_its_topic():
    first = analyze("What did the Committee recommend to Kenya about pretrial detention?")
    second = analyze("What grade did it get?", first)
    assert second.is_followup and second.asks_grade
    assert second.state_party == "Kenya"
    assert "pretrial detention" in second.search_text and second.search_text.endswith("get?")


def test_follow_up_for_another_state_keeps_the_topic_without_the_first_state():
    first = analyze("What did the Committee recommend to Kenya about pretrial detention?")
    second = analyze("And for Chile?", first)
    assert second.is_followup and second.state_party == "Chile"
    assert "pretrial detention" in second.topic and "Kenya" not in second.topic


@pytest.mark.parametrize(
    "text, committee",
    [
        ("What did the Committee against Torture ask Kenya?", "CAT"),
        ("Qu'a dit le Comité des droits de l'enfant sur l'enregistrement des naissances ?", "CRC"),
        ("禁止酷刑委员会对智利说了什么？", "CAT"),
    ],
)
def test_named_committee_becomes_a_filter(text, committee):
    question = analyze(text)
    assert question.committee == committee
    assert filters(question).committee == committee


def test_question_about_the_document_itself():
    assert analyze("At which session was this assessment adopted?").asks_document
    assert not analyze("What did the Committee recommend on trafficking?").asks_document
