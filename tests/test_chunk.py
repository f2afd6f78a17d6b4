"""Chunking: the seed's chunks, splitting by sub-item, and no text lost for any document."""

import random
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.chunk import CHUNKER_VERSION, chunk_document, chunker_version, estimate_tokens
from index.domain.errors import BadRequest
from index.domain.model import Assessment, Document, Item, Recommendation
from index.embed import load_embedder
from index.parse import parse_document
from index.read import read_text
from tests.conftest import SEED


@pytest.fixture(scope="module")
def count_tokens():
    return load_embedder().count_tokens


@pytest.fixture(scope="module")
def seed():
    return parse_document(read_text(SEED), SEED.name)


def _joined(document: Document, spans) -> str:
    return "\n\n".join(document.text[start:end] for start, end in spans)


def _uncovered(document: Document, chunks) -> str:
    covered = [False] * len(document.text)
    for chunk in chunks:
        for start, end in chunk.spans:
            covered[start:end] = [True] * (end - start)
    return "".join(
        char for char, hit in zip(document.text, covered, strict=True) if not hit and char.strip()
    )


def _check_invariants(document: Document, chunks) -> None:
    assert chunks
    assert len({chunk.chunk_id for chunk in chunks}) == len(chunks)
    assert _uncovered(document, chunks) == ""
    doc_hash = document.content_hash
    for chunk in chunks:
        assert chunk.text == _joined(document, chunk.spans)
        assert all(start < end for start, end in chunk.spans)
        assert list(chunk.spans) == sorted(chunk.spans)
        assert chunk.source == document.source
        assert chunk.doc_hash == doc_hash
        assert chunk.chunk_id.startswith(f"{document.source}:{chunk.kind}:")


# The seed


def test_seed_gives_one_chunk_per_part(seed, count_tokens):
    chunks = chunk_document(seed, count_tokens=count_tokens, window=512)
    assert Counter(chunk.kind for chunk in chunks) == {
        "header": 1,
        "recommendation": 4,
        "reply": 4,
        "assessment": 9,
    }
    assert CHUNKER_VERSION == "2"
    _check_invariants(seed, chunks)
    assert all(count_tokens(chunk.indexed_text) <= 512 for chunk in chunks)


def test_seed_chunks_carry_metadata(seed, count_tokens):
    chunks = chunk_document(seed, count_tokens=count_tokens)
    by_id = {(c.kind, c.paragraph, c.items): c for c in chunks}
    assessment = by_id[("assessment", 36, ("b", "c", "d", "e"))]
    assert assessment.grade == "C"
    assert assessment.title == "正当程序、拘留和在法庭上的平等"
    assert assessment.symbol == "CMW/C/AZE/CO/3"
    assert (assessment.committee, assessment.state_party, assessment.language) == (
        "CMW",
        "Azerbaijan",
        "zh",
    )
    assert assessment.prefix == (
        "CMW/C/AZE/CO/3 · 阿塞拜疆/Azerbaijan · 第36段: 正当程序、拘留和在法庭上的平等"
        " · 评价 [C] (b)–(e)"
    )
    assert assessment.text.startswith("[C]: 第 36 段(b)-(e)项")
    recommendation = by_id[("recommendation", 60, ("a", "b", "c", "d"))]
    assert recommendation.text == seed.recommendations[2].text
    assert "¹ CMW/C/AZE/CO/2, 第 45 段。" in recommendation.text
    reply = next(c for c in chunks if c.kind == "reply" and c.paragraph == 16)
    assert reply.text.endswith("缔约国的答复载于 CMW/C/AZE/FCO/3, 第 1 至第 12 段。")
    header = chunks[0]
    assert header.kind == "header" and header.spans == seed.header_spans
    assert header.title == "对阿塞拜疆结论性意见后续行动资料的评价"
    assert "委员会第三十九届会议" in header.text


def test_seed_prefix_is_never_inside_text(seed, count_tokens):
    for chunk in chunk_document(seed, count_tokens=count_tokens):
        assert chunk.prefix and chunk.prefix not in chunk.text
        assert chunk.indexed_text == f"{chunk.prefix}\n{chunk.text}"


