"""Tests for qa.export (citations to copy, Markdown and CSV) and qa.grades/qa.grades_view
(the scale, rows, counts, chart and table); pure, on hand-made chunks and citations."""

from __future__ import annotations

import csv
import io

import pytest

from index.domain.errors import BadRequest
from qa.export import Turn, to_csv, to_markdown, un_citation, with_quote
from qa.export_files import export
from qa.grades import counts, grade_meaning, grade_rows, scale
from qa.grades_view import grade_badge, grades_chart, grades_table
from qa.model import Answer, Hit
from qa.paragraph_page import parse_permalink
from qa.render import render_answer, render_hits
from tests.test_render import IMG, PAYLOADS, _chunk, _citation


def _answer(*citations, language="en", hits=()) -> Answer:
    return Answer("CMW/C/AZE/CO/3, para. 36 (b) [C]: …", language, True, citations, hits)


def test_un_citation_drops_the_grade_and_keeps_the_items():
    citation = _citation(items=("b", "c", "d", "e"))
    assert un_citation(citation) == "CMW/C/AZE/CO/3, para. 36 (b)–(e)"
    assert with_quote(_citation()) == "“The Committee regrets.” (CMW/C/AZE/CO/3, para. 36 (b))"


def test_quote_in_another_language_says_so_and_versions_are_named():
    chunk = _chunk("委员会表示遗憾。", language="zh")
    hit = Hit(chunk, 1.0, versions=(_chunk(language="fr", chunk_id="fr-version"),))
    citation = _citation("委员会表示遗憾。", url="https://undocs.org/zh/CMW/C/AZE/CO/3")
    html = render_answer(_answer(citation, hits=(hit,)))
    assert "Original text in Chinese (中文)" in html
    assert "Indexed in: Chinese (中文), French (Français)" in html
    assert "Original text" not in render_answer(_answer(_citation()))


def test_copy_buttons_carry_the_exact_citation():
    html = render_hits([Hit(_chunk(), 1.0)], empty="none")
    assert 'data-copy="CMW/C/AZE/CO/3, para. 36 (b)"' in html
    assert 'title="CMW/C/AZE/CO/3, para. 36 (b)"' in html
    assert 'href="/p/CMW/C/AZE/CO/3/36?items=b"' in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_copy_text_and_quotes_are_escaped(payload):
    html = render_answer(_answer(_citation(f"x {payload}", role="excerpt")))
    assert payload not in html and "<img" not in html and "<script" not in html


def test_verdicts_show_each_with_its_own_items_and_grade():
    first = _citation(role="verdict", verdict="not_implemented", items=("a",), chunk_id="a")
    second = _citation(role="verdict", verdict="partially_implemented", items=("e",), grade="B")
    html = render_answer(_answer(first, second))
    strip = html[html.index('class="qa-verdicts"') : html.index('class="qa-summary"')]
    assert "<strong>36 (a)</strong>: not implemented" in strip
    assert "<strong>36 (e)</strong>: partially implemented" in strip
    assert strip.index("qa-grade-c") < strip.index("qa-grade-b")


def test_a_later_paragraphs_verdict_names_its_assessments_grade_without_a_second_badge():
    # the seed's 36 (b)-(e) [C]: "not implemented", then a later paragraph "partially
    # implemented"; a second "[C] not implemented" badge beside the latter read as a contradiction
    first = _citation(role="verdict", verdict="not_implemented", items=("b", "c", "d", "e"))
    later = _citation(role="verdict", verdict="partially_implemented", items=("b", "c", "d", "e"))
    html = render_answer(_answer(first, later))
    strip = html[html.index('class="qa-verdicts"') : html.index('class="qa-summary"')]
    assert strip.count("qa-grade-c") == 1
    assert "later paragraph</strong>: partially implemented" in strip
    assert "(same assessment, grade C)" in strip


