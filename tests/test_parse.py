"""Tests for index.parse: the seed follow-up assessment (Chinese), an English fixture, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.domain.committees import committee_from_symbol
from index.domain.errors import ParseError
from index.domain.model import Document, Footnote, Stakeholder
from index.domain.states import find_state, state_name, states
from index.domain.symbols import committee_and_state, country_from_symbol
from index.parse import parse_document
from index.parse.dates import (
    chinese_numeral,
    english_ordinal,
    parse_date,
    parse_date_range,
    session_number,
)
from index.parse.text import detect_language
from index.read import read_text

ROOT = Path(__file__).parent.parent
SEED = ROOT / "seeds" / "CMW_C_AZE_CO_3_follow-up-assessment_zh.md"
ENGLISH = Path(__file__).parent / "data" / "follow_up_en.md"


@pytest.fixture(scope="module")
def seed() -> Document:
    return parse_document(read_text(SEED), SEED.name)


@pytest.fixture(scope="module")
def english() -> Document:
    return parse_document(read_text(ENGLISH), ENGLISH.name)


def spans_of(document: Document):
    """Every (text, start, end) the document claims, nested items and footnotes included."""
    yield from ((f.text, f.start, f.end) for f in document.footnotes)
    for recommendation in document.recommendations:
        yield recommendation.text, recommendation.start, recommendation.end
        yield from ((f.text, f.start, f.end) for f in recommendation.footnotes)
        for item in recommendation.items:
            yield item.text, item.start, item.end
            yield from ((sub.text, sub.start, sub.end) for sub in item.items)
    yield from ((r.text, r.start, r.end) for r in document.replies)
    yield from ((a.text, a.start, a.end) for a in document.assessments)


# The seed


def test_seed_document_fields(seed):
    assert seed.source == SEED.name
    assert seed.text == read_text(SEED)
    assert seed.doc_type == "follow-up assessment"
    assert seed.committee == "CMW"
    assert seed.state_party == "Azerbaijan"
    assert seed.country_code == "AZE"
    assert seed.language == "zh"
    assert seed.symbol is None
    assert seed.date == "2026-03-02"
    assert seed.co_symbol == "CMW/C/AZE/CO/3"
    assert seed.co_date == "2021-10-08"
    assert seed.co_session == 33
    assert seed.follow_up_paragraphs == (16, 36, 60, 62)
    assert seed.reply_symbol == "CMW/C/AZE/FCO/3"
    assert seed.reply_date == "2024-01-17"
    assert seed.stakeholders == (Stakeholder("马特和平、发展和人权基金会", "2024-05-10"),)
    assert seed.grades_summary == (
        (16, ("C", "B")),
        (36, ("C", "C")),
        (60, ("B", "C", "F")),
        (62, ("B", "F")),
    )
    assert seed.adoption_session == 39
    assert seed.adoption_dates == ("2024-12-02", "2024-12-13")


def test_seed_header_and_footnotes(seed):
    adopted = "委员会第三十九届会议(2024年12月2日至13日)通过。"
    start = seed.text.index(adopted)
    assert seed.footnotes == (Footnote("*", adopted, start, start + len(adopted)),)
    (header_start, header_end), footnote_span = seed.header_spans
    header = seed.text[header_start:header_end]
    assert header_start == 0
    assert header.startswith("保护所有移徙工人及其 家庭成员权利国际公约\n\nDistr.: General\n")
    assert "\n结论性意见(第三十三届会议):\tCMW/C/AZE/CO/3 , 2021年10月8日\n" in header
    assert header.endswith("委员会的评价:\t16 [C] [B]、36 [C] [C]、60 [B] [C] [F]和62 [B] [F]")
    assert seed.text[footnote_span[0] : footnote_span[1]] == "* " + adopted


def test_seed_recommendations(seed):
    recommendations = seed.recommendations
    assert [r.paragraph for r in recommendations] == [16, 36, 60, 62]
    assert [r.title for r in recommendations] == [
        "全面的政策和战略",
        "正当程序、拘留和在法庭上的平等",
        "贩运人口",
        "对待非正常移民工人的措施",
    ]
    assert [[item.letter for item in r.items] for r in recommendations] == [
        ["a", "b", "c"],
        ["a", "b", "c", "d", "e"],
        ["a", "b", "c", "d"],
        ["a", "b", "c"],
    ]
    assert recommendations[0].text.startswith("第16段: 全面的政策和战略\n\n委员会建议缔约国")
    assert recommendations[0].text.endswith("并通过该法律保障他们在海外的权利。")
    assert recommendations[1].text.startswith("第 36 段: 正当程序、拘留和在法庭上的平等\n")
    assert recommendations[1].text.endswith("且不得设在同一场所内。")
    assert recommendations[2].text.startswith(
        "第 60 段：贩运人口\n\n委员会回顾其先前的建议，¹ 依据"
    )
    assert recommendations[2].text.endswith("并在下次定期报告中提供这方面的资料。")
    assert recommendations[3].text.startswith("第 62 段：对待非正常移民工人的措施\n")
    assert recommendations[3].text.endswith(
        "(b) 增进非正常移民工人对这些程序的了解；\n(c) 在下一期定期报告中提供相关信息。"
    )
    assert [r.footnotes for r in recommendations[:2] + recommendations[3:]] == [(), (), ()]


def test_asterisk_footnote_is_not_part_of_recommendation_16(seed):
    recommendation = seed.recommendations[0]
    assert "*" not in recommendation.text
    assert "第三十九届会议" not in recommendation.text
    assert recommendation.items[-1].text == (
        "(c) 迅速通过《海外侨民及侨民组织法》草案, 在此过程中开展协商, "
        "确保阿塞拜疆移民工人及其家庭成员以及移民者组织参与其中, 并通过该法律保障他们在海外的权利。"
    )
    assert recommendation.end < seed.footnotes[0].start


def test_seed_nested_items_of_36c(seed):
    item_c = seed.recommendations[1].items[2]
    assert [sub.letter for sub in item_c.items] == ["一", "二", "三", "四"]
    assert item_c.text.startswith("(c) 确保:\n\n(一) 移民拘留是一项非常规的最后手段")
    assert item_c.text.endswith("并避免对移民、寻求庇护者、难民和无国籍人士的任意拘留;")
    assert item_c.items[2].text == "(三) 由独立和公正的司法机关在 24 小时内对拘留措施进行审查;"
    assert item_c.end == item_c.items[-1].end
    assert [item.items for item in seed.recommendations[1].items if item.letter != "c"] == [()] * 4


def test_seed_footnote_of_60_is_kept_out_of_its_items(seed):
    recommendation = seed.recommendations[2]
    footnote = recommendation.footnotes[0]
    assert (footnote.mark, footnote.text) == ("1", "CMW/C/AZE/CO/2, 第 45 段。")
    assert seed.text[footnote.start - 2 : footnote.start] == "¹ "
    assert recommendation.items[0].text.startswith("(a) 审查并修订其立法")
    assert recommendation.items[0].text.endswith("应着重强调其受害者身份，而非侧重于刑事定罪；")
    assert all("CMW/C/AZE/CO/2" not in item.text for item in recommendation.items)


def test_seed_items_of_62(seed):
    assert [item.text for item in seed.recommendations[3].items] == [
        "(a) 采取适当措施，而不仅仅是边境保护和执法措施，设立专门程序，"
        "使非正常移民工人及其家庭成员的处境正常化，从而确保这种非正常状态不会持续存在；",
        "(b) 增进非正常移民工人对这些程序的了解；",
        "(c) 在下一期定期报告中提供相关信息。",
    ]


def test_seed_replies(seed):
    assert [(r.paragraph, r.symbol, r.first, r.last) for r in seed.replies] == [
        (16, "CMW/C/AZE/FCO/3", 1, 12),
        (36, "CMW/C/AZE/FCO/3", 13, 39),
        (60, "CMW/C/AZE/FCO/3", 40, 56),
        (62, "CMW/C/AZE/FCO/3", 57, 60),
    ]
    assert seed.replies[0].text == "缔约国的答复载于 CMW/C/AZE/FCO/3, 第 1 至第 12 段。"
    assert seed.replies[2].text == "缔约国的答复载于 CMW/C/AZE/FCO/3，第 40 至第 56 段。"


NOT_IMPLEMENTED = "委员会认为该建议尚未得到执行。"
PARTIAL = "委员会认为该建议已得到部分执行。"


def test_seed_assessments(seed):
    assert [(a.paragraph, a.items, a.grade, a.conclusion) for a in seed.assessments] == [
        (16, ("a", "b"), "C", NOT_IMPLEMENTED),
        (16, ("c",), "B", PARTIAL),
        (36, ("a",), "C", NOT_IMPLEMENTED),
        (36, ("b", "c", "d", "e"), "C", PARTIAL),
        (60, ("a",), "B", PARTIAL),
        (60, ("b", "c"), "C", PARTIAL),
        (60, ("d",), "F", None),
        (62, ("a", "b"), "B", PARTIAL),
        (62, ("c",), "F", None),
    ]
    assert [a.text.split("\n", 1)[0] for a in seed.assessments] == [
        "[C]: 第 16 段(a)项和(b)项",
        "[B]: 第 16 段(c)项",
        "[C]: 第 36 段(a)项",
        "[C]: 第 36 段(b)-(e)项",
        "[B]: 第 60 段(a)项",
        "[C]: 第 60 段(b)项和(c)项",
        "[F]: 第 60 段(d)项",
        "[B]: 第 62 段(a)项和(b)项",
        "[F]: 第 62 段(c)项",
    ]
    assert seed.assessments[-1].text == (
        "[F]: 第 62 段(c)项\n\n"
        "委员会鼓励缔约国在下一期定期报告中提供有关非正常移民工人及其家庭成员处境正常化程序的信息。"
    )


def test_assessment_36_b_to_e_holds_all_three_paragraphs(seed):
    assessment = seed.assessments[3]
    paragraphs = assessment.text.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[1].startswith("委员会注意到缔约国作出的保证")
    assert paragraphs[2].endswith(NOT_IMPLEMENTED)
    assert paragraphs[3].startswith("委员会欢迎缔约国计划在阿塞拜疆国家移民局")
    assert paragraphs[3].endswith(PARTIAL)


# The English fixture


def test_english_document_fields(english):
    assert english.doc_type == "follow-up assessment"
    assert english.committee == "CMW"
    assert english.state_party == "Portugal"
    assert english.country_code == "PRT"
    assert english.language == "en"
    assert english.symbol == "CMW/C/36/2/Add.1"
    assert english.date == "2023-06-09"
    assert english.co_symbol == "CMW/C/PRT/CO/1"
    assert english.co_date == "2019-04-12"
    assert english.co_session == 31
    assert english.follow_up_paragraphs == (18, 40, 52)
    assert english.reply_symbol == "CMW/C/PRT/FCO/1"
    assert english.reply_date == "2022-03-03"
    assert english.stakeholders == (
        Stakeholder("Harbour Lights Migrant Support Circle", "2022-05-05"),
        Stakeholder("Atlantic Workers' Forum", "2022-05-09"),
    )
    assert english.grades_summary == ((18, ("B",)), (40, ("C", "A")), (52, ("D",)))
    assert english.adoption_session == 36
    assert english.adoption_dates == ("2023-04-03", "2023-04-14")
    adopted = "Adopted by the Committee at its thirty-sixth session (3–14 April 2023)."
    assert [(f.mark, f.text) for f in english.footnotes] == [("*", adopted)]
    header, footnote = english.header_spans
    assert english.text[header[0] : header[1]].startswith("United Nations\tCMW/C/36/2/Add.1\n")
    assert english.text[header[0] : header[1]].endswith("18 [B], 40 [C] [A] and 52 [D]")
    assert english.text[footnote[0] : footnote[1]] == "* " + adopted


def test_english_recommendations(english):
    recommendations = english.recommendations
    assert [(r.paragraph, r.title) for r in recommendations] == [
        (18, "Comprehensive policy and strategy"),
        (40, "Detention and due process"),
        (52, "Return and reintegration"),
    ]
    assert [[item.letter for item in r.items] for r in recommendations] == [
        ["a", "b"],
        ["a", "b", "c", "d"],
        ["a", "b"],
    ]
    assert recommendations[0].text.endswith("report on them in its next periodic report.")
    assert "Adopted" not in recommendations[0].text
    item_c = recommendations[1].items[2]
    assert [(sub.letter, sub.text) for sub in item_c.items] == [
        ("i", "(i) Each detention order is reviewed by a judge within 48 hours;"),
        ("ii", "(ii) Legal aid is free of charge during that review;"),
    ]
    assert recommendations[1].items[3].text == "(d) Publish yearly figures on migration detention."


def test_english_footnote_after_last_item_stays_out_of_it(english):
    recommendation = english.recommendations[2]
    assert [(f.mark, f.text) for f in recommendation.footnotes] == [
        ("1", "CMW/C/PRT/CO/1, para. 9.")
    ]
    assert recommendation.items[-1].text == "(b) Report on the fund in its next periodic report."
    assert recommendation.text.endswith("(b) Report on the fund in its next periodic report.")
    assert "(a) Give returning migrant workers & their families" in recommendation.text


def test_english_replies(english):
    assert [(r.paragraph, r.symbol, r.first, r.last) for r in english.replies] == [
        (18, "CMW/C/PRT/FCO/1", 1, 9),
        (40, "CMW/C/PRT/FCO/1", 10, 25),
        (52, "CMW/C/PRT/FCO/1", 26, 31),
    ]
    assert english.replies[0].text == (
        "The State party's reply is contained in CMW/C/PRT/FCO/1, paragraphs 1–9."
    )


def test_english_assessments(english):
    partial = "The Committee considers that the recommendation has been partially implemented."
    assert [(a.paragraph, a.items, a.grade, a.conclusion) for a in english.assessments] == [
        (18, ("a", "b"), "B", partial),
        (
            40,
            ("b", "c", "d"),
            "C",
            "The Committee considers that the recommendation has not been implemented.",
        ),
        (40, ("a",), "A", "The Committee considers that the recommendation has been implemented."),
        (52, (), "D", None),  # D: no reply on it, so no verdict to conclude with
    ]
    assert english.assessments[1].text.startswith(
        "[C]: paragraph 40 (b)-(d)\n\nThe Committee regrets"
    )
    assert "\n\nIt also regrets the absence of yearly figures." in english.assessments[1].text
    assert english.assessments[2].text.startswith("[A]: paragraph 40 (a)\n")


@pytest.mark.parametrize("name", ["seed", "english"])
def test_every_span_is_a_verbatim_slice(name, request):
    document = request.getfixturevalue(name)
    claimed = list(spans_of(document))
    assert len(claimed) > 20
    for text, start, end in claimed:
        assert text == document.text[start:end]
        assert text == text.strip()
    for start, end in document.header_spans:
        assert document.text[start:end] == document.text[start:end].strip()


# Variants the parser must accept


def _minimal(body: str) -> str:
    return f"委员会的评价:\t16 [C]\n\n第16段: 标题\n\n(a) 甲;\n\n{body}\n"


@pytest.mark.parametrize(
    ("heading", "paragraph", "items", "grade"),
    [
        ("[C]: 第 16 段(b)-(e)项", 16, ("b", "c", "d", "e"), "C"),
        ("[C]: 第 16 段(b)–(e)项", 16, ("b", "c", "d", "e"), "C"),
        ("[C]：第16段(b)至(e)项", 16, ("b", "c", "d", "e"), "C"),
        ("[C]: 第 16 段(b)项至(d)项", 16, ("b", "c", "d"), "C"),
        ("[C]: paragraph 16 (b) to (e)", 16, ("b", "c", "d", "e"), "C"),
        ("[C]: paragraph 16 (a), (c) and (d)", 16, ("a", "c", "d"), "C"),
        ("[X]: 第 16 段(a)项", 16, ("a",), "X"),
        ("[E]: paragraph 16", 16, (), "E"),
        ("[N]: 第 99 段(a)项", 99, ("a",), "N"),
    ],
)
def test_grade_headings(heading, paragraph, items, grade):
    document = parse_document(_minimal(f"委员会的评价\n\n{heading}\n\n正文。"), "variant")
    (assessment,) = document.assessments
    assert (assessment.paragraph, assessment.items, assessment.grade) == (paragraph, items, grade)
    assert assessment.text == f"{heading}\n\n正文。"
    assert assessment.conclusion is None


@pytest.mark.parametrize(
    "heading",
    [
        "第16段: 标题",
        "第 16 段：标题",
        "第16段 : 标题",
        "Paragraph 16: 标题",
        "paragraph 16 ： 标题",
    ],
)
def test_paragraph_headings_with_either_colon(heading):
    document = parse_document(f"{heading}\n\n(a) 甲;\n", "variant")
    (recommendation,) = document.recommendations
    assert (recommendation.paragraph, recommendation.title) == (16, "标题")
    assert [item.text for item in recommendation.items] == ["(a) 甲;"]


def test_assessment_of_a_paragraph_without_recommendation_is_kept():
    document = parse_document(_minimal("委员会的评价\n\n[B]: 第 20 段(a)项\n\n正文。"), "orphan")
    assert [r.paragraph for r in document.recommendations] == [16]
    assert [(a.paragraph, a.items, a.grade) for a in document.assessments] == [(20, ("a",), "B")]


def test_item_i_after_h_is_a_letter_not_a_nested_numeral():
    letters = "abcdefghij"
    body = "\n".join(f"({letter}) item {letter};" for letter in letters)
    document = parse_document(f"Paragraph 3: Title\n\n{body}\n", "letters")
    assert [item.letter for item in document.recommendations[0].items] == list(letters)
    assert all(item.items == () for item in document.recommendations[0].items)


# Errors


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the text is empty"),
        ("  \n\n\t", "the text is empty"),
        ("Just a letter.\n\nNothing else here.", "no numbered paragraphs found"),
        ("Page 2\n\n2021 was a year.\n1 See CMW/C/AZE/CO/2.", "no numbered paragraphs found"),
        (
            "委员会的评价:\t16 [C]\n\n缔约国的答复\n\n正文。",
            "no follow-up paragraphs or assessments",
        ),
        ("Committee's evaluation:\t16 [C]\n\n1. Text.", "is this a follow-up"),
        (
            "第16段: 标题\n\n[C]: 第 16 段(e)-(b)项\n\n正文。",
            "cannot expand the item range (e)-(b)",
        ),
    ],
)
def test_parse_errors(text, message):
    with pytest.raises(ParseError) as raised:
        parse_document(text, "bad.md")
    assert raised.value.source == "bad.md"
    assert message in str(raised.value)
    assert str(raised.value).startswith("bad.md: ")


# Helpers


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("三十三", 33),
        ("三十九", 39),
        ("十", 10),
        ("十五", 15),
        ("一百零五", 105),
        ("两", 2),
        ("39", 39),
    ],
)
def test_chinese_numeral(numeral, value):
    assert chinese_numeral(numeral) == value


@pytest.mark.parametrize(
    ("ordinal", "value"),
    [
        ("thirty-third", 33),
        ("thirty-first", 31),
        ("Thirty-Sixth", 36),
        ("first", 1),
        ("twelfth", 12),
        ("twentieth", 20),
        ("one hundred and first", 101),
        ("33rd", 33),
    ],
)
def test_english_ordinal(ordinal, value):
    assert english_ordinal(ordinal) == value


@pytest.mark.parametrize("word", ["session", "sevnth", "第三十三"])
def test_english_ordinal_refuses_other_words(word):
    with pytest.raises(ValueError, match="not an English ordinal"):
        english_ordinal(word)


@pytest.mark.parametrize(
    ("text", "session"),
    [
        ("结论性意见(第三十三届会议)", 33),
        ("Concluding observations (thirty-third session)", 33),
        ("adopted at its 41st session", 41),
        ("at its resumed session", None),
        ("no session here", None),
    ],
)
def test_session_number(text, session):
    assert session_number(text) == session


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("委员会第三十九届会议(2024年12月2日至13日)通过。", ("2024-12-02", "2024-12-13")),
        ("(2024年11月25日至12月6日)", ("2024-11-25", "2024-12-06")),
        ("(3–14 April 2023)", ("2023-04-03", "2023-04-14")),
        ("(25 November to 6 December 2024)", ("2024-11-25", "2024-12-06")),
        ("(30 December 2024 - 3 January 2025)", ("2024-12-30", "2025-01-03")),
        ("no dates", None),
    ],
)
def test_parse_date_range(text, dates):
    assert parse_date_range(text) == dates


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2 March 2026", "2026-03-02"),
        ("2021年10月8日", "2021-10-08"),
        ("2021 年 1 月 17 日", "2021-01-17"),
    ],
)
def test_parse_date(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("委员会的评价 CMW/C/AZE/CO/3", "zh"),
        ("The Committee's evaluation", "en"),
        ("123", "en"),
        ("", "en"),
        ("Le Comité recommande à l'État partie de mettre fin à la détention des enfants", "fr"),
        ("El Comité recomienda al Estado parte que ponga fin a la detención de los niños", "es"),
        ("Комитет рекомендует государству-участнику CMW/C/AZE/CO/3", "ru"),
        ("توصي اللجنة الدولة الطرف CMW/C/AZE/CO/3", "ar"),
        ("The Committee recommends that the State party end the detention of children", "en"),
    ],
)
def test_detect_language(text, language):
    assert detect_language(text) == language


def test_countries_table():
    # 193 Member States, the 2 observer States, and (since the one table of States) the Cook
    # Islands and Niue, which are States parties to treaties.
    table = states()
    assert len(table) == 197
    assert all(len(code) == 3 and code.isupper() for code in table)
    assert len({state.name("en") for state in table.values()}) == 197
    assert len({state.name("zh") for state in table.values()}) == 197
    assert state_name("AZE") == "Azerbaijan"
    assert state_name("aze", "zh") == "阿塞拜疆"
    assert state_name("XXX") is None


@pytest.mark.parametrize(
    ("symbol", "committee", "country"),
    [
        ("CMW/C/AZE/CO/3", "CMW", "AZE"),
        ("CMW/C/AZE/FCO/3", "CMW", "AZE"),
        ("E/C.12/CHN/CO/3", "CESCR", "CHN"),
        ("CEDAW/C/PRT/CO/10", "CEDAW", "PRT"),
        ("CMW/C/36/2/Add.1", "CMW", None),
        ("A/78/48", None, None),
    ],
)
def test_symbols(symbol, committee, country):
    assert committee_from_symbol(symbol) == committee
    assert country_from_symbol(symbol) == country
    assert committee_and_state(symbol) == (committee, country)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("对阿塞拜疆结论性意见后续行动资料的评价", "AZE"),
        ("concluding observations on Guinea-Bissau", "GNB"),
        ("the report of Nigeria", "NGA"),
        ("the report of the Niger", "NER"),
        ("对巴布亚新几内亚的评价", "PNG"),
        ("美国的报告", "USA"),
        ("no State here", None),
    ],
)
def test_find_country(text, code):
    assert find_state(text) == code