def test_seed_without_prefixes_has_the_same_chunks_with_empty_prefixes(seed, count_tokens):
    with_prefix = chunk_document(seed, count_tokens=count_tokens)
    without = chunk_document(seed, count_tokens=count_tokens, prefix=False)
    _check_invariants(seed, without)
    assert [(c.kind, c.paragraph, c.items, c.spans) for c in without] == [
        (c.kind, c.paragraph, c.items, c.spans) for c in with_prefix
    ]
    assert all(c.prefix == "" and c.indexed_text == c.text for c in without)
    assert {c.chunk_id for c in without}.isdisjoint(c.chunk_id for c in with_prefix)


def test_chunker_version_records_the_prefix_setting():
    assert chunker_version() == chunker_version(prefix=True) == CHUNKER_VERSION
    assert chunker_version(prefix=False) == f"{CHUNKER_VERSION}-noprefix"


def test_seed_ids_are_stable(seed, count_tokens):
    first = [c.chunk_id for c in chunk_document(seed, count_tokens=count_tokens)]
    again = parse_document(seed.text, seed.source)
    assert [c.chunk_id for c in chunk_document(again, count_tokens=count_tokens)] == first
    assert first[1].startswith(f"{seed.source}:recommendation:16:abc:")


def test_small_window_splits_recommendation_by_item(seed, count_tokens):
    chunks = chunk_document(seed, count_tokens=count_tokens, window=160)
    _check_invariants(seed, chunks)
    recommendation = seed.recommendations[0]
    parts = [c for c in chunks if c.kind == "recommendation" and c.paragraph == 16]
    assert [part.items for part in parts] == [(), ("a",), ("b",), ("c",)]
    assert parts[0].text.startswith("第16段: 全面的政策和战略")
    for part, item in zip(parts[1:], recommendation.items, strict=True):
        assert part.spans == ((item.start, item.end),)
        assert part.text == item.text
        assert part.prefix.endswith(f"建议 ({item.letter})")
    assert all(count_tokens(part.indexed_text) <= 160 for part in parts)


def test_tiny_window_splits_long_items_at_punctuation(seed, count_tokens):
    chunks = chunk_document(seed, count_tokens=count_tokens, window=80)
    _check_invariants(seed, chunks)
    parts = [c for c in chunks if c.kind == "recommendation" and c.items == ("c",)]
    pieces = [p for p in parts if p.paragraph == 36]
    assert len(pieces) > 1
    item = seed.recommendations[1].items[2]
    assert pieces[0].start == item.start and pieces[-1].end == item.end
    assert all(p.text[-1] in "；;。，,:" or p.end == item.end for p in pieces)
    assert all(count_tokens(p.indexed_text) <= 80 for p in parts)


# Hand-built documents


def _document(text: str, **fields) -> Document:
    base = {"doc_type": "follow-up assessment", "committee": "CMW", "state_party": None}
    return Document(
        source="hand.txt", text=text, country_code=None, language="en", **base, **fields
    )


def test_hand_built_document_without_header_or_symbol():
    text = "Paragraph 5: Title\n(a) Do this.\n(b) Do that.\n[B]: paragraph 5 (a)\nGood.\nTrailing."
    items = (Item("a", "(a) Do this.", 19, 31), Item("b", "(b) Do that.", 32, 44))
    rec = Recommendation(5, "Title", text[:44], 0, 44, items)
    assessment = Assessment(5, ("a",), "B", text[45:71], 45, 71)
    document = _document(text, recommendations=(rec,), assessments=(assessment,))
    chunks = chunk_document(document)
    assert [c.kind for c in chunks] == ["recommendation", "assessment"]
    assert chunks[0].prefix == "Paragraph 5: Title · Recommendation"
    assert chunks[1].prefix == "Paragraph 5: Title · Assessment [B] (a)"
    assert chunks[1].text.endswith("Good.\nTrailing.")  # unclaimed tail joins the last chunk
    _check_invariants(document, chunks)


