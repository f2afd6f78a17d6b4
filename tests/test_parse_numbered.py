"""Tests for index.parse_numbered: concluding observations in six languages, other types, mess."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.domain.errors import ParseError
from index.domain.model import Document
from index.parse import parse_document
from index.parse.dates import date_of, session_of
from index.parse.numbered import parse_numbered
from index.parse.numbered_lines import has_numbered_paragraphs
from index.read import read_text

DATA = Path(__file__).parent / "data"
LANGUAGES = ("fr", "es", "ru", "ar", "zh")


def parsed(name: str) -> Document:
    return parse_document(read_text(DATA / name), name)


@pytest.fixture(scope="module")
def co_en() -> Document:
    return parsed("co_en.md")


def verbatim(document: Document):
    """Every (text, start, end) the document's paragraphs claim."""
    for paragraph in document.paragraphs:
        yield paragraph.text, paragraph.start, paragraph.end
        yield from ((f.text, f.start, f.end) for f in paragraph.footnotes)
        for item in paragraph.items:
            yield item.text, item.start, item.end
            yield from ((sub.text, sub.start, sub.end) for sub in item.items)


# English concluding observations


def test_co_en_metadata(co_en):
    assert (co_en.doc_type, co_en.language) == ("concluding observations", "en")
    assert (co_en.symbol, co_en.co_symbol) == ("CMW/C/AZE/CO/3", "CMW/C/AZE/CO/3")
    assert (co_en.committee, co_en.country_code, co_en.state_party) == (
        "CMW",
        "AZE",
        "Azerbaijan",
    )
    assert (co_en.date, co_en.session) == ("2021-10-08", 33)
    assert co_en.follow_up_paragraphs == (16, 36, 60, 62)
    assert [(f.mark, f.text) for f in co_en.footnotes] == [
        ("*", "Adopted by the Committee at its thirty-third session (27 September–8 October 2021).")
    ]
    header = co_en.text[slice(*co_en.header_spans[0])]
    assert header.startswith("United Nations\tCMW/C/AZE/CO/3")
    assert header.endswith("Concluding observations on the third periodic report of Azerbaijan*")


def test_co_en_paragraphs_sections_and_headings(co_en):
    paragraphs = co_en.paragraphs
    assert [p.number for p in paragraphs] == list(range(1, 65))
    assert {p.number for p in paragraphs if p.kind == "recommendation"} == {16, 36, 60, 62}
    assert [(p.section, p.section_title) for p in paragraphs[:1] + paragraphs[2:3]] == [
        ("A", "Introduction"),
        ("B", "Positive aspects"),
    ]
    by_number = {p.number: p for p in paragraphs}
    assert by_number[5].heading == "" and by_number[6].heading == "Legislation and application"
    assert (by_number[36].section, by_number[36].heading) == ("C", "Detention")
    assert by_number[36].section_title == "Principal subjects of concern and recommendations"
    assert (by_number[63].section, by_number[63].heading) == ("D", "Follow-up")


def test_co_en_paragraphs_35_and_36(co_en):
    concern, recommendation = co_en.paragraphs[34:36]
    assert concern.kind == "paragraph"
    assert concern.text.startswith("35. The Committee is concerned about reports of the routine")
    assert concern.text.endswith("in the Umbar holding centre.¹")
    assert [(f.mark, f.text) for f in concern.footnotes] == [("1", "See CMW/C/AZE/CO/2, para. 30.")]
    assert recommendation.kind == "recommendation"
    assert recommendation.text.startswith("36. The Committee recommends that the State party:")
    assert recommendation.text.endswith(
        "(e) Keep shelters apart from detention centres, in law and in practice."
    )
    assert "See CMW/C/AZE/CO/2" not in recommendation.text
    assert [item.letter for item in recommendation.items] == ["a", "b", "c", "d", "e"]
    item_b, item_c = recommendation.items[1:3]
    assert item_b.text == (
        "(b) End the detention of migrant children immediately, whether they are unaccompanied "
        "or with their families;"
    )
    assert [(sub.letter, sub.text) for sub in item_c.items] == [
        ("i", "(i) Detention is a measure of last resort, used for the shortest possible time;"),
        ("ii", "(ii) A court reviews every detention order within 24 hours;"),
    ]
    assert item_c.text.startswith("(c) Ensure that:\n\n(i)") and item_c.end == item_c.items[-1].end


@pytest.mark.parametrize("name", ["co_en.md", *(f"co_{lang}.md" for lang in LANGUAGES)])
def test_every_span_is_a_verbatim_slice(name):
    document = parsed(name)
    for text, start, end in verbatim(document):
        assert text == document.text[start:end] == text.strip()


