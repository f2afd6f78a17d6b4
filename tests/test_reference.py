"""Tests for qa.reference: parsing and formatting paragraph references."""

import pytest

from index.domain.errors import BadReference, EmptyQuestion
from qa.reference import (
    Reference,
    find_reference,
    find_symbol,
    format_citation,
    format_items,
    parse_items,
    parse_reference,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("CMW/C/AZE/CO/3 para. 36(b)", Reference(36, ("b",), "CMW/C/AZE/CO/3")),
        ("para 36", Reference(36)),
        ("36(b)", Reference(36, ("b",))),
        ("第36段(b)项", Reference(36, ("b",))),
        ("第 16 段(a)项和(b)项", Reference(16, ("a", "b"))),
        ("paragraph 16 (a) and (b)", Reference(16, ("a", "b"))),
        ("§36", Reference(36)),
        ("¶ 60 (d)", Reference(60, ("d",))),
        ("[C]: 第 36 段(b)-(e)项", Reference(36, ("b", "c", "d", "e"))),
        ("36 (b)–(e)", Reference(36, ("b", "c", "d", "e"))),
        ("para. 36(b) to (d)", Reference(36, ("b", "c", "d"))),
        ("cmw/c/aze/co/3 paragraph 62 (c)", Reference(62, ("c",), "CMW/C/AZE/CO/3")),
        ("CMW/C/AZE/CO/3 36(b)", Reference(36, ("b",), "CMW/C/AZE/CO/3")),
        ("Paragraphe 36 a)", Reference(36)),
        ("what about paragraph 60?", Reference(60)),
    ],
)
def test_parse_reference(text, expected):
    assert parse_reference(text) == expected


@pytest.mark.parametrize(
    "text, error, message",
    [
        ("", EmptyQuestion, "the reference is empty"),
        ("   ", EmptyQuestion, "the reference is empty"),
        ("hello", BadReference, "cannot find a paragraph number in 'hello'"),
        ("CMW/C/AZE/CO/3", BadReference, "write it like"),
    ],
)
def test_parse_reference_errors(text, error, message):
    with pytest.raises(error, match=message):
        parse_reference(text)


def test_find_reference_in_free_text_ignores_plain_numbers():
    assert find_reference("In 2023 more than 6,300 migrants were detained") is None
    assert find_reference("What did the Committee say on para. 62(c)?") == Reference(62, ("c",))


@pytest.mark.parametrize(
    "text, symbol",
    [
        ("see CMW/C/AZE/CO/3.", "CMW/C/AZE/CO/3"),
        ("CMW/C/AZE/FCO/3, 第 1 至第 12 段", "CMW/C/AZE/FCO/3"),
        ("CRC/C/GBR/CO/6/Add.1", "CRC/C/GBR/CO/6/Add.1"),
        ("nothing here", None),
    ],
)
def test_find_symbol(text, symbol):
    assert find_symbol(text) == symbol


@pytest.mark.parametrize(
    "text, items",
    [("(a) and (b)", ("a", "b")), ("(b)-(e)", ("b", "c", "d", "e")), ("(c)(a)", ("c", "a"))],
)
def test_parse_items(text, items):
    assert parse_items(text) == items


@pytest.mark.parametrize(
    "items, text",
    [(("a", "b"), "(a)(b)"), (("b", "c", "d", "e"), "(b)–(e)"), (("a", "c", "d"), "(a)(c)(d)")],
)
def test_format_items(items, text):
    assert format_items(items) == text


@pytest.mark.parametrize(
    "args, text",
    [
        (("CMW/C/AZE/CO/3", 36, ("b", "c", "d", "e"), "C"), "CMW/C/AZE/CO/3, para. 36 (b)–(e) [C]"),
        (("CMW/C/AZE/CO/3", 16, ("a", "b"), "C"), "CMW/C/AZE/CO/3, para. 16 (a)(b) [C]"),
        (("CMW/C/AZE/CO/3", 36, (), None), "CMW/C/AZE/CO/3, para. 36"),
        ((None, 36, ("b",), None), "para. 36 (b)"),
        (("CMW/C/AZE/CO/3", None, (), None, "header"), "CMW/C/AZE/CO/3 (follow-up assessment)"),
        (
            ("CMW/C/AZE/CO/3", 36, (), None, "reply"),
            "CMW/C/AZE/CO/3, para. 36 (State party's reply)",
        ),
    ],
)
def test_format_citation(args, text):
    assert format_citation(*args) == text