def test_identical_parts_get_distinct_ids():
    text = "[C]: paragraph 1 (a)\nSame.\n[C]: paragraph 1 (a)\nSame."
    assessments = tuple(Assessment(1, ("a",), "C", text[i : i + 26], i, i + 26) for i in (0, 27))
    chunks = chunk_document(_document(text, assessments=assessments))
    assert chunks[0].chunk_id != chunks[1].chunk_id
    assert chunks[1].chunk_id == chunks[0].chunk_id + "~2"


@pytest.mark.parametrize(
    ("window", "message"),
    [(0, "window must be a positive number of tokens, not 0"), (-5, "not -5"), (1.5, "not 1.5")],
)
def test_bad_window_is_refused(seed, window, message):
    with pytest.raises(BadRequest, match=message):
        chunk_document(seed, window=window)


def test_estimate_tokens_is_conservative(count_tokens):
    for text in ("委员会建议缔约国不再拖延地通过国家移民战略。", "The Committee recommends that"):
        assert estimate_tokens(text) >= count_tokens(text) - count_tokens("")


# Property: parse then chunk loses no text

_ZH_WORDS = ["委员会", "缔约国", "移民工人", "拘留", "儿童", "建议", "资料", "权利", "措施", "保护"]
_EN_WORDS = ["committee", "State", "migrant", "workers", "detention", "children", "law", "rights"]
_ENDS = ["。", "；", "，", ". ", "; ", ", "]
_GRADES = ["A", "B", "C", "D", "E", "F"]


def _sentence(rng: random.Random) -> str:
    words = rng.choices(_ZH_WORDS + _EN_WORDS, k=rng.randint(1, 30))
    body = "".join(w if w in _ZH_WORDS else f" {w} " for w in words).strip()
    return body + rng.choice(_ENDS).strip()


def _paragraph_text(rng: random.Random) -> str:
    """Sentences; word choice comes from a seeded Random, which is far faster to draw."""
    return "".join(_sentence(rng) for _ in range(rng.randint(1, 8)))


@st.composite
def _follow_up(draw) -> str:
    """A follow-up assessment's plain text in the seed's shape, Chinese or English."""
    english = draw(st.booleans())
    rng = random.Random(draw(st.integers(0, 2**32)))
    numbers = draw(st.lists(st.integers(1, 150), min_size=1, max_size=4, unique=True))
    lines = [
        "Convention on Migrant Workers" if english else "保护所有移徙工人及其家庭成员权利国际公约",
        "",
        "Distr.: General\n2 March 2026",
        "",
        "对阿塞拜疆结论性意见后续行动资料的评价*",
        "",
        "结论性意见(第三十三届会议):\tCMW/C/AZE/CO/3, 2021年10月8日",
        "",
    ]
    for index, number in enumerate(sorted(numbers)):
        lines += _paragraph_lines(draw, rng, number, english, first=index == 0)
    return "\n".join(lines) + "\n"


def _paragraph_lines(draw, rng, number: int, english: bool, first: bool) -> list[str]:
    title = _sentence(rng).rstrip("。；，.;,")
    heading = f"Paragraph {number}: {title}" if english else f"第{number}段: {title}"
    lines = [heading, "", _paragraph_text(rng), ""]
    letters = "abcdef"[: draw(st.integers(0, 5))]
    if draw(st.booleans()):
        lines += ["¹ CMW/C/AZE/CO/2, 第 45 段。", ""]
    for letter in letters:
        lines += [f"({letter}) {_paragraph_text(rng)}", ""]
    if first:
        lines += ["* 委员会第三十九届会议(2024年12月2日至13日)通过。", ""]
    lines += _reply_lines(number, english)
    for letter in letters or "a":
        grade = draw(st.sampled_from(_GRADES))
        grade_line = f"[{grade}]: paragraph {number} ({letter})"
        lines += [grade_line if english else f"[{grade}]: 第 {number} 段({letter})项", ""]
        lines += [_paragraph_text(rng) for _ in range(draw(st.integers(1, 3)))] + [""]
    return lines


def _reply_lines(number: int, english: bool) -> list[str]:
    if english:
        sentence = f"The State party's reply is contained in CMW/C/AZE/FCO/3, paras. 1–{number}."
        return ["State party's reply", "", sentence, "", "Committee's evaluation", ""]
    sentence = f"缔约国的答复载于 CMW/C/AZE/FCO/3, 第 1 至第 {number} 段。"
    return ["缔约国的答复", "", sentence, "", "委员会的评价", ""]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_follow_up(), window=st.sampled_from([64, 128, 256, 512]))