def test_csv_and_markdown_hold_every_citation():
    citations = (_citation(), _citation("Second.", paragraph=60, items=(), grade=None))
    turns = [Turn("Detained?", _answer(*citations))]
    rows = list(csv.DictReader(io.StringIO(to_csv(turns))))
    assert [(r["paragraph"], r["items"], r["grade"], r["quote"]) for r in rows] == [
        ("36", "(b)", "C", "The Committee regrets."),
        ("60", "", "", "Second."),
    ]
    assert rows[0]["link"] == "https://undocs.org/en/CMW/C/AZE/CO/3" and rows[0]["language"] == "en"
    text = to_markdown(turns)
    assert "**CMW/C/AZE/CO/3, para. 36 (b)** — [C] not implemented" in text
    assert "**CMW/C/AZE/CO/3, para. 60**" in text and "> Second." in text


def test_export_refuses_an_unknown_format():
    with pytest.raises(BadRequest, match="format must be one of md, csv, docx"):
        export([], "pdf")


def test_scale_has_a_meaning_colour_and_shape_for_each_grade():
    assert list(scale()) == list("ABCDEF")
    assert len({grade.mark for grade in scale().values()}) == 6  # not colour alone
    assert grade_meaning("C").startswith("[C] not implemented: ")
    assert 'title="[B] partially implemented: ' in grade_badge("B")
    assert grade_meaning("Z") == ""


def test_grade_rows_count_language_versions_once():
    chunks = [
        _chunk(language="en", title="Detention"),
        _chunk(language="zh", title="拘留", chunk_id="zh"),
        _chunk(
            grade="A", items=("a",), chunk_id="a", state_party="Portugal", symbol="CMW/C/PRT/CO/1"
        ),
        _chunk(kind="recommendation", grade=None, chunk_id="r"),
    ]
    rows = grade_rows(chunks)
    assert [(r.state_party, r.grade, r.languages, r.theme) for r in rows] == [
        ("Azerbaijan", "C", ("en", "zh"), "Detention"),
        ("Portugal", "A", ("en",), "Detention"),
    ]
    assert counts(rows, "state_party") == {"Azerbaijan": {"C": 1}, "Portugal": {"A": 1}}
    with pytest.raises(BadRequest):
        counts(rows, "colour")


def test_chart_is_an_svg_whose_segments_open_the_paragraph_page():
    rows = grade_rows([_chunk(), _chunk(grade="A", items=("a",), chunk_id="a")])
    svg = grades_chart(rows)
    assert svg.startswith('<svg class="qa-chart"') and "http://" not in svg.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )
    assert '<a href="/p/CMW/C/AZE/CO/3/36?items=b" class="qa-chart-cell"' in svg
    assert "C×1" in svg and "A×1" in svg
    table = grades_table(rows)
    assert table.count("<tr>") == 3 and 'class="qa-sort"' in table


def test_chart_and_table_escape_document_text():
    rows = grade_rows([_chunk(state_party=IMG, title=IMG)])
    for html in (grades_chart(rows), grades_chart(rows, "theme"), grades_table(rows)):
        assert IMG not in html


@pytest.mark.parametrize(
    "path, items, expected",
    [
        ("CMW/C/AZE/CO/3/36", "", ("CMW/C/AZE/CO/3", 36, ())),
        ("CMW/C/AZE/CO/3/36b", "", ("CMW/C/AZE/CO/3", 36, ("b",))),
        ("CMW/C/AZE/CO/3/36(b)(c)", "", ("CMW/C/AZE/CO/3", 36, ("b", "c"))),
        ("cmw/c/aze/co/3/36", "bc", ("CMW/C/AZE/CO/3", 36, ("b", "c"))),
    ],
)
def test_permalinks_parse_as_data(path, items, expected):
    reference = parse_permalink(path, items).reference
    assert (reference.symbol, reference.paragraph, reference.items) == expected


@pytest.mark.parametrize(
    "path, items",
    [("../../etc/passwd", ""), ("CMW/C/AZE/CO/3/36", "1"), ("36", ""), ("x" * 300, "")],
)
def test_bad_permalinks_are_refused(path, items):
    from index.domain.errors import QAError

    with pytest.raises(QAError):
        parse_permalink(path, items)