# The five other languages


CONCERN_4 = {
    "fr": "4. Le Comité est préoccupé par la détention systématique d’enfants migrants",
    "es": "4. Al Comité le preocupa la detención sistemática de niños migrantes",
    "ru": "4. Комитет обеспокоен систематическим содержанием под стражей детей-мигрантов",
    "ar": "4- يساور اللجنة القلق إزاء الاحتجاز المنهجي للأطفال المهاجرين",
    "zh": "4. 委员会关切的是，移民儿童在乌姆巴尔中心遭到例行拘留。",
}
ITEM_5B = {
    "fr": "b) De mettre fin immédiatement à la détention d’enfants migrants",
    "es": "b) Ponga fin de inmediato a la detención de niños migrantes",
    "ru": "б) немедленно прекратить содержание под стражей детей-мигрантов",
    "ar": "(ب) أن تنهي فوراً احتجاز الأطفال المهاجرين",
    "zh": "(b) 立即停止拘留移民儿童",
}
SECTIONS = {
    "fr": ("Introduction", "Détention", "Suivi et diffusion"),
    "es": ("Introducción", "Detención", "Seguimiento y difusión"),
    "ru": ("Введение", "Содержание под стражей", "Последующие меры и распространение информации"),
    "ar": ("مقدمة", "الاحتجاز", "المتابعة والنشر"),
    "zh": ("导言", "拘留", "后续行动和传播"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_concluding_observations_in_each_language(language):
    document = parsed(f"co_{language}.md")
    assert (document.language, document.doc_type) == (language, "concluding observations")
    assert (document.symbol, document.co_symbol, document.country_code) == (
        "CMW/C/AZE/CO/3",
        "CMW/C/AZE/CO/3",
        "AZE",
    )
    assert (document.date, document.session) == ("2021-10-08", 33)
    assert document.follow_up_paragraphs == (5, 6)
    paragraphs = document.paragraphs
    assert [p.number for p in paragraphs] == list(range(1, 9))
    assert [p.kind for p in paragraphs] == ["paragraph"] * 4 + ["recommendation"] * 2 + [
        "paragraph"
    ] * 2
    assert [p.section for p in paragraphs] == list("AABCCCDD")
    introduction, detention, follow_up = SECTIONS[language]
    assert paragraphs[0].section_title == introduction
    assert (paragraphs[3].heading, paragraphs[4].heading) == (detention, detention)
    assert paragraphs[6].section_title == follow_up
    assert paragraphs[3].text.startswith(CONCERN_4[language])
    assert [f.mark for f in paragraphs[3].footnotes] == ["1"]
    assert "CMW/C/AZE/CO/2" not in paragraphs[4].text


@pytest.mark.parametrize("language", LANGUAGES)
def test_item_letters_are_language_neutral(language):
    recommendation = parsed(f"co_{language}.md").paragraphs[4]
    assert [item.letter for item in recommendation.items] == ["a", "b", "c", "d", "e"]
    assert recommendation.items[1].text.startswith(ITEM_5B[language])
    assert [sub.letter for sub in recommendation.items[2].items] == ["i", "ii"]
    assert [item.letter for item in parsed(f"co_{language}.md").paragraphs[5].items] == ["a", "b"]


def test_arabic_indic_paragraph_number():
    document = parsed("co_ar.md")
    assert document.paragraphs[5].text.startswith("٦- توصي اللجنة")
    assert document.paragraphs[5].number == 6


@pytest.mark.parametrize(
    ("mark", "letter"),
    [
        ("а)", "a"),
        ("в)", "c"),
        ("г)", "d"),
        ("и)", "i"),
        ("к)", "j"),
        ("(أ)", "a"),
        ("(ج)", "c"),
        ("(هـ)", "e"),
        ("(ه)", "e"),
        ("(ط)", "i"),
        ("(ي)", "j"),
        ("(م)", "m"),
        ("(a)", "a"),
        ("c)", "c"),
        ("（d）", "d"),
    ],
)
def test_item_mark_letters(mark, letter):
    text = f"1. The Committee recommends that the State party:\n{mark} Act.\n"
    (paragraph,) = parse_numbered(text, "items").paragraphs
    assert [item.letter for item in paragraph.items] == [letter]


def test_arabic_ninth_item_is_a_letter_not_a_nested_numeral():
    marks = ["أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي"]
    body = "\n".join(f"({mark}) نص؛" for mark in marks)
    (paragraph,) = parse_numbered(
        f"1- توصي اللجنة الدولة الطرف بما يلي:\n{body}\n", "ar"
    ).paragraphs
    assert [item.letter for item in paragraph.items] == list("abcdefghij")
    assert all(item.items == () for item in paragraph.items)


# Other document types


def test_list_of_issues_en():
    document = parsed("loi_en.md")
    assert (document.doc_type, document.symbol, document.session) == (
        "list of issues",
        "CMW/C/AZE/Q/3",
        30,
    )
    assert document.co_symbol is None and document.follow_up_paragraphs == ()
    assert [(p.number, p.kind, p.section, p.heading) for p in document.paragraphs] == [
        (1, "question", "A", ""),
        (2, "question", "A", ""),
        (3, "question", "B", "Detention"),
        (4, "question", "B", "Detention"),
        (5, "question", "B", "Trafficking in persons"),
    ]
    assert [item.letter for item in document.paragraphs[1].items] == ["a", "b"]


def test_list_of_issues_fr():
    document = parsed("loi_fr.md")
    assert (document.doc_type, document.language, document.date) == (
        "list of issues",
        "fr",
        "2019-05-12",
    )
    assert [p.kind for p in document.paragraphs] == ["question"] * 3
    assert document.paragraphs[2].heading == "Détention"
    assert (
        document.paragraphs[1].items[1].text == "b) Le budget de l’agence nationale des migrations."
    )


def test_follow_up_reply():
    document = parsed("fco_en.md")
    assert (document.doc_type, document.symbol, document.co_symbol) == (
        "follow-up reply",
        "CMW/C/AZE/FCO/3",
        None,
    )
    assert document.date == "2024-01-17"
    assert [p.number for p in document.paragraphs] == list(range(1, 61))
    assert {p.kind for p in document.paragraphs} == {"paragraph"}
    by_number = {p.number: p for p in document.paragraphs}
    assert by_number[13].heading == "Information on paragraph 36 of the concluding observations"
    assert by_number[39].heading == by_number[13].heading
    assert by_number[40].heading == "Information on paragraph 60 of the concluding observations"
    assert by_number[13].text == (
        "13. No migrant child has been placed in the Umbar holding centre since 1 June 2023."
    )


def test_periodic_report():
    document = parsed("report_en.txt")
    assert (document.doc_type, document.symbol, document.date) == (
        "periodic report",
        "CMW/C/AZE/4",
        "2024-05-03",
    )
    assert [(p.number, p.section, p.heading) for p in document.paragraphs] == [
        (1, "I", ""),
        (2, "I", ""),
        (3, "II", "Article 17 (Detention)"),
        (4, "II", "Article 17 (Detention)"),
    ]
    assert [item.letter for item in document.paragraphs[3].items] == ["a", "b"]


@pytest.mark.parametrize(
    ("title", "doc_type"),
    [
        ("Concluding observations on the second report of Chile", "concluding observations"),
        ("Liste de points concernant le rapport initial du Chili", "list of issues"),
        ("Replies of Chile to the list of issues", "replies to list of issues"),
        ("Informe periódico segundo que Chile debía presentar", "periodic report"),
        ("Информация, полученная от Чили о последующих мерах", "follow-up reply"),
        ("قائمة المسائل المتعلقة بالتقرير الأولي", "list of issues"),
        ("关于智利第二次定期报告的结论性意见", "concluding observations"),
        ("A note by the secretariat", "document"),
    ],
)
def test_doc_type_from_title(title, doc_type):
    document = parse_document(f"{title}\n\n1. Text of the paragraph.\n", "typed")
    assert document.doc_type == doc_type


@pytest.mark.parametrize(
    ("symbol", "doc_type"),
    [
        ("CMW/C/CHL/CO/2", "concluding observations"),
        ("CMW/C/CHL/FCO/2", "follow-up reply"),
        ("CMW/C/CHL/Q/2", "list of issues"),
        ("CMW/C/CHL/QPR/2", "list of issues"),
        ("CMW/C/CHL/RQ/2", "replies to list of issues"),
        ("CCPR/C/AZE/CO/4/Add.1", "follow-up reply"),
        ("CRC/C/AZE/Q/5/Add.1", "replies to list of issues"),
        ("CED/C/MEX/AI/1", "periodic report"),
    ],
)
def test_doc_type_from_symbol(symbol, doc_type):
    document = parse_document(f"United Nations\t{symbol}\n\n1. Text.\n", "typed")
    assert (document.doc_type, document.symbol) == (doc_type, symbol)
    # only concluding observations number the paragraphs follow-up documents refer to
    assert document.co_symbol == (symbol if doc_type == "concluding observations" else None)


# Messy text


def test_messy_text_parses_like_the_clean_one():
    raw = (DATA / "co_messy_en.txt").read_bytes().decode("utf-8")
    assert "\r\n" in raw and "\u00a0" in raw and "\u2009" in raw
    for text in (raw, read_text(DATA / "co_messy_en.txt")):
        document = parse_document(text, "co_messy_en.txt")
        paragraphs = document.paragraphs
        assert [p.number for p in paragraphs] == [1, 2, 3, 4, 5, 6]
        assert [p.section for p in paragraphs] == list("AABCCD")
        assert paragraphs[0].section_title == "Introduction"
        assert paragraphs[0].text.startswith("1.The Committee considered")
        assert paragraphs[0].text.endswith("471st meetings.")
        assert paragraphs[2].text.startswith("3") and paragraphs[2].text.endswith("agreements.")
        assert paragraphs[3].heading == "Detention"
        assert [(f.mark, f.text) for f in paragraphs[3].footnotes] == [
            ("1", "See CMW/C/AZE/CO/2, para. 30.")
        ]
        recommendation = paragraphs[4]
        assert recommendation.kind == "recommendation"
        assert [item.letter for item in recommendation.items] == ["a", "b"]
        assert recommendation.items[1].text.endswith("the reviews in its next periodic report.")
        assert "GE.21-14476(E)" in recommendation.items[1].text  # page break inside the item
        assert document.follow_up_paragraphs == (5,)
        assert (document.session, document.date) == (33, "2021-10-08")


def test_page_numbers_and_sub_section_numbers_do_not_start_paragraphs():
    text = (
        "1. First paragraph.\n2. Second paragraph.\n1. General measures of implementation\n"
        "Legislation\n3. Third paragraph goes on\n7\nover a page.\n4. Fourth.\n"
    )
    document = parse_numbered(text, "numbers")
    assert [p.number for p in document.paragraphs] == [1, 2, 3, 4]
    assert document.paragraphs[2].heading == "Legislation"
    assert document.paragraphs[2].text == "3. Third paragraph goes on\n7\nover a page."


def test_a_missing_paragraph_number_is_skipped():
    document = parse_numbered("1. One.\n2. Two.\n4. Four.\n5. Five.\n", "gap")
    assert [p.number for p in document.paragraphs] == [1, 2, 4, 5]


# Dispatcher and errors


def test_dispatcher_sends_numbered_text_here_and_follow_up_assessments_there():
    document = parse_document("1. The Committee recommends that the State party:\n(a) Act;", "x")
    assert document.doc_type == "document"
    assert document.paragraphs[0].kind == "recommendation"
    assert parse_document("Paragraph 16: Title\n\n(a) Act;\n", "x").recommendations
    assert has_numbered_paragraphs("1. One.") and not has_numbered_paragraphs("Paragraph 16: T")


@pytest.mark.parametrize(
    "text",
    ["Just a letter.", "Page 2\n\n2021 was a year.", "1 See CMW/C/AZE/CO/2.", "12 March 2021"],
)
def test_text_without_numbered_paragraphs_is_refused(text):
    with pytest.raises(ParseError) as raised:
        parse_numbered(text, "plain.txt")
    assert str(raised.value).startswith("plain.txt: no numbered paragraphs found")


# Helpers


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("8 octobre 2021", "2021-10-08"),
        ("1er novembre 2021", "2021-11-01"),
        ("8 de octubre de 2021", "2021-10-08"),
        ("8 октября 2021 года", "2021-10-08"),
        ("8 تشرين الأول/أكتوبر 2021", "2021-10-08"),
        ("٨ تشرين الأول/أكتوبر ٢٠٢١", "2021-10-08"),
        ("8 October 2021", "2021-10-08"),
        ("2021年10月8日", "2021-10-08"),
        ("no date", None),
    ],
)
def test_date_of(text, date):
    assert date_of(text) == date


@pytest.mark.parametrize(
    ("text", "session"),
    [
        ("at its thirty-third session", 33),
        ("委员会第三十三届会议通过", 33),
        ("à sa 33e session", 33),
        ("en su 33er período de sesiones", 33),
        ("на его 33-й сессии", 33),
        ("في دورتها 33", 33),
        ("no session", None),
    ],
)
def test_session_of(text, session):
    assert session_of(text) == session
