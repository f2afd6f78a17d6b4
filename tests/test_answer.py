"""Tests for qa.answer: sentences, verdicts, quotes checked verbatim, composed answers."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import qa.answer
from index.domain.model import Chunk
from index.domain.sentences import split_sentences
from qa.answer import compose_answer
from qa.calibration import Bar
from qa.model import Answer, Citation, Hit
from qa.question import analyze
from qa.verdicts import conclusion_of, keep_verified, verdict_first, verdict_of, verify_quote
from tests.conftest import SEED

SYMBOL = "CMW/C/AZE/CO/3"
SEED_TEXT = SEED.read_text(encoding="utf-8")

# Chunk texts copied from the seed (plain text: Markdown heading marks and ** removed).
A16AB = (
    "[C]: 第 16 段(a)项和(b)项\n\n"
    "委员会对未提供阿塞拜疆国家移民战略现状相关信息表示遗憾。委员会要求提供进一步信息, "
    "说明在制定该战略期间与包括民间社会、国家人权机构以及移民工人及其家庭成员在内的相关利益攸关方"
    "开展的协商进程。委员会鼓励缔约国不再拖延地采取措施, 落实委员会关于根据《公约》规定通过国家移民"
    "战略的建议, 并为战略的实施投入充足的人力、技术和财政资源。委员会认为该建议尚未得到执行。"
)
A16C = (
    "[B]: 第 16 段(c)项\n\n"
    "委员会欢迎就《海外侨民及侨民组织法》草案提供的信息, 该法规定, 在符合移民和劳动法要求的前提下, "
    "赋予海外侨民在阿塞拜疆境内从事有偿劳动活动而无需获得工作许可的权利; 委员会还欢迎就此与相关"
    "利益攸关方开展的协商。委员会要求提供进一步信息, 说明该法律如何确保保护他们在国外的权利, "
    "并重申其关于不再拖延地通过该法律草案的建议。委员会认为该建议已得到部分执行。"
)
REC16 = (
    "第16段: 全面的政策和战略\n\n"
    "委员会建议缔约国不再拖延地通过国家移民战略, 并建议缔约国:\n\n"
    "(a) 确保战略以执行《公约》为重点, 并制定一项促进性别平等、对儿童问题敏感和基于人权的全面移民"
    "政策, 还应涉及外国移民工人及其家庭成员的权利;"
)
REC36 = (
    "第 36 段: 正当程序、拘留和在法庭上的平等\n\n"
    "委员会根据其第 5 号一般性意见(2021 年), 建议缔约国:\n\n"
    "(a) 采取措施逐步取消并最终终止移民拘留, 在法律中确立反对拘留(即支持自由)的推定原则;\n\n"
    "(b) 立即停止对儿童的移民拘留, 无论其是孤身儿童、与父母分离或与家人在一起的儿童; "
    "同时立即停止对其他弱势的移民工人及其家庭成员以及寻求庇护者和难民的移民拘留;"
)
A36A = (
    "[C]: 第 36 段(a)项\n\n"
    "委员会对 2023 年有超过 6,300 名移民在缔约国被拘留的报告感到关切。委员会要求提供自 2021 年以来"
    "每年在缔约国被拘留的移民人数、拘留理由和拘留期限的进一步统计信息。委员会认为该建议尚未得到执行。"
)
A36BE = (
    "[C]: 第 36 段(b)-(e)项\n\n"
    "委员会注意到缔约国作出的保证，即孤身儿童在该国社会保护体系中获得与失去父母照料的本国儿童"
    "同等的待遇，并注意该国已成立一个工作组，以确保孤身儿童获得有效的社会保护服务。然而，"
    "委员会感到关切的是，有报告称该国存在因移民相关原因拘留移民儿童、寻求庇护者、难民和其他处境"
    "脆弱移民的情况，且目前缺乏对此类拘留令提出质疑的机制。\n\n"
    "委员会要求缔约国提供自 2021 年以来每年被拘留在缔约国移民中心的儿童、寻求庇护者和难民人数、"
    "拘留理由和拘留期限的进一步统计信息，并请缔约国提供补充信息，说明其旨在建立机制以便儿童及其他"
    "处境脆弱的移民工人对拘留令提出质疑的计划。委员会重申其建议：立即停止因移民相关原因对儿童"
    "(无论是孤身儿童、与父母分离或与家人在一起的儿童)以及其他处境脆弱的移民工人及其家庭成员"
    "(包括寻求庇护者和难民)实施的拘留。委员会认为该建议尚未得到执行。\n\n"
    "委员会欢迎缔约国计划在阿塞拜疆国家移民局设立寻求庇护者接待中心和难民融合中心，但重申其建议："
    "应将此类非拘禁住宿解决方案与移民拘留中心在实体上分开，并不得设在同一场所内。委员会还要求提供"
    "信息，说明计划如何修订成文法，以区分拘留制度与“自愿”安置在收容所的做法。"
    "委员会认为该建议已得到部分执行。"
)
A60A = (
    "[B]: 第 60 段(a)项\n\n"
    "委员会鼓励缔约国采取措施充分执行其建议，确保妥善识别贩运受害者。委员会认为该建议已得到部分执行。"
)
A60BC = (
    "[C]: 第 60 段(b)项和(c)项\n\n"
    "委员会注意到缔约国努力起诉贩运人口的犯罪者，但感到关切的是，现行法律要求必须由受害者提出申诉，"
    "执法当局才能启动调查，这阻碍了开展主动调查的能力。委员会认为该建议已得到部分执行。"
)
A60D = (
    "[F]: 第 60 段(d)项\n\n"
    "委员会鼓励缔约国在下次定期报告中提供关于贩运人口现象严重程度的分类数据，包括申请临时或永久居留的"
    "贩运受害者和被偷运移民的人数以及获得批准的人数。"
)
REC62 = (
    "第 62 段：对待非正常移民工人的措施\n\n"
    "委员会根据人权高专办的《国际边界人权问题建议原则和准则》，建议缔约国：\n\n"
    "(a) 采取适当措施，而不仅仅是边境保护和执法措施，设立专门程序，使非正常移民工人及其家庭成员的"
    "处境正常化，从而确保这种非正常状态不会持续存在；\n"
    "(b) 增进非正常移民工人对这些程序的了解；\n"
    "(c) 在下一期定期报告中提供相关信息。"
)
REPLY62 = "缔约国的答复载于 CMW/C/AZE/FCO/3, 第 57 至第 60 段。"
A62AB = (
    "[B]: 第 62 段(a)项和(b)项\n\n"
    "委员会欢迎缔约国提供资料，说明为提高人们对非正常移民工人及其家庭成员可利用的身份正常化程序的"
    "认识而开展的活动。委员会认为该建议已得到部分执行。"
)
A62C = (
    "[F]: 第 62 段(c)项\n\n"
    "委员会鼓励缔约国在下一期定期报告中提供有关非正常移民工人及其家庭成员处境正常化程序的信息。"
)
HEADER = "对阿塞拜疆结论性意见后续行动资料的评价"
TITLES = {
    16: "全面的政策和战略",
    36: "正当程序、拘留和在法庭上的平等",
    62: "对待非正常移民工人的措施",
}


def _sentences_in_seed(text: str) -> bool:
    """Every sentence of the test text occurs in the seed once Markdown marks are dropped."""
    plain = SEED_TEXT.replace("**", "").replace("- (", "(")
    return all(text[s:e] in plain for s, e in split_sentences(text))


def chunk(kind, paragraph, items, grade, text, state="Azerbaijan", symbol=SYMBOL) -> Chunk:
    """A Chunk of seed text; offsets are where its last sentence sits in the seed."""
    last = text[split_sentences(text)[-1][0] :]
    start = max(SEED_TEXT.find(last), 0)
    return Chunk(
        chunk_id=f"seed:{kind}:{paragraph}:{''.join(items)}:{len(text)}",
        source="CMW_C_AZE_CO_3_follow-up-assessment_zh.md",
        symbol=symbol,
        paragraph=paragraph,
        items=tuple(items),
        grade=grade,
        kind=kind,
        title=TITLES.get(paragraph, HEADER if kind == "header" else ""),
        language="zh",
        committee="CMW",
        state_party=state,
        spans=((start, start + len(text)),),
        text=text,
        prefix=f"{SYMBOL} 阿塞拜疆",
    )


CHUNKS = {
    "header": chunk("header", None, (), None, HEADER),
    "rec16": chunk("recommendation", 16, (), None, REC16),
    "a16ab": chunk("assessment", 16, "ab", "C", A16AB),
    "a16c": chunk("assessment", 16, "c", "B", A16C),
    "rec36": chunk("recommendation", 36, (), None, REC36),
    "a36a": chunk("assessment", 36, "a", "C", A36A),
    "a36be": chunk("assessment", 36, "bcde", "C", A36BE),
    "a60a": chunk("assessment", 60, "a", "B", A60A),
    "a60bc": chunk("assessment", 60, "bc", "C", A60BC),
    "a60d": chunk("assessment", 60, "d", "F", A60D),
    "rec62": chunk("recommendation", 62, (), None, REC62),
    "reply62": chunk("reply", 62, (), None, REPLY62),
    "a62ab": chunk("assessment", 62, "ab", "B", A62AB),
    "a62c": chunk("assessment", 62, "c", "F", A62C),
}


def hits(*names_and_similarities) -> list[Hit]:
    """Hits in the given order; similarity as given, fused score decreasing."""
    return [
        Hit(CHUNKS[name], score=1.0 / (rank + 1), dense_rank=rank + 1, similarity=similarity)
        for rank, (name, similarity) in enumerate(names_and_similarities)
    ]


def assert_quotes_verbatim(answer: Answer) -> None:
    by_id = {hit.chunk.chunk_id: hit.chunk for hit in answer.hits}
    for citation in answer.citations:
        if citation.quote is not None:
            assert citation.quote in by_id[citation.chunk_id].text


@pytest.mark.parametrize("name", sorted(CHUNKS))
def test_test_data_is_seed_text(name):
    assert _sentences_in_seed(CHUNKS[name].text)


# split_sentences


def test_split_sentences_chinese_keeps_terminators():
    text = "委员会欢迎所提供的资料！然而，委员会感到关切；委员会认为该建议已得到部分执行。"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "委员会欢迎所提供的资料！",
        "然而，委员会感到关切；",
        "委员会认为该建议已得到部分执行。",
    ]
    assert spans[0] == (0, 12)


def test_split_sentences_on_an_assessment_splits_the_heading_line():
    sentences = [A36BE[s:e] for s, e in split_sentences(A36BE)]
    assert sentences[0] == "[C]: 第 36 段(b)-(e)项"
    assert sentences[-1] == "委员会认为该建议已得到部分执行。"
    assert "委员会认为该建议尚未得到执行。" in sentences
    assert (
        "信息，说明计划如何修订成文法，以区分拘留制度与“自愿”安置在收容所的做法。" not in sentences
    )
    assert len(sentences) == 9


def test_split_sentences_english_respects_abbreviations():
    text = (
        "  The Committee refers to para. 36 (b) of No. 5. It regrets, e.g. the lack of data! "
        "Was J. Smith heard? Yes; the Committee considers it not implemented.\nNext line"
    )
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "The Committee refers to para. 36 (b) of No. 5.",
        "It regrets, e.g. the lack of data!",
        "Was J. Smith heard?",
        "Yes;",
        "the Committee considers it not implemented.",
        "Next line",
    ]
    assert split_sentences(text)[0][0] == 2


def test_split_sentences_of_blank_text_is_empty():
    assert split_sentences(" \n\t ") == []


@given(
    st.text(alphabet=st.sampled_from(list("ab c.。?!；;\n\t委员会”)e.g.para No. J")), max_size=80)
)
def test_split_sentences_loses_no_text(text):
    spans = split_sentences(text)
    assert re.sub(r"\s", "", "".join(text[s:e] for s, e in spans)) == re.sub(r"\s", "", text)
    assert all(text[s:e] == text[s:e].strip() and s < e for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))


@given(st.text(max_size=120))
def test_split_sentences_loses_no_text_on_any_unicode(text):
    spans = split_sentences(text)
    joined = "".join(text[s:e] for s, e in spans)
    assert [ch for ch in joined if not ch.isspace()] == [ch for ch in text if not ch.isspace()]


# verdicts


@pytest.mark.parametrize(
    "sentence, verdict",
    [
        ("委员会认为该建议尚未得到执行。", "not_implemented"),
        ("委员会认为该建议已得到部分执行。", "partially_implemented"),
        ("委员会认为该建议已得到执行。", "implemented"),
        (
            "The Committee considers that the recommendation has not been implemented.",
            "not_implemented",
        ),
        (
            "The Committee considers that the recommendation has been partially implemented.",
            "partially_implemented",
        ),
        ("The Committee considers that the recommendation has been implemented.", "implemented"),
        ("Le Comité considère que la recommandation n'a pas été mise en œuvre.", "not_implemented"),
        (
            "Le Comité considère que la recommandation a été partiellement mise en œuvre.",
            "partially_implemented",
        ),
        ("El Comité considera que la recomendación no se ha aplicado.", "not_implemented"),
        (
            "El Comité considera que la recomendación se ha aplicado parcialmente.",
            "partially_implemented",
        ),
        ("Комитет считает, что рекомендация не выполнена.", "not_implemented"),
        ("Комитет считает, что рекомендация выполнена частично.", "partially_implemented"),
        ("委员会鼓励缔约国采取措施充分执行其建议，确保妥善识别贩运受害者。", None),
        ("The Committee encourages the State party to fully implement its recommendation.", None),
        (
            "委员会鼓励缔约国在下一期定期报告中提供有关非正常移民工人及其家庭成员处境正常化程序的信息。",
            None,
        ),
    ],
)
def test_verdict_of(sentence, verdict):
    assert verdict_of(sentence) == verdict


def test_conclusion_of_is_the_last_verdict_sentence():
    start, end = conclusion_of(A16AB)
    assert A16AB[start:end] == "委员会认为该建议尚未得到执行。"
    start, end = conclusion_of(A36BE)
    assert A36BE[start:end] == "委员会认为该建议已得到部分执行。"
    assert end == len(A36BE)
    assert conclusion_of(A62C) is None


# verify_quote and keep_verified


@pytest.mark.parametrize(
    "quote, ok",
    [
        ("委员会认为该建议尚未得到执行。", True),
        ("委员会认为该建议已得到执行。", False),  # a forged verdict
        ("委员会认为该建议尚未得到执行", True),
        ("委员会认为该建议 尚未得到执行。", False),
        ("", False),
        (None, False),
    ],
)
def test_verify_quote(quote, ok):
    assert verify_quote(quote, CHUNKS["a16ab"]) is ok


def test_keep_verified_drops_a_forged_quote():
    found = hits(("a16ab", 0.8))
    real = Citation(
        SYMBOL,
        16,
        ("a", "b"),
        "C",
        "委员会认为该建议尚未得到执行。",
        None,
        CHUNKS["a16ab"].chunk_id,
        "assessment",
        "verdict",
        "not_implemented",
    )
    forged = Citation(
        SYMBOL,
        16,
        ("a", "b"),
        "C",
        "委员会认为该建议已得到执行。",
        None,
        CHUNKS["a16ab"].chunk_id,
        "assessment",
        "verdict",
        "implemented",
    )
    elsewhere = Citation(
        SYMBOL, 16, (), None, "委员会认为该建议尚未得到执行。", None, "not-a-hit", "assessment"
    )
    assert keep_verified([real, forged, elsewhere], found) == (real,)


def test_compose_answer_never_shows_a_forged_quote(monkeypatch):
    forged = Citation(
        SYMBOL,
        16,
        ("a", "b"),
        "C",
        "委员会认为该建议已得到执行。",
        None,
        CHUNKS["a16ab"].chunk_id,
        "assessment",
        "verdict",
        "implemented",
    )
    monkeypatch.setattr(qa.answer, "_verdicts", lambda question, hit, scores=None: [forged])
    answer = compose_answer(analyze("国家移民战略"), hits(("a16ab", 0.8)), threshold=0.5)
    assert forged.quote not in answer.answer
    assert all(citation.quote != forged.quote for citation in answer.citations)
    assert "has been implemented" not in answer.answer
    assert_quotes_verbatim(answer)


# compose_answer


def test_english_question_over_chinese_assessment():
    question = analyze("Is Azerbaijan still detaining migrant children?")
    found = hits(("a36be", 0.62), ("rec36", 0.55), ("a36a", 0.51), ("header", 0.40))
    spans = split_sentences(A36BE)
    detention = next(i for i, (s, e) in enumerate(spans) if "拘留移民儿童" in A36BE[s:e])
    scores = {CHUNKS["a36be"].chunk_id: [0.9 if i == detention else 0.1 for i in range(len(spans))]}

    answer = compose_answer(question, found, scores, threshold=0.5)

    assert answer.found and answer.language == "en"
    text = answer.answer
    assert "CMW/C/AZE/CO/3, para. 36 (b)–(e) [C]" in text
    assert "The Committee considers that this recommendation has not been implemented" in text
    assert "“委员会认为该建议尚未得到执行。”" in text
    assert text.index("has not been implemented") < text.index("partially implemented")
    verdict = answer.citations[0]
    assert (verdict.role, verdict.verdict, verdict.quote) == (
        "verdict",
        "not_implemented",
        "委员会认为该建议尚未得到执行。",
    )
    excerpts = [c for c in answer.citations if c.role == "excerpt"]
    assert A36BE[slice(*spans[detention])] in [c.quote for c in excerpts]
    assert 1 <= len(excerpts) <= 3
    assert all(c.kind != "header" for c in answer.citations)
    assert_quotes_verbatim(answer)
    assert "<" not in text


def test_chinese_question_about_the_migration_strategy():
    question = analyze("阿塞拜疆的国家移民战略执行得怎么样？")
    answer = compose_answer(
        question, hits(("a16ab", 0.71), ("rec16", 0.6), ("a16c", 0.52)), threshold=0.5
    )
    assert answer.found and answer.language == "zh"
    text = answer.answer
    assert text.startswith("CMW/C/AZE/CO/3, para. 16 (a)(b) [C]：“委员会认为该建议尚未得到执行。”")
    assert "相关段落：" in text
    assert "The Committee" not in text
    quotes = [c.quote for c in answer.citations if c.role == "excerpt"]
    assert "委员会对未提供阿塞拜疆国家移民战略现状相关信息表示遗憾。" in quotes
    assert all(not q.startswith("[C]") and not q.startswith("第16段") for q in quotes)
    per_chunk = [c.chunk_id for c in answer.citations if c.role == "excerpt"]
    assert all(per_chunk.count(chunk_id) <= 2 for chunk_id in per_chunk)
    assert_quotes_verbatim(answer)


def test_not_found_says_so_and_lists_related_paragraphs():
    question = analyze("What does the Committee say about the right to vote?")
    found = hits(("a36a", 0.21), ("a36be", 0.2), ("rec36", 0.19), ("a16ab", 0.18), ("header", 0.1))
    answer = compose_answer(question, found, threshold=0.5)
    assert not answer.found
    assert answer.answer.startswith("The indexed documents do not cover this question.")
    assert "Closest paragraphs (not an answer):" in answer.answer
    assert [c.role for c in answer.citations] == ["related", "related"]
    assert [c.paragraph for c in answer.citations] == [36, 16]
    assert all(c.quote is None for c in answer.citations)
    assert "委员会" not in answer.answer.replace(TITLES[36], "").replace(TITLES[16], "")


def test_a_state_that_is_not_indexed_is_named_as_not_covered():
    question = analyze("What did the Committee say about detention of migrants in France?")
    answer = compose_answer(question, hits(("a36a", 0.9), ("a36be", 0.8)), threshold=0.5)
    assert not answer.found
    assert answer.answer.splitlines()[:2] == [
        "The indexed documents do not cover this question.",
        "The indexed documents contain nothing on France.",
    ]
    zh = compose_answer(analyze("法国是否仍在拘留移民儿童？"), hits(("a36be", 0.9)), threshold=0.5)
    assert zh.answer.splitlines()[:2] == [
        "已收录的文件未涉及这一问题。",
        "已收录的文件未涉及法国。",
    ]


def test_between_the_two_bars_the_closest_match_is_shown_never_as_the_answer():
    question = analyze("Is Azerbaijan still detaining migrant children?")
    bar = Bar(answer=0.8, closest=0.7)
    answered = compose_answer(question, hits(("a36be", 0.8)), threshold=bar)
    assert (answered.found, answered.closest) == (True, False)
    closest = compose_answer(question, hits(("a36be", 0.75)), threshold=bar)
    assert (closest.found, closest.closest) == (False, True)
    lines = closest.answer.splitlines()
    assert lines[:2] == [
        "No indexed passage clearly answers this question.",
        "Closest match (check that it answers the question before citing it):",
    ]
    # the same verdicts and quotes as the answer, the quotes under the answer's heading
    assert [c.quote for c in closest.citations] == [c.quote for c in answered.citations]
    assert "Relevant passages:" in lines and closest.to_dict()["closest"] is True
    below = compose_answer(question, hits(("a36be", 0.69)), threshold=bar)
    assert (below.found, below.closest, below.answer.splitlines()[0]) == (
        False,
        False,
        "The indexed documents do not cover this question.",
    )


def test_threshold_and_empty_hits():
    question = analyze("Is Azerbaijan still detaining migrant children?")
    assert compose_answer(question, hits(("a36be", 0.5)), threshold=0.5).found
    assert not compose_answer(question, hits(("a36be", 0.4999)), threshold=0.5).found
    assert not compose_answer(question, hits(("a36be", None)), threshold=0.5).found
    empty = compose_answer(question, [], threshold=0.5)
    assert (empty.found, empty.citations, empty.answer) == (
        False,
        (),
        "The indexed documents do not cover this question.",
    )


def test_a_verdict_question_prefers_assessments_with_that_verdict():
    question = analyze("Which recommendations were partially implemented in Azerbaijan?")
    found = hits(("a16ab", 0.7), ("a36be", 0.68), ("a16c", 0.66), ("a36a", 0.6))
    answer = compose_answer(question, found, threshold=0.5)
    verdicts = [c for c in answer.citations if c.role == "verdict"]
    assert {c.chunk_id for c in verdicts} == {CHUNKS["a36be"].chunk_id, CHUNKS["a16c"].chunk_id}
    assert verdicts[0].verdict == "partially_implemented"
    assert "has been partially implemented" in answer.answer.splitlines()[0]


def test_a_grade_question_with_no_matching_assessment_says_so():
    question = analyze("Which recommendations were graded A?")
    answer = compose_answer(question, hits(("a16ab", 0.7), ("a36a", 0.6)), threshold=0.5)
    assert answer.found
    assert answer.answer.splitlines()[0] == (
        "None of the retrieved assessments has the grade or verdict asked about."
    )
    assert all(c.role != "verdict" for c in answer.citations)


def test_follow_up_grade_question_lists_each_assessment_of_the_paragraph():
    previous = analyze(
        "and paragraph 60?", analyze("Is Azerbaijan still detaining migrant children?")
    )
    question = analyze("what grade did it get?", previous)
    found = hits(("a60bc", 0.6), ("a60a", 0.58), ("a60d", 0.55))
    answer = compose_answer(question, found, threshold=0.5)
    lines = answer.answer.splitlines()
    assert lines[0].startswith("CMW/C/AZE/CO/3, para. 60 (b)(c) [C]: The Committee considers that")
    assert lines[1].startswith("CMW/C/AZE/CO/3, para. 60 (a) [B]: ")
    assert lines[2] == (
        "CMW/C/AZE/CO/3, para. 60 (d) [F]: The Committee gave no verdict on implementation;"
        " it asked for information in the next periodic report: “" + A60D.split("\n\n")[1] + "”"
    )


def test_lookup_of_62c_quotes_the_request_for_the_next_report():
    question = analyze("paragraph 62(c)")
    found = hits(("a62c", 0.3), ("rec62", 0.3), ("reply62", 0.2), ("a62ab", 0.2))
    answer = compose_answer(question, found, threshold=0.5, lookup=True)
    assert answer.found
    assert answer.answer.splitlines() == [
        "CMW/C/AZE/CO/3, para. 62 (c): 对待非正常移民工人的措施",
        "Recommendation: “(c) 在下一期定期报告中提供相关信息。”",
        "State party's reply: “缔约国的答复载于 CMW/C/AZE/FCO/3, 第 57 至第 60 段。”",
        "CMW/C/AZE/CO/3, para. 62 (c) [F]: The Committee gave no verdict on implementation; "
        "it asked for information in the next periodic report: "
        "“委员会鼓励缔约国在下一期定期报告中提供有关非正常移民工人及其家庭成员处境正常化程序的信息。”",
    ]
    assert "considers" not in answer.answer
    assert [c.verdict for c in answer.citations if c.role == "verdict"] == [None]
    assert_quotes_verbatim(answer)


def test_chinese_lookup_of_a_whole_paragraph_lists_every_assessment():
    question = analyze("CMW/C/AZE/CO/3 第36段")
    found = hits(("a36be", 0.3), ("rec36", 0.3), ("a36a", 0.2), ("a16ab", 0.2))
    answer = compose_answer(question, found, threshold=0.5, lookup=True)
    lines = answer.answer.splitlines()
    assert lines[0] == "CMW/C/AZE/CO/3, para. 36：正当程序、拘留和在法庭上的平等"
    assert lines[1] == "建议：“委员会根据其第 5 号一般性意见(2021 年), 建议缔约国:”"
    assert lines[2:] == [
        "CMW/C/AZE/CO/3, para. 36 (a) [C]：“委员会认为该建议尚未得到执行。”",
        "CMW/C/AZE/CO/3, para. 36 (b)–(e) [C]：“委员会认为该建议尚未得到执行。”",
        "CMW/C/AZE/CO/3, para. 36 (b)–(e) [C]（同一评价的另一段）："
        "“委员会认为该建议已得到部分执行。”",
    ]
    assert all(c.paragraph == 36 for c in answer.citations)


def test_lookup_of_a_paragraph_not_in_the_hits_is_not_found():
    answer = compose_answer(analyze("para. 99"), hits(("a36a", 0.9)), threshold=0.5, lookup=True)
    assert not answer.found
    assert answer.answer.startswith("The indexed documents do not cover this question.")


def test_answer_and_citation_to_dict():
    answer = compose_answer(
        analyze("paragraph 62(c)"), hits(("a62c", 0.3)), threshold=0.5, lookup=True
    )
    data = answer.to_dict()
    assert set(data) == {"answer", "language", "found", "closest", "citations", "hits"}
    citation = data["citations"][0]
    assert {"symbol", "paragraph", "items", "grade", "quote", "url"} <= set(citation)
    assert citation["items"] == ["c"] and citation["grade"] == "F"
    assert citation["url"] == "https://undocs.org/zh/CMW/C/AZE/CO/3"
    assert citation["citation"] == "CMW/C/AZE/CO/3, para. 62 (c) [F]"
    assert data["hits"][0]["chunk_id"] == CHUNKS["a62c"].chunk_id


@pytest.mark.parametrize(
    "question, language, expected",
    [
        (
            "La détention des enfants migrants continue-t-elle ?",
            "fr",
            "Le Comité considère que cette recommandation n'a pas été mise en œuvre"
            " : « 委员会认为该建议尚未得到执行。 »",
        ),
        (
            "¿Sigue la detención de los niños migrantes?",
            "es",
            "El Comité considera que esta recomendación no se ha aplicado"
            ": «委员会认为该建议尚未得到执行。»",
        ),
        (
            "Продолжается ли задержание детей-мигрантов?",
            "ru",
            "Комитет считает, что эта рекомендация не выполнена: «委员会认为该建议尚未得到执行。»",
        ),
        (
            "هل لا يزال احتجاز الأطفال المهاجرين مستمرا؟",
            "ar",
            "ترى اللجنة أن هذه التوصية لم تُنفَّذ: «委员会认为该建议尚未得到执行。»",
        ),
    ],
)
def test_other_languages_state_the_verdict(question, language, expected):
    answer = compose_answer(analyze(question), hits(("a36a", 0.7)), threshold=0.5)
    assert answer.language == language
    assert (
        answer.answer.splitlines()[0]
        == "CMW/C/AZE/CO/3, para. 36 (a) [C]" + (" : " if language == "fr" else ": ") + expected
    )
    assert_quotes_verbatim(answer)


def test_verdict_first_puts_assessments_concluding_with_the_verdict_asked_first():
    scored = [(CHUNKS[name], 0.9 - i / 10) for i, name in enumerate(("a36a", "a62ab", "a60d"))]
    partly = verdict_first(scored, "partially_implemented")
    assert [c.chunk_id for c, _ in partly] == [
        CHUNKS["a62ab"].chunk_id,
        CHUNKS["a36a"].chunk_id,
        CHUNKS["a60d"].chunk_id,
    ]
    assert dict(partly) == dict(scored)  # scores unchanged
    assert verdict_first(scored, None) == scored