def test_parse_then_chunk_loses_no_text(text, window):
    document = parse_document(text, "generated.txt")
    chunks = chunk_document(document, window=window)
    _check_invariants(document, chunks)
    assert len(chunks) >= 1 + len(document.recommendations) + len(document.assessments)
    for chunk in chunks:
        prefix_cost = estimate_tokens(chunk.prefix + "\n")
        if (
            chunk.kind == "recommendation"
            and len(chunk.spans) == 1
            and 4 * prefix_cost <= 3 * window
        ):
            assert estimate_tokens(chunk.indexed_text) <= window


# Numbered documents

DATA = SEED.parent.parent / "tests" / "data"


def _numbered(name: str) -> Document:
    return parse_document(read_text(DATA / name), name)


def test_co_en_gives_a_header_and_one_chunk_per_paragraph(count_tokens):
    document = _numbered("co_en.md")
    chunks = chunk_document(document, count_tokens=count_tokens)
    _check_invariants(document, chunks)
    assert Counter(chunk.kind for chunk in chunks) == {
        "header": 1,
        "paragraph": 60,
        "recommendation": 4,
    }
    assert [c.paragraph for c in chunks[1:]] == list(range(1, 65))
    assert all(c.doc_type == "concluding observations" for c in chunks)
    assert all(c.symbol == "CMW/C/AZE/CO/3" for c in chunks)
    header = chunks[0]
    assert header.title == "Concluding observations on the third periodic report of Azerbaijan"
    assert "Adopted by the Committee at its thirty-third session" in header.text


def test_co_en_paragraph_36_chunk(count_tokens):
    document = _numbered("co_en.md")
    chunks = {(c.kind, c.paragraph): c for c in chunk_document(document, count_tokens=count_tokens)}
    recommendation = chunks[("recommendation", 36)]
    assert recommendation.items == ("a", "b", "c", "d", "e")
    assert recommendation.title == "Detention"
    assert recommendation.prefix == (
        "CMW/C/AZE/CO/3 · Azerbaijan · Concluding observations on the third periodic report of "
        "Azerbaijan · Principal subjects of concern and recommendations · Paragraph 36: Detention"
        " · Recommendation"
    )
    assert recommendation.text.startswith("36. The Committee recommends")
    concern = chunks[("paragraph", 35)]
    assert concern.prefix.endswith("· Paragraph 35: Detention")
    assert concern.text.startswith("Detention\n\n35. The Committee is concerned")
    assert concern.text.endswith("¹ See CMW/C/AZE/CO/2, para. 30.")  # its footnote joins it
    assert chunks[("paragraph", 1)].text.startswith("A. Introduction\n\n1. The Committee")


@pytest.mark.parametrize(
    ("language", "label", "kind"),
    [
        ("fr", "Paragraphe 5: Détention · Recommandation", "Recommandation (b)"),
        ("es", "Párrafo 5: Detención · Recomendación", "Recomendación (b)"),
        ("ru", "Пункт 5: Содержание под стражей · Рекомендация", "Рекомендация (b)"),
        ("ar", "الفقرة 5: الاحتجاز · توصية", "توصية (b)"),
        ("zh", "第5段: 拘留 · 建议", "建议 (b)"),
    ],
)
def test_prefix_labels_in_each_language(language, label, kind, count_tokens):
    document = _numbered(f"co_{language}.md")
    chunks = chunk_document(document, count_tokens=count_tokens)
    _check_invariants(document, chunks)
    (whole,) = [c for c in chunks if c.paragraph == 5]
    assert whole.prefix.endswith(label) and whole.language == language
    split = [c for c in chunk_document(document, count_tokens=count_tokens, window=60)]
    _check_invariants(document, split)
    item_b = [c for c in split if c.paragraph == 5 and c.items == ("b",)]
    assert item_b and item_b[0].prefix.endswith(kind)


def test_small_window_splits_a_numbered_paragraph_by_item(count_tokens):
    document = _numbered("co_en.md")
    chunks = chunk_document(document, count_tokens=count_tokens, window=90)
    _check_invariants(document, chunks)
    parts = [c for c in chunks if c.paragraph == 36]
    assert list(dict.fromkeys(part.items for part in parts)) == [
        (),
        ("a",),
        ("b",),
        ("c",),
        ("d",),
        ("e",),
    ]
    item_b = document.paragraphs[35].items[1]
    assert parts[2].text == item_b.text and parts[2].kind == "recommendation"


@pytest.mark.parametrize(
    ("name", "kinds"),
    [
        ("loi_en.md", {"header": 1, "question": 5}),
        ("loi_fr.md", {"header": 1, "question": 3}),
        ("fco_en.md", {"header": 1, "paragraph": 60}),
        ("report_en.txt", {"header": 1, "paragraph": 4}),
        ("co_messy_en.txt", {"header": 1, "paragraph": 5, "recommendation": 1}),
    ],
)
def test_other_numbered_documents(name, kinds, count_tokens):
    document = _numbered(name)
    chunks = chunk_document(document, count_tokens=count_tokens)
    _check_invariants(document, chunks)
    assert Counter(chunk.kind for chunk in chunks) == kinds
    assert {chunk.symbol for chunk in chunks} == {document.symbol}


def test_question_prefix():
    document = _numbered("loi_en.md")
    question = [c for c in chunk_document(document) if c.paragraph == 3][0]
    assert question.prefix.endswith("· Paragraph 3: Detention · Question")


# Property: parse then chunk loses no text of numbered documents

_NUMBERED_STYLE = {
    "en": ("{n}. ", "({letter}) ", "The Committee recommends that the State party:", "A. "),
    "fr": ("{n}. ", "{letter}) ", "Le Comité recommande à l’État partie :", "B. "),
    "ru": ("{n}. ", "{letter}) ", "Комитет рекомендует государству-участнику:", "С. "),
    "ar": ("{n}- ", "({letter}) ", "توصي اللجنة الدولة الطرف بما يلي:", "جيم- "),
    "zh": ("{n}. ", "({letter}) ", "委员会建议缔约国：", "D. "),
}
_LETTERS = {"ru": "абвгд", "ar": ["أ", "ب", "ج", "د", "هـ"]}


@st.composite
def _numbered_document(draw) -> str:
    """A numbered document's plain text: header, sections, headings, items, footnotes."""
    language = draw(st.sampled_from(sorted(_NUMBERED_STYLE)))
    number_form, item_form, recommends, section = _NUMBERED_STYLE[language]
    rng = random.Random(draw(st.integers(0, 2**32)))
    lines = ["United Nations\tCMW/C/AZE/CO/3", "", "Concluding observations on Azerbaijan*", ""]
    for n in range(1, draw(st.integers(1, 8)) + 1):
        if draw(st.booleans()):
            lines += [section + "Section", ""]
        if draw(st.booleans()):
            lines += ["Heading " + _EN_WORDS[n % len(_EN_WORDS)], ""]
        intro = recommends if draw(st.booleans()) else _paragraph_text(rng)
        lines += [number_form.format(n=n) + intro, ""]
        letters = list(_LETTERS.get(language, "abcde"))[: draw(st.integers(0, 5))]
        for letter in letters:
            lines += [item_form.format(letter=letter) + _paragraph_text(rng), ""]
        if draw(st.booleans()):
            lines += [draw(st.sampled_from(["¹ See CMW/C/AZE/CO/2.", "GE.21-14476(E)", "7"])), ""]
    lines += ["* Adopted by the Committee at its thirty-third session.", ""]
    separator = draw(st.sampled_from(["\n", "\r\n"]))
    return separator.join(lines)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_numbered_document(), window=st.sampled_from([64, 128, 512]))
def test_parse_then_chunk_loses_no_text_of_numbered_documents(text, window):
    document = parse_document(text, "generated.txt")
    assert document.paragraphs
    chunks = chunk_document(document, window=window)
    _check_invariants(document, chunks)
    numbers = [p.number for p in document.paragraphs]
    assert numbers == list(range(1, len(numbers) + 1))
    assert {c.paragraph for c in chunks if c.kind != "header"} == set(numbers)
